package examples_test

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/entrapim/terraform-provider-entrapim/internal/acctest"
	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// workflow is what the tests need from examples/github-actions/drift.yml,
// read line by line (the module has no YAML parser among its dependencies;
// the file keeps the plain block layout this relies on).
type workflow struct {
	lines []string
	env   map[string]string // jobs.plan.env, values unquoted
	init  []string          // the terraform init command's arguments
	plan  []string          // the terraform plan command's arguments
}

var (
	envLine     = regexp.MustCompile(`^      ([A-Z][A-Z0-9_]*): (.+)$`)
	varsRef     = regexp.MustCompile(`^\$\{\{ vars\.([A-Z0-9_]+) \}\}$`)
	terraformCm = regexp.MustCompile(`^\s*(?:run: )?terraform ((?:init|plan) [^>]*?)(?:\s*>.*)?$`)
)

func readWorkflow(t *testing.T) workflow {
	t.Helper()
	text := readFile(t, examplesDir(t, "github-actions"), "drift.yml")
	if strings.Contains(text, "\t") {
		t.Fatal("drift.yml contains a tab; YAML indentation must use spaces")
	}
	w := workflow{env: map[string]string{}}
	inEnv := false
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := sc.Text()
		w.lines = append(w.lines, line)
		trimmed := strings.TrimSpace(line)
		switch {
		case line == "    env:":
			inEnv = true
			continue
		case inEnv && (trimmed == "" || strings.HasPrefix(trimmed, "#")):
			continue
		case inEnv:
			if m := envLine.FindStringSubmatch(line); m != nil {
				w.env[m[1]] = strings.Trim(m[2], `"'`)
				continue
			}
			inEnv = false
		}
		if m := terraformCm.FindStringSubmatch(line); m != nil {
			args := strings.Fields(m[1])
			switch {
			case args[0] == "init":
				w.init = args
			case w.plan == nil: // the drift check's; a later one shows details
				w.plan = args
			}
		}
	}
	if w.plan == nil || w.init == nil {
		t.Fatalf("drift.yml: no terraform init/plan command found (init %v, plan %v)", w.init, w.plan)
	}
	return w
}

// has reports whether the workflow has a line equal to line after trimming.
func (w workflow) has(line string) bool {
	for _, l := range w.lines {
		if strings.TrimSpace(l) == line {
			return true
		}
	}
	return false
}

// jobEnv resolves the job's env block with the given repository variables.
func (w workflow) jobEnv(t *testing.T, vars map[string]string) map[string]string {
	t.Helper()
	env := map[string]string{}
	for k, v := range w.env {
		if m := varsRef.FindStringSubmatch(v); m != nil {
			val, ok := vars[m[1]]
			if !ok {
				t.Fatalf("drift.yml reads the repository variable %s, which the test does not set", m[1])
			}
			v = val
		}
		env[k] = v
	}
	return env
}

// TestExampleGitHubActionsWorkflow checks the promises README.md makes
// about drift.yml: a nightly schedule, only the id-token and contents
// permissions, OIDC from repository variables (no secrets), and a plan that
// reports drift through -detailed-exitcode and fails the job on it.
func TestExampleGitHubActionsWorkflow(t *testing.T) {
	w := readWorkflow(t)
	for _, line := range []string{
		"permissions:",
		"id-token: write",
		"contents: read",
		"workflow_dispatch: {}",
		`exit "$code"`,
		"terraform_wrapper: false",
	} {
		if !w.has(line) {
			t.Errorf("drift.yml has no line %q", line)
		}
	}
	if !regexp.MustCompile(`(?m)^\s+- cron: "[0-9*/, -]+"$`).MatchString(strings.Join(w.lines, "\n")) {
		t.Error("drift.yml has no cron schedule")
	}
	if strings.Contains(strings.Join(w.lines, "\n"), "secrets.") {
		t.Error("drift.yml reads a secret; the workflow must authenticate with OIDC only")
	}
	wantEnv := map[string]string{
		"ARM_USE_OIDC":     "true",
		"ARM_CLIENT_ID":    "${{ vars.ARM_CLIENT_ID }}",
		"ARM_TENANT_ID":    "${{ vars.ARM_TENANT_ID }}",
		"TF_IN_AUTOMATION": "true",
		"TF_INPUT":         "false",
	}
	if !reflect.DeepEqual(w.env, wantEnv) {
		t.Errorf("the job's env is %v, want %v", w.env, wantEnv)
	}
	for _, flag := range []string{"-detailed-exitcode", "-lock=false", "-input=false", "-compact-warnings"} {
		if !strings.Contains(strings.Join(w.plan, " "), flag) {
			t.Errorf("the plan command %v lacks %s", w.plan, flag)
		}
	}
}

