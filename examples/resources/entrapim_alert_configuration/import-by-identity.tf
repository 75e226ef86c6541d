# Terraform 1.12 and later: import by resource identity. tenant_id is
# optional and, when set, must be the provider's tenant.
import {
  to = entrapim_alert_configuration.too_many_global_admins
  identity = {
    alert_type = "TooManyGlobalAdminsAssignedToTenantAlert"
  }
}
