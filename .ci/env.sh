# Sourced by the .ci scripts: finds (or installs) Terraform and sets the
# environment every Terraform run of this project needs. Never downloads
# Terraform at test time; installs it once from the Go module proxy into
# ./bin when none is on PATH.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CHECKPOINT_DISABLE=1
export GOFLAGS="${GOFLAGS:-} -mod=readonly"
mkdir -p "$root/.tmp"

# The oldest Terraform the provider supports, which make test builds from
# the module proxy for the tests of what must hold on every version, and
# which stands in when no Terraform is on PATH.
export TERRAFORM_OLDEST="${TERRAFORM_OLDEST:-v1.5.7}"

if [ -n "${ENTRAPIM_CLI:-}" ]; then
  # Another CLI for this run, such as the OpenTofu that make test builds.
  TERRAFORM="$ENTRAPIM_CLI"
elif command -v terraform >/dev/null 2>&1; then
  TERRAFORM="$(command -v terraform)"
elif [ -x "$root/bin/terraform" ]; then
  TERRAFORM="$root/bin/terraform"
else
  echo ">> terraform is not on PATH: installing Terraform $TERRAFORM_OLDEST into $root/bin from the Go module proxy (about 4 minutes, once)" >&2
  # bin/terraform, for the tools that look for terraform on PATH.
  ln -sf "$(basename "$(bash "$root/.ci/terraform-oldest.sh" "$TERRAFORM_OLDEST")")" "$root/bin/terraform"
  TERRAFORM="$root/bin/terraform"
fi
export TERRAFORM
# The Terraform that make test and make generate build from the module proxy
# for the 1.14 features (terraform query, actions), once, into ./bin.
export TERRAFORM_114="${TERRAFORM_114:-v1.14.9}"
# The OpenTofu that make test builds the same way, for the demo and the
# examples' tests.
export OPENTOFU_VERSION="${OPENTOFU_VERSION:-v1.12.6}"
export TF_ACC_TERRAFORM_PATH="$TERRAFORM"
export PATH="$(dirname "$TERRAFORM"):$PATH"

# This machine exports TF_CLI_CONFIG_FILE; our runs use their own, empty one
# unless a script writes dev_overrides into it.
: > "$root/.tmp/empty.tfrc"
export TF_CLI_CONFIG_FILE="$root/.tmp/empty.tfrc"
unset TF_CLI_CONFIG_PATH TF_PLUGIN_CACHE_DIR 2>/dev/null || true
