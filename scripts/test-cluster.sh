#!/usr/bin/env bash
# The cluster suite (make test-cluster): a private 3-node MariaDB Galera cluster (scripts/galera.sh,
# started here and always stopped) and, against it, with the writers spread over the three nodes:
# the racing checkouts, refunds and withdrawals (32 processes), the replays, the kill -9 test, the
# same checkout on every node at once, and one node killed mid-run (ClusterTest).
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh cluster >/dev/null || { echo "test-cluster: setup failed (scripts/setup.sh cluster)"; exit 1; }
trap 'scripts/galera.sh stop >/dev/null 2>&1' EXIT
scripts/galera.sh start || { echo "test-cluster: the cluster did not start"; exit 1; }
eval "$(scripts/galera.sh env)"
php-bridge/tests/run.sh --filter '/(ConcurrencyTest|ConcurrentRefundsAndWithdrawalsTest|ReplayTest|KilledWorkerTest)::\w+ with data set "mysql"|ClusterTest/' "$@"
