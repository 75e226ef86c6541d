package examples_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-version"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// These tests run the Terraform 1.14 features as users run them, with the
// CLI: make test runs them with a Terraform 1.14 built from the Go module
// proxy (TF_ACC_TERRAFORM_PATH); with an older CLI they skip.

// requireTerraform114 skips unless the CLI is Terraform 1.14 or later.
func requireTerraform114(t *testing.T) {
	t.Helper()
	requireCLI(t, "Terraform", "1.14.0", "terraform query, actions")
}

// cliLine is the first line of `terraform version` (or `tofu version`).
var cliLine = regexp.MustCompile(`^(Terraform|OpenTofu) v(\S+)`)

// requireCLI skips unless the CLI under test is name (Terraform or
// OpenTofu; "" for either) at version least or later, which the test needs
// for why.
func requireCLI(t *testing.T, name, least, why string) {
	t.Helper()
	requireAcc(t)
	out, err := execOutput(terraformPath(), "version")
	if err != nil {
		t.Fatalf("%s version: %v", terraformPath(), err)
	}
	first := strings.SplitN(string(out), "\n", 2)[0]
	m := cliLine.FindStringSubmatch(first)
	if m == nil {
		t.Fatalf("%s version printed %q, not Terraform's or OpenTofu's version line", terraformPath(), first)
	}
	if name != "" && m[1] != name || version.Must(version.NewVersion(m[2])).LessThan(version.Must(version.NewVersion(least))) {
		t.Skipf("needs %s %s or later (%s); %s is %s", name, least, why, terraformPath(), first)
	}
}

// simulatedCLI stages files into a new directory and returns a CLI for it
// with the environment of the tenant's read-write app.
func simulatedCLI(t *testing.T, srv *mockgraph.Server, files map[string]string) (*cli, map[string]string) {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return newCLI(t, dir, srv), appEnv(srv)
}

// listBlock returns the list block of the example's export.tfquery.hcl for
// the resource type.
func listBlock(t *testing.T, query, resourceType string) string {
	t.Helper()
	m := regexp.MustCompile(`(?ms)^list "` + resourceType + `" "tenant" \{$.*?^\}$`).FindString(query)
	if m == "" {
		t.Fatalf("export.tfquery.hcl has no list block of %s", resourceType)
	}
	return m + "\n"
}

// execOutput runs a command and returns its standard output.
func execOutput(name string, args ...string) ([]byte, error) {
	return exec.Command(name, args...).Output()
}

// flat collapses the white space of Terraform's wrapped output.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestAccExampleAdoptExistingTenant_query runs the adoption guide against
// the seed tenant: terraform query lists 7 configurations and 7 alerts,
// -generate-config-out writes a configuration whose plan imports them all
// by identity and changes nothing (for each type, then both), the apply
// writes nothing to the tenant, and the next plan is empty.
func TestAccExampleAdoptExistingTenant_query(t *testing.T) {
	requireTerraform114(t)
	t.Parallel()
	dir := examplesDir(t, "adopt-existing-tenant")
	mainTF, query := readFile(t, dir, "main.tf"), readFile(t, dir, "export.tfquery.hcl")
	for _, c := range []struct {
		name, query, plan string
	}{
		{"configurations", listBlock(t, query, "entrapim_alert_configuration"), "Plan: 7 to import, 0 to add, 0 to change, 0 to destroy."},
		{"alerts", listBlock(t, query, "entrapim_alert"), "Plan: 7 to import, 0 to add, 0 to change, 0 to destroy."},
		{"both (the example)", query, "Plan: 14 to import, 0 to add, 0 to change, 0 to destroy."},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := mockgraph.New(t)
			tf, env := simulatedCLI(t, srv, map[string]string{"main.tf": mainTF, "export.tfquery.hcl": c.query})
			out := tf.Must(0, env, "query", "-generate-config-out=generated.tf")
			for _, name := range alerttypes.Builtin().Names() {
				if !strings.Contains(out, name) {
					t.Errorf("terraform query does not list %s:\n%s", name, out)
				}
			}
			generated := readFile(t, tf.Dir, "generated.tf")
			if n := strings.Count(generated, "identity = {"); n != importCount(c.plan) {
				t.Errorf("generated.tf has %d import blocks by identity, want %d:\n%s", n, importCount(c.plan), generated)
			}
			if out := tf.Must(0, env, "plan", "-input=false"); !strings.Contains(flat(out), c.plan) {
				t.Errorf("the plan of the generated configuration does not say %q:\n%s", c.plan, out)
			}
			srv.ResetRequests()
			tf.Must(0, env, "apply", "-input=false", "-auto-approve")
			if w := srv.WriteRequests(); len(w) != 0 {
				t.Errorf("adopting the tenant wrote to it: %v", writes(srv))
			}
			if out := tf.Must(0, env, "plan", "-input=false", "-detailed-exitcode"); !strings.Contains(flat(out), "No changes.") {
				t.Errorf("after the import the plan is not empty:\n%s", out)
			}
		})
	}
}

