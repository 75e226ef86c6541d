// Package datasources holds the entrapim data sources: read-only views of the
// tenant's PIM alerts, alert definitions, alert configurations and incidents
// for drift review, reporting and driving for_each. Each data source reads
// Graph with one request (plus the pages of a paged list), using $expand
// instead of one request per alert. The attributes and models that a list
// data source shares with its single counterpart live in this file.
package datasources

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/alertschema"
	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/framework"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/thresholds"
	"github.com/entrapim/terraform-provider-entrapim/internal/validators"
)

// allAlertTypes names the scope of the list operations in diagnostics.
const allAlertTypes = "all alert types"

// idPath is the path of the id argument of the single data sources.
var idPath = path.Root("id")

// alertFields are the properties of an alert itself, in entrapim_alert and
// in the elements of entrapim_alerts: what it shares with the resource
// (alertschema.Fields), whether it is active as Graph says, and its alert
// type and id.
type alertFields struct {
	alertschema.Fields
	Active    types.Bool   `tfsdk:"active"`
	AlertType types.String `tfsdk:"alert_type"`
	ID        types.String `tfsdk:"id"`
}

// alertAttributes are the computed attributes of alertFields but alert_type
// and id, which are arguments of entrapim_alert.
func alertAttributes() map[string]schema.Attribute {
	attrs := alertschema.DataSourceAttributes()
	attrs["active"] = schema.BoolAttribute{
		Computed:            true,
		MarkdownDescription: "Whether the alert is active (`isActive`); `false` when it is not, for example when it never fired, was dismissed or its configuration is disabled.",
	}
	return attrs
}

// fromGraph sets the alert's own properties.
func (f *alertFields) fromGraph(a *graph.Alert) {
	f.FromGraph(a)
	f.Active = types.BoolValue(a.IsActive)
	f.AlertType, f.ID = types.StringValue(a.Type.Suffix), types.StringValue(a.ID)
}

// definitionFields are the properties of an alert definition. They are the
// top-level attributes of entrapim_alert_definition and entrapim_alert and
// the element attributes of entrapim_alert_definitions and entrapim_alerts.
type definitionFields struct {
	Description     types.String `tfsdk:"description"`
	DisplayName     types.String `tfsdk:"display_name"`
	HowToPrevent    types.String `tfsdk:"how_to_prevent"`
	IsConfigurable  types.Bool   `tfsdk:"is_configurable"`
	IsRemediatable  types.Bool   `tfsdk:"is_remediatable"`
	MitigationSteps types.String `tfsdk:"mitigation_steps"`
	SecurityImpact  types.String `tfsdk:"security_impact"`
	SeverityLevel   types.String `tfsdk:"severity_level"`
}

// definitionAttributes are the computed attributes of definitionFields.
func definitionAttributes(cat alerttypes.Catalogue) map[string]schema.Attribute {
	var configurable []string
	for _, at := range cat.Configurable() {
		configurable = append(configurable, at.Suffix)
	}
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	return map[string]schema.Attribute{
		"description":    computed("What the alert reports (`description`), with the tenant's numbers filled in."),
		"display_name":   computed("The alert's title (`displayName`). Do not key on it: Graph and the portal word some titles differently; use `alert_type`."),
		"how_to_prevent": computed("How to prevent the alert (`howToPrevent`); may contain HTML links."),
		"is_configurable": schema.BoolAttribute{
			Computed:            true,
			MarkdownDescription: "Whether the alert's thresholds can be changed (`isConfigurable`). Configurable alert types: " + alerttypes.CodeList(configurable) + ".",
		},
		"is_remediatable": schema.BoolAttribute{
			Computed:            true,
			MarkdownDescription: "Whether PIM can remediate the alert's incidents (`isRemediatable`), which `entrapim_alert_incident_remediation` needs. Remediatable alert types: " + alerttypes.CodeList(cat.RemediatableNames()) + ".",
		},
		"mitigation_steps": computed("What to do about the alert (`mitigationSteps`)."),
		"security_impact":  computed("Why the alert matters (`securityImpact`)."),
		"severity_level":   computed("The alert's severity as Graph reports it (`severityLevel`): `unknown`, `informational`, `low`, `medium` or `high`. Graph's values differ from the severities shown in the portal for some alert types."),
	}
}

