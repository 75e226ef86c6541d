package harness

import (
	"net/url"
	"slices"
	"strings"
	"sync"
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
//	definitions.list, definitions.get, operations.list, operations.get,
//	roles.roleAssignments, roles.roleEligibilityScheduleInstances,
//	groups.members                                                        Graph routes (graphapi's route table)
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
	// Tenant is the tenant of the token of a Graph request that was
	// authorized ("" otherwise): the log is shared by the tenants of a
	// simulator, and a Graph path does not always name its tenant.
	Tenant string `json:"tenant,omitempty"`
}

// Log is the request log, with the count of requests received per route.
type Log struct {
	mu       sync.Mutex
	requests []Request
	// received counts the requests of each route that arrived, answered
	// or not yet.
	received map[string]int
}

// Arrived counts a request of route that has just arrived.
func (l *Log) Arrived(route string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.received == nil {
		l.received = map[string]int{}
	}
	l.received[route]++
}

// Record appends req to the log, redacting the secrets of token requests.
func (l *Log) Record(req Request) {
	if req.Route == "token" && req.Body != nil {
		if form, err := url.ParseQuery(string(req.Body)); err == nil {
			for _, k := range redactedFields {
				if form.Has(k) {
					form.Set(k, "REDACTED")
				}
			}
			req.Body = []byte(form.Encode())
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.requests = append(l.requests, req)
}

// nonGraphRoutes are the routes GraphRequests leaves out.
var nonGraphRoutes = map[string]bool{
	"token": true, "openid-configuration": true, "instance-discovery": true, "jwks": true, "simulator": true,
	"oidc": true, "oidc-github": true, "oidc-ado": true, "oidc-metadata": true, "oidc-keys": true,
}

// redactedFields are form fields of token requests that never reach the log.
var redactedFields = []string{"client_secret", "client_assertion"}

// Requests returns a copy of the request log, in arrival order.
func (l *Log) Requests() []Request {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.requests)
}

// ResetRequests empties the request log.
func (l *Log) ResetRequests() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.requests = nil
}

// GraphRequests returns the Requests of Graph routes: not those of the
// token endpoint, the identity metadata or the simulated CI identity
// providers.
func (l *Log) GraphRequests() []Request {
	var out []Request
	for _, r := range l.Requests() {
		if !nonGraphRoutes[r.Route] {
			out = append(out, r)
		}
	}
	return out
}

// WriteRequests returns the GraphRequests with Write set.
func (l *Log) WriteRequests() []Request {
	var out []Request
	for _, r := range l.GraphRequests() {
		if r.Write {
			out = append(out, r)
		}
	}
	return out
}

// Received returns how many requests of the route (such as
// "incidents.remediate") have arrived, including those not answered yet:
// a test waits on it for a request to be under way.
func (l *Log) Received(route string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.received[route]
}

// RemediationRequests returns, sorted, the incident ids of the remediate
// requests received (answered or not).
func (l *Log) RemediationRequests() []string {
	var out []string
	for _, r := range l.WriteRequests() {
		if r.Route == "incidents.remediate" {
			segs := strings.Split(r.Path, "/")
			out = append(out, segs[len(segs)-2])
		}
	}
	slices.Sort(out)
	return out
}
