# By alert type (the provider resolves the tenant):
terraform import entrapim_alert_configuration.too_many_global_admins TooManyGlobalAdminsAssignedToTenantAlert

# Or by the full Graph id:
terraform import entrapim_alert_configuration.too_many_global_admins DirectoryRole_00000000-0000-0000-0000-000000000000_TooManyGlobalAdminsAssignedToTenantAlert
