package remediation_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/remediation"
)

const ga = alerttypes.GlobalAdministratorRoleID

// fakeGraph is a tenant whose role reads can lag behind its remediations
// (lagging: reads keep answering the holders it started with) or fail.
type fakeGraph struct {
	endpoint string
	lagging  bool
	// unfiltered answers every holding, whatever the role asked for.
	unfiltered bool
	readErr    error // answered by fresh reads
	postErr    error // answered by remediations (which then do not remove)
	latency    time.Duration

	mu       sync.Mutex
	holders  []graph.RoleHolding
	initial  []graph.RoleHolding
	posts    []string
	inFlight int
	maxIn    int
}

func newFake(t *testing.T, principals ...string) *fakeGraph {
	f := &fakeGraph{endpoint: "https://" + strings.ReplaceAll(t.Name(), "/", "-") + ".test"}
	for i, p := range principals {
		f.holders = append(f.holders, graph.RoleHolding{ID: fmt.Sprint("a", i), PrincipalID: p, RoleDefinitionID: ga, DirectoryScopeID: "/", Eligible: i%2 == 1})
	}
	f.initial = append([]graph.RoleHolding(nil), f.holders...)
	return f
}

func (f *fakeGraph) TenantID(context.Context) (string, error) {
	return "00000000-0000-0000-0000-000000000000", nil
}
func (f *fakeGraph) Endpoint() string { return f.endpoint }

func (f *fakeGraph) ListRoleHoldings(_ context.Context, role string, _ bool) ([]graph.RoleHolding, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.readErr != nil {
		return nil, f.readErr
	}
	hs := f.holders
	if f.lagging {
		hs = f.initial
	}
	var out []graph.RoleHolding
	for _, h := range hs {
		if h.RoleDefinitionID == role || f.unfiltered {
			out = append(out, h)
		}
	}
	return out, nil
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
	if f.postErr != nil {
		return f.postErr
	}
	var kept []graph.RoleHolding
	for _, h := range f.holders {
		if h.PrincipalID != incidentID {
			kept = append(kept, h)
		}
	}
	f.holders = kept
	return nil
}

func tooManyGA() alerttypes.AlertType {
	at, _ := alerttypes.Builtin().Lookup(alerttypes.TooManyGlobalAdmins)
	return at
}

func target(principal string) remediation.Target {
	id := principal
	return remediation.TargetOf(tooManyGA(), &graph.Incident{ID: principal, AssigneeID: &id})
}

func TestTargetOf(t *testing.T) {
	cat := alerttypes.Builtin()
	look := func(s string) alerttypes.AlertType { at, _ := cat.Lookup(s); return at }
	p, role := "p1", "fe930be7-5e62-47db-91af-98c3a49a38b1"
	upperGA, braced := strings.ToUpper(ga), "{"+ga+"}"
	for _, c := range []struct {
		name    string
		at      alerttypes.AlertType
		inc     graph.Incident
		role    string
		removes bool
		isGA    bool
		unknown string
	}{
		{"Global Administrator in upper case", look(alerttypes.StaleSignIn), graph.Incident{AssigneeID: &p, RoleDefinitionID: &upperGA}, ga, true, true, ""},
		{"role not a GUID: taken for Global Administrator", look(alerttypes.StaleSignIn), graph.Incident{AssigneeID: &p, RoleDefinitionID: &braced}, ga, true, true, braced},
		{"too many GA: the incident names no role", look(alerttypes.TooManyGlobalAdmins), graph.Incident{AssigneeID: &p}, ga, true, true, ""},
		{"stale of another role", look(alerttypes.StaleSignIn), graph.Incident{AssigneeID: &p, RoleDefinitionID: &role}, role, true, false, ""},
		{"stale by template id", look(alerttypes.StaleSignIn), graph.Incident{AssigneeID: &p, RoleTemplateID: &role}, role, true, false, ""},
		{"role unknown: taken for Global Administrator", look(alerttypes.RedundantAssignment), graph.Incident{AssigneeID: &p}, ga, true, true, ""},
		{"MFA on activation removes nothing", look(alerttypes.NoMfaOnRoleActivation), graph.Incident{RoleTemplateID: &role}, "", false, false, ""},
	} {
		got := remediation.TargetOf(c.at, &c.inc)
		if got.RoleDefinitionID != c.role || got.RemovesAssignment() != c.removes || got.RemovesGlobalAdministrator() != c.isGA || got.UnknownRole != c.unknown {
			t.Errorf("%s: %+v", c.name, got)
		}
	}
}

