package graphapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/tenant"
)

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

// parseThreshold validates one threshold value of typ: its JSON type, its
// syntax (an Edm.Duration has no weeks, months or years) and, unless ranges
// checkRanges is off, the portal's range.
func parseThreshold(typ alerttypes.AlertType, f alerttypes.Field, raw json.RawMessage, checkRanges bool) (alerttypes.Value, error) {
	v, err := decodeThreshold(f, raw)
	var wrongType errJSONType
	switch {
	case errors.As(err, &wrongType):
		return v, fmt.Errorf("invalid value %s for property '%s': %w, got %s", raw, f.GraphName, err, jsonKind(raw))
	case err != nil:
		return v, fmt.Errorf("invalid value %s for property '%s': %w", raw, f.GraphName, err)
	}
	if err := f.Check(v); err != nil && checkRanges {
		return v, fmt.Errorf("invalid value %s for property '%s' of %s: %w", raw, f.GraphName, typ.Suffix, err)
	}
	return v, nil
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

// ParseConfigurationUpdate validates a configuration PATCH body for a:
// "@odata.type" must name a's derived type, and only that type's
// properties (with the right JSON types and in range) may appear.
// Read-only key properties are accepted when they repeat the stored value.
// ParseConfigurationUpdate is exported for the out-of-band API, which
// validates as a PATCH does.
func ParseConfigurationUpdate(m *tenant.Model, a *tenant.Alert, body map[string]json.RawMessage, checkRanges bool) (tenant.ConfigurationUpdate, error) {
	up := tenant.ConfigurationUpdate{Thresholds: alerttypes.Values{}}
	want := a.Type.ConfigurationODataType
	typeName := strings.TrimPrefix(want, "#")
	rawType, ok := body["@odata.type"]
	if !ok {
		return up, fmt.Errorf("the '@odata.type' annotation is required when updating an alert configuration; for %s it must be %q", a.Type.Suffix, want)
	}
	var got string
	if err := json.Unmarshal(rawType, &got); err != nil {
		return up, fmt.Errorf("the '@odata.type' annotation must be a string such as %q, got %s", want, jsonKind(rawType))
	}
	if "#"+strings.TrimPrefix(got, "#") != want {
		return up, fmt.Errorf("the '@odata.type' %q does not match the type of alert configuration '%s', which is %q", got, m.AlertID(a.Type.Suffix), want)
	}
	readOnly := map[string]string{
		"id": m.AlertID(a.Type.Suffix), "alertDefinitionId": m.AlertID(a.Type.Suffix),
		"scopeId": tenant.ScopeTenant, "scopeType": tenant.ScopeTypeDirectoryRole,
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
			up.Enabled = &b
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
		f, ok := a.Type.FieldByGraphName(key)
		if !ok {
			return up, fmt.Errorf("the property '%s' does not exist on type '%s'. Make sure to only use property names that are defined by the type", key, typeName)
		}
		v, err := parseThreshold(a.Type, f, raw, checkRanges)
		if err != nil {
			return up, err
		}
		up.Thresholds[key] = v
	}
	return up, nil
}
