#!/usr/bin/env bash
# pim-drift-fanout-summary.sh DIR [TENANTS_JSON]: one Markdown table of the
# drift of many tenants, from what the matrix jobs of drift-matrix.yml saved
# as DIR/<tenant>.json (each plan reduced to names by pim-drift.jq's drift;
# a full `terraform show -json` plan works too): per tenant, whether it
# drifted, which resources and attributes and which outputs change (names
# only, no values) and which dismissed alerts PIM reactivated. With TENANTS_JSON (the
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
echo "| Tenant | Drift | Resources and attributes that change | Reactivated alerts |"
echo "| --- | --- | --- | --- |"
status=0
for name in "${names[@]}"; do
  plan="$dir/$name.json"
  if [ ! -s "$plan" ]; then
    echo "| $name | **no plan** (the tenant's job failed) | | |"
    status=2
    continue
  fi
  jq -r -L "$lib" --arg name "$name" '
    include "pim-drift";
    load_drift as $d
    | ([$d.changes[] | "\(.address) (\(.attributes | join(", ")))"] + [$d.outputs[] | "output.\(.)"]) as $what
    | if ($what | length) == 0 then "| \($name) | no | | |"
      else "| \($name) | **yes** | \($what | map("`" + . + "`") | join("<br>")) | \($d.reactivated | map("`" + . + "`") | join(", ")) |"
      end
  ' "$plan"
  if [ "$(jq -L "$lib" 'include "pim-drift"; load_drift | (.changes + .outputs) | length' "$plan")" != 0 ]; then
    status=2
  fi
done
exit "$status"
