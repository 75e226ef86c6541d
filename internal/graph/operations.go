package graph

import (
	"context"
	"fmt"
	"time"
)

// The terminal operation statuses (longRunningOperationStatus); the others
// are notStarted, running and unknownFutureValue.
const (
	StatusSucceeded = "succeeded"
	StatusFailed    = "failed"
)

// Operation is a longRunningOperation started by a refresh.
type Operation struct {
	// ID is opaque, for example "refresh:DirectoryRole_{tenant}_StaleSignInAlert".
	ID string
	// Status is notStarted, running, succeeded, failed or unknownFutureValue.
	Status string
	// StatusDetail explains a failure; often empty.
	StatusDetail string
	// ResourceLocation is the refreshed alert's URL once succeeded, "" before.
	ResourceLocation    string
	Created, LastAction *time.Time
}

// Final reports whether the operation has ended: any status other than
// notStarted and running, once Graph has given one.
func (o *Operation) Final() bool {
	switch o.Status {
	case "", "notStarted", "running":
		return false
	}
	return true
}

// opGetOperation reads a long-running operation.
var opGetOperation = readAlerts("get operation")

// GetOperation reads a long-running operation. The id may contain ':' and
// other reserved characters; it is percent-encoded in the path.
func (c *Client) GetOperation(ctx context.Context, operationID string) (*Operation, error) {
	ctx = withLogging(ctx)
	if operationID == "" {
		return nil, fmt.Errorf("%s: empty operation id", opGetOperation.name)
	}
	ri, err := c.root().Operations().ByLongRunningOperationId(operationID).ToGetRequestInformation(ctx, nil)
	if err != nil {
		return nil, c.wrapError(opGetOperation, err)
	}
	var w operationWire
	if err := c.get(ctx, opGetOperation, ri, &w); err != nil {
		return nil, err
	}
	o := w.operation()
	if o.ID == "" {
		o.ID = operationID
	}
	if o.Final() {
		// The scan has changed the alerts it refreshed.
		c.reads.operationEnded(operationID)
	}
	return &o, nil
}

// WaitOperation polls GetOperation with exponential backoff (from 500ms,
// doubling, at most 10s apart) until the operation ended (Final), or ctx
// ends. An operation that ended other than succeeded returns the Operation
// and an *OperationFailedError. When ctx ends first, the last Operation read is
// returned with an error wrapping ctx.Err(). onPoll, when given, hears
// every operation read.
func (c *Client) WaitOperation(ctx context.Context, operationID string, onPoll ...func(*Operation)) (*Operation, error) {
	ctx = withLogging(ctx)
	delay := c.pollStart
	for {
		o, err := c.GetOperation(ctx, operationID)
		if err != nil && transient(err) && ctx.Err() == nil {
			// The retry policy gave up on this poll; the operation itself
			// goes on, so keep polling until ctx ends.
			logWarn(ctx, "polling long-running operation failed; polling again", map[string]any{"operation_id": operationID, "error": err.Error()})
			if werr := Sleep(ctx, delay); werr != nil {
				return nil, fmt.Errorf("waiting for operation %q: %w (last error: %v)", operationID, werr, err)
			}
			delay = min(2*delay, c.pollMax)
			continue
		}
		if err != nil {
			return o, err
		}
		logDebug(ctx, "polled long-running operation", map[string]any{"operation_id": operationID, "status": o.Status})
		for _, f := range onPoll {
			f(o)
		}
		switch {
		case o.Status == StatusSucceeded:
			return o, nil
		case o.Final():
			// failed, or an end the client does not know (unknownFutureValue,
			// skipped): not a success.
			return o, &OperationFailedError{Operation: o}
		}
		if err := Sleep(ctx, delay); err != nil {
			return o, fmt.Errorf("waiting for operation %q (last status %q): %w", operationID, o.Status, err)
		}
		delay = min(2*delay, c.pollMax)
	}
}
