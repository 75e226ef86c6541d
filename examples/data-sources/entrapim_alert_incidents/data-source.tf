# Incidents of one alert type; every page Graph returns is read.
data "entrapim_alert_incidents" "stale" {
  alert_type = "StaleSignInAlert"
}

# Who has not signed in since when, and in which roles (an account can hold
# several privileged roles, so each maps to a list): what a reviewer reads
# before approving incident ids for entrapim_alert_incident_remediation.
output "stale_accounts" {
  value = {
    for i in data.entrapim_alert_incidents.stale.incidents :
    i.assignee_user_principal_name => "${i.role_display_name} (last sign-in: ${coalesce(i.last_sign_in_date_time, "never")}, incident ${i.id})"...
  }
}
