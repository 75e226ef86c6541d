package mockgraph_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
)

// thresholdWire is one threshold as Graph writes it: its value in a
// configuration of an untouched tenant, and another value a PATCH sets,
// both literal JSON. The property names, types and the defaults are those
// of the configuration types' pages and examples (api-reference/beta/
// resources/*alertconfiguration.md: "duration": "P30D",
// "timeIntervalBetweenActivations": "PT10S",
// "sequentialActivationCounterThreshold": 3, "globalAdminCountThreshold": 3,
// "percentageOfGlobalAdminsOutOfRolesThreshold": 10; see
// /work/shared/graph-pim-alerts-api.md, section configurations).
type thresholdWire struct{ initial, patched string }

// wireConfigurations are the literal configuration documents, by
// @odata.type; every threshold of the catalogue must have a row.
var wireConfigurations = map[string]map[string]thresholdWire{
	"#microsoft.graph.invalidLicenseAlertConfiguration":                                   {},
	"#microsoft.graph.noMfaOnRoleActivationAlertConfiguration":                            {},
	"#microsoft.graph.rolesAssignedOutsidePrivilegedIdentityManagementAlertConfiguration": {},
	"#microsoft.graph.redundantAssignmentAlertConfiguration": {
		"duration": {`"P30D"`, `"P14D"`},
	},
	"#microsoft.graph.staleSignInAlertConfiguration": {
		"duration": {`"P30D"`, `"P90D"`},
	},
	"#microsoft.graph.sequentialActivationRenewalsAlertConfiguration": {
		"timeIntervalBetweenActivations":       {`"PT10S"`, `"PT1H30M"`},
		"sequentialActivationCounterThreshold": {`3`, `5`},
	},
	"#microsoft.graph.tooManyGlobalAdminsAssignedToTenantAlertConfiguration": {
		"globalAdminCountThreshold":                   {`3`, `5`},
		"percentageOfGlobalAdminsOutOfRolesThreshold": {`10`, `40`},
	},
}

// TestThresholdsOnTheWire: for every alert type of the catalogue and each
// of its thresholds, the simulator renders the literal JSON Graph
// documents and accepts it in a PATCH, with its own codec (not the
// provider's).
func TestThresholdsOnTheWire(t *testing.T) {
	t.Parallel()
	s, r := newTenant(t)
	for _, typ := range alerttypes.Builtin().All() {
		wire, ok := wireConfigurations[typ.ConfigurationODataType]
		if !ok {
			t.Errorf("%s: no literal wire document for %s", typ.Suffix, typ.ConfigurationODataType)
			continue
		}
		if len(wire) != len(typ.Fields) {
			t.Errorf("%s: %d literal thresholds for %d catalogue fields", typ.Suffix, len(wire), len(typ.Fields))
		}
		path := prefix + "/alertConfigurations/" + s.AlertID(typ.Suffix)
		check := func(when string, want func(thresholdWire) string) {
			t.Helper()
			resp := r.do(http.MethodGet, path, nil)
			var got map[string]json.RawMessage
			if err := json.Unmarshal(resp.body, &got); err != nil || resp.status != http.StatusOK {
				t.Fatalf("%s: GET %d %s", typ.Suffix, resp.status, resp.body)
			}
			if string(got["@odata.type"]) != `"`+typ.ConfigurationODataType+`"` {
				t.Errorf("%s %s: @odata.type %s", typ.Suffix, when, got["@odata.type"])
			}
			for name, w := range wire {
				if !bytes.Equal(got[name], []byte(want(w))) {
					t.Errorf("%s %s: %q is %s, want %s", typ.Suffix, when, name, got[name], want(w))
				}
			}
		}
		check("initially", func(w thresholdWire) string { return w.initial })
		body := `{"@odata.type":"` + typ.ConfigurationODataType + `"`
		for name, w := range wire {
			body += `,"` + name + `":` + w.patched
		}
		body += "}"
		if resp := r.do(http.MethodPatch, path, json.RawMessage(body)); resp.status != http.StatusNoContent {
			t.Errorf("%s: PATCH %s: %d %s", typ.Suffix, body, resp.status, resp.body)
		}
		check("after the PATCH", func(w thresholdWire) string { return w.patched })
	}
}

// TestThresholdsOfTheWrongJSONType: an Edm.Int32 threshold sent as a
// string and an Edm.Duration sent as a number are refused.
func TestThresholdsOfTheWrongJSONType(t *testing.T) {
	t.Parallel()
	s, r := newTenant(t)
	for typ, body := range map[string]string{
		alerttypes.StaleSignIn:          `{"@odata.type":"#microsoft.graph.staleSignInAlertConfiguration","duration":30}`,
		alerttypes.TooManyGlobalAdmins:  `{"@odata.type":"#microsoft.graph.tooManyGlobalAdminsAssignedToTenantAlertConfiguration","globalAdminCountThreshold":"5"}`,
		alerttypes.SequentialActivation: `{"@odata.type":"#microsoft.graph.sequentialActivationRenewalsAlertConfiguration","sequentialActivationCounterThreshold":2.5}`,
	} {
		path := prefix + "/alertConfigurations/" + s.AlertID(typ)
		if resp := r.do(http.MethodPatch, path, json.RawMessage(body)); resp.status != http.StatusBadRequest {
			t.Errorf("PATCH %s: %d %s, want 400", body, resp.status, resp.body)
		}
	}
}
