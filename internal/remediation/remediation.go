// Package remediation decides whether an incident of a PIM alert may be
// remediated, and remediates it: remediation cannot be undone through
// Graph, and for most alert types it removes someone's role assignment.
//
// The Guard keeps a tenant from losing its Global Administrators: no
// remediation may leave fewer than the minimum of principals that can
// administer the tenant with the role (holders.go says who counts). It
// counts from Graph's directory APIs, never from the alert's incidents:
//
//   - at plan time (Plan), all the Global Administrator removals that one
//     Terraform run plans against a tenant are counted together, whatever
//     provider configuration or process plans them, so a plan that would
//     break the minimum fails whatever the order (run.go, ledger.go);
//   - at apply time (Remediate), the removals of a tenant take turns across
//     the provider processes of the machine; each re-reads the holders
//     right before its request, counts the removals this machine sent that
//     Graph does not show yet, keeps the turn until a re-read shows its
//     own, and fails loudly when that re-read finds fewer than the minimum
//     (a removal from elsewhere at the same time);
//   - a request whose answer was lost is settled by a re-read: done, not
//     done, or an outcome that cannot be told (UnknownOutcomeError), which
//     the caller records as possibly done.
//
// When the holders cannot be read, the guard fails closed.
//
// Terraform-free, so the remediation resource and the remediation action
// share it.
package remediation

import (
	"context"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
)

// DefaultMinGlobalAdmins is the default minimum: "Microsoft recommends that
// organizations have two cloud-only emergency access accounts permanently
// assigned the Global Administrator role" (MicrosoftDocs/entra-docs,
// docs/includes/definitions/emergency-access-accounts.md).
const DefaultMinGlobalAdmins = 2

// Graph is what remediation needs of a *graph.Client.
type Graph interface {
	TenantID(ctx context.Context) (string, error)
	Endpoint() string
	ListRoleHoldings(ctx context.Context, roleDefinitionID string, fresh bool) ([]graph.RoleHolding, error)
	ListGroupMembers(ctx context.Context, groupID string, fresh bool) ([]graph.Principal, error)
	RemediateIncident(ctx context.Context, at alerttypes.AlertType, incidentID string) error
}

var _ Graph = (*graph.Client)(nil)
