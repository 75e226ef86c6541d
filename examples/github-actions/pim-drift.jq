# Shared by pim-drift-summary.sh, pim-drift-fanout-summary.sh and the plan
# jobs of drift-matrix.yml: what a `terraform show -json` plan changes, by
# name only (no attribute values: a plan of this provider can name
# privileged accounts).

# The dotted names of the leaves that differ between $b and $a, and of those
# $u marks unknown after apply; list indices are dropped.
def leaves: [paths(type != "object" and type != "array")];
def names: map(map(select(type == "string")) | join(".")) | unique;
def changed($b; $a; $u):
  ((($b | leaves) + ($a | leaves)) | unique | map(. as $p | select(($b | getpath($p)) != ($a | getpath($p)))) | names)
  + (($u | [paths(. == true)]) | names) | unique;

# The resource changes other than no-ops and reads.
def changes: [.resource_changes[]? | select(.change.actions != ["no-op"] and .change.actions != ["read"])];

# The names of the root module outputs that change. An output fed by a data
# source (for example the baseline's active_alerts, with incident counts)
# changes when PIM finds incidents, and -detailed-exitcode then exits 2.
def output_names: [(.output_changes // {}) | to_entries[] | select(.value.actions != ["no-op"]) | .key] | sort;

# The alert types of entrapim_alert resources that are active again though
# the configuration dismisses them (the plan dismisses them again).
def reactivated: [changes[] | select(.type == "entrapim_alert" and .change.before.active == true and .change.after.active == false) | .change.before.alert_type];

# The plan reduced to names: what the matrix jobs upload as artifacts.
def drift: {
  changes: [changes[] | {address, actions: .change.actions, attributes: changed(.change.before // {}; .change.after // {}; .change.after_unknown // {})}],
  outputs: output_names,
  reactivated: reactivated
};

# drift of a plan, or a file that already holds it.
def load_drift: if has("format_version") then drift else . end;
