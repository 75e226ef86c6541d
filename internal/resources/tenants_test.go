package resources_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/entrapim/terraform-provider-entrapim/internal/acctest"
	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
	"github.com/entrapim/terraform-provider-entrapim/internal/provider"
)

// One provider configuration, many tenants: resources name theirs in
// tenant_id. The simulator serves three tenants from one process
// (mockgraph.WithTenants); the provider's environment names the first,
// and its app is a multi-tenant application consented in all three.

// perTenantConfig is an alert configuration and an alert in each tenant of
// tenants, through the one provider configuration of the environment. It
// uses count: the testing framework's state shim does not support for_each
// keys (the examples' tests apply a module with for_each through the CLI).
func perTenantConfig(tenants []*mockgraph.Server, duration string) string {
	var keys []string
	for _, s := range tenants {
		keys = append(keys, fmt.Sprintf("%q", s.TenantID()))
	}
	return fmt.Sprintf(`
locals {
  tenants = [%s]
}

resource "entrapim_alert_configuration" "stale" {
  count      = length(local.tenants)
  tenant_id  = local.tenants[count.index]
  alert_type = %q
  stale_sign_in = {
    duration = %q
  }
}

resource "entrapim_alert" "ga" {
  count      = length(local.tenants)
  tenant_id  = local.tenants[count.index]
  alert_type = %q
  active     = true
}
`, strings.Join(keys, ", "), alerttypes.StaleSignIn, duration, gaType)
}

// tenantWrites returns the write requests of the simulator's shared
// request log that address tenant's objects.
func tenantWrites(srv, tenant *mockgraph.Server) []string {
	var out []string
	for _, r := range srv.WriteRequests() {
		if strings.Contains(r.Path, "DirectoryRole_"+tenant.TenantID()) {
			out = append(out, r.Method+" "+r.Path)
		}
	}
	return out
}

// checkTenantsConfigured checks that each of tenants has duration as the
// stale sign-in duration.
func checkTenantsConfigured(tenants []*mockgraph.Server, duration string) error {
	for i, s := range tenants {
		if got := fmt.Sprint(s.Configuration(alerttypes.StaleSignIn)["duration"]); got != duration {
			return fmt.Errorf("tenant %d (%s): duration = %s, want %s", i, s.TenantID(), got, duration)
		}
	}
	return nil
}

// TestAccTenants_perResource: resources in three tenants under one
// provider configuration applies in each tenant (each state records its
// tenant, each identity names it, each write addresses it), plans with no
// changes afterwards, and changes one setting in every tenant.
func TestAccTenants_perResource(t *testing.T) {
	tn := acctest.New(t, mockgraph.WithTenants(3))
	tenants := tn.Server.Tenants()
	var checks []statecheck.StateCheck
	for i, s := range tenants {
		for _, addr := range []string{
			fmt.Sprintf("entrapim_alert_configuration.stale[%d]", i),
			fmt.Sprintf("entrapim_alert.ga[%d]", i),
		} {
			checks = append(checks, statecheck.ExpectKnownValue(addr, tfjsonpath.New("tenant_id"), knownvalue.StringExact(s.TenantID())),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(regexp.QuoteMeta("DirectoryRole_"+s.TenantID()+"_")))))
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: tn.Factories,
		Steps: []resource.TestStep{
			{
				Config:            perTenantConfig(tenants, "P30D"),
				ConfigStateChecks: checks,
				Check: func(*terraform.State) error {
					if err := checkTenantsConfigured(tenants, "P30D"); err != nil {
						return err
					}
					for i, s := range tenants {
						if len(tenantWrites(tn.Server, s)) == 0 {
							return fmt.Errorf("tenant %d received no write", i)
						}
					}
					return nil
				},
			},
			{
				Config: perTenantConfig(tenants, "P45D"),
				Check:  func(*terraform.State) error { return checkTenantsConfigured(tenants, "P45D") },
			},
		},
	})
}

// TestAccTenants_identity: each instance's identity names its tenant, and
// an import block with the identity of another tenant than the
// provider's imports into that tenant with no changes.
func TestAccTenants_identity(t *testing.T) {
	tn := acctest.New(t, mockgraph.WithTenants(3))
	tenants := tn.Server.Tenants()
	other := tenants[2]
	config := fmt.Sprintf(`
resource "entrapim_alert" "imported" {
  tenant_id  = %q
  alert_type = %q
  active     = true
}
`, other.TenantID(), gaType)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   atLeast112,
		ProtoV6ProviderFactories: tn.Factories,
		Steps: []resource.TestStep{
			{
				Config: perTenantConfig(tenants, "P30D"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity("entrapim_alert.ga[1]", identityOf(tenants[1], gaType)),
					statecheck.ExpectIdentity("entrapim_alert_configuration.stale[2]", identityOf(other, alerttypes.StaleSignIn)),
				},
			},
			{
				Config: config + fmt.Sprintf(`
import {
  to       = entrapim_alert.imported
  identity = {
    alert_type = %q
    tenant_id  = %q
  }
}
`, gaType, other.TenantID()),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity("entrapim_alert.imported", identityOf(other, gaType)),
					statecheck.ExpectKnownValue("entrapim_alert.imported", tfjsonpath.New("id"), knownvalue.StringExact(other.AlertID(gaType))),
				},
			},
		},
	})
}

