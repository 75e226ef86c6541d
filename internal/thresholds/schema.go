package thresholds

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/validators"
)

// ResourceAttributes returns the nested object of every configurable alert
// type of cat, as entrapim_alert_configuration has them: optional and
// computed (an omitted threshold keeps the tenant's value), with the
// catalogue's ranges checked at plan time.
func ResourceAttributes(cat alerttypes.Catalogue) map[string]rschema.Attribute {
	out := map[string]rschema.Attribute{}
	for _, at := range cat.Configurable() {
		attrs := map[string]rschema.Attribute{}
		for _, f := range at.Fields {
			desc := fieldDescription(f) + " Left as it is in the tenant, and not checked for drift, when omitted."
			if f.Kind == alerttypes.Duration {
				attrs[f.Attribute] = rschema.StringAttribute{
					CustomType:          DurationType{},
					Optional:            true,
					Computed:            true,
					MarkdownDescription: desc,
					Validators:          []validator.String{validators.DurationBetween(f.MinDuration, f.MaxDuration)},
					PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
				}
				continue
			}
			attrs[f.Attribute] = rschema.Int64Attribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: desc,
				Validators:          []validator.Int64{int64validator.Between(f.Min, f.Max)},
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			}
		}
		out[at.Block] = rschema.SingleNestedAttribute{
			Optional:            true,
			Computed:            true,
			MarkdownDescription: blockDescription(at) + ". Only valid with `alert_type = \"" + at.Suffix + "\"`.",
			Attributes:          attrs,
			PlanModifiers:       []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
		}
	}
	return out
}

// DataSourceAttributes returns the same nested objects, computed, for the
// data sources that read configurations.
func DataSourceAttributes(cat alerttypes.Catalogue) map[string]dschema.Attribute {
	out := map[string]dschema.Attribute{}
	for _, at := range cat.Configurable() {
		attrs := map[string]dschema.Attribute{}
		for _, f := range at.Fields {
			if f.Kind == alerttypes.Duration {
				attrs[f.Attribute] = dschema.StringAttribute{CustomType: DurationType{}, Computed: true, MarkdownDescription: fieldDescription(f)}
			} else {
				attrs[f.Attribute] = dschema.Int64Attribute{Computed: true, MarkdownDescription: fieldDescription(f)}
			}
		}
		out[at.Block] = dschema.SingleNestedAttribute{
			Computed:            true,
			MarkdownDescription: blockDescription(at) + ", shaped as in `entrapim_alert_configuration`. Null for other alert types.",
			Attributes:          attrs,
		}
	}
	return out
}
