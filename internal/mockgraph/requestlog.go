package mockgraph

import (
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/graphapi"
)

func (s *Server) record(c *call, rt route, start time.Time) {
	req := Request{
		Time:            start,
		Method:          c.R.Method,
		Path:            c.R.URL.Path,
		Query:           c.R.URL.RawQuery,
		Route:           rt.name,
		Status:          c.w.status,
		RequestID:       c.RequestID,
		ClientRequestID: c.ClientRequestID,
		Body:            c.Body,
		Write:           rt.kind == kindGraph && graphapi.IsWrite(c.R.Method),
	}
	if c.tenant != nil {
		req.Tenant = c.tenant.tenantID
	}
	s.log.Record(req)
	s.logf("%s %s %s -> %d (%s, %s)", req.Route, req.Method, c.R.URL.RequestURI(), req.Status, time.Since(start).Round(time.Millisecond), req.RequestID)
}

// Requests returns a copy of the request log, in arrival order.
func (s *Server) Requests() []Request { return s.log.Requests() }

// ResetRequests empties the request log.
func (s *Server) ResetRequests() { s.log.ResetRequests() }

// GraphRequests returns the Requests of Graph routes: not those of the
// token endpoint, the identity metadata or the simulated CI identity
// providers.
func (s *Server) GraphRequests() []Request { return s.log.GraphRequests() }

// WriteRequests returns the GraphRequests with Write set.
func (s *Server) WriteRequests() []Request { return s.log.WriteRequests() }

// Received returns how many requests of the route (such as
// "incidents.remediate") have arrived, including those not answered yet:
// a test waits on it for a request to be under way.
func (s *Server) Received(route string) int { return s.log.Received(route) }

// RemediationRequests returns, sorted, the incident ids of the remediate
// requests received (answered or not).
func (s *Server) RemediationRequests() []string { return s.log.RemediationRequests() }
