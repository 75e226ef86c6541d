package remediation_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/remediation"
)

const ga = alerttypes.GlobalAdministratorRoleID

// id returns a GUID numbered n, the way directory object ids look.
func id(n int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", n) }

var enabled, disabled = ptr(true), ptr(false)

func ptr[T any](v T) *T { return &v }

// fakeGraph is a tenant whose reads can lag behind its remediations
// (lagging: reads keep answering the holdings it started with) or fail.
type fakeGraph struct {
	endpoint string
	lagging  bool
	readErr  error // answered by role reads
	// memberErr is answered by group member reads once set.
	memberErr error
	postErr   error // answered by remediations
	reads     int   // role reads answered
	// memberReads counts group member reads.
	memberReads int
	// postActs makes a remediation that answers postErr act all the same
	// (the answer was lost after Graph acted).
	postActs bool
	// alsoRemoves is a principal whose holdings vanish during the next
	// remediation, as if removed from elsewhere at the same time.
	alsoRemoves string
	latency     time.Duration
	// postHook runs after each remediation took effect.
	postHook func()

	mu       sync.Mutex
	holdings []graph.RoleHolding
	initial  []graph.RoleHolding
	members  map[string][]graph.Principal
	posts    []string
	inFlight int
	maxIn    int
}

// newFake returns a tenant where each of principals holds Global
// Administrator tenant-wide, as an enabled user (alternately active and
// eligible).
func newFake(principals ...string) *fakeGraph {
	f := &fakeGraph{endpoint: "https://graph.test", members: map[string][]graph.Principal{}}
	for i, p := range principals {
		f.add(graph.RoleHolding{ID: fmt.Sprint("a", i), PrincipalID: p, Eligible: i%2 == 1,
			Principal: graph.Principal{ID: p, Kind: graph.PrincipalUser, AccountEnabled: enabled}})
	}
	return f
}

// add adds a Global Administrator holding (tenant-wide unless h says).
func (f *fakeGraph) add(h graph.RoleHolding) {
	if h.RoleDefinitionID == "" {
		h.RoleDefinitionID = ga
	}
	if h.DirectoryScopeID == "" {
		h.DirectoryScopeID = "/"
	}
	f.holdings = append(f.holdings, h)
	f.initial = append(f.initial, h)
}

func (f *fakeGraph) TenantID(context.Context) (string, error) { return id(0), nil }
func (f *fakeGraph) Endpoint() string                         { return f.endpoint }

func (f *fakeGraph) ListRoleHoldings(_ context.Context, role string, _ bool) ([]graph.RoleHolding, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reads++
	if f.readErr != nil {
		return nil, f.readErr
	}
	hs := f.holdings
	if f.lagging {
		hs = f.initial
	}
	var out []graph.RoleHolding
	for _, h := range hs {
		if strings.EqualFold(h.RoleDefinitionID, role) {
			out = append(out, h)
		}
	}
	return out, nil
}

func (f *fakeGraph) ListGroupMembers(_ context.Context, group string, _ bool) ([]graph.Principal, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.memberReads++
	if f.memberErr != nil {
		return nil, f.memberErr
	}
	ms, ok := f.members[group]
	if !ok {
		return nil, &graph.Error{Operation: "list group members", StatusCode: http.StatusForbidden}
	}
	return ms, nil
}

func (f *fakeGraph) RemediateIncident(_ context.Context, _ alerttypes.AlertType, incidentID string) error {
	f.mu.Lock()
	f.inFlight++
	f.maxIn = max(f.maxIn, f.inFlight)
	f.mu.Unlock()
	time.Sleep(f.latency)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.inFlight--
	f.posts = append(f.posts, incidentID)
	if f.postErr != nil && !f.postActs {
		return f.postErr
	}
	also := f.alsoRemoves
	f.alsoRemoves = ""
	f.holdings = slices.DeleteFunc(f.holdings, func(h graph.RoleHolding) bool { return h.PrincipalID == incidentID || h.PrincipalID == also })
	if f.postHook != nil {
		f.postHook()
	}
	return f.postErr
}

func (f *fakeGraph) sent() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.posts)
}

