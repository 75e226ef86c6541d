terraform {
  required_version = ">= 1.14"
  required_providers {
    entrapim = {
      source  = "entrapim/entrapim"
      version = "~> 0.1"
    }
  }
}

# The tenant to export, with the read-only identity of a drift pipeline
# (RoleManagementAlert.Read.Directory) or the ARM_* environment.
provider "entrapim" {}
