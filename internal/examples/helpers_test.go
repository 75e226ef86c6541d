package examples_test

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/entrapim/terraform-provider-entrapim/internal/acctest"
	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/isoduration"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// TestMain reattaches the in-process provider under the source address the
// examples declare, registry.terraform.io/entrapim/entrapim (the testing
// framework's default namespace is "hashicorp").
func TestMain(m *testing.M) {
	if err := os.Setenv(resource.EnvTfAccProviderNamespace, "entrapim"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	for _, f := range cleanups {
		f()
	}
	os.Exit(code)
}

// The GUIDs the documentation examples use, made real by docsTenant.
const (
	docsTenantID     = "00000000-0000-0000-0000-000000000000"
	docsClientID     = "11111111-1111-1111-1111-111111111111"
	docsBreakGlassID = "22222222-2222-2222-2222-222222222222"
	docsClientSecret = "documentation-example-secret"
)

// docsBreakGlassOutsidePim is the assignment of a second role, made outside
// PIM ten days ago on purpose, to the documentation's break-glass account:
// RolesAssignedOutsidePimAlert looks back 30 days, so the examples have an
// incident of it to leave alone.
const docsBreakGlassOutsidePim = "33333333-3333-4333-8333-333333333333"

// privilegedRoleAdministrator is the role definition id of the built-in
// Privileged Role Administrator role in the seed.
const privilegedRoleAdministrator = "e8611ab8-c189-46e8-94e1-60213ab1f814"

// versionsTF declares the provider's source address for the documentation
// snippets, which (as tfplugindocs examples) have no terraform block.
const versionsTF = `terraform {
  required_providers {
    entrapim = {
      source = "entrapim/entrapim"
    }
  }
}
`

// examplesDir returns the absolute path of examples/rel.
func examplesDir(t *testing.T, rel string) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "examples", rel))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("example %s: %v", rel, err)
	}
	return dir
}

