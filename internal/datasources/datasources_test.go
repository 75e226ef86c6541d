package datasources_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/entrapim/terraform-provider-entrapim/internal/acctest"
	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// Shared expectations of the data source tests. Every expected value is
// taken from the simulated tenant (or, for definitions, from the catalogue
// the tenant is seeded from) when the test case is built.

// regexpNonEmpty matches a string with at least one visible character.
var regexpNonEmpty = regexp.MustCompile(`\S`)

const (
	gaType    = alerttypes.TooManyGlobalAdmins
	staleType = alerttypes.StaleSignIn
)

// timeCheck expects an RFC 3339 UTC time, or null for the zero time (which
// Graph serves as the never-fired sentinel).
func timeCheck(t time.Time) knownvalue.Check {
	if t.IsZero() || t.Year() == 1 {
		return knownvalue.Null()
	}
	return knownvalue.StringExact(t.UTC().Format(time.RFC3339))
}

// graphTimeCheck expects the RFC 3339 form of a time property as the
// simulator serialises it; null when absent.
func graphTimeCheck(v any) knownvalue.Check {
	switch v := v.(type) {
	case nil:
		return knownvalue.Null()
	case time.Time:
		return timeCheck(v)
	case string:
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			panic(fmt.Sprintf("simulator time %q: %v", v, err))
		}
		return timeCheck(t)
	}
	panic(fmt.Sprintf("simulator time of type %T", v))
}

// stringCheck expects a string property of a simulator object; null when absent.
func stringCheck(m map[string]any, key string) knownvalue.Check {
	v, ok := m[key]
	if !ok || v == nil {
		return knownvalue.Null()
	}
	return knownvalue.StringExact(fmt.Sprint(v))
}

// int64Of converts a JSON-ish number of the simulator.
func int64Of(v any) (int64, bool) {
	switch n := v.(type) {
	case int:
		return int64(n), true
	case int32:
		return int64(n), true
	case int64:
		return n, true
	case float64:
		return int64(n), true
	}
	return 0, false
}

// incidentCheck expects one element of an incidents list, equal to an
// incident as the simulator serialises it.
func incidentCheck(inc map[string]any) knownvalue.Check {
	var count knownvalue.Check = knownvalue.Null()
	if n, ok := int64Of(inc["activationCount"]); ok {
		count = knownvalue.Int64Exact(n)
	}
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"activation_count":             count,
		"assignee_display_name":        stringCheck(inc, "assigneeDisplayName"),
		"assignee_id":                  stringCheck(inc, "assigneeId"),
		"assignee_user_principal_name": stringCheck(inc, "assigneeUserPrincipalName"),
		"assignment_created_date_time": graphTimeCheck(inc["assignmentCreatedDateTime"]),
		"id":                           stringCheck(inc, "id"),
		"last_activation_date_time":    graphTimeCheck(inc["lastActivationDateTime"]),
		"last_sign_in_date_time":       graphTimeCheck(inc["lastSignInDateTime"]),
		"role_definition_id":           stringCheck(inc, "roleDefinitionId"),
		"role_display_name":            stringCheck(inc, "roleDisplayName"),
		"role_template_id":             stringCheck(inc, "roleTemplateId"),
		"sequence_end_date_time":       graphTimeCheck(inc["sequenceEndDateTime"]),
		"sequence_start_date_time":     graphTimeCheck(inc["sequenceStartDateTime"]),
		"tenant_license_status":        stringCheck(inc, "tenantLicenseStatus"),
	})
}

// incidentsCheck expects the incidents of alertType, in the simulator's order.
func incidentsCheck(srv *mockgraph.Server, alertType string) knownvalue.Check {
	var checks []knownvalue.Check
	for _, inc := range srv.Incidents(alertType) {
		checks = append(checks, incidentCheck(inc))
	}
	return knownvalue.ListExact(checks)
}

// configurationChecks expects enabled and the four threshold objects of
// alertType's configuration: the object of its own type holds the
// simulator's values, the others are null.
func configurationChecks(srv *mockgraph.Server, alertType string) map[string]knownvalue.Check {
	cfg := srv.Configuration(alertType)
	checks := map[string]knownvalue.Check{
		"enabled": knownvalue.Bool(cfg["isEnabled"].(bool)),
	}
	for _, at := range alerttypes.Builtin().Configurable() {
		if at.Suffix != alertType {
			checks[at.Block] = knownvalue.Null()
			continue
		}
		fields := map[string]knownvalue.Check{}
		for _, f := range at.Fields {
			v := cfg[f.GraphName]
			if f.Kind == alerttypes.Duration {
				fields[f.Attribute] = knownvalue.StringExact(v.(string))
				continue
			}
			n, ok := int64Of(v)
			if !ok {
				panic(fmt.Sprintf("simulator %s.%s is %T", alertType, f.GraphName, v))
			}
			fields[f.Attribute] = knownvalue.Int64Exact(n)
		}
		checks[at.Block] = knownvalue.ObjectExact(fields)
	}
	return checks
}

// definitionChecks expects the definition fields of alertType: the values
// the simulated tenant is seeded from the catalogue, texts non-empty.
func definitionChecks(alertType string) map[string]knownvalue.Check {
	at, ok := alerttypes.Builtin().Lookup(alertType)
	if !ok {
		panic("unknown alert type " + alertType)
	}
	nonEmpty := knownvalue.StringRegexp(regexpNonEmpty)
	return map[string]knownvalue.Check{
		"description":      nonEmpty,
		"display_name":     knownvalue.StringExact(at.DisplayName),
		"how_to_prevent":   nonEmpty,
		"is_configurable":  knownvalue.Bool(at.Configurable),
		"is_remediatable":  knownvalue.Bool(at.Remediatable),
		"mitigation_steps": nonEmpty,
		"security_impact":  nonEmpty,
		"severity_level":   knownvalue.StringExact(at.SeverityLevel),
	}
}

