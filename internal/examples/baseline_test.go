package examples_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/entrapim/terraform-provider-entrapim/internal/acctest"
	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// baselineInputs are module inputs different from both the module's
// defaults and the tenant's, so every value is seen to reach the tenant.
type baselineInputs struct {
	gaCount, gaPercent, seqCount  int
	seqInterval, stale, redundant string
	disabled, dismissed           []string
}

func (in baselineInputs) variables() config.Variables {
	set := func(ss []string) config.Variable {
		vs := make([]config.Variable, 0, len(ss))
		for _, s := range ss {
			vs = append(vs, config.StringVariable(s))
		}
		return config.SetVariable(vs...)
	}
	return config.Variables{
		"global_admin_count_threshold":                       config.IntegerVariable(in.gaCount),
		"percentage_of_global_admins_out_of_roles_threshold": config.IntegerVariable(in.gaPercent),
		"sequential_activation_counter_threshold":            config.IntegerVariable(in.seqCount),
		"time_interval_between_activations":                  config.StringVariable(in.seqInterval),
		"stale_sign_in_duration":                             config.StringVariable(in.stale),
		"redundant_assignment_duration":                      config.StringVariable(in.redundant),
		"disabled_alert_types":                               set(in.disabled),
		"dismissed_alert_types":                              set(in.dismissed),
	}
}

// checkBaseline asserts that the simulator's seven configurations equal the
// module inputs and that the dismissed alerts are inactive.
func checkBaseline(srv *mockgraph.Server, in baselineInputs) error {
	disabled := map[string]bool{}
	for _, d := range in.disabled {
		disabled[d] = true
	}
	want := map[string]map[string]any{
		alerttypes.TooManyGlobalAdmins:  {"globalAdminCountThreshold": in.gaCount, "percentageOfGlobalAdminsOutOfRolesThreshold": in.gaPercent},
		alerttypes.SequentialActivation: {"sequentialActivationCounterThreshold": in.seqCount, "timeIntervalBetweenActivations": in.seqInterval},
		alerttypes.StaleSignIn:          {"duration": in.stale},
		alerttypes.RedundantAssignment:  {"duration": in.redundant},
	}
	for _, name := range alerttypes.Builtin().Names() {
		w := map[string]any{"isEnabled": !disabled[name]}
		for k, v := range want[name] {
			w[k] = v
		}
		if err := checkConfiguration(srv, name, w); err != nil {
			return err
		}
	}
	for _, d := range in.dismissed {
		if srv.Alert(d).IsActive {
			return fmt.Errorf("%s is active, want dismissed", d)
		}
	}
	return nil
}

// notSilenced checks, for every alert type but the dismissed ones, that
// the module manages it as entrapim_alert.not_silenced with active = true.
func notSilenced(dismissed []string) statecheck.StateCheck {
	var checks allChecks
	for _, name := range alerttypes.Builtin().Names() {
		if !slices.Contains(dismissed, name) {
			checks = append(checks, statecheck.ExpectKnownValue(fmt.Sprintf("entrapim_alert.not_silenced[%q]", name),
				tfjsonpath.New("active"), knownvalue.Bool(true)))
		}
	}
	return checks
}

// allChecks is a state check that runs each of its checks until one fails.
type allChecks []statecheck.StateCheck

func (a allChecks) CheckState(ctx context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	for _, c := range a {
		if c.CheckState(ctx, req, resp); resp.Error != nil {
			return
		}
	}
}

// TestAccExampleBaselineModule applies examples/baseline-module as a root
// module (its provider configuration inherited from the environment), checks
// that the tenant's configurations equal the module inputs, that the
// portal-style drift the README describes shows in the plan, that a change
// of thresholds updates in place and rescans, that the variable validations
// mirror the provider's ranges, and that destroy restores the tenant.
func TestAccExampleBaselineModule(t *testing.T) {
	acctest.EachScanVariant(t, func(t *testing.T, _ acctest.ScanVariant, opt mockgraph.Option) { baselineModule(t, opt) })
}

