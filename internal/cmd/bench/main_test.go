package main

import (
	"io"
	"slices"
	"testing"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/bench"
)

var required = []string{"-provider-dir", "p", "-simulator", "s", "-work", "w"}

// The defaults are make bench's: 10, 50 and 200 tenants, both modes,
// the snapshot on.
func TestParseFlagsDefaults(t *testing.T) {
	opts, timeout, out, err := parseFlags(required, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(opts.Tenants, []int{10, 50, 200}) || !slices.Equal(opts.Modes, []bench.Mode{bench.Aliases, bench.PerResource}) ||
		!slices.Equal(opts.Snapshots, []bool{true}) || opts.AliasesMax != 200 || opts.Floor || timeout != time.Hour || out != "" {
		t.Errorf("defaults: %+v, timeout %s, out %q", opts, timeout, out)
	}
}

func TestParseFlags(t *testing.T) {
	opts, _, out, err := parseFlags(append(required, "-tenants", " 1000, 10", "-modes", "per-resource", "-snapshot", "off,on",
		"-aliases-max", "0", "-out", "r.md"), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(opts.Tenants, []int{1000, 10}) || !slices.Equal(opts.Modes, []bench.Mode{bench.PerResource}) ||
		!slices.Equal(opts.Snapshots, []bool{false, true}) || opts.AliasesMax != 0 || out != "r.md" {
		t.Errorf("parsed %+v, out %q", opts, out)
	}
}

func TestParseFlagsRejects(t *testing.T) {
	for _, args := range [][]string{
		{"-tenants", "10"}, // no -provider-dir, -simulator, -work
		append(slices.Clone(required), "-tenants", "0"),
		append(slices.Clone(required), "-tenants", "5001"),
		append(slices.Clone(required), "-tenants", "ten"),
		append(slices.Clone(required), "-tenants", ","),
		append(slices.Clone(required), "-modes", "aliases,workspaces"),
		append(slices.Clone(required), "-snapshot", "maybe"),
	} {
		if _, _, _, err := parseFlags(args, io.Discard); err == nil {
			t.Errorf("parseFlags %v accepted", args)
		}
	}
}
