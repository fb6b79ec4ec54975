#!/usr/bin/env bash
# Builds both WebAssembly modules from the one core, never sharing features:
#   pkg/                          wasm-bindgen build for browsers and Node (wasm-pack, --target web)
#   pkg-storefront/               the same with `--features storefront`: only the checkout preview,
#                                 opt-level z (what the widget ships; the badge needs no wasm)
#   build/shopcredit_host.wasm    zero-import host-ABI module for PHP (wasmtime, generated PHP)
# wasm-opt comes from npm binaryen (Debian's 108 corrupts wasm-bindgen output).
# Incremental: skipped when a hash of every input (the crates' sources, manifests, lock file, this
# script, the pinned versions and the toolchain) matches the one stamped by the last build and both
# outputs are there; the outputs keep their mtimes, so `make widget php-runtime` skip too.
# `scripts/build-wasm.sh --force` rebuilds anyway.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
mkdir -p build

stamp=build/.wasm-inputs.sha256
inputs_hash() {
  {
    find src bindings derive -type f ! -name '*~' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
    sha256sum Cargo.toml Cargo.lock scripts/build-wasm.sh scripts/npm-package.mjs scripts/versions.env VERSION js/src/generated/codes.ts js/src/generated/ops.ts
    rustc -V; wasm-pack --version; wasm-bindgen --version; wasm-opt --version
  } | sha256sum | cut -d' ' -f1
}
hash="$(inputs_hash)"
outputs=(pkg/shopcredit_js.js pkg/shopcredit_js_bg.wasm pkg-storefront/shopcredit_storefront.js pkg-storefront/shopcredit_storefront_bg.wasm build/shopcredit_host.wasm)
if [ "${1:-}" != "--force" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$hash" ] && ls "${outputs[@]}" >/dev/null 2>&1; then
  echo "wasm: up to date (pkg/, build/shopcredit_host.wasm)"
  exit 0
fi
rm -f "$stamp"

# Separate target dirs: the two builds must never be linked with each other's features.
CARGO_TARGET_DIR="$PWD/target-js" wasm-pack build bindings/js --mode no-install --target web --out-dir ../../pkg --release --quiet
rm -f pkg/.gitignore
node scripts/npm-package.mjs pkg >/dev/null
# (wasm-pack drops the cargo arguments after `--` when given --quiet: its log goes to a file instead.)
CARGO_TARGET_DIR="$PWD/target-storefront" CARGO_PROFILE_RELEASE_OPT_LEVEL=z wasm-pack build bindings/js --mode no-install --target web \
  --out-dir ../../pkg-storefront --out-name shopcredit_storefront --release -- --features storefront >build/wasm-storefront.log 2>&1 \
  || { cat build/wasm-storefront.log >&2; exit 1; }
rm -f pkg-storefront/.gitignore

# opt-level z for the core and its dependencies in this build only (the native and npm builds keep
# "s"): 10 KB gzipped less. The hot reader/writer helpers are `#[inline(always)]` or written out
# (`ser::push`/`put`, `Reader::at`, `release`, ...), as each wasm call z leaves costs the generated
# PHP core ~2,000 interpreter instructions: its instructions per decision went down, not up.
cargo build -p shopcredit-host --release --target wasm32-unknown-unknown --target-dir target-host --quiet \
  --config 'profile.release.package.shopcredit.opt-level="z"' --config 'profile.release.package."*".opt-level="z"'
# --low-memory-unused: the module never uses addresses below 1024 (its data starts at 1 MiB, its
# stack grows down from there and would overflow first), so `p + C` folds into a load's offset; --zero-filled-memory: its memory is its own, so
# zero data need not be stored; --converge repeats -Oz while it still shrinks. 3.7 KB raw, 1.6 KB
# gzipped, the same answers. --strip-target-features: no runtime reads that section (-0.1 KB gz).
wasm-opt -Oz --converge --low-memory-unused --zero-filled-memory --strip-producers --strip-target-features --strip-debug --enable-bulk-memory --enable-sign-ext --enable-mutable-globals --enable-nontrapping-float-to-int \
  target-host/wasm32-unknown-unknown/release/shopcredit_host.wasm -o build/shopcredit_host.wasm.tmp
mv build/shopcredit_host.wasm.tmp build/shopcredit_host.wasm
echo "$hash" > "$stamp"
echo "built pkg/shopcredit_js_bg.wasm ($(stat -c %s pkg/shopcredit_js_bg.wasm) bytes), pkg-storefront/shopcredit_storefront_bg.wasm ($(stat -c %s pkg-storefront/shopcredit_storefront_bg.wasm) bytes) and build/shopcredit_host.wasm ($(stat -c %s build/shopcredit_host.wasm) bytes)"
