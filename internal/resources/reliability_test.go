package resources_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/entrapim/terraform-provider-entrapim/internal/acctest"
	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// baselineValues are the thresholds of one policy baseline.
type baselineValues struct {
	gaCount, gaPercent, renewals      int
	renewalInterval, stale, redundant string
}

var (
	baselineV1 = baselineValues{gaCount: 4, gaPercent: 20, renewals: 5, renewalInterval: "PT1H", stale: "P45D", redundant: "P20D"}
	baselineV2 = baselineValues{gaCount: 5, gaPercent: 25, renewals: 6, renewalInterval: "PT2H", stale: "P60D", redundant: "P25D"}
)

// baseline is the 14-resource baseline of one tenant (7 configurations and
// 7 alert states) for the provider alias.
func baseline(alias string, v baselineValues) string {
	var b strings.Builder
	p := ""
	if alias != "" {
		p = "\n  provider = entrapim." + alias
	}
	fmt.Fprintf(&b, `
resource "entrapim_alert_configuration" "ga_%[1]s" {%[2]s
  alert_type = "TooManyGlobalAdminsAssignedToTenantAlert"
  too_many_global_admins = {
    global_admin_count_threshold                       = %[3]d
    percentage_of_global_admins_out_of_roles_threshold = %[4]d
  }
}

resource "entrapim_alert_configuration" "renewals_%[1]s" {%[2]s
  alert_type = "SequentialActivationRenewalsAlert"
  sequential_activation_renewals = {
    sequential_activation_counter_threshold = %[5]d
    time_interval_between_activations       = %[6]q
  }
}

resource "entrapim_alert_configuration" "stale_%[1]s" {%[2]s
  alert_type = "StaleSignInAlert"
  stale_sign_in = {
    duration = %[7]q
  }
}

resource "entrapim_alert_configuration" "redundant_%[1]s" {%[2]s
  alert_type = "RedundantAssignmentAlert"
  redundant_assignment = {
    duration = %[8]q
  }
}
`, alias, p, v.gaCount, v.gaPercent, v.renewals, v.renewalInterval, v.stale, v.redundant)
	for _, at := range []string{alerttypes.InvalidLicense, alerttypes.NoMfaOnRoleActivation, alerttypes.RolesAssignedOutsidePim} {
		fmt.Fprintf(&b, `
resource "entrapim_alert_configuration" "%[1]s_%[2]s" {%[3]s
  alert_type = %[4]q
  enabled    = true
}
`, strings.ToLower(at), alias, p, at)
	}
	for _, at := range alerttypes.Builtin().Names() {
		fmt.Fprintf(&b, `
resource "entrapim_alert" "%[1]s_%[2]s" {%[3]s
  alert_type = %[4]q
  active     = false
}
`, strings.ToLower(at), alias, p, at)
	}
	return b.String()
}

// checkBaseline compares a simulated tenant with the baseline values.
func checkBaseline(srv *mockgraph.Server, v baselineValues) error {
	want := map[string]map[string]any{
		alerttypes.TooManyGlobalAdmins:  {"globalAdminCountThreshold": v.gaCount, "percentageOfGlobalAdminsOutOfRolesThreshold": v.gaPercent},
		alerttypes.SequentialActivation: {"sequentialActivationCounterThreshold": v.renewals, "timeIntervalBetweenActivations": v.renewalInterval},
		alerttypes.StaleSignIn:          {"duration": v.stale},
		alerttypes.RedundantAssignment:  {"duration": v.redundant},
	}
	for at, props := range want {
		got := srv.Configuration(at)
		for k, w := range props {
			if fmt.Sprint(got[k]) != fmt.Sprint(w) {
				return fmt.Errorf("%s: %s = %v, want %v", at, k, got[k], w)
			}
		}
	}
	for _, at := range alerttypes.Builtin().Names() {
		if srv.Alert(at).IsActive {
			return fmt.Errorf("%s is active, want dismissed", at)
		}
		if srv.Configuration(at)["isEnabled"] != true {
			return fmt.Errorf("%s is disabled", at)
		}
	}
	return nil
}

// stormFaults: 30% of Graph requests throttled with Retry-After 1–3 s, 10%
// unavailable, 5% dropped connections. Faults are tried in order, so the
// rates are conditional on the earlier ones not firing.
func stormFaults(srv *mockgraph.Server) {
	srv.AddFault(mockgraph.Fault{Kind: mockgraph.FaultThrottle, Rate: 0.10, RetryAfter: 1 * time.Second})
	srv.AddFault(mockgraph.Fault{Kind: mockgraph.FaultThrottle, Rate: 0.10 / 0.90, RetryAfter: 2 * time.Second})
	srv.AddFault(mockgraph.Fault{Kind: mockgraph.FaultThrottle, Rate: 0.10 / 0.80, RetryAfter: 3 * time.Second})
	srv.AddFault(mockgraph.Fault{Kind: mockgraph.FaultUnavailable, Rate: 0.10 / 0.70, RetryAfter: time.Second})
	srv.AddFault(mockgraph.Fault{Kind: mockgraph.FaultDrop, Rate: 0.05 / 0.60})
}

