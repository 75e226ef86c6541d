#!/usr/bin/env bash
# pim-drift-summary.sh PLAN_JSON: prints a Markdown summary of the plan that
# `terraform show -json` wrote to PLAN_JSON, for a job summary or an
# artifact: each resource that changes, its actions and the names of the
# attributes that change, the outputs that change, and the alerts PIM
# reactivated. It prints no attribute values: a plan of this provider can
# name privileged accounts (incident assignees, user principal names), and
# job summaries and artifacts are readable by everyone who can read the
# repository.
#
# Copy it and pim-drift.jq to .github/scripts/ beside drift.yml. Needs jq
# (installed on GitHub's hosted runners).
set -euo pipefail
plan="${1:?usage: pim-drift-summary.sh PLAN_JSON}"
jq -r -L "$(dirname "${BASH_SOURCE[0]}")" '
  include "pim-drift";
  drift as $d
  | if ($d.changes | length) == 0 and ($d.outputs | length) == 0 then "No drift: the tenant matches the configuration."
    else
      (if ($d.changes | length) > 0 then
        "| Resource | Action | Changed attributes |",
        "| --- | --- | --- |",
        ($d.changes[] | "| `\(.address)` | \(.actions | join(", ")) | \(.attributes | map("`" + . + "`") | join(", ")) |")
      else "No resource changes." end),
      (if ($d.outputs | length) > 0 then "", "Outputs that change (values read from the tenant, such as incident counts): \($d.outputs | map("`" + . + "`") | join(", "))." else empty end),
      (if ($d.reactivated | length) > 0 then "", "Reactivated alerts (PIM found incidents in alerts this configuration dismissed): \($d.reactivated | map("`" + . + "`") | join(", "))." else empty end)
    end
' "$plan"
