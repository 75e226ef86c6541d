#!/usr/bin/env bash
# make release-check: actionlint on the workflows, `goreleaser check`, then
# a snapshot release of this machine's platform signed with a throwaway RSA
# key generated here, and the tests of internal/release: what came out, and
# terraform init and tofu init installing it through the provider registry
# protocol and from a filesystem mirror, with no dev_overrides.
# GoReleaser, actionlint and (for the OpenTofu part) OpenTofu are built from
# the Go module proxy once into ./bin; gnupg comes from Debian when missing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$root"

goreleaser_version=v2.16.0
actionlint_version=v1.7.12
release_version=0.1.0

# install_tool NAME MODULE VERSION: builds MODULE@VERSION into ./bin/NAME-VERSION once.
install_tool() {
  local name="$1" module="$2" version="$3" out="$root/bin/$1-$3" tmp
  if [ ! -x "$out" ]; then
    echo ">> building $module@$version into $out (once)" >&2
    tmp="$(mktemp -d "$root/.tmp/$name.XXXXXX")"
    GOBIN="$tmp" GOFLAGS= CGO_ENABLED=0 go install "$module@$version"
    mkdir -p "$root/bin"
    mv "$tmp/$(basename "${module%/v[0-9]*}")" "$out"
    rm -rf "$tmp"
  fi
  echo "$out"
}

if ! command -v gpg >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then as_root=(); else as_root=(sudo -n); fi
  if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" = 0 ] || sudo -n true 2>/dev/null; }; then
    echo ">> gpg is missing: installing Debian's gnupg" >&2
    ${as_root[@]+"${as_root[@]}"} apt-get update -qq >&2 && ${as_root[@]+"${as_root[@]}"} apt-get install -y -qq gnupg >&2
  else
    echo "make release-check needs gpg (GnuPG) on PATH, for example: sudo apt-get install gnupg" >&2
    exit 1
  fi
fi

actionlint="$(install_tool actionlint github.com/rhysd/actionlint/cmd/actionlint "$actionlint_version")"
"$actionlint" .github/workflows/*.yml
# Every action of the workflows is pinned to a commit.
if grep -nE '^\s*(- )?uses: ' .github/workflows/*.yml | grep -vE 'uses: [^ @]+@[0-9a-f]{40}( |$)'; then
  echo "release-check: the workflow lines above use an action not pinned to a commit" >&2
  exit 1
fi

goreleaser="$(install_tool goreleaser github.com/goreleaser/goreleaser/v2 "$goreleaser_version")"
"$goreleaser" check

work="$(mktemp -d "$root/.tmp/release-check.XXXXXX")"
# A short path of its own: gpg-agent's socket path must stay under 108 bytes.
export GNUPGHOME="$(mktemp -d /tmp/entrapim-gnupg.XXXXXX)"
cleanup() { gpgconf --kill all >/dev/null 2>&1 || true; rm -rf "$work" "$GNUPGHOME"; }
trap cleanup EXIT
chmod 700 "$GNUPGHOME"
# An RSA key: the Terraform Registry accepts RSA or DSA keys, not ECC ones.
gpg --batch --pinentry-mode loopback --passphrase '' --quick-gen-key \
  'entrapim release check <release-check@example.invalid>' rsa3072 sign 1d 2>/dev/null
fingerprint="$(gpg --batch --with-colons --list-secret-keys | awk -F: '/^fpr:/{print $10; exit}')"
# Algorithm 1 is RSA (RFC 4880).
[ "$(gpg --batch --with-colons --list-secret-keys | awk -F: '/^sec:/{print $4; exit}')" = 1 ] ||
  { echo "release-check: the signing key is not an RSA key" >&2; exit 1; }

# The release configuration for this machine's platform only, with a fixed
# version and its own dist directory.
goos="$(go env GOOS)" goarch="$(go env GOARCH)"
awk -v goos="$goos" -v goarch="$goarch" -v dist="$work/dist" -v version="$release_version" '
  /^    goos:$/   { print; print "      - " goos; skip = 1; next }
  /^    goarch:$/ { print; print "      - " goarch; skip = 1; next }
  /^    ignore:$/ { skip = 1; next }
  skip && /^      / { next }
  { skip = 0; print }
  END { print "dist: " dist; print "snapshot:"; print "  version_template: \"" version "\"" }
' .goreleaser.yml > "$work/goreleaser.yml"
GPG_FINGERPRINT="$fingerprint" "$goreleaser" release --snapshot --clean --skip=before --config "$work/goreleaser.yml" >"$work/goreleaser.log" 2>&1 ||
  { cat "$work/goreleaser.log"; echo "release-check: goreleaser release --snapshot failed" >&2; exit 1; }
zips=("$work/dist"/*.zip)
[ "${#zips[@]}" -eq 1 ] || { echo "release-check: ${#zips[@]} archives, want the one of $goos/$goarch" >&2; exit 1; }
# The manifest the release publishes beside the archives (release.extra_files).
cp terraform-registry-manifest.json "$work/dist/terraform-provider-entrapim_${release_version}_manifest.json"
ls "$work/dist"/*.zip "$work/dist"/*SHA256SUMS* "$work/dist"/*manifest.json

tofu="$(bash .ci/tofu-build.sh "$OPENTOFU_VERSION")"
log="$root/.tmp/release-check-test.log"
if ! RELEASE_DIST="$work/dist" RELEASE_VERSION="$release_version" RELEASE_GNUPGHOME="$GNUPGHOME" ENTRAPIM_TOFU="$tofu" TF_ACC=1 \
  go test -count=1 -timeout 15m -v -run '^(TestReleaseArtifacts|TestAccReleaseInstall|TestAccReleaseMirror)$' ./internal/release/ >"$log" 2>&1; then
  cat "$log"
  echo "release-check: the release's tests failed" >&2
  exit 1
fi
grep -E '^ *--- ' "$log"
# Each test ran and passed, none skipped.
for test in TestReleaseArtifacts TestAccReleaseInstall TestAccReleaseMirror; do
  grep -q "^--- PASS: $test " "$log" || { cat "$log"; echo "release-check: $test did not pass" >&2; exit 1; }
done
if grep -q -- '--- SKIP' "$log"; then cat "$log"; echo "release-check: a release test skipped" >&2; exit 1; fi
echo "release-check: a signed snapshot release of $release_version for $goos/$goarch, verified and installed by terraform and tofu"
