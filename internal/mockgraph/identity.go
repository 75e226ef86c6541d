package mockgraph

import (
	"crypto/rsa"
	"crypto/x509"

	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/entra"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/tlsca"
)

// This file is the out-of-band access to the tenant's Entra ID (package
// entra): its app registrations and the tokens of the simulated CI
// identity providers and the Azure CLI.

// Subjects of the simulated CI identity providers, pre-registered as
// federated credentials of the read-write client, and the Azure CLI's app id.
const (
	GitHubSubject         = entra.GitHubSubject
	AzureDevOpsSubject    = entra.AzureDevOpsSubject
	AzureDevOpsConnection = entra.AzureDevOpsConnection
	AzureCLIAppID         = entra.AzureCLIAppID
)

// ReadWriteClient returns the app with RoleManagementAlert.ReadWrite.Directory,
// RoleManagement.Read.Directory, User.Read.All and GroupMember.Read.All,
// the permissions the provider documents.
func (s *Server) ReadWriteClient() (clientID, clientSecret string) {
	return s.directory.ReadWriteClient()
}

// ReadOnlyClient returns the app with RoleManagementAlert.Read.Directory only.
func (s *Server) ReadOnlyClient() (clientID, clientSecret string) {
	return s.directory.ReadOnlyClient()
}

// AlertsOnlyClient returns the app with RoleManagementAlert.ReadWrite.Directory
// only: it can remediate, but cannot read who holds a role.
func (s *Server) AlertsOnlyClient() (clientID, clientSecret string) {
	return s.directory.AlertsOnlyClient()
}

// AddApp registers an app with the application permissions roles and
// returns its client id and secret.
func (s *Server) AddApp(displayName string, roles ...string) (clientID, clientSecret string) {
	return s.directory.AddApp(displayName, roles...)
}

// AddClientCertificate accepts client assertions signed by this
// certificate's key for clientID. An unknown clientID becomes a new app
// registration with the permissions of ReadWriteClient. For an app of a
// simulator's first tenant, which the others consent to (WithTenants),
// register it on the first tenant: it holds the application object.
func (s *Server) AddClientCertificate(clientID string, cert *x509.Certificate) {
	s.directory.AddClientCertificate(clientID, cert)
}

// AddFederatedCredential accepts federated assertions with this iss/sub
// for clientID (signed by the simulator's external-IdP key, audience
// api://AzureADTokenExchange). An unknown clientID becomes a new app
// registration with the permissions of ReadWriteClient; as for
// certificates, the first tenant holds those of a multi-tenant app.
func (s *Server) AddFederatedCredential(clientID, issuer, subject string) {
	s.directory.AddFederatedCredential(clientID, issuer, subject)
}

// ClientCertificate returns a new self-signed RSA certificate and its key,
// as a developer makes one for an app registration's certificate
// credential; register it with AddClientCertificate.
func ClientCertificate(commonName string) (*x509.Certificate, *rsa.PrivateKey, error) {
	return tlsca.ClientCertificate(commonName)
}

// IssuerURL is the issuer of tokens from IssueIDToken and the simulated
// CI identity providers: GraphEndpoint()+"/_simulator/oidc".
func (s *Server) IssuerURL() string { return s.directory.IssuerURL() }

// IssueIDToken returns a JWT signed by the simulator's external-IdP key
// (for OIDC federation tests), valid for ten minutes.
func (s *Server) IssueIDToken(subject, audience string) string {
	return s.directory.IssueIDToken(subject, audience)
}

// GitHubOIDCRequest returns a GitHub-Actions style ID-token request
// endpoint and its bearer token (see entra.Directory.GitHubOIDCRequest).
func (s *Server) GitHubOIDCRequest() (requestURL, requestToken string) {
	return s.directory.GitHubOIDCRequest()
}

// AzureDevOpsOIDCRequest returns what azidentity.AzurePipelinesCredential
// needs (see entra.Directory.AzureDevOpsOIDCRequest).
func (s *Server) AzureDevOpsOIDCRequest() (requestURL, systemAccessToken, serviceConnectionID string) {
	return s.directory.AzureDevOpsOIDCRequest()
}

// AzureCLIToken returns an access token for Graph as the Azure CLI holds
// it for a signed-in user of this tenant: delegated (scp), issued to the
// Azure CLI's app id, valid for an hour. A fake `az` in tests prints it.
func (s *Server) AzureCLIToken(userPrincipalName string) string {
	return s.directory.AzureCLIToken(userPrincipalName)
}

// RevokeConsent removes the service principal of clientID from this
// tenant, as an administrator removing the enterprise application would
// (or as a tenant that never consented to a multi-tenant application):
// the app's token requests for this tenant then fail with AADSTS700016,
// whatever its credentials, and the other tenants are not affected. It
// reports whether the tenant had the app.
func (s *Server) RevokeConsent(clientID string) bool {
	return s.directory.RevokeConsent(clientID)
}
