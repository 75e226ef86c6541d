variable "tenants" {
  description = <<-EOT
    Departures from the baseline per tenant, keyed by the tenant id (GUID).
    An attribute left out (null) is the baseline module's default, the
    common baseline; set one to depart from it for that tenant only.
  EOT
  type = map(object({
    global_admin_count_threshold                       = optional(number)
    percentage_of_global_admins_out_of_roles_threshold = optional(number)
    sequential_activation_counter_threshold            = optional(number)
    time_interval_between_activations                  = optional(string)
    stale_sign_in_duration                             = optional(string)
    redundant_assignment_duration                      = optional(string)
    disabled_alert_types                               = optional(set(string))
    dismissed_alert_types                              = optional(set(string))
  }))

  validation {
    condition     = alltrue([for id in keys(var.tenants) : can(regex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", id))])
    error_message = "Every key of tenants must be a tenant id (GUID)."
  }
}

variable "home_tenant_id" {
  description = "The tenant id of the application's home tenant: the provider's own tenant."
  type        = string
}

variable "client_id" {
  description = "The application (client) id of the multi-tenant application."
  type        = string
}

variable "client_secret" {
  description = "A client secret of the application (for example from TF_VAR_client_secret in a pipeline); null to authenticate from the ARM_* environment variables (a certificate, OIDC) instead."
  type        = string
  default     = null
  sensitive   = true
}

variable "break_glass_account_ids" {
  description = "Object ids of accounts whose role assignments remediation must never remove, in any tenant."
  type        = list(string)
  default     = []
}

variable "graph_endpoint" {
  description = "Only for a proxy or a national cloud; null means Microsoft Graph of the public cloud."
  type        = string
  default     = null
}

variable "authority_host" {
  description = "Only for a proxy or a national cloud; null means Microsoft Entra ID of the public cloud."
  type        = string
  default     = null
}
