package examples_test

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/acctest"
	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// The Global Administrator minimum as users and attackers meet it: with
// the provider binary, one provider process per provider configuration,
// several Terraform runs at once and Graph slowed down where a race needs
// a window. Every test here would leave fewer than min_global_admins with
// the counting of one process (the provider before this guard).

// remediationLatency slows the remediate request down, as real Graph does,
// so that runs overlap.
var remediationLatency = mockgraph.Fault{Kind: mockgraph.FaultLatency, Route: "incidents.remediate", Latency: 2 * time.Second}

// gaTenant starts a simulated tenant whose Global Administrators are the
// break-glass account and n-1 others, and returns it with the others'
// too-many-Global-Administrators incidents (whose ids are the users').
func gaTenant(t *testing.T, n int, opts ...mockgraph.Option) (srv *mockgraph.Server, breakGlass string, others []string) {
	t.Helper()
	srv = mockgraph.New(t, opts...)
	breakGlass = acctest.BreakGlassID(t, srv)
	holders := srv.RoleHolders(mockgraph.GlobalAdministratorRoleID)
	for _, p := range holders {
		if p == breakGlass || len(others) < n-1 {
			if p != breakGlass {
				others = append(others, p)
			}
			continue
		}
		for _, a := range srv.Assignments() {
			if a.PrincipalID == p && a.RoleDefinitionID == mockgraph.GlobalAdministratorRoleID {
				srv.RemoveAssignment(a.ID)
			}
		}
	}
	srv.Scan(alerttypes.TooManyGlobalAdmins)
	if got := srv.RoleHolders(mockgraph.GlobalAdministratorRoleID); len(got) != n || !slices.Contains(got, breakGlass) {
		t.Fatalf("Global Administrators %v, want %d with the break-glass account", got, n)
	}
	incidents, _ := incidentsBy(srv, alerttypes.TooManyGlobalAdmins, breakGlass)
	if !slices.Equal(sorted(incidents), sorted(others)) {
		t.Fatalf("too-many-Global-Administrators incidents %v, want one per other holder %v", incidents, others)
	}
	return srv, breakGlass, others
}

func sorted(s []string) []string { s = slices.Clone(s); slices.Sort(s); return s }

// guardEnv is the environment of the provider processes of one test: the
// simulator, the read-write app, and a guard directory of the test shared
// by every run of it, as runs on one machine share theirs.
func guardEnv(t *testing.T, srv *mockgraph.Server, guardDir string) map[string]string {
	return merged(appEnv(srv), map[string]string{"ENTRAPIM_GUARD_DIR": guardDir})
}

// guardedProvider is a provider block (alias "" for the default one) that
// protects breakGlass and keeps minimum Global Administrators.
func guardedProvider(alias, breakGlass string, minimum int) string {
	a := ""
	if alias != "" {
		a = fmt.Sprintf("  alias = %q\n", alias)
	}
	return fmt.Sprintf("provider \"entrapim\" {\n%s  protected_principal_ids = [%q]\n  min_global_admins = %d\n}\n", a, breakGlass, minimum)
}

// gaRemediation is a remediation of a too-many-Global-Administrators
// incident, through the provider alias when set.
func gaRemediation(name, alias, incident string) string {
	p := ""
	if alias != "" {
		p = "  provider    = entrapim." + alias + "\n"
	}
	return fmt.Sprintf("resource \"entrapim_alert_incident_remediation\" %q {\n%s  alert_type  = %q\n  incident_id = %q\n}\n",
		name, p, alerttypes.TooManyGlobalAdmins, incident)
}

// workdir writes main.tf (with the provider's source address) into a new
// directory and returns a CLI for it.
func workdir(t *testing.T, srv *mockgraph.Server, mainTF string) *cli {
	t.Helper()
	c, _ := simulatedCLI(t, srv, map[string]string{"main.tf": versionsTF + mainTF})
	return c
}

