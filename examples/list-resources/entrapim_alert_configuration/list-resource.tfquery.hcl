# Every alert configuration of the tenant, for terraform query:
#   terraform query -generate-config-out=generated.tf
list "entrapim_alert_configuration" "tenant" {
  provider         = entrapim
  include_resource = true
}
