// Package functions holds the entrapim provider functions.
package functions

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
)

var _ function.Function = (*alertIDFunction)(nil)

// NewAlertID returns the alert_id function for the alert types of cat.
func NewAlertID(cat alerttypes.Catalogue) function.Function { return &alertIDFunction{cat: cat} }

type alertIDFunction struct{ cat alerttypes.Catalogue }

func (f *alertIDFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "alert_id"
}

func (f *alertIDFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Returns the Graph id of a PIM alert",
		MarkdownDescription: "Returns the Microsoft Graph id of a PIM alert for Entra roles, `" + alerttypes.IDFormat + "`. " +
			"The alert, its definition and its configuration share this id. The tenant id is returned in lower case, " +
			"as Graph writes it.",
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:                "tenant_id",
				MarkdownDescription: "The Microsoft Entra tenant id, a GUID such as `00000000-0000-0000-0000-000000000000`.",
			},
			function.StringParameter{
				Name: "alert_type",
				MarkdownDescription: "The alert type, spelled as the suffix of its Graph id (case-sensitive): " +
					alerttypes.CodeList(f.cat.Names()) + ".",
			},
		},
		Return: function.StringReturn{},
	}
}

func (f *alertIDFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var tenantID, alertType string
	resp.Error = req.Arguments.Get(ctx, &tenantID, &alertType)
	if resp.Error != nil {
		return
	}
	if !alerttypes.IsGUID(tenantID) {
		resp.Error = function.NewArgumentFuncError(0,
			fmt.Sprintf("Invalid tenant id: %q is not a GUID; expected the tenant id in the form 00000000-0000-0000-0000-000000000000.", tenantID))
		return
	}
	at, ok := f.cat.Lookup(alertType)
	if !ok {
		resp.Error = function.NewArgumentFuncError(1,
			fmt.Sprintf("Unknown alert type: %q is not a PIM alert type for Entra roles; expected one of %s.",
				alertType, strings.Join(f.cat.Names(), ", ")))
		return
	}
	resp.Error = resp.Result.Set(ctx, at.ID(strings.ToLower(tenantID)))
}
