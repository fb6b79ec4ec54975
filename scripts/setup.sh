#!/usr/bin/env bash
# Installs what is missing for ShopCredit's builds and tests, says what it will install first, and
# skips every step that is already done (safe to run again at any time).
#
#   scripts/setup.sh [demo|dist|test|cluster]   what for (default test: everything `make test` needs)
#                                       demo: PHP + the wasm toolchain; dist: + zip (the two zips);
#                                       cluster: test + Galera (galera-4, mariadb-backup, socat) for
#                                       `make test-cluster` (libraries and tools only: no service)
#   scripts/setup.sh --plan [profile]   print what would be installed and change nothing
#
# It never stops, disables, removes or reconfigures anything that was already on the machine:
# - apt (Debian/Ubuntu): only missing packages, --no-install-recommends, --no-remove (apt aborts
#   rather than remove a package), existing configuration files kept. MariaDB comes as the
#   binaries only (mariadb-server-core + mariadb-client: no system service is installed; the tests
#   start a private server, scripts/mariadb.sh). Installing a PHP extension package makes Debian
#   reload an installed php-fpm: when one is installed, setup prints the apt command for you to run
#   instead (or set SETUP_ALLOW_PHP_FPM_RELOAD=1).
# - your user only: the rustup target, `cargo install` (pinned wasm-pack, wasm-bindgen-cli),
#   libwasmtime into .tools/, npm packages into node_modules/ (versions: scripts/versions.env,
#   package.json).
# Without apt-get nothing system-wide is installed: it lists what is missing and what provides it
# (README, "Other systems").
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/versions.env
TOOLS="$PWD/.tools"
export PATH="$HOME/.cargo/bin:$PATH"

plan_only=0
profile=test
for arg in "$@"; do
  case "$arg" in
    --plan) plan_only=1 ;;
    demo|dist|test|bench|cluster) profile="$arg" ;;
    *) echo "usage: scripts/setup.sh [--plan] [demo|dist|test|bench|cluster]" >&2; exit 2 ;;
  esac
done
[ "${SETUP_PLAN:-0}" = 1 ] && plan_only=1

log() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] %s\n' "$*" >&2; exit 1; }

# --- What each profile needs from the system: Debian package → a command or PHP module that shows it is there.
demo_pkgs=(php8.2-cli php8.2-sqlite3 php8.2-bcmath php8.2-mbstring php8.2-curl php8.2-opcache)
dist_pkgs=("${demo_pkgs[@]}" zip unzip)
# smarty3: the PrestaShop module's own templates rendered for the admin-screen tests (tests/admin-screens).
test_pkgs=("${dist_pkgs[@]}" php8.2-mysql php8.2-xml phpunit mariadb-server-core mariadb-client chromium chromium-driver smarty3)
# A local 3-node Galera cluster (scripts/galera.sh): the provider library, state transfer by
# mariabackup, which streams through socat.
cluster_pkgs=("${test_pkgs[@]}" galera-4 mariadb-backup socat)
# make bench: one web request's cost under php-cgi -T (opcache in shared memory, as a web server
# has it: php-bridge/bench/web-request.php) and instruction counts with callgrind.
bench_pkgs=("${test_pkgs[@]}" php8.2-cgi valgrind)
case "$profile" in
  demo) want=("${demo_pkgs[@]}") ;;
  dist) want=("${dist_pkgs[@]}") ;;
  test) want=("${test_pkgs[@]}") ;;
  bench) want=("${bench_pkgs[@]}") ;;
  cluster) want=("${cluster_pkgs[@]}") ;;
esac

