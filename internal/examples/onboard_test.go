package examples_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// onboardingTenant is a simulated tenant whose stale sign-in threshold is
// its own P14D, with the environment of its read-write app.
func onboardingTenant(t *testing.T) (*mockgraph.Server, map[string]string) {
	t.Helper()
	seed, err := mockgraph.DefaultSeed()
	if err != nil {
		t.Fatal(err)
	}
	seed.Configurations = map[string]map[string]any{alerttypes.StaleSignIn: {"duration": "P14D"}}
	srv := mockgraph.New(t, mockgraph.WithSeed(seed))
	return srv, appEnv(srv)
}

// TestAccExampleOnboardTenant applies examples/onboard-tenant: import
// blocks with for_each adopt the tenant's seven configurations and seven
// alerts into the baseline module, and the plan shows the tenant's P14D
// next to the baseline's P30D, and its dismissal of the stale sign-in alert
// as active: false -> true, as changes of imported resources. After the
// apply the plan is empty.
func TestAccExampleOnboardTenant(t *testing.T) {
	requireCLI(t, "", "1.7.0", "import blocks with for_each")
	t.Parallel()
	srv, env := onboardingTenant(t)
	srv.SetAlertActive(alerttypes.StaleSignIn, false)
	if a := srv.Alert(alerttypes.StaleSignIn); a.IncidentCount == 0 {
		t.Fatalf("%s has no incidents to be dismissed with", alerttypes.StaleSignIn)
	}
	root := copyExamples(t, "onboard-tenant", "baseline-module")
	tf := newCLI(t, filepath.Join(root, "onboard-tenant"), srv)
	tf.Must(0, env, "get")
	out := tf.Must(0, env, "plan", "-input=false", "-out=tfplan")
	if !strings.Contains(flat(out), "14 to import") || !strings.Contains(flat(out), "~ active = false -> true") {
		t.Errorf("the plan does not import the seven configurations and alerts, or hides the re-enabled alert:\n%s", out)
	}
	var plan struct {
		ResourceChanges []struct {
			Address string `json:"address"`
			Change  struct {
				Actions   []string       `json:"actions"`
				Before    map[string]any `json:"before"`
				After     map[string]any `json:"after"`
				Importing any            `json:"importing"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal([]byte(tf.Must(0, env, "show", "-json", "tfplan")), &plan); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, rc := range plan.ResourceChanges {
		if rc.Address != `module.baseline.entrapim_alert_configuration.this["StaleSignInAlert"]` {
			continue
		}
		found = true
		before, _ := rc.Change.Before["stale_sign_in"].(map[string]any)
		after, _ := rc.Change.After["stale_sign_in"].(map[string]any)
		if rc.Change.Importing == nil || strings.Join(rc.Change.Actions, ",") != "update" || before["duration"] != "P14D" || after["duration"] != "P30D" {
			t.Errorf("the stale sign-in configuration plans %v from %v to %v (importing %v), want an imported update P14D -> P30D",
				rc.Change.Actions, before, after, rc.Change.Importing)
		}
	}
	if !found {
		t.Error("the plan has no stale sign-in configuration")
	}
	tf.Must(0, env, "apply", "-input=false", "tfplan")
	if err := checkConfiguration(srv, alerttypes.StaleSignIn, map[string]any{"duration": "P30D"}); err != nil {
		t.Error(err)
	}
	if !srv.Alert(alerttypes.StaleSignIn).IsActive {
		t.Errorf("%s is still dismissed", alerttypes.StaleSignIn)
	}
	tf.Must(0, env, "plan", "-input=false", "-detailed-exitcode")
}

// TestAccOnboardCreateWarns: the same baseline created without import
// blocks warns at plan time with the tenant's current value next to each
// value the create changes, and that it re-enables the dismissed alert.
func TestAccOnboardCreateWarns(t *testing.T) {
	requireCLI(t, "", "1.7.0", "import blocks with for_each")
	t.Parallel()
	srv, env := onboardingTenant(t)
	srv.SetAlertActive(alerttypes.StaleSignIn, false)
	root := copyExamples(t, "onboard-tenant", "baseline-module")
	dir := filepath.Join(root, "onboard-tenant")
	main := readFile(t, dir, "main.tf")
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(main[:strings.Index(main, "import {")]), 0o600); err != nil {
		t.Fatal(err)
	}
	tf := newCLI(t, dir, srv)
	tf.Must(0, env, "get")
	plan := tf.Must(0, env, "plan", "-json", "-input=false")
	warnings := diagnostics(t, plan, "warning", "Creating adopts StaleSignInAlert and changes the tenant's settings")
	if len(warnings) != 1 || !strings.Contains(warnings[0], "stale_sign_in.duration: P14D -> P30D") || !strings.Contains(warnings[0], srv.TenantID()) {
		t.Errorf("the create's warning does not show P14D next to P30D: %v", warnings)
	}
	if w := diagnostics(t, plan, "warning", "Creating re-enables StaleSignInAlert, dismissed in tenant "+srv.TenantID()); len(w) != 1 {
		t.Errorf("no warning that the create re-enables the dismissed alert: %v", w)
	}
	if w := srv.WriteRequests(); len(w) != 0 {
		t.Errorf("the plan wrote: %v", w)
	}
}
