#!/usr/bin/env bash
# The generated-PHP core (issue 7): tools/wasm2php translates build/shopcredit_host.wasm into
# build/php-runtime/shopcredit_core.php (scripts/stage-bridge.sh ships it as bridge/lib/).
# Incremental: does nothing when the output is newer than the wasm and every translator source.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
wasm=build/shopcredit_host.wasm
out=build/php-runtime/shopcredit_core.php
test -f "$wasm" || { echo "php-runtime: $wasm is missing (make wasm)" >&2; exit 1; }
if [ -f "$out" ] && [ "$out" -nt "$wasm" ] && [ -z "$(find tools/wasm2php/src tools/wasm2php/Cargo.toml -newer "$out" -print -quit)" ]; then
  echo "php-runtime: up to date ($out, $(stat -c %s "$out") bytes)"
  exit 0
fi
start=$(date +%s%N)
cargo build -q -p shopcredit-wasm2php --release
mkdir -p build/php-runtime
# An unsupported instruction makes wasm2php exit non-zero: the build fails, never a request.
target/release/wasm2php "$wasm" "$out"
php -n -l "$out" >/dev/null || { rm -f "$out"; echo "php-runtime: generated PHP does not parse" >&2; exit 1; }
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "php-runtime: $out ($(stat -c %s "$out") bytes, $(gzip -9c "$out" | wc -c) bytes gzipped) in ${ms} ms"