func lookup(name string) alerttypes.AlertType {
	at, _ := alerttypes.Builtin().Lookup(name)
	return at
}

// target is the too-many-Global-Administrators incident of principal
// (whose incident id is the principal's id, as in Graph's examples).
func target(principal string) remediation.Target {
	return remediation.TargetOf(lookup(alerttypes.TooManyGlobalAdmins), &graph.Incident{ID: principal, AssigneeID: ptr(principal)})
}

// guard returns a guard of minimum over a ledger directory of the test,
// for run (a fresh run when "").
func guard(t *testing.T, minimum int, dir, run string) *remediation.Guard {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	if run == "" {
		run = "run-" + t.Name()
	}
	return remediation.NewGuard(minimum, remediation.WithDir(dir), remediation.WithRun(run),
		remediation.WithWaits(100*time.Millisecond, 100*time.Millisecond))
}

func TestTargetOf(t *testing.T) {
	p, role := id(1), "fe930be7-5e62-47db-91af-98c3a49a38b1"
	upperGA, braced := strings.ToUpper(ga), "{"+ga+"}"
	for _, c := range []struct {
		name    string
		at      alerttypes.AlertType
		inc     graph.Incident
		role    string
		isGA    bool
		unknown string
	}{
		{"Global Administrator in upper case", lookup(alerttypes.StaleSignIn), graph.Incident{AssigneeID: &p, RoleDefinitionID: &upperGA}, ga, true, ""},
		{"role not a GUID: taken for Global Administrator", lookup(alerttypes.StaleSignIn), graph.Incident{AssigneeID: &p, RoleDefinitionID: &braced}, ga, true, braced},
		{"another definition id, Global Administrator's template id", lookup(alerttypes.StaleSignIn),
			graph.Incident{AssigneeID: &p, RoleDefinitionID: &role, RoleTemplateID: ptr(ga)}, ga, true, ""},
		{"Global Administrator's definition id, another template id", lookup(alerttypes.RolesAssignedOutsidePim),
			graph.Incident{AssigneeID: &p, RoleDefinitionID: ptr(ga), RoleTemplateID: &role}, ga, true, ""},
		{"too many GA: the incident names no role", lookup(alerttypes.TooManyGlobalAdmins), graph.Incident{AssigneeID: &p}, ga, true, ""},
		{"stale of another role", lookup(alerttypes.StaleSignIn), graph.Incident{AssigneeID: &p, RoleDefinitionID: &role, RoleTemplateID: &role}, role, false, ""},
		{"stale by template id", lookup(alerttypes.StaleSignIn), graph.Incident{AssigneeID: &p, RoleTemplateID: &role}, role, false, ""},
		{"role unknown: taken for Global Administrator", lookup(alerttypes.RedundantAssignment), graph.Incident{AssigneeID: &p}, ga, true, ""},
		{"MFA on activation removes nothing", lookup(alerttypes.NoMfaOnRoleActivation), graph.Incident{RoleTemplateID: &role}, "", false, ""},
	} {
		got := remediation.TargetOf(c.at, &c.inc)
		if got.RoleDefinitionID != c.role || got.RemovesGlobalAdministrator() != c.isGA || got.UnknownRole != c.unknown {
			t.Errorf("%s: %+v", c.name, got)
		}
	}
}

