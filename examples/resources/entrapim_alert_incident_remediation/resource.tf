# Remove one stale account's role assignment. The plan shows the assignee and
# the role before anything changes.
resource "entrapim_alert_incident_remediation" "stale_account" {
  alert_type  = "StaleSignInAlert"
  incident_id = "5f1c0c3e-8a0b-4d7e-9a55-0c2f6f1f9b7a"
}

# Remediate every stale-sign-in incident except break-glass accounts (which
# the provider's protected_principal_ids also refuses at plan time).
data "entrapim_alert_incidents" "stale" {
  alert_type = "StaleSignInAlert"
}

locals {
  break_glass = ["22222222-2222-2222-2222-222222222222"]
}

resource "entrapim_alert_incident_remediation" "stale" {
  for_each = {
    for i in data.entrapim_alert_incidents.stale.incidents : i.id => i
    if !contains(local.break_glass, i.assignee_id)
  }
  alert_type  = "StaleSignInAlert"
  incident_id = each.key
}
