# Dismiss the "roles assigned outside PIM" alert after reviewing it. A
# refresh reactivates dismissed alerts; the next plan then shows
# active: true -> false with a warning naming what PIM found.
resource "entrapim_alert" "roles_assigned_outside_pim" {
  alert_type = "RolesAssignedOutsidePimAlert"
  active     = false
}

output "outside_pim_incidents" {
  value = entrapim_alert.roles_assigned_outside_pim.incident_ids
}
