import {
  to = entrapim_alert_configuration.too_many_global_admins
  id = "TooManyGlobalAdminsAssignedToTenantAlert"
}
