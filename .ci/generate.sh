#!/usr/bin/env bash
# make generate: format the examples and regenerate docs/ with tfplugindocs,
# offline (it uses the terraform on PATH; never pass --tf-version).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$root"

if [ ! -x "$root/bin/tfplugindocs" ]; then
  echo ">> building tfplugindocs v0.25.0 into $root/bin (once)" >&2
  GOBIN="$root/bin" GOFLAGS= go install github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs@v0.25.0
fi
"$TERRAFORM" fmt -recursive examples
"$root/bin/tfplugindocs" generate --provider-name entrapim --rendered-provider-name "Entra PIM security alerts"
