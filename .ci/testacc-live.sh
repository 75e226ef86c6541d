#!/usr/bin/env bash
# make testacc-live: the live-capable acceptance tests (TestAccLive_*, and
# every other acceptance test, which skips itself with its reason) against
# the real tenant named by the ARM_* environment. Tests that change the
# tenant put back every alert configuration and alert state they found,
# also when they fail; remediation never runs. Writes need
# RoleManagementAlert.ReadWrite.Directory; with only
# RoleManagementAlert.Read.Directory the write tests skip.
set -euo pipefail

if [ "${ENTRAPIM_ACC_LIVE:-}" != 1 ]; then
  cat >&2 <<'MSG'
make testacc-live runs acceptance tests against a real tenant, and changes it (then restores it).
Set ENTRAPIM_ACC_LIVE=1 to confirm, and the tenant and credential in the azuread provider's variables:
  ARM_TENANT_ID   the tenant's GUID
  ARM_CLIENT_ID   the app registration (RoleManagementAlert.ReadWrite.Directory; Read.Directory runs the read-only subset)
  and one credential: ARM_CLIENT_SECRET, ARM_CLIENT_CERTIFICATE_PATH, or ARM_USE_OIDC=true with an OIDC token source
Optional: ENTRAPIM_GRAPH_ENDPOINT / ENTRAPIM_AUTHORITY_HOST (another endpoint), SSL_CERT_FILE (its CA).
MSG
  exit 2
fi
if [ -z "${ARM_TENANT_ID:-}" ] || [ -z "${ARM_CLIENT_ID:-}" ]; then
  echo "make testacc-live: ARM_TENANT_ID and ARM_CLIENT_ID are required (and a credential); see 'ENTRAPIM_ACC_LIVE= make testacc-live'." >&2
  exit 2
fi

source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$root"
log="$root/.tmp/testacc-live.log"
# One test at a time, one package at a time: the tests share the tenant.
set +e
TF_ACC=1 go test -p 1 -count=1 -timeout 60m -v -run '^TestAcc' ./internal/... > "$log" 2>&1
code=$?
set -e
passed=$(grep -cE '^\s*--- PASS: TestAcc' "$log" || true)
skipped=$(grep -cE '^\s*--- SKIP: TestAcc' "$log" || true)
failed=$(grep -cE '^\s*--- FAIL: TestAcc' "$log" || true)
grep -E '^\s*--- (PASS|FAIL): TestAccLive|^\s*--- SKIP: TestAccLive' -A1 "$log" | grep -vE '^--$' || true
grep -E '^\s*--- FAIL' -A20 "$log" | head -200 || true
echo "make testacc-live: $passed passed, $failed failed, $skipped skipped (simulator-only or without write permission); log in $log"
exit "$code"
