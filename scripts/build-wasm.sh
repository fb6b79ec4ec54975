#!/usr/bin/env bash
# Builds both WebAssembly modules from the one core, never sharing features:
#   pkg/                          wasm-bindgen build for browsers and Node (wasm-pack, --target web)
#   build/shopcredit_host.wasm    zero-import host-ABI module for PHP (wasmtime, generated PHP)
# wasm-opt comes from npm binaryen (Debian's 108 corrupts wasm-bindgen output).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
mkdir -p build

# Separate target dirs: the two builds must never be linked with each other's features.
CARGO_TARGET_DIR="$PWD/target-js" wasm-pack build bindings/js --mode no-install --target web --out-dir ../../pkg --release --quiet
rm -f pkg/.gitignore

cargo build -p shopcredit-host --release --target wasm32-unknown-unknown --target-dir target-host --quiet
wasm-opt -Oz --strip-debug --enable-bulk-memory --enable-sign-ext --enable-mutable-globals --enable-nontrapping-float-to-int \
  target-host/wasm32-unknown-unknown/release/shopcredit_host.wasm -o build/shopcredit_host.wasm.tmp
mv build/shopcredit_host.wasm.tmp build/shopcredit_host.wasm
echo "built pkg/shopcredit_js_bg.wasm ($(stat -c %s pkg/shopcredit_js_bg.wasm) bytes) and build/shopcredit_host.wasm ($(stat -c %s build/shopcredit_host.wasm) bytes)"
