package remediation

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
)

// Guard enforces the Global Administrator minimum for one provider
// configuration. What guards of the same tenant share (the run's planned
// removals, the removals sent, the turn) is in the machine's ledger, so
// they agree whatever process or alias they belong to.
type Guard struct {
	min int
	run string
	dir string
	now func() time.Time
	// confirmWait bounds the wait, after a removal Graph accepted, for its
	// reads to show it; settleWait bounds the re-reads that settle a
	// request whose answer was lost.
	confirmWait, settleWait time.Duration
}

// Option configures a Guard.
type Option func(*Guard)

// WithRun sets the key of the run (default: ThisRun()).
func WithRun(run string) Option { return func(g *Guard) { g.run = run } }

// WithDir sets the directory of the ledgers (default, and when dir is "":
// entrapim-guard-UID in the temporary directory). The provider passes
// $ENTRAPIM_GUARD_DIR (GuardDirEnv).
func WithDir(dir string) Option { return func(g *Guard) { g.dir = dir } }

// WithWaits sets how long the guard waits for Graph to show a removal it
// accepted, and for re-reads that settle a lost answer (default 30s each).
func WithWaits(confirm, settle time.Duration) Option {
	return func(g *Guard) { g.confirmWait, g.settleWait = confirm, settle }
}

// NewGuard returns a guard of minimum principals (at least 1).
func NewGuard(minimum int, opts ...Option) *Guard {
	g := &Guard{min: max(minimum, 1), now: time.Now, confirmWait: 30 * time.Second, settleWait: 30 * time.Second}
	for _, o := range opts {
		o(g)
	}
	if g.run == "" {
		g.run = ThisRun()
	}
	return g
}

// Min returns the minimum.
func (g *Guard) Min() int { return g.min }

// ledgerOf returns the ledger of c's tenant.
func (g *Guard) ledgerOf(ctx context.Context, c Graph) (*ledger, error) {
	tenant, err := c.TenantID(ctx)
	if err != nil {
		return nil, err
	}
	return openLedger(g.dir, c.Endpoint(), tenant)
}

// PlanCheck is what the plan-time check of a Global Administrator removal
// found.
type PlanCheck struct {
	// Now is who counts now (removals sent from this machine that Graph
	// does not show yet left out).
	Now Holders
	// After is who counts after this run's removals planned so far.
	After Holders
	// Planned describes this run's Global Administrator removals of the
	// tenant planned so far, this one included.
	Planned []string
}

// Plan is the plan-time check of t. A target that removes no Global
// Administrator passes with a zero PlanCheck. Otherwise t joins the
// removals this run plans against the tenant, and Plan returns a
// *RefusedError when all of them together would leave fewer than the
// minimum, or an *UncheckedError when it cannot tell. Because every check
// adds its own removal before counting, the run's last check counts them
// all: whether the plan fails does not depend on the order.
func (g *Guard) Plan(ctx context.Context, c Graph, t Target) (PlanCheck, error) {
	if !t.RemovesGlobalAdministrator() {
		return PlanCheck{}, nil
	}
	if err := t.unchecked(); err != nil {
		return PlanCheck{}, err
	}
	l, err := g.ledgerOf(ctx, c)
	if err != nil {
		return PlanCheck{}, &UncheckedError{Target: t, Err: err}
	}
	hs, err := c.ListRoleHoldings(ctx, alerttypes.GlobalAdministratorRoleID, false)
	if err != nil {
		return PlanCheck{}, &UncheckedError{Target: t, Err: err}
	}
	var planned []plannedRemoval
	var pending map[string]bool
	now := g.now()
	err = l.update(ctx, now, func(d *ledgerData) {
		r := d.Runs[g.run]
		if r == nil {
			r = &plannedRun{}
			d.Runs[g.run] = r
		}
		r.Updated = now
		me := plannedRemoval{AlertType: t.Type.Suffix, IncidentID: t.IncidentID, PrincipalID: t.principal(), Principal: t.Principal}
		if !slices.Contains(r.Removals, me) {
			r.Removals = append(r.Removals, me)
		}
		planned, pending = slices.Clone(r.Removals), d.pending()
	})
	if err != nil {
		return PlanCheck{}, &UncheckedError{Target: t, Err: err}
	}
	without := maps.Clone(pending)
	members := groupMembers(ctx, c, false)
	check := PlanCheck{Now: countHolders(hs, members, pending, now)}
	for _, p := range planned {
		without[p.PrincipalID] = true
		check.Planned = append(check.Planned, p.String())
	}
	check.After = countHolders(hs, members, without, now)
	if check.After.N() < g.min {
		return check, &RefusedError{Target: t, Holders: check.After, Min: g.min, Planned: check.Planned}
	}
	return check, nil
}

