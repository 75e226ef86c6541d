#!/usr/bin/env bash
# pim-drift-summary.sh PLAN_JSON: prints a Markdown summary of the plan that
# `terraform show -json` wrote to PLAN_JSON, for a job summary or an
# artifact: each resource that changes, its actions and the names of the
# attributes that change, and the alerts PIM reactivated. It prints no
# attribute values: a plan of this provider can name privileged accounts
# (incident assignees, user principal names), and job summaries and
# artifacts are readable by everyone who can read the repository.
#
# Copy it and pim-drift.jq to .github/scripts/ beside drift.yml. Needs jq
# (installed on GitHub's hosted runners).
set -euo pipefail
jq -r -L "$(dirname "${BASH_SOURCE[0]}")" '
  include "pim-drift";
  changes as $rc
  | reactivated as $reactivated
  | if ($rc | length) == 0 then "No drift: the tenant matches the configuration."
    else
      "| Resource | Action | Changed attributes |",
      "| --- | --- | --- |",
      ($rc[] | "| `\(.address)` | \(.change.actions | join(", ")) | \(changed(.change.before // {}; .change.after // {}; .change.after_unknown // {}) | map("`" + . + "`") | join(", ")) |"),
      (if ($reactivated | length) > 0 then "", "Reactivated alerts (PIM found incidents in alerts this configuration dismissed): \($reactivated | map("`" + . + "`") | join(", "))." else empty end)
    end
' "$1"
