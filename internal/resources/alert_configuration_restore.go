package resources

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
)

// Adoption: the configuration of an alert type always exists, so Create
// and ImportState take over the one they find and record its settings in
// the resource's private state; Delete puts them back when
// restore_on_destroy is true.

// privateAdopted is the private-state key of the settings found.
const privateAdopted = "adopted"

// adoptedSettings is the private-state form of the settings found:
// isEnabled and the thresholds as Graph writes them.
type adoptedSettings struct {
	Enabled    bool                       `json:"enabled"`
	Thresholds map[string]json.RawMessage `json:"thresholds,omitempty"`
}

// privateState is the private state of a create or import response.
type privateState interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// adopt records the settings of cfg.
func adopt(ctx context.Context, private privateState, at alerttypes.AlertType, cfg *graph.Configuration) diag.Diagnostics {
	s := adoptedSettings{Enabled: cfg.Enabled, Thresholds: map[string]json.RawMessage{}}
	var diags diag.Diagnostics
	for name, v := range at.Encode(cfg.Thresholds) {
		raw, err := json.Marshal(v)
		if err != nil {
			diags.AddError("Error recording the alert configuration", err.Error())
			return diags
		}
		s.Thresholds[name] = raw
	}
	raw, err := json.Marshal(s)
	if err != nil {
		diags.AddError("Error recording the alert configuration", err.Error())
		return diags
	}
	return private.SetKey(ctx, privateAdopted, raw)
}

// adopted returns the update that restores the recorded settings; found is
// false, with a warning, when none were recorded.
func adopted(ctx context.Context, private interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}, at alerttypes.AlertType) (u graph.ConfigurationUpdate, found bool, diags diag.Diagnostics) {
	raw, diags := private.GetKey(ctx, privateAdopted)
	if diags.HasError() {
		return u, false, diags
	}
	if len(raw) == 0 {
		diags.AddWarning("Nothing to restore",
			fmt.Sprintf("No settings of %s were recorded before Terraform managed them, so the current settings stay.", at.Suffix))
		return u, false, diags
	}
	var s adoptedSettings
	if err := json.Unmarshal(raw, &s); err != nil {
		diags.AddError("Error deleting alert configuration", "The recorded settings are unreadable: "+err.Error())
		return u, false, diags
	}
	values, err := at.Decode(s.Thresholds)
	if err != nil {
		diags.AddError("Error deleting alert configuration", fmt.Sprintf("Restoring %s: recorded %v", at.Suffix, err))
		return u, false, diags
	}
	return graph.ConfigurationUpdate{Enabled: &s.Enabled, Thresholds: values}, true, diags
}