# How to tell without dpkg (other systems): "cmd:NAME" a command, "php:MODULE" a PHP extension.
probe_for() {
  case "$1" in
    php8.2-cli) echo "cmd:php" ;;
    php8.2-sqlite3) echo "php:pdo_sqlite" ;;
    php8.2-mysql) echo "php:pdo_mysql" ;;
    php8.2-opcache) echo "php:Zend OPcache" ;;
    php8.2-cgi) echo "cmd:php-cgi" ;;
    php8.2-*) echo "php:${1#php8.2-}" ;;
    mariadb-server-core) echo "cmd:mariadbd" ;;
    mariadb-client) echo "cmd:mariadb-admin" ;;
    mariadb-backup) echo "cmd:mariabackup" ;;
    galera-4) echo "file:/usr/lib/galera/libgalera_smm.so" ;;
    chromium-driver) echo "cmd:chromedriver" ;;
    smarty3) echo "file:/usr/share/php/smarty3/Smarty.class.php" ;;
    *) echo "cmd:$1" ;;
  esac
}
php_modules=""
present() {
  local probe
  probe="$(probe_for "$1")"
  case "$probe" in
    cmd:*) command -v "${probe#cmd:}" >/dev/null 2>&1 || [ -x "/usr/sbin/${probe#cmd:}" ] ;;
    file:*) [ -f "${probe#file:}" ] ;;
    php:*)
      # Read once into a variable: `php -m | grep -q` would fail under pipefail when grep exits early.
      [ -n "$php_modules" ] || php_modules="$(php -m 2>/dev/null || true)"
      grep -qix "${probe#php:}" <<<"$php_modules" ;;
  esac
}

