#!/usr/bin/env bash
# pim-drift-fanout-summary.sh DIR [TENANTS_JSON]: one Markdown report of the
# drift of many tenants, from what the matrix jobs of drift-matrix.yml saved
# as DIR/<tenant>.json (each plan reduced by pim-drift.jq's drift; a full
# `terraform show -json` plan works too). It starts with "N of M tenants
# drifted", then lists the drifted tenants first, each change on a row:
# resource, action, what it means (a setting changed, an alert silenced, a
# dismissed alert reactivated) and the attributes, with old and new values
# for thresholds and on/off settings (no other value: a plan can name
# privileged accounts); then the tenants without a plan (their job failed)
# and the clean ones. A tenant's name links to its job when the plan job
# set PIM_DRIFT_JOB_URL. Last, apart, the active alerts and incident counts
# each tenant's plan read, which are not drift. With TENANTS_JSON (the
# tenants file of the workflow), a tenant without a plan is listed as
# failed. Exits 2 when a tenant drifted or has no plan, 0 otherwise.
#
# Copy it and pim-drift.jq to .github/scripts/. Needs jq.
set -euo pipefail
dir="${1:?usage: pim-drift-fanout-summary.sh DIR [TENANTS_JSON]}"
lib="$(dirname "${BASH_SOURCE[0]}")"
names=()
if [ -n "${2:-}" ]; then
  # A missing or malformed tenants file must fail, not print an empty table.
  list="$(jq -r '.[].name' "$2")"
  [ -n "$list" ] || { echo "pim-drift-fanout-summary.sh: no tenants in $2" >&2; exit 1; }
  mapfile -t names <<<"$list"
else
  for f in "$dir"/*.json; do [ -e "$f" ] && names+=("$(basename "$f" .json)"); done
fi
[ "${#names[@]}" -gt 0 ] || { echo "pim-drift-fanout-summary.sh: no plans in $dir and no tenants file" >&2; exit 1; }
mapfile -t names < <(printf '%s\n' "${names[@]}" | sort)

# One JSON line per tenant: its name, and its reduced plan, or null when
# there is none or it cannot be read (never left out: a broken artifact
# must not read as a clean night).
reports="$(for name in "${names[@]}"; do
  plan="$dir/$name.json"
  if [ ! -s "$plan" ] || ! jq -c -L "$lib" --arg name "$name" 'include "pim-drift"; {name: $name, drift: load_drift}' "$plan" 2>/dev/null; then
    jq -cn --arg name "$name" '{name: $name, drift: null}'
  fi
done)"
[ "$(wc -l <<<"$reports")" -eq "${#names[@]}" ] || { echo "pim-drift-fanout-summary.sh: a tenant's report is missing" >&2; exit 1; }

jq -r -s -L "$lib" '
  include "pim-drift";
  def link: if .drift.job_url then "[\(.name)](\(.drift.job_url))" else .name end;
  (map(select(.drift != null and (.drift | drifted)))) as $drifted
  | (map(select(.drift == null))) as $failed
  | (map(select(.drift != null and (.drift | drifted | not)))) as $clean
  | "**\($drifted | length) of \(length) tenants drifted**" + (if ($failed | length) > 0 then ", \($failed | length) without a plan (their job failed)" else "" end) + ".",
    "",
    "| Tenant | Drift | Resource | Action | What | Attributes (old → new) |",
    "| --- | --- | --- | --- | --- | --- |",
    ($drifted[] | . as $t | .drift as $d
      | ($d.changes[] | "| \($t | link) | **yes** | `\(.address)` | \(.actions | join(", ")) | \(kind_cell) | \(change_cell) |"),
        ($d.outputs[] | "| \($t | link) | **yes** | `output.\(.)` | update | | |")),
    ($failed[] | "| \(link) | **no plan** (the tenant'"'"'s job failed, or its plan cannot be read) | | | | |"),
    ($clean[] | "| \(link) | no | | | | |"),
    (if ([.[] | .drift.incidents? // [] | .[] | select(.active)] | length) > 0 then
      "", "Active alerts by tenant, with their incident counts (not drift; for review):", "",
      "| Tenant | Active alerts (incidents) |", "| --- | --- |",
      (.[] | select(.drift != null) | . as $t | [.drift.incidents[]? | select(.active) | "`\(.alert_type)` \(.incident_count)"]
        | select(length > 0) | "| \($t | link) | \(join(", ")) |")
    else empty end)
' <<<"$reports"

if jq -e -s -L "$lib" 'include "pim-drift"; any(.[]; .drift == null or (.drift | drifted))' <<<"$reports" >/dev/null; then
  exit 2
fi
