# Shared by pim-drift-summary.sh, pim-drift-fanout-summary.sh and the plan
# jobs of drift-matrix.yml: what a `terraform show -json` plan changes. It
# keeps resource addresses, actions and attribute names, and values only
# of the settings this provider manages (thresholds, enabled, active),
# never of anything else: a plan of this provider can name privileged
# accounts (incident assignees, user principal names).

# The paths of the leaves that differ between $b and $a, and of those $u
# marks unknown after apply; list indices are dropped.
def leaves: [paths(type != "object" and type != "array")];
def name: map(select(type == "string")) | join(".");
def changed_paths($b; $a; $u):
  ((($b | leaves) + ($a | leaves)) | unique | map(. as $p | select(($b | getpath($p)) != ($a | getpath($p)))))
  + ($u | [paths(. == true)]) | map(map(select(type == "string"))) | unique;

# Whether the values of an attribute path may be shown: the on/off settings
# and the thresholds of this provider's resources.
def shown($type):
  .[0] as $top
  | ($type == "entrapim_alert_configuration" and ($top == "enabled" or
      ($top | IN("too_many_global_admins", "sequential_activation_renewals", "stale_sign_in", "redundant_assignment"))))
    or ($type == "entrapim_alert" and $top == "active");

def value: if . == null then "null" else tostring end;

# The resource changes other than no-ops and reads.
def changes: [.resource_changes[]? | select(.change.actions != ["no-op"] and .change.actions != ["read"])];

# What a change of an entrapim_alert means: "silenced" (dismissed while it
# has incidents; the plan re-enables it) or "reactivated" (PIM raised an
# alert the configuration keeps dismissed; the plan dismisses it again).
def kind:
  if .type == "entrapim_alert" and .change.before.active == false and .change.after.active == true then "silenced"
  elif .type == "entrapim_alert" and .change.before.active == true and .change.after.active == false then "reactivated"
  elif (.change.actions | index("create")) and (.change.actions | index("delete") | not) then "added"
  elif .change.actions == ["delete"] then "removed"
  else "changed" end;

# The names of the root module outputs that change.
def output_names: [(.output_changes // {}) | to_entries[] | select(.value.actions != ["no-op"]) | .key] | sort;

# The alert types of entrapim_alert resources that are active again though
# the configuration dismisses them (the plan dismisses them again).
def reactivated: [changes[] | select(kind == "reactivated") | .change.before.alert_type];

# The alerts the entrapim_alerts data sources read at plan time, in every
# module: not drift, but what a reviewer wants to see next to it.
def modules: recurse(.child_modules[]?);
def incidents:
  [.prior_state.values.root_module? // {} | modules | .resources[]?
   | select(.mode == "data" and .type == "entrapim_alerts") | .values.alerts[]?
   | {alert_type, active, incident_count, severity: .severity_level}]
  | unique_by(.alert_type);

# The plan reduced to what may be shown: what the matrix jobs upload as
# artifacts. The environment variable PIM_DRIFT_JOB_URL (set by the job)
# links the report to the job's log.
def drift: {
  changes: [changes[] | . as $rc
    | (changed_paths(.change.before // {}; .change.after // {}; .change.after_unknown // {})) as $paths
    | {address, actions: .change.actions, kind: kind,
       attributes: ($paths | map(name) | unique),
       values: [$paths[] | select(shown($rc.type)) | . as $p
         | {attribute: ($p | name),
            before: ($rc.change.before // {} | try getpath($p) catch null | value),
            after: (if ($rc.change.after_unknown // {} | try getpath($p) catch null) == true then "(known after apply)"
                    else ($rc.change.after // {} | try getpath($p) catch null | value) end)}]}],
  outputs: output_names,
  reactivated: reactivated,
  incidents: incidents,
  job_url: ($ENV.PIM_DRIFT_JOB_URL // "" | if . == "" or endswith("/job/") then null else . end)
};

# drift of a plan, or a file that already holds it.
def load_drift: if has("format_version") then drift else . end;

# Whether a reduced plan is drift: a resource or an output changes.
def drifted: ((.changes + .outputs) | length) > 0;

# A change as one Markdown table cell: each attribute, with "old → new"
# where the values may be shown.
def change_cell:
  (.values | map({key: .attribute, value: "\(.before) → \(.after)"}) | from_entries) as $v
  | [.attributes[] | "`\(.)`" + (if $v[.] then " \($v[.])" else "" end)] | join("<br>");

# What a change is, for a reviewer.
def kind_cell:
  {silenced: "**silenced**: dismissed while it has incidents; the plan re-enables it",
   reactivated: "**reactivated**: PIM raised an alert this configuration dismisses; the plan dismisses it again",
   added: "added", removed: "removed", changed: "setting changed"}[.kind];
