package entra

import (
	"crypto/x509"
	"slices"
	"strings"
	"sync"

	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/tenant"
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

// apps are the tenant's app registrations, behind a lock of their own.
type apps struct {
	mu   sync.Mutex
	list []*app
}

// load registers the seed's apps, generating the secrets it leaves out.
func (r *apps) load(seed []tenant.SeedApp) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, a := range seed {
		secret := a.Secret
		if secret == "" {
			secret = tenant.RandomSecret()
		}
		r.list = append(r.list, &app{clientID: a.ClientID, displayName: a.DisplayName, secret: secret, roles: a.Roles})
	}
}

// first returns the client id and secret of the first app that matches,
// or "" and "".
func (r *apps) first(match func(a *app) bool) (string, string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, a := range r.list {
		if match(a) {
			return a.clientID, a.secret
		}
	}
	return "", ""
}

// withRoles returns the first app with all of roles.
func (r *apps) withRoles(roles ...string) (string, string) {
	return r.first(func(a *app) bool {
		return !slices.ContainsFunc(roles, func(role string) bool { return !slices.Contains(a.roles, role) })
	})
}

// withOnly returns the first app whose only role is role.
func (r *apps) withOnly(role string) (string, string) {
	return r.first(func(a *app) bool { return len(a.roles) == 1 && a.roles[0] == role })
}

// remove deletes the app registration of clientID; false when there was none.
func (r *apps) remove(clientID string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := len(r.list)
	r.list = slices.DeleteFunc(r.list, func(a *app) bool { return strings.EqualFold(a.clientID, clientID) })
	return len(r.list) < n
}

// add registers a.
func (r *apps) add(a *app) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.list = append(r.list, a)
}

// snapshot returns a copy of the app registration of clientID.
func (r *apps) snapshot(clientID string) (app, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, a := range r.list {
		if strings.EqualFold(a.clientID, clientID) {
			c := *a
			c.certs = slices.Clone(a.certs)
			c.federated = slices.Clone(a.federated)
			return c, true
		}
	}
	return app{}, false
}

// change runs f on the app registration of clientID, registering a new
// app with the permissions of ReadWriteClient first when there is none.
func (r *apps) change(clientID string, f func(a *app)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, a := range r.list {
		if strings.EqualFold(a.clientID, clientID) {
			f(a)
			return
		}
	}
	a := &app{clientID: clientID, displayName: "app " + clientID, roles: slices.Clone(guardRoles)}
	r.list = append(r.list, a)
	f(a)
}

// ReadWriteClient returns the app with RoleManagementAlert.ReadWrite.Directory,
// RoleManagement.Read.Directory, User.Read.All and GroupMember.Read.All,
// the permissions the provider documents.
func (d *Directory) ReadWriteClient() (clientID, clientSecret string) {
	return d.homeSecret(d.apps.withRoles(guardRoles...))
}

// AddApp registers an app with the application permissions roles and
// returns its client id and secret.
func (d *Directory) AddApp(displayName string, roles ...string) (clientID, clientSecret string) {
	a := &app{clientID: tenant.NewGUID(), displayName: displayName, secret: tenant.RandomSecret(), roles: slices.Clone(roles)}
	d.apps.add(a)
	return a.clientID, a.secret
}

// AlertsOnlyClient returns the app with RoleManagementAlert.ReadWrite.Directory
// only: it can remediate, but cannot read who holds a role.
func (d *Directory) AlertsOnlyClient() (clientID, clientSecret string) {
	return d.homeSecret(d.apps.withOnly(roleReadWrite))
}

// ReadOnlyClient returns the app with RoleManagementAlert.Read.Directory only.
func (d *Directory) ReadOnlyClient() (clientID, clientSecret string) {
	return d.homeSecret(d.apps.withOnly(roleRead))
}

// A multi-tenant application, as Microsoft describes it: "the application
// object is the global representation of your application for use across
// all tenants, and the service principal is the local representation for
// use in a specific tenant"; the application object, with its credentials,
// lives in the home tenant, and every tenant that consents gets a service
// principal, with the permissions granted there
// (learn.microsoft.com/entra/identity-platform/app-objects-and-service-principals).
// So one client id and one secret, certificate or federated credential
// sign in to every consenting tenant, with that tenant's app roles, and a
// tenant without the service principal answers AADSTS700016 ("Application
// with identifier ... was not found in the directory"; reference-error-codes).

// ConsentTo makes this directory's apps service principals of the
// application objects of home: an app both have signs in here with home's
// credentials (secret, certificates, federated credentials) and this
// tenant's app roles. The other tenants of a simulator consent to the
// first's apps (mockgraph.WithTenants).
func (d *Directory) ConsentTo(home *Directory) { d.home = home }

// RevokeConsent removes the service principal of clientID from this
// tenant: its token requests here fail with AADSTS700016, as for an
// application never consented in the tenant. False when the tenant had
// none.
func (d *Directory) RevokeConsent(clientID string) bool { return d.apps.remove(clientID) }

// credentials returns a with the credentials of its application object:
// home's, when this tenant consented to a home tenant's app of that id.
func (d *Directory) credentials(a app) app {
	if d.home == nil {
		return a
	}
	if h, ok := d.home.apps.snapshot(a.clientID); ok {
		a.secret, a.certs, a.federated = h.secret, h.certs, h.federated
	}
	return a
}

// homeSecret returns clientID with the secret it signs in with: that of
// its application object (credentials).
func (d *Directory) homeSecret(clientID, secret string) (string, string) {
	if clientID == "" {
		return "", ""
	}
	return clientID, d.credentials(app{clientID: clientID, secret: secret}).secret
}

// AddClientCertificate accepts client assertions signed by this
// certificate's key for clientID. An unknown clientID becomes a new app
// registration with the permissions of ReadWriteClient.
func (d *Directory) AddClientCertificate(clientID string, cert *x509.Certificate) {
	d.apps.change(clientID, func(a *app) { a.certs = append(a.certs, cert) })
}

// AddFederatedCredential accepts federated assertions with this iss/sub
// for clientID (signed by the simulator's external-IdP key, audience
// api://AzureADTokenExchange). An unknown clientID becomes a new app
// registration with the permissions of ReadWriteClient.
func (d *Directory) AddFederatedCredential(clientID, issuer, subject string) {
	d.apps.change(clientID, func(a *app) { a.federated = append(a.federated, federatedCredential{issuer: issuer, subject: subject}) })
}
