# Client secret (for example from a pipeline secret). Every setting can come
# from the azuread provider's ARM_* environment variables instead.
provider "entrapim" {
  tenant_id     = "00000000-0000-0000-0000-000000000000"
  client_id     = "11111111-1111-1111-1111-111111111111"
  client_secret = var.client_secret

  # Remediation never touches these accounts (break-glass, service accounts).
  protected_principal_ids = [
    "22222222-2222-2222-2222-222222222222",
  ]

  # No remediation may leave fewer principals holding Global Administrator
  # (the default; counting them needs RoleManagement.Read.Directory).
  min_global_admins = 2
}

variable "client_secret" {
  type      = string
  sensitive = true
}