// stage copies files of examples/rel (every .tf file when files is empty)
// unchanged into a new temporary directory, adds versions.tf when none of
// them declares required_providers, writes the extra files, and returns the
// directory for config.StaticDirectory. The testing framework copies a
// configuration directory flat into its working directory, which is why
// examples are staged rather than used in place.
func stage(t *testing.T, rel string, files []string, extra map[string]string) string {
	t.Helper()
	src := examplesDir(t, rel)
	if len(files) == 0 {
		matches, err := filepath.Glob(filepath.Join(src, "*.tf"))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range matches {
			files = append(files, filepath.Base(m))
		}
	}
	if len(files) == 0 {
		t.Fatalf("example %s has no .tf files", rel)
	}
	dst := t.TempDir()
	declared := false
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "required_providers") {
			declared = true
		}
		if err := os.WriteFile(filepath.Join(dst, f), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if !declared {
		extra = merged(map[string]string{"versions.tf": versionsTF}, extra)
	}
	for name, content := range extra {
		if err := os.WriteFile(filepath.Join(dst, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// merged returns a new map holding the entries of ms; where two maps have
// the same key, the later one's entry wins.
func merged[M ~map[K]V, K comparable, V any](ms ...M) M {
	out := M{}
	for _, m := range ms {
		maps.Copy(out, m)
	}
	return out
}

// simulatorEnv is the provider environment that points it at srv's Graph
// endpoint and authority host.
func simulatorEnv(srv *mockgraph.Server) map[string]string {
	return map[string]string{
		"ENTRAPIM_GRAPH_ENDPOINT": srv.GraphEndpoint(),
		"ENTRAPIM_AUTHORITY_HOST": srv.AuthorityHost(),
	}
}

// appEnv is simulatorEnv with the ARM_* credentials of srv's read-write
// app.
func appEnv(srv *mockgraph.Server) map[string]string {
	id, secret := srv.ReadWriteClient()
	return merged(simulatorEnv(srv), map[string]string{"ARM_TENANT_ID": srv.TenantID(), "ARM_CLIENT_ID": id, "ARM_CLIENT_SECRET": secret})
}

// docsSeed is the default seed with the GUIDs of the documentation: tenant
// 00000000-…, the read-write app 11111111-… with a known secret, and the
// break-glass account 22222222-….
func docsSeed(t *testing.T) *mockgraph.Seed {
	t.Helper()
	seed, err := mockgraph.DefaultSeed()
	if err != nil {
		t.Fatal(err)
	}
	seed.TenantID = docsTenantID
	found := false
	for i, a := range seed.Apps {
		if len(a.Roles) == 1 && a.Roles[0] == "RoleManagementAlert.ReadWrite.Directory" {
			seed.Apps[i].ClientID, seed.Apps[i].Secret, found = docsClientID, docsClientSecret, true
		}
	}
	if !found {
		t.Fatal("the default seed has no read-write app")
	}
	old := seedBreakGlass(t, seed)
	for i := range seed.Users {
		if seed.Users[i].ID == old {
			seed.Users[i].ID = docsBreakGlassID
		}
	}
	for i := range seed.Assignments {
		if seed.Assignments[i].PrincipalID == old {
			seed.Assignments[i].PrincipalID = docsBreakGlassID
		}
	}
	for i := range seed.Activations {
		if seed.Activations[i].PrincipalID == old {
			seed.Activations[i].PrincipalID = docsBreakGlassID
		}
	}
	seed.Assignments = append(seed.Assignments, mockgraph.SeedAssignment{
		ID: docsBreakGlassOutsidePim, PrincipalID: docsBreakGlassID, RoleDefinitionID: privilegedRoleAdministrator, Created: "-10d",
	})
	return seed
}

// seedBreakGlass returns the id of the seed's break-glass account.
func seedBreakGlass(t *testing.T, seed *mockgraph.Seed) string {
	t.Helper()
	for _, u := range seed.Users {
		if strings.HasPrefix(strings.ToLower(u.UserPrincipalName), "breakglass@") {
			return u.ID
		}
	}
	t.Fatal("the seed has no break-glass account")
	return ""
}

// docsTenant starts a simulated tenant with the documentation's GUIDs.
func docsTenant(t *testing.T) *acctest.Tenant {
	t.Helper()
	tn := acctest.New(t, mockgraph.WithSeed(docsSeed(t)))
	return tn
}

// simTenant starts a simulated tenant with the default seed.
func simTenant(t *testing.T, opts ...mockgraph.Option) *acctest.Tenant {
	t.Helper()
	tn := acctest.New(t, opts...)
	return tn
}

// configurations returns every alert configuration of the simulator.
func configurations(srv *mockgraph.Server) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, name := range alerttypes.Builtin().Names() {
		out[name] = srv.Configuration(name)
	}
	return out
}

// checkConfiguration compares the simulator's configuration of alertType
// with want (Graph property names; durations compared as durations).
func checkConfiguration(srv *mockgraph.Server, alertType string, want map[string]any) error {
	got := srv.Configuration(alertType)
	for k, w := range want {
		g := got[k]
		if ws, ok := w.(string); ok && strings.HasPrefix(ws, "P") {
			gs, _ := g.(string)
			wd, err1 := isoduration.Parse(ws)
			gd, err2 := isoduration.Parse(gs)
			if err1 != nil || err2 != nil || wd != gd {
				return fmt.Errorf("%s: %s = %v, want %v", alertType, k, g, w)
			}
			continue
		}
		if fmt.Sprint(g) != fmt.Sprint(w) {
			return fmt.Errorf("%s: %s = %v, want %v", alertType, k, g, w)
		}
	}
	return nil
}

// checkConfigurations runs checkConfiguration for every alert type of want.
func checkConfigurations(srv *mockgraph.Server, want map[string]map[string]any) error {
	for alertType, w := range want {
		if err := checkConfiguration(srv, alertType, w); err != nil {
			return err
		}
	}
	return nil
}

// sameConfigurations compares two snapshots from configurations.
func sameConfigurations(got, want map[string]map[string]any) error {
	if !reflect.DeepEqual(got, want) {
		return fmt.Errorf("configurations differ:\n got %v\nwant %v", got, want)
	}
	return nil
}

// assignmentIDs returns the ids of the simulator's role assignments, sorted.
func assignmentIDs(srv *mockgraph.Server) []string {
	var ids []string
	for _, a := range srv.Assignments() {
		ids = append(ids, a.ID)
	}
	sort.Strings(ids)
	return ids
}

// without returns ids minus drop, sorted.
func without(ids []string, drop ...string) []string {
	skip := map[string]bool{}
	for _, d := range drop {
		skip[d] = true
	}
	var out []string
	for _, id := range ids {
		if !skip[id] {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

// incidentsBy splits the incidents of alertType by whether their assignee
// is principalID: ids of the others, ids of principalID's.
func incidentsBy(srv *mockgraph.Server, alertType, principalID string) (others, principals []string) {
	for _, inc := range srv.Incidents(alertType) {
		id, _ := inc["id"].(string)
		if inc["assigneeId"] == principalID {
			principals = append(principals, id)
		} else {
			others = append(others, id)
		}
	}
	return others, principals
}

// writes returns "METHOD path" of the Graph writes the simulator received.
func writes(srv *mockgraph.Server) []string {
	var out []string
	for _, r := range srv.WriteRequests() {
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}

// countMatching counts the strings matching pattern.
func countMatching(ss []string, pattern string) int {
	re := regexp.MustCompile(pattern)
	n := 0
	for _, s := range ss {
		if re.MatchString(s) {
			n++
		}
	}
	return n
}

// daysAgo returns the simulator's clock minus n days.
func daysAgo(srv *mockgraph.Server, n int) time.Time {
	return srv.Now().Add(-time.Duration(n) * 24 * time.Hour)
}

// tenantCheck is a state check that runs f with the root module's output
// values. Examples are checked through state checks and the simulator, never
// through TestStep.Check or CheckDestroy: the testing framework's legacy
// state reader, which those use, supports neither for_each keys nor modules.
type tenantCheck func(outputs map[string]any) error

func (f tenantCheck) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	outputs := map[string]any{}
	if req.State != nil && req.State.Values != nil {
		for k, o := range req.State.Values.Outputs {
			if o != nil {
				outputs[k] = o.Value
			}
		}
	}
	if err := f(outputs); err != nil {
		resp.Error = err
	}
}

// simCheck is a tenantCheck that looks at the simulator only.
func simCheck(f func() error) statecheck.StateCheck {
	return tenantCheck(func(map[string]any) error { return f() })
}

// expectDismissed is a state check that fails while the simulator's alert
// of alertType is active.
func expectDismissed(srv *mockgraph.Server, alertType string) statecheck.StateCheck {
	return simCheck(func() error {
		if srv.Alert(alertType).IsActive {
			return fmt.Errorf("%s is still active", alertType)
		}
		return nil
	})
}

// expectAssignments is a state check that fails unless the simulator's role
// assignment ids (sorted, as assignmentIDs returns them) are want.
func expectAssignments(srv *mockgraph.Server, want []string) statecheck.StateCheck {
	return simCheck(func() error {
		if got := assignmentIDs(srv); !reflect.DeepEqual(got, want) {
			return fmt.Errorf("assignments after remediation\n got %v\nwant %v", got, want)
		}
		return nil
	})
}

// exampleCase is a test case of one step that applies the staged example
// dir with tn's in-process provider; step holds the step's variables and
// checks, and its ConfigDirectory is set to dir.
func exampleCase(tn *acctest.Tenant, dir string, step resource.TestStep) resource.TestCase {
	step.ConfigDirectory = config.StaticDirectory(dir)
	return resource.TestCase{
		ProtoV6ProviderFactories: tn.Factories,
		Steps:                    []resource.TestStep{step},
	}
}

// teardown is the last step of a test whose configuration uses for_each: it
// applies dir, a configuration without resources, so everything is destroyed
// by Terraform and the framework's own teardown finds an empty state (which
// its legacy state reader can read). check then inspects the tenant after
// the destroy, in place of CheckDestroy.
func teardown(dir string, check func() error) resource.TestStep {
	return resource.TestStep{
		ConfigDirectory:   config.StaticDirectory(dir),
		ConfigStateChecks: []statecheck.StateCheck{simCheck(check)},
	}
}

// stageEmpty returns a directory holding only versions.tf.
func stageEmpty(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "versions.tf"), []byte(versionsTF), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// readFile returns the content of dir/name.
func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// eachStep gives every step the factories. The testing framework counts a
// provider block in a step's configuration as providers specified at step
// level, which may not be combined with TestCase-level factories, so
// examples with provider blocks get their factories step by step.
func eachStep(factories map[string]func() (tfprotov6.ProviderServer, error), steps []resource.TestStep) []resource.TestStep {
	for i := range steps {
		steps[i].ProtoV6ProviderFactories = factories
	}
	return steps
}
