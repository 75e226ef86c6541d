# Rescan the tenant after the thresholds change, so alerts and incidents
# reflect the new settings in the same apply.
resource "entrapim_alert_refresh" "after_baseline" {
  triggers = {
    thresholds = jsonencode(entrapim_alert_configuration.too_many_global_admins.too_many_global_admins)
  }

  timeouts = {
    create = "15m"
  }
}

# Refresh a single alert type.
resource "entrapim_alert_refresh" "stale" {
  alert_type = "StaleSignInAlert"
}

resource "entrapim_alert_configuration" "too_many_global_admins" {
  alert_type = "TooManyGlobalAdminsAssignedToTenantAlert"
  too_many_global_admins = {
    global_admin_count_threshold = 4
  }
}
