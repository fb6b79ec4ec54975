#!/usr/bin/env bash
# The typed JavaScript API tested from inside the wasm with wasm-bindgen-test (bindings/js/tests),
# in Node and in headless Chromium (Debian chromium + chromium-driver). Own target dir, so it never
# shares artifacts with the pkg/ build.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="$PWD/target-js-test"
command -v chromedriver >/dev/null && command -v chromium >/dev/null \
  || { echo "test-wasm-bindgen: chromium or chromedriver missing (scripts/setup.sh installs them)" >&2; exit 1; }
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# The same test suite twice; WASM_BINDGEN_USE_BROWSER makes the runner use the browser for a suite
# not marked run_in_browser (without it, it skips the suite and counts nothing).
wasm-pack test --node --mode no-install bindings/js 2>&1 | tee "$log"
WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --headless --chrome --chromedriver "$(command -v chromedriver)" --mode no-install bindings/js 2>&1 | tee -a "$log"
# A runner that skipped a suite still says ok: require the typed suite to have run in both.
runs="$(grep -c '^test result: ok\. [1-9][0-9]* passed' "$log" || true)"
[ "$runs" -ge 2 ] || { echo "test-wasm-bindgen: the typed suite did not run in both Node and Chromium" >&2; exit 1; }
echo "test-wasm-bindgen: the typed suite passed in Node and headless Chromium"
