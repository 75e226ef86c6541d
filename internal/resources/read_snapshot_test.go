package resources_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/entrapim/terraform-provider-entrapim/internal/acctest"
	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// TestAccReadSnapshot_requestCounts guards the cost of a drift plan: the
// 14-resource baseline (7 configurations, 7 alert states) is applied with
// one read of Graph in the plan (to warn what the creates overwrite) and
// one in the apply, plus the writes, and a refreshing plan of it reads
// Graph exactly once (token requests are not Graph requests).
func TestAccReadSnapshot_requestCounts(t *testing.T) {
	tn := acctest.New(t)
	srv := tn.Server
	active := 0
	for _, name := range alerttypes.Builtin().Names() {
		if srv.Alert(name).IsActive {
			active++
		}
	}
	config := baseline("", baselineV1)
	tn.Test(t, []resource.TestStep{
		{
			// Plan and apply from scratch: the plan's creates are answered
			// by one list, the apply's by another, which then writes what
			// differs.
			PreConfig: srv.ResetRequests,
			Config:    config,
			Check: func(*terraform.State) error {
				return expectRequests(srv, map[string]int{
					"alerts.list":          2,
					"configurations.patch": len(alerttypes.Builtin().Names()),
					"alerts.patch":         active,
				})
			},
		},
		{
			// plan -refresh=false reads nothing; the refreshing plan
			// reads all 14 resources with one list.
			PreConfig: srv.ResetRequests,
			Config:    config,
			PlanOnly:  true,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPreRefresh:  []plancheck.PlanCheck{requestCheck(srv, map[string]int{})},
				PostApplyPostRefresh: []plancheck.PlanCheck{requestCheck(srv, map[string]int{"alerts.list": 1})},
			},
		},
	})
}

// TestAccReadSnapshot_disabled: with ENTRAPIM_READ_SNAPSHOT=false every
// resource reads on its own, the cost the snapshot saves.
func TestAccReadSnapshot_disabled(t *testing.T) {
	tn := acctest.New(t)
	srv := tn.Server
	env := tn.Env()
	env["ENTRAPIM_READ_SNAPSHOT"] = "false"
	config := baseline("", baselineV1)
	n := len(alerttypes.Builtin().Names())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: tn.FactoriesWithEnv(env),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check:  func(*terraform.State) error { return checkBaseline(srv, baselineV1) },
			},
			{
				PreConfig: srv.ResetRequests,
				Config:    config,
				PlanOnly:  true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{requestCheck(srv, map[string]int{
						"configurations.get": n,
						"alerts.get":         n,
					})},
				},
			},
		},
	})
}

// requestCheck is a plan check that runs expectRequests when the plan is
// checked.
func requestCheck(srv *mockgraph.Server, want map[string]int) plancheck.PlanCheck {
	return requestPlanCheck{srv: srv, want: want}
}

type requestPlanCheck struct {
	srv  *mockgraph.Server
	want map[string]int
}

func (c requestPlanCheck) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = expectRequests(c.srv, c.want)
}

// expectRequests compares the simulator's Graph requests since the last
// reset, counted by route, with want.
func expectRequests(srv *mockgraph.Server, want map[string]int) error {
	got := map[string]int{}
	var lines []string
	for _, r := range srv.GraphRequests() {
		got[r.Route]++
		lines = append(lines, fmt.Sprintf("  %s %s?%s -> %d", r.Method, r.Path, r.Query, r.Status))
	}
	nonZero := map[string]int{}
	for route, n := range want {
		if n != 0 {
			nonZero[route] = n
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(nonZero) {
		return fmt.Errorf("Graph requests by route = %v, want %v:\n%s", got, nonZero, strings.Join(lines, "\n"))
	}
	return nil
}
