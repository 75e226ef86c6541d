# The same baseline module for every tenant, each with its own provider
# configuration. A module block cannot choose its provider per for_each
# instance, so there is one block per tenant.

locals {
  contoso  = var.tenants["contoso"]
  fabrikam = var.tenants["fabrikam"]
}

module "contoso" {
  source    = "../baseline-module"
  providers = { entrapim = entrapim.contoso }

  global_admin_count_threshold                       = local.contoso.global_admin_count_threshold
  percentage_of_global_admins_out_of_roles_threshold = local.contoso.percentage_of_global_admins_out_of_roles_threshold
  sequential_activation_counter_threshold            = local.contoso.sequential_activation_counter_threshold
  time_interval_between_activations                  = local.contoso.time_interval_between_activations
  stale_sign_in_duration                             = local.contoso.stale_sign_in_duration
  redundant_assignment_duration                      = local.contoso.redundant_assignment_duration
  disabled_alert_types                               = local.contoso.disabled_alert_types
  dismissed_alert_types                              = local.contoso.dismissed_alert_types
}

module "fabrikam" {
  source    = "../baseline-module"
  providers = { entrapim = entrapim.fabrikam }

  global_admin_count_threshold                       = local.fabrikam.global_admin_count_threshold
  percentage_of_global_admins_out_of_roles_threshold = local.fabrikam.percentage_of_global_admins_out_of_roles_threshold
  sequential_activation_counter_threshold            = local.fabrikam.sequential_activation_counter_threshold
  time_interval_between_activations                  = local.fabrikam.time_interval_between_activations
  stale_sign_in_duration                             = local.fabrikam.stale_sign_in_duration
  redundant_assignment_duration                      = local.fabrikam.redundant_assignment_duration
  disabled_alert_types                               = local.fabrikam.disabled_alert_types
  dismissed_alert_types                              = local.fabrikam.dismissed_alert_types
}
