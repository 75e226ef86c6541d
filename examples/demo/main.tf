# A realistic PIM alert baseline, applied by `make demo` to the simulated
# tenant. The provider settings come from the environment (ARM_*,
# ENTRAPIM_GRAPH_ENDPOINT, ENTRAPIM_AUTHORITY_HOST) that the demo sets.
terraform {
  required_providers {
    entrapim = {
      source = "entrapim/entrapim"
    }
  }
}

provider "entrapim" {}

# Thresholds for every configurable alert.
resource "entrapim_alert_configuration" "too_many_global_admins" {
  alert_type = "TooManyGlobalAdminsAssignedToTenantAlert"
  enabled    = true
  too_many_global_admins = {
    global_admin_count_threshold                       = 4
    percentage_of_global_admins_out_of_roles_threshold = 10
  }
}

resource "entrapim_alert_configuration" "stale_sign_in" {
  alert_type = "StaleSignInAlert"
  stale_sign_in = {
    duration = "P30D"
  }
}

resource "entrapim_alert_configuration" "redundant_assignment" {
  alert_type = "RedundantAssignmentAlert"
  redundant_assignment = {
    duration = "P60D"
  }
}

resource "entrapim_alert_configuration" "sequential_activation_renewals" {
  alert_type = "SequentialActivationRenewalsAlert"
  sequential_activation_renewals = {
    sequential_activation_counter_threshold = 3
    time_interval_between_activations       = "PT1H"
  }
}

# Rescan once the thresholds are in place.
resource "entrapim_alert_refresh" "baseline" {
  triggers = {
    configurations = sha1(jsonencode([
      entrapim_alert_configuration.too_many_global_admins.too_many_global_admins,
      entrapim_alert_configuration.stale_sign_in.stale_sign_in,
      entrapim_alert_configuration.redundant_assignment.redundant_assignment,
      entrapim_alert_configuration.sequential_activation_renewals.sequential_activation_renewals,
    ]))
  }
}

# The break-glass account is assigned outside PIM on purpose: dismiss the
# alert after the scan. PIM reactivates it if a later scan finds incidents.
resource "entrapim_alert" "roles_assigned_outside_pim" {
  alert_type = "RolesAssignedOutsidePimAlert"
  active     = false
  depends_on = [entrapim_alert_refresh.baseline]
}

data "entrapim_alerts" "active" {
  active_only = true
  depends_on  = [entrapim_alert.roles_assigned_outside_pim]
}

data "entrapim_alert_incidents" "global_admins" {
  alert_type = "TooManyGlobalAdminsAssignedToTenantAlert"
  depends_on = [entrapim_alert_refresh.baseline]
}

output "active_alerts" {
  description = "Alerts PIM reports as active, with their incident counts."
  value       = { for a in data.entrapim_alerts.active.alerts : a.alert_type => a.incident_count }
}

output "global_admin_incidents" {
  description = "Who triggers the too-many-global-admins alert."
  value       = [for i in data.entrapim_alert_incidents.global_admins.incidents : i.assignee_user_principal_name]
}
