# By alert type (the provider resolves the tenant):
terraform import entrapim_alert.roles_assigned_outside_pim RolesAssignedOutsidePimAlert

# Or by the full Graph id:
terraform import entrapim_alert.roles_assigned_outside_pim DirectoryRole_00000000-0000-0000-0000-000000000000_RolesAssignedOutsidePimAlert
