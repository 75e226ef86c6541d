package graph

import (
	"context"

	abs "github.com/microsoft/kiota-abstractions-go"

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

// The operations on alert definitions.
var (
	opListDefinitions = readAlerts("list alert definitions")
	opGetDefinition   = readAlerts("get alert definition")
)

// ListDefinitions lists the alert definitions, with the mandatory scope
// filter, following @odata.nextLink.
func (c *Client) ListDefinitions(ctx context.Context) ([]Definition, error) {
	ctx = withLogging(ctx)
	ri, err := scoped(c.root().AlertDefinitions().ToGetRequestInformation(ctx, nil))
	return listAll(ctx, c, opListDefinitions, ri, err, infallible(c.definition))
}

// GetDefinition reads the definition of one alert type.
func (c *Client) GetDefinition(ctx context.Context, at alerttypes.AlertType) (*Definition, error) {
	ctx = withLogging(ctx)
	return getByAlertID(ctx, c, opGetDefinition, at, func(id string) (*abs.RequestInformation, error) {
		return c.root().AlertDefinitions().ByUnifiedRoleManagementAlertDefinitionId(id).ToGetRequestInformation(ctx, nil)
	}, infallible(c.definition))
}
