# Alert when there are at least 4 Global Administrators making up at least
# 10% of all role assignments in the tenant.
resource "entrapim_alert_configuration" "too_many_global_admins" {
  alert_type = "TooManyGlobalAdminsAssignedToTenantAlert"
  enabled    = true

  too_many_global_admins = {
    global_admin_count_threshold                       = 4
    percentage_of_global_admins_out_of_roles_threshold = 10
  }
}

# Report privileged accounts that have not signed in for 60 days.
resource "entrapim_alert_configuration" "stale_sign_in" {
  alert_type = "StaleSignInAlert"

  stale_sign_in = {
    duration = "P60D"
  }
}

# Eligible administrators who have not activated their role in 30 days.
resource "entrapim_alert_configuration" "redundant_assignment" {
  alert_type = "RedundantAssignmentAlert"

  redundant_assignment = {
    duration = "P30D"
  }
}

# At least 5 activations of the same role within the activation interval
# (time_interval_between_activations, here one hour).
resource "entrapim_alert_configuration" "sequential_activation_renewals" {
  alert_type = "SequentialActivationRenewalsAlert"

  sequential_activation_renewals = {
    sequential_activation_counter_threshold = 5
    time_interval_between_activations       = "PT1H"
  }
}

# Never scan for this alert. Destroying the resource leaves it disabled
# (restore_on_destroy defaults to false).
resource "entrapim_alert_configuration" "invalid_license" {
  alert_type = "InvalidLicenseAlert"
  enabled    = false
}
