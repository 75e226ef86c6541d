package graph

import (
	"context"

	abs "github.com/microsoft/kiota-abstractions-go"
	ig "github.com/microsoftgraph/msgraph-beta-sdk-go/identitygovernance"
	"github.com/microsoftgraph/msgraph-beta-sdk-go/models"
)

// Definition is a unifiedRoleManagementAlertDefinition, the read-only
// description of an alert type.
type Definition struct {
	// ID equals the alert's id.
	ID        string
	AlertType string
	// DisplayName, Description, SecurityImpact, MitigationSteps and
	// HowToPrevent are Graph's texts; HowToPrevent may contain HTML.
	DisplayName, Description string
	// SeverityLevel is unknown, informational, low, medium or high.
	SeverityLevel                                 string
	SecurityImpact, MitigationSteps, HowToPrevent string
	// IsRemediatable gates RemediateIncident; IsConfigurable says whether
	// the configuration has thresholds.
	IsRemediatable, IsConfigurable bool
}

// ListDefinitions lists the alert definitions, with the mandatory scope
// filter, following @odata.nextLink.
func (c *Client) ListDefinitions(ctx context.Context) ([]Definition, error) {
	ctx = withLogging(ctx)
	const op = "list alert definitions"
	ri, err := c.root().AlertDefinitions().ToGetRequestInformation(ctx, &ig.RoleManagementAlertsAlertDefinitionsRequestBuilderGetRequestConfiguration{
		QueryParameters: &ig.RoleManagementAlertsAlertDefinitionsRequestBuilderGetQueryParameters{
			Filter: ptr(scopeFilter),
		},
	})
	if err != nil {
		return nil, wrapError(op, err)
	}
	pages, err := c.sendPages(ctx, op, ri, func(next string) (*abs.RequestInformation, error) {
		return c.root().AlertDefinitions().WithUrl(next).ToGetRequestInformation(ctx, nil)
	})
	if err != nil {
		return nil, err
	}
	out := []Definition{}
	for _, body := range pages {
		v, err := decode[models.UnifiedRoleManagementAlertDefinitionCollectionResponseable](c, op, body, models.CreateUnifiedRoleManagementAlertDefinitionCollectionResponseFromDiscriminatorValue)
		if err != nil {
			return nil, err
		}
		for _, m := range v.GetValue() {
			if m != nil {
				out = append(out, definitionFromModel(m))
			}
		}
	}
	return out, nil
}

// GetDefinition reads the definition of one alert type.
func (c *Client) GetDefinition(ctx context.Context, alertType string) (*Definition, error) {
	ctx = withLogging(ctx)
	const op = "get alert definition"
	_, id, err := c.resolve(ctx, alertType)
	if err != nil {
		return nil, failed(op, err)
	}
	ri, err := c.root().AlertDefinitions().ByUnifiedRoleManagementAlertDefinitionId(id).ToGetRequestInformation(ctx, nil)
	if err != nil {
		return nil, wrapError(op, err)
	}
	body, err := c.send(ctx, op, ri)
	if err != nil {
		return nil, err
	}
	v, err := decode[models.UnifiedRoleManagementAlertDefinitionable](c, op, body, models.CreateUnifiedRoleManagementAlertDefinitionFromDiscriminatorValue)
	if err != nil {
		return nil, err
	}
	d := definitionFromModel(v)
	return &d, nil
}
