package graph

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	abs "github.com/microsoft/kiota-abstractions-go"
	ig "github.com/microsoftgraph/msgraph-beta-sdk-go/identitygovernance"
	"github.com/microsoftgraph/msgraph-beta-sdk-go/models"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/isoduration"
)

// Configuration is a unifiedRoleManagementAlertConfiguration of any derived
// type.
type Configuration struct {
	// ID equals the alert's id.
	ID        string
	AlertType string
	// Enabled is isEnabled: false stops PIM scanning for this alert type.
	Enabled bool
	// ODataType is the derived type, e.g.
	// "#microsoft.graph.staleSignInAlertConfiguration".
	ODataType string
	// Ints maps Graph property names (alerttypes.Field.GraphName) of integer
	// thresholds to their values; only properties present in the answer.
	Ints map[string]int32
	// Durations maps Graph property names of duration thresholds to the
	// ISO-8601 strings exactly as Graph returned them, e.g. "P30D".
	Durations map[string]string
}

// ConfigurationUpdate is a PATCH of a configuration: nil and absent fields
// are left alone. Keys are Graph property names (alerttypes.Field.GraphName).
type ConfigurationUpdate struct {
	Enabled   *bool
	Ints      map[string]int32
	Durations map[string]time.Duration
}

// configurationConstructors builds the fresh derived object of each alert
// type, so the PATCH body carries the @odata.type Graph requires. Keys are the
// catalogue's suffixes; TestConfigurationConstructors checks the @odata.type
// of each against the catalogue.
var configurationConstructors = map[string]func() models.UnifiedRoleManagementAlertConfigurationable{
	alerttypes.InvalidLicense: func() models.UnifiedRoleManagementAlertConfigurationable {
		return models.NewInvalidLicenseAlertConfiguration()
	},
	alerttypes.NoMfaOnRoleActivation: func() models.UnifiedRoleManagementAlertConfigurationable {
		return models.NewNoMfaOnRoleActivationAlertConfiguration()
	},
	alerttypes.RedundantAssignment: func() models.UnifiedRoleManagementAlertConfigurationable {
		return models.NewRedundantAssignmentAlertConfiguration()
	},
	alerttypes.RolesAssignedOutsidePim: func() models.UnifiedRoleManagementAlertConfigurationable {
		return models.NewRolesAssignedOutsidePrivilegedIdentityManagementAlertConfiguration()
	},
	alerttypes.SequentialActivation: func() models.UnifiedRoleManagementAlertConfigurationable {
		return models.NewSequentialActivationRenewalsAlertConfiguration()
	},
	alerttypes.StaleSignIn: func() models.UnifiedRoleManagementAlertConfigurationable {
		return models.NewStaleSignInAlertConfiguration()
	},
	alerttypes.TooManyGlobalAdmins: func() models.UnifiedRoleManagementAlertConfigurationable {
		return models.NewTooManyGlobalAdminsAssignedToTenantAlertConfiguration()
	},
}

// ListConfigurations lists the alert configurations, with the mandatory
// scope filter, following @odata.nextLink.
func (c *Client) ListConfigurations(ctx context.Context) ([]Configuration, error) {
	ctx = withLogging(ctx)
	const op = "list alert configurations"
	ri, err := c.root().AlertConfigurations().ToGetRequestInformation(ctx, &ig.RoleManagementAlertsAlertConfigurationsRequestBuilderGetRequestConfiguration{
		QueryParameters: &ig.RoleManagementAlertsAlertConfigurationsRequestBuilderGetQueryParameters{
			Filter: ptr(scopeFilter),
		},
	})
	if err != nil {
		return nil, wrapError(op, err)
	}
	pages, err := c.sendPages(ctx, op, ri, func(next string) (*abs.RequestInformation, error) {
		return c.root().AlertConfigurations().WithUrl(next).ToGetRequestInformation(ctx, nil)
	})
	if err != nil {
		return nil, err
	}
	out := []Configuration{}
	for _, body := range pages {
		v, err := decode[models.UnifiedRoleManagementAlertConfigurationCollectionResponseable](c, op, body, models.CreateUnifiedRoleManagementAlertConfigurationCollectionResponseFromDiscriminatorValue)
		if err != nil {
			return nil, err
		}
		raw := durationsOf(body)
		for _, m := range v.GetValue() {
			if m != nil {
				out = append(out, configurationFromModel(m, raw))
			}
		}
	}
	return out, nil
}

// GetConfiguration reads the configuration of one alert type, from the read
// snapshot when enabled.
func (c *Client) GetConfiguration(ctx context.Context, alertType string) (*Configuration, error) {
	ctx = withLogging(ctx)
	const op = "get alert configuration"
	if cfg, ok, err := c.snap.configuration(ctx, alertType); ok || err != nil {
		return cfg, err
	}
	_, id, err := c.resolve(ctx, alertType)
	if err != nil {
		return nil, failed(op, err)
	}
	ri, err := c.root().AlertConfigurations().ByUnifiedRoleManagementAlertConfigurationId(id).ToGetRequestInformation(ctx, nil)
	if err != nil {
		return nil, wrapError(op, err)
	}
	body, err := c.send(ctx, op, ri)
	if err != nil {
		return nil, err
	}
	v, err := decode[models.UnifiedRoleManagementAlertConfigurationable](c, op, body, models.CreateUnifiedRoleManagementAlertConfigurationFromDiscriminatorValue)
	if err != nil {
		return nil, err
	}
	cfg := configurationFromModel(v, durationsOf(body))
	return &cfg, nil
}

