# Shared by pim-drift-summary.sh and pim-drift-fanout-summary.sh: what a
# `terraform show -json` plan changes, by name only (no attribute values: a
# plan of this provider can name privileged accounts).

# The dotted names of the leaves that differ between $b and $a, and of those
# $u marks unknown after apply; list indices are dropped.
def leaves: [paths(type != "object" and type != "array")];
def names: map(map(select(type == "string")) | join(".")) | unique;
def changed($b; $a; $u):
  ((($b | leaves) + ($a | leaves)) | unique | map(. as $p | select(($b | getpath($p)) != ($a | getpath($p)))) | names)
  + (($u | [paths(. == true)]) | names) | unique;

# The resource changes other than no-ops and reads.
def changes: [.resource_changes[]? | select(.change.actions != ["no-op"] and .change.actions != ["read"])];

# The alert types of entrapim_alert resources that are active again though
# the configuration dismisses them (the plan dismisses them again).
def reactivated: [changes[] | select(.type == "entrapim_alert" and .change.before.active == true and .change.after.active == false) | .change.before.alert_type];

# "address (attr, attr)" for each change.
def change_names: [changes[] | "\(.address) (\(changed(.change.before // {}; .change.after // {}; .change.after_unknown // {}) | join(", ")))"];
