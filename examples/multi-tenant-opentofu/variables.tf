variable "tenants" {
  description = <<-EOT
    Connection and policy settings per tenant, keyed by a name of your choice.
    The defaults of the optional policy settings are the common baseline; set
    one to depart from it for that tenant only. Removing a tenant from the map
    removes its provider configuration and module: plan that with the tenant's
    resources still in state only after moving them out (removed blocks), or
    OpenTofu cannot refresh them.
  EOT
  type = map(object({
    tenant_id = string
    client_id = string

    # Only for a proxy or a national cloud endpoint; null means Microsoft
    # Graph and Microsoft Entra ID of the public cloud.
    graph_endpoint = optional(string)
    authority_host = optional(string)

    # Accounts whose role assignments remediation must never remove.
    break_glass_account_ids = optional(list(string), [])

    global_admin_count_threshold                       = optional(number, 4)
    percentage_of_global_admins_out_of_roles_threshold = optional(number, 10)
    sequential_activation_counter_threshold            = optional(number, 3)
    time_interval_between_activations                  = optional(string, "PT1H")
    stale_sign_in_duration                             = optional(string, "P30D")
    redundant_assignment_duration                      = optional(string, "P30D")
    disabled_alert_types                               = optional(set(string), [])
    dismissed_alert_types                              = optional(set(string), [])
  }))
}

variable "client_secrets" {
  description = "Client secret per tenant, keyed like tenants (for example from TF_VAR_client_secrets in a pipeline). Leave a tenant out to authenticate it from the ARM_* environment variables instead."
  type        = map(string)
  default     = {}
  sensitive   = true
}
