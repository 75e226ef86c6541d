package graphapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
)

// This file is the simulator's own codec of threshold values, written from
// Graph's documentation rather than shared with the provider, so that a
// bug in the provider's codec shows up as a disagreement with the
// simulator instead of being the same on both sides.
//
// The configuration types declare two kinds of threshold: Edm.Int32
// (globalAdminCountThreshold, percentageOfGlobalAdminsOutOfRolesThreshold,
// sequentialActivationCounterThreshold) and Edm.Duration (duration,
// timeIntervalBetweenActivations), which Graph writes as ISO-8601 strings
// such as "P30D" and "PT10S" (api-reference/beta/resources/
// *alertconfiguration.md and their examples). An Edm.Duration has days,
// hours, minutes and seconds only, with a fraction on seconds:
// durationValue = [ sign ] "P" [ 1*DIGIT "D" ] [ "T" [ 1*DIGIT "H" ]
// [ 1*DIGIT "M" ] [ 1*DIGIT [ "." 1*DIGIT ] "S" ] ] (oasis-tcs/odata-abnf,
// odata-abnf-construction-rules.txt).

// errJSONType is the error of a value of the wrong JSON type.
type errJSONType struct{ want string }

func (e errJSONType) Error() string { return "expected " + e.want }

// encodeThreshold returns v as Graph writes it: a JSON integer, or an
// ISO-8601 duration string in days, hours, minutes and seconds.
func encodeThreshold(f alerttypes.Field, v alerttypes.Value) any {
	if f.Kind == alerttypes.Duration {
		return formatDuration(v.Duration)
	}
	return int(v.Int)
}

// decodeThreshold reads the JSON value of f.
func decodeThreshold(f alerttypes.Field, raw json.RawMessage) (alerttypes.Value, error) {
	raw = bytes.TrimSpace(raw)
	if f.Kind == alerttypes.Duration {
		var s string
		if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
			return alerttypes.Value{}, errJSONType{"an ISO-8601 duration string (Edm.Duration) such as \"P30D\""}
		}
		d, err := parseDuration(s)
		return alerttypes.DurationValue(d), err
	}
	var n float64
	number := len(raw) > 0 && (raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9')
	if !number || json.Unmarshal(raw, &n) != nil || n != math.Trunc(n) || n > math.MaxInt32 || n < math.MinInt32 {
		return alerttypes.Value{}, errJSONType{"a JSON integer (Edm.Int32)"}
	}
	return alerttypes.IntValue(int64(n)), nil
}

// formatDuration writes d as an Edm.Duration: "P30D", "PT10S", "P1DT12H".
func formatDuration(d time.Duration) string {
	if d <= 0 {
		return "PT0S"
	}
	days, rest := d/(24*time.Hour), d%(24*time.Hour)
	out := "P"
	if days > 0 {
		out += strconv.FormatInt(int64(days), 10) + "D"
	}
	if rest == 0 {
		return out
	}
	h, m, sec := rest/time.Hour, rest%time.Hour/time.Minute, rest%time.Minute
	out += "T"
	if h > 0 {
		out += strconv.FormatInt(int64(h), 10) + "H"
	}
	if m > 0 {
		out += strconv.FormatInt(int64(m), 10) + "M"
	}
	if sec > 0 {
		out += strconv.FormatFloat(sec.Seconds(), 'f', -1, 64) + "S"
	}
	return out
}

// parseDuration reads an Edm.Duration. A threshold is never negative, so
// the sign is refused too.
func parseDuration(s string) (time.Duration, error) {
	bad := func(why string) (time.Duration, error) {
		return 0, fmt.Errorf("%q is not an Edm.Duration (days, hours, minutes and seconds, such as \"P30D\" or \"PT10S\"): %s", s, why)
	}
	rest, ok := strings.CutPrefix(s, "P")
	if !ok {
		return bad("it must start with \"P\"")
	}
	datePart, timePart, hasT := strings.Cut(rest, "T")
	if datePart == "" && (!hasT || timePart == "") {
		return bad("it has no components")
	}
	var total time.Duration
	if datePart != "" {
		days, ok := strings.CutSuffix(datePart, "D")
		n, err := strconv.ParseUint(days, 10, 31)
		if !ok || err != nil {
			return bad("only days may come before \"T\" (no years, months or weeks)")
		}
		total += time.Duration(n) * 24 * time.Hour
	}
	if hasT && timePart == "" {
		return bad("nothing follows \"T\"")
	}
	units := []struct {
		letter byte
		unit   time.Duration
	}{{'H', time.Hour}, {'M', time.Minute}, {'S', time.Second}}
	for timePart != "" {
		i := strings.IndexAny(timePart, "HMS")
		if i <= 0 {
			return bad("a time component lacks its number or its designator")
		}
		for len(units) > 0 && units[0].letter != timePart[i] {
			units = units[1:]
		}
		if len(units) == 0 {
			return bad("the time components are out of order or repeated")
		}
		num := timePart[:i]
		if units[0].letter != 'S' && strings.Contains(num, ".") {
			return bad("only seconds may have a fraction")
		}
		f, err := strconv.ParseFloat(num, 64)
		if err != nil || f < 0 || strings.ContainsAny(num, "+-eE") {
			return bad("a component is not a number")
		}
		total += time.Duration(f * float64(units[0].unit))
		units, timePart = units[1:], timePart[i+1:]
	}
	return total, nil
}