// Right before each request the guard re-reads the holders and discounts
// the principals this process removed: with reads that never catch up, the
// fourth of five remediations is still refused.
func TestRemediateCountsOwnRemovals(t *testing.T) {
	for _, lagging := range []bool{false, true} {
		t.Run(fmt.Sprint("lagging=", lagging), func(t *testing.T) {
			f := newFake(t, "p1", "p2", "p3", "p4", "p5")
			f.lagging = lagging
			g := remediation.NewGuard(2)
			var refused int
			for _, p := range []string{"p1", "p2", "p3", "p4", "p5"} {
				res, err := g.Remediate(context.Background(), f, target(p))
				var r *remediation.RefusedError
				switch {
				case errors.As(err, &r):
					refused++
					if r.Remaining != 1 || r.Min != 2 || !r.AtApply || !strings.Contains(err.Error(), "not sent") {
						t.Errorf("%s refused: %+v %v", p, r, err)
					}
				case err != nil:
					t.Fatalf("%s: %v", p, err)
				default:
					if len(res.Removed) != 1 || res.Removed[0].PrincipalID != p || res.Remaining < 2 {
						t.Errorf("%s: result %+v", p, res)
					}
				}
			}
			if refused != 2 || len(f.posts) != 3 {
				t.Errorf("refused %d and sent %v, want 2 refused and 3 sent", refused, f.posts)
			}
		})
	}
}

// Concurrent remediations of one tenant run one at a time and stop at the
// minimum, also through two guards (two provider aliases).
func TestRemediateConcurrent(t *testing.T) {
	f := newFake(t, "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9", "p10")
	f.latency = 10 * time.Millisecond
	guards := []*remediation.Guard{remediation.NewGuard(3), remediation.NewGuard(3)}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var ok, refused int
	for i := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := guards[i%2].Remediate(context.Background(), f, target(fmt.Sprint("p", i+1)))
			var r *remediation.RefusedError
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				ok++
			case errors.As(err, &r):
				refused++
			default:
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if ok != 7 || refused != 3 || len(f.holders) != 3 || f.maxIn != 1 {
		t.Errorf("%d remediated, %d refused, %d holders left, at most %d at once; want 7, 3, 3, 1", ok, refused, len(f.holders), f.maxIn)
	}
}

// When the holders cannot be read right before the request, nothing is
// sent; a 403 names the permission.
func TestRemediateFailsClosed(t *testing.T) {
	forbidden := &graph.Error{Operation: "list role assignments", StatusCode: http.StatusForbidden, Code: "Authorization_RequestDenied"}
	for name, readErr := range map[string]error{
		"forbidden":   forbidden,
		"unavailable": &graph.Error{Operation: "list role assignments", StatusCode: http.StatusServiceUnavailable},
		"no answer":   &graph.Error{Operation: "list role assignments", Err: errors.New("connection reset")},
	} {
		t.Run(name, func(t *testing.T) {
			f := newFake(t, "p1", "p2", "p3", "p4")
			f.readErr = readErr
			_, err := remediation.NewGuard(2).Remediate(context.Background(), f, target("p1"))
			var u *remediation.UncheckedError
			if !errors.As(err, &u) || len(f.posts) != 0 {
				t.Fatalf("err %v, posts %v: want an UncheckedError and nothing sent", err, f.posts)
			}
			if u.Forbidden() != (readErr == forbidden) || (readErr == forbidden) != strings.Contains(err.Error(), graph.RoleManagementReadPermission) {
				t.Errorf("403 not reported as the missing permission: %v", err)
			}
		})
	}
	t.Run("role not a GUID", func(t *testing.T) {
		f := newFake(t, "p1", "p2", "p3", "p4")
		at, _ := alerttypes.Builtin().Lookup(alerttypes.StaleSignIn)
		p, role := "p1", " "+ga
		tg := remediation.TargetOf(at, &graph.Incident{ID: "x", AssigneeID: &p, RoleDefinitionID: &role})
		for _, check := range []func() error{
			func() error { _, err := remediation.NewGuard(1).Check(context.Background(), f, tg); return err },
			func() error { _, err := remediation.NewGuard(1).Remediate(context.Background(), f, tg); return err },
		} {
			err := check()
			var u *remediation.UncheckedError
			if !errors.As(err, &u) || len(f.posts) != 0 || !strings.Contains(err.Error(), "not a role definition id") {
				t.Errorf("err %v, posts %v", err, f.posts)
			}
		}
	})
	t.Run("no assignee", func(t *testing.T) {
		f := newFake(t, "p1", "p2", "p3")
		_, err := remediation.NewGuard(1).Remediate(context.Background(), f, remediation.TargetOf(tooManyGA(), &graph.Incident{ID: "x"}))
		var u *remediation.UncheckedError
		if !errors.As(err, &u) || len(f.posts) != 0 {
			t.Errorf("err %v, posts %v", err, f.posts)
		}
	})
}

