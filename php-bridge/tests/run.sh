#!/usr/bin/env bash
# Runs the PHP bridge test suite: php-bridge/tests/run.sh [phpunit args...]
set -euo pipefail
cd "$(dirname "$0")/.."
exec phpunit -c phpunit.xml "$@"