// fromGraph sets the definition properties; all are null without a definition.
func (f *definitionFields) fromGraph(d *graph.Definition) {
	if d == nil {
		null := types.StringNull()
		*f = definitionFields{null, null, null, types.BoolNull(), types.BoolNull(), null, null, null}
		return
	}
	f.Description = types.StringValue(d.Description)
	f.DisplayName = types.StringValue(d.DisplayName)
	f.HowToPrevent = types.StringValue(d.HowToPrevent)
	f.IsConfigurable = types.BoolValue(d.IsConfigurable)
	f.IsRemediatable = types.BoolValue(d.IsRemediatable)
	f.MitigationSteps = types.StringValue(d.MitigationSteps)
	f.SecurityImpact = types.StringValue(d.SecurityImpact)
	f.SeverityLevel = types.StringValue(d.SeverityLevel)
}

// configurationFields are the settings of an alert configuration: enabled and
// the threshold objects, shaped as in the entrapim_alert_configuration
// resource so values can be copied into a baseline.
type configurationFields struct {
	Enabled    types.Bool        `tfsdk:"enabled"`
	Thresholds thresholds.Blocks `tfsdk:"-"`
}

// configurationAttributes are the computed attributes of configurationFields.
func configurationAttributes(cat alerttypes.Catalogue) map[string]schema.Attribute {
	attrs := thresholds.DataSourceAttributes(cat)
	attrs["enabled"] = schema.BoolAttribute{
		Computed:            true,
		MarkdownDescription: "Whether PIM scans the tenant for this alert (`isEnabled` of the alert configuration).",
	}
	return attrs
}

// fromGraph sets enabled and the thresholds of the configuration of alert
// type at. Threshold objects of other alert types are null; without a
// configuration everything is null.
func (f *configurationFields) fromGraph(cat alerttypes.Catalogue, at alerttypes.AlertType, cfg *graph.Configuration) {
	f.Enabled = types.BoolNull()
	f.Thresholds = nil
	if cfg != nil {
		f.Enabled = types.BoolValue(cfg.Enabled)
		f.Thresholds = thresholds.FromGraph(cat, at, cfg.Thresholds)
	}
}

func (f *configurationFields) thresholds() thresholds.Blocks { return f.Thresholds }

// withThresholds is a model that holds threshold objects.
type withThresholds interface{ thresholds() thresholds.Blocks }

// object is the Terraform object of model, of type typ, with its threshold
// objects when it has them.
func object(ctx context.Context, cat alerttypes.Catalogue, typ attr.Type, model any) (types.Object, diag.Diagnostics) {
	var objs thresholds.Blocks
	if m, ok := model.(withThresholds); ok {
		objs = m.thresholds()
	}
	return thresholds.Join(ctx, cat, typ, model, objs)
}

// setState sets the state of a single data source to model.
func setState(ctx context.Context, cat alerttypes.Catalogue, state *tfsdk.State, model any) diag.Diagnostics {
	obj, diags := object(ctx, cat, state.Schema.Type(), model)
	if diags.HasError() {
		return diags
	}
	return append(diags, state.Set(ctx, obj)...)
}

// element is the model of a list element; lists are sorted by sortKey,
// the element's alert type.
type element interface{ sortKey() string }

func (f alertFields) sortKey() string        { return f.AlertType.ValueString() }
func (m definitionModel) sortKey() string    { return m.AlertType.ValueString() }
func (m configurationModel) sortKey() string { return m.AlertType.ValueString() }

// setList sets the list attribute name of a list data source to elems,
// objects of obj, sorted by alert type.
func setList[T element](ctx context.Context, cat alerttypes.Catalogue, state *tfsdk.State, name string, obj schema.NestedAttributeObject, elems []T) diag.Diagnostics {
	slices.SortStableFunc(elems, func(a, b T) int { return strings.Compare(a.sortKey(), b.sortKey()) })
	list, diags := listOf(ctx, cat, obj, elems)
	if diags.HasError() {
		return diags
	}
	return append(diags, state.SetAttribute(ctx, path.Root(name), list)...)
}

// listOf builds a list of nested objects from models of the object's shape.
func listOf[T any](ctx context.Context, cat alerttypes.Catalogue, obj schema.NestedAttributeObject, elems []T) (types.List, diag.Diagnostics) {
	var diags diag.Diagnostics
	typ := obj.Type()
	vals := make([]attr.Value, 0, len(elems))
	for i := range elems {
		o, d := object(ctx, cat, typ, &elems[i])
		if diags.Append(d...); d.HasError() {
			return types.ListNull(typ), diags
		}
		vals = append(vals, o)
	}
	list, d := types.ListValue(typ, vals)
	return list, append(diags, d...)
}

