#!/usr/bin/env bash
# The hosts' admin screens in headless Chromium, without a real shop: each host double (a PHP
# server on 127.0.0.1, tests/admin-screens/<host>/router.php) renders the plugin's own screens
# against seeded books (shop.php, SQLite), and <host>.test.mjs drives them and runs axe-core.
# Starts and always stops its own servers; screenshots go to build/admin-screens/.
# Needs `make wasm widget php-runtime` (make test-browser builds them). Hosts: all, or the ones named;
# SCREENS_ONLY=<regex> runs only the tests whose names match.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
test -x "$CHROMIUM" || { echo "admin screens: $CHROMIUM is missing (scripts/setup.sh installs Debian's chromium)" >&2; exit 1; }
test -d node_modules/playwright-core || { echo "admin screens: npm playwright-core is missing (scripts/setup.sh)" >&2; exit 1; }
test -f /usr/share/php/smarty3/Smarty.class.php || { echo "admin screens: Smarty is missing (scripts/setup.sh installs Debian's smarty3)" >&2; exit 1; }
test -f js/dist/shopcredit-chart.js || { echo "admin screens: the chart component is not built (make widget)" >&2; exit 1; }
hosts=("$@")
[ ${#hosts[@]} -gt 0 ] || hosts=(woocommerce prestashop)

artifacts="$root/build/admin-screens"
rm -rf "$artifacts" && mkdir -p "$artifacts"
var="$(mktemp -d /tmp/shopcredit-screens-XXXXXX)"
server=""
tests_pgid=""
stop() {
  if [ -n "$tests_pgid" ]; then kill -TERM -- "-$tests_pgid" 2>/dev/null || true; wait "$tests_pgid" 2>/dev/null || true; fi
  if [ -n "$server" ]; then kill -TERM -- "-$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  server=""
}
finish() {
  stop
  cp "$var"/*/server.log "$artifacts/" 2>/dev/null || true
  rm -rf "$var"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

free_port() { php -r '$s = stream_socket_server("tcp://127.0.0.1:0"); echo substr(strrchr(stream_socket_get_name($s, false), ":"), 1);'; }

rc=0
for host in "${hosts[@]}"; do
  echo "== admin screens: $host"
  tests/admin-screens/stage.sh "$var/$host" "$host"
  port="$(free_port)"
  # Its own session (setsid): stopping the group stops PHP's workers too. FFI allowed and a
  # compiled-module cache of its own: the runtime doctor can turn the faster runtime on and off.
  # The core as an installed plugin has it (its own copy: a test installs "the next build" over it).
  mkdir -m 755 "$var/$host/wasmtime-cache"
  cp build/shopcredit_host.wasm "$var/$host/core.wasm"
  export SC_SCREENS_CORE="$var/$host/core.wasm" SC_SCREENS_CACHE="$var/$host/wasmtime-cache"
  SC_SCREENS_VAR="$var/$host" SHOPCREDIT_CACHE_DIR="$var/$host/wasmtime-cache" SHOPCREDIT_WASM="$var/$host/core.wasm" PHP_CLI_SERVER_WORKERS=2 setsid php -d ffi.enable=1 -S "127.0.0.1:$port" "tests/admin-screens/$host/router.php" >"$var/$host/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    kill -0 "$server" 2>/dev/null || { cat "$var/$host/server.log" >&2; exit 1; }
    sleep 0.1
  done
  set -m
  (SCREENS_URL="http://127.0.0.1:$port" ARTIFACTS="$artifacts" node --test --test-concurrency=1 ${SCREENS_ONLY:+--test-name-pattern="$SCREENS_ONLY"} "tests/admin-screens/$host.test.mjs") &
  set +m
  tests_pgid=$!
  wait "$tests_pgid" || rc=1
  tests_pgid=""
  if grep -E 'PHP (Fatal|Warning|Deprecated|Notice)' "$var/$host/server.log"; then echo "admin screens: $host: PHP reported the lines above" >&2; rc=1; fi
  stop
done
exit $rc
