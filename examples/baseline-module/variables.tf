variable "tenant_id" {
  description = "The tenant (GUID) to apply the baseline to, when it is not the provider's: one provider configuration whose multi-tenant application is consented in every tenant can then serve a module instance per tenant. Null (the default) is the provider's tenant."
  type        = string
  default     = null
}

# Thresholds. The defaults are a reasonable baseline; every value is checked
# again by the provider at plan time (including the duration ranges, which
# need the duration parser the provider has).

variable "global_admin_count_threshold" {
  description = "TooManyGlobalAdminsAssignedToTenantAlert: the number of Global Administrators at which the alert fires (2-100). The alert fires only when both Global Administrator thresholds are reached."
  type        = number
  default     = 3
  nullable    = false

  validation {
    condition     = var.global_admin_count_threshold >= 2 && var.global_admin_count_threshold <= 100 && floor(var.global_admin_count_threshold) == var.global_admin_count_threshold
    error_message = "global_admin_count_threshold must be a whole number from 2 to 100."
  }
}

variable "percentage_of_global_admins_out_of_roles_threshold" {
  description = "TooManyGlobalAdminsAssignedToTenantAlert: the percentage of Global Administrators out of all the role assignments in the tenant at which the alert fires (0-100)."
  type        = number
  default     = 10
  nullable    = false

  validation {
    condition     = var.percentage_of_global_admins_out_of_roles_threshold >= 0 && var.percentage_of_global_admins_out_of_roles_threshold <= 100 && floor(var.percentage_of_global_admins_out_of_roles_threshold) == var.percentage_of_global_admins_out_of_roles_threshold
    error_message = "percentage_of_global_admins_out_of_roles_threshold must be a whole number from 0 to 100."
  }
}

variable "sequential_activation_counter_threshold" {
  description = "SequentialActivationRenewalsAlert: how many activations of the same role within time_interval_between_activations raise an incident (2-100)."
  type        = number
  default     = 3
  nullable    = false

  validation {
    condition     = var.sequential_activation_counter_threshold >= 2 && var.sequential_activation_counter_threshold <= 100 && floor(var.sequential_activation_counter_threshold) == var.sequential_activation_counter_threshold
    error_message = "sequential_activation_counter_threshold must be a whole number from 2 to 100."
  }
}

variable "time_interval_between_activations" {
  description = "SequentialActivationRenewalsAlert: the renewal time frame, a duration of days, hours, minutes and seconds (for example PT1H). Neither the portal nor Graph documents a range."
  type        = string
  default     = "PT1H"
  nullable    = false

  validation {
    condition     = can(regex("^P(\\d+D)?(T(\\d+H)?(\\d+M)?(\\d+([.,]\\d+)?S)?)?$", var.time_interval_between_activations)) && !contains(["P", "PT"], var.time_interval_between_activations) && !endswith(var.time_interval_between_activations, "T")
    error_message = "time_interval_between_activations must be an OData Edm.Duration of days, hours, minutes or seconds (no weeks, months or years), such as PT1H or P1D."
  }
}

variable "stale_sign_in_duration" {
  description = "StaleSignInAlert: how long an account in a privileged role may go without signing in before it is reported, a duration from P1D to P365D, the portal's range (for example P30D)."
  type        = string
  default     = "P30D"
  nullable    = false

  validation {
    condition     = can(regex("^P(\\d+D)?(T(\\d+H)?(\\d+M)?(\\d+([.,]\\d+)?S)?)?$", var.stale_sign_in_duration)) && !contains(["P", "PT"], var.stale_sign_in_duration) && !endswith(var.stale_sign_in_duration, "T")
    error_message = "stale_sign_in_duration must be an OData Edm.Duration of days, hours, minutes or seconds (no weeks, months or years), such as P30D."
  }
}

variable "redundant_assignment_duration" {
  description = "RedundantAssignmentAlert: how long an eligible or active assignment may go unused (without an activation) before it is reported, a duration of at most P100D, the portal's range (for example P30D)."
  type        = string
  default     = "P30D"
  nullable    = false

  validation {
    condition     = can(regex("^P(\\d+D)?(T(\\d+H)?(\\d+M)?(\\d+([.,]\\d+)?S)?)?$", var.redundant_assignment_duration)) && !contains(["P", "PT"], var.redundant_assignment_duration) && !endswith(var.redundant_assignment_duration, "T")
    error_message = "redundant_assignment_duration must be an OData Edm.Duration of days, hours, minutes or seconds (no weeks, months or years), such as P30D."
  }
}

# Which alerts PIM scans for, and which are dismissed.

variable "disabled_alert_types" {
  description = "Alert types PIM should not scan for at all (isEnabled = false). Every other alert type is enabled. Use this, not dismissal, for \"never alert me about this\"."
  type        = set(string)
  default     = []
  nullable    = false

  validation {
    condition = alltrue([for t in var.disabled_alert_types : contains([
      "InvalidLicenseAlert", "NoMfaOnRoleActivationAlert", "RedundantAssignmentAlert", "RolesAssignedOutsidePimAlert",
      "SequentialActivationRenewalsAlert", "StaleSignInAlert", "TooManyGlobalAdminsAssignedToTenantAlert",
    ], t)])
    error_message = "disabled_alert_types may only contain InvalidLicenseAlert, NoMfaOnRoleActivationAlert, RedundantAssignmentAlert, RolesAssignedOutsidePimAlert, SequentialActivationRenewalsAlert, StaleSignInAlert and TooManyGlobalAdminsAssignedToTenantAlert (spelled as Graph spells them)."
  }
}

variable "dismissed_alert_types" {
  description = "Alert types to dismiss (isActive = false) after review, for example RolesAssignedOutsidePimAlert when break-glass accounts are assigned outside PIM on purpose. A refresh reactivates dismissed alerts; the next plan then shows active: true -> false with a warning saying what PIM found, which is the drift to review."
  type        = set(string)
  default     = []
  nullable    = false

  validation {
    condition = alltrue([for t in var.dismissed_alert_types : contains([
      "InvalidLicenseAlert", "NoMfaOnRoleActivationAlert", "RedundantAssignmentAlert", "RolesAssignedOutsidePimAlert",
      "SequentialActivationRenewalsAlert", "StaleSignInAlert", "TooManyGlobalAdminsAssignedToTenantAlert",
    ], t)])
    error_message = "dismissed_alert_types may only contain InvalidLicenseAlert, NoMfaOnRoleActivationAlert, RedundantAssignmentAlert, RolesAssignedOutsidePimAlert, SequentialActivationRenewalsAlert, StaleSignInAlert and TooManyGlobalAdminsAssignedToTenantAlert (spelled as Graph spells them)."
  }
}

# Behaviour.

variable "refresh" {
  description = "Run a PIM scan of all alerts after the settings change (and whenever they change again), so alerts and incidents reflect the baseline in the same apply."
  type        = bool
  default     = true
  nullable    = false
}

variable "refresh_timeout" {
  description = "How long to wait for the PIM scan, as a duration such as \"15m\"."
  type        = string
  default     = "15m"
  nullable    = false
}

variable "restore_on_destroy" {
  description = "Whether destroying the baseline restores the settings each alert configuration had before the baseline adopted it. When false (the default), destroying stops managing the tenant and it keeps the baseline's settings."
  type        = bool
  default     = false
  nullable    = false
}
