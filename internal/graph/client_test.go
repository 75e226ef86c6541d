package graph_test

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

func TestNew(t *testing.T) {
	t.Parallel()
	srv := mockgraph.New(t)
	id, secret := srv.ReadWriteClient()
	cred := credential(t, srv, id, secret)

	c, err := graph.New(graph.Config{Endpoint: srv.GraphEndpoint() + "/", Credential: cred, Transport: srv.HTTPClient().Transport})
	if err != nil {
		t.Fatal(err)
	}
	// Tokens are asked for the endpoint's own scope, without the trailing
	// slash of the configured endpoint.
	if _, err := c.ListDefinitions(t.Context()); err != nil {
		t.Fatal(err)
	}
	var scopes []string
	for _, r := range srv.Requests() {
		if r.Route == "token" {
			form, _ := url.ParseQuery(string(r.Body))
			// MSAL adds its own OpenID scopes after the resource's.
			scopes = append(scopes, strings.Fields(form.Get("scope"))[0])
		}
	}
	if want := srv.GraphEndpoint() + "/.default"; len(scopes) != 1 || scopes[0] != want {
		t.Errorf("token requests asked for scopes %q, want [%q]", scopes, want)
	}
	for _, cfg := range []graph.Config{
		{Endpoint: srv.GraphEndpoint()},
		{Endpoint: "", Credential: cred},
		{Endpoint: "http://graph.example.com", Credential: cred},
		{Endpoint: srv.GraphEndpoint() + "/beta", Credential: cred},
	} {
		if _, err := graph.New(cfg); err == nil {
			t.Errorf("New(%+v) accepted", cfg)
		}
	}
}

// TestRequestHeaders: bearer token for the endpoint host, User-Agent,
// SdkVersion and one client-request-id per request.
func TestRequestHeaders(t *testing.T) {
	t.Parallel()
	srv := mockgraph.New(t)
	rec := &headerRecorder{next: srv.HTTPClient().Transport}
	c := newClient(t, srv, func(cfg *graph.Config) { cfg.Transport = rec })

	getAlert(t, c, alerttypes.StaleSignIn)
	if err := c.SetAlertActive(t.Context(), builtin(alerttypes.StaleSignIn), false); err != nil {
		t.Fatal(err)
	}
	headers := rec.headers()
	if len(headers) != 2 {
		t.Fatalf("%d requests through the transport", len(headers))
	}
	for i, h := range headers {
		if !strings.HasPrefix(h.Get("Authorization"), "Bearer ") {
			t.Errorf("request %d: no bearer token", i)
		}
		if ua := h.Get("User-Agent"); !strings.HasPrefix(ua, testUserAgent) {
			t.Errorf("request %d: User-Agent %q", i, ua)
		}
		if v := h.Get("SdkVersion"); !strings.Contains(v, "graph-go-beta/0.165.0") {
			t.Errorf("request %d: SdkVersion %q", i, v)
		}
		if h.Get("client-request-id") == "" {
			t.Errorf("request %d: no client-request-id", i)
		}
	}
	if headers[1].Get("Content-Encoding") != "gzip" {
		t.Errorf("PATCH body not gzip-compressed: %v", headers[1])
	}
}

// TestLogging: each request is logged in the graph subsystem with method,
// URL, status and ids; the token never appears.
func TestLogging(t *testing.T) {
	t.Parallel()
	srv := mockgraph.New(t)
	rec := &headerRecorder{next: srv.HTTPClient().Transport}
	c := newClient(t, srv, func(cfg *graph.Config) { cfg.Transport = rec })
	var out bytes.Buffer
	ctx := tflogtest.RootLogger(t.Context(), &out)

	if _, err := c.GetAlert(ctx, builtin(alerttypes.StaleSignIn)); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetIncident(ctx, builtin(alerttypes.StaleSignIn), "no-such-incident"); !graph.IsNotFound(err) {
		t.Fatalf("error %v, want 404", err)
	}
	token := strings.TrimPrefix(rec.headers()[0].Get("Authorization"), "Bearer ")
	if token == "" || strings.Contains(out.String(), token) || strings.Contains(strings.ToLower(out.String()), "bearer ") {
		t.Errorf("the log contains the token:\n%s", out.String())
	}

	entries, err := tflogtest.MultilineJSONDecode(&out)
	if err != nil {
		t.Fatal(err)
	}
	reqs := srv.GraphRequests()
	var responses []map[string]any
	for _, e := range entries {
		if _, ok := e["status"]; ok && strings.HasSuffix(fmt.Sprint(e["@module"]), ".graph") {
			responses = append(responses, e)
		}
	}
	if len(responses) != len(reqs) {
		t.Fatalf("%d response log entries for %d requests:\n%v", len(responses), len(reqs), entries)
	}
	for i, e := range responses {
		r := reqs[i]
		if e["method"] != r.Method || !strings.Contains(fmt.Sprint(e["url"]), r.Path) ||
			fmt.Sprint(e["status"]) != fmt.Sprint(r.Status) || e["request_id"] != r.RequestID ||
			e["client_request_id"] != r.ClientRequestID || e["duration_ms"] == nil {
			t.Errorf("log entry %v for request %+v", e, r)
		}
	}
	if last := responses[len(responses)-1]; last["error_code"] == nil || last["error_code"] == "" {
		t.Errorf("404 logged without the Graph error code: %v", last)
	}
}
