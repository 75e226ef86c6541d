package odatafilter

import (
	"strings"
	"testing"
)

// alertsSchema is the filterable properties of alerts, as the simulator
// declares them.
var alertsSchema = Schema{
	"id": KindString, "alertDefinitionId": KindString, "scopeId": KindString, "scopeType": KindString,
	"isActive": KindBool, "incidentCount": KindInt, "alertConfiguration/isEnabled": KindBool,
}

const alertsTypeName = "microsoft.graph.unifiedRoleManagementAlert"

var validFilters = []string{
	"scopeId eq '/' and scopeType eq 'DirectoryRole'",
	"scopeId eq '/' and scopeType eq 'DirectoryRole' and alertConfiguration/isEnabled eq false",
	"(scopeId eq '/') and (scopeType eq 'DirectoryRole' and id ne 'x')",
	"alertDefinitionId eq 'DirectoryRole_1_StaleSignInAlert' and isActive eq true",
	"id eq 'O''Brien'",
	"incidentCount ge 3 and incidentCount lt -1",
	"id eq null",
	"id eq ''",
}

var invalidFilters = map[string]string{
	"":                                    "empty",
	"   ":                                 "empty",
	"scopeId eq '/' or scopeType eq 'x'":  `"or" operator`,
	"not isActive eq true":                `"not" operator`,
	"startswith(id, 'x')":                 `function "startswith"`,
	"id eq 'unterminated":                 "unterminated string",
	"id eq":                               "expected a literal",
	"id 'x'":                              "expected a comparison operator",
	"id eq 'x' and":                       "expected a property name",
	"'x' eq id":                           "expected a property name",
	"(id eq 'x'":                          `expected ")"`,
	"id eq 'x')":                          `expected "and" or the end`,
	"id eq 2023-01-01T00:00:00Z":          "unsupported literal",
	"id eq 99999999999":                   "out of range",
	"id eq 'x' # comment":                 "unexpected character",
	"id eq 'x' id eq 'y'":                 `expected "and" or the end`,
	"alertConfiguration/ 'x'":             "after \"/\"",
	strings.Repeat("(", 40) + "id eq 'x'": "nested deeper",
}

func TestParseFilterValid(t *testing.T) {
	for _, f := range validFilters {
		expr, err := Parse(f)
		if err != nil {
			t.Errorf("Parse(%q): %v", f, err)
			continue
		}
		again, err := Parse(expr.String())
		if err != nil || again.String() != expr.String() {
			t.Errorf("round trip of %q: %q, %v", f, expr.String(), err)
		}
	}
	expr, _ := Parse("(scopeId eq '/') and (scopeType eq 'DirectoryRole' and id ne 'it''s')")
	if got, want := expr.String(), "scopeId eq '/' and scopeType eq 'DirectoryRole' and id ne 'it''s'"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if len(expr.terms) != 3 || expr.terms[2].lit.str != "it's" {
		t.Errorf("terms = %+v", expr.terms)
	}
}

func TestParseFilterInvalid(t *testing.T) {
	for f, want := range invalidFilters {
		_, err := Parse(f)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q) = %v, want error containing %q", f, err, want)
		}
	}
}

// mustParse parses f and stops the test when it does not parse.
func mustParse(t *testing.T, f string) *Expr {
	t.Helper()
	expr, err := Parse(f)
	if err != nil {
		t.Fatalf("Parse(%q): %v", f, err)
	}
	return expr
}

func TestFilterCheckAndMatch(t *testing.T) {
	schema := alertsSchema
	get := func(p string) any {
		return map[string]any{"id": "a", "scopeId": "/", "scopeType": "DirectoryRole", "isActive": true,
			"incidentCount": int64(3), "alertConfiguration/isEnabled": false}[p]
	}
	cases := map[string]bool{
		"scopeId eq '/' and scopeType eq 'DirectoryRole'":                                         true,
		"scopeId eq '/' and alertConfiguration/isEnabled eq true":                                 false,
		"alertConfiguration/isEnabled eq false and isActive ne false":                             true,
		"incidentCount gt 2 and incidentCount le 3 and incidentCount ge 3 and incidentCount lt 4": true,
		"id ne 'a'":                      false,
		"id eq null":                     false,
		"id ne null":                     true,
		"id gt null":                     false,
		"id eq 'a'":                      true,
		"isActive eq true and id eq 'b'": false,
	}
	for f, want := range cases {
		expr := mustParse(t, f)
		if err := expr.Check(alertsTypeName, schema); err != nil && f != "id gt null" {
			t.Errorf("check(%q): %v", f, err)
		}
		if got := expr.Match(get); got != want {
			t.Errorf("match(%q) = %v, want %v", f, got, want)
		}
	}
	for f, want := range map[string]string{
		"isActive eq 'true'":   "incompatible types",
		"displayName eq 'x'":   "could not find a property",
		"id gt 'a'":            `operator "gt" is not supported`,
		"incidentCount eq 'x'": "incompatible types",
	} {
		expr := mustParse(t, f)
		if err := expr.Check(alertsTypeName, schema); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("check(%q) = %v, want %q", f, err, want)
		}
	}
}

func TestHasTenantScope(t *testing.T) {
	cases := map[string]bool{
		"scopeId eq '/' and scopeType eq 'DirectoryRole'":               true,
		"scopeType eq 'DirectoryRole' and id eq 'x' and scopeId eq '/'": true,
		"scopeId eq '/'": false,
		"scopeId eq '/x' and scopeType eq 'DirectoryRole'":                    false,
		"scopeId ne '/' and scopeType eq 'DirectoryRole'":                     false,
		"scopeId eq '/' and scopeType eq 'directoryRole'":                     false,
		"scopeId eq '/' and scopeType eq 'DirectoryRole' and scopeId eq '/a'": false,
	}
	for f, want := range cases {
		if got := mustParse(t, f).HasTenantScope(); got != want {
			t.Errorf("hasTenantScope(%q) = %v, want %v", f, got, want)
		}
	}
}

// FuzzFilter checks that the parser never panics and that what it accepts
// survives a round trip through its canonical form.
func FuzzFilter(f *testing.F) {
	for _, s := range validFilters {
		f.Add(s)
	}
	for s := range invalidFilters {
		f.Add(s)
	}
	f.Add("scopeId eq '/' and scopeType eq 'DirectoryRole' and alertDefinitionId ne 'DirectoryRole_x_StaleSignInAlert'")
	f.Add("a/b/c eq -0 and (((x eq 'y')))")
	f.Fuzz(func(t *testing.T, s string) {
		expr, err := Parse(s)
		if err != nil {
			if expr != nil {
				t.Fatalf("Parse(%q) returned both an expression and %v", s, err)
			}
			return
		}
		canonical := expr.String()
		again, err := Parse(canonical)
		if err != nil {
			t.Fatalf("canonical form %q of %q does not parse: %v", canonical, s, err)
		}
		if again.String() != canonical {
			t.Fatalf("round trip of %q: %q != %q", s, again.String(), canonical)
		}
		_ = expr.Check(alertsTypeName, alertsSchema)
		_ = expr.Match(func(string) any { return "x" })
		_ = expr.HasTenantScope()
	})
}
