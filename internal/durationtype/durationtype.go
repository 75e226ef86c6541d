// Package durationtype is a Terraform string type for ISO-8601 durations
// with semantic equality: "P30D" and "PT720H" are the same value, so a
// configuration written either way shows no diff against what Graph returns.
package durationtype

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

var (
	_ basetypes.StringTypable                    = Type{}
	_ basetypes.StringValuableWithSemanticEquals = Value{}
	_ xattr.ValidateableAttribute                = Value{}
)

// Type is the attribute type; use it as CustomType in schemas.
type Type struct {
	basetypes.StringType
}

// Equal reports whether o is also a duration type.
func (t Type) Equal(o attr.Type) bool {
	other, ok := o.(Type)
	return ok && t.StringType.Equal(other.StringType)
}

// String describes the type.
func (t Type) String() string { return "durationtype.Type" }

// ValueFromString wraps a string value.
func (t Type) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return Value{StringValue: in}, nil
}

// ValueFromTerraform converts a Terraform value.
func (t Type) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	sv, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return Value{StringValue: sv}, nil
}

// ValueType returns the value type of this type.
func (t Type) ValueType(context.Context) attr.Value { return Value{} }

// Value is an ISO-8601 duration string.
type Value struct {
	basetypes.StringValue
}

// Type returns Type.
func (v Value) Type(context.Context) attr.Type { return Type{} }

// Equal compares the exact strings (semantic equality is separate).
func (v Value) Equal(o attr.Value) bool {
	other, ok := o.(Value)
	return ok && v.StringValue.Equal(other.StringValue)
}

// StringSemanticEquals reports whether both values denote the same length of time.
func (v Value) StringSemanticEquals(_ context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	nv, ok := newValuable.(Value)
	if !ok {
		diags.AddError("Semantic equality check error", fmt.Sprintf("expected durationtype.Value, got %T; this is a bug in the provider", newValuable))
		return false, diags
	}
	return isoduration.Equal(v.ValueString(), nv.ValueString()), diags
}

// ValidateAttribute rejects strings that are not day-time ISO-8601 durations.
func (v Value) ValidateAttribute(_ context.Context, req xattr.ValidateAttributeRequest, resp *xattr.ValidateAttributeResponse) {
	if v.IsNull() || v.IsUnknown() {
		return
	}
	if _, err := isoduration.Parse(v.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid ISO-8601 duration",
			fmt.Sprintf("%v. Write durations like P30D (30 days), PT12H (12 hours) or P1DT6H.", err))
	}
}

// New returns a known duration value.
func New(s string) Value { return Value{StringValue: basetypes.NewStringValue(s)} }

// Null returns a null duration value.
func Null() Value { return Value{StringValue: basetypes.NewStringNull()} }

// Unknown returns an unknown duration value.
func Unknown() Value { return Value{StringValue: basetypes.NewStringUnknown()} }