// importCount is the number of imports a "Plan: N to import" line names.
func importCount(plan string) int {
	var n int
	for _, r := range strings.Fields(plan)[1] {
		n = n*10 + int(r-'0')
	}
	return n
}

// TestAccExampleInvokeAction_action invokes the refresh action as a user
// would, terraform apply -invoke: it rescans the alert (the tenant's scan
// time moves) and prints its progress; a failed operation fails the
// command with the operation's status.
func TestAccExampleInvokeAction_action(t *testing.T) {
	requireTerraform114(t)
	t.Parallel()
	srv := mockgraph.New(t, mockgraph.WithScanDuration(0))
	tf, env := simulatedCLI(t, srv, map[string]string{"main.tf": versionsTF + `
action "entrapim_alert_refresh" "stale" {
  config {
    alert_type = "StaleSignInAlert"
  }
}
`})
	before := srv.Alert(alerttypes.StaleSignIn).LastScanned
	time.Sleep(10 * time.Millisecond)
	out := tf.Must(0, env, "apply", "-input=false", "-auto-approve", "-invoke=action.entrapim_alert_refresh.stale")
	if after := srv.Alert(alerttypes.StaleSignIn).LastScanned; !after.After(before) {
		t.Errorf("lastScanned %v is not after %v: the action did not rescan\n%s", after, before, out)
	}
	if !strings.Contains(out, "PIM is scanning StaleSignInAlert") || !strings.Contains(out, "succeeded") {
		t.Errorf("the action's progress is not in the output:\n%s", out)
	}

	srv.AddFault(mockgraph.Fault{Kind: mockgraph.FaultFailOperation, StatusDetail: "the scan could not complete"})
	out = tf.Must(1, env, "apply", "-input=false", "-auto-approve", "-invoke=action.entrapim_alert_refresh.stale")
	if !strings.Contains(flat(out), `ended with status "failed": the scan could not complete`) {
		t.Errorf("the failed refresh does not report the operation's status:\n%s", out)
	}
}

// TestAccExampleActions_action applies the action examples with the CLI:
// the refresh action runs after creating the configuration
// (action_trigger) and on demand (-invoke), and the remediation action
// removes the reviewed incident's assignment when invoked.
func TestAccExampleActions_action(t *testing.T) {
	requireTerraform114(t)
	t.Parallel()
	t.Run("refresh", func(t *testing.T) {
		srv := mockgraph.New(t, mockgraph.WithScanDuration(0))
		before := srv.Alert(alerttypes.TooManyGlobalAdmins).LastScanned
		time.Sleep(10 * time.Millisecond)
		tf, env := simulatedCLI(t, srv, map[string]string{
			"action.tf": readFile(t, examplesDir(t, "actions/entrapim_alert_refresh"), "action.tf"), "versions.tf": versionsTF,
		})
		tf.Must(0, env, "apply", "-input=false", "-auto-approve")
		if after := srv.Alert(alerttypes.TooManyGlobalAdmins).LastScanned; !after.After(before) {
			t.Errorf("creating the configuration did not trigger the refresh of every alert (lastScanned %v, before %v)", after, before)
		}
		stale := srv.Alert(alerttypes.StaleSignIn).LastScanned
		time.Sleep(10 * time.Millisecond)
		tf.Must(0, env, "apply", "-input=false", "-auto-approve", "-invoke=action.entrapim_alert_refresh.stale")
		if after := srv.Alert(alerttypes.StaleSignIn).LastScanned; !after.After(stale) {
			t.Errorf("-invoke did not rescan StaleSignInAlert")
		}
	})
	t.Run("remediation", func(t *testing.T) {
		srv := mockgraph.New(t)
		incidents := srv.Incidents(alerttypes.StaleSignIn)
		if len(incidents) == 0 {
			t.Fatal("the seed has no StaleSignInAlert incident")
		}
		id := incidents[0]["id"].(string)
		tf, env := simulatedCLI(t, srv, map[string]string{
			"action.tf": readFile(t, examplesDir(t, "actions/entrapim_alert_incident_remediation"), "action.tf"), "versions.tf": versionsTF,
		})
		out := tf.Must(0, env, "apply", "-input=false", "-auto-approve", "-var=reviewed_incident_id="+id,
			"-invoke=action.entrapim_alert_incident_remediation.reviewed")
		for _, a := range srv.Assignments() {
			if a.ID == id {
				t.Errorf("the remediation action left assignment %s:\n%s", id, out)
			}
		}
		if got := srv.RemediationRequests(); len(got) != 1 || got[0] != id {
			t.Errorf("remediations sent: %v, want the one of %s", got, id)
		}
	})
}

