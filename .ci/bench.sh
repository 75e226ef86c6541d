#!/usr/bin/env bash
# make bench: Graph requests, provider processes, memory and CPU, and wall time
# of terraform plan (refresh of an applied baseline) and apply (from scratch)
# of the 14-resource baseline per tenant at 10, 50 and 200 simulated tenants,
# each reached two ways: one provider alias per tenant and one provider
# configuration with tenant_id on every resource;
# plus Go benchmarks of the Graph layer's hot paths and of the provider
# schema. One simulator process serves every tenant. Loopback only; nothing
# is downloaded.
#
# Environment: BENCH_TENANTS (default 10,50,200; 1000 runs the per-resource
# mode only, and its apply wrote 9,560 of 13,000 changes in 28 minutes here,
# slowing as Terraform's state grew), BENCH_MODES (default aliases,per-resource),
# BENCH_ALIASES_MAX (default 200), BENCH_SNAPSHOT
# (default on; on,off also measures without the read snapshot),
# BENCH_LATENCY (default 100ms), BENCH_PARALLELISM (default: Terraform's),
# BENCH_FLOOR (1 also measures the largest count without latency), BENCH_OUT
# (also write the tables to this file), BENCH_GO (0 skips the Go benchmarks),
# BENCH_TIMEOUT (default 60m: the whole run; a run stopped by it still
# reports what it measured).
# A quick run: BENCH_TENANTS=10,50 BENCH_GO=0 make bench
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$root"

work="$(mktemp -d "${TMPDIR:-/tmp}/entrapim-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT INT TERM

echo "==> terraform: $("$TERRAFORM" version | head -n1) ($TERRAFORM)" >&2
echo "==> building the provider, the simulator and the bench (go build)" >&2
mkdir -p "$work/bin"
go build -o "$work/bin/terraform-provider-entrapim" .
go build -o "$work/mockgraph" ./internal/cmd/mockgraph
go build -o "$work/bench" ./internal/cmd/bench

if [ "${BENCH_GO:-1}" != 0 ]; then
  echo "==> Go benchmarks (internal/graph, internal/provider)" >&2
  go test -run '^$' -bench . -benchmem -count 1 ./internal/graph/ ./internal/provider/ | grep -E '^(Benchmark|goos|goarch|cpu|ok)'
  echo
fi

echo "==> terraform plan and apply against simulated tenants" >&2
"$work/bench" \
  -terraform "$TERRAFORM" \
  -provider-dir "$work/bin" \
  -simulator "$work/mockgraph" \
  -work "$work" \
  -tenants "${BENCH_TENANTS:-10,50,200}" \
  -modes "${BENCH_MODES:-aliases,per-resource}" \
  -aliases-max "${BENCH_ALIASES_MAX:-200}" \
  -snapshot "${BENCH_SNAPSHOT:-on}" \
  -latency "${BENCH_LATENCY:-100ms}" \
  -parallelism "${BENCH_PARALLELISM:-0}" \
  -floor="$([ "${BENCH_FLOOR:-0}" = 1 ] && echo true || echo false)" \
  -timeout "${BENCH_TIMEOUT:-60m}" \
  ${BENCH_OUT:+-out "$BENCH_OUT"}
