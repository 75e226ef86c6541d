package examples_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// remediateEveryIncident is the configuration of issue 13, which no
// example may contain: every incident of the too-many-Global-Administrators
// alert remediated, with no filter.
const remediateEveryIncident = `
data "entrapim_alert_incidents" "ga" {
  alert_type = "TooManyGlobalAdminsAssignedToTenantAlert"
}

resource "entrapim_alert_incident_remediation" "ga" {
  for_each    = { for i in data.entrapim_alert_incidents.ga.incidents : i.id => i }
  alert_type  = "TooManyGlobalAdminsAssignedToTenantAlert"
  incident_id = each.key
}
`

// TestAccRemediationGuard runs that configuration as a user would, with
// the provider binary, against the seed tenant: five Global
// Administrators, five incidents, every Graph request slowed down so that
// the ten-way parallel apply overlaps them. The plan warns for each; the
// apply fails for the refused incidents only; exactly min_global_admins
// (2) principals keep the role; state holds exactly the remediations that
// were sent, with what each removed; the next plan refuses the rest and a
// second apply removes nothing more. Under both RemediatedIncidents
// behaviours.
func TestAccRemediationGuard(t *testing.T) {
	requireAcc(t)
	for _, v := range mockgraph.RemediatedIncidentsVariants {
		t.Run("remediated="+v.String(), func(t *testing.T) {
			t.Parallel()
			remediationGuard(t, v)
		})
	}
}

func remediationGuard(t *testing.T, v mockgraph.RemediatedIncidents) {
	srv := mockgraph.New(t, mockgraph.WithRemediatedIncidents(v), mockgraph.WithLatency(40*time.Millisecond))
	holders := srv.RoleHolders(mockgraph.GlobalAdministratorRoleID)
	if len(holders) != 5 || len(srv.Incidents(alerttypes.TooManyGlobalAdmins)) != 5 {
		t.Fatalf("the seed has %d Global Administrators and %d incidents; the test expects five of each",
			len(holders), len(srv.Incidents(alerttypes.TooManyGlobalAdmins)))
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(versionsTF+remediateEveryIncident), 0o600); err != nil {
		t.Fatal(err)
	}
	tf := newCLI(t, dir, srv)
	id, secret := srv.ReadWriteClient()
	env := merged(simulatorEnv(srv), map[string]string{"ARM_TENANT_ID": srv.TenantID(), "ARM_CLIENT_ID": id, "ARM_CLIENT_SECRET": secret})

	// Each remediation on its own leaves four: the plan passes and warns
	// for each (-json: Terraform's human output folds similar warnings).
	warnings := diagnostics(t, tf.must(0, env, "plan", "-json", "-out=tfplan"), "warning", "Remediation removes a Global Administrator")
	if len(warnings) != 5 {
		t.Errorf("the plan warns %d times about removing a Global Administrator, want 5", len(warnings))
	}
	for _, w := range warnings {
		if !strings.Contains(w, "after this remediation, 4 principal(s) hold the role") {
			t.Errorf("the plan's warning does not say how many remain: %s", w)
		}
	}

	refused := diagnostics(t, tf.must(1, env, "apply", "-json", "-parallelism=10", "-auto-approve", "-input=false", "tfplan"),
		"error", "Remediation would leave too few Global Administrators")
	if len(refused) != 2 {
		t.Errorf("the apply refused %d remediations, want 2: %v", len(refused), refused)
	}
	after := srv.RoleHolders(mockgraph.GlobalAdministratorRoleID)
	if len(after) != 2 {
		t.Fatalf("%d principals hold Global Administrator after the apply (%v), want exactly min_global_admins = 2", len(after), after)
	}
	posts := srv.RemediationRequests()
	inState := stateRemediations(t, tf, env)
	var inStateIDs []string
	for id, removed := range inState {
		inStateIDs = append(inStateIDs, id)
		if slices.Contains(after, id) {
			t.Errorf("%s is in state as remediated but still holds the role", id)
		}
		if len(removed) == 0 {
			t.Errorf("the remediation of %s records no removed assignment", id)
		}
		for _, r := range removed {
			if r["principal_id"] != id || r["role_definition_id"] != mockgraph.GlobalAdministratorRoleID || r["directory_scope_id"] != "/" {
				t.Errorf("the remediation of %s records %v", id, r)
			}
		}
	}
	slices.Sort(inStateIDs)
	if !slices.Equal(inStateIDs, posts) || len(posts) != 3 {
		t.Errorf("state holds remediations of %v and the tenant received %v; want the same three", inStateIDs, posts)
	}

	// The refused two are still to do, and are refused at plan time now.
	refused = diagnostics(t, tf.must(1, env, "plan", "-json"), "error", "Remediation would leave too few Global Administrators")
	if len(refused) != 2 {
		t.Errorf("the next plan refuses %d remediations, want 2: %v", len(refused), refused)
	}
	for _, r := range refused {
		if !strings.Contains(r, "after which 1 principal(s) would hold it") {
			t.Errorf("the next plan's refusal: %s", r)
		}
	}
	tf.must(1, env, "apply", "-parallelism=10", "-auto-approve", "-input=false")
	if got := srv.RoleHolders(mockgraph.GlobalAdministratorRoleID); !slices.Equal(got, after) {
		t.Errorf("the second apply changed the Global Administrators from %v to %v", after, got)
	}
	if got := srv.RemediationRequests(); !slices.Equal(got, posts) {
		t.Errorf("the second apply sent remediations: %v, want none after %v", got, posts)
	}
}

// diagnostics returns the details of the diagnostics of severity with
// summary in the machine-readable output (-json) of a Terraform command.
func diagnostics(t *testing.T, out, severity, summary string) []string {
	t.Helper()
	var details []string
	for _, line := range strings.Split(out, "\n") {
		var msg struct {
			Type       string `json:"type"`
			Diagnostic struct {
				Severity, Summary, Detail string
			} `json:"diagnostic"`
		}
		if json.Unmarshal([]byte(line), &msg) != nil || msg.Type != "diagnostic" {
			continue
		}
		if d := msg.Diagnostic; d.Severity == severity && d.Summary == summary {
			details = append(details, d.Detail)
		}
	}
	return details
}

// stateRemediations returns the remediation resources of the state by
// assignee, with their removed_assignments.
func stateRemediations(t *testing.T, tf *cli, env map[string]string) map[string][]map[string]any {
	t.Helper()
	out := tf.must(0, env, "show", "-json")
	var state struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Type   string         `json:"type"`
					Values map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(out), &state); err != nil {
		t.Fatalf("terraform show -json: %v\n%s", err, out)
	}
	got := map[string][]map[string]any{}
	for _, r := range state.Values.RootModule.Resources {
		if r.Type != "entrapim_alert_incident_remediation" {
			continue
		}
		var removed []map[string]any
		list, _ := r.Values["removed_assignments"].([]any)
		for _, e := range list {
			m, _ := e.(map[string]any)
			removed = append(removed, m)
		}
		got[fmt.Sprint(r.Values["assignee_id"])] = removed
	}
	return got
}
