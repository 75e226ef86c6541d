#!/usr/bin/env bash
# The import rules of .golangci.yml must hold, not only be written down: in a
# copy of the tracked files, add one import each rule forbids and check that
# golangci-lint's depguard refuses every one of them. make lint runs this.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"
git ls-files -z | xargs -0 -I{} cp --parents {} "$work"
module=github.com/entrapim/terraform-provider-entrapim/internal

# forbid FILE IMPORT: add `import _ "IMPORT"` to the copy of FILE.
forbid() {
  sed -i "0,/^import (/s||import (\n\t_ \"$2\"|" "$work/$1"
}
forbid internal/mockgraph/tenant/tenant.go "net/http"
forbid internal/mockgraph/tenant/model.go "$module/isoduration"
forbid internal/mockgraph/graphapi/render.go "$module/thresholds"
forbid internal/mockgraph/harness/control.go "$module/graph"
forbid internal/mockgraph/entra/cli.go "$module/mockgraph/graphapi"
forbid internal/resources/alert.go "$module/mockgraph"

cd "$work"
out="$(go run github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.15.0 run --enable-only depguard \
  ./internal/mockgraph/... ./internal/resources/... 2>&1 || true)"
want=(
  "tenant/tenant.go.*'net/http'"
  "tenant/model.go.*internal/isoduration'"
  "graphapi/render.go.*internal/thresholds'"
  "harness/control.go.*internal/graph'"
  "entra/cli.go.*internal/mockgraph/graphapi'"
  "resources/alert.go.*internal/mockgraph'"
)
missing=0
for w in "${want[@]}"; do
  if ! grep -Eq "$w.*depguard" <<<"$out"; then
    echo "lint-rules-check: depguard did not refuse the forbidden import $w" >&2
    missing=1
  fi
done
if [ "$missing" -ne 0 ]; then
  echo "$out" >&2
  exit 1
fi
echo "lint-rules-check: depguard refuses each of the ${#want[@]} forbidden imports"
