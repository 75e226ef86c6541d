package acctest

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// ExpectChangedAttributes asserts that the planned update of the resource at
// address changes exactly the given attributes (dotted paths into nested
// objects, for example "too_many_global_admins.global_admin_count_threshold")
// and nothing else: drift shows on the attribute that drifted only.
func ExpectChangedAttributes(address string, attrs ...string) plancheck.PlanCheck {
	return expectChanged{address: address, want: attrs}
}

// ExpectUpdate is the plan checks of a step that updates address in place,
// changing exactly attrs (ExpectChangedAttributes).
func ExpectUpdate(address string, attrs ...string) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
		plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
		ExpectChangedAttributes(address, attrs...),
	}}
}

type expectChanged struct {
	address string
	want    []string
}

func (e expectChanged) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != e.address {
			continue
		}
		before, _ := rc.Change.Before.(map[string]any)
		after, _ := rc.Change.After.(map[string]any)
		unknown, _ := rc.Change.AfterUnknown.(map[string]any)
		var got []string
		diffPaths("", before, after, unknown, &got)
		sort.Strings(got)
		want := append([]string(nil), e.want...)
		sort.Strings(want)
		if !reflect.DeepEqual(got, want) {
			resp.Error = fmt.Errorf("%s: planned changes to [%s], want changes to exactly [%s]",
				e.address, strings.Join(got, ", "), strings.Join(want, ", "))
		}
		return
	}
	resp.Error = fmt.Errorf("%s: no planned change found", e.address)
}

// diffPaths appends the dotted paths whose values differ between before and
// after, descending into nested objects; values unknown after apply count as
// changes.
func diffPaths(prefix string, before, after, unknown map[string]any, out *[]string) {
	keys := map[string]bool{}
	for k := range before {
		keys[k] = true
	}
	for k := range after {
		keys[k] = true
	}
	for k := range unknown {
		keys[k] = true
	}
	for k := range keys {
		p := k
		if prefix != "" {
			p = prefix + "." + k
		}
		if u, ok := unknown[k].(bool); ok && u {
			*out = append(*out, p)
			continue
		}
		b, a := before[k], after[k]
		bm, bok := b.(map[string]any)
		am, aok := a.(map[string]any)
		if bok && aok {
			um, _ := unknown[k].(map[string]any)
			diffPaths(p, bm, am, um, out)
			continue
		}
		if !reflect.DeepEqual(b, a) {
			*out = append(*out, p)
		}
	}
}

// ExpectError compiles pattern for TestStep.ExpectError so that it matches
// across the line wrapping of Terraform's diagnostics: every space in the
// pattern matches any run of white space, and "." matches newlines.
func ExpectError(pattern string) *regexp.Regexp {
	return regexp.MustCompile(`(?s)` + strings.ReplaceAll(pattern, " ", `\s+`))
}

// CheckValues calls f with the attribute values, as JSON decodes them, of
// the resource or data source at address in the state after a step.
func CheckValues(address string, f func(values map[string]any) error) statecheck.StateCheck {
	return checkValues{address: address, f: f}
}

type checkValues struct {
	address string
	f       func(map[string]any) error
}

func (c checkValues) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
		resp.Error = fmt.Errorf("%s: no state", c.address)
		return
	}
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address == c.address {
			if err := c.f(r.AttributeValues); err != nil {
				resp.Error = fmt.Errorf("%s: %w", c.address, err)
			}
			return
		}
	}
	resp.Error = fmt.Errorf("%s: not in the state", c.address)
}

// List returns values[name] as a list of objects (nil when it is not one).
func List(values map[string]any, name string) []map[string]any {
	raw, _ := values[name].([]any)
	out := make([]map[string]any, 0, len(raw))
	for _, e := range raw {
		if m, ok := e.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// Number returns a number of the state's values (a json.Number) as an int.
func Number(v any) (int, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	i, err := n.Int64()
	return int(i), err == nil
}
