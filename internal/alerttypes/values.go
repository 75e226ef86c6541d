package alerttypes

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"strconv"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/isoduration"
)

// Value is the value of one threshold: Int for an Int field, Duration for
// a Duration field. Durations are time.Duration everywhere between the
// wire and Terraform; only those two edges see ISO-8601 strings.
type Value struct {
	Int      int64
	Duration time.Duration
}

// IntValue is the Value of an Int field.
func IntValue(n int64) Value { return Value{Int: n} }

// DurationValue is the Value of a Duration field.
func DurationValue(d time.Duration) Value { return Value{Duration: d} }

// Values are the thresholds of one configuration keyed by Field.GraphName.
// An absent key is a threshold that is not set (in a write) or that Graph
// did not return (in a read).
type Values map[string]Value

// Clone returns a copy of v that is never nil.
func (v Values) Clone() Values {
	out := Values{}
	maps.Copy(out, v)
	return out
}

// ErrJSONType is wrapped by Decode's error when the JSON value has the
// wrong type for the field.
var ErrJSONType = errors.New("wrong JSON type")

// Decode reads the JSON value of f as Graph writes it: an integer (Edm.Int32)
// or an ISO-8601 duration string (Edm.Duration).
func (f Field) Decode(raw json.RawMessage) (Value, error) {
	raw = bytes.TrimSpace(raw)
	if f.Kind == Duration {
		var s string
		if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
			return Value{}, fmt.Errorf("%s: %w: expected an ISO-8601 duration string", f.GraphName, ErrJSONType)
		}
		d, err := isoduration.Parse(s)
		if err != nil {
			return Value{}, err
		}
		return DurationValue(d), nil
	}
	var n float64
	number := len(raw) > 0 && (raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9')
	if !number || json.Unmarshal(raw, &n) != nil || n != math.Trunc(n) || n > math.MaxInt32 || n < math.MinInt32 {
		return Value{}, fmt.Errorf("%s: %w: expected a JSON integer (Edm.Int32)", f.GraphName, ErrJSONType)
	}
	return IntValue(int64(n)), nil
}

// Encode returns v as Graph's JSON writes it: an int32, or an ISO-8601
// day-time string ("P30D", "PT10S", "P7DT1H").
func (f Field) Encode(v Value) any {
	if f.Kind == Duration {
		return isoduration.Format(v.Duration)
	}
	return int32(v.Int)
}

// Format renders v for messages and Terraform: "3", "P30D".
func (f Field) Format(v Value) string {
	if f.Kind == Duration {
		return isoduration.Format(v.Duration)
	}
	return strconv.FormatInt(v.Int, 10)
}

// Check reports whether v lies within the field's documented range.
func (f Field) Check(v Value) error {
	if f.Kind == Duration {
		switch {
		case v.Duration <= 0:
			return errors.New("must be a positive duration")
		case v.Duration < f.MinDuration && f.MaxDuration == 0:
			return fmt.Errorf("must be at least %s", isoduration.Format(f.MinDuration))
		case v.Duration < f.MinDuration || f.MaxDuration > 0 && v.Duration > f.MaxDuration:
			return fmt.Errorf("must be between %s and %s", isoduration.Format(max(f.MinDuration, 0)), isoduration.Format(f.MaxDuration))
		}
		return nil
	}
	if v.Int < f.Min || v.Int > f.Max {
		return fmt.Errorf("must be between %d and %d", f.Min, f.Max)
	}
	return nil
}

// Encode returns the JSON properties of the thresholds of a that v sets.
func (a AlertType) Encode(v Values) map[string]any {
	out := make(map[string]any, len(v))
	for _, f := range a.Fields {
		if val, ok := v[f.GraphName]; ok {
			out[f.GraphName] = f.Encode(val)
		}
	}
	return out
}

// Decode reads the thresholds of a from the properties of a JSON object;
// missing and null properties are left out. Other properties are ignored.
func (a AlertType) Decode(props map[string]json.RawMessage) (Values, error) {
	out := Values{}
	for _, f := range a.Fields {
		raw, ok := props[f.GraphName]
		if !ok || string(bytes.TrimSpace(raw)) == "null" {
			continue
		}
		v, err := f.Decode(raw)
		if err != nil {
			return nil, err
		}
		out[f.GraphName] = v
	}
	return out, nil
}
