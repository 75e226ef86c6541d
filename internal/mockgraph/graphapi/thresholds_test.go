package graphapi

import (
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	for s, want := range map[string]time.Duration{
		"P30D": 30 * 24 * time.Hour, "PT10S": 10 * time.Second, "P1DT2H3M4S": 26*time.Hour + 3*time.Minute + 4*time.Second,
		"PT0.5S": 500 * time.Millisecond, "PT168H": 168 * time.Hour, "PT90M": 90 * time.Minute,
	} {
		if got, err := parseDuration(s); err != nil || got != want {
			t.Errorf("parseDuration(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"", "P", "PT", "P1DT", "P1W", "P1M", "P1Y", "-P1D", "P-1D", "PT1.5H", "PT1S2M", "PT1H1H", "30D", "P1.5D", "PTS", "PT1e3S"} {
		if got, err := parseDuration(s); err == nil {
			t.Errorf("parseDuration(%q) = %v, want an error", s, got)
		}
	}
}

func TestFormatDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		30 * 24 * time.Hour: "P30D", 10 * time.Second: "PT10S", 36 * time.Hour: "P1DT12H",
		90 * time.Minute: "PT1H30M", 1500 * time.Millisecond: "PT1.5S",
	} {
		if got := formatDuration(d); got != want {
			t.Errorf("formatDuration(%v) = %q, want %q", d, got, want)
		}
		if back, err := parseDuration(formatDuration(d)); err != nil || back != d {
			t.Errorf("parseDuration(formatDuration(%v)) = %v, %v", d, back, err)
		}
	}
}
