package mockgraph

import (
	"net/url"
	"slices"
	"strings"
	"time"
)

// Route names (Request.Route and Fault.Route):
//
//	token, openid-configuration, instance-discovery, jwks                 identity endpoints
//	oidc-github, oidc-ado, oidc-metadata, oidc-keys, oidc                 simulated CI identity providers
//	alerts.list, alerts.get, alerts.patch, alerts.refresh (one alert),
//	alerts.refreshAll, alerts.definition, alerts.configuration,
//	incidents.list, incidents.get, incidents.remediate,
//	configurations.list, configurations.get, configurations.patch, configurations.definition,
//	definitions.list, definitions.get, operations.list, operations.get    Graph routes
//	unsupported                                                           Graph 405/400 answers
//	simulator                                                             the control API (never logged)

// Request is one entry of the request log (Graph routes, the token
// endpoint, identity metadata and the simulated OIDC providers; not the
// /_simulator/ control API).
type Request struct {
	Time            time.Time `json:"time"`
	Method          string    `json:"method"`
	Path            string    `json:"path"`   // decoded path
	Query           string    `json:"query"`  // raw query
	Route           string    `json:"route"`  // stable route name
	Status          int       `json:"status"` // 0 when the connection was dropped
	RequestID       string    `json:"requestId"`
	ClientRequestID string    `json:"clientRequestId"`
	Body            []byte    `json:"body"`  // request body after gunzip (nil when none); secrets in token requests are redacted
	Write           bool      `json:"write"` // PATCH/POST/PUT/DELETE on Graph routes
}

// nonGraphRoutes are the routes GraphRequests leaves out.
var nonGraphRoutes = map[string]bool{
	"token": true, "openid-configuration": true, "instance-discovery": true, "jwks": true, "simulator": true,
	"oidc": true, "oidc-github": true, "oidc-ado": true, "oidc-metadata": true, "oidc-keys": true,
}

// redactedFields are form fields of token requests that never reach the log.
var redactedFields = []string{"client_secret", "client_assertion"}

func (s *Server) record(c *call, rt route, start time.Time) {
	body := c.body
	if rt.name == "token" && body != nil {
		if form, err := url.ParseQuery(string(body)); err == nil {
			for _, k := range redactedFields {
				if form.Has(k) {
					form.Set(k, "REDACTED")
				}
			}
			body = []byte(form.Encode())
		}
	}
	req := Request{
		Time:            start,
		Method:          c.r.Method,
		Path:            c.r.URL.Path,
		Query:           c.r.URL.RawQuery,
		Route:           rt.name,
		Status:          c.w.status,
		RequestID:       c.requestID,
		ClientRequestID: c.clientRequestID,
		Body:            body,
		Write:           rt.kind == kindGraph && isWrite(c.r.Method),
	}
	s.logMu.Lock()
	s.requests = append(s.requests, req)
	s.logMu.Unlock()
	s.logf("%s %s %s -> %d (%s, %s)", req.Route, req.Method, c.r.URL.RequestURI(), req.Status, time.Since(start).Round(time.Millisecond), req.RequestID)
}

// Requests returns a copy of the request log, in arrival order.
func (s *Server) Requests() []Request {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	return slices.Clone(s.requests)
}

// ResetRequests empties the request log.
func (s *Server) ResetRequests() {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	s.requests = nil
}

// GraphRequests returns the Requests of Graph routes: not those of the
// token endpoint, the identity metadata or the simulated CI identity
// providers.
func (s *Server) GraphRequests() []Request {
	var out []Request
	for _, r := range s.Requests() {
		if !nonGraphRoutes[r.Route] {
			out = append(out, r)
		}
	}
	return out
}

// WriteRequests returns the GraphRequests with Write set.
func (s *Server) WriteRequests() []Request {
	var out []Request
	for _, r := range s.GraphRequests() {
		if r.Write {
			out = append(out, r)
		}
	}
	return out
}

// Received returns how many requests of the route (such as
// "incidents.remediate") have arrived, including those not answered yet:
// a test waits on it for a request to be under way.
func (s *Server) Received(route string) int {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	return s.received[route]
}

// RemediationRequests returns, sorted, the incident ids of the remediate
// requests received (answered or not).
func (s *Server) RemediationRequests() []string {
	var out []string
	for _, r := range s.WriteRequests() {
		if r.Route == "incidents.remediate" {
			segs := strings.Split(r.Path, "/")
			out = append(out, segs[len(segs)-2])
		}
	}
	slices.Sort(out)
	return out
}
