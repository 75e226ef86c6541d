package gctune_test

import (
	"runtime/debug"
	"runtime/metrics"
	"testing"

	"github.com/entrapim/terraform-provider-entrapim/internal/gctune"
)

func gogc(t *testing.T) int {
	t.Helper()
	sample := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(sample)
	return int(sample[0].Value.Uint64())
}

// Not parallel: GOGC is the process's.
func TestTuner(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))

	tuner := gctune.New(false)
	for range gctune.Busy - 1 {
		tuner.Request()
	}
	if got := gogc(t); got != 100 {
		t.Fatalf("GOGC = %d after %d requests, want Go's default 100", got, gctune.Busy-1)
	}
	tuner.Request()
	if got := gogc(t); got != gctune.High {
		t.Fatalf("GOGC = %d after %d requests, want %d", got, gctune.Busy, gctune.High)
	}

	debug.SetGCPercent(150) // as GOGC=150 in the environment would
	set := gctune.New(true)
	for range 2 * gctune.Busy {
		set.Request()
	}
	if got := gogc(t); got != 150 {
		t.Fatalf("GOGC = %d with GOGC set in the environment, want it left at 150", got)
	}
}
