package alerttypes_test

import (
	"encoding/json"
	"errors"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
)

const tenant = "3b0e753b-22fa-4c16-9bf2-470b80be80d6"

var cat = alerttypes.Builtin()

func TestCatalogue(t *testing.T) {
	t.Parallel()
	names := cat.Names()
	if len(names) != 7 {
		t.Fatalf("%d alert types, want 7", len(names))
	}
	blocks := map[string]bool{}
	for _, n := range names {
		at, ok := cat.Lookup(n)
		if !ok {
			t.Fatalf("Lookup(%q) failed", n)
		}
		if !strings.HasPrefix(at.ConfigurationODataType, "#microsoft.graph.") || !strings.HasSuffix(at.ConfigurationODataType, "AlertConfiguration") {
			t.Errorf("%s: configuration type %q", n, at.ConfigurationODataType)
		}
		if !strings.HasSuffix(at.IncidentODataType, "AlertIncident") {
			t.Errorf("%s: incident type %q", n, at.IncidentODataType)
		}
		if back, ok := cat.ByConfigurationODataType(at.ConfigurationODataType); !ok || back.Suffix != n {
			t.Errorf("%s: ByConfigurationODataType round trip", n)
		}
		if back, ok := cat.ByIncidentODataType(at.IncidentODataType); !ok || back.Suffix != n {
			t.Errorf("%s: ByIncidentODataType round trip", n)
		}
		if at.Configurable != (at.Block != "") || at.Configurable != (len(at.Fields) > 0) {
			t.Errorf("%s: Configurable, Block and Fields disagree", n)
		}
		if at.Remediatable != (at.Remediation != "") {
			t.Errorf("%s: Remediatable and Remediation disagree", n)
		}
		if !at.Remediatable && at.Removes != alerttypes.RemovesNothing {
			t.Errorf("%s: not remediatable but Removes = %d", n, at.Removes)
		}
		if at.Block != "" {
			if blocks[at.Block] {
				t.Errorf("block %s used twice", at.Block)
			}
			blocks[at.Block] = true
		}
	}
	// The one suffix that differs from its type name.
	at, _ := cat.Lookup(alerttypes.RolesAssignedOutsidePim)
	if at.ConfigurationODataType != "#microsoft.graph.rolesAssignedOutsidePrivilegedIdentityManagementAlertConfiguration" {
		t.Errorf("RolesAssignedOutsidePimAlert maps to %q", at.ConfigurationODataType)
	}
}