// expectHolders fails unless exactly want Global Administrators remain and
// the tenant received exactly the remediations sent.
func expectHolders(t *testing.T, srv *mockgraph.Server, want int, sent []string) {
	t.Helper()
	if got := srv.RoleHolders(mockgraph.GlobalAdministratorRoleID); len(got) != want {
		t.Errorf("%d Global Administrators remain (%v), want %d", len(got), got, want)
	}
	if got := srv.RemediationRequests(); !slices.Equal(got, sorted(sent)) {
		t.Errorf("remediations received %v, want %v", got, sorted(sent))
	}
}

// TestAccRemediationGuard_aliases: one apply, two provider configurations
// of the same tenant (a default one and an alias), one remediation each:
// three holders, a minimum of two. Each alone leaves two; together one.
// The plan fails naming both, whatever process plans which, and nothing
// is sent.
func TestAccRemediationGuard_aliases(t *testing.T) {
	requireAcc(t)
	t.Parallel()
	srv, bg, others := gaTenant(t, 3)
	srv.AddFault(remediationLatency)
	tf := workdir(t, srv, guardedProvider("", bg, 2)+guardedProvider("rw", bg, 2)+
		gaRemediation("a", "", others[0])+gaRemediation("b", "rw", others[1]))
	env := guardEnv(t, srv, t.TempDir())
	refused := diagnostics(t, tf.Must(1, env, "apply", "-json", "-auto-approve", "-input=false"), "error",
		"Remediation would leave too few Global Administrators")
	if len(refused) == 0 || !strings.Contains(refused[0], "2 Global Administrator removals of the tenant, counted together") ||
		!strings.Contains(refused[0], others[0]) || !strings.Contains(refused[0], others[1]) {
		t.Errorf("the refusal does not name both removals: %v", refused)
	}
	expectHolders(t, srv, 3, nil)
}

// TestAccRemediationGuard_concurrentApplies: two working directories
// (pipelines, workspaces) apply one remediation each at the same time.
// Each plans on its own; the removals take turns on the machine, and the
// second, reading the holders after the first took effect, is refused.
func TestAccRemediationGuard_concurrentApplies(t *testing.T) {
	requireAcc(t)
	t.Parallel()
	srv, bg, others := gaTenant(t, 3)
	srv.AddFault(remediationLatency)
	env := guardEnv(t, srv, t.TempDir())
	clis := []*cli{
		workdir(t, srv, guardedProvider("", bg, 2)+gaRemediation("a", "", others[0])),
		workdir(t, srv, guardedProvider("", bg, 2)+gaRemediation("b", "", others[1])),
	}
	codes := concurrently(clis, env, "apply", "-auto-approve", "-input=false")
	oneWins(t, srv, codes, others[:2], 2)
}

// oneWins fails unless exactly one of the runs (exit codes) succeeded and
// the other was refused, the tenant received only the remediation of the
// run that succeeded (of incidents, one per run), and want Global
// Administrators remain.
func oneWins(t *testing.T, srv *mockgraph.Server, codes []int, incidents []string, want int) {
	t.Helper()
	if !slices.Equal(slices.Sorted(slices.Values(codes)), []int{0, 1}) {
		t.Errorf("exit codes %v, want one run to succeed and one to be refused", codes)
		expectHolders(t, srv, want, nil)
		return
	}
	expectHolders(t, srv, want, []string{incidents[slices.Index(codes, 0)]})
}

// concurrently runs the same command in every CLI at once and returns the
// exit codes.
func concurrently(clis []*cli, env map[string]string, args ...string) []int {
	codes := make([]int, len(clis))
	var wg sync.WaitGroup
	for i, c := range clis {
		wg.Go(func() {
			out, code := c.Run(env, args...)
			c.T.Logf("run %d:\n%s", i, out)
			codes[i] = code
		})
	}
	wg.Wait()
	return codes
}

