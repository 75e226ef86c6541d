package thresholds

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
)

// The threshold blocks are attributes whose names come from the catalogue,
// so a model struct cannot list them. A model holds its other attributes
// in tagged fields and the blocks in an untagged Blocks field (tfsdk:"-");
// Split and Join convert between such a pair and the Terraform object of a
// whole resource, data source or list element.

// source is a Plan, State or Config.
type source interface {
	Get(ctx context.Context, target any) diag.Diagnostics
}

// Read reads src into model (a pointer to a struct) and returns its blocks.
func Read(ctx context.Context, cat alerttypes.Catalogue, src source, model any) (Blocks, diag.Diagnostics) {
	var obj types.Object
	diags := src.Get(ctx, &obj)
	if diags.HasError() {
		return nil, diags
	}
	b, d := Split(ctx, cat, obj, model)
	diags.Append(d...)
	return b, diags
}

// Split decodes the attributes of obj that are not threshold blocks into
// model (a pointer to a struct) and returns the blocks.
func Split(ctx context.Context, cat alerttypes.Catalogue, obj types.Object, model any) (Blocks, diag.Diagnostics) {
	var diags diag.Diagnostics
	blocks := Blocks{}
	vals := map[string]attr.Value{}
	typs := map[string]attr.Type{}
	all := obj.AttributeTypes(ctx)
	for name, v := range obj.Attributes() {
		if _, ok := cat.ByBlock(name); ok {
			o, ok := v.(types.Object)
			if !ok {
				diags.AddError("Unexpected value type", fmt.Sprintf("%s is %T; this is a bug in the provider", name, v))
				continue
			}
			blocks[name] = o
			continue
		}
		vals[name], typs[name] = v, all[name]
	}
	rest, d := types.ObjectValue(typs, vals)
	diags.Append(d...)
	if !diags.HasError() {
		diags.Append(rest.As(ctx, model, basetypes.ObjectAsOptions{})...)
	}
	return blocks, diags
}

// Join builds an object of type typ (an object type with the blocks of
// cat among its attributes) from model and blocks; a block missing from
// blocks is null.
func Join(ctx context.Context, cat alerttypes.Catalogue, typ attr.Type, model any, blocks Blocks) (types.Object, diag.Diagnostics) {
	var diags diag.Diagnostics
	ot, ok := typ.(attr.TypeWithAttributeTypes)
	if !ok {
		diags.AddError("Unexpected schema type", fmt.Sprintf("%T is not an object type; this is a bug in the provider", typ))
		return types.ObjectNull(nil), diags
	}
	all := ot.AttributeTypes()
	rest := map[string]attr.Type{}
	for name, t := range all {
		if _, ok := cat.ByBlock(name); !ok {
			rest[name] = t
		}
	}
	obj, d := types.ObjectValueFrom(ctx, rest, model)
	if diags.Append(d...); diags.HasError() {
		return types.ObjectNull(all), diags
	}
	vals := obj.Attributes()
	for name := range all {
		if at, ok := cat.ByBlock(name); ok {
			if b, ok := blocks[name]; ok {
				vals[name] = b
			} else {
				vals[name] = Null(at)
			}
		}
	}
	obj, d = types.ObjectValue(all, vals)
	diags.Append(d...)
	return obj, diags
}
