# Onboard a tenant that already has its own PIM alert settings into the
# baseline module with import blocks, so the plan shows each setting the
# baseline changes as "old -> new" instead of a create that hides what it
# overwrites. Import blocks with for_each need Terraform 1.7 or OpenTofu
# 1.7; once applied, they can stay (they import nothing more) or go.

terraform {
  required_version = ">= 1.7"
  required_providers {
    entrapim = {
      source = "entrapim/entrapim"
    }
  }
}

# Credentials from the ARM_* environment variables.
provider "entrapim" {}

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
}

module "baseline" {
  source = "../baseline-module"

  stale_sign_in_duration = "P30D"
  refresh                = false
}

# Adopt each of the tenant's seven alert configurations into the module
# instead of creating it: the plan then shows, for example,
# duration = "P14D" -> "P30D".
import {
  for_each = local.alert_types
  to       = module.baseline.entrapim_alert_configuration.this[each.key]
  id       = each.key
}

# And each alert the baseline keeps from being silenced (every type not in
# its dismissed_alert_types, none here), so that an alert the tenant
# dismissed shows as active: false -> true.
import {
  for_each = local.alert_types
  to       = module.baseline.entrapim_alert.not_silenced[each.key]
  id       = each.key
}
