# Remediate one reviewed incident on demand, with the same checks as the
# entrapim_alert_incident_remediation resource (protected principals, the
# Global Administrator minimum) but no record in state:
#   terraform apply -invoke=action.entrapim_alert_incident_remediation.reviewed
variable "reviewed_incident_id" {
  description = "The id of the StaleSignInAlert incident a reviewer approved for remediation."
  type        = string
}

action "entrapim_alert_incident_remediation" "reviewed" {
  config {
    alert_type  = "StaleSignInAlert"
    incident_id = var.reviewed_incident_id
  }
}
