#!/usr/bin/env bash
# The PHP bridge suite against SQLite and a private MariaDB (started here, always stopped).
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/mariadb.sh start >/dev/null || { echo "test-php: MariaDB did not start"; exit 1; }
eval "$(scripts/mariadb.sh env)"
php-bridge/tests/run.sh "$@"
rc=$?
scripts/mariadb.sh stop >/dev/null
exit $rc
