package mockgraph

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/isoduration"
)

// defaultThresholds returns the thresholds of an untouched tenant.
func defaultThresholds(typ alerttypes.AlertType) (map[string]any, error) {
	out := map[string]any{}
	for _, f := range typ.Fields {
		v, err := parseThreshold(typ, f, json.RawMessage(defaultJSON(f)))
		if err != nil {
			return nil, fmt.Errorf("default of %s.%s: %w", typ.Suffix, f.GraphName, err)
		}
		out[f.GraphName] = v
	}
	return out, nil
}

func defaultJSON(f alerttypes.Field) string {
	if f.Kind == alerttypes.Duration {
		return `"` + f.Default + `"`
	}
	return f.Default
}

// thresholdJSON renders a stored threshold as Graph serialises it
// (durations as ISO-8601 strings, integers as int).
func thresholdJSON(v any) any {
	switch v := v.(type) {
	case time.Duration:
		return isoduration.Format(v)
	case int64:
		return int(v)
	}
	return nil
}

// jsonKind names the JSON type of a raw value, for error messages.
func jsonKind(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	case '{':
		return "an object"
	case '[':
		return "an array"
	default:
		return "a number"
	}
}

func parseBool(name string, raw json.RawMessage) (bool, error) {
	var b bool
	if jsonKind(raw) != "a boolean" || json.Unmarshal(raw, &b) != nil {
		return false, fmt.Errorf("invalid value %s for property '%s': expected a JSON boolean (Edm.Boolean), got %s", raw, name, jsonKind(raw))
	}
	return b, nil
}

// parseThreshold validates one threshold value of typ.
func parseThreshold(typ alerttypes.AlertType, f alerttypes.Field, raw json.RawMessage) (any, error) {
	switch f.Kind {
	case alerttypes.Duration:
		var s string
		if jsonKind(raw) != "a string" || json.Unmarshal(raw, &s) != nil {
			return nil, fmt.Errorf("invalid value %s for property '%s': expected an ISO-8601 duration string (Edm.Duration) such as \"P30D\", got %s", raw, f.GraphName, jsonKind(raw))
		}
		d, err := isoduration.Parse(s)
		if err != nil {
			return nil, fmt.Errorf("invalid value %q for property '%s': %w", s, f.GraphName, err)
		}
		if d < f.MinDuration || f.MaxDuration > 0 && d > f.MaxDuration {
			return nil, fmt.Errorf("invalid value %q for property '%s' of %s: must be between %s and %s",
				s, f.GraphName, typ.Suffix, isoduration.Format(f.MinDuration), isoduration.Format(f.MaxDuration))
		}
		return d, nil
	default:
		var n float64
		if jsonKind(raw) != "a number" || json.Unmarshal(raw, &n) != nil || n != math.Trunc(n) || n > math.MaxInt32 || n < math.MinInt32 {
			return nil, fmt.Errorf("invalid value %s for property '%s': expected a JSON integer (Edm.Int32), got %s", raw, f.GraphName, jsonKind(raw))
		}
		v := int64(n)
		if v < f.Min || v > f.Max {
			return nil, fmt.Errorf("invalid value %d for property '%s' of %s: must be between %d and %d", v, f.GraphName, typ.Suffix, f.Min, f.Max)
		}
		return v, nil
	}
}

// decodeObject parses a JSON request body that must be one object.
func decodeObject(body []byte) (map[string]json.RawMessage, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, errors.New("the request body is empty; a JSON object is required")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	var m map[string]json.RawMessage
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("the request body is not a valid JSON object: %w", err)
	}
	if m == nil {
		return nil, errors.New("the request body must be a JSON object, not null")
	}
	if dec.More() {
		return nil, errors.New("the request body has data after the JSON object")
	}
	return m, nil
}

// isAnnotation reports whether a body key is an instance or property
// annotation ("@odata.context", "isEnabled@odata.type") rather than a property.
func isAnnotation(key string) bool { return strings.Contains(key, "@") }

// configurationUpdate is a validated configuration PATCH.
type configurationUpdate struct {
	enabled    *bool
	thresholds map[string]any
}

// parseConfigurationUpdate validates a configuration PATCH body for a:
// "@odata.type" must name a's derived type, and only that type's
// properties (with the right JSON types and in range) may appear.
// Read-only key properties are accepted when they repeat the stored value.
func (t *tenant) parseConfigurationUpdate(a *alert, body map[string]json.RawMessage) (configurationUpdate, error) {
	up := configurationUpdate{thresholds: map[string]any{}}
	want := a.typ.ConfigurationODataType
	typeName := strings.TrimPrefix(want, "#")
	rawType, ok := body["@odata.type"]
	if !ok {
		return up, fmt.Errorf("the '@odata.type' annotation is required when updating an alert configuration; for %s it must be %q", a.typ.Suffix, want)
	}
	var got string
	if err := json.Unmarshal(rawType, &got); err != nil {
		return up, fmt.Errorf("the '@odata.type' annotation must be a string such as %q, got %s", want, jsonKind(rawType))
	}
	if "#"+strings.TrimPrefix(got, "#") != want {
		return up, fmt.Errorf("the '@odata.type' %q does not match the type of alert configuration '%s', which is %q", got, t.alertID(a.typ.Suffix), want)
	}
	readOnly := map[string]string{
		"id": t.alertID(a.typ.Suffix), "alertDefinitionId": t.alertID(a.typ.Suffix),
		"scopeId": scopeTenant, "scopeType": scopeTypeDirectoryRole,
	}
	for key, raw := range body {
		if isAnnotation(key) {
			continue
		}
		if key == "isEnabled" {
			b, err := parseBool(key, raw)
			if err != nil {
				return up, err
			}
			up.enabled = &b
			continue
		}
		if stored, ok := readOnly[key]; ok {
			var s string
			if json.Unmarshal(raw, &s) != nil || s != stored {
				return up, fmt.Errorf("the property '%s' is read-only and cannot be changed", key)
			}
			continue
		}
		if key == "alertDefinition" {
			return up, fmt.Errorf("the navigation property 'alertDefinition' cannot be updated")
		}
		f, ok := fieldByGraphName(a.typ, key)
		if !ok {
			return up, fmt.Errorf("the property '%s' does not exist on type '%s'. Make sure to only use property names that are defined by the type", key, typeName)
		}
		v, err := parseThreshold(a.typ, f, raw)
		if err != nil {
			return up, err
		}
		up.thresholds[key] = v
	}
	return up, nil
}

func fieldByGraphName(typ alerttypes.AlertType, name string) (alerttypes.Field, bool) {
	for _, f := range typ.Fields {
		if f.GraphName == name {
			return f, true
		}
	}
	return alerttypes.Field{}, false
}

func (a *alert) apply(up configurationUpdate) {
	if up.enabled != nil {
		a.enabled = *up.enabled
	}
	for k, v := range up.thresholds {
		a.thresholds[k] = v
	}
}
