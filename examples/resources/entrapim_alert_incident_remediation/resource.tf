# Emergency access (break-glass) accounts are never remediated, whatever
# the incident; and no Global Administrator is removed until they are named.
variable "break_glass_account_ids" {
  description = "Object ids of the emergency access accounts, which must keep their roles."
  type        = set(string)
}

provider "entrapim" {
  protected_principal_ids = var.break_glass_account_ids
}

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

# Remove the roles assigned outside PIM that a reviewer approved. Key the
# remediations by the approved incident ids, never by the incidents a data
# source lists now: a later scan drops remediated incidents, and each
# remediation's record (removed_assignments, what to grant again to undo
# it) must stay in state. Incidents found by later scans wait for the next
# review.
variable "approved_outside_pim_incident_ids" {
  description = "The RolesAssignedOutsidePimAlert incidents a reviewer approved for remediation."
  type        = set(string)
}

resource "entrapim_alert_incident_remediation" "outside_pim" {
  for_each = var.approved_outside_pim_incident_ids

  alert_type  = "RolesAssignedOutsidePimAlert"
  incident_id = each.key
}
