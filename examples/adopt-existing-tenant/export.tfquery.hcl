# terraform query (Terraform 1.14 and later) lists every alert configuration
# and every alert of the tenant, with the resource objects, so that
#
#   terraform query -generate-config-out=generated.tf
#
# writes an import block and a resource block for each: a configuration that
# plans with no changes against the tenant it came from.
list "entrapim_alert_configuration" "tenant" {
  provider         = entrapim
  include_resource = true
}

list "entrapim_alert" "tenant" {
  provider         = entrapim
  include_resource = true
}
