package graph

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	abs "github.com/microsoft/kiota-abstractions-go"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
)

// Incident is a unifiedRoleManagementAlertIncident of any derived type.
// Properties the type does not have are nil.
type Incident struct {
	// ID is the incident id (for most types the assignee's or assignment's id).
	ID string
	// Type is the alert type of the incident's alert.
	Type alerttypes.AlertType
	// ODataType is the derived type, e.g. "#microsoft.graph.staleSignInAlertIncident".
	ODataType string

	AssigneeID, AssigneeDisplayName, AssigneeUserPrincipalName *string
	RoleDefinitionID, RoleDisplayName, RoleTemplateID          *string
	// TenantLicenseStatus is set on InvalidLicenseAlert incidents.
	TenantLicenseStatus *string

	AssignmentCreated, LastSignIn, LastActivation, SequenceStart, SequenceEnd *time.Time
	// ActivationCount is set on SequentialActivationRenewalsAlert incidents.
	ActivationCount *int32
}

// The operations on incidents.
var (
	opListIncidents     = readAlerts("list incidents")
	opGetIncident       = readAlerts("get incident")
	opRemediateIncident = writeAlerts("remediate incident")
)

// ListIncidents lists an alert's incidents, following @odata.nextLink until
// the last page.
func (c *Client) ListIncidents(ctx context.Context, at alerttypes.AlertType) ([]Incident, error) {
	ctx = withLogging(ctx)
	id, err := c.resolve(ctx, at)
	if err != nil {
		return nil, failed(opListIncidents.name, err)
	}
	ri, err := c.alertsRoot().ByUnifiedRoleManagementAlertId(id).AlertIncidents().ToGetRequestInformation(ctx, nil)
	return listAll(ctx, c, opListIncidents, ri, err, infallible(func(w *incidentWire) Incident { return c.incident(w, at) }))
}

// GetIncident reads one incident of an alert. A missing incident is a 404
// (IsNotFound). With the read snapshot, an incident listed in it comes from
// there; one that is not is asked for, so Graph's 404 is the answer.
func (c *Client) GetIncident(ctx context.Context, at alerttypes.AlertType, incidentID string) (*Incident, error) {
	if incidentID == "" {
		return nil, fmt.Errorf("%s: empty incident id", opGetIncident.name)
	}
	return c.reads.incident(withLogging(ctx), at, incidentID)
}

// getIncident is GetIncident from Graph.
func (c *Client) getIncident(ctx context.Context, at alerttypes.AlertType, incidentID string) (*Incident, error) {
	return getByAlertID(ctx, c, opGetIncident, at, func(id string) (*abs.RequestInformation, error) {
		return c.alertsRoot().ByUnifiedRoleManagementAlertId(id).AlertIncidents().ByUnifiedRoleManagementAlertIncidentId(incidentID).ToGetRequestInformation(ctx, nil)
	}, infallible(func(w *incidentWire) Incident { return c.incident(w, at) }))
}

// RemediateIncident applies PIM's mitigation to one incident (for most alert
// types: removes the assignee's role assignment). Graph answers 200 without a
// body, or 400 when the alert type is not remediatable.
func (c *Client) RemediateIncident(ctx context.Context, at alerttypes.AlertType, incidentID string) error {
	ctx = withLogging(ctx)
	if incidentID == "" {
		return markNotSent(fmt.Errorf("%s: empty incident id", opRemediateIncident.name))
	}
	// Whether the remediate request was written tells a write that cannot
	// have happened (no token, no connection) from one whose answer was
	// lost. Only that request carries the flag, not the reads before it
	// that resolve and confirm the tenant.
	var wrote atomic.Bool
	err := c.write(ctx, opRemediateIncident, at, partAlert, func(id string) error {
		// A removed role assignment can be an incident of several alert
		// types, and changes who holds the role.
		defer c.reads.directory().invalidate()
		defer c.reads.wrote(allAlerts, partAlert)
		ctx := context.WithValue(ctx, wroteKey{}, &wrote)
		return c.alertsRoot().ByUnifiedRoleManagementAlertId(id).AlertIncidents().ByUnifiedRoleManagementAlertIncidentId(incidentID).Remediate().Post(ctx, nil)
	})
	if err != nil && !wrote.Load() {
		return markNotSent(err)
	}
	return err
}
