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
# Actions and list resources appear in the provider schema of Terraform 1.14
# and later only: tfplugindocs runs the terraform on PATH, so put the one
# built from the module proxy first (built once into ./bin).
tf114="$(bash "$root/.ci/terraform-build.sh" "$TERRAFORM_114")"
mkdir -p "$root/.tmp/terraform-114"
ln -sf "$tf114" "$root/.tmp/terraform-114/terraform"
PATH="$root/.tmp/terraform-114:$PATH" "$root/bin/tfplugindocs" generate --provider-name entrapim --rendered-provider-name "Entra PIM security alerts"
# The registry's checks of docs/ (front matter, file names, sections).
PATH="$root/.tmp/terraform-114:$PATH" "$root/bin/tfplugindocs" validate --provider-name entrapim > "$root/.tmp/tfplugindocs-validate.log" 2>&1 ||
  { cat "$root/.tmp/tfplugindocs-validate.log"; echo "tfplugindocs validate failed" >&2; exit 1; }
