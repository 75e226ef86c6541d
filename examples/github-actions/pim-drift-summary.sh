#!/usr/bin/env bash
# pim-drift-summary.sh PLAN_JSON: prints a Markdown summary of the plan that
# `terraform show -json` wrote to PLAN_JSON, for a job summary or an
# artifact: each resource that changes, its action, what the change means
# (a setting changed, an alert silenced, a dismissed alert reactivated) and
# the attributes that change, with old and new values for thresholds and
# on/off settings; the outputs that change; and, apart, the alerts and
# incident counts PIM reports, which are not drift. It prints no other
# value: a plan of this provider can name privileged accounts (incident
# assignees, user principal names), and job summaries and artifacts are
# readable by everyone who can read the repository.
#
# Copy it and pim-drift.jq to .github/scripts/ beside drift.yml. Needs jq
# (installed on GitHub's hosted runners).
set -euo pipefail
plan="${1:?usage: pim-drift-summary.sh PLAN_JSON}"
jq -r -L "$(dirname "${BASH_SOURCE[0]}")" '
  include "pim-drift";
  load_drift as $d
  | (if $d | drifted | not then "No drift: the tenant matches the configuration."
     else
       (if ($d.changes | length) > 0 then
         "| Resource | Action | What | Attributes (old → new) |",
         "| --- | --- | --- | --- |",
         ($d.changes[] | "| `\(.address)` | \(.actions | join(", ")) | \(kind_cell) | \(change_cell) |")
       else "No resource changes." end),
       (if ($d.outputs | length) > 0 then "", "Outputs that change: \($d.outputs | map("`" + . + "`") | join(", "))." else empty end)
     end),
    (if ($d.incidents | length) > 0 then
      "", "Alerts PIM reports (not drift; for review):", "",
      "| Alert | Active | Incidents | Severity |", "| --- | --- | --- | --- |",
      ($d.incidents[] | "| `\(.alert_type)` | \(if .active then "yes" else "no" end) | \(.incident_count) | \(.severity) |")
    else empty end)
' "$plan"
