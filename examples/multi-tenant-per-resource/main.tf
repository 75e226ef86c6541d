# The baseline module once per tenant, keyed by tenant id: adding a tenant
# is one entry in var.tenants, in Terraform and OpenTofu alike (no provider
# alias per tenant, one provider process for all of them).

module "tenant" {
  source   = "../baseline-module"
  for_each = var.tenants

  tenant_id = each.key

  # Null (left out of the tenant's entry) is the module's default: the
  # module's variables are not nullable.
  stale_sign_in_duration            = each.value.stale_sign_in_duration
  redundant_assignment_duration     = each.value.redundant_assignment_duration
  time_interval_between_activations = each.value.time_interval_between_activations
  disabled_alert_types              = each.value.disabled_alert_types
  dismissed_alert_types             = each.value.dismissed_alert_types

  global_admin_count_threshold                       = each.value.global_admin_count_threshold
  percentage_of_global_admins_out_of_roles_threshold = each.value.percentage_of_global_admins_out_of_roles_threshold
  sequential_activation_counter_threshold            = each.value.sequential_activation_counter_threshold
}
