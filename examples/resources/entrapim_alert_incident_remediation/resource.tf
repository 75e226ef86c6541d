# Remove the role assignment behind one reviewed incident. Incident ids come
# from the entrapim_alert_incidents data source (or incident_ids of the
# entrapim_alert resource and data source). The plan shows the assignee and
# the role before anything changes, and fails if the incident is gone.
variable "stale_incident_id" {
  description = "The id of the StaleSignInAlert incident a reviewer approved for remediation."
  type        = string
}

resource "entrapim_alert_incident_remediation" "stale_account" {
  alert_type  = "StaleSignInAlert"
  incident_id = var.stale_incident_id
}

output "stale_account_remediation" {
  value = "${entrapim_alert_incident_remediation.stale_account.assignee_user_principal_name} loses ${entrapim_alert_incident_remediation.stale_account.role_display_name}"
}

# Remove every role assigned outside PIM, except those of the break-glass
# accounts, which are assigned outside PIM on purpose. (Listed in the
# provider's protected_principal_ids, they are also refused at plan time.)
data "entrapim_alert_incidents" "outside_pim" {
  alert_type = "RolesAssignedOutsidePimAlert"
}

locals {
  break_glass = ["22222222-2222-2222-2222-222222222222"]
}

resource "entrapim_alert_incident_remediation" "outside_pim" {
  for_each = {
    for i in data.entrapim_alert_incidents.outside_pim.incidents : i.id => i
    if !contains(local.break_glass, i.assignee_id)
  }

  alert_type  = "RolesAssignedOutsidePimAlert"
  incident_id = each.key
}
