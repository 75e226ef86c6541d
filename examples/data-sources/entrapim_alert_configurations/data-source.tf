# The tenant's current settings, in the same shape as the
# entrapim_alert_configuration resource, to start a baseline from.
data "entrapim_alert_configurations" "current" {}

locals {
  current = { for c in data.entrapim_alert_configurations.current.configurations : c.alert_type => c }
}

output "stale_sign_in_duration" {
  value = local.current["StaleSignInAlert"].stale_sign_in.duration
}

# Adopt the tenant's current Global Administrator thresholds, only enabling
# the alert.
resource "entrapim_alert_configuration" "too_many_global_admins" {
  alert_type             = "TooManyGlobalAdminsAssignedToTenantAlert"
  enabled                = true
  too_many_global_admins = local.current["TooManyGlobalAdminsAssignedToTenantAlert"].too_many_global_admins
}
