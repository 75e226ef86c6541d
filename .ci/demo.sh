#!/usr/bin/env bash
# make demo: build the provider, start the simulated tenant, apply the
# example baseline with the real Terraform CLI, change the tenant out of band
# as a person in the portal would, and show the drift in terraform plan.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$root"

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

work="$(mktemp -d "${TMPDIR:-/tmp}/entrapim-demo.XXXXXX")"
sim_pid=""
cleanup() {
  if [ -n "$sim_pid" ] && kill -0 "$sim_pid" 2>/dev/null; then
    kill "$sim_pid" 2>/dev/null || true
    wait "$sim_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

say "Building the provider and the simulated tenant (go build)"
go mod download
mkdir -p "$work/bin"
go build -o "$work/bin/terraform-provider-entrapim" .
go build -o "$work/mockgraph" ./internal/cmd/mockgraph

say "Starting the simulated tenant (internal/mockgraph) on loopback"
mkfifo "$work/ready"
# What PIM's daily scan does to a dismissed alert is undocumented; the demo
# shows drift through a documented path under either behaviour
# (DEMO_DAILY_SCAN=skips-dismissed, the default, or reactivates).
"$work/mockgraph" -listen 127.0.0.1:0 -ca-file "$work/ca.pem" -scan-duration 2s \
  -daily-scan "${DEMO_DAILY_SCAN:-skips-dismissed}" >"$work/ready" 2>"$work/mockgraph.log" &
sim_pid=$!
read -r -t 60 info <"$work/ready" || { echo "the simulator did not start:" >&2; cat "$work/mockgraph.log" >&2; exit 1; }
field() { printf '%s' "$info" | sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
graph="$(field graph_endpoint)"
echo "    Graph endpoint: $graph   tenant: $(field tenant_id)"

say "Writing a Terraform CLI config with dev_overrides (ignoring your TF_CLI_CONFIG_FILE)"
cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/entrapim/entrapim" = "$work/bin"
    "registry.opentofu.org/entrapim/entrapim" = "$work/bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc"
export TF_IN_AUTOMATION=1
export ARM_TENANT_ID="$(field tenant_id)" ARM_CLIENT_ID="$(field client_id)" ARM_CLIENT_SECRET="$(field client_secret)"
export ENTRAPIM_GRAPH_ENDPOINT="$graph" ENTRAPIM_AUTHORITY_HOST="$(field authority_host)"
# The simulator's CA is trusted by the provider process only (Terraform
# itself makes no TLS connection with dev_overrides).
export SSL_CERT_FILE="$work/ca.pem"
unset ARM_USE_CLI ARM_USE_OIDC ARM_USE_MSI ARM_CLIENT_CERTIFICATE_PATH ARM_CLIENT_SECRET_FILE_PATH 2>/dev/null || true

cp -r examples/demo "$work/config"
cd "$work/config"

say "terraform apply: the baseline (thresholds, a refresh, one dismissed alert)"
"$TERRAFORM" apply -auto-approve -input=false

ctl() { curl -fsS --cacert "$work/ca.pem" -H 'Content-Type: application/json' "$@"; }
say "Out of band, as an administrator in the portal: loosen a threshold and refresh the alerts"
echo "    PATCH globalAdminCountThreshold 4 -> 10 on TooManyGlobalAdminsAssignedToTenantAlert"
ctl -X PATCH "$graph/_simulator/configurations/TooManyGlobalAdminsAssignedToTenantAlert" -d '{"globalAdminCountThreshold":10}' >/dev/null
echo "    A refresh reactivates the dismissed RolesAssignedOutsidePimAlert, which still has an incident"
echo "    (documented: \"a successful refresh ... reactivates dismissed alerts\")"
ctl -X POST "$graph/_simulator/refresh" -d '{"alertTypes":["RolesAssignedOutsidePimAlert"]}' >/dev/null

say "terraform plan: the drift (exit code 2 means changes)"
set +e
"$TERRAFORM" plan -input=false -detailed-exitcode
rc=$?
set -e
if [ "$rc" -ne 2 ]; then
  echo "expected terraform plan to report drift (exit 2), got $rc" >&2
  exit 1
fi

say "Demo complete: the plan shows the loosened threshold and the reactivated alert. Stopping the simulator."
