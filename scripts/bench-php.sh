#!/usr/bin/env bash
# The PHP bridge benchmarks (make bench): runtime cost per request and per decision, eligibility
# as a ledger grows (SQLite and MariaDB), reservations/s with 16 clients (separate shops, one shop,
# one hot balance, overspend), balance read and debit against TeraWallet's way at 1k-1M movements,
# reconciliation, statistics and export over a million movements within 64 MB of PHP memory.
# The 3-node cluster figures: scripts/bench-cluster.sh.
# Starts and always stops its own MariaDB (port 3427, var/mariadb-bench), also on Ctrl-C, SIGTERM
# and SIGHUP, after stopping the benchmark that is running.
set -uo pipefail
cd "$(dirname "$0")/.."
export SHOPCREDIT_MARIADB_PORT="${SHOPCREDIT_MARIADB_PORT:-3427}" SHOPCREDIT_MARIADB_DIR="${SHOPCREDIT_MARIADB_DIR:-$PWD/var/mariadb-bench}"
# A million rows of transfers and indexes (~400 MB) in memory, as on a shop's own server.
export SHOPCREDIT_MARIADB_BUFFER_POOL="${SHOPCREDIT_MARIADB_BUFFER_POOL:-1G}"
scripts/mariadb.sh start >/dev/null || { echo "bench-php: MariaDB did not start"; exit 1; }
trap 'scripts/mariadb.sh stop >/dev/null' EXIT
eval "$(scripts/mariadb.sh env)"
mkdir -p build
rc_file="$(mktemp)"
run_all() {
  local rc=0
  echo "== runtime (wasmtime in PHP) =="; php php-bridge/bench/runtime.php || rc=1
  echo "== eligibility as the ledger grows: SQLite =="; php php-bridge/bench/ledger-growth.php || rc=1
  echo "== eligibility as the ledger grows: MariaDB =="
  php php-bridge/bench/ledger-growth.php --dsn="$SHOPCREDIT_TEST_MYSQL_DSN" --user="$SHOPCREDIT_TEST_MYSQL_USER" --password="$SHOPCREDIT_TEST_MYSQL_PASSWORD" || rc=1
  echo "== reservations/s, 16 clients: separate shops, one shop, one customer, overspend: MariaDB =="
  php php-bridge/bench/throughput.php --dsn="$SHOPCREDIT_TEST_MYSQL_DSN" --user="$SHOPCREDIT_TEST_MYSQL_USER" --password="$SHOPCREDIT_TEST_MYSQL_PASSWORD" --clients=16 --seconds=10 || rc=1
  echo "== balance read and debit against TeraWallet's way, 1k to 1M movements: MariaDB =="
  php php-bridge/bench/terawallet.php --dsn="$SHOPCREDIT_TEST_MYSQL_DSN" --user="$SHOPCREDIT_TEST_MYSQL_USER" --password="$SHOPCREDIT_TEST_MYSQL_PASSWORD" || rc=1
  echo "== a million movements on one balance, PHP limited to 64 MB: SQLite =="
  php -d memory_limit=64M php-bridge/bench/books-at-size.php || rc=1
  echo "== the same: MariaDB =="
  php -d memory_limit=64M php-bridge/bench/books-at-size.php --dsn="$SHOPCREDIT_TEST_MYSQL_DSN" --user="$SHOPCREDIT_TEST_MYSQL_USER" --password="$SHOPCREDIT_TEST_MYSQL_PASSWORD" || rc=1
  echo "$rc" >"$rc_file"
}
# A job of its own (set -m: its own process group), so a signal here stops the benchmark too.
set -m
run_all 2>&1 | tee build/bench-php.txt &
set +m
job="$(jobs -p %%)"
stop_job() { kill -TERM -- "-$job" 2>/dev/null; wait; rm -f "$rc_file"; exit "$1"; }
trap 'stop_job 130' INT
trap 'stop_job 143' TERM
trap 'stop_job 129' HUP
wait
rc="$(cat "$rc_file" 2>/dev/null || echo 1)"
rm -f "$rc_file"
exit "$rc"
