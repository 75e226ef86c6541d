package graph

import (
	"context"
	"fmt"

	abs "github.com/microsoft/kiota-abstractions-go"
	"github.com/microsoftgraph/msgraph-beta-sdk-go/models"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
)

// Configuration is a unifiedRoleManagementAlertConfiguration of any derived
// type.
type Configuration struct {
	// ID equals the alert's id.
	ID   string
	Type alerttypes.AlertType
	// Enabled is isEnabled: false stops PIM scanning for this alert type.
	Enabled bool
	// ODataType is the derived type, e.g.
	// "#microsoft.graph.staleSignInAlertConfiguration".
	ODataType string
	// Thresholds holds the thresholds present in Graph's answer.
	Thresholds alerttypes.Values
}

// ConfigurationUpdate is a PATCH of a configuration: a nil Enabled and the
// thresholds absent from Thresholds are left alone.
type ConfigurationUpdate struct {
	Enabled    *bool
	Thresholds alerttypes.Values
}

// Empty reports whether u changes nothing.
func (u ConfigurationUpdate) Empty() bool { return u.Enabled == nil && len(u.Thresholds) == 0 }

// Apply returns cfg with u applied, as Graph stores it after its 204.
func (u ConfigurationUpdate) Apply(cfg Configuration) Configuration {
	cfg.Thresholds = cfg.Thresholds.Clone()
	if u.Enabled != nil {
		cfg.Enabled = *u.Enabled
	}
	for k, v := range u.Thresholds {
		cfg.Thresholds[k] = v
	}
	return cfg
}

// The operations on alert configurations.
var (
	opListConfigurations  = readAlerts("list alert configurations")
	opGetConfiguration    = readAlerts("get alert configuration")
	opUpdateConfiguration = writeAlerts("update alert configuration")
)

// ListConfigurations lists the alert configurations, with the mandatory
// scope filter, following @odata.nextLink.
func (c *Client) ListConfigurations(ctx context.Context) ([]Configuration, error) {
	ctx = withLogging(ctx)
	ri, err := scoped(c.root().AlertConfigurations().ToGetRequestInformation(ctx, nil))
	return listAll(ctx, c, opListConfigurations, ri, err, c.configuration)
}

// GetConfiguration reads the configuration of one alert type, from the read
// snapshot when enabled.
func (c *Client) GetConfiguration(ctx context.Context, at alerttypes.AlertType) (*Configuration, error) {
	return c.reads.configuration(withLogging(ctx), at)
}

// getConfiguration is GetConfiguration from Graph.
func (c *Client) getConfiguration(ctx context.Context, at alerttypes.AlertType) (*Configuration, error) {
	return getByAlertID(ctx, c, opGetConfiguration, at, func(id string) (*abs.RequestInformation, error) {
		return c.root().AlertConfigurations().ByUnifiedRoleManagementAlertConfigurationId(id).ToGetRequestInformation(ctx, nil)
	}, c.configuration)
}

// UpdateConfiguration PATCHes the thresholds and isEnabled that u sets, in
// a body whose @odata.type is the alert type's derived configuration type,
// as Graph requires; Graph answers 204. It fails without a request when a
// threshold is not one of the alert type's fields or a duration is zero or
// negative. An empty update sends nothing.
//
// The body is the SDK's base configuration model with @odata.type set and
// the thresholds in its additional data, written by the catalogue
// (alerttypes.Field.Encode), not by the derived models' typed setters:
// serialization.FromDuration(d).String() turns 7 days into "P1W" (not an
// Edm.Duration), drops milliseconds, renders zero as "P" and panics on
// whole weeks plus a time part (kiota-abstractions-go
// serialization/duration.go, normalize and string). A fresh object is sent,
// never one read back: without a backing store the SDK sends every
// property it holds.
func (c *Client) UpdateConfiguration(ctx context.Context, at alerttypes.AlertType, u ConfigurationUpdate) error {
	ctx = withLogging(ctx)
	if u.Empty() {
		return nil
	}
	body, err := configurationBody(at, u)
	if err != nil {
		return failed(opUpdateConfiguration.name, err)
	}
	return c.write(ctx, opUpdateConfiguration, at, partConfiguration, func(id string) error {
		_, err := c.root().AlertConfigurations().ByUnifiedRoleManagementAlertConfigurationId(id).Patch(ctx, body, nil)
		return err
	})
}

// configurationBody builds the PATCH body of u for at.
func configurationBody(at alerttypes.AlertType, u ConfigurationUpdate) (models.UnifiedRoleManagementAlertConfigurationable, error) {
	if at.ConfigurationODataType == "" {
		return nil, fmt.Errorf("%w (or one without a configuration type)", ErrNoAlertType)
	}
	for name, v := range u.Thresholds {
		f, ok := at.FieldByGraphName(name)
		switch {
		case !ok && len(at.Fields) == 0:
			return nil, fmt.Errorf("%s has no thresholds; %s does not belong to it", at.Suffix, name)
		case !ok:
			return nil, fmt.Errorf("%s is not a threshold of %s", name, at.Suffix)
		case f.Kind == alerttypes.Duration && v.Duration <= 0:
			return nil, fmt.Errorf("%s of %s must be a positive duration, got %s", name, at.Suffix, v.Duration)
		}
	}
	body := models.NewUnifiedRoleManagementAlertConfiguration()
	body.SetOdataType(ptr(at.ConfigurationODataType))
	if u.Enabled != nil {
		body.SetIsEnabled(ptr(*u.Enabled))
	}
	body.SetAdditionalData(at.Encode(u.Thresholds))
	return body, nil
}
