#!/usr/bin/env bash
# The generated-PHP core (issue 7): tools/wasm2php translates build/shopcredit_host.wasm into
# build/php-runtime/shopcredit_core.php plus shopcredit_core.part1..N.php: the functions in ~100
# autoloaded classes of up to ~60 KB, grouped along the call graph (--lazy-groups), so a request
# compiles only the groups its calls reach (an uncached eligibility decision: ~30 files, 8 MB peak
# instead of 21 MB for everything).
# Profile-guided (issue 15): a counting build (--count-calls) first runs every tests/vectors/*.json
# request once and a real checkout's request 200 times (tools/wasm2php/profile.php); the functions that ran most memory-access helper calls
# per byte are then translated with every access inline, up to HOT_BYTES of their PHP (--profile).
# The same run records the words of linear memory each request touches (on a fresh instance):
# the most touched start every instance as a constant array opcache shares (--words).
# The same wasm and vectors give the same files.
# scripts/stage-bridge.sh ships them all as bridge/lib/*.php.
# Incremental: does nothing when the output is newer than the wasm, every translator source and
# the vectors.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
wasm=build/shopcredit_host.wasm
out=build/php-runtime/shopcredit_core.php
# 250 KB: with the memory words through `$W` inline accesses gained more (session 7: 8.09M → 7.96M
# PHP instructions per decision for +52 KB of PHP against 100 KB).
hot_bytes=250000
test -f "$wasm" || { echo "php-runtime: $wasm is missing (make wasm)" >&2; exit 1; }
if [ -f "$out" ] && [ "$out" -nt "$wasm" ] && [ -z "$(find tools/wasm2php/src tools/wasm2php/Cargo.toml tools/wasm2php/profile.php tests/vectors php-bridge/bench/fixtures/checkout-request.json -newer "$out" -print -quit)" ]; then
  echo "php-runtime: up to date ($out + parts, $(cat build/php-runtime/shopcredit_core*.php | wc -c) bytes)"
  exit 0
fi
start=$(date +%s%N)
cargo build -q -p shopcredit-wasm2php --release
# An unsupported instruction makes wasm2php exit non-zero: the build fails, never a request.
# (cargo run finds the binary wherever CARGO_TARGET_DIR puts it.)
wasm2php() { cargo run -q -p shopcredit-wasm2php --release --bin wasm2php -- "$@"; }
profile=build/php-runtime-profile
rm -rf "$profile"
mkdir -p "$profile" build/php-runtime
trap 'rm -rf "$profile"' EXIT
wasm2php "$wasm" "$profile/shopcredit_core.php" --lazy-groups 60000 --count-calls
php -d memory_limit=1G tools/wasm2php/profile.php "$profile/shopcredit_core.php" "$profile/words.txt" > "$profile/calls.txt" \
  || { echo "php-runtime: the profile run through the counting build failed" >&2; exit 1; }
rm -f build/php-runtime/shopcredit_core*.php
wasm2php "$wasm" "$out" --lazy-groups 60000 --profile "$profile/calls.txt" --hot-bytes "$hot_bytes" --words "$profile/words.txt"
for f in build/php-runtime/shopcredit_core*.php; do
  php -n -l "$f" >/dev/null || { rm -f build/php-runtime/shopcredit_core*.php; echo "php-runtime: generated $f does not parse" >&2; exit 1; }
done
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "php-runtime: $out + parts ($(cat build/php-runtime/shopcredit_core*.php | wc -c) bytes, $(cat build/php-runtime/shopcredit_core*.php | gzip -9 | wc -c) bytes gzipped) in ${ms} ms"
