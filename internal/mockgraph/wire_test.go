package mockgraph_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// TestWireDetails covers the HTTP details the SDK relies on or that
// clients other than the SDK send.
func TestWireDetails(t *testing.T) {
	t.Parallel()
	s, r := newTenant(t, mockgraph.WithPageSize(2))
	ga := alerttypes.TooManyGlobalAdmins

	t.Run("query encodings", func(t *testing.T) {
		for _, q := range []string{
			scopeQuery,
			"$filter=scopeId+eq+'/'+and+scopeType+eq+'DirectoryRole'",
			"%24filter=scopeId%20eq%20%27%2F%27%20and%20scopeType%20eq%20%27DirectoryRole%27",
			"$FILTER=scopeId eq '/' and scopeType eq 'DirectoryRole'&api-version=ignored",
		} {
			got := r.get(prefix+"/alerts?"+strings.ReplaceAll(q, " ", "%20"), http.StatusOK)
			if n := len(got["value"].([]any)); n != 7 {
				t.Errorf("%s: %d alerts", q, n)
			}
		}
	})

	t.Run("bad queries", func(t *testing.T) {
		for _, q := range []string{
			scopeQuery + "&$filter=id%20eq%20'x'",
			scopeQuery + "&$select=nope",
			scopeQuery + "&$top=-1",
			scopeQuery + "&$count=yes",
			scopeQuery + "&$expand=alertDefinition($select=id)",
			scopeQuery + "&$search=x",
			scopeQuery + "&$unknown=1",
			"$filter=scopeId%20eq%20'/'%20and%20scopeType%20eq%20'DirectoryRole'%20and%20isActive%20eq%20'true'",
			"$filter=scopeId%20eq%20'/'%20and%20scopeType%20eq%20'DirectoryRole'%20and%20severityLevel%20eq%20'x'",
			"a=%zz",
		} {
			resp := r.do(http.MethodGet, prefix+"/alerts?"+q, nil)
			if resp.status != http.StatusBadRequest || errorCode(t, resp) != "BadRequest" {
				t.Errorf("%s: %d %s", q, resp.status, resp.body)
			}
		}
		resp := r.do(http.MethodGet, prefix+"/alerts?$filter=id%20eq%20'x'", nil)
		if resp.status != http.StatusBadRequest || string(resp.body) != `{"errorCode":"MissingProvider","message":"The provider is missing.","instanceAnnotations":[]}` {
			t.Errorf("filter without scope: %d %s", resp.status, resp.body)
		}
	})

	t.Run("select, count and context", func(t *testing.T) {
		got := r.get(prefix+"/alerts?"+scopeQuery+"&$select=id,isActive&$expand=alertDefinition&$count=true", http.StatusOK)
		if got["@odata.context"] != s.GraphEndpoint()+"/beta/$metadata#identityGovernance/roleManagementAlerts/alerts(id,isActive,alertDefinition())" || got["@odata.count"] != 7.0 {
			t.Errorf("context %v count %v", got["@odata.context"], got["@odata.count"])
		}
		first := got["value"].([]any)[0].(map[string]any)
		if len(first) != 3 || first["alertDefinition"] == nil {
			t.Errorf("selected alert = %v", first)
		}
		cfg := r.get(prefix+"/alertConfigurations/"+s.AlertID(alerttypes.StaleSignIn)+"?$select=microsoft.graph.staleSignInAlertConfiguration/duration", http.StatusOK)
		if len(cfg) != 3 || cfg["duration"] != "P30D" || cfg["@odata.type"] != "#microsoft.graph.staleSignInAlertConfiguration" {
			t.Errorf("selected configuration = %v", cfg)
		}
	})

	t.Run("server-driven paging", func(t *testing.T) {
		page := r.get(r.alertPath(ga, "/alertIncidents?$select=id"), http.StatusOK)
		var ids []string
		for page != nil {
			for _, v := range page["value"].([]any) {
				inc := v.(map[string]any)
				if len(inc) != 2 {
					t.Errorf("$select lost across pages: %v", inc)
				}
				ids = append(ids, inc["id"].(string))
			}
			next, _ := page["@odata.nextLink"].(string)
			if next == "" {
				break
			}
			if !strings.HasPrefix(next, s.GraphEndpoint()+r.alertPath(ga, "/alertIncidents?")) {
				t.Fatalf("next link %q", next)
			}
			page = r.get(next, http.StatusOK)
		}
		if len(ids) != 5 {
			t.Errorf("paged %d incidents", len(ids))
		}
		one := r.get(r.alertPath(ga, "/alertIncidents?$filter=id%20eq%20'"+breakGlassID+"'"), http.StatusOK)
		if v := one["value"].([]any); len(v) != 1 {
			t.Errorf("filter by id: %v", one)
		}
		none := r.get(r.alertPath(ga, "/alertIncidents?$top=10&$skip=10"), http.StatusOK)
		if v := none["value"].([]any); len(v) != 0 || none["@odata.nextLink"] != nil {
			t.Errorf("skip past the end: %v", none)
		}
	})

	t.Run("paths", func(t *testing.T) {
		for path, want := range map[string]int{
			prefix + "/alertIncidents":                                                             http.StatusBadRequest,
			"/v1.0/identityGovernance/roleManagementAlerts/alerts":                                 http.StatusBadRequest,
			prefix + "/alerts/" + s.AlertID(ga) + "/nope":                                          http.StatusBadRequest,
			"/beta/IDENTITYGOVERNANCE/roleManagementAlerts/alerts/" + s.AlertID(ga):                http.StatusOK,
			prefix + "/alerts/" + strings.ReplaceAll(s.AlertID(ga), "_", "%5F"):                    http.StatusOK,
			prefix + "/alertDefinitions/" + s.AlertID(ga) + "?$expand=*":                           http.StatusOK,
			prefix + "/alertDefinitions/" + s.AlertID(ga) + "?$expand=alertDefinition":             http.StatusBadRequest,
			prefix + "/alerts/" + s.AlertID(ga) + "/refresh":                                       http.StatusMethodNotAllowed,
			prefix + "/alerts/refresh":                                                             http.StatusMethodNotAllowed,
			prefix + "/alerts/" + s.AlertID(ga) + "/alertIncidents/" + breakGlassID + "/remediate": http.StatusMethodNotAllowed,
		} {
			resp := r.do(http.MethodGet, path, nil)
			if resp.status != want {
				t.Errorf("GET %s: %d %s, want %d", path, resp.status, resp.body, want)
			}
		}
		resp := r.do(http.MethodGet, prefix+"/alertIncidents", nil)
		if !strings.Contains(string(resp.body), "Resource not found for the segment 'alertIncidents'") {
			t.Errorf("unknown segment message: %s", resp.body)
		}
	})

	t.Run("headers and bodies", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPatch, s.GraphEndpoint()+r.alertPath(ga), strings.NewReader(`{"isActive":false}`))
		req.Header.Set("Authorization", "Bearer "+r.token)
		req.Header.Set("client-request-id", "7d1c1e4e-0000-4000-8000-000000000042")
		resp, err := s.HTTPClient().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNoContent || resp.Header.Get("client-request-id") != "7d1c1e4e-0000-4000-8000-000000000042" || resp.Header.Get("request-id") == "" {
			t.Errorf("uncompressed PATCH: %d headers %v", resp.StatusCode, resp.Header)
		}
		req, _ = http.NewRequest(http.MethodPatch, s.GraphEndpoint()+r.alertPath(ga), bytes.NewReader([]byte("not gzip")))
		req.Header.Set("Authorization", "Bearer "+r.token)
		req.Header.Set("Content-Encoding", "gzip")
		resp, err = s.HTTPClient().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("bad gzip: %d", resp.StatusCode)
		}
		for _, body := range []any{
			map[string]any{"isActive": "false"},
			map[string]any{},
			map[string]any{"isActive": false, "extra": 1},
			[]int{1},
		} {
			if resp := r.do(http.MethodPatch, r.alertPath(ga), body); resp.status != http.StatusBadRequest {
				t.Errorf("PATCH %v: %d", body, resp.status)
			}
		}
		for _, body := range []any{
			map[string]any{"scopeId": "/", "scopeType": "DirectoryRole", "extra": true},
			map[string]any{"scopeId": "/x", "scopeType": "DirectoryRole"},
			nil,
		} {
			if resp := r.do(http.MethodPost, prefix+"/alerts/refresh", body); resp.status != http.StatusBadRequest {
				t.Errorf("refresh all %v: %d", body, resp.status)
			}
		}
		cfg := prefix + "/alertConfigurations/" + s.AlertID(ga)
		for _, body := range []map[string]any{
			{"@odata.type": "#microsoft.graph.tooManyGlobalAdminsAssignedToTenantAlertConfiguration", "isEnabled": "true"},
			{"@odata.type": "#microsoft.graph.tooManyGlobalAdminsAssignedToTenantAlertConfiguration", "globalAdminCountThreshold": "4"},
			{"@odata.type": "#microsoft.graph.tooManyGlobalAdminsAssignedToTenantAlertConfiguration", "globalAdminCountThreshold": nil},
			{"@odata.type": "#microsoft.graph.tooManyGlobalAdminsAssignedToTenantAlertConfiguration", "scopeId": "/x"},
			{"@odata.type": 5},
			{"isEnabled": true},
		} {
			resp := r.do(http.MethodPatch, cfg, body)
			if resp.status != http.StatusBadRequest || errorCode(t, resp) != "BadRequest" {
				t.Errorf("PATCH %v: %d %s", body, resp.status, resp.body)
			}
		}
		// What a GET-modify-PATCH client sends (read-only keys, annotations) is accepted.
		got := r.get(cfg, http.StatusOK)
		got["globalAdminCountThreshold"] = 4
		if resp := r.do(http.MethodPatch, cfg, got); resp.status != http.StatusNoContent {
			t.Errorf("PATCH of a read configuration: %d %s", resp.status, resp.body)
		}
		if s.Configuration(ga)["globalAdminCountThreshold"] != 4 {
			t.Error("threshold not updated")
		}
	})
}

