# The Graph id of an alert (and of its definition and configuration), for
# example to compare with ids from another tool or to import by id.
output "stale_sign_in_alert_id" {
  value = provider::entrapim::alert_id("00000000-0000-0000-0000-000000000000", "StaleSignInAlert")
}

# Same id for every tenant of a baseline.
variable "tenant_ids" {
  type = list(string)
}

output "global_admin_alert_ids" {
  value = {
    for t in var.tenant_ids : t => provider::entrapim::alert_id(t, "TooManyGlobalAdminsAssignedToTenantAlert")
  }
}
