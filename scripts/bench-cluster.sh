#!/usr/bin/env bash
# Reservations on a local 3-node MariaDB Galera cluster (scripts/galera.sh, started here and always
# stopped): 16 clients spread over the nodes — separate shops, one shop, one hot balance — with
# transaction attempts p50/p99/max, then the overspend run (a balance the clients use up: exactly
# balance / 0.10 may pass). Writes build/bench-cluster.txt.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh cluster >/dev/null || { echo "bench-cluster: setup failed (scripts/setup.sh cluster)"; exit 1; }
[ -f build/shopcredit_host.wasm ] || bash scripts/build-wasm.sh
trap 'scripts/galera.sh stop >/dev/null 2>&1' EXIT
scripts/galera.sh start || { echo "bench-cluster: the cluster did not start"; exit 1; }
eval "$(scripts/galera.sh env)"
mkdir -p build
php php-bridge/bench/throughput.php --dsns="$SHOPCREDIT_GALERA_DSNS" --user="$SHOPCREDIT_TEST_MYSQL_USER" --password="$SHOPCREDIT_TEST_MYSQL_PASSWORD" \
  --clients="${CLIENTS:-16}" --seconds="${SECONDS_PER_RUN:-10}" 2>&1 | tee build/bench-cluster.txt
exit "${PIPESTATUS[0]}"
