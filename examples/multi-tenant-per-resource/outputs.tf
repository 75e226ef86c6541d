output "configuration_ids" {
  description = "The Graph ids of the alert configurations, by tenant id and alert type."
  value       = { for tenant, m in module.tenant : tenant => m.configuration_ids }
}
