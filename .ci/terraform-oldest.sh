#!/usr/bin/env bash
# Builds the oldest Terraform the provider supports (v1.5.7) from the Go
# module proxy into ./bin/terraform-v1.5.7, once, and prints its path. Its
# module builds with `go install` as it is (unlike 1.14's, see
# terraform-build.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="${1:-v1.5.7}"
out="$root/bin/terraform-$version"
if [ -x "$out" ]; then
  echo "$out"
  exit 0
fi
echo ">> building github.com/hashicorp/terraform $version from the Go module proxy into $out (once; a few minutes)" >&2
mkdir -p "$root/.tmp"
tmp="$(mktemp -d "$root/.tmp/terraform-oldest.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
GOBIN="$tmp" GOFLAGS= CGO_ENABLED=0 go install -trimpath -ldflags "-s -w" "github.com/hashicorp/terraform@$version"
mkdir -p "$root/bin"
mv "$tmp/terraform" "$out"
echo "$out"
