#!/usr/bin/env bash
# Builds the real OpenZiti controller CLI (`ziti`) once per version and prints its path; later runs
# reuse the cached binary. Go's module and build caches are kept between runs too.
# `go install module@version` refuses modules whose go.mod has replace directives, so the binary is
# built from a throwaway module (created here, never committed) carrying the same replace line.
set -euo pipefail

version="${ZITI_VERSION:-v2.0.3}"
cache="${ZITI_STATUS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ziti-status}"
bin_dir="$cache/ziti-$version"
bin="$bin_dir/ziti"

if [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi
command -v go >/dev/null || { echo "ziti-bin: go is not installed; the real-controller tier needs Go" >&2; exit 1; }

build="$cache/build-$version"
mkdir -p "$build" "$bin_dir"
cat > "$build/go.mod" <<MOD
module ziti-status.invalid/ziti-build

go 1.24

require github.com/openziti/ziti/v2 $version

// The same replace line as OpenZiti's own go.mod.
replace github.com/michaelquigley/pfxlog => github.com/michaelquigley/pfxlog v0.6.10
MOD
cat > "$build/tools.go" <<'GO'
//go:build tools

package build

import _ "github.com/openziti/ziti/v2/ziti"
GO

started=$(date +%s)
echo "ziti-bin: building ziti $version (first time only; Go caches stay in $(go env GOMODCACHE))" >&2
(cd "$build" && GOFLAGS=-mod=mod go mod tidy >&2 && go build -trimpath -o "$bin.tmp" github.com/openziti/ziti/v2/ziti >&2)
mv "$bin.tmp" "$bin"
echo "ziti-bin: built in $(( $(date +%s) - started ))s: $(du -h "$bin" | cut -f1)" >&2
echo "$bin"
