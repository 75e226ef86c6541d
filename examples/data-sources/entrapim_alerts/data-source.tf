# Every alert of the tenant with its definition and configuration, in one
# Graph request.
data "entrapim_alerts" "all" {}

# Only the alerts that are currently active.
data "entrapim_alerts" "active" {
  active_only = true
}

# A report of active alerts by severity.
output "active_alerts" {
  value = {
    for a in data.entrapim_alerts.active.alerts : a.alert_type => {
      severity  = a.severity_level
      incidents = a.incident_count
      title     = a.display_name
    }
  }
}

# Alerts someone disabled in the portal.
output "disabled_alerts" {
  value = [for a in data.entrapim_alerts.all.alerts : a.alert_type if !a.enabled]
}
