package entra

import (
	"errors"
	"fmt"
	"strings"

	"github.com/golang-jwt/jwt/v5"
)

// This file verifies the bearer token of every Graph request.

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

// Token is a verified access token.
type Token struct {
	AppID string
	UPN   string
	// Roles are the application permissions of an app token.
	Roles []string
	// Scopes are the delegated scopes of a user token.
	Scopes []string
}

// String names the token for logs.
func (t Token) String() string {
	if len(t.Scopes) > 0 {
		return fmt.Sprintf("delegated token of %s for app %s", t.UPN, t.AppID)
	}
	return "app token of " + t.AppID
}

// VerifyAccessToken checks the Authorization header of a Graph request: a
// bearer token this directory issued for the Graph endpoint, unexpired.
// The error's message is Graph's InvalidAuthenticationToken message.
func (d *Directory) VerifyAccessToken(authorization string) (Token, error) {
	scheme, tok, _ := strings.Cut(authorization, " ")
	if authorization == "" || tok == "" {
		return Token{}, graphMessage("Access token is empty.")
	}
	if !strings.EqualFold(scheme, "Bearer") {
		return Token{}, graphMessage("The Authorization header must use the Bearer scheme.")
	}
	claims := &accessClaims{}
	_, err := jwt.ParseWithClaims(strings.TrimSpace(tok), claims,
		func(*jwt.Token) (any, error) { return &d.keys.token.key.PublicKey, nil },
		jwt.WithValidMethods([]string{"ES256"}), jwt.WithAudience(d.endpoint), jwt.WithIssuer(d.tokenIssuer(d.tenantID)),
		jwt.WithExpirationRequired())
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		return Token{}, graphMessage("Lifetime validation failed, the token is expired.")
	case errors.Is(err, jwt.ErrTokenInvalidAudience):
		return Token{}, graphMessage("Access token validation failure. Invalid audience.")
	case err != nil:
		return Token{}, graphMessage("Access token validation failure: " + err.Error() + ".")
	case claims.TenantID != d.tenantID:
		return Token{}, graphMessage("Access token validation failure. Invalid tenant.")
	}
	return Token{AppID: claims.AppID, UPN: claims.UPN, Roles: claims.Roles, Scopes: strings.Fields(claims.Scope)}, nil
}

// graphMessage is an error whose text is Graph's own message, word for word
// (sentences with a capital and a full stop, unlike Go's error strings).
type graphMessage string

func (m graphMessage) Error() string { return string(m) }
