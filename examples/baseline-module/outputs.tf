output "configuration_ids" {
  description = "The Graph id of each alert configuration, by alert type."
  value       = { for type, c in entrapim_alert_configuration.this : type => c.id }
}

output "refresh_operation_id" {
  description = "The id of the PIM scan the baseline last ran (null when refresh = false)."
  value       = one(entrapim_alert_refresh.this[*].operation_id)
}
