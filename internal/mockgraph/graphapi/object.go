package graphapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// field is one property of a JSON object.
type field struct {
	key   string
	value any
}

// object is a JSON object that keeps its keys in insertion order, so
// responses read like Graph's (id first, @odata annotations on top).
type object []field

// MarshalJSON writes the fields in order.
func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(f.key)
		if err != nil {
			return nil, fmt.Errorf("marshal key %q: %w", f.key, err)
		}
		b.Write(k)
		b.WriteByte(':')
		v, err := json.Marshal(f.value)
		if err != nil {
			return nil, fmt.Errorf("marshal %q: %w", f.key, err)
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// get returns the value of key.
func (o object) get(key string) (any, bool) {
	for _, f := range o {
		if f.key == key {
			return f.value, true
		}
	}
	return nil, false
}

// str returns the string value of key ("" when absent or not a string).
func (o object) str(key string) string {
	v, _ := o.get(key)
	s, _ := v.(string)
	return s
}

// prepend returns o with fields placed before its own.
func prepend(o object, fields ...field) object {
	out := make(object, 0, len(o)+len(fields))
	return append(append(out, fields...), o...)
}

// project keeps annotations ("@odata.type"), the selected properties and
// the expanded navigation properties (with their annotations).
func (o object) project(selected []string, expanded []string) object {
	if selected == nil {
		return o
	}
	keep := map[string]bool{}
	for _, s := range selected {
		keep[s] = true
	}
	for _, e := range expanded {
		keep[e] = true
		keep[e+"@odata.context"] = true
	}
	// A derived type's property is selected as "{qualified type}/{name}".
	cast := strings.TrimPrefix(o.str("@odata.type"), "#") + "/"
	out := object{}
	for _, f := range o {
		if keep[f.key] || keep[cast+f.key] || f.key == "@odata.type" {
			out = append(out, f)
		}
	}
	return out
}

// toMap converts o (recursively) into plain maps and slices.
func (o object) toMap() map[string]any {
	m := make(map[string]any, len(o))
	for _, f := range o {
		m[f.key] = plain(f.value)
	}
	return m
}

func plain(v any) any {
	switch v := v.(type) {
	case object:
		return v.toMap()
	case []object:
		out := make([]any, len(v))
		for i, o := range v {
			out[i] = o.toMap()
		}
		return out
	default:
		return v
	}
}

// neverFired is the lastModifiedDateTime Graph returns for an alert that
// never fired.
const neverFired = "0001-01-01T08:00:00Z"

// graphTime formats t as Graph formats DateTimeOffset values (UTC,
// milliseconds at most, trailing zeros trimmed).
func graphTime(t time.Time) string {
	return t.UTC().Truncate(time.Millisecond).Format("2006-01-02T15:04:05.999Z07:00")
}

// operationTime formats t with seven fractional digits, as long-running
// operations do ("2023-06-09T22:50:41.5414467Z").
func operationTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.0000000Z07:00")
}

// alertTime is graphTime with the never-fired sentinel for the zero time.
func alertTime(t time.Time) string {
	if t.IsZero() {
		return neverFired
	}
	return graphTime(t)
}
