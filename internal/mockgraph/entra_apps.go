package mockgraph

import (
	"crypto/rsa"
	"crypto/x509"
	"slices"
	"strings"

	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/tlsca"
)

// This file holds the app registrations of the simulated Entra ID tenant:
// who may ask the token endpoint for a token, and with which app roles.

// Application permissions (app roles): those of the PIM alerts API, and
// the directory reads the Global Administrator guard needs.
const (
	roleRead           = "RoleManagementAlert.Read.Directory"
	roleReadWrite      = "RoleManagementAlert.ReadWrite.Directory"
	roleManagementRead = "RoleManagement.Read.Directory"
	userRead           = "User.Read.All"
	groupMemberRead    = "GroupMember.Read.All"
)

// guardRoles are the permissions the provider documents for a credential
// that remediates.
var guardRoles = []string{roleReadWrite, roleManagementRead, userRead, groupMemberRead}

// app is an app registration with its service principal's app roles.
type app struct {
	clientID    string
	displayName string
	secret      string
	roles       []string
	certs       []*x509.Certificate
	federated   []federatedCredential
}

type federatedCredential struct{ issuer, subject string }

// appByRole returns the client id and secret of the first app with role
// (with exclusive, of the first with no other role), or "" and "".
func (s *Server) appByRole(role string, exclusive bool) (string, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.apps {
		if slices.Contains(a.roles, role) && (!exclusive || len(a.roles) == 1) {
			return a.clientID, a.secret
		}
	}
	return "", ""
}

// ReadWriteClient returns the app with RoleManagementAlert.ReadWrite.Directory,
// RoleManagement.Read.Directory, User.Read.All and GroupMember.Read.All,
// the permissions the provider documents.
func (s *Server) ReadWriteClient() (clientID, clientSecret string) {
	return s.appWithRoles(guardRoles...)
}

// AddApp registers an app with the application permissions roles and
// returns its client id and secret.
func (s *Server) AddApp(displayName string, roles ...string) (clientID, clientSecret string) {
	a := &app{clientID: newGUID(), displayName: displayName, secret: randomSecret(), roles: slices.Clone(roles)}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.apps = append(s.apps, a)
	return a.clientID, a.secret
}

// AlertsOnlyClient returns the app with RoleManagementAlert.ReadWrite.Directory
// only: it can remediate, but cannot read who holds a role.
func (s *Server) AlertsOnlyClient() (clientID, clientSecret string) {
	return s.appByRole(roleReadWrite, true)
}

// appWithRoles returns the client id and secret of the first app with all
// of roles, or "" and "".
func (s *Server) appWithRoles(roles ...string) (string, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.apps {
		if !slices.ContainsFunc(roles, func(r string) bool { return !slices.Contains(a.roles, r) }) {
			return a.clientID, a.secret
		}
	}
	return "", ""
}

// ReadOnlyClient returns the app with RoleManagementAlert.Read.Directory only.
func (s *Server) ReadOnlyClient() (clientID, clientSecret string) {
	return s.appByRole(roleRead, true)
}

// appLocked returns the app registration of clientID, registering a new
// read-write app when create is set; the caller holds s.mu.
func (s *Server) appLocked(clientID string, create bool) *app {
	for _, a := range s.apps {
		if strings.EqualFold(a.clientID, clientID) {
			return a
		}
	}
	if !create {
		return nil
	}
	a := &app{clientID: clientID, displayName: "app " + clientID, roles: slices.Clone(guardRoles)}
	s.apps = append(s.apps, a)
	return a
}

// AddClientCertificate accepts client assertions signed by this
// certificate's key for clientID. An unknown clientID becomes a new app
// registration with the permissions of ReadWriteClient.
func (s *Server) AddClientCertificate(clientID string, cert *x509.Certificate) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.appLocked(clientID, true)
	a.certs = append(a.certs, cert)
}

// AddFederatedCredential accepts federated assertions with this iss/sub
// for clientID (signed by the simulator's external-IdP key, audience
// api://AzureADTokenExchange). An unknown clientID becomes a new app
// registration with the permissions of ReadWriteClient.
func (s *Server) AddFederatedCredential(clientID, issuer, subject string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.appLocked(clientID, true)
	a.federated = append(a.federated, federatedCredential{issuer: issuer, subject: subject})
}

// ClientCertificate returns a new self-signed RSA certificate and its key,
// as a developer makes one for an app registration's certificate
// credential; register it with AddClientCertificate.
func ClientCertificate(commonName string) (*x509.Certificate, *rsa.PrivateKey, error) {
	return tlsca.ClientCertificate(commonName)
}