// A remediation whose outcome is unknown counts as removed; one Graph
// rejected does not.
func TestRemediateUnknownOutcome(t *testing.T) {
	for name, c := range map[string]struct {
		err     error
		counted bool
	}{
		"connection lost": {&graph.Error{Operation: "remediate incident", Err: errors.New("EOF")}, true},
		"gateway timeout": {&graph.Error{Operation: "remediate incident", StatusCode: http.StatusGatewayTimeout}, true},
		"rejected":        {&graph.Error{Operation: "remediate incident", StatusCode: http.StatusBadRequest}, false},
	} {
		t.Run(name, func(t *testing.T) {
			f := newFake(t, "p1", "p2", "p3")
			f.postErr, f.lagging = c.err, true
			g := remediation.NewGuard(2)
			if _, err := g.Remediate(context.Background(), f, target("p1")); err == nil {
				t.Fatal("no error")
			}
			f.postErr = nil
			_, err := g.Remediate(context.Background(), f, target("p2"))
			var r *remediation.RefusedError
			if errors.As(err, &r) != c.counted {
				t.Errorf("after %s the next remediation: %v (counted as removed: want %v)", name, err, c.counted)
			}
		})
	}
}

// Waiting for the turn ends with the operation's time, refused.
func TestRemediateWaitEndsWithContext(t *testing.T) {
	f := newFake(t, "p1", "p2", "p3", "p4", "p5")
	f.latency = 300 * time.Millisecond
	g := remediation.NewGuard(1)
	done := make(chan struct{})
	go func() { defer close(done); _, _ = g.Remediate(context.Background(), f, target("p1")) }()
	time.Sleep(50 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := g.Remediate(ctx, f, target("p2"))
	var u *remediation.UncheckedError
	if !errors.As(err, &u) || !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "time ran out") {
		t.Errorf("err = %v, want a refusal because the time ran out", err)
	}
	<-done
}

// The plan-time check: a target removing no Global Administrator passes
// without a read; one below the minimum is refused; a 403 fails closed.
func TestCheck(t *testing.T) {
	f := newFake(t, "p1", "p2")
	g := remediation.NewGuard(2)
	other := "fe930be7-5e62-47db-91af-98c3a49a38b1"
	at, _ := alerttypes.Builtin().Lookup(alerttypes.StaleSignIn)
	p := "p1"
	if n, err := g.Check(context.Background(), f, remediation.TargetOf(at, &graph.Incident{AssigneeID: &p, RoleDefinitionID: &other})); n != -1 || err != nil {
		t.Errorf("another role: %d %v", n, err)
	}
	var r *remediation.RefusedError
	if n, err := g.Check(context.Background(), f, target("p1")); n != 1 || !errors.As(err, &r) || r.AtApply {
		t.Errorf("below the minimum: %d %v", n, err)
	}
	if n, err := remediation.NewGuard(1).Check(context.Background(), f, target("p1")); n != 1 || err != nil {
		t.Errorf("at the minimum: %d %v", n, err)
	}
	f.readErr = &graph.Error{Operation: "list role assignments", StatusCode: http.StatusForbidden}
	var u *remediation.UncheckedError
	if _, err := g.Check(context.Background(), f, target("p1")); !errors.As(err, &u) || !u.Forbidden() {
		t.Errorf("403: %v", err)
	}
	if got := remediation.NewGuard(0).Min(); got != 1 {
		t.Errorf("NewGuard(0).Min() = %d, want 1", got)
	}
}

