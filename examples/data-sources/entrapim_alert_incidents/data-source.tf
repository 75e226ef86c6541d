# Incidents of one alert type; every page Graph returns is read.
data "entrapim_alert_incidents" "stale" {
  alert_type = "StaleSignInAlert"
}

variable "break_glass_account_ids" {
  description = "Object ids of the emergency access accounts, which must keep their roles."
  type        = set(string)
}

variable "approved_incident_ids" {
  description = "The stale-account incidents a reviewer approved for remediation."
  type        = set(string)
}

# Remediate (remove the role assignment of) the stale accounts a reviewer
# approved, never a break-glass account's. New incidents wait for a review:
# nothing is remediated just because a scan found it. The plan lists each
# assignee and role before apply.
resource "entrapim_alert_incident_remediation" "stale" {
  for_each = {
    for i in data.entrapim_alert_incidents.stale.incidents : i.id => i
    if contains(var.approved_incident_ids, i.id) && !contains(var.break_glass_account_ids, i.assignee_id)
  }

  alert_type  = "StaleSignInAlert"
  incident_id = each.key
}

# Who has not signed in since when, and in which roles (an account can hold
# several privileged roles, so each maps to a list).
output "stale_accounts" {
  value = {
    for i in data.entrapim_alert_incidents.stale.incidents :
    i.assignee_user_principal_name => "${i.role_display_name} (last sign-in: ${coalesce(i.last_sign_in_date_time, "never")})"...
  }
}
