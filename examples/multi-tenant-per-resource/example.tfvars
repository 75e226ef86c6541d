home_tenant_id = "00000000-0000-0000-0000-000000000000"
client_id      = "11111111-1111-1111-1111-111111111111"

tenants = {
  # The home tenant, with the baseline as it is (the baseline module's defaults).
  "00000000-0000-0000-0000-000000000000" = {}
  # A customer tenant that keeps stale sign-ins for 90 days.
  "22222222-2222-2222-2222-222222222222" = {
    stale_sign_in_duration = "P90D"
  }
  # A customer tenant without Entra ID P2 licences to alert about.
  "33333333-3333-3333-3333-333333333333" = {
    disabled_alert_types = ["InvalidLicenseAlert"]
  }
}
