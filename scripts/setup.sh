#!/usr/bin/env bash
# Installs whatever is missing on a fresh Debian 12 machine; every step is skipped when already done.
# Called by `make test`, `make demo` and `make bench`; safe to run again at any time.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/versions.env
TOOLS="$PWD/.tools"
mkdir -p "$TOOLS"
export PATH="$HOME/.cargo/bin:$PATH"
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"

log() { printf '[setup] %s\n' "$*"; }

# --- Debian packages: PHP 8.2 (FFI is in php8.2-common), PHPUnit 9.6, MariaDB 10.11, Chromium.
need_apt=()
for pkg in php8.2-cli php8.2-sqlite3 php8.2-mysql php8.2-bcmath php8.2-mbstring php8.2-xml php8.2-curl php8.2-opcache phpunit mariadb-server mariadb-client chromium chromium-driver zip unzip; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  log "apt-get install ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  # The package starts a system MariaDB we do not use (tests run their own instance).
  $SUDO systemctl disable --now mariadb >/dev/null 2>&1 || $SUDO service mariadb stop >/dev/null 2>&1 || true
fi

# --- Rust: the wasm target, wasm-pack and wasm-bindgen-cli pinned to the crate's version.
rustup target list --installed | grep -qx wasm32-unknown-unknown || { log "rustup target add wasm32-unknown-unknown"; rustup target add wasm32-unknown-unknown; }
if ! command -v wasm-pack >/dev/null || ! wasm-pack --version | grep -q "$WASM_PACK_VERSION"; then
  log "cargo install wasm-pack $WASM_PACK_VERSION"; cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked
fi
if ! command -v wasm-bindgen >/dev/null || ! wasm-bindgen --version | grep -q "$WASM_BINDGEN_VERSION"; then
  # --locked fails here: a locked dependency is missing from the reachable index.
  log "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION"; cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# --- libwasmtime (C API) from the pinned PyPI wheel; no headers needed (the PHP runtime declares what it uses).
if [ ! -f "$TOOLS/wasmtime-$WASMTIME_PY_VERSION/libwasmtime.so" ]; then
  log "libwasmtime $WASMTIME_PY_VERSION from the PyPI wheel"
  tmp=$(mktemp -d)
  python3 -m pip download --quiet --no-deps --only-binary=:all: --platform manylinux2014_x86_64 -d "$tmp" "wasmtime==$WASMTIME_PY_VERSION" \
    || python3 -m pip download --quiet --no-deps -d "$tmp" "wasmtime==$WASMTIME_PY_VERSION"
  (cd "$tmp" && python3 -m zipfile -e wasmtime-*.whl x)
  mkdir -p "$TOOLS/wasmtime-$WASMTIME_PY_VERSION"
  cp "$(find "$tmp/x" -name '_libwasmtime.so' | head -1)" "$TOOLS/wasmtime-$WASMTIME_PY_VERSION/libwasmtime.so.tmp"
  mv "$TOOLS/wasmtime-$WASMTIME_PY_VERSION/libwasmtime.so.tmp" "$TOOLS/wasmtime-$WASMTIME_PY_VERSION/libwasmtime.so"
  rm -rf "$tmp"
fi
ln -sfn "wasmtime-$WASMTIME_PY_VERSION/libwasmtime.so" "$TOOLS/libwasmtime.so"

# --- Node packages (binaryen wasm-opt >= 123, playwright-core driving Debian chromium, esbuild + tsc for the widget and the blocks script).
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ ! -x node_modules/.bin/esbuild ] || [ ! -x node_modules/.bin/tsc ]; then
  log "npm install"; npm install --no-audit --no-fund --silent
fi
log "ready"