// Only enabled users holding the role tenant-wide, actively or through a
// current eligibility, directly or through a group, count.
func TestPlanCountsOnlyWhoCanAdminister(t *testing.T) {
	now := time.Now()
	f := newFake(id(1), id(2))
	f.add(graph.RoleHolding{ID: "au", PrincipalID: id(3), DirectoryScopeID: "/administrativeUnits/x",
		Principal: graph.Principal{ID: id(3), Kind: graph.PrincipalUser, AccountEnabled: enabled}})
	f.add(graph.RoleHolding{ID: "expired", PrincipalID: id(4), Eligible: true, End: ptr(now.Add(-time.Hour)),
		Principal: graph.Principal{ID: id(4), Kind: graph.PrincipalUser, AccountEnabled: enabled}})
	f.add(graph.RoleHolding{ID: "future", PrincipalID: id(5), Eligible: true, Start: ptr(now.Add(time.Hour)),
		Principal: graph.Principal{ID: id(5), Kind: graph.PrincipalUser, AccountEnabled: enabled}})
	f.add(graph.RoleHolding{ID: "disabled", PrincipalID: id(6), Principal: graph.Principal{ID: id(6), Kind: graph.PrincipalUser, AccountEnabled: disabled}})
	f.add(graph.RoleHolding{ID: "unreadable", PrincipalID: id(7), Principal: graph.Principal{ID: id(7), Kind: graph.PrincipalUser}})
	f.add(graph.RoleHolding{ID: "sp", PrincipalID: id(8), Principal: graph.Principal{ID: id(8), Kind: graph.PrincipalServicePrincipal}})
	f.add(graph.RoleHolding{ID: "empty group", PrincipalID: id(9), Principal: graph.Principal{ID: id(9), Kind: graph.PrincipalGroup}})
	f.members[id(9)] = []graph.Principal{}
	f.add(graph.RoleHolding{ID: "secret group", PrincipalID: id(10), Principal: graph.Principal{ID: id(10), Kind: graph.PrincipalGroup}})

	_, err := guard(t, 3, "", "").Plan(t.Context(), f, target(id(1)))
	var r *remediation.RefusedError
	if !errors.As(err, &r) || r.Holders.N() != 1 {
		t.Fatalf("err %v: want a refusal counting 1 (%s only)", err, id(2))
	}
	why := map[string]string{}
	for _, n := range r.Holders.NotCounted {
		why[n.PrincipalID] = n.Why + " [" + n.Permission + "]"
	}
	for principal, want := range map[string]string{
		id(3): "not the whole tenant", id(4): "not current", id(5): "not current", id(6): "disabled",
		id(7): graph.UserReadPermission, id(8): "service principal", id(9): "without members", id(10): graph.GroupMemberReadPermission,
	} {
		if !strings.Contains(why[principal], want) {
			t.Errorf("%s not counted because %q, want %q", principal, why[principal], want)
		}
	}
	if got := r.Holders.Permissions(); !slices.Equal(got, []string{graph.GroupMemberReadPermission, graph.UserReadPermission}) {
		t.Errorf("permissions that would help: %v", got)
	}

	// A group with members makes up the minimum with its enabled users. A
	// removed user no longer counts, also when a group gives them the role:
	// whether remediation takes them out of the group is not documented.
	f.members[id(9)] = []graph.Principal{{ID: id(11), Kind: graph.PrincipalUser, AccountEnabled: enabled},
		{ID: id(12), Kind: graph.PrincipalUser, AccountEnabled: disabled}, {ID: id(2), Kind: graph.PrincipalUser, AccountEnabled: enabled}}
	f.memberReads = 0
	check, err := guard(t, 2, "", "").Plan(t.Context(), f, target(id(2)))
	if err != nil || check.After.N() != 2 || check.Now.N() != 3 {
		t.Errorf("with a group: now %d, after %d, err %v; want 3 and 2 (%s by group, %s)", check.Now.N(), check.After.N(), err, id(11), id(1))
	}
	// Counting now and after shares one read per group.
	if f.memberReads != 2 {
		t.Errorf("the plan read group members %d times, want once per group (2)", f.memberReads)
	}
}

// The removals of one run are counted together whichever guard (provider
// process) plans them and in whatever order: with three holders and a
// minimum of two, planning two removals fails in every order, and
// planning each in a run of its own passes.
func TestPlanCountsTheRunTogether(t *testing.T) {
	for _, order := range [][2]int{{1, 2}, {2, 1}} {
		dir := t.TempDir()
		f := newFake(id(1), id(2), id(3))
		a, b := guard(t, 2, dir, "run-1"), guard(t, 2, dir, "run-1")
		_, err1 := a.Plan(t.Context(), f, target(id(order[0])))
		_, err2 := b.Plan(t.Context(), f, target(id(order[1])))
		var r *remediation.RefusedError
		if err1 != nil || !errors.As(err2, &r) || len(r.Planned) != 2 || !strings.Contains(err2.Error(), "counted together") {
			t.Errorf("order %v: %v / %v; want the second refused, naming both", order, err1, err2)
		}
	}
	// Planning again (the apply's final plan) does not count twice.
	f, dir := newFake(id(1), id(2), id(3), id(4)), t.TempDir()
	for _, p := range []string{id(1), id(2), id(1), id(2)} {
		if check, err := guard(t, 2, dir, "run-1").Plan(t.Context(), f, target(p)); err != nil || len(check.Planned) > 2 {
			t.Errorf("planning %s: %v, %v", p, check.Planned, err)
		}
	}
	f, dir = newFake(id(1), id(2), id(3)), t.TempDir()
	for i, run := range []string{"run-a", "run-b"} {
		if _, err := guard(t, 2, dir, run).Plan(t.Context(), f, target(id(i+1))); err != nil {
			t.Errorf("%s: %v; each on its own leaves two", run, err)
		}
	}
}