// Result is what a remediation did.
type Result struct {
	// Removed are the assignments of the assignee to the target's roles
	// that Graph listed right before the request: what PIM's "remove the
	// user from the role" takes away. Empty when the target removes nothing.
	Removed []graph.RoleHolding
	// Unrecorded is why Removed could not be read (nil when it was); the
	// request was still sent, because the target removes no Global
	// Administrator.
	Unrecorded error
	// Remaining is how many principals count toward the minimum after a
	// Global Administrator removal, from the re-read; otherwise -1.
	Remaining int
	// Holders is who counts after a Global Administrator removal.
	Holders Holders
	// Settled says how the outcome was told when Graph's answer did not
	// tell it (a lost answer, a refusal of an incident already remediated,
	// a removal Graph did not show within the wait); "" otherwise.
	Settled string
}

// Remediate remediates t. For a target that removes a Global
// Administrator it waits for the tenant's turn on this machine (or until
// ctx ends), reads the holders from Graph, refuses (*RefusedError) when
// fewer than the minimum would remain or (*UncheckedError) when it cannot
// tell, and otherwise sends the request, keeps the turn until a re-read
// shows the removal (bounded) and returns a *BelowMinimumError when that
// re-read counts fewer than the minimum. A request whose answer was lost
// is settled by re-reading; when that cannot tell, the error is an
// *UnknownOutcomeError and Result holds what may have been removed.
func (g *Guard) Remediate(ctx context.Context, c Graph, t Target) (Result, error) {
	res := Result{Remaining: -1}
	if !t.RemovesAssignment() {
		err := c.RemediateIncident(ctx, t.Type, t.IncidentID)
		if err != nil && !graph.NotDone(err) && !graph.Rejected(err) {
			return res, &UnknownOutcomeError{Target: t, Err: err, Why: "this remediation removes no role assignment that a read could show"}
		}
		return res, err
	}
	if !t.RemovesGlobalAdministrator() {
		before, err := readHoldings(ctx, c, t)
		if err != nil {
			res.Unrecorded = err
		} else {
			res.Removed = t.holdingsOf(before)
		}
		res, _, _, err = g.settle(ctx, c, t, res, c.RemediateIncident(ctx, t.Type, t.IncidentID))
		return res, err
	}
	if err := t.unchecked(); err != nil {
		return res, err
	}
	l, err := g.ledgerOf(ctx, c)
	if err != nil {
		return res, &UncheckedError{Target: t, Err: err}
	}
	release, err := l.takeTurn(ctx)
	if err != nil {
		return res, &UncheckedError{Target: t, Err: err}
	}
	defer release()

	hs, err := readHoldings(ctx, c, t)
	if err != nil {
		return res, &UncheckedError{Target: t, Err: err}
	}
	var pending map[string]bool
	if err := l.update(ctx, g.now(), func(d *ledgerData) { pending = d.pending() }); err != nil {
		return res, &UncheckedError{Target: t, Err: err}
	}
	without := maps.Clone(pending)
	without[t.principal()] = true
	if holders := countHolders(hs, groupMembers(ctx, c, true), without, g.now()); holders.N() < g.min {
		return res, &RefusedError{Target: t, Holders: holders, Min: g.min, AtApply: true}
	}
	res.Removed = t.holdingsOf(hs)
	sent := sentRemoval{AlertType: t.Type.Suffix, IncidentID: t.IncidentID, PrincipalID: t.principal(), At: g.now()}
	if err := l.update(ctx, g.now(), func(d *ledgerData) { d.Sent = append(d.Sent, sent) }); err != nil {
		return res, &UncheckedError{Target: t, Err: err}
	}

	res, after, done, err := g.settle(ctx, c, t, res, c.RemediateIncident(ctx, t.Type, t.IncidentID))
	// The record outlives a cancelled ctx: it is what later removals count.
	lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), g.settleWait)
	defer cancel()
	_ = l.update(lctx, g.now(), func(d *ledgerData) {
		i := slices.IndexFunc(d.Sent, func(s sentRemoval) bool {
			return s.IncidentID == sent.IncidentID && s.AlertType == sent.AlertType && s.At.Equal(sent.At)
		})
		switch {
		case i < 0 && done:
			// Pruned while the request waited out throttling: record it again.
			sent.At = g.now()
			d.Sent = append(d.Sent, sent)
		case i < 0:
		case !done:
			d.Sent = slices.Delete(d.Sent, i, i+1)
		case err == nil && res.Settled == "":
			d.Sent[i].Confirmed = true
		}
	})
	if err != nil || after == nil {
		return res, err
	}
	res.Holders = countHolders(after, groupMembers(lctx, c, true), without, g.now())
	res.Remaining = res.Holders.N()
	switch {
	case res.Remaining >= g.min:
	case res.Holders.Unverified:
		// A read failed: not proof that the minimum broke.
		res.Settled = strings.TrimPrefix(res.Settled+"; ", "; ") + fmt.Sprintf("after the removal the provider counted %d principal(s) "+
			"able to administer the tenant with the Global Administrator role, fewer than min_global_admins = %d, but some holders "+
			"could not be read (%s): check the tenant's Global Administrators", res.Remaining, g.min, res.Holders.describe())
	default:
		return res, &BelowMinimumError{Target: t, Removed: res.Removed, Holders: res.Holders, Min: g.min}
	}
	return res, nil
}

