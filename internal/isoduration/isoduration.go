// Package isoduration parses and formats the ISO-8601 durations Graph uses for
// alert configuration thresholds (Edm.Duration: "P30D", "PT720H", "PT10S").
//
// Only what an OData Edm.Duration can hold is accepted: days, hours,
// minutes and seconds, with an optional fraction on seconds (durationValue
// in oasis-tcs/odata-abnf, odata-abnf-construction-rules.txt). Weeks are
// ISO-8601 but not Edm.Duration (the Go SDK's serialiser writes whole
// weeks as "P1W" all the same); they are rejected with the equivalent in
// days. Years and months have no fixed length and are rejected too.
package isoduration

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// ErrSyntax is wrapped by every parse error.
var ErrSyntax = errors.New("invalid ISO-8601 duration")

// Parse converts an ISO-8601 duration such as "P30D", "PT720H", "P1DT2H30M" or
// "PT0.5S" into a time.Duration. A leading "-" is rejected: Graph thresholds
// are never negative.
func Parse(s string) (time.Duration, error) {
	if s == "" {
		return 0, fmt.Errorf("%w: empty string", ErrSyntax)
	}
	if s[0] != 'P' {
		return 0, fmt.Errorf("%w %q: must start with \"P\"", ErrSyntax, s)
	}
	rest := s[1:]
	if rest == "" {
		return 0, fmt.Errorf("%w %q: no components after \"P\"", ErrSyntax, s)
	}
	var total float64 // seconds
	weeks := false
	inTime := false
	seen := ""
	components := 0
	for len(rest) > 0 {
		if rest[0] == 'T' {
			if inTime {
				return 0, fmt.Errorf("%w %q: \"T\" appears twice", ErrSyntax, s)
			}
			inTime = true
			rest = rest[1:]
			if rest == "" {
				return 0, fmt.Errorf("%w %q: no components after \"T\"", ErrSyntax, s)
			}
			continue
		}
		i := 0
		for i < len(rest) && (rest[i] >= '0' && rest[i] <= '9' || rest[i] == '.' || rest[i] == ',') {
			i++
		}
		if i == 0 || i == len(rest) {
			return 0, fmt.Errorf("%w %q: expected a number followed by a designator", ErrSyntax, s)
		}
		num := strings.ReplaceAll(rest[:i], ",", ".")
		unit := rest[i]
		rest = rest[i+1:]
		if len(num) > 18 {
			return 0, fmt.Errorf("%w %q: number too large", ErrSyntax, s)
		}
		v, err := strconv.ParseFloat(num, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, fmt.Errorf("%w %q: bad number %q", ErrSyntax, s, num)
		}
		key := string(unit)
		if inTime {
			key = "T" + key
		}
		if strings.Contains(seen, "|"+key+"|") {
			return 0, fmt.Errorf("%w %q: designator %q repeated", ErrSyntax, s, string(unit))
		}
		seen += "|" + key + "|"
		if strings.Contains(num, ".") && (!inTime || unit != 'S') {
			return 0, fmt.Errorf("%w %q: only seconds may have a fraction", ErrSyntax, s)
		}
		var mult float64
		switch {
		case !inTime && unit == 'W':
			mult, weeks = 7*24*3600, true
		case !inTime && unit == 'D':
			mult = 24 * 3600
		case !inTime && (unit == 'Y' || unit == 'M'):
			return 0, fmt.Errorf("%w %q: years and months have no fixed length; use days (for example \"P30D\")", ErrSyntax, s)
		case inTime && unit == 'H':
			mult = 3600
		case inTime && unit == 'M':
			mult = 60
		case inTime && unit == 'S':
			mult = 1
		default:
			return 0, fmt.Errorf("%w %q: unknown designator %q", ErrSyntax, s, string(unit))
		}
		total += v * mult
		components++
		if total > float64(math.MaxInt64)/float64(time.Second) {
			return 0, fmt.Errorf("%w %q: too long", ErrSyntax, s)
		}
	}
	if components == 0 {
		return 0, fmt.Errorf("%w %q: no components", ErrSyntax, s)
	}
	d := time.Duration(math.Round(total * float64(time.Second)))
	if weeks {
		return 0, fmt.Errorf("%w %q: weeks are not part of an OData Edm.Duration, which has days, hours, minutes and seconds only; write %q", ErrSyntax, s, Format(d))
	}
	return d, nil
}

// Format renders d the way Graph (and the Go SDK) serialise durations: whole
// days as "P{n}D", otherwise days plus a time part, for example "P1DT2H",
// "PT10S", "PT0.5S". Format(0) is "PT0S".
func Format(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	if d == 0 {
		return "PT0S"
	}
	var b strings.Builder
	b.WriteByte('P')
	day := 24 * time.Hour
	if days := d / day; days > 0 {
		fmt.Fprintf(&b, "%dD", days)
		d %= day
	}
	if d == 0 {
		return b.String()
	}
	b.WriteByte('T')
	if h := d / time.Hour; h > 0 {
		fmt.Fprintf(&b, "%dH", h)
		d %= time.Hour
	}
	if m := d / time.Minute; m > 0 {
		fmt.Fprintf(&b, "%dM", m)
		d %= time.Minute
	}
	if d > 0 {
		if d%time.Second == 0 {
			fmt.Fprintf(&b, "%dS", d/time.Second)
		} else {
			f := strconv.FormatFloat(float64(d)/float64(time.Second), 'f', -1, 64)
			fmt.Fprintf(&b, "%sS", f)
		}
	}
	return b.String()
}

// Equal reports whether two duration strings denote the same length of time.
// Strings that do not parse are equal only when byte-identical.
func Equal(a, b string) bool {
	if a == b {
		return true
	}
	da, errA := Parse(a)
	db, errB := Parse(b)
	return errA == nil && errB == nil && da == db
}