// TestSelectDerivedProperty: $select binds to the declared (base) type, so
// a derived type's property is refused there as Graph refuses it (400
// BadRequest, "Parsing OData Select and Expand failed: Could not find a
// property named ..."; microsoftgraph/msgraph-beta-sdk-dotnet issue 563)
// and selected through the derived type's cast segment.
func TestSelectDerivedProperty(t *testing.T) {
	t.Parallel()
	s, r := newTenant(t)
	stale := prefix + "/alertConfigurations/" + s.AlertID(alerttypes.StaleSignIn)
	for _, path := range []string{
		prefix + "/alertConfigurations?" + scopeQuery + "&$select=duration",
		stale + "?$select=duration",
		r.alertPath(alerttypes.TooManyGlobalAdmins, "/alertIncidents?$select=assigneeId"),
		stale + "?$select=microsoft.graph.staleSignInAlertConfiguration/globalAdminCountThreshold",
		stale + "?$select=microsoft.graph.nope/duration",
	} {
		resp := r.do(http.MethodGet, path, nil)
		if resp.status != http.StatusBadRequest || errorCode(t, resp) != "BadRequest" || !strings.Contains(string(resp.body), "Parsing OData Select and Expand failed") {
			t.Errorf("GET %s: %d %s, want Graph's 400", path, resp.status, resp.body)
		}
	}
	list := r.get(prefix+"/alertConfigurations?"+scopeQuery+"&$select=id,microsoft.graph.staleSignInAlertConfiguration/duration", http.StatusOK)
	for _, v := range list["value"].([]any) {
		cfg := v.(map[string]any)
		_, hasDuration := cfg["duration"]
		if isStale := cfg["@odata.type"] == "#microsoft.graph.staleSignInAlertConfiguration"; hasDuration != isStale {
			t.Errorf("cast $select: %v (duration only on staleSignInAlertConfiguration)", cfg)
		}
	}
	incs := r.get(r.alertPath(alerttypes.TooManyGlobalAdmins, "/alertIncidents?$select=microsoft.graph.tooManyGlobalAdminsAssignedToTenantAlertIncident/assigneeId"), http.StatusOK)
	for _, v := range incs["value"].([]any) {
		if inc := v.(map[string]any); len(inc) != 2 || inc["assigneeId"] == nil {
			t.Errorf("cast $select of an incident: %v, want @odata.type and assigneeId", inc)
		}
	}
}