// TestAccRemediationGuard_actionConcurrentInvoke: the remediation action,
// invoked in two runs at once; its plan names who loses which role.
func TestAccRemediationGuard_actionConcurrentInvoke(t *testing.T) {
	requireAcc(t)
	requireTerraform114(t)
	t.Parallel()
	srv, bg, others := gaTenant(t, 3)
	srv.AddFault(remediationLatency)
	env := guardEnv(t, srv, t.TempDir())
	action := func(incident string) string {
		return guardedProvider("", bg, 2) + fmt.Sprintf(`
action "entrapim_alert_incident_remediation" "reviewed" {
  config {
    alert_type  = %q
    incident_id = %q
  }
}
`, alerttypes.TooManyGlobalAdmins, incident)
	}
	clis := []*cli{workdir(t, srv, action(others[0])), workdir(t, srv, action(others[1]))}
	plan := clis[0].Must(0, env, "plan", "-invoke=action.entrapim_alert_incident_remediation.reviewed")
	var upn string
	for _, u := range srv.Users() {
		if u.ID == others[0] {
			upn = u.UserPrincipalName
		}
	}
	if !strings.Contains(plan, "What this remediation does") || !strings.Contains(plan, upn) ||
		!strings.Contains(plan, "Global Administrator") || !strings.Contains(plan, mockgraph.GlobalAdministratorRoleID) {
		t.Errorf("the action's plan does not name who loses which role (%s):\n%s", upn, plan)
	}
	codes := concurrently(clis, env, "apply", "-auto-approve", "-input=false", "-invoke=action.entrapim_alert_incident_remediation.reviewed")
	oneWins(t, srv, codes, others[:2], 2)
}

// approvedBatch is the remediation guide's pattern: one resource per
// approved incident id.
const approvedBatch = `
variable "approved_incident_ids" {
  type = set(string)
}

resource "entrapim_alert_incident_remediation" "ga" {
  for_each    = var.approved_incident_ids
  alert_type  = "TooManyGlobalAdminsAssignedToTenantAlert"
  incident_id = each.key
}
`

// TestAccRemediationGuard_batch: five Global Administrators, the
// break-glass account protected, a minimum of two, and four approved
// incidents. The plan fails three times out of three, naming the four, and
// nothing is sent; approving three leaves exactly two, the same two every
// time. Destroying the remediations prints their records.
func TestAccRemediationGuard_batch(t *testing.T) {
	requireAcc(t)
	t.Parallel()
	srv, bg, others := gaTenant(t, 5)
	srv.AddFault(mockgraph.Fault{Kind: mockgraph.FaultLatency, Route: "incidents.remediate", Latency: 300 * time.Millisecond})
	tf := workdir(t, srv, guardedProvider("", bg, 2)+approvedBatch)
	env := guardEnv(t, srv, t.TempDir())
	for run := 1; run <= 3; run++ {
		tf.WriteVars("terraform.tfvars.json", map[string]any{"approved_incident_ids": others})
		refused := diagnostics(t, tf.Must(1, env, "apply", "-json", "-auto-approve", "-input=false", "-parallelism=10"), "error",
			"Remediation would leave too few Global Administrators")
		found := false
		for _, r := range refused {
			found = found || strings.Contains(r, "4 Global Administrator removals of the tenant, counted together") && strings.Contains(r, "leave 1 principal(s)")
		}
		if !found {
			t.Errorf("run %d: no refusal counts the four together: %v", run, refused)
		}
		expectHolders(t, srv, 5, nil)
	}
	approved := others[:3]
	tf.WriteVars("terraform.tfvars.json", map[string]any{"approved_incident_ids": approved})
	tf.Must(0, env, "apply", "-auto-approve", "-input=false", "-parallelism=10")
	expectHolders(t, srv, 2, approved)
	if got := srv.RoleHolders(mockgraph.GlobalAdministratorRoleID); !slices.Equal(got, sorted([]string{bg, others[3]})) {
		t.Errorf("the holders left are %v, want the break-glass account and the one not approved", got)
	}
	records := stateRemediations(t, tf.Must(0, env, "show", "-json"))
	if len(records) != len(approved) {
		t.Errorf("the state holds %d remediation records, want %d: %v", len(records), len(approved), records)
	}
	// PIM's next scan drops the remediated incidents: the records stay.
	srv.Scan()
	tf.Must(0, env, "plan", "-detailed-exitcode", "-input=false")
	warnings := strings.Join(diagnostics(t, tf.Must(0, env, "destroy", "-json", "-auto-approve", "-input=false"), "warning",
		"Forgetting the record of a remediation"), "\n")
	for principal, removed := range records {
		if len(removed) == 0 || !strings.Contains(warnings, fmt.Sprint(removed[0]["assignment_id"])) || !strings.Contains(warnings, principal) {
			t.Errorf("destroy does not print the record of %s (%v):\n%s", principal, removed, warnings)
		}
	}
	if strings.Contains(warnings, "@") {
		t.Errorf("destroy's record names people:\n%s", warnings)
	}
}

