package entra

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"fmt"

	"github.com/golang-jwt/jwt/v5"

	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/tenant"
)

// This file holds the signing keys of the simulated Entra ID tenant and of
// its simulated external identity providers.

// signingKey is an ES256 key with its JWK key id.
type signingKey struct {
	key *ecdsa.PrivateKey
	kid string
}

func newSigningKey() (*signingKey, error) {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate signing key: %w", err)
	}
	der, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	if err != nil {
		return nil, fmt.Errorf("marshal signing key: %w", err)
	}
	sum := sha256.Sum256(der)
	return &signingKey{key: k, kid: base64.RawURLEncoding.EncodeToString(sum[:12])}, nil
}

func (k *signingKey) sign(claims jwt.MapClaims) string {
	tok := jwt.NewWithClaims(jwt.SigningMethodES256, claims)
	tok.Header["kid"] = k.kid
	s, err := tok.SignedString(k.key)
	if err != nil {
		panic(fmt.Sprintf("mockgraph: sign token: %v", err)) // cannot happen with an ECDSA key
	}
	return s
}

// jwk renders the public key as a JSON Web Key.
func (k *signingKey) jwk() map[string]any {
	pub, err := k.key.PublicKey.ECDH()
	if err != nil {
		return map[string]any{"kid": k.kid}
	}
	b := pub.Bytes() // 0x04 || X || Y
	return map[string]any{
		"kty": "EC", "use": "sig", "alg": "ES256", "kid": k.kid, "crv": "P-256",
		"x": base64.RawURLEncoding.EncodeToString(b[1:33]),
		"y": base64.RawURLEncoding.EncodeToString(b[33:]),
	}
}

// Keys are the simulator's signing keys and the secrets of its simulated
// external identity providers, shared by all its tenants as Entra ID's
// signing keys are by all tenants (one JWKS at /common/discovery/v2.0/keys).
type Keys struct {
	token              *signingKey // access tokens of the tenant
	idp                *signingKey // ID tokens of GitHub Actions, Azure DevOps and IssueIDToken
	githubRequestToken string
	adoSystemToken     string
}

// NewKeys makes the keys of one simulator.
func NewKeys() (*Keys, error) {
	tok, err := newSigningKey()
	if err != nil {
		return nil, err
	}
	idp, err := newSigningKey()
	if err != nil {
		return nil, err
	}
	return &Keys{token: tok, idp: idp, githubRequestToken: tenant.RandomSecret(), adoSystemToken: tenant.RandomSecret()}, nil
}
