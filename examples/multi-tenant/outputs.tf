output "configuration_ids" {
  description = "The Graph ids of the alert configurations, by tenant and alert type."
  value = {
    contoso  = module.contoso.configuration_ids
    fabrikam = module.fabrikam.configuration_ids
  }
}
