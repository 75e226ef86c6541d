package mockgraph_test

import (
	"flag"
	"testing"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// The command's flags and the Go options come from one table: a flag value
// selects the behaviour the option of the same name selects.
func TestVariantFlags(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args    []string
		rejects bool // whether an out-of-range threshold is refused
	}{
		{nil, true},
		{[]string{"-threshold-ranges", mockgraph.RangesUnchecked.String()}, false},
		{[]string{"-threshold-ranges", mockgraph.RangesOfThePortal.String()}, true},
	} {
		fs := flag.NewFlagSet("mockgraph", flag.ContinueOnError)
		options := mockgraph.VariantFlags(fs)
		if err := fs.Parse(tc.args); err != nil {
			t.Fatal(err)
		}
		opts, err := options()
		if err != nil {
			t.Fatal(err)
		}
		s := mockgraph.New(t, opts...)
		err = s.SetConfiguration(alerttypes.TooManyGlobalAdmins, map[string]any{"globalAdminCountThreshold": 5000})
		if (err != nil) != tc.rejects {
			t.Errorf("%v: SetConfiguration out of range = %v, want refused %v", tc.args, err, tc.rejects)
		}
	}
	fs := flag.NewFlagSet("mockgraph", flag.ContinueOnError)
	options := mockgraph.VariantFlags(fs)
	if err := fs.Parse([]string{"-daily-scan", "sometimes"}); err != nil {
		t.Fatal(err)
	}
	if _, err := options(); err == nil {
		t.Error("-daily-scan sometimes was accepted")
	}
	if got := mockgraph.IncidentsVanish.String(); got != "vanish" {
		t.Errorf("IncidentsVanish.String() = %q, want the flag value vanish", got)
	}
}