// TestAccRemediationGuard_interrupt: Ctrl-C while the remediate request is
// under way. When Graph had acted, a re-read settles it and the record is
// in state; when it had not, the planned record is kept tainted with an
// error saying it may have been carried out, and the next apply finishes
// it.
func TestAccRemediationGuard_interrupt(t *testing.T) {
	requireAcc(t)
	for _, acted := range []bool{true, false} {
		t.Run(fmt.Sprint("acted=", acted), func(t *testing.T) {
			t.Parallel()
			srv, bg, others := gaTenant(t, 4)
			srv.AddFault(mockgraph.Fault{Kind: mockgraph.FaultLatency, Route: "incidents.remediate", Latency: time.Minute, After: acted, Count: 1})
			tf := workdir(t, srv, guardedProvider("", bg, 2)+gaRemediation("a", "", others[0]))
			env := guardEnv(t, srv, t.TempDir())
			out, code := interrupt(tf, env, func() bool {
				if acted {
					return !slices.Contains(srv.RoleHolders(mockgraph.GlobalAdministratorRoleID), others[0])
				}
				return srv.Received("incidents.remediate") > 0
			}, "apply", "-auto-approve", "-input=false")
			if code == 0 {
				t.Errorf("an interrupted apply exited 0:\n%s", out)
			}
			state := tf.Must(0, env, "show", "-json")
			records := stateRemediations(t, state)
			if len(records[others[0]]) != 1 {
				t.Fatalf("state after the interrupt: %v, want the record of %s\n%s", records, others[0], out)
			}
			tainted := strings.Contains(state, `"tainted":true`) || strings.Contains(state, `"status":"tainted"`)
			if acted {
				if tainted || !strings.Contains(out, "Remediation settled by reading Graph again") {
					t.Errorf("Graph had acted: want the record settled and not tainted:\n%s", out)
				}
				expectHolders(t, srv, 3, others[:1])
				return
			}
			if !tainted || !strings.Contains(out, "Remediation may have been carried out") {
				t.Errorf("Graph had not acted: want the record tainted and the error:\n%s\n%s", out, state)
			}
			expectHolders(t, srv, 4, others[:1])
			out = tf.Must(0, env, "apply", "-auto-approve", "-input=false")
			if !strings.Contains(out, "Forgetting the record of a remediation") {
				t.Errorf("the tainted record's replacement does not print it:\n%s", out)
			}
			if got := srv.RoleHolders(mockgraph.GlobalAdministratorRoleID); slices.Contains(got, others[0]) || len(got) != 3 {
				t.Errorf("after the next apply: %v", got)
			}
		})
	}
}

// interrupt starts terraform, sends it SIGINT (Ctrl-C) once ready reports
// true, and returns its output and exit code.
func interrupt(c *cli, env map[string]string, ready func() bool, args ...string) (string, int) {
	c.T.Helper()
	cmd := c.Command(env, args...)
	// One writer for both: exec then writes to it from one goroutine at a
	// time, and it is read only after Wait.
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		c.T.Fatal(err)
	}
	deadline := time.Now().Add(45 * time.Second)
	for !ready() && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		c.T.Fatal(err)
	}
	err := cmd.Wait()
	code := 0
	if exit, ok := err.(*exec.ExitError); ok {
		code = exit.ExitCode()
	}
	return out.String(), code
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

// stateRemediations returns the remediation resources of out, the state
// as terraform show -json prints it, by assignee, with their
// removed_assignments.
func stateRemediations(t *testing.T, out string) map[string][]map[string]any {
	t.Helper()
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
