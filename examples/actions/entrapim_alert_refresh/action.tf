# Rescan one alert type on demand:
#   terraform apply -invoke=action.entrapim_alert_refresh.stale
action "entrapim_alert_refresh" "stale" {
  config {
    alert_type = "StaleSignInAlert"
  }
}

# Or rescan every alert whenever the baseline's thresholds change.
action "entrapim_alert_refresh" "all" {}

resource "entrapim_alert_configuration" "stale" {
  alert_type = "StaleSignInAlert"
  stale_sign_in = {
    duration = "P30D"
  }

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.entrapim_alert_refresh.all]
    }
  }
}
