package graph

import (
	"bytes"
	"context"
	"time"

	abs "github.com/microsoft/kiota-abstractions-go"
	ig "github.com/microsoftgraph/msgraph-beta-sdk-go/identitygovernance"
	"github.com/microsoftgraph/msgraph-beta-sdk-go/models"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
)

// Expand names a navigation property of an alert to include with $expand.
type Expand string

// The navigation properties of an alert.
const (
	ExpandDefinition    Expand = "alertDefinition"
	ExpandConfiguration Expand = "alertConfiguration"
	ExpandIncidents     Expand = "alertIncidents"
)

// Alert is a unifiedRoleManagementAlert.
type Alert struct {
	// ID is the Graph id, "DirectoryRole_{tenantId}_{alertType}".
	ID string
	// TenantID and Type are the parts of ID; Type has only Suffix set for
	// an alert type missing from the client's catalogue.
	TenantID string
	Type     alerttypes.AlertType
	// IsActive is false for a dismissed alert.
	IsActive      bool
	IncidentCount int32
	// LastModified and LastScanned are nil for Graph's "never" sentinel
	// 0001-01-01T08:00:00Z (and any other year-1 time).
	LastModified, LastScanned *time.Time
	// Definition is set when ExpandDefinition was asked for.
	Definition *Definition
	// Configuration is set when ExpandConfiguration was asked for.
	Configuration *Configuration
	// Incidents is non-nil (possibly empty) when ExpandIncidents was asked for.
	Incidents []Incident
}

// ListAlerts lists the tenant's alerts, with the mandatory scope filter and
// the given expansions, following @odata.nextLink.
func (c *Client) ListAlerts(ctx context.Context, expand ...Expand) ([]Alert, error) {
	alerts, _, err := c.listAlerts(withLogging(ctx), expand)
	return alerts, err
}

// listAlerts is ListAlerts; incidentsPaged reports whether Graph cut an
// expanded alertIncidents collection short (alertIncidents@odata.nextLink),
// so the incidents of some alert may be incomplete.
func (c *Client) listAlerts(ctx context.Context, expand []Expand) (alerts []Alert, incidentsPaged bool, err error) {
	const op = "list alerts"
	ri, err := c.alertsRoot().ToGetRequestInformation(ctx, &ig.RoleManagementAlertsAlertsRequestBuilderGetRequestConfiguration{
		QueryParameters: &ig.RoleManagementAlertsAlertsRequestBuilderGetQueryParameters{
			Filter: ptr(scopeFilter),
			Expand: expandValues(expand),
		},
	})
	if err != nil {
		return nil, false, c.wrapError(op, err)
	}
	alerts = []Alert{}
	err = getPages(ctx, c, op, ri, models.CreateUnifiedRoleManagementAlertCollectionResponseFromDiscriminatorValue,
		func(page models.UnifiedRoleManagementAlertCollectionResponseable, body []byte) error {
			incidentsPaged = incidentsPaged || bytes.Contains(body, incidentsNextLink)
			raw, err := c.thresholdsOf(op, body)
			for _, m := range page.GetValue() {
				if m != nil {
					alerts = append(alerts, c.alertFromModel(m, raw, expands(expand, ExpandIncidents)))
				}
			}
			return err
		})
	if err != nil {
		return nil, false, err
	}
	return alerts, incidentsPaged, nil
}

