package thresholds

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/entrapim/terraform-provider-entrapim/internal/isoduration"
)

// DurationType and DurationValue are a Terraform string type for ISO-8601
// durations with semantic equality: "P30D" and "PT720H" are the same value,
// so a configuration written either way shows no diff against what Graph
// returns.
var (
	_ basetypes.StringTypable                    = DurationType{}
	_ basetypes.StringValuableWithSemanticEquals = DurationValue{}
	_ xattr.ValidateableAttribute                = DurationValue{}
)

// DurationType is the attribute type of Duration thresholds.
type DurationType struct {
	basetypes.StringType
}

// Equal reports whether o is also a duration type.
func (t DurationType) Equal(o attr.Type) bool {
	other, ok := o.(DurationType)
	return ok && t.StringType.Equal(other.StringType)
}

// String describes the type.
func (t DurationType) String() string { return "thresholds.DurationType" }

// ValueFromString wraps a string value.
func (t DurationType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return DurationValue{StringValue: in}, nil
}

// ValueFromTerraform converts a Terraform value.
func (t DurationType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	sv, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return DurationValue{StringValue: sv}, nil
}

// ValueType returns the value type of this type.
func (t DurationType) ValueType(context.Context) attr.Value { return DurationValue{} }

// DurationValue is an ISO-8601 duration string.
type DurationValue struct {
	basetypes.StringValue
}

// Type returns DurationType.
func (v DurationValue) Type(context.Context) attr.Type { return DurationType{} }

// Equal compares the exact strings (semantic equality is separate).
func (v DurationValue) Equal(o attr.Value) bool {
	other, ok := o.(DurationValue)
	return ok && v.StringValue.Equal(other.StringValue)
}

// StringSemanticEquals reports whether both values denote the same length of time.
func (v DurationValue) StringSemanticEquals(_ context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	nv, ok := newValuable.(DurationValue)
	if !ok {
		diags.AddError("Semantic equality check error", fmt.Sprintf("expected thresholds.DurationValue, got %T; this is a bug in the provider", newValuable))
		return false, diags
	}
	return isoduration.Equal(v.ValueString(), nv.ValueString()), diags
}

// ValidateAttribute rejects strings that are not day-time ISO-8601 durations.
func (v DurationValue) ValidateAttribute(_ context.Context, req xattr.ValidateAttributeRequest, resp *xattr.ValidateAttributeResponse) {
	if v.IsNull() || v.IsUnknown() {
		return
	}
	if _, err := isoduration.Parse(v.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid ISO-8601 duration",
			fmt.Sprintf("%v. Write durations like P30D (30 days), PT12H (12 hours) or P1DT6H.", err))
	}
}

// durationValue returns a known duration value.
func durationValue(s string) DurationValue {
	return DurationValue{StringValue: basetypes.NewStringValue(s)}
}

// durationNull returns a null duration value.
func durationNull() DurationValue { return DurationValue{StringValue: basetypes.NewStringNull()} }