// settle tells what a sent request did from its error and, where that does
// not tell, from re-reads of the assignee's holdings. It returns the
// result, the last holdings read after the request (nil when none was
// read), whether the request took or may have taken effect, and the error
// to report (nil when it took effect).
func (g *Guard) settle(ctx context.Context, c Graph, t Target, res Result, sendErr error) (Result, []graph.RoleHolding, bool, error) {
	recorded := res.Unrecorded == nil
	switch {
	case sendErr == nil && !recorded:
		// What it removed could not be read before: nothing to wait for.
		return res, nil, true, nil
	case sendErr == nil:
		after, took, err := g.await(ctx, c, t, res.Removed, g.confirmWait)
		if !took {
			why := "its reads still listed the assignment"
			if err != nil {
				why = "it could not be read again: " + err.Error()
			}
			res.Settled = "Graph accepted the request, but " + why + " when the wait of " + g.confirmWait.String() + " ended"
			if t.RemovesGlobalAdministrator() {
				res.Settled += "; later remediations on this machine count the assignee as removed for the next hour"
			}
		}
		return res, after, true, nil
	case graph.NotDone(sendErr):
		return res, nil, false, sendErr
	case graph.Rejected(sendErr):
		after, err := readHoldings(ctx, c, t)
		if err != nil || len(t.holdingsOf(after)) > 0 {
			return res, nil, false, sendErr
		}
		res.Settled = "Graph refused the request (" + sendErr.Error() + "), and " + t.Principal +
			" holds no assignment of the role: the incident had been remediated already"
		return res, after, true, nil
	}
	// The request was sent and its answer lost: a dropped connection, a
	// 5xx, the operation's time running out or an interrupt.
	if !recorded {
		return res, nil, true, &UnknownOutcomeError{Target: t, Err: sendErr, Why: "what it would remove could not be read before the request"}
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), g.settleWait)
	defer cancel()
	after, took, err := g.await(sctx, c, t, res.Removed, g.settleWait)
	if !took {
		why := "a re-read of Graph still lists the assignment"
		if err != nil {
			why = "Graph could not be read again: " + err.Error()
		}
		return res, nil, true, &UnknownOutcomeError{Target: t, Err: sendErr, Why: why}
	}
	res.Settled = "Graph's answer was lost (" + sendErr.Error() + "), but a re-read shows the assignment removed"
	return res, after, true, nil
}

// await re-reads the assignee's holdings until they show the removal of
// before (took) or wait ends; it returns the last holdings read and the
// last read error.
func (g *Guard) await(ctx context.Context, c Graph, t Target, before []graph.RoleHolding, wait time.Duration) ([]graph.RoleHolding, bool, error) {
	deadline := time.Now().Add(wait)
	pause := 250 * time.Millisecond
	var last []graph.RoleHolding
	var lastErr error
	for {
		hs, err := readHoldings(ctx, c, t)
		if err == nil {
			last, lastErr = hs, nil
			if tookEffect(before, t.holdingsOf(hs)) {
				return hs, true, nil
			}
		} else {
			lastErr = err
		}
		if time.Now().Add(pause).After(deadline) || graph.Sleep(ctx, pause) != nil {
			return last, false, lastErr
		}
		pause = min(2*pause, 2*time.Second)
	}
}

// tookEffect reports whether now, the assignee's holdings after a removal,
// shows the removal of before: one of them is gone (PIM may remove one
// assignment or all), or there was nothing to remove and nothing is there.
func tookEffect(before, now []graph.RoleHolding) bool {
	if len(before) == 0 {
		return len(now) == 0
	}
	for _, b := range before {
		if !slices.ContainsFunc(now, func(h graph.RoleHolding) bool { return strings.EqualFold(h.ID, b.ID) }) {
			return true
		}
	}
	return false
}

// readHoldings reads, fresh, the holdings of every role t names.
func readHoldings(ctx context.Context, c Graph, t Target) ([]graph.RoleHolding, error) {
	var out []graph.RoleHolding
	for _, role := range t.RoleIDs {
		hs, err := c.ListRoleHoldings(ctx, role, true)
		if err != nil {
			return nil, err
		}
		out = append(out, hs...)
	}
	return out, nil
}
