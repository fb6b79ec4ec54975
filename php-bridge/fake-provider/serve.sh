#!/usr/bin/env bash
# Serves the fake Scalexpert in the foreground: php-bridge/fake-provider/serve.sh [port] [state-file]
# Base URL for ScalexpertConfig: http://127.0.0.1:<port> (client test-client / secret test-secret).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
port="${1:-8765}"
export FAKE_SCALEXPERT_STATE="${2:-${FAKE_SCALEXPERT_STATE:-/tmp/fake-scalexpert-$port.json}}"
export PHP_CLI_SERVER_WORKERS="${PHP_CLI_SERVER_WORKERS:-4}"
echo "fake Scalexpert on http://127.0.0.1:$port (state: $FAKE_SCALEXPERT_STATE)" >&2
exec php -S "127.0.0.1:$port" "$here/router.php"