// Four of five removals against a minimum of two fail at plan time, in
// every order of every permutation of four guards.
func TestPlanBatchDoesNotDependOnOrder(t *testing.T) {
	ids := []string{id(2), id(3), id(4), id(5)}
	for perm := range permutations(ids) {
		dir := t.TempDir()
		f := newFake(id(1), id(2), id(3), id(4), id(5))
		refused := 0
		for _, p := range perm {
			if _, err := guard(t, 2, dir, "run").Plan(t.Context(), f, target(p)); err != nil {
				refused++
			}
		}
		if refused == 0 {
			t.Fatalf("order %v: the plan passed; four removals of five leave one", perm)
		}
	}
}

func permutations(s []string) func(func([]string) bool) {
	return func(yield func([]string) bool) {
		var rec func(int) bool
		rec = func(k int) bool {
			if k == len(s) {
				return yield(slices.Clone(s))
			}
			for i := k; i < len(s); i++ {
				s[k], s[i] = s[i], s[k]
				ok := rec(k + 1)
				s[k], s[i] = s[i], s[k]
				if !ok {
					return false
				}
			}
			return true
		}
		rec(0)
	}
}

// Guards of different processes (each with its own lock file handle)
// take turns: with Graph slow to answer, concurrent removals never
// overlap and exactly the minimum remains.
func TestRemediateTakesTurns(t *testing.T) {
	dir := t.TempDir()
	f := newFake(id(1), id(2), id(3), id(4), id(5))
	f.latency = 300 * time.Millisecond
	var wg sync.WaitGroup
	errs := make([]error, 5)
	for i := range 5 {
		wg.Go(func() {
			_, errs[i] = guard(t, 2, dir, fmt.Sprint("run-", i)).Remediate(t.Context(), f, target(id(i+1)))
		})
	}
	wg.Wait()
	refused := 0
	for _, err := range errs {
		var r *remediation.RefusedError
		if errors.As(err, &r) && r.AtApply {
			refused++
		} else if err != nil {
			t.Errorf("unexpected error: %v", err)
		}
	}
	if f.maxIn != 1 || refused != 2 || len(f.sent()) != 3 {
		t.Errorf("%d in flight at once, %d refused, sent %v; want 1, 2 and three", f.maxIn, refused, f.sent())
	}
}

// A removal Graph's reads do not show yet still counts, for every guard of
// the machine: with reads that never catch up, the fourth of five
// removals is refused.
func TestRemediateCountsSentRemovals(t *testing.T) {
	dir := t.TempDir()
	f := newFake(id(1), id(2), id(3), id(4), id(5))
	f.lagging = true
	for i := 1; i <= 4; i++ {
		res, err := guard(t, 2, dir, fmt.Sprint("run-", i)).Remediate(t.Context(), f, target(id(i)))
		var r *remediation.RefusedError
		switch {
		case i <= 3 && (err != nil || !strings.Contains(res.Settled, "still listed")):
			t.Errorf("removal %d: %v, settled %q; want it done and unconfirmed", i, err, res.Settled)
		case i == 4 && !errors.As(err, &r):
			t.Errorf("removal 4: %v, want a refusal", err)
		}
	}
}

