data "entrapim_alert_definition" "stale" {
  alert_type = "StaleSignInAlert"
}

output "stale_sign_in_mitigation" {
  value = data.entrapim_alert_definition.stale.mitigation_steps
}