// baselineModule is TestAccExampleBaselineModule against a tenant started with opt.
func baselineModule(t *testing.T, opt mockgraph.Option) {
	tn := simTenant(t, opt)
	srv := tn.Server
	dir := stage(t, "baseline-module", nil, nil)
	original := configurations(srv)

	in := baselineInputs{
		gaCount: 5, gaPercent: 20, seqCount: 4, seqInterval: "PT2H", stale: "P45D", redundant: "P60D",
		disabled:  []string{alerttypes.InvalidLicense},
		dismissed: []string{alerttypes.RolesAssignedOutsidePim},
	}
	changed := in
	changed.gaCount, changed.stale = 6, "P90D"

	cfgAddr := func(alertType string) string { return fmt.Sprintf("entrapim_alert_configuration.this[%q]", alertType) }
	alertAddr := fmt.Sprintf("entrapim_alert.dismissed[%q]", alerttypes.RolesAssignedOutsidePim)
	refreshAddr := "entrapim_alert_refresh.this[0]"

	ids := map[string]knownvalue.Check{}
	for _, name := range alerttypes.Builtin().Names() {
		ids[name] = knownvalue.StringExact(srv.AlertID(name))
	}
	var refreshes int

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: tn.Factories,
		Steps: []resource.TestStep{
			{
				ConfigDirectory: config.StaticDirectory(dir),
				ConfigVariables: in.variables(),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("configuration_ids", knownvalue.MapExact(ids)),
					statecheck.ExpectKnownOutputValue("refresh_operation_id", knownvalue.NotNull()),
					simCheck(func() error { return checkBaseline(srv, in) }),
					// Every alert but the dismissed one must not be silenced.
					notSilenced(in.dismissed),
					statecheck.ExpectKnownValue(alertAddr, tfjsonpath.New("active"), knownvalue.Bool(false)),
					// 5 Global Administrators reach the threshold 5 on the
					// refresh's rescan.
					simCheck(func() error {
						if !srv.Alert(alerttypes.TooManyGlobalAdmins).IsActive {
							return fmt.Errorf("%s is not active", alerttypes.TooManyGlobalAdmins)
						}
						return nil
					}),
					simCheck(func() error {
						refreshes = countMatching(writes(srv), `^POST .*/refresh$`)
						if refreshes != 1 {
							return fmt.Errorf("%d refresh requests, want 1: %v", refreshes, writes(srv))
						}
						return nil
					}),
				},
			},
			{
				// Drift, as an administrator in the portal causes it: a
				// loosened threshold, and a refresh, which reactivates the
				// dismissed alert (documented). The plan shows exactly those.
				PreConfig: func() {
					if err := srv.SetConfiguration(alerttypes.TooManyGlobalAdmins, map[string]any{"globalAdminCountThreshold": 10}); err != nil {
						t.Fatal(err)
					}
					srv.Refresh(alerttypes.RolesAssignedOutsidePim)
					if !srv.Alert(alerttypes.RolesAssignedOutsidePim).IsActive {
						t.Fatal("the refresh did not reactivate RolesAssignedOutsidePimAlert")
					}
				},
				ConfigDirectory:    config.StaticDirectory(dir),
				ConfigVariables:    in.variables(),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					// The framework's first plan-only plan skips refresh; the
					// second one refreshes, as terraform plan does.
					PostApplyPostRefresh: []plancheck.PlanCheck{
						acctest.ExpectChangedAttributes(cfgAddr(alerttypes.TooManyGlobalAdmins), "too_many_global_admins.global_admin_count_threshold"),
						plancheck.ExpectResourceAction(alertAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction(cfgAddr(alerttypes.StaleSignIn), plancheck.ResourceActionNoop),
						plancheck.ExpectResourceAction(refreshAddr, plancheck.ResourceActionNoop),
					},
				},
			},
			{
				// Applying the baseline again repairs the drift.
				ConfigDirectory: config.StaticDirectory(dir),
				ConfigVariables: in.variables(),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(cfgAddr(alerttypes.TooManyGlobalAdmins), plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction(alertAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction(refreshAddr, plancheck.ResourceActionNoop),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{simCheck(func() error { return checkBaseline(srv, in) })},
			},
			{
				// New thresholds: configurations change in place, the scan
				// runs again (its triggers follow the settings) and the
				// alerts it reactivates are dismissed again.
				ConfigDirectory: config.StaticDirectory(dir),
				ConfigVariables: changed.variables(),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						acctest.ExpectChangedAttributes(cfgAddr(alerttypes.TooManyGlobalAdmins), "too_many_global_admins.global_admin_count_threshold"),
						acctest.ExpectChangedAttributes(cfgAddr(alerttypes.StaleSignIn), "stale_sign_in.duration"),
						plancheck.ExpectResourceAction(cfgAddr(alerttypes.TooManyGlobalAdmins), plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction(refreshAddr, plancheck.ResourceActionReplace),
						plancheck.ExpectResourceAction(alertAddr, plancheck.ResourceActionReplace),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					simCheck(func() error { return checkBaseline(srv, changed) }),
					simCheck(func() error {
						if n := countMatching(writes(srv), `^POST .*/refresh$`); n != refreshes+1 {
							return fmt.Errorf("%d refresh requests, want %d", n, refreshes+1)
						}
						return nil
					}),
				},
			},
			{
				// Without the scan: the refresh record goes, nothing else
				// changes, and the output says there was no scan.
				ConfigDirectory: config.StaticDirectory(dir),
				ConfigVariables: merged(changed.variables(), config.Variables{"refresh": config.BoolVariable(false)}),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(refreshAddr, plancheck.ResourceActionDestroy),
						plancheck.ExpectResourceAction(cfgAddr(alerttypes.TooManyGlobalAdmins), plancheck.ResourceActionNoop),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					tenantCheck(func(outputs map[string]any) error {
						// A null output is not recorded in the state.
						if v, ok := outputs["refresh_operation_id"]; ok && v != nil {
							return fmt.Errorf("refresh_operation_id = %v without a refresh", v)
						}
						return nil
					}),
					simCheck(func() error { return checkBaseline(srv, changed) }),
				},
			},
			// Destroy: restore_on_destroy defaults to false, so the tenant
			// keeps the baseline's settings (and the dismissal).
			teardown(stageEmpty(t), func() error {
				if err := sameConfigurations(configurations(srv), original); err == nil {
					return fmt.Errorf("the tenant's configurations are the original ones after destroy; restore_on_destroy is false")
				}
				return checkBaseline(srv, changed)
			}),
		},
	})
}

