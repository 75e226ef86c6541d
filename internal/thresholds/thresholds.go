// Package thresholds is the Terraform side of the catalogue's thresholds, in
// both directions: the nested objects (too_many_global_admins,
// stale_sign_in, …) of the entrapim_alert_configuration resource and of the
// configuration data sources, built from the catalogue with the same shape
// in both, so users can copy values from one to the other; and the
// conversions between those objects and alerttypes.Values.
package thresholds

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/isoduration"
)

// Blocks are the threshold objects of a Terraform object, keyed by block
// name (alerttypes.AlertType.Block); one per configurable alert type.
type Blocks map[string]types.Object

// AttrTypes returns the attribute types of an alert type's nested object:
// Int fields are Int64, Duration fields are DurationType.
func AttrTypes(at alerttypes.AlertType) map[string]attr.Type {
	out := make(map[string]attr.Type, len(at.Fields))
	for _, f := range at.Fields {
		if f.Kind == alerttypes.Duration {
			out[f.Attribute] = DurationType{}
		} else {
			out[f.Attribute] = types.Int64Type
		}
	}
	return out
}

// Null returns a null object of the alert type's block.
func Null(at alerttypes.AlertType) types.Object {
	return types.ObjectNull(AttrTypes(at))
}

// Object returns the nested object of at holding v; a threshold absent from
// v is null.
func Object(at alerttypes.AlertType, v alerttypes.Values) types.Object {
	vals := make(map[string]attr.Value, len(at.Fields))
	for _, f := range at.Fields {
		val, ok := v[f.GraphName]
		switch {
		case f.Kind == alerttypes.Duration && ok:
			vals[f.Attribute] = durationValue(f.Format(val))
		case f.Kind == alerttypes.Duration:
			vals[f.Attribute] = durationNull()
		case ok:
			vals[f.Attribute] = types.Int64Value(val.Int)
		default:
			vals[f.Attribute] = types.Int64Null()
		}
	}
	obj, diags := types.ObjectValue(AttrTypes(at), vals)
	if diags.HasError() {
		// Unreachable: the values are built from the same types.
		panic(fmt.Sprintf("thresholds: building %s object: %v", at.Block, diags))
	}
	return obj
}

// FromGraph returns every block of cat: at's holding v, the others null.
func FromGraph(cat alerttypes.Catalogue, at alerttypes.AlertType, v alerttypes.Values) Blocks {
	b := Blocks{}
	for _, other := range cat.Configurable() {
		if other.Suffix == at.Suffix {
			b[other.Block] = Object(at, v)
		} else {
			b[other.Block] = Null(other)
		}
	}
	return b
}

// Values returns the known values of at's block; an unknown or null block,
// and unknown or null attributes, give nothing. A duration that does not
// parse is an error at its attribute.
func (b Blocks) Values(at alerttypes.AlertType) (alerttypes.Values, diag.Diagnostics) {
	var diags diag.Diagnostics
	out := alerttypes.Values{}
	obj, ok := b[at.Block]
	if !ok || obj.IsNull() || obj.IsUnknown() {
		return out, diags
	}
	attrs := obj.Attributes()
	for _, f := range at.Fields {
		v, ok := attrs[f.Attribute]
		if !ok || v.IsNull() || v.IsUnknown() {
			continue
		}
		switch v := v.(type) {
		case basetypes.Int64Value:
			out[f.GraphName] = alerttypes.IntValue(v.ValueInt64())
		case DurationValue:
			d, err := isoduration.Parse(v.ValueString())
			if err != nil {
				diags.AddAttributeError(path.Root(at.Block).AtName(f.Attribute), "Invalid ISO-8601 duration", err.Error())
				continue
			}
			out[f.GraphName] = alerttypes.DurationValue(d)
		default:
			diags.AddError("Unexpected value type", fmt.Sprintf("%s.%s is %T; this is a bug in the provider", at.Block, f.Attribute, v))
		}
	}
	return out, diags
}

// Changes returns the values of at's block in plan that differ from those
// in prior (durations compared as lengths of time, so "PT720H" after
// "P30D" is no change). With a nil prior (a create) every planned value is
// a change.
func Changes(at alerttypes.AlertType, plan, prior Blocks) (alerttypes.Values, diag.Diagnostics) {
	want, diags := plan.Values(at)
	have, _ := prior.Values(at)
	for k, v := range want {
		if old, ok := have[k]; ok && old == v {
			delete(want, k)
		}
	}
	return want, diags
}

// Mismatched returns, for the error of a configuration, the non-null blocks
// of b that do not belong to at, with what to say about each.
func Mismatched(cat alerttypes.Catalogue, at alerttypes.AlertType, b Blocks) map[string]string {
	out := map[string]string{}
	for block, obj := range b {
		if obj.IsNull() || block == at.Block {
			continue
		}
		owner := "another alert type"
		if other, ok := cat.ByBlock(block); ok {
			owner = other.Suffix
		}
		detail := fmt.Sprintf("%s sets thresholds of %s, but alert_type is %s.", block, owner, at.Suffix)
		if at.Configurable {
			detail += fmt.Sprintf(" Use %s for %s.", at.Block, at.Suffix)
		} else {
			detail += fmt.Sprintf(" %s has no configurable thresholds; only enabled can be set.", at.Suffix)
		}
		out[block] = detail
	}
	return out
}

// blockDescription is the start of a nested object's description.
func blockDescription(at alerttypes.AlertType) string {
	return fmt.Sprintf("Thresholds of `%s` (%s)", at.Suffix, strings.TrimSuffix(at.Summary, "."))
}

// fieldDescription is the start of a threshold's description.
func fieldDescription(f alerttypes.Field) string {
	return f.Description + " Graph property `" + f.GraphName + "`."
}