// TestAccExampleListResources_query runs terraform query on each list
// resource example: the seven alert types of the tenant.
func TestAccExampleListResources_query(t *testing.T) {
	requireTerraform114(t)
	t.Parallel()
	for _, name := range []string{"entrapim_alert", "entrapim_alert_configuration"} {
		t.Run(name, func(t *testing.T) {
			srv := mockgraph.New(t)
			tf, env := simulatedCLI(t, srv, map[string]string{
				"list.tfquery.hcl": readFile(t, examplesDir(t, "list-resources/"+name), "list-resource.tfquery.hcl"), "versions.tf": versionsTF,
			})
			out := tf.Must(0, env, "query")
			for _, at := range alerttypes.Builtin().Names() {
				if !strings.Contains(out, "list."+name+".tenant") || !strings.Contains(out, at) {
					t.Errorf("terraform query of %s does not list %s:\n%s", name, at, out)
				}
			}
		})
	}
}

// TestAccExampleAdoptExistingTenant_queryDayTwo: the export survives day
// 2. At export, InvalidLicenseAlert is quiet (it never fired) and
// RolesAssignedOutsidePimAlert is active with incidents while its
// configuration has just been disabled. The generated configuration keeps
// both alerts from being silenced (active = true) and leaves defaults out.
// On day 2 the licence lapses, PIM raises InvalidLicenseAlert, and its
// scan deactivates the disabled alert: the plan has no changes, neither a
// dismissal of the new alert nor active = false -> true.
func TestAccExampleAdoptExistingTenant_queryDayTwo(t *testing.T) {
	requireTerraform114(t)
	t.Parallel()
	dir := examplesDir(t, "adopt-existing-tenant")
	srv := mockgraph.New(t)
	if a := srv.Alert(alerttypes.InvalidLicense); a.IsActive || a.IncidentCount != 0 {
		t.Fatalf("%s is %+v at export, want quiet", alerttypes.InvalidLicense, a)
	}
	if err := srv.SetConfiguration(alerttypes.RolesAssignedOutsidePim, map[string]any{"isEnabled": false}); err != nil {
		t.Fatal(err)
	}
	if !srv.Alert(alerttypes.RolesAssignedOutsidePim).IsActive {
		t.Fatalf("%s is not active at export", alerttypes.RolesAssignedOutsidePim)
	}
	tf, env := simulatedCLI(t, srv, map[string]string{"main.tf": readFile(t, dir, "main.tf"), "export.tfquery.hcl": readFile(t, dir, "export.tfquery.hcl")})
	tf.Must(0, env, "query", "-generate-config-out=generated.tf")
	generated := readFile(t, tf.Dir, "generated.tf")
	for _, name := range []string{alerttypes.InvalidLicense, alerttypes.RolesAssignedOutsidePim} {
		block := regexp.MustCompile(`(?s)resource "entrapim_alert" "[^"]*" \{[^}]*alert_type\s*=\s*"` + name + `"[^}]*\}`).FindString(generated)
		if !regexp.MustCompile(`active\s*=\s*true`).MatchString(block) {
			t.Errorf("generated.tf does not keep %s from being silenced:\n%s", name, block)
		}
	}
	if strings.Contains(generated, "restore_on_destroy") || regexp.MustCompile(`enabled\s*=\s*true`).MatchString(generated) ||
		!regexp.MustCompile(`enabled\s*=\s*false`).MatchString(generated) {
		t.Errorf("generated.tf repeats defaults or drops the disabled configuration:\n%s", generated)
	}
	tf.Must(0, env, "apply", "-input=false", "-auto-approve")

	srv.SetLicenseStatus("Free")
	srv.Scan()
	if a := srv.Alert(alerttypes.InvalidLicense); !a.IsActive {
		t.Fatalf("day 2: %s is %+v, want raised", alerttypes.InvalidLicense, a)
	}
	if a := srv.Alert(alerttypes.RolesAssignedOutsidePim); a.IsActive || a.IncidentCount != 0 {
		t.Fatalf("day 2: %s is %+v, want deactivated by the scan", alerttypes.RolesAssignedOutsidePim, a)
	}
	srv.ResetRequests()
	if out, code := tf.Run(env, "plan", "-input=false", "-detailed-exitcode"); code != 0 {
		t.Errorf("the day-2 plan is not empty (exit %d):\n%s", code, out)
	}
	if w := srv.WriteRequests(); len(w) != 0 {
		t.Errorf("the plan wrote: %v", w)
	}
}
