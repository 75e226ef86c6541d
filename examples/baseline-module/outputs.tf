output "configuration_ids" {
  description = "The Graph id of each alert configuration, by alert type."
  value       = { for type, c in entrapim_alert_configuration.this : type => c.id }
}

output "active_alerts" {
  description = "The alerts PIM reports as active after the baseline, by alert type, with their severity, incident count and title."
  value = {
    for a in data.entrapim_alerts.active.alerts : a.alert_type => {
      severity       = a.severity_level
      incident_count = a.incident_count
      title          = a.display_name
    }
  }
}

output "refresh_operation_id" {
  description = "The id of the PIM scan the baseline last ran (null when refresh = false)."
  value       = one(entrapim_alert_refresh.this[*].operation_id)
}
