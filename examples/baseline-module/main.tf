# One PIM alert policy baseline for the tenant of the provider configuration
# this module receives, or for the tenant named in tenant_id (one provider
# configuration, many tenants: see examples/multi-tenant-per-resource).

locals {
  alert_types = toset([
    "InvalidLicenseAlert",
    "NoMfaOnRoleActivationAlert",
    "RedundantAssignmentAlert",
    "RolesAssignedOutsidePimAlert",
    "SequentialActivationRenewalsAlert",
    "StaleSignInAlert",
    "TooManyGlobalAdminsAssignedToTenantAlert",
  ])

  # Everything the baseline sets; a change to any of it runs the scan again.
  settings = {
    disabled                                           = sort(var.disabled_alert_types)
    global_admin_count_threshold                       = var.global_admin_count_threshold
    percentage_of_global_admins_out_of_roles_threshold = var.percentage_of_global_admins_out_of_roles_threshold
    sequential_activation_counter_threshold            = var.sequential_activation_counter_threshold
    time_interval_between_activations                  = var.time_interval_between_activations
    stale_sign_in_duration                             = var.stale_sign_in_duration
    redundant_assignment_duration                      = var.redundant_assignment_duration
  }
}

# Every alert type's configuration: enabled unless listed in
# disabled_alert_types, and thresholds for the four configurable types. Each
# configuration already exists in the tenant; creating the resource adopts it.
resource "entrapim_alert_configuration" "this" {
  for_each = local.alert_types

  tenant_id          = var.tenant_id
  alert_type         = each.key
  enabled            = !contains(var.disabled_alert_types, each.key)
  restore_on_destroy = var.restore_on_destroy

  too_many_global_admins = each.key == "TooManyGlobalAdminsAssignedToTenantAlert" ? {
    global_admin_count_threshold                       = var.global_admin_count_threshold
    percentage_of_global_admins_out_of_roles_threshold = var.percentage_of_global_admins_out_of_roles_threshold
  } : null

  sequential_activation_renewals = each.key == "SequentialActivationRenewalsAlert" ? {
    sequential_activation_counter_threshold = var.sequential_activation_counter_threshold
    time_interval_between_activations       = var.time_interval_between_activations
  } : null

  stale_sign_in = each.key == "StaleSignInAlert" ? {
    duration = var.stale_sign_in_duration
  } : null

  redundant_assignment = each.key == "RedundantAssignmentAlert" ? {
    duration = var.redundant_assignment_duration
  } : null
}

# Rescan every alert once the settings are in place, and again whenever they
# change, so incidents reflect the new thresholds in the same apply.
resource "entrapim_alert_refresh" "this" {
  count = var.refresh ? 1 : 0

  tenant_id = var.tenant_id
  triggers = {
    settings = sha1(jsonencode(local.settings))
  }

  timeouts = {
    create = var.refresh_timeout
  }

  depends_on = [entrapim_alert_configuration.this]
}

# The id of the baseline's latest scan (null without one). It exists even
# when refresh = false, which replace_triggered_by below needs: Terraform
# cannot follow a resource that has no instances.
resource "terraform_data" "scan" {
  input = one(entrapim_alert_refresh.this[*].id)
}

# Dismiss the reviewed alerts after the scan. A refresh reactivates every
# dismissed alert that has incidents (documented), so the dismissal is made
# again whenever the baseline rescans (replacing the resource only forgets
# the old record). An alert active again for any other reason is left for
# the next plan to show, with a warning that says what PIM found.
resource "entrapim_alert" "dismissed" {
  for_each = var.dismissed_alert_types

  tenant_id  = var.tenant_id
  alert_type = each.key
  active     = false

  depends_on = [entrapim_alert_refresh.this]

  lifecycle {
    replace_triggered_by = [terraform_data.scan]
  }
}

# Every other alert type must not be silenced: someone dismissing one of
# them while it has incidents shows as drift (active: false -> true), and
# the apply re-enables it. An alert PIM has nothing to report for, or whose
# configuration is disabled, is quiet, which is not drift.
resource "entrapim_alert" "not_silenced" {
  for_each = setsubtract(local.alert_types, var.dismissed_alert_types)

  tenant_id  = var.tenant_id
  alert_type = each.key
  active     = true

  depends_on = [entrapim_alert_refresh.this]
}

# Every alert with its state and incident count, read at plan time for
# reports (the drift pipeline of examples/github-actions lists them apart
# from drift). On purpose no output carries it: PIM finding a new incident
# is news for a reviewer, not drift of the configuration.
data "entrapim_alerts" "report" {
  tenant_id = var.tenant_id

  lifecycle {
    # Read only once the module's inputs passed their validations, so that
    # a wrong input fails before any Graph request.
    precondition {
      condition     = local.settings != null && var.dismissed_alert_types != null
      error_message = "The baseline's inputs are not set."
    }
  }
}
