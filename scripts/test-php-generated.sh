#!/usr/bin/env bash
# The whole PHP bridge suite again with the generated-PHP runtime forced on (issue 7):
# SHOPCREDIT_RUNTIME=php makes every Core call, service and worker process that does not name a
# runtime itself use the core translated to plain PHP instead of wasmtime. Same MariaDB handling
# as scripts/test-php.sh.
# Tests whose subject is wasmtime itself name `runtime => wasmtime`, so they hold either way.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/build-php-runtime.sh || exit 1
export SHOPCREDIT_RUNTIME=php
exec scripts/test-php.sh "$@"
