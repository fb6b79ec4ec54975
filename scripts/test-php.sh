#!/usr/bin/env bash
# The PHP bridge suite against SQLite and a private MariaDB (started here, always stopped: at the
# end, and on Ctrl-C, SIGTERM or SIGHUP, after the suite itself has stopped).
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/mariadb.sh start >/dev/null || { echo "test-php: MariaDB did not start"; exit 1; }
trap 'scripts/mariadb.sh stop >/dev/null' EXIT
eval "$(scripts/mariadb.sh env)"
# The suite through wasmtime (test-php-generated.sh runs it again through the generated core, the
# default of runtime=auto): tests of auto itself name it.
export SHOPCREDIT_RUNTIME="${SHOPCREDIT_RUNTIME:-wasmtime}"
# The suite runs as a child this script waits for, so a signal here reaches it too (a foreground
# child would keep running while the trap stops its database).
php-bridge/tests/run.sh "$@" &
suite=$!
stop_suite() { kill -TERM "$suite" 2>/dev/null; wait "$suite" 2>/dev/null; exit "$1"; }
trap 'stop_suite 130' INT
trap 'stop_suite 143' TERM
trap 'stop_suite 129' HUP
wait "$suite"
