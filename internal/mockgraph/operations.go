package mockgraph

import (
	"time"
)

// Long-running operation states (microsoft.graph.longRunningOperationStatus).
const (
	statusNotStarted = "notStarted"
	statusRunning    = "running"
	statusSucceeded  = "succeeded"
	statusFailed     = "failed"
)

// defaultFailureDetail is the statusDetail of a failed refresh when the
// fault does not give one.
const defaultFailureDetail = "The scan of the tenant could not be completed. Try the refresh again later."

// operation is a refresh started by POST .../refresh. PIM runs it on its
// own: the Location it answers with is only for following it ("a
// long-running operation and returns a Location header that you can use to
// poll the status of the operation", how-to, Refresh alerts), so the scan
// happens at done whether or not anyone polls. Until then it is notStarted
// for the first half of the scan duration and running for the second.
type operation struct {
	id         string
	suffixes   []string // alert types to scan; nil = all
	target     string   // resourceLocation once succeeded
	created    time.Time
	done       time.Time
	lastAction time.Time
	status     string
	fail       bool
	failDetail string
}

func (t *tenant) operation(id string) *operation {
	for _, op := range t.operations {
		if op.id == id {
			return op
		}
	}
	return nil
}

// startOperation registers a new operation, replacing one with the same id.
func (t *tenant) startOperation(op *operation) {
	for i, old := range t.operations {
		if old.id == op.id {
			t.operations[i] = op
			return
		}
	}
	t.operations = append(t.operations, op)
}

// advance ends the operations whose time has come, in the order they end:
// a failed one changes nothing, a successful one runs its refresh. The
// server calls it before any look at the tenant.
func (t *tenant) advance(now time.Time) {
	for {
		var next *operation
		for _, op := range t.operations {
			if !op.ended() && !now.Before(op.done) && (next == nil || op.done.Before(next.done)) {
				next = op
			}
		}
		if next == nil {
			return
		}
		next.lastAction = next.done
		if next.fail {
			next.status = statusFailed
			continue
		}
		t.refresh(next.done, next.suffixes...)
		next.status = statusSucceeded
	}
}

func (op *operation) ended() bool { return op.status == statusSucceeded || op.status == statusFailed }

// observe moves an operation that has not ended to running once half its
// scan duration has passed.
func (op *operation) observe(now time.Time) {
	if op.ended() {
		return
	}
	if !now.Before(op.created.Add(op.done.Sub(op.created) / 2)) {
		op.status = statusRunning
	}
	op.lastAction = now
}

func renderOperation(op *operation) object {
	location, detail := "", ""
	switch op.status {
	case statusSucceeded:
		location = op.target
	case statusFailed:
		detail = op.failDetail
	}
	return object{
		{"id", op.id},
		{"createdDateTime", operationTime(op.created)},
		{"lastActionDateTime", operationTime(op.lastAction)},
		{"resourceLocation", location},
		{"status", op.status},
		{"statusDetail", detail},
	}
}
