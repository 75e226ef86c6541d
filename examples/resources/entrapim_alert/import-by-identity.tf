# Terraform 1.12 and later: import by resource identity. tenant_id is
# optional and, when set, must be the provider's tenant.
import {
  to = entrapim_alert.roles_assigned_outside_pim
  identity = {
    alert_type = "RolesAssignedOutsidePimAlert"
  }
}
