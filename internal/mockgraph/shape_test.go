package mockgraph_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// docTenant is the tenant id of the reference payloads.
const docTenant = "3b0e753b-22fa-4c16-9bf2-470b80be80d6"

// tips is the annotation the how-to shows and the simulator must not emit.
const tips = "@microsoft.graph.tips"

func loadReference(t *testing.T, name string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		if k != tips {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// sameShape compares the key sets of a reference object and a simulator
// object, and their @odata.type / @odata.context values (with the
// reference's host and tenant replaced by the simulator's).
func sameShape(t *testing.T, s *mockgraph.Server, what string, ref, got map[string]any) {
	t.Helper()
	if _, ok := got[tips]; ok {
		t.Errorf("%s: the simulator emits %s", what, tips)
	}
	if k, r := keys(got), keys(ref); !slices.Equal(k, r) {
		t.Errorf("%s: keys\n got %v\nwant %v", what, k, r)
	}
	for _, annotation := range []string{"@odata.type", "@odata.context", "alertIncidents@odata.context"} {
		want, ok := ref[annotation].(string)
		if !ok {
			continue
		}
		want = strings.ReplaceAll(want, "https://graph.microsoft.com", s.GraphEndpoint())
		want = strings.ReplaceAll(want, docTenant, s.TenantID())
		if got[annotation] != want {
			t.Errorf("%s: %s = %v, want %v", what, annotation, got[annotation], want)
		}
	}
}

func items(m map[string]any, key string) []map[string]any {
	var out []map[string]any
	for _, v := range m[key].([]any) {
		out = append(out, v.(map[string]any))
	}
	return out
}

func TestShapesMatchHowTo(t *testing.T) {
	t.Parallel()
	clk := newClock()
	s, r := newTenant(t, mockgraph.WithClock(clk.Now), mockgraph.WithScanDuration(10*time.Second))
	ga := alerttypes.TooManyGlobalAdmins

	t.Run("list alerts", func(t *testing.T) {
		ref := loadReference(t, "howto-list-alerts.json")
		got := r.get(prefix+"/alerts?"+scopeQuery, http.StatusOK)
		sameShape(t, s, "collection", ref, got)
		refItems, gotItems := items(ref, "value"), items(got, "value")
		if len(gotItems) != len(refItems) {
			t.Fatalf("%d alerts, want %d", len(gotItems), len(refItems))
		}
		for i := range gotItems {
			sameShape(t, s, "alert "+gotItems[i]["id"].(string), refItems[i], gotItems[i])
			if gotItems[i]["id"] != strings.ReplaceAll(refItems[i]["id"].(string), docTenant, s.TenantID()) {
				t.Errorf("alert %d id = %v, want the how-to's order and ids", i, gotItems[i]["id"])
			}
		}
		if first := gotItems[0]; first["lastModifiedDateTime"] != "0001-01-01T08:00:00Z" {
			t.Errorf("never-fired alert lastModifiedDateTime = %v", first["lastModifiedDateTime"])
		}
	})

	t.Run("get alert", func(t *testing.T) {
		ref := loadReference(t, "howto-get-alert.json")
		sameShape(t, s, "alert", ref, r.get(r.alertPath(ga), http.StatusOK))
	})

	t.Run("get alert with expand", func(t *testing.T) {
		ref := loadReference(t, "howto-get-alert-expand.json")
		for _, expand := range []string{"*", "alertDefinition,alertConfiguration,alertIncidents", "alertIncidents,*"} {
			got := r.get(r.alertPath(ga, "?$expand="+expand), http.StatusOK)
			sameShape(t, s, "alert $expand="+expand, ref, got)
			sameShape(t, s, "alertConfiguration", ref["alertConfiguration"].(map[string]any), got["alertConfiguration"].(map[string]any))
			sameShape(t, s, "alertDefinition", ref["alertDefinition"].(map[string]any), got["alertDefinition"].(map[string]any))
			refInc := items(ref, "alertIncidents")[0]
			gotInc := items(got, "alertIncidents")
			if len(gotInc) != 5 {
				t.Errorf("%d expanded incidents, want 5", len(gotInc))
			}
			for _, inc := range gotInc {
				sameShape(t, s, "expanded incident", refInc, inc)
			}
		}
	})

	t.Run("list incidents", func(t *testing.T) {
		ref := loadReference(t, "howto-list-incidents.json")
		got := r.get(r.alertPath(ga, "/alertIncidents"), http.StatusOK)
		sameShape(t, s, "incident collection", ref, got)
		refInc := items(ref, "value")[0]
		for _, inc := range items(got, "value") {
			sameShape(t, s, "incident", refInc, inc)
		}
		one := r.get(r.alertPath(ga, "/alertIncidents/", breakGlassID), http.StatusOK)
		if one["@odata.context"] != got["@odata.context"].(string)+"/$entity" || one["@odata.type"] != refInc["@odata.type"] {
			t.Errorf("incident entity = %v", one)
		}
	})

	t.Run("operation", func(t *testing.T) {
		ref := loadReference(t, "operation-running.json")
		resp := r.do(http.MethodPost, r.alertPath(alerttypes.StaleSignIn, "/refresh"), nil)
		loc := resp.header.Get("Location")
		if want := s.GraphEndpoint() + prefix + "/operations/refresh:" + s.AlertID(alerttypes.StaleSignIn); resp.status != http.StatusAccepted || loc != want || len(resp.body) != 0 {
			t.Fatalf("refresh: %d Location %q body %q, want 202 %q", resp.status, loc, resp.body, want)
		}
		// The operation runs on PIM's clock, polled or not.
		notStarted := r.get(loc, http.StatusOK)
		clk.Advance(6 * time.Second)
		running := r.get(strings.Replace(loc, "refresh:", "refresh%3A", 1), http.StatusOK)
		clk.Advance(5 * time.Second)
		done := r.get(loc, http.StatusOK)
		for _, op := range []map[string]any{notStarted, running, done} {
			sameShape(t, s, "operation "+op["status"].(string), ref, op)
			if !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$`).MatchString(op["createdDateTime"].(string)) {
				t.Errorf("createdDateTime %v lacks seven fractional digits", op["createdDateTime"])
			}
		}
		if notStarted["status"] != "notStarted" || running["status"] != "running" || done["status"] != "succeeded" {
			t.Errorf("statuses %v, %v, %v", notStarted["status"], running["status"], done["status"])
		}
		if notStarted["resourceLocation"] != "" || running["resourceLocation"] != "" || done["resourceLocation"] != s.GraphEndpoint()+r.alertPath(alerttypes.StaleSignIn) {
			t.Errorf("resourceLocation %q, %q, %q", notStarted["resourceLocation"], running["resourceLocation"], done["resourceLocation"])
		}
	})

	t.Run("configurations and definitions", func(t *testing.T) {
		configs := r.get(prefix+"/alertConfigurations?"+scopeQuery, http.StatusOK)
		for _, c := range items(configs, "value") {
			a, ok := alerttypes.Builtin().ByConfigurationODataType(c["@odata.type"].(string))
			if !ok {
				t.Errorf("configuration without a derived @odata.type: %v", c)
				continue
			}
			want := []string{"@odata.type", "alertDefinitionId", "id", "isEnabled", "scopeId", "scopeType"}
			for _, f := range a.Fields {
				want = append(want, f.GraphName)
			}
			slices.Sort(want)
			if got := keys(c); !slices.Equal(got, want) {
				t.Errorf("%s configuration keys %v, want %v", a.Suffix, got, want)
			}
		}
		defs := r.get(prefix+"/alertDefinitions?"+scopeQuery, http.StatusOK)
		refDef := loadReference(t, "howto-get-alert-expand.json")["alertDefinition"].(map[string]any)
		for _, d := range items(defs, "value") {
			sameShape(t, s, "definition", refDef, d)
		}
		if defs["@odata.context"] != s.GraphEndpoint()+"/beta/$metadata#identityGovernance/roleManagementAlerts/alertDefinitions" {
			t.Errorf("definitions context = %v", defs["@odata.context"])
		}
	})
}
