# Dismiss the "roles assigned outside PIM" alert after reviewing it. If a
# later scan finds incidents, PIM reactivates it and the next plan shows
# active: true -> false.
resource "entrapim_alert" "roles_assigned_outside_pim" {
  alert_type = "RolesAssignedOutsidePimAlert"
  active     = false
}

output "outside_pim_incidents" {
  value = entrapim_alert.roles_assigned_outside_pim.incident_ids
}
