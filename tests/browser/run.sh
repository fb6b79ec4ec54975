#!/usr/bin/env bash
# Drives the demo shop in headless Chromium (Debian chromium + npm playwright-core): badge values,
# checkout preview, a B2B flow, a store-balance flow, the financing timeline, failure modes.
# Starts its own demo (free port, temporary data) and always stops it. Screenshots and timings go
# to build/browser-artifacts/. Needs `make wasm widget` (make test-browser builds them).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}" # another Chromium binary: CHROMIUM=/path/to/chromium
test -x "$CHROMIUM" || { echo "browser tests: $CHROMIUM is missing (scripts/setup.sh installs Debian's chromium)" >&2; exit 1; }
test -d node_modules/playwright-core || { echo "browser tests: npm playwright-core is missing (scripts/setup.sh)" >&2; exit 1; }
js/build.sh >/dev/null

artifacts="$root/build/browser-artifacts"
rm -rf "$artifacts" && mkdir -p "$artifacts"
var="$(mktemp -d /tmp/shopcredit-browser-XXXXXX)"
port="$(php -r '$s = stream_socket_server("tcp://127.0.0.1:0"); echo substr(strrchr(stream_socket_get_name($s, false), ":"), 1);')"

demo_pid=""
tests_pgid=""
stop() {
  # The tests first (node and its per-file test processes: Playwright closes Chromium on SIGTERM),
  # then the demo (serve.sh stops both PHP servers).
  if [ -n "$tests_pgid" ]; then
    kill -TERM -- "-$tests_pgid" 2>/dev/null || true
    wait "$tests_pgid" 2>/dev/null || true
  fi
  if [ -n "$demo_pid" ] && kill -0 "$demo_pid" 2>/dev/null; then
    kill -TERM "$demo_pid" 2>/dev/null || true
    wait "$demo_pid" 2>/dev/null || true
  fi
  cp "$var"/*.log "$var"/demo/*.log "$artifacts/" 2>/dev/null || true
  rm -rf "$var"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

DEMO_PORT="$port" DEMO_VAR="$var/demo" demo/serve.sh >"$var/serve.log" 2>&1 &
demo_pid=$!
url=""
for _ in $(seq 1 150); do
  url="$(sed -n 's/^demo: ready on \(.*\)$/\1/p' "$var/serve.log")"
  [ -n "$url" ] && break
  kill -0 "$demo_pid" 2>/dev/null || { cat "$var/serve.log" >&2; exit 1; }
  sleep 0.2
done
[ -n "$url" ] || { echo "browser tests: the demo did not start" >&2; cat "$var/serve.log" >&2; exit 1; }

# A job of its own (set -m: its own process group) that this script waits for, so a signal here
# stops the tests and their browser before the demo.
set -m
# The accessibility scan runs after the flows (a second run: node orders files its own way), on a
# demo with orders, balances and financing in it.
(DEMO_URL="${url%/}" ARTIFACTS="$artifacts" node --test --test-concurrency=1 tests/browser/demo.test.mjs tests/browser/forms.test.mjs tests/browser/widget-example.test.mjs \
  && DEMO_URL="${url%/}" ARTIFACTS="$artifacts" node --test tests/browser/a11y.test.mjs) &
set +m
tests_pgid=$!
rc=0
wait "$tests_pgid" || rc=$?
tests_pgid=""
exit $rc
