// Package remediation decides whether an incident of a PIM alert may be
// remediated, and remediates it: remediation cannot be undone through
// Graph, and for most alert types it removes someone's role assignment.
//
// The Guard keeps a tenant from losing its Global Administrators: a
// remediation that would remove a Global Administrator assignment is
// refused when fewer than the minimum of distinct principals would still
// hold the role, active or eligible. It counts from Graph's role-management
// APIs, never from the alert's incidents, at plan time for each remediation
// on its own (Check) and again right before the request (Remediate). In
// Remediate, the remediations of one tenant that remove a Global
// Administrator run one at a time within the provider process, each
// re-reading the holders from Graph and also discounting the principals
// this process already removed (Graph's reads may lag behind its writes).
// When the holders cannot be read, the guard fails closed.
//
// Terraform-free, so the remediation resource and the remediation action
// share it.
package remediation

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"

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
	RemediateIncident(ctx context.Context, at alerttypes.AlertType, incidentID string) error
}

var _ Graph = (*graph.Client)(nil)

// Target is one incident to remediate and what remediating it takes away,
// from the catalogue's Removes and the incident.
type Target struct {
	Type       alerttypes.AlertType
	IncidentID string
	// PrincipalID is the assignee; "" for incidents about a role.
	PrincipalID string
	// Principal names the assignee in messages (user principal name and id).
	Principal string
	// RoleDefinitionID is the role the assignee loses; "" when remediation
	// removes no assignment.
	RoleDefinitionID string
	// UnknownRole is the incident's role when it is not a role definition
	// id (a GUID): the guard cannot tell whether it is the Global
	// Administrator role, so the target is taken to remove it and the
	// guard refuses it.
	UnknownRole string
}

// TargetOf returns what remediating inc, an incident of at, takes away. An
// incident of a type that removes the incident's role but names no role is
// taken to remove the Global Administrator role (the guard then checks it).
func TargetOf(at alerttypes.AlertType, inc *graph.Incident) Target {
	t := Target{Type: at, IncidentID: inc.ID, Principal: "the incident's unnamed assignee"}
	if inc.AssigneeID != nil && *inc.AssigneeID != "" {
		t.PrincipalID = *inc.AssigneeID
		t.Principal = *inc.AssigneeID
		if inc.AssigneeUserPrincipalName != nil && *inc.AssigneeUserPrincipalName != "" {
			t.Principal = *inc.AssigneeUserPrincipalName + " (" + *inc.AssigneeID + ")"
		}
	}
	switch at.Removes {
	case alerttypes.RemovesGlobalAdministrator:
		t.RoleDefinitionID = alerttypes.GlobalAdministratorRoleID
	case alerttypes.RemovesIncidentRole:
		role := ""
		switch {
		case inc.RoleDefinitionID != nil && *inc.RoleDefinitionID != "":
			role = *inc.RoleDefinitionID
		case inc.RoleTemplateID != nil && *inc.RoleTemplateID != "":
			role = *inc.RoleTemplateID
		}
		switch {
		case role == "" || strings.EqualFold(role, alerttypes.GlobalAdministratorRoleID):
			t.RoleDefinitionID = alerttypes.GlobalAdministratorRoleID
		case alerttypes.IsGUID(role):
			t.RoleDefinitionID = role
		default:
			t.RoleDefinitionID, t.UnknownRole = alerttypes.GlobalAdministratorRoleID, role
		}
	}
	return t
}

// RemovesAssignment reports whether remediating removes a role assignment.
func (t Target) RemovesAssignment() bool { return t.RoleDefinitionID != "" }

// RemovesGlobalAdministrator reports whether remediating removes, or may
// remove (UnknownRole), a Global Administrator assignment.
func (t Target) RemovesGlobalAdministrator() bool {
	return t.RoleDefinitionID == alerttypes.GlobalAdministratorRoleID
}

