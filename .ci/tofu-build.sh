#!/usr/bin/env bash
# Builds an OpenTofu CLI of the given version from the Go module proxy into
# ./bin/tofu-VERSION, once, and prints its path (`go mod download`, then
# `go build ./cmd/tofu` inside the unpacked module). Nothing is downloaded
# from release sites.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/cli-build-lib.sh"
version="${1:?usage: tofu-build.sh VERSION}"
cli_build_start tofu github.com/opentofu/opentofu "$version"
cli_build_finish "-X github.com/opentofu/opentofu/version.dev=no" ./cmd/tofu
