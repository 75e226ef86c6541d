package graphapi

import (
	"net/http"
	"slices"
	"strings"
)

// Application permissions (app roles) of the PIM alerts API.
const (
	RoleRead      = "RoleManagementAlert.Read.Directory"
	RoleReadWrite = "RoleManagementAlert.ReadWrite.Directory"
)

// Token is what authorization reads of a request's verified bearer token.
type Token struct {
	AppID string
	// Roles are the application permissions of an app token.
	Roles []string
	// Scopes are the delegated scopes of a user token; none on an app token.
	Scopes []string
}

// Unauthorized is the answer to a request whose bearer token is missing or
// invalid.
func Unauthorized(message string) *Error {
	return Errorf(http.StatusUnauthorized, "InvalidAuthenticationToken", "%s", message)
}

// Authorize records tok's grants on c and checks that they allow the
// route: one of its Permissions, or for the alerts API
// RoleManagementAlert.Read or ReadWrite (ReadWrite for a write). need, when
// refused, names what was missing.
func (api *API) Authorize(c *Call, rt Route, tok Token) (need []string, e *Error) {
	c.Grants = append(slices.Clone(tok.Roles), tok.Scopes...)
	delegated := len(tok.Scopes) > 0
	switch {
	case rt.Name == "unsupported":
		return nil, nil
	case rt.Permissions != nil && c.granted(rt.Permissions):
		return nil, nil
	case rt.Permissions != nil && delegated:
		return rt.Permissions, delegatedForbidden(rt.Permissions)
	case rt.Permissions != nil:
		return rt.Permissions, api.forbidden(rt.Name, rt.Permissions)
	}
	need = []string{RoleRead, RoleReadWrite}
	if IsWrite(c.R.Method) {
		need = []string{RoleReadWrite}
	}
	switch {
	case c.granted(need):
		return nil, nil
	case delegated:
		return need, delegatedForbidden(need)
	}
	return need, Errorf(http.StatusForbidden, "Authorization_RequestDenied",
		"Insufficient privileges to complete the operation. The application '%s' needs the %s application permission.", tok.AppID, need[len(need)-1])
}

// delegatedForbidden is the answer of the PIM APIs to a delegated token
// without any of need: code UnknownError whose message is a JSON document
// naming the missing scopes, as Azure CLI users capture it
// (Azure/azure-cli issues 33778 and 28854).
func delegatedForbidden(need []string) *Error {
	return Errorf(http.StatusForbidden, "UnknownError",
		`{"errorCode":"PermissionScopeNotGranted","message":"Authorization failed due to missing permission scope %s.","instanceAnnotations":[]}`,
		strings.Join(need, ","))
}

// granted reports whether the request's token has any of perms.
func (c *Call) granted(perms []string) bool {
	return slices.ContainsFunc(c.Grants, func(g string) bool { return slices.Contains(perms, g) })
}
