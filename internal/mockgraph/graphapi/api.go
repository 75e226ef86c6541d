// Package graphapi serves the two Graph APIs the provider calls, from the
// tenant model: the PIM alerts API (/beta/identityGovernance/
// roleManagementAlerts) and the directory reads of the Global
// Administrator guard (roleManagement/directory and group members, under
// /beta and /v1.0). It resolves routes, applies OData query options,
// validates PATCH bodies and renders entities as Graph's JSON.
package graphapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/tenant"
)

// Config is what the API needs beside the tenant.
type Config struct {
	Catalogue alerttypes.Catalogue
	// Endpoint is "https://127.0.0.1:PORT", the base of absolute links.
	Endpoint string
	// PageSize is the server-driven page size of incident and directory lists.
	PageSize int
	// ExpandedIncidentsPaged pages $expand=alertIncidents (mockgraph's
	// ExpandedIncidents variant).
	ExpandedIncidentsPaged bool
	// RangesUnchecked accepts threshold values outside the portal's ranges
	// (mockgraph's ThresholdRanges variant).
	RangesUnchecked bool
	// PermissionErrorsPIM answers role-management 403s in PIM's shape
	// (mockgraph's PermissionErrors variant).
	PermissionErrorsPIM bool
	// FailOperation reports whether a refresh request's operation is to
	// fail, and with which statusDetail ("" for the default): the harness's
	// failOperation faults.
	FailOperation func(c *Call) (detail string, fail bool)
}

// API serves the Graph routes of one tenant.
type API struct {
	cfg      Config
	endpoint string
	tenant   *tenant.Tenant
	sets     entitySets
	// mux matches a request's path to its pattern in paths (newMux).
	mux   *http.ServeMux
	paths map[string]*graphPath
}

// New returns the API of t.
func New(t *tenant.Tenant, cfg Config) *API {
	api := &API{cfg: cfg, endpoint: cfg.Endpoint, tenant: t, sets: newEntitySets(cfg.Catalogue)}
	api.newMux(api.newRoutes())
	return api
}

// Call is one request being answered.
type Call struct {
	W               http.ResponseWriter
	R               *http.Request
	Body            []byte
	RequestID       string
	ClientRequestID string
	// Route is the resolved route's name.
	Route string
	// Version is "beta" or "v1.0", the path's first segment.
	Version string
	// Segs are the decoded path segments the handler reads (see Route).
	Segs []string
	// Grants are the application permissions (roles) and delegated scopes
	// of the request's token, once authenticated.
	Grants []string
	api    *API
	query  query
}

// NewCall starts answering r.
func (api *API) NewCall(c *Call) *Call {
	c.api = api
	return c
}

// jsonContentType is the Content-Type of Graph's JSON answers.
const jsonContentType = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"

// JSON writes v as the JSON body.
func (c *Call) JSON(status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = fmt.Appendf(nil, `{"error":{"code":"InternalServerError","message":%q}}`, err.Error())
	}
	if c.W.Header().Get("Content-Type") == "" {
		c.W.Header().Set("Content-Type", jsonContentType)
	}
	c.W.WriteHeader(status)
	_, _ = c.W.Write(b)
}

// Empty answers status without a body.
func (c *Call) Empty(status int) { c.W.WriteHeader(status) }

// Fail writes e in Graph's standard error envelope (or e.body).
func (c *Call) Fail(e *Error) {
	for k, v := range e.header {
		c.W.Header()[k] = v
	}
	if e.body != nil {
		c.JSON(e.status, e.body)
		return
	}
	c.JSON(e.status, object{{"error", object{
		{"code", e.code},
		{"message", e.message},
		{"innerError", object{
			{"date", time.Now().UTC().Format("2006-01-02T15:04:05")},
			{"request-id", c.RequestID},
			{"client-request-id", c.ClientRequestID},
		}},
	}}})
}
