# One provider configuration for every tenant: it signs in to its own
# tenant (home_tenant_id, where the multi-tenant application is
# registered), and to each tenant a resource names in tenant_id with the
# same client id and credential. The application must be consented by an
# administrator of every tenant in var.tenants.

provider "entrapim" {
  tenant_id               = var.home_tenant_id
  client_id               = var.client_id
  client_secret           = var.client_secret
  graph_endpoint          = var.graph_endpoint
  authority_host          = var.authority_host
  protected_principal_ids = var.break_glass_account_ids
}