// TestAccExampleBaselineModule_validation: the module's variable validations
// reject what the provider would reject, before any Graph request but the
// run's one snapshot read (the plan of a configuration that does not depend
// on the wrong input reads the tenant's current settings, to warn what its
// create would overwrite).
func TestAccExampleBaselineModule_validation(t *testing.T) {
	tn := simTenant(t)
	dir := stage(t, "baseline-module", nil, nil)
	base := baselineInputs{gaCount: 4, gaPercent: 10, seqCount: 3, seqInterval: "PT1H", stale: "P30D", redundant: "P30D"}
	cases := []struct {
		name   string
		mutate func(*baselineInputs)
		want   string
	}{
		{"count below 2", func(in *baselineInputs) { in.gaCount = 1 }, `global_admin_count_threshold must be a whole number from 2 to 100`},
		{"percentage above 100", func(in *baselineInputs) { in.gaPercent = 101 }, `percentage_of_global_admins_out_of_roles_threshold must be a whole number from 0 to 100`},
		{"sequential above 100", func(in *baselineInputs) { in.seqCount = 101 }, `sequential_activation_counter_threshold must be a whole number from 2 to 100`},
		{"months", func(in *baselineInputs) { in.stale = "P1M" }, `stale_sign_in_duration must be an OData Edm.Duration`},
		{"weeks", func(in *baselineInputs) { in.stale = "P1W" }, `stale_sign_in_duration must be an OData Edm.Duration`},
		{"dangling T", func(in *baselineInputs) { in.redundant = "P1DT" }, `redundant_assignment_duration must be an OData Edm.Duration`},
		{"not a duration", func(in *baselineInputs) { in.seqInterval = "1h" }, `time_interval_between_activations must be an OData Edm.Duration`},
		{"unknown alert type", func(in *baselineInputs) { in.dismissed = []string{"StaleSignInAlerts"} }, `dismissed_alert_types may only contain`},
		{"unknown disabled type", func(in *baselineInputs) { in.disabled = []string{"staleSignInAlert"} }, `disabled_alert_types may only contain`},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		in := base
		c.mutate(&in)
		steps = append(steps, resource.TestStep{
			ConfigDirectory: config.StaticDirectory(dir),
			ConfigVariables: in.variables(),
			PlanOnly:        true,
			ExpectError:     acctest.ExpectError(`Invalid value for variable.*` + c.want),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: tn.Factories,
		Steps:                    steps,
	})
	for _, r := range tn.Server.GraphRequests() {
		if r.Route != "alerts.list" || r.Write {
			t.Errorf("validation made the Graph request %s %s?%s, want none but the snapshot read", r.Method, r.Path, r.Query)
		}
	}
}
