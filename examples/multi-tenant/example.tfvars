# terraform plan -var-file=example.tfvars (with TF_VAR_client_secrets set, or
# ARM_USE_OIDC=true for a multi-tenant app registration).
tenants = {
  contoso = {
    tenant_id               = "00000000-0000-0000-0000-000000000000"
    client_id               = "11111111-1111-1111-1111-111111111111"
    break_glass_account_ids = ["22222222-2222-2222-2222-222222222222"]

    # Break-glass accounts are assigned outside PIM on purpose.
    dismissed_alert_types = ["RolesAssignedOutsidePimAlert"]
  }

  fabrikam = {
    tenant_id = "33333333-3333-3333-3333-333333333333"
    client_id = "11111111-1111-1111-1111-111111111111"

    # Fabrikam reviews stale accounts quarterly, and its on-call rotation
    # activates the same roles many times a night by design.
    stale_sign_in_duration = "P90D"
    disabled_alert_types   = ["SequentialActivationRenewalsAlert"]
  }
}
