package alerttypes_test

import (
	"strings"
	"testing"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
)

const tenant = "3b0e753b-22fa-4c16-9bf2-470b80be80d6"

func TestCatalogue(t *testing.T) {
	t.Parallel()
	names := alerttypes.Names()
	if len(names) != 7 {
		t.Fatalf("%d alert types, want 7", len(names))
	}
	blocks := map[string]bool{}
	for _, n := range names {
		at, ok := alerttypes.Lookup(n)
		if !ok {
			t.Fatalf("Lookup(%q) failed", n)
		}
		if !strings.HasPrefix(at.ConfigurationODataType, "#microsoft.graph.") || !strings.HasSuffix(at.ConfigurationODataType, "AlertConfiguration") {
			t.Errorf("%s: configuration type %q", n, at.ConfigurationODataType)
		}
		if !strings.HasSuffix(at.IncidentODataType, "AlertIncident") {
			t.Errorf("%s: incident type %q", n, at.IncidentODataType)
		}
		if back, ok := alerttypes.ByConfigurationODataType(at.ConfigurationODataType); !ok || back.Suffix != n {
			t.Errorf("%s: ByConfigurationODataType round trip", n)
		}
		if back, ok := alerttypes.ByIncidentODataType(at.IncidentODataType); !ok || back.Suffix != n {
			t.Errorf("%s: ByIncidentODataType round trip", n)
		}
		if at.Configurable != (at.Block != "") || at.Configurable != (len(at.Fields) > 0) {
			t.Errorf("%s: Configurable, Block and Fields disagree", n)
		}
		if at.Remediatable != (at.Remediation != "") {
			t.Errorf("%s: Remediatable and Remediation disagree", n)
		}
		if at.Block != "" {
			if blocks[at.Block] {
				t.Errorf("block %s used twice", at.Block)
			}
			blocks[at.Block] = true
		}
	}
	// The one suffix that differs from its type name.
	at, _ := alerttypes.Lookup(alerttypes.RolesAssignedOutsidePim)
	if at.ConfigurationODataType != "#microsoft.graph.rolesAssignedOutsidePrivilegedIdentityManagementAlertConfiguration" {
		t.Errorf("RolesAssignedOutsidePimAlert maps to %q", at.ConfigurationODataType)
	}
}

func TestParseID(t *testing.T) {
	t.Parallel()
	id := alerttypes.AlertID(tenant, alerttypes.StaleSignIn)
	gotTenant, at, err := alerttypes.ParseID(id)
	if err != nil || gotTenant != tenant || at.Suffix != alerttypes.StaleSignIn {
		t.Fatalf("ParseID(%q) = %q, %q, %v", id, gotTenant, at.Suffix, err)
	}
	for _, bad := range []string{
		"", "StaleSignInAlert", "DirectoryRole_", "DirectoryRole_" + tenant, "DirectoryRole_" + tenant + "_",
		"DirectoryRole_not-a-guid_StaleSignInAlert", "DirectoryRole_" + tenant + "_Stale", "directoryrole_" + tenant + "_StaleSignInAlert",
		"DirectoryRole_" + tenant + "_StaleSignInAlert_x",
	} {
		if _, _, err := alerttypes.ParseID(bad); err == nil {
			t.Errorf("ParseID(%q) succeeded", bad)
		} else if !strings.Contains(err.Error(), "DirectoryRole_") && !strings.Contains(err.Error(), "expected") {
			t.Errorf("ParseID(%q): error %q does not say what is expected", bad, err)
		}
	}
}

func FuzzParseID(f *testing.F) {
	f.Add(alerttypes.AlertID(tenant, alerttypes.StaleSignIn))
	f.Add("DirectoryRole__")
	f.Add("DirectoryRole_" + tenant + "_")
	f.Add("StaleSignInAlert")
	f.Fuzz(func(t *testing.T, id string) {
		tid, at, err := alerttypes.ParseID(id)
		if err != nil {
			return
		}
		if !alerttypes.IsGUID(tid) {
			t.Fatalf("ParseID(%q) accepted tenant %q", id, tid)
		}
		if got := alerttypes.AlertID(tid, at.Suffix); got != id {
			t.Fatalf("ParseID(%q) does not round-trip: %q", id, got)
		}
	})
}