// driftSummary runs the example's summary script on the JSON of planFile.
func driftSummary(t *testing.T, tf *cli, env map[string]string, planFile string) string {
	t.Helper()
	planJSON := filepath.Join(t.TempDir(), "drift.json")
	if err := os.WriteFile(planJSON, []byte(tf.Must(0, env, "show", "-json", planFile)), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("bash", filepath.Join(examplesDir(t, "github-actions"), "pim-drift-summary.sh"), planJSON).CombinedOutput()
	if err != nil {
		t.Fatalf("pim-drift-summary.sh: %v\n%s", err, out)
	}
	return string(out)
}

// TestAccExampleGitHubActions runs the workflow's terraform plan command, with
// exactly the job's environment, against a simulated tenant whose read-only
// app (RoleManagementAlert.Read.Directory) has the GitHub federated
// credential README.md describes. The root module is the baseline module,
// applied first by a read-write pipeline. The plan exits 0 while the tenant
// matches and 2 after portal drift (a loosened threshold, a reactivated
// alert), authenticates with the GitHub OIDC token and never writes; the
// read-only identity cannot apply the plan either.
func TestAccExampleGitHubActions(t *testing.T) {
	requireAcc(t)
	acctest.EachScanVariant(t, func(t *testing.T, _ acctest.ScanVariant, opt mockgraph.Option) { githubActions(t, opt) })
}

// githubActions is TestAccExampleGitHubActions against a tenant started
// with opt.
func githubActions(t *testing.T, opt mockgraph.Option) {
	t.Parallel()
	w := readWorkflow(t)
	srv := mockgraph.New(t, opt)
	root := copyExamples(t, "baseline-module")
	tf := newCLI(t, root+"/baseline-module", srv)
	tf.WriteVars("baseline.auto.tfvars.json", map[string]any{
		"global_admin_count_threshold": 4,
		"dismissed_alert_types":        []string{alerttypes.RolesAssignedOutsidePim},
	})
	simulator := simulatorEnv(srv)

	// The usual read-write pipeline applies the baseline.
	rwID, rwSecret := srv.ReadWriteClient()
	tf.Must(0, merged(simulator, map[string]string{
		"ARM_TENANT_ID": srv.TenantID(), "ARM_CLIENT_ID": rwID, "ARM_CLIENT_SECRET": rwSecret,
	}), "apply", "-auto-approve", "-input=false")

	// The nightly job: the read-only app, federated with the subject GitHub
	// puts in the token of a scheduled run on the default branch.
	roID, _ := srv.ReadOnlyClient()
	srv.AddFederatedCredential(roID, srv.IssuerURL(), mockgraph.GitHubSubject)
	requestURL, requestToken := srv.GitHubOIDCRequest()
	job := merged(simulator, w.jobEnv(t, map[string]string{"ARM_CLIENT_ID": roID, "ARM_TENANT_ID": srv.TenantID()}))
	// Set by the runner because of permissions: id-token: write.
	job["ACTIONS_ID_TOKEN_REQUEST_URL"], job["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = requestURL, requestToken
	srv.ResetRequests()

	// (terraform init is skipped: dev_overrides stand in for installing the
	// provider, and the baseline has no modules or backend to initialise.)
	if out, code := tf.Run(job, w.plan...); code != 0 {
		t.Fatalf("the nightly plan of an unchanged tenant exited %d, want 0\n%s", code, out)
	}

	// Out of band: the portal loosens a threshold, and a refresh
	// reactivates the dismissed alert (documented).
	if err := srv.SetConfiguration(alerttypes.TooManyGlobalAdmins, map[string]any{"globalAdminCountThreshold": 10}); err != nil {
		t.Fatal(err)
	}
	srv.Refresh(alerttypes.RolesAssignedOutsidePim)
	out, code := tf.Run(job, w.plan...)
	if code != 2 {
		t.Fatalf("the nightly plan after drift exited %d, want 2 (the job's failure)\n%s", code, out)
	}
	// The job's log names the warning but not who: -compact-warnings keeps
	// the reactivated alert's incident assignees out of a log that every
	// reader of the repository can read.
	var isaiah string
	for _, inc := range srv.Incidents(alerttypes.RolesAssignedOutsidePim) {
		isaiah, _ = inc["assigneeUserPrincipalName"].(string)
	}
	flat := strings.Join(strings.Fields(out), " ")
	if want := "PIM reactivated a dismissed alert: " + alerttypes.RolesAssignedOutsidePim + " in tenant " + srv.TenantID(); !strings.Contains(flat, want) {
		t.Errorf("the nightly plan's compact warning does not say %q:\n%s", want, out)
	}
	if isaiah == "" || strings.Contains(out, isaiah) {
		t.Errorf("the nightly plan's log names the incident's assignee %q:\n%s", isaiah, out)
	}
	// Opted in (PIM_DRIFT_DETAILS), the full plan says what PIM found, and who.
	details, _ := tf.Run(job, "plan", "-input=false", "-lock=false")
	if want := "it found 1 incident(s): " + isaiah + " (Global Administrator)"; !strings.Contains(strings.Join(strings.Fields(details), " "), want) {
		t.Errorf("the detailed plan does not say %q:\n%s", want, details)
	}
	planFile := ""
	for _, a := range w.plan {
		if v, ok := strings.CutPrefix(a, "-out="); ok {
			planFile = v
		}
	}
	wantChanges := map[string][]string{
		fmt.Sprintf("entrapim_alert_configuration.this[%q]", alerttypes.TooManyGlobalAdmins): {"update"},
		fmt.Sprintf("entrapim_alert.dismissed[%q]", alerttypes.RolesAssignedOutsidePim):      {"update"},
	}
	if got := tf.PlanChanges(job, planFile); !reflect.DeepEqual(got, wantChanges) {
		t.Errorf("the drift plan changes %v, want %v", got, wantChanges)
	}
	// The job summary and artifact: addresses, actions, what each change
	// means, the values of thresholds and on/off settings, and apart the
	// alerts PIM reports; no other value, so no account.
	summary := driftSummary(t, tf, job, planFile)
	for _, want := range []string{
		"| `entrapim_alert_configuration.this[\"TooManyGlobalAdminsAssignedToTenantAlert\"]` | update | setting changed | `too_many_global_admins.global_admin_count_threshold` 10 → 4 |",
		"| `entrapim_alert.dismissed[\"RolesAssignedOutsidePimAlert\"]` | update | **reactivated**: PIM raised an alert this configuration dismisses; the plan dismisses it again | `active` true → false |",
		"Alerts PIM reports (not drift; for review):",
		"| `RolesAssignedOutsidePimAlert` | yes | 1 | high |",
	} {
		if !strings.Contains(summary, want) {
			t.Errorf("the drift summary lacks %q:\n%s", want, summary)
		}
	}
	if strings.Contains(summary, "@") || strings.Contains(summary, isaiah) {
		t.Errorf("the drift summary names an account:\n%s", summary)
	}

	// The plans wrote nothing and authenticated with GitHub's OIDC token as
	// the read-only app, never with a secret.
	if got := writes(srv); len(got) != 0 {
		t.Errorf("the nightly plans wrote to the tenant: %v", got)
	}
	tokens := 0
	for _, r := range srv.Requests() {
		if r.Route != "token" {
			continue
		}
		tokens++
		form, err := url.ParseQuery(string(r.Body))
		if err != nil {
			t.Fatalf("token request body: %v", err)
		}
		if form.Get("client_id") != roID || form.Get("client_assertion") == "" || form.Has("client_secret") {
			t.Errorf("token request %v: want client_id %s with a client assertion and no secret", form, roID)
		}
	}
	if tokens == 0 {
		t.Error("no token request reached the simulated tenant")
	}

	// The nightly identity cannot repair the drift: applying its plan is
	// refused by Graph.
	out = tf.Must(1, job, "apply", "-input=false", planFile)
	if !strings.Contains(out, "Authorization_RequestDenied") {
		t.Errorf("applying with the read-only identity failed for another reason:\n%s", out)
	}
	for _, r := range srv.WriteRequests() {
		if r.Status != 403 {
			t.Errorf("the read-only identity's %s %s got status %d, want 403", r.Method, r.Path, r.Status)
		}
	}
}

// TestAccExampleGitHubActionsFanOut runs the matrix workflow's work for
// three simulated tenants, each with the baseline applied: in contoso
// someone silences the too-many-Global-Administrators alert in the portal;
// in fabrikam someone loosens its threshold and a refresh reactivates the
// dismissed alert; in northwind PIM only finds one more Global
// Administrator, which is not drift. One plan JSON per tenant as the plan
// jobs save them, and the collecting script's report, which README.md
// shows verbatim: "1 of 3" counts, drifted tenants first, values of the
// settings, silencing told apart, links to the jobs, and the incidents
// apart. A tenant of the tenants file without a plan is reported as failed;
// the script exits 2 on drift.
func TestAccExampleGitHubActionsFanOut(t *testing.T) {
	requireAcc(t)
	t.Parallel()
	names := []string{"contoso", "fabrikam", "northwind"}
	plans := t.TempDir()
	for i, name := range names {
		seed := fabrikamSeed(t)
		seed.TenantID = fmt.Sprintf("4c1f6a52-7d0e-4b8a-9f21-5e6d7c8b9a0%d", i)
		srv := mockgraph.New(t, mockgraph.WithSeed(seed))
		root := copyExamples(t, "baseline-module")
		tf := newCLI(t, root+"/baseline-module", srv)
		tf.WriteVars("baseline.auto.tfvars.json", map[string]any{"dismissed_alert_types": []string{alerttypes.RolesAssignedOutsidePim}})
		env := appEnv(srv)
		tf.Must(0, env, "apply", "-auto-approve", "-input=false")
		want := 2
		switch name {
		case "contoso":
			if !srv.Alert(alerttypes.TooManyGlobalAdmins).IsActive {
				t.Fatalf("%s: %s is not active after the baseline", name, alerttypes.TooManyGlobalAdmins)
			}
			srv.SetAlertActive(alerttypes.TooManyGlobalAdmins, false)
		case "fabrikam":
			if err := srv.SetConfiguration(alerttypes.TooManyGlobalAdmins, map[string]any{"globalAdminCountThreshold": 10}); err != nil {
				t.Fatal(err)
			}
			srv.Refresh(alerttypes.RolesAssignedOutsidePim)
		case "northwind":
			srv.AddGlobalAdmin("One More Admin")
			srv.Scan(alerttypes.TooManyGlobalAdmins)
			want = 0
		}
		if out, code := tf.Run(env, "plan", "-input=false", "-lock=false", "-compact-warnings", "-detailed-exitcode", "-out=drift.tfplan"); code != want {
			t.Fatalf("%s: plan exited %d, want %d\n%s", name, code, want, out)
		}
		planJSON := tf.Must(0, env, "show", "-json", "drift.tfplan")
		if name != "northwind" {
			// As the plan jobs upload it: reduced by pim-drift.jq, with the
			// link to the job. (northwind's stays a full plan, which the
			// script reads too.)
			planJSON = reduceToNames(t, planJSON, "https://github.com/example/pim/actions/runs/42/job/"+fmt.Sprint(100+i))
		}
		if err := os.WriteFile(filepath.Join(plans, name+".json"), []byte(planJSON), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	script := filepath.Join(examplesDir(t, "github-actions"), "pim-drift-fanout-summary.sh")
	// A tenant of the tenants file without a plan: its job failed.
	tenants := filepath.Join(t.TempDir(), "tenants.json")
	if err := os.WriteFile(tenants, []byte(`[{"name":"contoso"},{"name":"fabrikam"},{"name":"northwind"},{"name":"tailspin"}]`), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("bash", script, plans, tenants).Output()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 {
		t.Fatalf("the summary script exited with %v, want 2 (tenants drifted)\n%s", err, out)
	}
	summary := string(out)
	readme := readFile(t, examplesDir(t, "github-actions"), "README.md")
	if !strings.Contains(readme, summary) {
		t.Errorf("README.md does not show the report of these tenants as the script prints it:\n%s", summary)
	}
	for _, want := range []string{
		"**2 of 4 tenants drifted**, 1 without a plan (their job failed).",
		"| [contoso](https://github.com/example/pim/actions/runs/42/job/100) | **yes** | `entrapim_alert.not_silenced[\"TooManyGlobalAdminsAssignedToTenantAlert\"]` | update | **silenced**",
		"`active` false → true",
		"| [fabrikam](https://github.com/example/pim/actions/runs/42/job/101) | **yes** | `entrapim_alert_configuration.this[\"TooManyGlobalAdminsAssignedToTenantAlert\"]` | update | setting changed | `too_many_global_admins.global_admin_count_threshold` 10 → 3 |",
		"**reactivated**", "| tailspin | **no plan** (the tenant's job failed, or its plan cannot be read) |", "| northwind | no |",
		"`TooManyGlobalAdminsAssignedToTenantAlert` 6 |",
	} {
		if !strings.Contains(summary, want) {
			t.Errorf("the summary lacks %q:\n%s", want, summary)
		}
	}
	if strings.Index(summary, "fabrikam") > strings.Index(summary, "tailspin") || strings.Index(summary, "tailspin") > strings.Index(summary, "| northwind | no") {
		t.Errorf("the summary does not list drifted tenants first, then failed ones, then clean ones:\n%s", summary)
	}
	if strings.Contains(summary, "@") {
		t.Errorf("the summary names an account:\n%s", summary)
	}
	// A broken artifact reads as a failed tenant, never as a clean one.
	if err := os.WriteFile(filepath.Join(plans, "contoso.json"), []byte(`{"changes": [`), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err = exec.Command("bash", script, plans, tenants).Output()
	if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(string(out), "| contoso | **no plan**") {
		t.Errorf("with a broken plan file: %v\n%s", err, out)
	}
	if err := os.Remove(filepath.Join(plans, "contoso.json")); err != nil {
		t.Fatal(err)
	}
	// Without the tenants file, only the plans: no failed tenant.
	out, err = exec.Command("bash", script, plans).Output()
	if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(string(out), "**1 of 2 tenants drifted**.") {
		t.Errorf("without the tenants file: %v\n%s", err, out)
	}
}

// reduceToNames runs the plan jobs' reduction of drift-matrix.yml (jq with
// pim-drift.jq's drift) on a `terraform show -json` plan; what it keeps
// must name no account.
func reduceToNames(t *testing.T, planJSON, jobURL string) string {
	t.Helper()
	cmd := exec.Command("jq", "-L", examplesDir(t, "github-actions"), `include "pim-drift"; drift`)
	cmd.Env = append(os.Environ(), "PIM_DRIFT_JOB_URL="+jobURL)
	cmd.Stdin = strings.NewReader(planJSON)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("reducing the plan: %v", err)
	}
	if strings.Contains(string(out), "@") {
		t.Errorf("the reduced plan names an account:\n%s", out)
	}
	return string(out)
}

// TestExampleGitHubActionsMatrixWorkflow checks the promises README.md makes
// about drift-matrix.yml: tenants from a file, one plan job per tenant with
// its own identity and state, and one summary by the collecting script.
func TestExampleGitHubActionsMatrixWorkflow(t *testing.T) {
	text := readFile(t, examplesDir(t, "github-actions"), "drift-matrix.yml")
	for _, want := range []string{
		"jq -c . tenants.json", "tenant: ${{ fromJSON(needs.tenants.outputs.tenants) }}", "fail-fast: false",
		"ARM_TENANT_ID: ${{ matrix.tenant.tenant_id }}", "ARM_CLIENT_ID: ${{ matrix.tenant.client_id }}",
		`-backend-config="key=pim/${{ matrix.tenant.name }}.tfstate"`, "-detailed-exitcode", "-compact-warnings",
		"bash .github/scripts/pim-drift-fanout-summary.sh plans tenants.json", "id-token: write",
		`jq -L "$GITHUB_WORKSPACE/.github/scripts" 'include "pim-drift"; drift' > "${{ matrix.tenant.name }}.json"`,
		"rm -f drift.tfplan",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("drift-matrix.yml lacks %q", want)
		}
	}
	if strings.Contains(text, "secrets.") || strings.Contains(text, "\t") {
		t.Error("drift-matrix.yml reads a secret or contains a tab")
	}
	var tenants []map[string]string
	if err := json.Unmarshal([]byte(readFile(t, examplesDir(t, "github-actions"), "tenants.json")), &tenants); err != nil || len(tenants) == 0 {
		t.Errorf("tenants.json: %v", err)
	}
	for _, tn := range tenants {
		if tn["name"] == "" || !alerttypes.IsGUID(tn["tenant_id"]) || !alerttypes.IsGUID(tn["client_id"]) {
			t.Errorf("tenants.json entry %v needs name, tenant_id and client_id", tn)
		}
	}
}