// TestAccTenants_query: terraform query lists the alerts of another
// tenant than the provider's when the list block names it in tenant_id.
func TestAccTenants_query(t *testing.T) {
	tn := acctest.New(t, mockgraph.WithTenants(3))
	other := tn.Server.Tenants()[1]
	listAddr := "entrapim_alert.other"
	checks := []querycheck.QueryResultCheck{querycheck.ExpectLength(listAddr, 7)}
	for _, name := range alerttypes.Builtin().Names() {
		checks = append(checks, querycheck.ExpectIdentity(listAddr, identityOf(other, name)))
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   atLeast114,
		ProtoV6ProviderFactories: tn.Factories,
		Steps: []resource.TestStep{{
			Query: true,
			Config: fmt.Sprintf(`
provider "entrapim" {}

list "entrapim_alert" "other" {
  provider = entrapim
  config {
    tenant_id = %q
  }
}
`, other.TenantID()),
			QueryResultChecks: checks,
		}},
	})
}

// TestAccTenants_refusedTenant: a tenant that has not consented to the
// application (AADSTS700016) fails its own resources with an error that
// names it and says what to do; the other two tenants apply.
func TestAccTenants_refusedTenant(t *testing.T) {
	tn := acctest.New(t, mockgraph.WithTenants(3))
	tenants := tn.Server.Tenants()
	refusing := tenants[2]
	clientID, _ := tn.Server.ReadWriteClient()
	if !refusing.RevokeConsent(clientID) {
		t.Fatal("the tenant had no service principal of the app")
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: tn.Factories,
		Steps: []resource.TestStep{
			{
				Config:      perTenantConfig(tenants, "P30D"),
				ExpectError: wrapped(`Tenant ` + refusing.TenantID() + ` is not available.*AADSTS700016.*consented`),
			},
			{
				// The other tenants applied; the refusing one received nothing.
				PreConfig: func() {
					if err := checkTenantsConfigured(tenants[:2], "P30D"); err != nil {
						t.Error(err)
					}
					if w := tenantWrites(tn.Server, refusing); len(w) != 0 {
						t.Errorf("the refusing tenant received writes: %v", w)
					}
				},
				Config: perTenantConfig(tenants[:2], "P30D"),
			},
		},
	})
}

// tokenFrom is a transport that sends the token requests for one tenant to
// another tenant's token endpoint, as a credential that always lands in its
// home tenant would (a managed identity, an Azure CLI login): the provider
// gets a token whose tid is not the tenant it asked for.
type tokenFrom struct {
	next             http.RoundTripper
	asked, answering string
}

func (tf tokenFrom) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasPrefix(r.URL.Path, "/"+tf.asked+"/oauth2/") {
		r = r.Clone(r.Context())
		r.URL.Path = "/" + tf.answering + strings.TrimPrefix(r.URL.Path, "/"+tf.asked)
	}
	return tf.next.RoundTrip(r)
}

// TestAccTenants_wrongTenantToken: the token for one tenant names another
// tenant: that tenant's resources fail naming both tenants and nothing is
// sent to Graph with that token; the other tenants apply.
func TestAccTenants_wrongTenantToken(t *testing.T) {
	tn := acctest.New(t, mockgraph.WithTenants(3))
	tenants := tn.Server.Tenants()
	wrong := tenants[1]
	transport := tokenFrom{next: tn.Server.HTTPClient().Transport, asked: wrong.TenantID(), answering: tenants[0].TenantID()}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: tn.FactoriesWithEnv(tn.Env(), provider.WithTransport(transport)),
		Steps: []resource.TestStep{{
			Config:      perTenantConfig(tenants, "P30D"),
			ExpectError: wrapped(`Graph answers for tenant ` + tenants[0].TenantID() + `.*configured for tenant ` + wrong.TenantID()),
		}},
		CheckDestroy: func(*terraform.State) error {
			if w := tenantWrites(tn.Server, wrong); len(w) != 0 {
				return fmt.Errorf("the tenant whose token named another received writes: %v", w)
			}
			return checkTenantsConfigured([]*mockgraph.Server{tenants[0], tenants[2]}, "P30D")
		},
	})
}

// TestAccTenants_guardPerTenant: the Global Administrator minimum holds in
// each tenant on its own. Both tenants have three Global Administrators
// and a minimum of two: two removals in one tenant are refused, while one
// removal in each tenant applies (counted together they would leave one).
func TestAccTenants_guardPerTenant(t *testing.T) {
	tn, srv := remediationTenant(t, mockgraph.WithTenants(2))
	tenants := srv.Tenants()
	bg, admin := acctest.BreakGlassID(t, srv), otherGlobalAdmin(t, srv)
	third := map[string]string{}
	for _, s := range tenants {
		keepGlobalAdmins(s, bg, admin)
		u, _ := s.AddGlobalAdmin("Third Admin")
		third[s.TenantID()] = u.ID
		s.Scan()
	}
	remove := func(name string, s *mockgraph.Server, principal string) string {
		return fmt.Sprintf(`
resource "entrapim_alert_incident_remediation" %q {
  tenant_id   = %q
  alert_type  = %q
  incident_id = %q
}
`, name, s.TenantID(), alerttypes.TooManyGlobalAdmins, principal)
	}
	a, b := tenants[0], tenants[1]
	providerBlock := protectedProvider(t, srv, "  min_global_admins = 2\n")
	tn.Test(t, []resource.TestStep{
		{
			Config:      providerBlock + remove("a1", b, admin) + remove("a2", b, third[b.TenantID()]),
			ExpectError: refused(`leave 1 principal\(s\).*min_global_admins = 2`),
		},
		{
			Config: providerBlock + remove("a", a, admin) + remove("b", b, admin),
			Check: func(*terraform.State) error {
				for i, s := range tenants {
					if assignmentExists(s, admin, ga) {
						return fmt.Errorf("tenant %d: the Global Administrator was not removed", i)
					}
				}
				return nil
			},
		},
	})
}