// unchecked is why the guard cannot check t, a target that removes a
// Global Administrator, whatever Graph answers; nil when it can.
func (t Target) unchecked() error {
	switch {
	case t.PrincipalID == "":
		return &UncheckedError{Target: t, Err: errNoAssignee}
	case t.UnknownRole != "":
		return &UncheckedError{Target: t, Err: fmt.Errorf("the incident's role %q is not a role definition id, "+
			"so the guard cannot tell whether it is the Global Administrator role", t.UnknownRole)}
	}
	return nil
}

// CheckProtected returns a *ProtectedError when remediating t may affect a
// principal of protected (lower-case object ids): its assignee is
// protected, or it removes an assignment of an assignee it does not name
// while some principal is protected.
func CheckProtected(t Target, protected map[string]bool) error {
	switch {
	case t.PrincipalID != "" && protected[strings.ToLower(t.PrincipalID)]:
		return &ProtectedError{Target: t}
	case t.PrincipalID == "" && t.RemovesAssignment() && len(protected) > 0:
		return &ProtectedError{Target: t}
	}
	return nil
}

// Guard enforces the Global Administrator minimum. Guards with the same
// tenant share one lock and one record of removals, whatever provider
// configuration (alias) they came from.
type Guard struct {
	min int
}

// NewGuard returns a guard of minimum principals (at least 1).
func NewGuard(minimum int) *Guard { return &Guard{min: max(minimum, 1)} }

// Min returns the minimum.
func (g *Guard) Min() int { return g.min }

// tenantState is the lock and the removals of one tenant in this process.
type tenantState struct {
	// turn is a one-slot semaphore: a remediation of a Global Administrator
	// holds it from its read of the holders to the end of its request.
	turn chan struct{}
	mu   sync.Mutex
	// removed are the principals (lower case) whose Global Administrator
	// assignments a remediation of this process removed, or may have
	// removed (the request's outcome was unknown).
	removed map[string]bool
}

var (
	statesMu sync.Mutex
	states   = map[string]*tenantState{}
)

// stateOf returns the state of c's tenant, keyed by endpoint (without a
// default port) and tenant id.
func stateOf(ctx context.Context, c Graph) (*tenantState, error) {
	tenant, err := c.TenantID(ctx)
	if err != nil {
		return nil, err
	}
	key := endpointKey(c.Endpoint()) + "|" + strings.ToLower(tenant)
	statesMu.Lock()
	defer statesMu.Unlock()
	st, ok := states[key]
	if !ok {
		st = &tenantState{turn: make(chan struct{}, 1), removed: map[string]bool{}}
		states[key] = st
	}
	return st, nil
}

// endpointKey is endpoint in lower case without a default port, so that
// https://graph.microsoft.com and https://graph.microsoft.com:443 share a
// tenant's state.
func endpointKey(endpoint string) string {
	u, err := url.Parse(strings.ToLower(endpoint))
	if err != nil {
		return strings.ToLower(endpoint)
	}
	if p := u.Port(); (u.Scheme == "https" && p == "443") || (u.Scheme == "http" && p == "80") {
		u.Host = strings.TrimSuffix(u.Host, ":"+p)
	}
	return u.String()
}

// remaining returns how many distinct principals of hs hold the Global
// Administrator role once t's assignee and the principals this process
// removed are gone.
func (st *tenantState) remaining(hs []graph.RoleHolding, t Target) int {
	holders := graph.Principals(hs, alerttypes.GlobalAdministratorRoleID)
	st.mu.Lock()
	for p := range st.removed {
		delete(holders, p)
	}
	st.mu.Unlock()
	delete(holders, strings.ToLower(t.PrincipalID))
	return len(holders)
}

func (st *tenantState) markRemoved(principalID string) {
	st.mu.Lock()
	st.removed[strings.ToLower(principalID)] = true
	st.mu.Unlock()
}