// A request whose answer was lost is settled by a re-read: done when the
// assignment is gone, unknown (and counted as removed) when it is not; a
// request that was never sent, or refused, is not counted.
func TestRemediateLostAnswer(t *testing.T) {
	lost := &graph.Error{Operation: "remediate incident", Err: errors.New("connection reset")}
	for _, c := range []struct {
		name    string
		err     error
		acts    bool
		unknown bool
		counted bool
	}{
		{"lost, carried out", lost, true, false, true},
		{"lost, not carried out", lost, false, true, true},
		{"gateway timeout, carried out", &graph.Error{Operation: "remediate incident", StatusCode: http.StatusGatewayTimeout}, true, false, true},
		{"throttled", &graph.Error{Operation: "remediate incident", StatusCode: http.StatusTooManyRequests}, false, false, false},
		{"refused", &graph.Error{Operation: "remediate incident", StatusCode: http.StatusBadRequest}, false, false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			f := newFake(id(1), id(2), id(3))
			f.postErr, f.postActs = c.err, c.acts
			res, err := guard(t, 2, dir, "run-1").Remediate(t.Context(), f, target(id(1)))
			var u *remediation.UnknownOutcomeError
			switch {
			case c.unknown && (!errors.As(err, &u) || len(res.Removed) != 1):
				t.Errorf("err %v, removed %v: want an unknown outcome with the record", err, res.Removed)
			case c.acts && (err != nil || !strings.Contains(res.Settled, "answer was lost") || len(res.Removed) != 1):
				t.Errorf("err %v, settled %q: want it settled as done", err, res.Settled)
			case !c.unknown && !c.acts && err == nil:
				t.Error("no error")
			}
			// Whether it is counted: the next removal (reads lagging) leaves 1 when it is.
			f.postErr, f.lagging = nil, true
			_, err = guard(t, 2, dir, "run-2").Remediate(t.Context(), f, target(id(2)))
			var r *remediation.RefusedError
			if errors.As(err, &r) != c.counted {
				t.Errorf("the next removal: %v; counted as removed %v, want %v", err, errors.As(err, &r), c.counted)
			}
		})
	}
}

// A removal refused by Graph because the incident was remediated already
// (its assignee holds no assignment of the role) converges.
func TestRemediateConverges(t *testing.T) {
	f := newFake(id(1), id(2), id(3))
	f.postErr = &graph.Error{Operation: "remediate incident", StatusCode: http.StatusBadRequest, Message: "already remediated"}
	res, err := guard(t, 1, "", "").Remediate(t.Context(), f, target(id(9)))
	if err != nil || !strings.Contains(res.Settled, "remediated already") || len(res.Removed) != 0 {
		t.Errorf("err %v, result %+v: want it settled", err, res)
	}
	if _, err := guard(t, 1, "", "").Remediate(t.Context(), f, target(id(1))); err == nil {
		t.Error("a refusal for an assignee who still holds the role passed")
	}
}

// When the re-read after a removal counts fewer than the minimum (a
// removal from elsewhere at the same time), the error says what was
// removed.
func TestRemediateBelowMinimum(t *testing.T) {
	f := newFake(id(1), id(2), id(3))
	f.alsoRemoves = id(3)
	res, err := guard(t, 2, "", "").Remediate(t.Context(), f, target(id(1)))
	var b *remediation.BelowMinimumError
	if !errors.As(err, &b) || res.Remaining != 1 || len(b.Removed) != 1 || !strings.Contains(err.Error(), "a0") {
		t.Errorf("err %v, remaining %d: want a loud failure naming assignment a0", err, res.Remaining)
	}
}