// alertChecks expects the alert fields of alertType (without incidents).
func alertChecks(srv *mockgraph.Server, alertType string) map[string]knownvalue.Check {
	a := srv.Alert(alertType)
	return map[string]knownvalue.Check{
		"active":                  knownvalue.Bool(a.IsActive),
		"alert_type":              knownvalue.StringExact(alertType),
		"id":                      knownvalue.StringExact(srv.AlertID(alertType)),
		"incident_count":          knownvalue.Int64Exact(int64(a.IncidentCount)),
		"last_modified_date_time": timeCheck(a.LastModified),
		"last_scanned_date_time":  timeCheck(a.LastScanned),
	}
}

// merged returns the union of the check maps.
func merged(ms ...map[string]knownvalue.Check) map[string]knownvalue.Check {
	out := map[string]knownvalue.Check{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

// everyAlertType checks a list of one element per built-in alert type, in
// the catalogue's order: each element is of(its type) with its alert_type
// and Graph id.
func everyAlertType(srv *mockgraph.Server, of func(name string) map[string]knownvalue.Check) knownvalue.Check {
	var elems []knownvalue.Check
	for _, name := range alerttypes.Builtin().Names() {
		elems = append(elems, knownvalue.ObjectExact(merged(of(name), map[string]knownvalue.Check{
			"alert_type": knownvalue.StringExact(name),
			"id":         knownvalue.StringExact(srv.AlertID(name)),
		})))
	}
	return knownvalue.ListExact(elems)
}

// expectRequests checks the simulator's Graph request log since the last
// ResetRequests: every request is on route and accepted by each of the
// checks, and there are between one and two per data source (Terraform may
// read a data source during plan and again during apply). A request per
// alert would exceed that bound and use other routes.
func expectRequests(srv *mockgraph.Server, route string, dataSources int, checks ...func(mockgraph.Request) error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		reqs := srv.GraphRequests()
		if len(reqs) < dataSources || len(reqs) > 2*dataSources {
			return fmt.Errorf("%d Graph requests for %d data sources, want one per read:\n%s", len(reqs), dataSources, describe(reqs))
		}
		return expectRoute(reqs, route, checks...)
	}
}

// expectRoute checks that every request is on route and passes checks.
func expectRoute(reqs []mockgraph.Request, route string, checks ...func(mockgraph.Request) error) error {
	for _, r := range reqs {
		if r.Route != route {
			return fmt.Errorf("unexpected Graph request %s %s?%s (route %s); want only %s requests:\n%s",
				r.Method, r.Path, r.Query, r.Route, route, describe(reqs))
		}
		for _, c := range checks {
			if err := c(r); err != nil {
				return fmt.Errorf("%s %s?%s: %w", r.Method, r.Path, r.Query, err)
			}
		}
	}
	return nil
}

// withExpand requires $expand to name exactly the given navigation properties.
func withExpand(want ...string) func(mockgraph.Request) error {
	return func(r mockgraph.Request) error {
		q, err := url.ParseQuery(r.Query)
		if err != nil {
			return err
		}
		got := strings.Split(q.Get("$expand"), ",")
		if q.Get("$expand") == "" {
			got = nil
		}
		if len(got) != len(want) {
			return fmt.Errorf("$expand=%q, want %q", q.Get("$expand"), strings.Join(want, ","))
		}
		for _, w := range want {
			found := false
			for _, g := range got {
				found = found || strings.TrimSpace(g) == w
			}
			if !found {
				return fmt.Errorf("$expand=%q lacks %s", q.Get("$expand"), w)
			}
		}
		return nil
	}
}

// withPath requires the request path to end with suffix.
func withPath(suffix string) func(mockgraph.Request) error {
	return func(r mockgraph.Request) error {
		if !strings.HasSuffix(r.Path, suffix) {
			return fmt.Errorf("path does not end with %s", suffix)
		}
		return nil
	}
}

func describe(reqs []mockgraph.Request) string {
	var b strings.Builder
	for _, r := range reqs {
		fmt.Fprintf(&b, "  %s %s %s?%s -> %d\n", r.Route, r.Method, r.Path, r.Query, r.Status)
	}
	return b.String()
}

// invalidTargetSteps are the plan-time errors of the alert_type and id
// arguments of a single data source.
func invalidTargetSteps(tn *acctest.Tenant, dataSource string) []resource.TestStep {
	cases := []struct{ body, want string }{
		{`alert_type = "NoSuchAlert"`, `Unknown alert type`},
		{`alert_type = "StaleSignIn"`, `Unknown alert type.*StaleSignInAlert`},
		{``, `Missing Attribute Configuration.*Exactly one of these attributes must be configured: \[alert_type,id\]`},
		{fmt.Sprintf("alert_type = %q\n  id = %q", staleType, tn.Server.AlertID(staleType)), `Invalid Attribute Combination`},
		{`id = "DirectoryRole__StaleSignInAlert"`, `Invalid alert id`},
		{`id = "DirectoryRole_not-a-guid_StaleSignInAlert"`, `Invalid alert id.*not a\s+GUID`},
		{`id = "StaleSignInAlert"`, `Invalid alert id.*DirectoryRole_`},
		{fmt.Sprintf(`id = "DirectoryRole_%s_UnknownAlert"`, otherTenant), `Invalid alert id.*unknown\s+alert\s+type`},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      fmt.Sprintf("data %q \"test\" {\n  %s\n}\n", dataSource, c.body),
			ExpectError: regexp.MustCompile(`(?s)` + c.want),
		})
	}
	return steps
}
