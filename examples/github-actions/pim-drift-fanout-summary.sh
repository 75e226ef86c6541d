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
  mapfile -t names < <(jq -r '.[].name' "$2")
else
  for f in "$dir"/*.json; do [ -e "$f" ] && names+=("$(basename "$f" .json)"); done
fi
echo "| Tenant | Drift | Resources and attributes that change | Reactivated alerts |"
echo "| --- | --- | --- | --- |"
status=0
for name in $(printf '%s\n' "${names[@]}" | sort); do
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
