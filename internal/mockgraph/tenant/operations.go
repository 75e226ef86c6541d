package tenant

import (
	"time"
)

// Long-running operation states (microsoft.graph.longRunningOperationStatus).
const (
	StatusNotStarted = "notStarted"
	StatusRunning    = "running"
	StatusSucceeded  = "succeeded"
	StatusFailed     = "failed"
)

// defaultFailureDetail is the statusDetail of a failed refresh when the
// fault does not give one.
const defaultFailureDetail = "The scan of the tenant could not be completed. Try the refresh again later."

// Operation is a refresh started by POST .../refresh. PIM runs it on its
// own: the Location it answers with is only for following it ("a
// long-running operation and returns a Location header that you can use to
// poll the status of the operation", how-to, Refresh alerts), so the scan
// happens at done whether or not anyone polls. Until then it is notStarted
// for the first half of the scan duration and running for the second.
type Operation struct {
	ID         string
	suffixes   []string // alert types to scan; nil = all
	Target     string   // resourceLocation once succeeded
	Created    time.Time
	done       time.Time
	LastAction time.Time
	Status     string
	fail       bool
	FailDetail string
}

// Operation finds an operation and observes it (see observe).
func (m *Model) Operation(id string) *Operation {
	for _, op := range m.Operations {
		if op.ID == id {
			op.observe(m.now)
			return op
		}
	}
	return nil
}

// StartRefresh starts a refresh of the given alert types (all when none)
// whose result is at target; with fail set (a fault of the harness) it
// ends failed with failDetail (a default when empty). It replaces an
// operation with the same id.
func (m *Model) StartRefresh(id string, suffixes []string, target string, fail bool, failDetail string) {
	if fail && failDetail == "" {
		failDetail = defaultFailureDetail
	}
	op := &Operation{ID: id, suffixes: suffixes, Target: target, Created: m.now, done: m.now.Add(m.behaviour.ScanDuration),
		LastAction: m.now, Status: StatusNotStarted, fail: fail, FailDetail: failDetail}
	for i, old := range m.Operations {
		if old.ID == op.ID {
			m.Operations[i] = op
			return
		}
	}
	m.Operations = append(m.Operations, op)
}

// advance ends the operations whose time has come, in the order they end:
// a failed one changes nothing, a successful one runs its refresh. The
// server calls it before any look at the tenant.
func (m *Model) advance(now time.Time) {
	for {
		var next *Operation
		for _, op := range m.Operations {
			if !op.ended() && !now.Before(op.done) && (next == nil || op.done.Before(next.done)) {
				next = op
			}
		}
		if next == nil {
			return
		}
		next.LastAction = next.done
		if next.fail {
			next.Status = StatusFailed
			continue
		}
		m.refresh(next.done, next.suffixes...)
		next.Status = StatusSucceeded
	}
}

func (op *Operation) ended() bool { return op.Status == StatusSucceeded || op.Status == StatusFailed }

// observe moves an operation that has not ended to running once half its
// scan duration has passed.
func (op *Operation) observe(now time.Time) {
	if op.ended() {
		return
	}
	if !now.Before(op.Created.Add(op.done.Sub(op.Created) / 2)) {
		op.Status = StatusRunning
	}
	op.LastAction = now
}
