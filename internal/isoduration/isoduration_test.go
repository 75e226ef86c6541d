package isoduration_test

import (
	"strings"
	"testing"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/isoduration"
)

func TestParse(t *testing.T) {
	t.Parallel()
	day := 24 * time.Hour
	cases := map[string]time.Duration{
		"P30D":      30 * day,
		"PT720H":    30 * day,
		"PT10S":     10 * time.Second,
		"P1DT2H30M": day + 2*time.Hour + 30*time.Minute,
		"PT0.5S":    500 * time.Millisecond,
		"PT1,5S":    1500 * time.Millisecond,
		"P0D":       0,
	}
	for in, want := range cases {
		got, err := isoduration.Parse(in)
		if err != nil {
			t.Errorf("Parse(%q): %v", in, err)
			continue
		}
		if got != want {
			t.Errorf("Parse(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestParseRejects(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"", "P", "PT", "30D", "P1M", "P1Y", "P1W", "P1WT1H", "PT1.5H", "P1DT", "P1D1D", "PTT1S", "P-1D", "PxD", "P1", "P1H", "PT1D", "P99999999999999999999D"} {
		if d, err := isoduration.Parse(in); err == nil {
			t.Errorf("Parse(%q) = %v, want an error", in, d)
		}
	}
}

func TestFormatRoundTrip(t *testing.T) {
	t.Parallel()
	cases := map[time.Duration]string{
		30 * 24 * time.Hour:           "P30D",
		10 * time.Second:              "PT10S",
		26*time.Hour + 90*time.Second: "P1DT2H1M30S",
		1500 * time.Millisecond:       "PT1.5S",
		0:                             "PT0S",
	}
	for in, want := range cases {
		got := isoduration.Format(in)
		if got != want {
			t.Errorf("Format(%v) = %q, want %q", in, got, want)
		}
		back, err := isoduration.Parse(got)
		if err != nil || back != in {
			t.Errorf("Parse(Format(%v)) = %v, %v", in, back, err)
		}
	}
}

func TestEqual(t *testing.T) {
	t.Parallel()
	if !isoduration.Equal("P30D", "PT720H") {
		t.Error("P30D should equal PT720H")
	}
	if isoduration.Equal("P30D", "P31D") {
		t.Error("P30D should not equal P31D")
	}
	if isoduration.Equal("bogus", "P1D") {
		t.Error("unparseable strings are equal only to themselves")
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"P30D", "PT720H", "P1DT2H30M", "PT0.5S", "P", "P1M", "PT1,5S"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := isoduration.Parse(s)
		if err != nil {
			return
		}
		if d < 0 {
			t.Fatalf("Parse(%q) returned negative %v", s, d)
		}
		back, err := isoduration.Parse(isoduration.Format(d))
		if err != nil {
			t.Fatalf("Format(%v) = %q does not parse: %v", d, isoduration.Format(d), err)
		}
		if diff := back - d; diff > time.Microsecond || diff < -time.Microsecond {
			t.Fatalf("round trip of %q: %v -> %q -> %v", s, d, isoduration.Format(d), back)
		}
	})
}

// TestParseWeeks: an ISO-8601 week is not an Edm.Duration; the error names
// what to write instead.
func TestParseWeeks(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"P1W": `write "P7D"`, "P2W": `write "P14D"`, "P1W2DT3H": `write "P9DT3H"`} {
		if _, err := isoduration.Parse(in); err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "Edm.Duration") {
			t.Errorf("Parse(%q) error %v, want one that says %s", in, err, want)
		}
	}
}
