# One provider configuration per tenant. Provider blocks cannot use for_each,
# so every tenant has an explicit alias; the settings still come from the
# tenants map.

provider "entrapim" {
  alias = "contoso"

  tenant_id               = var.tenants["contoso"].tenant_id
  client_id               = var.tenants["contoso"].client_id
  client_secret           = lookup(var.client_secrets, "contoso", null)
  graph_endpoint          = var.tenants["contoso"].graph_endpoint
  authority_host          = var.tenants["contoso"].authority_host
  protected_principal_ids = var.tenants["contoso"].break_glass_account_ids
}

provider "entrapim" {
  alias = "fabrikam"

  tenant_id               = var.tenants["fabrikam"].tenant_id
  client_id               = var.tenants["fabrikam"].client_id
  client_secret           = lookup(var.client_secrets, "fabrikam", null)
  graph_endpoint          = var.tenants["fabrikam"].graph_endpoint
  authority_host          = var.tenants["fabrikam"].authority_host
  protected_principal_ids = var.tenants["fabrikam"].break_glass_account_ids
}
