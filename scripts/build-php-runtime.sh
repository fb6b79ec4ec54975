#!/usr/bin/env bash
# The generated-PHP core (issue 7): tools/wasm2php translates build/shopcredit_host.wasm into
# build/php-runtime/shopcredit_core.php plus shopcredit_core.part1..N.php: the functions in ~110
# autoloaded classes of up to ~60 KB, grouped along the call graph (--lazy-groups), so a request
# compiles only the groups its calls reach (an uncached eligibility decision: ~35 files, 9 MB peak
# instead of 21 MB for everything).
# scripts/stage-bridge.sh ships them all as bridge/lib/*.php.
# Incremental: does nothing when the output is newer than the wasm and every translator source.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
wasm=build/shopcredit_host.wasm
out=build/php-runtime/shopcredit_core.php
test -f "$wasm" || { echo "php-runtime: $wasm is missing (make wasm)" >&2; exit 1; }
if [ -f "$out" ] && [ "$out" -nt "$wasm" ] && [ -z "$(find tools/wasm2php/src tools/wasm2php/Cargo.toml -newer "$out" -print -quit)" ]; then
  echo "php-runtime: up to date ($out + parts, $(cat build/php-runtime/shopcredit_core*.php | wc -c) bytes)"
  exit 0
fi
start=$(date +%s%N)
cargo build -q -p shopcredit-wasm2php --release
mkdir -p build/php-runtime
rm -f build/php-runtime/shopcredit_core*.php
# An unsupported instruction makes wasm2php exit non-zero: the build fails, never a request.
# (cargo run finds the binary wherever CARGO_TARGET_DIR puts it.)
cargo run -q -p shopcredit-wasm2php --release --bin wasm2php -- "$wasm" "$out" --lazy-groups 60000
for f in build/php-runtime/shopcredit_core*.php; do
  php -n -l "$f" >/dev/null || { rm -f build/php-runtime/shopcredit_core*.php; echo "php-runtime: generated $f does not parse" >&2; exit 1; }
done
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "php-runtime: $out + parts ($(cat build/php-runtime/shopcredit_core*.php | wc -c) bytes, $(cat build/php-runtime/shopcredit_core*.php | gzip -9 | wc -c) bytes gzipped) in ${ms} ms"