// Only holdings of the Global Administrator role count, also when Graph
// answers rows of other roles (a filter it did not apply).
func TestCheckCountsOnlyTheRole(t *testing.T) {
	f := newFake(t, "p1", "p2")
	f.unfiltered = true
	f.holders = append(f.holders, graph.RoleHolding{ID: "other", PrincipalID: "p9", RoleDefinitionID: "fe930be7-5e62-47db-91af-98c3a49a38b1", DirectoryScopeID: "/"})
	var r *remediation.RefusedError
	if n, err := remediation.NewGuard(2).Check(context.Background(), f, target("p1")); n != 1 || !errors.As(err, &r) {
		t.Errorf("remaining %d, err %v: want 1 and a refusal", n, err)
	}
	res, err := remediation.NewGuard(1).Remediate(context.Background(), f, target("p2"))
	if err != nil || len(res.Removed) != 1 || res.Removed[0].PrincipalID != "p2" {
		t.Errorf("removed %+v, err %v: want p2's one Global Administrator holding", res.Removed, err)
	}
}

// The endpoint's case and default port do not split a tenant's record of
// removals: the second remediation, through https://HOST:443, still counts
// the first one's removal.
func TestRemediateSharesStateAcrossEndpointSpellings(t *testing.T) {
	f := newFake(t, "p1", "p2", "p3")
	f.lagging = true
	g := remediation.NewGuard(2)
	if _, err := g.Remediate(context.Background(), f, target("p1")); err != nil {
		t.Fatal(err)
	}
	f.endpoint = strings.ToUpper(f.endpoint) + ":443"
	var r *remediation.RefusedError
	if _, err := g.Remediate(context.Background(), f, target("p2")); !errors.As(err, &r) {
		t.Errorf("through %s: %v, want a refusal that counts p1's removal", f.endpoint, err)
	}
}

// A protected assignee is refused; so is a remediation that removes an
// assignment of an assignee it does not name, while anyone is protected.
func TestCheckProtected(t *testing.T) {
	at, _ := alerttypes.Builtin().Lookup(alerttypes.StaleSignIn)
	mfa, _ := alerttypes.Builtin().Lookup(alerttypes.NoMfaOnRoleActivation)
	p, role := "P1", "fe930be7-5e62-47db-91af-98c3a49a38b1"
	protected := map[string]bool{"p1": true}
	for _, c := range []struct {
		name      string
		target    remediation.Target
		protected map[string]bool
		refused   bool
	}{
		{"protected assignee (ids compared in lower case)", remediation.TargetOf(at, &graph.Incident{AssigneeID: &p, RoleDefinitionID: &role}), protected, true},
		{"another assignee", target("p2"), protected, false},
		{"no assignee, someone protected", remediation.TargetOf(at, &graph.Incident{RoleDefinitionID: &role}), protected, true},
		{"no assignee, nobody protected", remediation.TargetOf(at, &graph.Incident{RoleDefinitionID: &role}), nil, false},
		{"no assignee, removes nothing", remediation.TargetOf(mfa, &graph.Incident{RoleTemplateID: &role}), protected, false},
	} {
		err := remediation.CheckProtected(c.target, c.protected)
		var pe *remediation.ProtectedError
		if errors.As(err, &pe) != c.refused || (err != nil) != c.refused {
			t.Errorf("%s: %v, want refused %v", c.name, err, c.refused)
		}
	}
}