// Check is the plan-time check of one remediation on its own. For a
// target that removes a Global Administrator it reads the holders (the
// client may answer from its per-run cache) and returns how many would
// remain; it returns a *RefusedError below the minimum and an
// *UncheckedError when it cannot tell. Other targets pass with -1.
func (g *Guard) Check(ctx context.Context, c Graph, t Target) (remaining int, err error) {
	if !t.RemovesGlobalAdministrator() {
		return -1, nil
	}
	if err := t.unchecked(); err != nil {
		return 0, err
	}
	st, err := stateOf(ctx, c)
	if err != nil {
		return 0, &UncheckedError{Target: t, Err: err}
	}
	hs, err := c.ListRoleHoldings(ctx, alerttypes.GlobalAdministratorRoleID, false)
	if err != nil {
		return 0, &UncheckedError{Target: t, Err: err}
	}
	n := st.remaining(hs, t)
	if n < g.min {
		return n, &RefusedError{Target: t, Remaining: n, Min: g.min}
	}
	return n, nil
}

// Result is what a remediation removed.
type Result struct {
	// Removed are the assignments of the assignee to the target's role that
	// Graph listed right before the request: what PIM's "remove the user
	// from the role" takes away. Empty when the target removes nothing.
	Removed []graph.RoleHolding
	// Unrecorded is why Removed could not be read (nil when it was): the
	// request was still sent, because the target removes no Global
	// Administrator.
	Unrecorded error
	// Remaining is how many principals still hold the Global Administrator
	// role, for a target that removes one; otherwise -1.
	Remaining int
}

// Remediate remediates t. For a target that removes a Global
// Administrator it waits its turn among this process's remediations of
// the tenant (or until ctx ends), reads the holders from Graph, refuses
// (*RefusedError) when fewer than the minimum would remain or
// (*UncheckedError) when it cannot tell, and otherwise sends the request
// and records the removal, also when its outcome is unknown.
func (g *Guard) Remediate(ctx context.Context, c Graph, t Target) (Result, error) {
	res := Result{Remaining: -1}
	if !t.RemovesGlobalAdministrator() {
		if t.RemovesAssignment() {
			res.Removed, res.Unrecorded = readRemoved(ctx, c, t)
		}
		return res, c.RemediateIncident(ctx, t.Type, t.IncidentID)
	}
	if err := t.unchecked(); err != nil {
		return res, err
	}
	st, err := stateOf(ctx, c)
	if err != nil {
		return res, &UncheckedError{Target: t, Err: err}
	}
	select {
	case st.turn <- struct{}{}:
	case <-ctx.Done():
		return res, &UncheckedError{Target: t, Err: ctx.Err()}
	}
	defer func() { <-st.turn }()

	hs, err := c.ListRoleHoldings(ctx, t.RoleDefinitionID, true)
	if err != nil {
		return res, &UncheckedError{Target: t, Err: err}
	}
	n := st.remaining(hs, t)
	if n < g.min {
		return res, &RefusedError{Target: t, Remaining: n, Min: g.min, AtApply: true}
	}
	res.Removed = holdingsOf(hs, t)
	err = c.RemediateIncident(ctx, t.Type, t.IncidentID)
	if err == nil || !graph.Rejected(err) {
		st.markRemoved(t.PrincipalID)
	}
	if err != nil {
		return Result{Remaining: -1}, err
	}
	res.Remaining = n
	return res, nil
}

// readRemoved reads what the assignee holds of the target's role.
func readRemoved(ctx context.Context, c Graph, t Target) ([]graph.RoleHolding, error) {
	hs, err := c.ListRoleHoldings(ctx, t.RoleDefinitionID, true)
	if err != nil {
		return nil, err
	}
	return holdingsOf(hs, t), nil
}

// holdingsOf returns the holdings of t's assignee of t's role (never nil).
func holdingsOf(hs []graph.RoleHolding, t Target) []graph.RoleHolding {
	out := []graph.RoleHolding{}
	for _, h := range hs {
		if strings.EqualFold(h.PrincipalID, t.PrincipalID) && strings.EqualFold(h.RoleDefinitionID, t.RoleDefinitionID) {
			out = append(out, h)
		}
	}
	return out
}