// GetAlert reads one alert with the given expansions. With the read
// snapshot, an alert without ExpandDefinition comes from the snapshot.
func (c *Client) GetAlert(ctx context.Context, at alerttypes.AlertType, expand ...Expand) (*Alert, error) {
	ctx = withLogging(ctx)
	const op = "get alert"
	if a, ok, err := c.snap.alert(ctx, at, expand); ok || err != nil {
		return a, ofOtherRequest(err)
	}
	id, err := c.resolve(ctx, at)
	if err != nil {
		return nil, ofOtherRequest(failed(op, err))
	}
	ri, err := c.alertsRoot().ByUnifiedRoleManagementAlertId(id).ToGetRequestInformation(ctx, &ig.RoleManagementAlertsAlertsUnifiedRoleManagementAlertItemRequestBuilderGetRequestConfiguration{
		QueryParameters: &ig.RoleManagementAlertsAlertsUnifiedRoleManagementAlertItemRequestBuilderGetQueryParameters{
			Expand: expandValues(expand),
		},
	})
	if err != nil {
		return nil, c.wrapError(op, err)
	}
	v, body, err := getOne[models.UnifiedRoleManagementAlertable](ctx, c, op, ri, models.CreateUnifiedRoleManagementAlertFromDiscriminatorValue)
	if err != nil {
		return nil, err
	}
	raw, err := c.thresholdsOf(op, body)
	if err != nil {
		return nil, err
	}
	a := c.alertFromModel(v, raw, expands(expand, ExpandIncidents))
	if expands(expand, ExpandIncidents) && (bytes.Contains(body, incidentsNextLink) || len(a.Incidents) < int(a.IncidentCount)) {
		// Graph cut the expanded incidents short: read them all, page by page.
		if a.Incidents, err = c.ListIncidents(ctx, at); err != nil {
			return nil, err
		}
	}
	return &a, nil
}

// SetAlertActive sets isActive: false dismisses the alert, true re-activates
// it. Graph answers 204.
func (c *Client) SetAlertActive(ctx context.Context, at alerttypes.AlertType, active bool) error {
	ctx = withLogging(ctx)
	const op = "update alert"
	id, err := c.writeID(ctx, at)
	if err != nil {
		return failed(op, err)
	}
	// Also after a failure: the PATCH may have reached Graph.
	defer c.snap.invalidate(at.Suffix, partAlert)
	body := models.NewUnifiedRoleManagementAlert()
	body.SetIsActive(&active)
	_, err = c.alertsRoot().ByUnifiedRoleManagementAlertId(id).Patch(ctx, body, nil)
	return c.wrapError(op, err)
}

// RefreshAlert starts a scan of one alert and returns the id of the
// long-running operation, taken from the Location header of Graph's 202.
func (c *Client) RefreshAlert(ctx context.Context, at alerttypes.AlertType) (operationID string, err error) {
	ctx = withLogging(ctx)
	const op = "refresh alert"
	id, err := c.writeID(ctx, at)
	if err != nil {
		return "", failed(op, err)
	}
	defer c.snap.invalidate(at.Suffix, partAlert)
	inspect := responseHeaders()
	err = c.alertsRoot().ByUnifiedRoleManagementAlertId(id).Refresh().Post(ctx, &ig.RoleManagementAlertsAlertsItemRefreshRequestBuilderPostRequestConfiguration{
		Options: []abs.RequestOption{inspect},
	})
	if err != nil {
		return "", c.wrapError(op, err)
	}
	operationID, err = operationIDFromLocation(op, inspect)
	c.snap.refreshing(operationID, at.Suffix)
	return operationID, err
}

// RefreshAll starts a scan of every alert of the tenant scope and returns the
// id of the long-running operation.
func (c *Client) RefreshAll(ctx context.Context) (operationID string, err error) {
	ctx = withLogging(ctx)
	const op = "refresh alerts"
	if err := c.confirmTenant(ctx); err != nil {
		return "", failed(op, err)
	}
	defer c.snap.invalidate(allAlerts, partAlert)
	body := ig.NewRoleManagementAlertsAlertsRefreshPostRequestBody()
	body.SetScopeId(ptr(scopeID))
	body.SetScopeType(ptr(scopeType))
	inspect := responseHeaders()
	err = c.alertsRoot().Refresh().Post(ctx, body, &ig.RoleManagementAlertsAlertsRefreshRequestBuilderPostRequestConfiguration{
		Options: []abs.RequestOption{inspect},
	})
	if err != nil {
		return "", c.wrapError(op, err)
	}
	operationID, err = operationIDFromLocation(op, inspect)
	c.snap.refreshing(operationID, allAlerts)
	return operationID, err
}

func expandValues(expand []Expand) []string {
	if len(expand) == 0 {
		return nil
	}
	out := make([]string, len(expand))
	for i, e := range expand {
		out[i] = string(e)
	}
	return out
}

func expands(expand []Expand, want Expand) bool {
	for _, e := range expand {
		if e == want || e == "*" {
			return true
		}
	}
	return false
}
