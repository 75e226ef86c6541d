package datasources_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/entrapim/terraform-provider-entrapim/internal/acctest"
	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
)

// The live-capable data source tests (TestAccLive_*) read the tenant only
// through the provider and check what they read for internal consistency:
// every alert type of the catalogue, ids of the tenant, lists that agree
// with counts and with each other, typed values. They pass against the
// simulated tenant and against a real one (make testacc-live).

var severities = []string{"unknown", "informational", "low", "medium", "high"}

// checkAlertFields checks the fields every alert, definition or
// configuration entry has.
func checkEntry(cat alerttypes.Catalogue, tenant string, e map[string]any) (alerttypes.AlertType, error) {
	name, _ := e["alert_type"].(string)
	at, ok := cat.Lookup(name)
	if !ok {
		return at, fmt.Errorf("alert_type %q is not in the catalogue", name)
	}
	if id := e["id"]; id != at.ID(tenant) {
		return at, fmt.Errorf("%s: id %v, want %s", name, id, at.ID(tenant))
	}
	if v, ok := e["severity_level"]; ok && !slices.Contains(severities, fmt.Sprint(v)) {
		return at, fmt.Errorf("%s: severity_level %v", name, v)
	}
	for _, flag := range []struct {
		attr string
		want bool
	}{{"is_configurable", at.Configurable}, {"is_remediatable", at.Remediatable}} {
		if v, ok := e[flag.attr]; ok && v != flag.want {
			return at, fmt.Errorf("%s: %s = %v, the catalogue says %v", name, flag.attr, v, flag.want)
		}
	}
	for _, other := range cat.Configurable() {
		if v, ok := e[other.Block]; ok && (v != nil) != (other.Suffix == at.Suffix) {
			return at, fmt.Errorf("%s: %s = %v", name, other.Block, v)
		}
	}
	return at, nil
}

// everyType fails unless entries name each catalogue type exactly once.
func everyType(cat alerttypes.Catalogue, entries []map[string]any) error {
	var got []string
	for _, e := range entries {
		got = append(got, fmt.Sprint(e["alert_type"]))
	}
	if !slices.Equal(got, cat.Names()) {
		return fmt.Errorf("alert types %v, want %v, sorted", got, cat.Names())
	}
	return nil
}

func TestAccLive_alerts(t *testing.T) {
	tn := acctest.NewLiveCapable(t)
	tenant := tn.TenantID(t)
	cat := alerttypes.Builtin()
	var all []map[string]any
	tn.Test(t, []resource.TestStep{{
		Config: `
data "entrapim_alerts" "all" {}

data "entrapim_alerts" "active" {
  active_only = true
}
`,
		ConfigStateChecks: []statecheck.StateCheck{
			acctest.CheckValues("data.entrapim_alerts.all", func(v map[string]any) error {
				all = acctest.List(v, "alerts")
				for _, a := range all {
					if _, err := checkEntry(cat, tenant, a); err != nil {
						return err
					}
					if n, ok := acctest.Number(a["incident_count"]); !ok || n < 0 {
						return fmt.Errorf("%v: incident_count %v", a["alert_type"], a["incident_count"])
					}
				}
				return everyType(cat, all)
			}),
			acctest.CheckValues("data.entrapim_alerts.active", func(v map[string]any) error {
				var want []string
				for _, a := range all {
					if a["active"] == true {
						want = append(want, fmt.Sprint(a["alert_type"]))
					}
				}
				var got []string
				for _, a := range acctest.List(v, "alerts") {
					got = append(got, fmt.Sprint(a["alert_type"]))
				}
				if !slices.Equal(got, want) {
					return fmt.Errorf("active_only lists %v; the full list's active alerts are %v", got, want)
				}
				return nil
			}),
		},
	}})
}

// TestAccLive_alert reads one alert by type and by id: the same alert, with
// as many incidents and incident ids as its incident count.
func TestAccLive_alert(t *testing.T) {
	tn := acctest.NewLiveCapable(t)
	tenant := tn.TenantID(t)
	cat := alerttypes.Builtin()
	at, _ := cat.Lookup(alerttypes.TooManyGlobalAdmins)
	var byType map[string]any
	tn.Test(t, []resource.TestStep{{
		Config: fmt.Sprintf(`
data "entrapim_alert" "by_type" {
  alert_type = %q
}

data "entrapim_alert" "by_id" {
  id = %q
}
`, at.Suffix, at.ID(tenant)),
		ConfigStateChecks: []statecheck.StateCheck{
			acctest.CheckValues("data.entrapim_alert.by_type", func(v map[string]any) error {
				byType = v
				if _, err := checkEntry(cat, tenant, v); err != nil {
					return err
				}
				incidents, ids := acctest.List(v, "incidents"), v["incident_ids"].([]any)
				if n, _ := acctest.Number(v["incident_count"]); n != len(incidents) || len(ids) != len(incidents) {
					return fmt.Errorf("incident_count %v, %d incidents, %d incident ids", n, len(incidents), len(ids))
				}
				for i, inc := range incidents {
					if inc["id"] != ids[i] || inc["assignee_id"] == nil {
						return fmt.Errorf("incident %d: %v (incident id %v)", i, inc, ids[i])
					}
				}
				return nil
			}),
			acctest.CheckValues("data.entrapim_alert.by_id", func(v map[string]any) error {
				return sameValues(v, byType, "by type", "alert_type", "id", "active", "incident_count", "enabled", "display_name", "severity_level")
			}),
		},
	}})
}