func TestParseID(t *testing.T) {
	t.Parallel()
	id := alerttypes.AlertID(tenant, alerttypes.StaleSignIn)
	gotTenant, at, err := cat.ParseID(id)
	if err != nil || gotTenant != tenant || at.Suffix != alerttypes.StaleSignIn {
		t.Fatalf("ParseID(%q) = %q, %q, %v", id, gotTenant, at.Suffix, err)
	}
	for _, bad := range []string{
		"", "StaleSignInAlert", "DirectoryRole_", "DirectoryRole_" + tenant, "DirectoryRole_" + tenant + "_",
		"DirectoryRole_not-a-guid_StaleSignInAlert", "DirectoryRole_" + tenant + "_Stale", "directoryrole_" + tenant + "_StaleSignInAlert",
		"DirectoryRole_" + tenant + "_StaleSignInAlert_x",
	} {
		if _, _, err := cat.ParseID(bad); err == nil {
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
		tid, at, err := cat.ParseID(id)
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

func TestCatalogueWith(t *testing.T) {
	t.Parallel()
	extra := alerttypes.AlertType{Suffix: "AaaNewAlert", Block: "aaa_new", Configurable: true,
		Fields: []alerttypes.Field{{GraphName: "limit", Attribute: "limit", Kind: alerttypes.Int, Max: 5}}}
	more := cat.With(extra)
	if got := len(more.Names()); got != 8 {
		t.Fatalf("With added %d types, want 8 in all", got)
	}
	if more.Names()[0] != "AaaNewAlert" {
		t.Errorf("With does not keep the catalogue sorted: %v", more.Names())
	}
	if _, ok := cat.Lookup("AaaNewAlert"); ok {
		t.Error("With changed the catalogue it was called on")
	}
	if at, ok := more.ByBlock("aaa_new"); !ok || at.Suffix != "AaaNewAlert" {
		t.Errorf("ByBlock(aaa_new) = %q, %v", at.Suffix, ok)
	}
	replaced := more.With(alerttypes.AlertType{Suffix: "AaaNewAlert"})
	if at, _ := replaced.Lookup("AaaNewAlert"); at.Configurable || len(replaced.Names()) != 8 {
		t.Errorf("With does not replace a type of the same suffix")
	}
}

func TestParseRef(t *testing.T) {
	t.Parallel()
	for ref, want := range map[string]string{
		alerttypes.StaleSignIn:                             "",
		alerttypes.AlertID(tenant, alerttypes.StaleSignIn): tenant,
	} {
		at, gotTenant, err := cat.ParseRef(ref)
		if err != nil || at.Suffix != alerttypes.StaleSignIn || gotTenant != want {
			t.Errorf("ParseRef(%q) = %q, %q, %v", ref, at.Suffix, gotTenant, err)
		}
	}
	for ref, want := range map[string]string{
		"stale":                            "expected an alert type",
		"DirectoryRole_x_StaleSignIn":      "not a GUID",
		alerttypes.AlertID(tenant, "Nope"): `unknown alert type "Nope"`,
	} {
		if _, _, err := cat.ParseRef(ref); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseRef(%q) error %v, want it to say %q", ref, err, want)
		}
	}
}

func TestValues(t *testing.T) {
	t.Parallel()
	seq, _ := cat.Lookup(alerttypes.SequentialActivation)
	props := map[string]json.RawMessage{
		alerttypes.FieldSequentialActivationCounterThreshold: json.RawMessage(`4`),
		alerttypes.FieldTimeIntervalBetweenActivations:       json.RawMessage(`"PT10S"`),
		"isEnabled": json.RawMessage(`true`),
	}
	got, err := seq.Decode(props)
	if err != nil {
		t.Fatal(err)
	}
	want := alerttypes.Values{
		alerttypes.FieldSequentialActivationCounterThreshold: alerttypes.IntValue(4),
		alerttypes.FieldTimeIntervalBetweenActivations:       alerttypes.DurationValue(10 * time.Second),
	}
	if !maps.Equal(got, want) {
		t.Fatalf("Decode = %v, want %v", got, want)
	}
	enc := seq.Encode(got)
	if enc[alerttypes.FieldSequentialActivationCounterThreshold] != int32(4) || enc[alerttypes.FieldTimeIntervalBetweenActivations] != "PT10S" {
		t.Errorf("Encode = %v", enc)
	}
	for name, raw := range map[string]string{
		alerttypes.FieldSequentialActivationCounterThreshold: `"4"`,
		alerttypes.FieldTimeIntervalBetweenActivations:       `10`,
	} {
		if _, err := seq.Decode(map[string]json.RawMessage{name: json.RawMessage(raw)}); !errors.Is(err, alerttypes.ErrJSONType) {
			t.Errorf("Decode(%s = %s) error %v, want ErrJSONType", name, raw, err)
		}
	}
	if nulls, err := seq.Decode(map[string]json.RawMessage{alerttypes.FieldTimeIntervalBetweenActivations: json.RawMessage(`null`)}); err != nil || len(nulls) != 0 {
		t.Errorf("Decode of null = %v, %v; want nothing", nulls, err)
	}
	counter, _ := seq.FieldByGraphName(alerttypes.FieldSequentialActivationCounterThreshold)
	if counter.Check(alerttypes.IntValue(1)) == nil || counter.Check(alerttypes.IntValue(2)) != nil {
		t.Error("Check does not apply the range 2-100")
	}
	for _, at := range cat.All() {
		for _, f := range at.Fields {
			if err := f.Check(f.Default); err != nil {
				t.Errorf("%s.%s: default %s %v", at.Suffix, f.GraphName, f.Format(f.Default), err)
			}
		}
	}
}
