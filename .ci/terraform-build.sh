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
source "$(dirname "${BASH_SOURCE[0]}")/cli-build-lib.sh"
version="${1:?usage: terraform-build.sh VERSION}"
cli_build_start terraform github.com/hashicorp/terraform "$version"
backends="azure consul cos gcs kubernetes oss pg s3 oci"
for b in $backends; do
  sed -i "\#github.com/hashicorp/terraform/internal/backend/remote-state/$b #d" go.mod
done
sed -i '\#github.com/hashicorp/terraform/internal/legacy #d' go.mod
init=internal/backend/init/init.go
sed -i -E '/backend(Azure|Consul|Cos|GCS|Kubernetes|OCI|OSS|Pg|S3) "github.com\/hashicorp\/terraform\/internal\/backend\/remote-state\//d' "$init"
sed -i -E '/"(azurerm|consul|cos|gcs|kubernetes|oss|pg|s3|oci)": +func\(\) backend.Backend/d' "$init"
cli_build_finish "-X github.com/hashicorp/terraform/version.dev=no" .
