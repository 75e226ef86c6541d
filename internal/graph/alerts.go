package graph

import (
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

// The operations on alerts.
var (
	opListAlerts    = readAlerts("list alerts")
	opGetAlert      = readAlerts("get alert")
	opUpdateAlert   = writeAlerts("update alert")
	opRefreshAlert  = writeAlerts("refresh alert")
	opRefreshAlerts = writeAlerts("refresh alerts")
)

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
	ri, err := scoped(c.alertsRoot().ToGetRequestInformation(ctx, &ig.RoleManagementAlertsAlertsRequestBuilderGetRequestConfiguration{
		QueryParameters: &ig.RoleManagementAlertsAlertsRequestBuilderGetQueryParameters{Expand: expandValues(expand)},
	}))
	if err != nil {
		return nil, false, c.wrapError(opListAlerts, err)
	}
	alerts = []Alert{}
	withIncidents := expands(expand, ExpandIncidents)
	err = getPages(ctx, c, opListAlerts, ri, func(items []alertWire) error {
		for i := range items {
			incidentsPaged = incidentsPaged || items[i].IncidentsNextLink != ""
			a, err := c.alert(&items[i], withIncidents)
			if err != nil {
				return decodingError(opListAlerts, err)
			}
			alerts = append(alerts, a)
		}
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	return alerts, incidentsPaged, nil
}

// listAlertIDs reads the ids of the tenant's alerts in one request, whose
// answer names the tenant (Client.get records it), and returns how many
// there are.
func (c *Client) listAlertIDs(ctx context.Context, op operation) (int, error) {
	ri, err := scoped(c.alertsRoot().ToGetRequestInformation(ctx, &ig.RoleManagementAlertsAlertsRequestBuilderGetRequestConfiguration{
		QueryParameters: &ig.RoleManagementAlertsAlertsRequestBuilderGetQueryParameters{Select: []string{"id"}},
	}))
	if err != nil {
		return 0, c.wrapError(op, err)
	}
	var p page[alertWire]
	if err := c.get(ctx, op, ri, &p); err != nil {
		return 0, err
	}
	return len(p.Value), nil
}

// GetAlert reads one alert with the given expansions. With the read
// snapshot, an alert without ExpandDefinition comes from the snapshot.
func (c *Client) GetAlert(ctx context.Context, at alerttypes.AlertType, expand ...Expand) (*Alert, error) {
	return c.reads.alert(withLogging(ctx), at, expand)
}

// getAlert is GetAlert from Graph.
func (c *Client) getAlert(ctx context.Context, at alerttypes.AlertType, expand []Expand) (*Alert, error) {
	withIncidents := expands(expand, ExpandIncidents)
	var cutShort bool
	a, err := getByAlertID(ctx, c, opGetAlert, at, func(id string) (*abs.RequestInformation, error) {
		return c.alertsRoot().ByUnifiedRoleManagementAlertId(id).ToGetRequestInformation(ctx, &ig.RoleManagementAlertsAlertsUnifiedRoleManagementAlertItemRequestBuilderGetRequestConfiguration{
			QueryParameters: &ig.RoleManagementAlertsAlertsUnifiedRoleManagementAlertItemRequestBuilderGetQueryParameters{
				Expand: expandValues(expand),
			},
		})
	}, func(w *alertWire) (Alert, error) {
		cutShort = w.IncidentsNextLink != ""
		return c.alert(w, withIncidents)
	})
	if err != nil {
		return nil, err
	}
	if withIncidents && (cutShort || len(a.Incidents) < int(a.IncidentCount)) {
		// Graph cut the expanded incidents short: read them all, page by page.
		if a.Incidents, err = c.ListIncidents(ctx, at); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// SetAlertActive sets isActive: false dismisses the alert, true re-activates
// it. Graph answers 204.
func (c *Client) SetAlertActive(ctx context.Context, at alerttypes.AlertType, active bool) error {
	ctx = withLogging(ctx)
	return c.write(ctx, opUpdateAlert, at, partAlert, func(id string) error {
		body := models.NewUnifiedRoleManagementAlert()
		body.SetIsActive(&active)
		_, err := c.alertsRoot().ByUnifiedRoleManagementAlertId(id).Patch(ctx, body, nil)
		return err
	})
}

// RefreshAlert starts a scan of one alert and returns the id of the
// long-running operation, taken from the Location header of Graph's 202.
func (c *Client) RefreshAlert(ctx context.Context, at alerttypes.AlertType) (operationID string, err error) {
	ctx = withLogging(ctx)
	err = c.write(ctx, opRefreshAlert, at, partAlert, func(id string) (err error) {
		operationID, err = c.startOperation(opRefreshAlert, func(opts []abs.RequestOption) error {
			return c.alertsRoot().ByUnifiedRoleManagementAlertId(id).Refresh().Post(ctx,
				&ig.RoleManagementAlertsAlertsItemRefreshRequestBuilderPostRequestConfiguration{Options: opts})
		})
		c.reads.refreshing(operationID, at.Suffix)
		return err
	})
	return operationID, err
}

// RefreshAll starts a scan of every alert of the tenant scope and returns the
// id of the long-running operation.
func (c *Client) RefreshAll(ctx context.Context) (operationID string, err error) {
	ctx = withLogging(ctx)
	if err := c.confirmTenant(ctx); err != nil {
		return "", failed(opRefreshAlerts.name, err)
	}
	defer c.reads.wrote(allAlerts, partAlert)
	body := ig.NewRoleManagementAlertsAlertsRefreshPostRequestBody()
	body.SetScopeId(ptr(scopeID))
	body.SetScopeType(ptr(scopeType))
	operationID, err = c.startOperation(opRefreshAlerts, func(opts []abs.RequestOption) error {
		return c.alertsRoot().Refresh().Post(ctx, body, &ig.RoleManagementAlertsAlertsRefreshRequestBuilderPostRequestConfiguration{Options: opts})
	})
	c.reads.refreshing(operationID, allAlerts)
	return operationID, err
}

// write sends a write of the alert of at, or of its configuration: send
// gets the alert's id once the tenant is confirmed. What the write changes
// (part p of the alert) is recorded afterwards, also after a failure: the
// request may have reached Graph.
func (c *Client) write(ctx context.Context, op operation, at alerttypes.AlertType, p part, send func(id string) error) error {
	id, err := c.writeID(ctx, at)
	if err != nil {
		return failed(op.name, err)
	}
	defer c.reads.wrote(at.Suffix, p)
	return c.wrapError(op, send(id))
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
