package graph

import (
	"context"

	ig "github.com/microsoftgraph/msgraph-beta-sdk-go/identitygovernance"
	"github.com/microsoftgraph/msgraph-beta-sdk-go/models"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
)

// Definition is a unifiedRoleManagementAlertDefinition, the read-only
// description of an alert type.
type Definition struct {
	// ID equals the alert's id.
	ID   string
	Type alerttypes.AlertType
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
		return nil, c.wrapError(op, err)
	}
	out := []Definition{}
	err = getPages(ctx, c, op, ri, models.CreateUnifiedRoleManagementAlertDefinitionCollectionResponseFromDiscriminatorValue,
		func(page models.UnifiedRoleManagementAlertDefinitionCollectionResponseable, _ []byte) error {
			for _, m := range page.GetValue() {
				if m != nil {
					out = append(out, c.definitionFromModel(m))
				}
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// GetDefinition reads the definition of one alert type.
func (c *Client) GetDefinition(ctx context.Context, at alerttypes.AlertType) (*Definition, error) {
	ctx = withLogging(ctx)
	const op = "get alert definition"
	id, err := c.resolve(ctx, at)
	if err != nil {
		return nil, failed(op, err)
	}
	ri, err := c.root().AlertDefinitions().ByUnifiedRoleManagementAlertDefinitionId(id).ToGetRequestInformation(ctx, nil)
	if err != nil {
		return nil, c.wrapError(op, err)
	}
	v, _, err := getOne[models.UnifiedRoleManagementAlertDefinitionable](ctx, c, op, ri, models.CreateUnifiedRoleManagementAlertDefinitionFromDiscriminatorValue)
	if err != nil {
		return nil, err
	}
	d := c.definitionFromModel(v)
	return &d, nil
}