# --- Prerequisites setup.sh does not install (your choice of version manager): Rust, Node, Python.
missing_prereq=()
command -v cargo >/dev/null && command -v rustup >/dev/null || missing_prereq+=("Rust via rustup (https://rustup.rs)")
command -v node >/dev/null && command -v npm >/dev/null || missing_prereq+=("Node.js 20 and npm")
command -v python3 >/dev/null || missing_prereq+=("Python 3")
[ ${#missing_prereq[@]} -eq 0 ] || die "install first: ${missing_prereq[*]}"

# --- The plan.
have_apt=0
command -v apt-get >/dev/null && command -v dpkg-query >/dev/null && have_apt=1
need_sys=()
for pkg in "${want[@]}"; do
  if [ "$have_apt" = 1 ]; then
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need_sys+=("$pkg")
  else
    present "$pkg" || need_sys+=("$pkg")
  fi
done
wheel_needed=0
if [ -f "$TOOLS/wasmtime-$WASMTIME_PY_VERSION/libwasmtime.so" ]; then
  ln -sfn "wasmtime-$WASMTIME_PY_VERSION/libwasmtime.so" "$TOOLS/libwasmtime.so"
else
  wheel_needed=1
fi
if [ "$wheel_needed" = 1 ] && ! python3 -m pip --version >/dev/null 2>&1; then need_sys+=(python3-pip); fi

need_user=()
rustup target list --installed | grep -qx wasm32-unknown-unknown || need_user+=("rustup target add wasm32-unknown-unknown")
# make test checks formatting and lints (cargo fmt --check, cargo clippy): the test profile needs both.
lint_components=()
if [ "$profile" = test ]; then
  for c in rustfmt clippy; do rustup component list --installed | grep -q "^$c" || lint_components+=("$c"); done
fi
[ "${#lint_components[@]}" = 0 ] || need_user+=("rustup component add ${lint_components[*]}")
wasm_pack_ok=0; { command -v wasm-pack >/dev/null && wasm-pack --version | grep -q "$WASM_PACK_VERSION"; } && wasm_pack_ok=1
[ "$wasm_pack_ok" = 1 ] || need_user+=("cargo install wasm-pack $WASM_PACK_VERSION (into ~/.cargo/bin)")
bindgen_ok=0; { command -v wasm-bindgen >/dev/null && wasm-bindgen --version | grep -q "$WASM_BINDGEN_VERSION"; } && bindgen_ok=1
[ "$bindgen_ok" = 1 ] || need_user+=("cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION (into ~/.cargo/bin)")
[ "$wheel_needed" = 0 ] || need_user+=("libwasmtime $WASMTIME_PY_VERSION from the PyPI wheel (into .tools/)")
npm_ok=0
[ -x node_modules/.bin/wasm-opt ] && [ -d node_modules/playwright-core ] && [ -x node_modules/.bin/esbuild ] && [ -x node_modules/.bin/tsc ] \
  && [ -f node_modules/axe-core/axe.min.js ] && [ -d node_modules/chart.js ] && npm_ok=1
[ "$npm_ok" = 1 ] || need_user+=("npm install (binaryen, esbuild, typescript, playwright-core, axe-core, chart.js into node_modules/)")

if [ ${#need_sys[@]} -eq 0 ] && [ ${#need_user[@]} -eq 0 ]; then
  log "ready ($profile: nothing to install)"
  exit 0
fi
log "$profile needs:"
[ ${#need_sys[@]} -eq 0 ] || log "  system packages: ${need_sys[*]}"
for step in "${need_user[@]}"; do log "  $step"; done
if [ "$plan_only" = 1 ]; then
  log "plan only: nothing changed"
  exit 0
fi

# --- System packages (apt only; never removes or reconfigures what is installed).
if [ ${#need_sys[@]} -gt 0 ]; then
  if [ "$have_apt" = 0 ]; then
    die "no apt-get here: install the equivalents of ${need_sys[*]} with your package manager (README, \"Other systems\"), then run this again"
  fi
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || die "not root and no sudo: run as root: apt-get install --no-install-recommends ${need_sys[*]}"
    SUDO="sudo"
  fi
  apt_cmd=(apt-get install -y -qq --no-install-recommends --no-remove -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
  if [ "${SETUP_ALLOW_PHP_FPM_RELOAD:-0}" != 1 ] && printf '%s\n' "${need_sys[@]}" | grep -q '^php' \
    && dpkg-query -W -f='${Package} ${Status}\n' 'php*-fpm' 'libapache2-mod-php*' 2>/dev/null | grep -q "install ok installed"; then
    die "a PHP web server (php-fpm or Apache's mod_php) is installed here, and Debian reloads it when a PHP extension package is installed. Run it yourself when that suits you: $SUDO ${apt_cmd[*]} ${need_sys[*]} (or SETUP_ALLOW_PHP_FPM_RELOAD=1 scripts/setup.sh)"
  fi
  $SUDO apt-get update -qq
  # What apt would really do (dependencies included), shown before it does it.
  sim="$($SUDO apt-get install -s --no-install-recommends --no-remove "${need_sys[@]}" 2>&1)" || die "apt cannot install ${need_sys[*]} without removing something:
$sim"
  adds="$(printf '%s\n' "$sim" | awk '/^Inst / && $3 !~ /^\[/ {print $2}' | tr '\n' ' ')"
  upgrades="$(printf '%s\n' "$sim" | awk '/^Inst / && $3 ~ /^\[/ {print $2}' | tr '\n' ' ')"
  log "apt-get install ${need_sys[*]}"
  log "  new packages: ${adds:-none}"
  [ -z "$upgrades" ] || log "  upgraded to satisfy dependencies: $upgrades"
  DEBIAN_FRONTEND=noninteractive $SUDO "${apt_cmd[@]}" "${need_sys[@]}" >/dev/null
fi

# --- Rust: the wasm target, wasm-pack and wasm-bindgen-cli pinned to the crate's version.
rustup target list --installed | grep -qx wasm32-unknown-unknown || { log "rustup target add wasm32-unknown-unknown"; rustup target add wasm32-unknown-unknown; }
[ "${#lint_components[@]}" = 0 ] || { log "rustup component add ${lint_components[*]}"; rustup component add "${lint_components[@]}"; }
if [ "$wasm_pack_ok" = 0 ]; then
  log "cargo install wasm-pack $WASM_PACK_VERSION"; cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked
fi
if [ "$bindgen_ok" = 0 ]; then
  # --locked fails here: a locked dependency is missing from the reachable index.
  log "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION"; cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# --- libwasmtime (C API) from the pinned PyPI wheel; no headers needed (the PHP runtime declares what it uses).
mkdir -p "$TOOLS"
if [ "$wheel_needed" = 1 ]; then
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
if [ "$npm_ok" = 0 ]; then
  log "npm install"; npm install --no-audit --no-fund --silent
fi
log "ready ($profile)"
