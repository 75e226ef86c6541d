package graph

import (
	"context"
	"fmt"
	"time"

	abs "github.com/microsoft/kiota-abstractions-go"
	"github.com/microsoftgraph/msgraph-beta-sdk-go/models"
)

// Incident is a unifiedRoleManagementAlertIncident of any derived type.
// Properties the type does not have are nil.
type Incident struct {
	// ID is the incident id (for most types the assignee's or assignment's id).
	ID string
	// AlertType is the catalogue suffix of the incident's alert.
	AlertType string
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
func (c *Client) ListIncidents(ctx context.Context, alertType string) ([]Incident, error) {
	ctx = withLogging(ctx)
	const op = "list incidents"
	at, id, err := c.resolve(ctx, alertType)
	if err != nil {
		return nil, failed(op, err)
	}
	incidents := c.alertsRoot().ByUnifiedRoleManagementAlertId(id).AlertIncidents()
	ri, err := incidents.ToGetRequestInformation(ctx, nil)
	if err != nil {
		return nil, wrapError(op, err)
	}
	pages, err := c.sendPages(ctx, op, ri, func(next string) (*abs.RequestInformation, error) {
		return incidents.WithUrl(next).ToGetRequestInformation(ctx, nil)
	})
	if err != nil {
		return nil, err
	}
	out := []Incident{}
	for _, body := range pages {
		v, err := decode[models.UnifiedRoleManagementAlertIncidentCollectionResponseable](c, op, body, models.CreateUnifiedRoleManagementAlertIncidentCollectionResponseFromDiscriminatorValue)
		if err != nil {
			return nil, err
		}
		for _, m := range v.GetValue() {
			if m != nil {
				out = append(out, incidentFromModel(m, at.Suffix))
			}
		}
	}
	return out, nil
}

// GetIncident reads one incident of an alert. A missing incident is a 404
// (IsNotFound). With the read snapshot, an incident listed in it comes from
// there; one that is not is asked for, so Graph's 404 is the answer.
func (c *Client) GetIncident(ctx context.Context, alertType, incidentID string) (*Incident, error) {
	ctx = withLogging(ctx)
	const op = "get incident"
	if incidentID == "" {
		return nil, fmt.Errorf("%s: empty incident id", op)
	}
	if inc, ok, err := c.snap.incident(ctx, alertType, incidentID); ok || err != nil {
		return inc, err
	}
	at, id, err := c.resolve(ctx, alertType)
	if err != nil {
		return nil, failed(op, err)
	}
	ri, err := c.alertsRoot().ByUnifiedRoleManagementAlertId(id).AlertIncidents().ByUnifiedRoleManagementAlertIncidentId(incidentID).ToGetRequestInformation(ctx, nil)
	if err != nil {
		return nil, wrapError(op, err)
	}
	body, err := c.send(ctx, op, ri)
	if err != nil {
		return nil, err
	}
	v, err := decode[models.UnifiedRoleManagementAlertIncidentable](c, op, body, models.CreateUnifiedRoleManagementAlertIncidentFromDiscriminatorValue)
	if err != nil {
		return nil, err
	}
	inc := incidentFromModel(v, at.Suffix)
	return &inc, nil
}

// RemediateIncident applies PIM's mitigation to one incident (for most alert
// types: removes the assignee's role assignment). Graph answers 200 without a
// body, or 400 when the alert type is not remediatable.
func (c *Client) RemediateIncident(ctx context.Context, alertType, incidentID string) error {
	ctx = withLogging(ctx)
	const op = "remediate incident"
	if incidentID == "" {
		return fmt.Errorf("%s: empty incident id", op)
	}
	_, id, err := c.resolve(ctx, alertType)
	if err != nil {
		return failed(op, err)
	}
	// A removed role assignment can be an incident of several alert types.
	defer c.snap.invalidate(allAlerts, partAlert)
	err = c.alertsRoot().ByUnifiedRoleManagementAlertId(id).AlertIncidents().ByUnifiedRoleManagementAlertIncidentId(incidentID).Remediate().Post(ctx, nil)
	return wrapError(op, err)
}
