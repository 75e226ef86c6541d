#!/usr/bin/env bash
# make test: every part below, in order. Each part is also a make target of
# its own (make test-unit, make testacc, make test-cli, ...), so the
# pull-request workflow can run them as separate jobs:
#
#   unit      go vet and the unit tests with the race detector
#   lint      golangci-lint v2.15.0 with gofmt, goimports and the import rules,
#             and a check that the import rules refuse forbidden imports
#   fuzz      brief fuzzing of the parsers
#   acc       the acceptance tests with the real Terraform CLI against the
#             simulated tenant
#   cli       the same with the other supported CLIs: Terraform 1.14 features,
#             the oldest supported Terraform, and OpenTofu (tests and demo)
#   live-sim  make testacc-live against the standalone simulated tenant
#   demo      make demo under both daily-scan behaviours
#   docs      generated docs are up to date
#   release   make release-check
#
# Usage: .ci/test.sh [part ...]   (no part: all of them)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$root"

step() { printf '\n==> %s\n' "$*"; }

all_parts=(unit lint fuzz acc cli live-sim demo docs release)
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=("${all_parts[@]}")
for part in "${parts[@]}"; do
  case " ${all_parts[*]} " in
    *" $part "*) ;;
    *) echo "unknown part '$part'; the parts are: ${all_parts[*]}" >&2; exit 2 ;;
  esac
done

step "prerequisites"
for tool in git curl jq; do
  command -v "$tool" >/dev/null 2>&1 ||
    { echo "make test needs $tool on PATH (for example: apt-get install $tool); see README.md, Requirements." >&2; exit 1; }
done

step "go mod download"
go mod download

step "terraform: $("$TERRAFORM" version | sed -n 1p) ($TERRAFORM)"

part_unit() {
  step "go vet"
  go vet ./...

  step "unit tests (race detector)"
  go test -race -p 2 -count=1 -timeout 20m ./...
}

part_lint() {
  step "lint (golangci-lint v2.15.0 with gofmt and goimports; built once from the module proxy)"
  make lint
}

part_fuzz() {
  step "fuzzing (brief)"
  # Counted budgets (Nx), about 10 s each here, not durations: with a duration
  # Go 1.26's fuzz coordinator can fail a clean run with "context deadline
  # exceeded" at the deadline (golang/go#75804, fixed in Go 1.27).
  go test -run '^$' -fuzz '^FuzzParse$' -fuzztime 800000x -timeout 5m ./internal/isoduration/
  go test -run '^$' -fuzz '^FuzzParseID$' -fuzztime 600000x -timeout 5m ./internal/alerttypes/
  go test -run '^$' -fuzz '^FuzzFilter$' -fuzztime 250000x -timeout 5m ./internal/mockgraph/graphapi/odatafilter/
}

part_acc() {
  step "acceptance tests (TF_ACC=1, simulated tenant)"
  TF_ACC=1 go test -p 2 -count=1 -timeout 40m -run '^TestAcc' ./internal/...
}

part_cli() {
  step "Terraform $TERRAFORM_114 features (identity, terraform query, actions) and the functions, with a Terraform built from the module proxy"
  tf114="$(bash .ci/terraform-build.sh "$TERRAFORM_114")"
  "$tf114" version | sed -n 1p
  # The tests named *_identity*, *_query* and *_action* skip below their
  # Terraform version; the function tests need 1.8, which the v1.5.7 fallback
  # on a machine without Terraform is not.
  TF_ACC=1 TF_ACC_TERRAFORM_PATH="$tf114" go test -p 2 -count=1 -timeout 30m \
    -run '^(TestAcc[A-Za-z]*_(identity|query|action)[A-Za-z]*|TestAlertIDFunction[A-Za-z_]*|TestAccLive_alertID)$' ./internal/...

  step "Terraform $TERRAFORM_OLDEST (the oldest supported): state of another tenant and the Global Administrator minimum across processes"
  if [ "$("$TERRAFORM" version | sed -n 1p)" = "Terraform $TERRAFORM_OLDEST" ]; then
    echo "the acceptance tests above ran with Terraform $TERRAFORM_OLDEST already"
  else
    tfold="$(bash .ci/terraform-oldest.sh "$TERRAFORM_OLDEST")"
    "$tfold" version | sed -n 1p
    TF_ACC=1 TF_ACC_TERRAFORM_PATH="$tfold" go test -p 2 -count=1 -timeout 20m \
      -run '^(TestAccRightTenant_[A-Za-z]*|TestAccRemediationGuard_(aliases|concurrentApplies|batch|interrupt))$' ./internal/examples/
  fi

  step "OpenTofu $OPENTOFU_VERSION: the demo and the examples' tests, with an OpenTofu built from the module proxy"
  tofu="$(bash .ci/tofu-build.sh "$OPENTOFU_VERSION")"
  TF_CLI_CONFIG_FILE="$root/.tmp/empty.tfrc" "$tofu" version | sed -n 1p
  # OpenTofu resolves entrapim/entrapim on registry.opentofu.org: the testing
  # framework reattaches the in-process provider there, and the CLI tests'
  # dev_overrides name both hosts.
  TF_ACC=1 TF_ACC_TERRAFORM_PATH="$tofu" TF_ACC_PROVIDER_HOST=registry.opentofu.org \
    go test -p 2 -count=1 -timeout 30m -run '^TestAcc' ./internal/examples/
  ENTRAPIM_CLI="$tofu" DEMO_DAILY_SCAN=skips-dismissed bash .ci/demo.sh > "$root/.tmp/demo-opentofu.log" 2>&1 ||
    { cat "$root/.tmp/demo-opentofu.log"; echo "make demo failed with OpenTofu" >&2; exit 1; }
  echo "make demo with OpenTofu: apply and drift plan succeeded (log in .tmp/demo-opentofu.log)"
}

part_live_sim() {
  step "make testacc-live against the standalone simulated tenant, as if it were a real one (read-write and read-only apps)"
  bash .ci/testacc-live-sim.sh
}

part_demo() {
  step "make demo (the README's first command, on the simulated tenant), under both daily-scan behaviours"
  for daily in skips-dismissed reactivates; do
    DEMO_DAILY_SCAN=$daily bash .ci/demo.sh > "$root/.tmp/demo-$daily.log" 2>&1 ||
      { cat "$root/.tmp/demo-$daily.log"; echo "make demo failed (daily scan: $daily)" >&2; exit 1; }
    echo "make demo (daily scan $daily): apply and drift plan succeeded (log in .tmp/demo-$daily.log)"
  done
}

part_docs() {
  if [ -d docs ] && [ -d templates ]; then
    step "generated docs are up to date"
    bash .ci/generate.sh
    if ! git diff --exit-code -- docs examples || [ -n "$(git status --porcelain -- docs examples)" ]; then
      echo "docs/ or examples/ differ from what 'make generate' produces: run 'make generate' and commit the result." >&2
      exit 1
    fi
  fi
}

part_release() {
  step "make release-check: a signed snapshot release, verified and installed by terraform init and tofu init"
  bash .ci/release-check.sh
}

for part in "${parts[@]}"; do
  "part_${part//-/_}"
done

if [ ${#parts[@]} -eq ${#all_parts[@]} ]; then
  step "all tests passed"
else
  step "passed: ${parts[*]}"
fi
