// Package thresholds maps alert configuration thresholds between Graph and
// Terraform. The nested objects (too_many_global_admins, stale_sign_in, …)
// have the same shape in the entrapim_alert_configuration resource and the
// configuration data sources, so users can copy values from one to the other.
package thresholds

import (
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/durationtype"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
)

// AttrTypes returns the attribute types of an alert type's nested object:
// Int fields are Int64, Duration fields are durationtype.Type.
func AttrTypes(at alerttypes.AlertType) map[string]attr.Type {
	out := make(map[string]attr.Type, len(at.Fields))
	for _, f := range at.Fields {
		out[f.Attribute] = FieldType(f)
	}
	return out
}

// FieldType is the attribute type of one threshold.
func FieldType(f alerttypes.Field) attr.Type {
	if f.Kind == alerttypes.Duration {
		return durationtype.Type{}
	}
	return types.Int64Type
}

// ObjectType is the object type of an alert type's nested object.
func ObjectType(at alerttypes.AlertType) types.ObjectType {
	return types.ObjectType{AttrTypes: AttrTypes(at)}
}

// Null returns a null object of the alert type's block.
func Null(at alerttypes.AlertType) types.Object {
	return types.ObjectNull(AttrTypes(at))
}

// FromGraph returns the nested object for at built from cfg. A threshold
// absent from Graph's answer is null.
func FromGraph(at alerttypes.AlertType, cfg *graph.Configuration) types.Object {
	if cfg == nil || len(at.Fields) == 0 {
		return Null(at)
	}
	vals := make(map[string]attr.Value, len(at.Fields))
	for _, f := range at.Fields {
		vals[f.Attribute] = FieldFromGraph(f, cfg)
	}
	obj, diags := types.ObjectValue(AttrTypes(at), vals)
	if diags.HasError() {
		// Unreachable: the values are built from the same types.
		panic(fmt.Sprintf("thresholds: building %s object: %v", at.Block, diags))
	}
	return obj
}

// FieldFromGraph returns the value of one threshold in cfg, null when absent.
func FieldFromGraph(f alerttypes.Field, cfg *graph.Configuration) attr.Value {
	if f.Kind == alerttypes.Duration {
		if s, ok := cfg.Durations[f.GraphName]; ok {
			return durationtype.New(s)
		}
		return durationtype.Null()
	}
	if n, ok := cfg.Ints[f.GraphName]; ok {
		return types.Int64Value(int64(n))
	}
	return types.Int64Null()
}

// GraphValueString renders a threshold of cfg the way Graph returned it, for
// messages; "" when absent.
func GraphValueString(f alerttypes.Field, cfg *graph.Configuration) string {
	if cfg == nil {
		return ""
	}
	if f.Kind == alerttypes.Duration {
		return cfg.Durations[f.GraphName]
	}
	if n, ok := cfg.Ints[f.GraphName]; ok {
		return strconv.FormatInt(int64(n), 10)
	}
	return ""
}
