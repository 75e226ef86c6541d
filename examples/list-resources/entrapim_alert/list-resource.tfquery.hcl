# Every alert of the tenant and whether it is active, for terraform query:
#   terraform query -generate-config-out=generated.tf
list "entrapim_alert" "tenant" {
  provider         = entrapim
  include_resource = true
}
