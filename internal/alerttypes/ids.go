package alerttypes

import (
	"fmt"
	"strings"
)

const alertIDPrefix = "DirectoryRole_"

// IDFormat is the expected format of a Graph alert id, for error messages.
const IDFormat = "DirectoryRole_{tenant_id}_{alert_type}"

// AlertID returns "DirectoryRole_{tenantID}_{suffix}".
func AlertID(tenantID, suffix string) string {
	return alertIDPrefix + tenantID + "_" + suffix
}

// SplitID splits an id of the form DirectoryRole_{tenant}_{suffix} without
// checking either part, so that alert types missing from a catalogue
// (Microsoft may add some) can still be named.
func SplitID(id string) (tenantID, suffix string, ok bool) {
	rest, ok := strings.CutPrefix(id, alertIDPrefix)
	if !ok {
		return "", "", false
	}
	return strings.Cut(rest, "_")
}

// ParseID splits a Graph alert id into tenant id and alert type. It fails
// unless the id has the form DirectoryRole_{tenant GUID}_{suffix of c}.
func (c Catalogue) ParseID(id string) (tenantID string, a AlertType, err error) {
	if !strings.HasPrefix(id, alertIDPrefix) {
		return "", AlertType{}, fmt.Errorf("%q does not start with %q; expected %s", id, alertIDPrefix, IDFormat)
	}
	tenantID, suffix, ok := SplitID(id)
	if !ok {
		return "", AlertType{}, fmt.Errorf("%q has no alert type; expected %s", id, IDFormat)
	}
	if !IsGUID(tenantID) {
		return "", AlertType{}, fmt.Errorf("%q: tenant id %q is not a GUID; expected %s", id, tenantID, IDFormat)
	}
	a, ok = c.Lookup(suffix)
	if !ok {
		return "", AlertType{}, fmt.Errorf("%q: unknown alert type %q; expected one of %s", id, suffix, strings.Join(c.Names(), ", "))
	}
	return tenantID, a, nil
}

// ParseRef accepts what users write to name an alert: its type
// ("StaleSignInAlert") or its full Graph id ("DirectoryRole_{tenant}_StaleSignInAlert").
// tenantID is empty for a bare type.
func (c Catalogue) ParseRef(ref string) (a AlertType, tenantID string, err error) {
	if a, ok := c.Lookup(ref); ok {
		return a, "", nil
	}
	if strings.HasPrefix(ref, alertIDPrefix) {
		tenantID, a, err := c.ParseID(ref)
		if err != nil {
			return AlertType{}, "", fmt.Errorf("%w; expected %s", err, c.refFormat())
		}
		return a, tenantID, nil
	}
	return AlertType{}, "", fmt.Errorf("%q is neither an alert type nor a Graph alert id: expected %s", ref, c.refFormat())
}

func (c Catalogue) refFormat() string {
	return fmt.Sprintf("an alert type (one of %s) or a Graph alert id of the form %s", strings.Join(c.Names(), ", "), IDFormat)
}

// IsGUID reports whether s is a GUID in the 8-4-4-4-12 hexadecimal form.
func IsGUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, c := range s {
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if (c < '0' || c > '9') && (c < 'a' || c > 'f') && (c < 'A' || c > 'F') {
				return false
			}
		}
	}
	return true
}
