# One alert by type, with its definition, configuration and incidents.
data "entrapim_alert" "global_admins" {
  alert_type = "TooManyGlobalAdminsAssignedToTenantAlert"
}

# The same by Graph id.
data "entrapim_alert" "stale" {
  id = "DirectoryRole_00000000-0000-0000-0000-000000000000_StaleSignInAlert"
}

output "global_admins" {
  value = {
    active    = data.entrapim_alert.global_admins.active
    threshold = data.entrapim_alert.global_admins.too_many_global_admins.global_admin_count_threshold
    admins    = [for i in data.entrapim_alert.global_admins.incidents : i.assignee_user_principal_name]
  }
}
