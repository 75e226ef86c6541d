#!/usr/bin/env bash
# make bench: Graph requests, wall time and provider memory of terraform plan
# (refresh of an applied baseline) and apply (from scratch) of the
# 14-resource baseline at 1, 10 and 50 simulated tenants, with the read
# snapshot on and off, plus Go benchmarks of the Graph layer's hot paths and
# of the provider schema. Loopback only; nothing is downloaded.
#
# Environment: BENCH_TENANTS (default 1,10,50), BENCH_LATENCY (default 100ms),
# BENCH_PARALLELISM (default: Terraform's), BENCH_OUT (also write the tables
# to this file), BENCH_GO (0 skips the Go benchmarks).
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
  -tenants "${BENCH_TENANTS:-1,10,50}" \
  -latency "${BENCH_LATENCY:-100ms}" \
  -parallelism "${BENCH_PARALLELISM:-0}" \
  ${BENCH_OUT:+-out "$BENCH_OUT"}
