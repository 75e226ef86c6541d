package mockgraph

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/golang-jwt/jwt/v5"
)

// This file checks the bearer token of every Graph request.

// accessClaims are the claims the Graph routes read from a bearer token.
type accessClaims struct {
	jwt.RegisteredClaims
	TenantID string   `json:"tid"`
	AppID    string   `json:"appid"`
	Roles    []string `json:"roles"`
	// Scope and UPN are set on delegated (user) tokens.
	Scope string `json:"scp"`
	UPN   string `json:"upn"`
}

// authenticate validates the bearer token of a Graph request and, for
// supported routes, the app role it needs.
func (s *Server) authenticate(c *call, rt route) *apiError {
	h := c.r.Header.Get("Authorization")
	scheme, tok, _ := strings.Cut(h, " ")
	if h == "" || tok == "" {
		return errorf(http.StatusUnauthorized, "InvalidAuthenticationToken", "Access token is empty.")
	}
	if !strings.EqualFold(scheme, "Bearer") {
		return errorf(http.StatusUnauthorized, "InvalidAuthenticationToken", "The Authorization header must use the Bearer scheme.")
	}
	tenantID := s.TenantID()
	claims := &accessClaims{}
	_, err := jwt.ParseWithClaims(strings.TrimSpace(tok), claims,
		func(*jwt.Token) (any, error) { return &s.keys.token.key.PublicKey, nil },
		jwt.WithValidMethods([]string{"ES256"}), jwt.WithAudience(s.endpoint), jwt.WithIssuer(s.tokenIssuer(tenantID)),
		jwt.WithExpirationRequired())
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		return errorf(http.StatusUnauthorized, "InvalidAuthenticationToken", "Lifetime validation failed, the token is expired.")
	case errors.Is(err, jwt.ErrTokenInvalidAudience):
		return errorf(http.StatusUnauthorized, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.")
	case err != nil:
		return errorf(http.StatusUnauthorized, "InvalidAuthenticationToken", "Access token validation failure: %v.", err)
	case claims.TenantID != tenantID:
		return errorf(http.StatusUnauthorized, "InvalidAuthenticationToken", "Access token validation failure. Invalid tenant.")
	}
	c.grants = append(slices.Clone(claims.Roles), strings.Fields(claims.Scope)...)
	if rt.name == "unsupported" {
		return nil
	}
	if rt.permissions != nil {
		switch {
		case c.granted(rt.permissions):
			return nil
		case claims.Scope != "":
			return delegatedForbidden(rt.permissions)
		}
		return s.forbidden(rt.name, rt.permissions)
	}
	need := []string{roleRead, roleReadWrite}
	if isWrite(c.r.Method) {
		need = []string{roleReadWrite}
	}
	if claims.Scope != "" {
		if delegatedAllowed(claims.Scope, need) {
			return nil
		}
		s.logf("refused %s: no %s scope", describeToken(claims), strings.Join(need, " or "))
		return delegatedForbidden(need)
	}
	for _, r := range claims.Roles {
		if slices.Contains(need, r) {
			return nil
		}
	}
	return errorf(http.StatusForbidden, "Authorization_RequestDenied",
		"Insufficient privileges to complete the operation. The application '%s' needs the %s application permission.", claims.AppID, need[len(need)-1])
}
