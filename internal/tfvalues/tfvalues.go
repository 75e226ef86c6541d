// Package tfvalues converts Graph layer values into Terraform values with
// the provider's conventions: absent means null, never an empty string.
package tfvalues

import (
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Time renders a time as RFC 3339 in UTC; nil (absent, or Graph's
// never-fired sentinel, which the Graph layer maps to nil) is null.
func Time(t *time.Time) types.String {
	if t == nil {
		return types.StringNull()
	}
	return types.StringValue(t.UTC().Format(time.RFC3339))
}

// StringList is a list of strings, empty (not null) when there are none.
func StringList(ss []string) types.List {
	vals := make([]attr.Value, 0, len(ss))
	for _, s := range ss {
		vals = append(vals, types.StringValue(s))
	}
	return types.ListValueMust(types.StringType, vals)
}
