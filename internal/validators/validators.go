// Package validators holds the plan-time validators the catalogue needs that
// terraform-plugin-framework-validators does not provide.
package validators

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/isoduration"
)

// DurationBetween accepts ISO-8601 durations from min to max inclusive (no
// upper bound when max is zero); zero durations are always rejected.
func DurationBetween(lo, hi time.Duration) validator.String {
	return durationBetween{min: lo, max: hi}
}

type durationBetween struct{ min, max time.Duration }

func (v durationBetween) Description(context.Context) string {
	switch {
	case v.min <= 0 && v.max == 0:
		return "a positive duration (days, hours, minutes and seconds)"
	case v.min <= 0:
		return fmt.Sprintf("a positive duration of at most %s", isoduration.Format(v.max))
	case v.max == 0:
		return fmt.Sprintf("a duration of at least %s", isoduration.Format(v.min))
	}
	return fmt.Sprintf("a duration between %s and %s", isoduration.Format(v.min), isoduration.Format(v.max))
}

func (v durationBetween) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v durationBetween) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	d, err := isoduration.Parse(s)
	if err != nil {
		// thresholds.DurationValue reports the syntax error itself.
		return
	}
	switch {
	case d <= 0:
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration",
			fmt.Sprintf("%q is a zero duration; expected %s.", s, v.Description(ctx)))
	case d < v.min || (v.max > 0 && d > v.max):
		resp.Diagnostics.AddAttributeError(req.Path, "Duration out of range",
			fmt.Sprintf("%q is %s; expected %s.", s, isoduration.Format(d), v.Description(ctx)))
	}
}

// AlertID accepts a Graph alert id of an alert type of cat:
// DirectoryRole_{tenant GUID}_{alert type}.
func AlertID(cat alerttypes.Catalogue) validator.String { return alertID{cat: cat} }

type alertID struct{ cat alerttypes.Catalogue }

func (alertID) Description(context.Context) string {
	return "a Graph alert id of the form " + alerttypes.IDFormat
}
func (v alertID) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v alertID) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, _, err := v.cat.ParseID(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid alert id", err.Error())
	}
}

// AlertType accepts one of the alert types of cat.
func AlertType(cat alerttypes.Catalogue) validator.String { return alertType{cat: cat} }

// RemediatableAlertType accepts one of the alert types of cat whose
// incidents PIM can remediate.
func RemediatableAlertType(cat alerttypes.Catalogue) validator.String {
	return alertType{cat: cat, remediatableOnly: true}
}

type alertType struct {
	cat              alerttypes.Catalogue
	remediatableOnly bool
}

func (v alertType) Description(context.Context) string {
	return "one of " + strings.Join(v.allowed(), ", ")
}
func (v alertType) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v alertType) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	at, ok := v.cat.Lookup(s)
	if !ok {
		hint := ""
		for _, n := range v.cat.Names() {
			if strings.EqualFold(n, s) || strings.EqualFold(n, s+"Alert") {
				hint = fmt.Sprintf(" Did you mean %q? Alert types are case-sensitive, spelled as in the Graph id.", n)
			}
		}
		resp.Diagnostics.AddAttributeError(req.Path, "Unknown alert type",
			fmt.Sprintf("%q is not a PIM alert type for Entra roles; expected one of %s.%s", s, strings.Join(v.cat.Names(), ", "), hint))
		return
	}
	if v.remediatableOnly && !at.Remediatable {
		resp.Diagnostics.AddAttributeError(req.Path, "Alert type is not remediatable",
			fmt.Sprintf("PIM cannot remediate incidents of %s (its definition has isRemediatable = false). Remediatable alert types: %s.",
				s, strings.Join(v.cat.RemediatableNames(), ", ")))
	}
}

// allowed is the alert types the validator accepts.
func (v alertType) allowed() []string {
	if v.remediatableOnly {
		return v.cat.RemediatableNames()
	}
	return v.cat.Names()
}

// PositiveTimeout accepts a Go duration string ("10m", "90s") greater than
// zero, as a timeouts attribute needs: a zero or negative timeout ends the
// operation before it starts.
func PositiveTimeout() validator.String { return positiveTimeout{} }

type positiveTimeout struct{}

func (positiveTimeout) Description(context.Context) string {
	return `a positive duration such as "10m" or "90s"`
}

func (v positiveTimeout) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (positiveTimeout) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	d, err := time.ParseDuration(req.ConfigValue.ValueString())
	if err == nil && d <= 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid timeout",
			fmt.Sprintf("%s = %q: a timeout must be a positive duration such as \"10m\" or \"90s\"; %s would end the operation "+
				"before its first request. Remove it to use the default.", req.Path, req.ConfigValue.ValueString(), req.ConfigValue.ValueString()))
	}
}

// TenantID accepts a tenant GUID (alerttypes.IsGUID, the one rule the
// provider checks GUIDs by), as the tenant_id of a resource, data source,
// list resource or action must be: the tenant is compared with the GUID in
// Graph ids and in tokens' tid claim, and a domain names neither.
func TenantID() validator.String { return tenantID{} }

type tenantID struct{}

func (tenantID) Description(context.Context) string {
	return "a tenant GUID in the form 00000000-0000-0000-0000-000000000000"
}

func (v tenantID) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (tenantID) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || alerttypes.IsGUID(req.ConfigValue.ValueString()) {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid tenant ID",
		fmt.Sprintf("%s = %q is not a tenant GUID (00000000-0000-0000-0000-000000000000). A domain is not accepted here: "+
			"the tenant is checked against the GUID in Graph ids and access tokens.", req.Path, req.ConfigValue.ValueString()))
}