// TestAccReliability_throttlingStorm applies the baseline to 5 tenants at
// once while Graph throttles, fails and drops connections: every apply
// succeeds, every tenant ends as configured, and the next plan is empty.
//
// Each tenant is its own test case: under the test harness the provider runs
// in-process and Terraform reattaches to one instance for all aliases of a
// configuration, which would share one provider configuration (real runs
// start one provider process per alias; make bench covers those).
func TestAccReliability_throttlingStorm(t *testing.T) {
	t.Parallel()
	for i := range 5 {
		t.Run(fmt.Sprintf("tenant%d", i), func(t *testing.T) {
			tn := acctest.New(t)
			srv := tn.Server
			stormFaults(srv)
			config := baseline("", baselineV1)
			// 45% of attempts fail: with the default 8 retries one request
			// in ~1300 still fails after all of them, and the test sends
			// hundreds. A storm like this is what max_retries is for.
			env := tn.Env()
			env["ENTRAPIM_MAX_RETRIES"] = "20"
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: tn.FactoriesWithEnv(env),
				Steps: []resource.TestStep{
					{
						Config: config,
						Check:  func(*terraform.State) error { return checkBaseline(srv, baselineV1) },
					},
					{
						Config: config,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
					},
				},
			})
			faulted := 0
			for _, r := range srv.GraphRequests() {
				if r.Status == 429 || r.Status == 503 || r.Status == 0 {
					faulted++
				}
			}
			if faulted == 0 {
				t.Error("no request was throttled or dropped: the storm did not happen")
			}
			t.Logf("%d of %d Graph requests were throttled, unavailable or dropped", faulted, len(srv.GraphRequests()))
		})
	}
}

// TestAccReliability_persistentFailure: one configuration's PATCH fails past
// the retry budget. That resource fails with the alert type, Graph's code and
// request id; its state keeps the previous values; the others succeed; a
// re-apply after the fault clears converges.
func TestAccReliability_persistentFailure(t *testing.T) {
	tn := acctest.New(t)
	srv := tn.Server
	env := tn.Env()
	env["ENTRAPIM_MAX_RETRIES"] = "2"
	stale := "entrapim_alert_configuration.stale_"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: tn.FactoriesWithEnv(env),
		Steps: []resource.TestStep{
			{
				Config: baseline("", baselineV1),
				Check:  func(*terraform.State) error { return checkBaseline(srv, baselineV1) },
			},
			{
				PreConfig: func() {
					srv.AddFault(mockgraph.Fault{Kind: mockgraph.FaultUnavailable, Route: "configurations.patch", AlertType: alerttypes.StaleSignIn, RetryAfter: time.Second})
				},
				Config:      baseline("", baselineV2),
				ExpectError: acctest.ExpectError(`Error updating alert configuration.*Alert type: StaleSignInAlert.*HTTP status: 503.*Graph error code: ServiceNotAvailable.*Request ID: \S+`),
			},
			{
				PreConfig: func() {
					// The others succeeded; the failed one is unchanged.
					want := baselineV2
					want.stale = baselineV1.stale
					if err := checkBaseline(srv, want); err != nil {
						t.Errorf("after the partial apply: %v", err)
					}
					srv.ClearFaults()
				},
				Config: baseline("", baselineV2),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						// The state kept the previous value, so exactly that change is planned again.
						acctest.ExpectChangedAttributes(stale, "stale_sign_in.duration"),
						plancheck.ExpectResourceAction("entrapim_alert_configuration.ga_", plancheck.ResourceActionNoop),
					},
				},
				Check: func(*terraform.State) error { return checkBaseline(srv, baselineV2) },
			},
			{
				Config: baseline("", baselineV2),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// TestAccReliability_spurious404: with read_snapshot = false, one 404 from
// GET alertConfigurations/{id} or alerts/{id} (both exist in every tenant)
// fails the refresh and keeps both resources: no create, no write, and the
// next plan is empty, so the adopted settings recorded at create stay the
// tenant's own.
func TestAccReliability_spurious404(t *testing.T) {
	tn := acctest.New(t)
	srv := tn.Server
	config := `
provider "entrapim" {
  read_snapshot = false
}
` + configTooManyGA(4, 10) + configAlert(alerttypes.StaleSignIn, true)
	for _, route := range []string{"configurations.get", "alerts.get"} {
		t.Run(route, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: tn.Factories,
				Steps: []resource.TestStep{
					{Config: config},
					{
						PreConfig: func() {
							srv.ResetRequests()
							srv.AddFault(mockgraph.Fault{Kind: mockgraph.FaultError, Route: route, Status: 404, Code: "ResourceNotFound",
								Message: "Resource not found.", Count: 1})
						},
						Config:      config,
						ExpectError: wrapped(`Graph answered 404 for the .* every tenant has: the resource is kept`),
					},
					{
						PreConfig: func() {
							if w := srv.WriteRequests(); len(w) != 0 {
								t.Errorf("a 404 led to writes: %v", w)
							}
						},
						Config:           config,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
					},
				},
			})
		})
	}
}

// TestAccReliability_invalidTimeouts: a zero or negative timeout fails at
// plan time, naming the attribute, and nothing is sent.
func TestAccReliability_invalidTimeouts(t *testing.T) {
	tn := acctest.New(t)
	var steps []resource.TestStep
	for _, c := range []struct{ resource, block string }{
		{"entrapim_alert_configuration", `alert_type = "StaleSignInAlert"` + "\n  timeouts = { update = %q }"},
		{"entrapim_alert", `alert_type = "StaleSignInAlert"` + "\n  active = true\n  timeouts = { read = %q }"},
		{"entrapim_alert_refresh", "timeouts = { create = %q }"},
	} {
		for _, d := range []string{"0s", "-5m"} {
			steps = append(steps, resource.TestStep{
				Config:      fmt.Sprintf("resource %q \"x\" {\n  "+c.block+"\n}\n", c.resource, d),
				PlanOnly:    true,
				ExpectError: wrapped(`Invalid timeout .* timeouts\.(update|read|create) = "` + regexp.QuoteMeta(d) + `": a timeout must be a positive duration`),
			})
		}
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: tn.Factories, Steps: steps})
	if w := tn.Server.WriteRequests(); len(w) != 0 {
		t.Errorf("writes: %v", w)
	}
}