// UpdateConfiguration PATCHes a fresh object of the alert type's derived
// configuration type (so @odata.type is set) carrying only the non-nil fields
// of u; Graph answers 204. It fails without a request when the alert type is
// unknown, a threshold does not belong to the type (or has the wrong kind),
// or a duration is zero or negative. An empty update sends nothing.
//
// Durations are written as ISO-8601 day-time strings (isoduration.Format:
// "P30D", "PT10S", "P7DT1H") into the body's additional data, not with the
// SDK's typed setters: serialization.FromDuration(d).String() turns 7 days
// into "P1W" (not an Edm.Duration), drops milliseconds, renders zero as "P"
// and panics on whole weeks plus a time part (kiota-abstractions-go
// serialization/duration.go, normalize and string).
func (c *Client) UpdateConfiguration(ctx context.Context, alertType string, u ConfigurationUpdate) error {
	ctx = withLogging(ctx)
	const op = "update alert configuration"
	at, err := lookup(alertType)
	if err != nil {
		return failed(op, err)
	}
	body, err := configurationBody(at, u)
	if err != nil {
		return failed(op, err)
	}
	if body == nil {
		return nil
	}
	_, id, err := c.resolve(ctx, alertType)
	if err != nil {
		return failed(op, err)
	}
	// Also after a failure: the PATCH may have reached Graph.
	defer c.snap.invalidate(at.Suffix, partConfiguration)
	_, err = c.root().AlertConfigurations().ByUnifiedRoleManagementAlertConfigurationId(id).Patch(ctx, body, nil)
	return wrapError(op, err)
}

// configurationBody builds the PATCH body of u for at, or nil when u changes
// nothing.
func configurationBody(at alerttypes.AlertType, u ConfigurationUpdate) (models.UnifiedRoleManagementAlertConfigurationable, error) {
	if u.Enabled == nil && len(u.Ints) == 0 && len(u.Durations) == 0 {
		return nil, nil
	}
	newBody, ok := configurationConstructors[at.Suffix]
	if !ok {
		return nil, fmt.Errorf("no configuration type for alert type %s", at.Suffix)
	}
	body := newBody()
	if got := deref(body.GetOdataType()); got != at.ConfigurationODataType {
		return nil, fmt.Errorf("the SDK builds %q for alert type %s, the catalogue expects %q", got, at.Suffix, at.ConfigurationODataType)
	}
	if u.Enabled != nil {
		body.SetIsEnabled(ptr(*u.Enabled))
	}
	for _, name := range sortedKeys(u.Ints) {
		if err := checkField(at, name, alerttypes.Int); err != nil {
			return nil, err
		}
		if !setInt(body, name, u.Ints[name]) {
			return nil, fmt.Errorf("the SDK model of %s has no setter for %s", at.Suffix, name)
		}
	}
	for _, name := range sortedKeys(u.Durations) {
		if err := checkField(at, name, alerttypes.Duration); err != nil {
			return nil, err
		}
		d := u.Durations[name]
		if d <= 0 {
			return nil, fmt.Errorf("%s of %s must be a positive duration, got %s", name, at.Suffix, d)
		}
		body.GetAdditionalData()[name] = isoduration.Format(d)
	}
	return body, nil
}

// setInt sets an integer threshold with the derived model's typed setter.
func setInt(body models.UnifiedRoleManagementAlertConfigurationable, name string, v int32) bool {
	switch m := body.(type) {
	case *models.TooManyGlobalAdminsAssignedToTenantAlertConfiguration:
		switch name {
		case "globalAdminCountThreshold":
			m.SetGlobalAdminCountThreshold(&v)
			return true
		case "percentageOfGlobalAdminsOutOfRolesThreshold":
			m.SetPercentageOfGlobalAdminsOutOfRolesThreshold(&v)
			return true
		}
	case *models.SequentialActivationRenewalsAlertConfiguration:
		if name == "sequentialActivationCounterThreshold" {
			m.SetSequentialActivationCounterThreshold(&v)
			return true
		}
	}
	return false
}

// checkField fails unless name is a threshold of at of the given kind.
func checkField(at alerttypes.AlertType, name string, kind alerttypes.FieldKind) error {
	var names []string
	for _, f := range at.Fields {
		if f.GraphName == name {
			if f.Kind != kind {
				return fmt.Errorf("%s of %s is not %s threshold", name, at.Suffix, kindName(kind))
			}
			return nil
		}
		names = append(names, f.GraphName)
	}
	if len(names) == 0 {
		return fmt.Errorf("%s has no thresholds; %s does not belong to it", at.Suffix, name)
	}
	return fmt.Errorf("%s is not a threshold of %s (its thresholds: %s)", name, at.Suffix, strings.Join(names, ", "))
}

func kindName(k alerttypes.FieldKind) string {
	if k == alerttypes.Duration {
		return "a duration"
	}
	return "an integer"
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