func TestAccLive_alertDefinitions(t *testing.T) {
	tn := acctest.NewLiveCapable(t)
	tenant := tn.TenantID(t)
	cat := alerttypes.Builtin()
	var stale map[string]any
	tn.Test(t, []resource.TestStep{{
		Config: fmt.Sprintf(`
data "entrapim_alert_definitions" "all" {}

data "entrapim_alert_definition" "stale" {
  alert_type = %q
}
`, alerttypes.StaleSignIn),
		ConfigStateChecks: []statecheck.StateCheck{
			acctest.CheckValues("data.entrapim_alert_definitions.all", func(v map[string]any) error {
				defs := acctest.List(v, "definitions")
				for _, d := range defs {
					if _, err := checkEntry(cat, tenant, d); err != nil {
						return err
					}
					if d["display_name"] == "" || d["display_name"] == nil {
						return fmt.Errorf("%v has no display_name", d["alert_type"])
					}
					if d["alert_type"] == alerttypes.StaleSignIn {
						stale = d
					}
				}
				return everyType(cat, defs)
			}),
			acctest.CheckValues("data.entrapim_alert_definition.stale", func(v map[string]any) error {
				return sameValues(v, stale, "the definitions list", "display_name", "severity_level", "is_configurable", "is_remediatable", "mitigation_steps")
			}),
		},
	}})
}

func TestAccLive_alertConfigurations(t *testing.T) {
	tn := acctest.NewLiveCapable(t)
	tenant := tn.TenantID(t)
	cat := alerttypes.Builtin()
	tn.Test(t, []resource.TestStep{{
		Config: `data "entrapim_alert_configurations" "all" {}`,
		ConfigStateChecks: []statecheck.StateCheck{
			acctest.CheckValues("data.entrapim_alert_configurations.all", func(v map[string]any) error {
				cfgs := acctest.List(v, "configurations")
				for _, c := range cfgs {
					at, err := checkEntry(cat, tenant, c)
					if err != nil {
						return err
					}
					if _, ok := c["enabled"].(bool); !ok {
						return fmt.Errorf("%s: enabled %v", at.Suffix, c["enabled"])
					}
					if at.Configurable {
						block, _ := c[at.Block].(map[string]any)
						for _, f := range at.Fields {
							if block[f.Attribute] == nil {
								return fmt.Errorf("%s: %s.%s is null", at.Suffix, at.Block, f.Attribute)
							}
						}
					}
				}
				return everyType(cat, cfgs)
			}),
		},
	}})
}

// TestAccLive_alertIncidents: for every alert type, the incidents data
// source lists as many incidents as the alert counts.
func TestAccLive_alertIncidents(t *testing.T) {
	tn := acctest.NewLiveCapable(t)
	cat := alerttypes.Builtin()
	config := `data "entrapim_alerts" "all" {}` + "\n"
	for _, name := range cat.Names() {
		config += fmt.Sprintf("\ndata \"entrapim_alert_incidents\" %q {\n  alert_type = %q\n}\n", name, name)
	}
	counts := map[string]int{}
	checks := []statecheck.StateCheck{acctest.CheckValues("data.entrapim_alerts.all", func(v map[string]any) error {
		for _, a := range acctest.List(v, "alerts") {
			counts[fmt.Sprint(a["alert_type"])], _ = acctest.Number(a["incident_count"])
		}
		return nil
	})}
	for _, name := range cat.Names() {
		checks = append(checks, acctest.CheckValues("data.entrapim_alert_incidents."+name, func(v map[string]any) error {
			incidents := acctest.List(v, "incidents")
			if len(incidents) != counts[name] {
				return fmt.Errorf("%d incidents, the alert counts %v", len(incidents), counts[name])
			}
			seen := map[any]bool{}
			for _, inc := range incidents {
				if inc["id"] == nil || seen[inc["id"]] {
					return fmt.Errorf("incident id %v missing or repeated", inc["id"])
				}
				seen[inc["id"]] = true
			}
			return nil
		}))
	}
	tn.Test(t, []resource.TestStep{{Config: config, ConfigStateChecks: checks}})
}

// sameValues reports the first of keys whose value in got differs from
// the one in want, which came from the source named from.
func sameValues(got, want map[string]any, from string, keys ...string) error {
	for _, k := range keys {
		if fmt.Sprint(got[k]) != fmt.Sprint(want[k]) {
			return fmt.Errorf("%s: %v, %s says %v", k, got[k], from, want[k])
		}
	}
	return nil
}