// When the holders or the ledger cannot be read, nothing is sent.
func TestRemediateFailsClosed(t *testing.T) {
	forbidden := &graph.Error{Operation: "list role assignments", StatusCode: http.StatusForbidden, Code: "Authorization_RequestDenied"}
	for name, readErr := range map[string]error{
		"forbidden":   forbidden,
		"unavailable": &graph.Error{Operation: "list role assignments", StatusCode: http.StatusServiceUnavailable},
	} {
		t.Run(name, func(t *testing.T) {
			f := newFake(id(1), id(2), id(3), id(4))
			f.readErr = readErr
			for _, check := range []func() error{
				func() error { _, err := guard(t, 2, "", "").Plan(t.Context(), f, target(id(1))); return err },
				func() error { _, err := guard(t, 2, "", "").Remediate(t.Context(), f, target(id(1))); return err },
			} {
				err := check()
				var u *remediation.UncheckedError
				if !errors.As(err, &u) || len(f.sent()) != 0 || u.Forbidden() != (readErr == forbidden) {
					t.Errorf("err %v, posts %v: want an UncheckedError and nothing sent", err, f.sent())
				}
			}
		})
	}
	t.Run("ledger directory unusable", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "file")
		if err := os.WriteFile(file, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		f := newFake(id(1), id(2), id(3), id(4))
		_, err := guard(t, 1, file, "").Remediate(t.Context(), f, target(id(1)))
		var u *remediation.UncheckedError
		if !errors.As(err, &u) || len(f.sent()) != 0 {
			t.Errorf("err %v: want an UncheckedError", err)
		}
	})
	t.Run("odd incidents", func(t *testing.T) {
		f := newFake(id(1), id(2), id(3), id(4))
		stale := lookup(alerttypes.StaleSignIn)
		for _, tg := range []remediation.Target{
			remediation.TargetOf(stale, &graph.Incident{ID: "x", AssigneeID: ptr(id(1)), RoleDefinitionID: ptr(" {" + ga + "}")}),
			remediation.TargetOf(lookup(alerttypes.TooManyGlobalAdmins), &graph.Incident{ID: "x"}),
			remediation.TargetOf(lookup(alerttypes.TooManyGlobalAdmins), &graph.Incident{ID: "x", AssigneeID: ptr("p1")}),
		} {
			_, err := guard(t, 1, "", "").Remediate(t.Context(), f, tg)
			var u *remediation.UncheckedError
			if !errors.As(err, &u) || len(f.sent()) != 0 {
				t.Errorf("%+v: err %v", tg, err)
			}
		}
	})
	t.Run("wait ends with the context", func(t *testing.T) {
		dir := t.TempDir()
		f := newFake(id(1), id(2), id(3), id(4), id(5))
		f.latency = 300 * time.Millisecond
		done := make(chan struct{})
		go func() {
			defer close(done)
			_, _ = guard(t, 1, dir, "a").Remediate(context.Background(), f, target(id(1)))
		}()
		time.Sleep(100 * time.Millisecond)
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		_, err := guard(t, 1, dir, "b").Remediate(ctx, f, target(id(2)))
		var u *remediation.UncheckedError
		if !errors.As(err, &u) || !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v, want a refusal because the time ran out", err)
		}
		<-done
	})
}

// The endpoint's case and default port do not split a tenant's ledger.
func TestLedgerSharedAcrossEndpointSpellings(t *testing.T) {
	dir := t.TempDir()
	f := newFake(id(1), id(2), id(3))
	if _, err := guard(t, 2, dir, "run").Plan(t.Context(), f, target(id(1))); err != nil {
		t.Fatal(err)
	}
	f.endpoint = strings.ToUpper(f.endpoint) + ":443"
	var r *remediation.RefusedError
	if _, err := guard(t, 2, dir, "run").Plan(t.Context(), f, target(id(2))); !errors.As(err, &r) {
		t.Errorf("through %s: %v, want a refusal that counts the first removal", f.endpoint, err)
	}
}

