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

// operation is a refresh started by POST .../refresh. It completes on the
// (polls+1)-th GET: only then are the scans run and the alerts updated.
type operation struct {
	id         string
	suffixes   []string // alert types to scan; nil = all
	target     string   // resourceLocation once succeeded
	created    time.Time
	lastAction time.Time
	gets       int
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

// poll advances op by one GET: notStarted, running, ..., then the terminal
// state. Completing a successful operation runs its scans.
func (t *tenant) poll(op *operation, polls int, now time.Time) {
	if op.status == statusSucceeded || op.status == statusFailed {
		return
	}
	op.gets++
	op.lastAction = now
	switch {
	case op.gets <= polls && op.gets == 1:
		op.status = statusNotStarted
	case op.gets <= polls:
		op.status = statusRunning
	case op.fail:
		op.status = statusFailed
	default:
		t.scanAll(now, op.suffixes...)
		op.status = statusSucceeded
	}
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
