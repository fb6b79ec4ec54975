#!/usr/bin/env bash
# Runs the whole PHP bridge suite (every test under php-bridge/tests): php-bridge/tests/run.sh [phpunit args...]
# Builds the host wasm first when it is missing (the runtime tests run it through wasmtime).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(cd .. && pwd)"
if [ -z "${SHOPCREDIT_WASM:-}" ] && [ ! -f php-bridge/lib/shopcredit_host.wasm ] && [ ! -f "$root/build/shopcredit_host.wasm" ]; then
  echo "[run.sh] build/shopcredit_host.wasm is missing: building it" >&2
  (cd "$root" && { [ -f scripts/build-wasm.sh ] && bash scripts/build-wasm.sh; } || {
    export PATH="$HOME/.cargo/bin:$PATH"
    cargo build -p shopcredit-host --release --target wasm32-unknown-unknown --target-dir target-host --quiet
    mkdir -p build && cp target-host/wasm32-unknown-unknown/release/shopcredit_host.wasm build/shopcredit_host.wasm
  })
fi
exec phpunit -c phpunit.xml "$@"
