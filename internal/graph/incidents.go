package graph

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/microsoftgraph/msgraph-beta-sdk-go/models"

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

// ListIncidents lists an alert's incidents, following @odata.nextLink until
// the last page.
func (c *Client) ListIncidents(ctx context.Context, at alerttypes.AlertType) ([]Incident, error) {
	ctx = withLogging(ctx)
	const op = "list incidents"
	id, err := c.resolve(ctx, at)
	if err != nil {
		return nil, failed(op, err)
	}
	ri, err := c.alertsRoot().ByUnifiedRoleManagementAlertId(id).AlertIncidents().ToGetRequestInformation(ctx, nil)
	if err != nil {
		return nil, c.wrapError(op, err)
	}
	out := []Incident{}
	err = getPages(ctx, c, op, ri, models.CreateUnifiedRoleManagementAlertIncidentCollectionResponseFromDiscriminatorValue,
		func(page models.UnifiedRoleManagementAlertIncidentCollectionResponseable, _ []byte) error {
			for _, m := range page.GetValue() {
				if m != nil {
					out = append(out, c.incidentFromModel(m, at))
				}
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// GetIncident reads one incident of an alert. A missing incident is a 404
// (IsNotFound). With the read snapshot, an incident listed in it comes from
// there; one that is not is asked for, so Graph's 404 is the answer.
func (c *Client) GetIncident(ctx context.Context, at alerttypes.AlertType, incidentID string) (*Incident, error) {
	ctx = withLogging(ctx)
	const op = "get incident"
	if incidentID == "" {
		return nil, fmt.Errorf("%s: empty incident id", op)
	}
	if inc, ok, err := c.snap.incident(ctx, at, incidentID); ok || err != nil {
		return inc, ofOtherRequest(err)
	}
	id, err := c.resolve(ctx, at)
	if err != nil {
		return nil, ofOtherRequest(failed(op, err))
	}
	ri, err := c.alertsRoot().ByUnifiedRoleManagementAlertId(id).AlertIncidents().ByUnifiedRoleManagementAlertIncidentId(incidentID).ToGetRequestInformation(ctx, nil)
	if err != nil {
		return nil, c.wrapError(op, err)
	}
	v, _, err := getOne[models.UnifiedRoleManagementAlertIncidentable](ctx, c, op, ri, models.CreateUnifiedRoleManagementAlertIncidentFromDiscriminatorValue)
	if err != nil {
		return nil, err
	}
	inc := c.incidentFromModel(v, at)
	return &inc, nil
}

// RemediateIncident applies PIM's mitigation to one incident (for most alert
// types: removes the assignee's role assignment). Graph answers 200 without a
// body, or 400 when the alert type is not remediatable.
func (c *Client) RemediateIncident(ctx context.Context, at alerttypes.AlertType, incidentID string) error {
	ctx = withLogging(ctx)
	const op = "remediate incident"
	if incidentID == "" {
		return markNotSent(fmt.Errorf("%s: empty incident id", op))
	}
	id, err := c.writeID(ctx, at)
	if err != nil {
		return markNotSent(failed(op, err))
	}
	// A removed role assignment can be an incident of several alert types,
	// and changes who holds the role.
	defer c.snap.invalidate(allAlerts, partAlert)
	defer c.directory.invalidate()
	// Whether the Graph request was written tells a write that cannot have
	// happened (no token, no connection) from one whose answer was lost.
	var wrote atomic.Bool
	ctx = context.WithValue(ctx, wroteKey{}, &wrote)
	err = c.alertsRoot().ByUnifiedRoleManagementAlertId(id).AlertIncidents().ByUnifiedRoleManagementAlertIncidentId(incidentID).Remediate().Post(ctx, nil)
	if err = c.wrapError(op, err); err != nil && !wrote.Load() {
		return markNotSent(err)
	}
	return err
}