// attributes merges attribute sets into one.
func attributes(sets ...map[string]schema.Attribute) map[string]schema.Attribute {
	attrs := map[string]schema.Attribute{}
	for _, s := range sets {
		maps.Copy(attrs, s)
	}
	return attrs
}

// nested returns the nested object of a list element with the given
// attribute sets.
func nested(sets ...map[string]schema.Attribute) schema.NestedAttributeObject {
	return schema.NestedAttributeObject{Attributes: attributes(sets...)}
}

// elementKey returns the computed alert_type and id of a list element.
func elementKey(cat alerttypes.Catalogue, what string) map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"alert_type": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "The alert type, the suffix of the Graph id: " + alerttypes.CodeList(cat.Names()) + ".",
		},
		"id": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "The Graph id of the " + what + ", `" + alerttypes.IDFormat + "`.",
		},
	}
}

// alertTypeDescription documents the alert_type argument of a data source.
func alertTypeDescription(cat alerttypes.Catalogue, what string) string {
	return "The alert type of the " + what + ", spelled as the suffix of its Graph id: " + alerttypes.CodeList(cat.Names()) + "."
}

// tenantArgument is the tenant_id argument of every data source: the
// tenant to read, the provider's when not set.
func tenantArgument() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"tenant_id": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "The tenant (GUID) to read, overriding the provider's `tenant_id`; the provider signs in to it " +
				"with its own credential configuration (a multi-tenant application must be consented there). Defaults to the provider's tenant.",
			Validators: []validator.String{validators.TenantID()},
		},
	}
}

// clientOf returns the Graph client of the tenant a data source's
// configuration names in tenant_id (the provider's when not set), or nil
// after adding an error.
func clientOf(ctx context.Context, b *framework.DataSourceBase, cfg tfsdk.Config, diags *diag.Diagnostics) *graph.Client {
	var tenant types.String
	if diags.Append(cfg.GetAttribute(ctx, framework.TenantIDPath, &tenant)...); diags.HasError() {
		return nil
	}
	return b.ClientFor(ctx, tenant, diags)
}

// targetArguments are the alert_type and id arguments of a single data
// source, of which exactly one must be set, and its tenant_id.
func targetArguments(cat alerttypes.Catalogue, what string) map[string]schema.Attribute {
	return attributes(tenantArgument(), map[string]schema.Attribute{
		"alert_type": schema.StringAttribute{
			Optional:            true,
			Computed:            true,
			MarkdownDescription: alertTypeDescription(cat, what) + " Exactly one of `alert_type` and `id` must be set.",
			Validators:          []validator.String{validators.AlertType(cat)},
		},
		"id": schema.StringAttribute{
			Optional: true,
			Computed: true,
			MarkdownDescription: "The Graph id of the " + what + ", `" + alerttypes.IDFormat + "`. " +
				"Exactly one of `alert_type` and `id` must be set; an id of another tenant than the one read (`tenant_id`, or the provider's) is an error.",
			Validators: []validator.String{validators.AlertID(cat)},
		},
	})
}

// singleDataSource is the base of the data sources that read one object
// chosen by its alert_type or its id (targetArguments), of which exactly
// one must be set.
type singleDataSource struct{ framework.DataSourceBase }

func (singleDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("alert_type"), path.MatchRoot("id")),
	}
}

// target is the preamble of Read after reading the model (whose errors
// diags holds): the client, and the alert type the data source reads, from
// its alert_type or id argument (the validators have already checked
// both), in the tenant of cfg's tenant_id (the provider's when not set); an
// id must name that tenant. ok is false after an error.
func (d *singleDataSource) target(ctx context.Context, cfg tfsdk.Config, alertType, id types.String, diags *diag.Diagnostics) (*graph.Client, alerttypes.AlertType, bool) {
	b := &d.Base
	var at alerttypes.AlertType
	if diags.HasError() {
		return nil, at, false
	}
	client := clientOf(ctx, &d.DataSourceBase, cfg, diags)
	if client == nil {
		return nil, at, false
	}
	ref := alertType.ValueString()
	if alertType.IsNull() || alertType.IsUnknown() {
		ref = id.ValueString()
	}
	at, tenant, err := b.Catalogue.ParseRef(ref)
	if err != nil {
		diags.AddAttributeError(idPath, "Invalid alert id", err.Error())
		return nil, at, false
	}
	if err := framework.CheckTenant(ctx, client, tenant); err != nil {
		diags.AddAttributeError(idPath, "Alert id names another tenant", fmt.Sprintf("The id %s: %v.", id.ValueString(), err))
		return nil, at, false
	}
	return client, at, true
}
