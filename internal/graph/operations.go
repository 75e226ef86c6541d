package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"

	khttp "github.com/microsoft/kiota-http-go"
	"github.com/microsoftgraph/msgraph-beta-sdk-go/models"
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

// GetOperation reads a long-running operation. The id may contain ':' and
// other reserved characters; it is percent-encoded in the path.
func (c *Client) GetOperation(ctx context.Context, operationID string) (*Operation, error) {
	ctx = withLogging(ctx)
	const op = "get operation"
	if operationID == "" {
		return nil, fmt.Errorf("%s: empty operation id", op)
	}
	ri, err := c.root().Operations().ByLongRunningOperationId(operationID).ToGetRequestInformation(ctx, nil)
	if err != nil {
		return nil, c.wrapError(op, err)
	}
	v, body, err := getOne[models.LongRunningOperationable](ctx, c, op, ri, models.CreateLongRunningOperationFromDiscriminatorValue)
	if err != nil {
		return nil, err
	}
	o := operationFromModel(v)
	if o.ID == "" {
		o.ID = operationID
	}
	if o.Status == "" {
		// A status the SDK's enum does not know (it parses to nil): keep
		// Graph's string, so that the operation's end is seen.
		var raw struct {
			Status string `json:"status"`
		}
		if json.Unmarshal(body, &raw) == nil {
			o.Status = raw.Status
		}
	}
	if o.Final() {
		// The scan has changed the alerts it refreshed.
		c.snap.operationEnded(operationID)
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
			if werr := sleepCtx(ctx, delay); werr != nil {
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
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return o, fmt.Errorf("waiting for operation %q (last status %q): %w", operationID, o.Status, ctx.Err())
		case <-t.C:
		}
		delay = min(2*delay, c.pollMax)
	}
}

// responseHeaders returns a request option that makes Kiota's headers
// inspection handler record the response headers; the generated Post methods
// of actions return only an error, so this is the one way to see Location.
func responseHeaders() *khttp.HeadersInspectionOptions {
	o := khttp.NewHeadersInspectionOptions()
	o.InspectResponseHeaders = true
	return o
}

// operationIDFromLocation takes the operation id from the Location header of
// a 202: the last path segment, percent-decoded
// (".../operations/refresh%3ADirectoryRole_…" → "refresh:DirectoryRole_…").
func operationIDFromLocation(op string, inspect *khttp.HeadersInspectionOptions) (string, error) {
	var location string
	for _, v := range inspect.GetResponseHeaders().Get("Location") {
		if v != "" {
			location = v
			break
		}
	}
	if location == "" {
		return "", &Error{Operation: op, Message: ErrMissingLocation.Error(), Err: ErrMissingLocation}
	}
	u, err := url.Parse(location)
	if err != nil {
		return "", &Error{Operation: op, Message: fmt.Sprintf("unreadable Location header %q: %v", location, err), Err: err}
	}
	escaped := strings.TrimRight(u.EscapedPath(), "/")
	if u.Opaque != "" && u.Host == "" && !strings.Contains(location, "/") {
		// A bare id ("refresh:DirectoryRole_…"), which url.Parse reads as
		// a scheme and an opaque part.
		escaped = location
	}
	segment := escaped[strings.LastIndexByte(escaped, '/')+1:]
	id, err := url.PathUnescape(segment)
	if err != nil || id == "" {
		return "", &Error{Operation: op, Message: fmt.Sprintf("no operation id in the Location header %q", location), Err: ErrMissingLocation}
	}
	return id, nil
}