func TestCheckProtected(t *testing.T) {
	stale, mfa := lookup(alerttypes.StaleSignIn), lookup(alerttypes.NoMfaOnRoleActivation)
	p, role := strings.ToUpper(id(1)), "fe930be7-5e62-47db-91af-98c3a49a38b1"
	protected := remediation.Protection{IDs: map[string]bool{id(1): true}}
	for _, c := range []struct {
		name       string
		target     remediation.Target
		p          remediation.Protection
		refused    bool
		noneListed bool
	}{
		{"protected assignee (ids compared in lower case)", remediation.TargetOf(stale, &graph.Incident{AssigneeID: &p, RoleDefinitionID: &role}), protected, true, false},
		{"another assignee", target(id(2)), protected, false, false},
		{"no assignee, someone protected", remediation.TargetOf(stale, &graph.Incident{RoleDefinitionID: &role}), protected, true, false},
		{"no assignee, nobody protected", remediation.TargetOf(stale, &graph.Incident{RoleDefinitionID: &role}), remediation.Protection{}, false, false},
		{"no assignee, removes nothing", remediation.TargetOf(mfa, &graph.Incident{RoleTemplateID: &role}), protected, false, false},
		{"Global Administrator, nobody protected", target(id(2)), remediation.Protection{}, true, true},
		{"Global Administrator, nobody protected, allowed", target(id(2)), remediation.Protection{AllowUnprotectedGlobalAdminRemoval: true}, false, false},
		{"another role, nobody protected", remediation.TargetOf(stale, &graph.Incident{AssigneeID: &p, RoleDefinitionID: &role}), remediation.Protection{}, false, false},
	} {
		err := remediation.CheckProtected(c.target, c.p)
		var pe *remediation.ProtectedError
		if errors.As(err, &pe) != c.refused || (err != nil) != c.refused || pe != nil && pe.NoneListed != c.noneListed {
			t.Errorf("%s: %v, want refused %v", c.name, err, c.refused)
		}
	}
}

// Inside Terraform a run is named by the parent process, so every
// provider process of one terraform command shares it; outside, each
// call is a run of its own.
func TestThisRun(t *testing.T) {
	t.Setenv("TF_PLUGIN_MAGIC_COOKIE", "")
	if a, b := remediation.ThisRun(), remediation.ThisRun(); a == b || !strings.HasPrefix(a, "process-") {
		t.Errorf("outside Terraform: %q and %q", a, b)
	}
	t.Setenv("TF_PLUGIN_MAGIC_COOKIE", "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2")
	a, b := remediation.ThisRun(), remediation.ThisRun()
	if a != b || !strings.HasPrefix(a, fmt.Sprintf("terraform-%d-", os.Getppid())) || strings.HasSuffix(a, "-") {
		t.Errorf("inside Terraform: %q and %q, want the parent's id and start time", a, b)
	}
}

// When a read fails after a removal (a group's members), a count below the
// minimum is not proof: the removal is reported settled with a note, not
// as a loud failure.
func TestRemediateBelowMinimumUnverified(t *testing.T) {
	f := newFake(id(1), id(2))
	f.add(graph.RoleHolding{ID: "g", PrincipalID: id(9), Principal: graph.Principal{ID: id(9), Kind: graph.PrincipalGroup}})
	f.members[id(9)] = []graph.Principal{{ID: id(3), Kind: graph.PrincipalUser, AccountEnabled: enabled}}
	g := guard(t, 2, "", "")
	f.postHook = func() {
		f.memberErr = &graph.Error{Operation: "list group members", StatusCode: http.StatusServiceUnavailable}
	}
	res, err := g.Remediate(t.Context(), f, target(id(1)))
	if err != nil || !strings.Contains(res.Settled, "could not be read") || res.Remaining != 1 {
		t.Errorf("err %v, settled %q, remaining %d: want a note, not a failure", err, res.Settled, res.Remaining)
	}
}

// A remediation of another role whose holdings cannot be read (no
// RoleManagement.Read.Directory) is sent once and not waited on.
func TestRemediateUnrecordedDoesNotWait(t *testing.T) {
	f := newFake(id(1), id(2))
	f.readErr = &graph.Error{Operation: "list role assignments", StatusCode: http.StatusForbidden}
	role := "fe930be7-5e62-47db-91af-98c3a49a38b1"
	tg := remediation.TargetOf(lookup(alerttypes.StaleSignIn), &graph.Incident{ID: "x", AssigneeID: ptr(id(1)), RoleDefinitionID: &role})
	res, err := remediation.NewGuard(1, remediation.WithDir(t.TempDir()), remediation.WithRun("r"), remediation.WithWaits(time.Minute, time.Minute)).
		Remediate(t.Context(), f, tg)
	if err != nil || res.Unrecorded == nil || f.reads != 1 || len(f.sent()) != 1 {
		t.Errorf("err %v, unrecorded %v, %d reads, sent %v: want one read before and none after", err, res.Unrecorded, f.reads, f.sent())
	}
}
