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

# Remove the roles assigned outside PIM that a reviewer approved, never a
# break-glass account's (they are assigned outside PIM on purpose; listed in
# the provider's protected_principal_ids, they are also refused at plan
# time). Incidents found by later scans wait for the next review.
variable "break_glass_account_ids" {
  description = "Object ids of the emergency access accounts, which must keep their roles."
  type        = set(string)
}

variable "approved_outside_pim_incident_ids" {
  description = "The RolesAssignedOutsidePimAlert incidents a reviewer approved for remediation."
  type        = set(string)
}

data "entrapim_alert_incidents" "outside_pim" {
  alert_type = "RolesAssignedOutsidePimAlert"
}

resource "entrapim_alert_incident_remediation" "outside_pim" {
  for_each = {
    for i in data.entrapim_alert_incidents.outside_pim.incidents : i.id => i
    if contains(var.approved_outside_pim_incident_ids, i.id) && !contains(var.break_glass_account_ids, i.assignee_id)
  }

  alert_type  = "RolesAssignedOutsidePimAlert"
  incident_id = each.key
}
