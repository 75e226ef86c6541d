import {
  to = entrapim_alert.roles_assigned_outside_pim
  id = "RolesAssignedOutsidePimAlert"
}
