data "entrapim_alert_definitions" "all" {}

# The alert types whose incidents PIM can remediate.
output "remediatable_alert_types" {
  value = [for d in data.entrapim_alert_definitions.all.definitions : d.alert_type if d.is_remediatable]
}
