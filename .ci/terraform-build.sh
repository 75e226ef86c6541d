#!/usr/bin/env bash
# Builds a Terraform CLI of the given version from the Go module proxy into
# ./bin/terraform-VERSION, once, and prints its path. Nothing is downloaded
# from release sites (there is no internet here, only the module proxy).
#
# `go install github.com/hashicorp/terraform@v1.14.x` is refused: its go.mod
# replaces nested modules (the nine cloud state backends and internal/legacy)
# with directories the module zip does not contain. Only
# internal/backend/init/init.go imports the backends, so the build drops
# those replace and require lines and those backends (azurerm, consul, cos,
# gcs, kubernetes, oss, pg, s3, oci); the local, http, inmem and cloud
# backends remain.
set -euo pipefail
version="${1:?usage: terraform-build.sh VERSION}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/bin/terraform-$version"
if [ -x "$out" ]; then
  echo "$out"
  exit 0
fi
echo ">> building Terraform $version from the Go module proxy into $out (once; a few minutes)" >&2
mkdir -p "$root/bin" "$root/.tmp"
dir="$(cd "$root/.tmp" && GOFLAGS= go mod download -json "github.com/hashicorp/terraform@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
[ -d "$dir" ] || { echo "go mod download of Terraform $version gave no directory" >&2; exit 1; }
work="$(mktemp -d "$root/.tmp/terraform-src.XXXXXX")"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
cp -r "$dir/." "$work/"
chmod -R u+w "$work"
cd "$work"
backends="azure consul cos gcs kubernetes oss pg s3 oci"
for b in $backends; do
  sed -i "\#github.com/hashicorp/terraform/internal/backend/remote-state/$b #d" go.mod
done
sed -i '\#github.com/hashicorp/terraform/internal/legacy #d' go.mod
init=internal/backend/init/init.go
sed -i -E '/backend(Azure|Consul|Cos|GCS|Kubernetes|OCI|OSS|Pg|S3) "github.com\/hashicorp\/terraform\/internal\/backend\/remote-state\//d' "$init"
sed -i -E '/"(azurerm|consul|cos|gcs|kubernetes|oss|pg|s3|oci)": +func\(\) backend.Backend/d' "$init"
GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X github.com/hashicorp/terraform/version.dev=no" -o "$out.tmp" .
mv "$out.tmp" "$out"
"$out" version | head -n 1 >&2
echo "$out"
