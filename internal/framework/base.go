// Package framework holds what the provider's resources and data sources
// share on the Terraform side: the data the provider hands them in
// Configure, base types whose Configure is the framework's own method, the
// preamble of every Graph call (client, alert type and timeout) and the
// conversion of Graph values and errors into Terraform values and
// diagnostics. Workflows made of several Graph calls belong to the
// resources that run them.
package framework

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/remediation"
)

// Data is the value of ConfigureResponse.ResourceData and DataSourceData.
type Data struct {
	// Tenants talks to Microsoft Graph, in the provider's tenant and in
	// those resources name in tenant_id. Nil when the provider
	// configuration had unknown values at plan time.
	Tenants *Tenants
	// Protection is protected_principal_ids (accounts, such as break-glass
	// and service accounts, whose role assignments the provider must never
	// remediate) and allow_unprotected_global_admin_removal.
	Protection remediation.Protection
	// Guard keeps remediation from leaving fewer than min_global_admins
	// Global Administrators, in each tenant on its own (its ledger is the
	// tenant's). Nil when Tenants is.
	Guard *remediation.Guard
}

// Base is what every resource and data source holds: the catalogue its
// schema is built from (known before Configure) and the provider's Data
// (known after). Embed ResourceBase or DataSourceBase instead.
type Base struct {
	Catalogue alerttypes.Catalogue
	name      string
	data      *Data
}

// The bases' Configure methods are the framework's, so that whatever
// embeds one is configured without asserting it again.
var (
	_ interface {
		Configure(context.Context, resource.ConfigureRequest, *resource.ConfigureResponse)
	} = (*ResourceBase)(nil)
	_ interface {
		Configure(context.Context, datasource.ConfigureRequest, *datasource.ConfigureResponse)
	} = (*DataSourceBase)(nil)
	_ interface {
		Configure(context.Context, action.ConfigureRequest, *action.ConfigureResponse)
	} = (*ActionBase)(nil)
)

// ResourceBase is embedded by resources; its Configure is the framework's.
type ResourceBase struct{ Base }

// DataSourceBase is embedded by data sources; its Configure is the framework's.
type DataSourceBase struct{ Base }

// ActionBase is embedded by actions; its Configure is the framework's.
type ActionBase struct{ Base }

// NewActionBase returns the base of the action entrapim_{name} for the
// alert types of cat.
func NewActionBase(cat alerttypes.Catalogue, name string) ActionBase {
	return ActionBase{Base{Catalogue: cat, name: name}}
}

// Metadata implements action.Action, as for resources.
func (b *ActionBase) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + b.name
}

// Configure implements action.ActionWithConfigure.
func (b *ActionBase) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	b.configure(req.ProviderData, &resp.Diagnostics)
}

// NewResourceBase returns the base of the resource entrapim_{name} for the
// alert types of cat.
func NewResourceBase(cat alerttypes.Catalogue, name string) ResourceBase {
	return ResourceBase{Base{Catalogue: cat, name: name}}
}

// NewDataSourceBase returns the base of the data source entrapim_{name}
// for the alert types of cat.
func NewDataSourceBase(cat alerttypes.Catalogue, name string) DataSourceBase {
	return DataSourceBase{Base{Catalogue: cat, name: name}}
}

// Metadata implements resource.Resource: the type name is the provider's
// followed by the name given to NewResourceBase.
func (b *ResourceBase) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + b.name
}

// Metadata implements datasource.DataSource, as for resources.
func (b *DataSourceBase) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + b.name
}

// Configure implements resource.ResourceWithConfigure.
func (b *ResourceBase) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	b.configure(req.ProviderData, &resp.Diagnostics)
}

// Configure implements datasource.DataSourceWithConfigure.
func (b *DataSourceBase) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	b.configure(req.ProviderData, &resp.Diagnostics)
}

// configure stores providerData, which is nil until the provider itself is
// configured (Terraform calls Configure on resources before that, too).
func (b *Base) configure(providerData any, diags *diag.Diagnostics) {
	if providerData == nil {
		return
	}
	d, ok := providerData.(*Data)
	if !ok {
		diags.AddError(
			"Unexpected Provider Data Type",
			fmt.Sprintf("Expected *framework.Data, got %T. This is always a bug in the provider; please report it.", providerData),
		)
		return
	}
	b.data = d
}

