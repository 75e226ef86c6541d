# Shared by terraform-build.sh and tofu-build.sh: both build a CLI from its
# module on the Go module proxy into ./bin/NAME-VERSION, once.
#
# cli_build_start NAME MODULE VERSION: prints the cached binary's path and
# exits when it is already built; otherwise sets $out and $work, unpacks the
# module into $work (writable, removed on exit) and changes into it.
# cli_build_finish LDFLAGS PACKAGE: builds PACKAGE, installs it as $out,
# prints its version on stderr and its path on stdout.
cli_build_start() {
  local name="$1" module="$2" version="$3" dir
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  out="$root/bin/$name-$version"
  if [ -x "$out" ]; then
    echo "$out"
    exit 0
  fi
  echo ">> building $module $version from the Go module proxy into $out (once; a few minutes)" >&2
  mkdir -p "$root/bin" "$root/.tmp"
  dir="$(cd "$root/.tmp" && GOFLAGS= go mod download -json "$module@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [ -d "$dir" ] || { echo "go mod download of $module $version gave no directory" >&2; exit 1; }
  work="$(mktemp -d "$root/.tmp/$name-src.XXXXXX")"
  trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
  cp -r "$dir/." "$work/"
  chmod -R u+w "$work"
  cd "$work"
}

cli_build_finish() {
  GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath -ldflags "-s -w $1" -o "$out.tmp" "$2"
  mv "$out.tmp" "$out"
  : > "$root/.tmp/empty.tfrc"
  TF_CLI_CONFIG_FILE="$root/.tmp/empty.tfrc" "$out" version 2>/dev/null | sed -n 1p >&2
  echo "$out"
}
