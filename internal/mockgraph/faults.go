package mockgraph

import (
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/graphapi"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/harness"
)

// ParseFault parses the command-line form "kind[:route[:rate[:count]]]"
// (see harness.ParseFault).
func ParseFault(spec string) (Fault, error) { return harness.ParseFault(spec) }

// AddFault injects f and returns its id (for RemoveFault).
func (s *Server) AddFault(f Fault) (id string) { return s.faults.Add(f) }

// RemoveFault removes one fault.
func (s *Server) RemoveFault(id string) { s.faults.Remove(id) }

// ClearFaults removes every fault.
func (s *Server) ClearFaults() { s.faults.Clear() }

// Faults returns the active faults by id.
func (s *Server) Faults() map[string]Fault { return s.faults.All() }

// target is what a fault may match of the request.
func (s *Server) target(c *call, rt route) harness.Target {
	return harness.Target{Route: rt.name, Graph: rt.kind == kindGraph, Method: c.R.Method, Path: c.R.URL.Path, AlertID: s.AlertID}
}

// failOperation reports whether a failOperation fault applies to this
// refresh request, and the statusDetail it gives.
func (s *Server) failOperation(c *graphapi.Call) (detail string, fail bool) {
	f, id, ok := s.faults.TakeFailOperation(harness.Target{Route: c.Route, Graph: true, Method: c.R.Method, Path: c.R.URL.Path, AlertID: s.AlertID})
	if ok {
		s.logf("fault %s: refresh operation will fail", id)
	}
	return f.StatusDetail, ok
}

func retryAfter(d time.Duration) string {
	secs := int(math.Ceil(d.Seconds()))
	return strconv.Itoa(max(secs, 1))
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// injectFaults applies the faults firing for this request before (after
// false) or after it is handled; it reports whether the request has been
// answered (or dropped).
func (s *Server) injectFaults(c *call, rt route, after bool) bool {
	for _, f := range s.faults.Firing(s.target(c, rt), after) {
		s.logf("fault %s on %s %s", f.Kind, c.R.Method, c.R.URL.Path)
		var e *graphapi.Error
		switch f.Kind {
		case FaultLatency:
			if !sleep(c.R, f.Latency) {
				return true
			}
			continue
		case FaultDrop:
			c.drop()
			return true
		case FaultThrottle:
			e = graphapi.Errorf(http.StatusTooManyRequests, orDefault(f.Code, "TooManyRequests"),
				"%s", orDefault(f.Message, "Too many requests. The request was throttled; retry after "+retryAfter(f.RetryAfter)+" seconds.")).
				WithHeader("Retry-After", retryAfter(f.RetryAfter))
		case FaultUnavailable:
			e = graphapi.Errorf(http.StatusServiceUnavailable, orDefault(f.Code, "ServiceNotAvailable"),
				"%s", orDefault(f.Message, "The service is temporarily unavailable. Retry after "+retryAfter(f.RetryAfter)+" seconds.")).
				WithHeader("Retry-After", retryAfter(f.RetryAfter))
		case FaultTimeout:
			e = graphapi.Errorf(http.StatusGatewayTimeout, orDefault(f.Code, "GatewayTimeout"),
				"%s", orDefault(f.Message, "The gateway did not receive a response from the service in time."))
		case FaultError:
			status := f.Status
			if status == 0 {
				status = http.StatusInternalServerError
			}
			e = graphapi.Errorf(status, orDefault(f.Code, "InternalServerError"), "%s", orDefault(f.Message, "An injected error occurred."))
		default:
			continue
		}
		c.Fail(e)
		return true
	}
	return false
}

// drop closes the connection without answering.
func (c *call) drop() {
	conn, _, err := http.NewResponseController(c.w.ResponseWriter).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if c.recordNow != nil {
		c.recordNow()
	}
	_ = conn.Close()
}