// Configured returns the Graph client of the provider's tenant, or nil
// when the provider is not configured yet.
func (b *Base) Configured() *graph.Client {
	if b.data == nil || b.data.Tenants == nil {
		return nil
	}
	return b.data.Tenants.Home()
}

// ConfiguredFor returns the Graph client of tenant (the value of a
// tenant_id attribute: null is the provider's tenant), or nil when the
// provider is not configured yet or tenant is unknown: plan-time checks
// that need Graph skip then, and apply checks again. A tenant whose client
// cannot be made (its sign-in is refused) is a warning at plan time, so
// that the plan of the other tenants' resources goes on; its resources
// fail when they are applied (ClientFor).
func (b *Base) ConfiguredFor(ctx context.Context, tenant types.String, diags *diag.Diagnostics) *graph.Client {
	if b.Configured() == nil || tenant.IsUnknown() {
		return nil
	}
	var tds diag.Diagnostics
	c := b.ClientFor(ctx, tenant, &tds)
	for _, d := range tds {
		diags.AddAttributeWarning(TenantIDPath, d.Summary(), d.Detail()+
			"\n\nThe plan goes on without reading this tenant; applying this tenant's resources fails until the provider can work in it.")
	}
	return c
}

// Client returns the Graph client of the provider's tenant, or adds an
// error and returns nil when the provider is not configured yet (for
// example because its configuration depends on values known only after
// apply).
func (b *Base) Client(diags *diag.Diagnostics) *graph.Client {
	if c := b.Configured(); c != nil {
		return c
	}
	diags.AddError(
		"Provider not configured",
		"The entrapim provider has no Graph client yet. This happens when the provider configuration "+
			"uses values that are unknown until apply; make them known at plan time.",
	)
	return nil
}

// ClientFor returns the Graph client of tenant (the value of a tenant_id
// attribute: null or unknown is the provider's tenant), or adds an error
// and returns nil: the provider is not configured yet (Client), or the
// tenant's client could not be made (at tenant_id).
func (b *Base) ClientFor(ctx context.Context, tenant types.String, diags *diag.Diagnostics) *graph.Client {
	if b.Client(diags) == nil {
		return nil
	}
	id := TenantOf(tenant)
	c, err := b.data.Tenants.For(ctx, id)
	if err != nil {
		addTenantError(diags, id, err)
		return nil
	}
	return c
}

// Guard returns the provider's Global Administrator guard, or nil when
// the provider is not configured yet.
func (b *Base) Guard() *remediation.Guard {
	if b.data == nil {
		return nil
	}
	return b.data.Guard
}

// Protection returns the provider's protected_principal_ids and what it
// allows; the zero Protection when the provider is not configured yet.
func (b *Base) Protection() remediation.Protection {
	if b.data == nil {
		return remediation.Protection{}
	}
	return b.data.Protection
}

// Timeout is the method of a timeouts.Value for one operation, such as
// plan.Timeouts.Create.
type Timeout func(ctx context.Context, def time.Duration) (time.Duration, diag.Diagnostics)

// Call is one resource operation's use of Graph: the client of the
// resource's tenant, the alert type the operation is about, looked up
// once, and its timeout.
type Call struct {
	Client *graph.Client
	// Type is the zero AlertType when the operation is about no one type.
	Type alerttypes.AlertType
	// Timeout is how long the operation may take (configured or default),
	// for errors that say what to raise.
	Timeout time.Duration
	cancel  context.CancelFunc
}

// End releases the operation's timeout.
func (c *Call) End() { c.cancel() }

