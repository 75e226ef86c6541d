# One provider configuration per tenant from one provider block, and the
# baseline module once per tenant: adding a tenant is one entry in the
# tenants map, nothing else (OpenTofu 1.9 and later; Terraform has no
# for_each on provider blocks).

provider "entrapim" {
  alias    = "tenant"
  for_each = var.tenants

  tenant_id               = each.value.tenant_id
  client_id               = each.value.client_id
  client_secret           = lookup(var.client_secrets, each.key, null)
  graph_endpoint          = each.value.graph_endpoint
  authority_host          = each.value.authority_host
  protected_principal_ids = each.value.break_glass_account_ids
}

module "baseline" {
  source   = "../baseline-module"
  for_each = var.tenants
  providers = {
    entrapim = entrapim.tenant[each.key]
  }

  global_admin_count_threshold                       = each.value.global_admin_count_threshold
  percentage_of_global_admins_out_of_roles_threshold = each.value.percentage_of_global_admins_out_of_roles_threshold
  sequential_activation_counter_threshold            = each.value.sequential_activation_counter_threshold
  time_interval_between_activations                  = each.value.time_interval_between_activations
  stale_sign_in_duration                             = each.value.stale_sign_in_duration
  redundant_assignment_duration                      = each.value.redundant_assignment_duration
  disabled_alert_types                               = each.value.disabled_alert_types
  dismissed_alert_types                              = each.value.dismissed_alert_types
}

output "configuration_ids" {
  description = "The Graph ids of the alert configurations, by tenant and alert type."
  value       = { for name, m in module.baseline : name => m.configuration_ids }
}