// Begin is the preamble of a resource operation: unless diags already has
// errors (reading the model failed), it looks alertType up (a null value
// means no type), picks the client of tenant (a tenant_id value: null is
// the provider's tenant) and bounds ctx by the operation's timeout (def
// when not configured). It returns a nil Call after adding an error;
// otherwise the caller defers Call.End.
func (b *Base) Begin(ctx context.Context, timeout Timeout, def time.Duration, alertType, tenant types.String, diags *diag.Diagnostics) (context.Context, *Call) {
	if diags.HasError() {
		return ctx, nil
	}
	var at alerttypes.AlertType
	if !alertType.IsNull() {
		var ok bool
		if at, ok = b.AlertType(alertType, diags); !ok {
			return ctx, nil
		}
	}
	client := b.ClientFor(ctx, tenant, diags)
	if client == nil {
		return ctx, nil
	}
	d, ds := timeout(ctx, def)
	if diags.Append(ds...); diags.HasError() {
		return ctx, nil
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	return ctx, &Call{Client: client, Type: at, Timeout: d, cancel: cancel}
}

// Source is a plan or a state: what a resource operation reads its model
// from.
type Source interface {
	Get(ctx context.Context, target any) diag.Diagnostics
}

// Model is a resource's model: the alert type its operations are about
// (null when none), the tenant they are in (its tenant_id: null or unknown
// is the provider's) and its timeouts.
type Model interface {
	Operand() (alertType, tenant types.String, t timeouts.Value)
}

// SelfReading is a Model whose struct cannot hold every attribute (the
// threshold objects the catalogue names): it reads itself from src.
type SelfReading interface {
	ReadFrom(ctx context.Context, cat alerttypes.Catalogue, src Source) diag.Diagnostics
}

// TimeoutOf is the method of timeouts.Value for one operation, such as
// timeouts.Value.Create.
type TimeoutOf func(t timeouts.Value, ctx context.Context, def time.Duration) (time.Duration, diag.Diagnostics)

// ReadModel reads the model m of a resource of b from src.
func (b *ResourceBase) ReadModel(ctx context.Context, src Source, m Model) diag.Diagnostics {
	if r, ok := m.(SelfReading); ok {
		return r.ReadFrom(ctx, b.Catalogue, src)
	}
	return src.Get(ctx, m)
}

// BeginOn is the whole preamble of a resource operation: it reads the
// model from src (the plan or the state), then begins as Begin does, with
// the model's alert type, its tenant and its timeout for the operation
// (which; def when not configured). It returns the model, and a nil Call after adding
// an error; otherwise the caller defers Call.End.
func BeginOn[M any, P interface {
	*M
	Model
}](ctx context.Context, b *ResourceBase, src Source, which TimeoutOf, def time.Duration, diags *diag.Diagnostics) (M, context.Context, *Call) {
	var m M
	diags.Append(b.ReadModel(ctx, src, P(&m))...)
	_, tenant, _ := P(&m).Operand()
	ctx, call := b.BeginModel(ctx, P(&m), tenant, which, def, diags)
	return m, ctx, call
}

// BeginModel begins an operation on the model m, already read, as Begin
// does, in tenant (a tenant_id value: null is the provider's tenant), with
// the model's alert type and its timeout for the operation (which; def
// when not configured).
func (b *ResourceBase) BeginModel(ctx context.Context, m Model, tenant types.String, which TimeoutOf, def time.Duration, diags *diag.Diagnostics) (context.Context, *Call) {
	alertType, _, t := m.Operand()
	return b.Begin(ctx, func(ctx context.Context, def time.Duration) (time.Duration, diag.Diagnostics) {
		return which(t, ctx, def)
	}, def, alertType, tenant, diags)
}

// AlertTypePath is the path of alert_type, the attribute most errors name.
var AlertTypePath = path.Root("alert_type")

// AlertType looks the value of an alert_type attribute up in the
// catalogue. An unknown type (in a state written by another catalogue) is
// an error at alert_type.
func (b *Base) AlertType(v types.String, diags *diag.Diagnostics) (alerttypes.AlertType, bool) {
	at, ok := b.Catalogue.Lookup(v.ValueString())
	if !ok {
		diags.AddAttributeError(AlertTypePath, "Unknown alert type",
			fmt.Sprintf("The alert type %q is not one of %s.", v.ValueString(), alerttypes.CodeList(b.Catalogue.Names())))
	}
	return at, ok
}

// RecordBase is embedded by resources whose state records something done
// once, by Create (a remediation, a refresh): Read keeps the record, Update
// takes the planned values (only timeouts can change without replacing the
// resource) and Delete forgets the record, all without calling Graph.
type RecordBase struct{ ResourceBase }

// NewRecordBase returns the base of the record resource entrapim_{name}
// for the alert types of cat.
func NewRecordBase(cat alerttypes.Catalogue, name string) RecordBase {
	return RecordBase{NewResourceBase(cat, name)}
}

// Read keeps the record: the framework starts from the current state.
func (RecordBase) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

// Update records the planned values.
func (RecordBase) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = req.Plan.Raw.Copy()
}

// Delete forgets the record; what Create did is not undone.
func (RecordBase) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
