#!/usr/bin/env bash
# Serves the fake Scalexpert in the foreground: php-bridge/fake-provider/serve.sh [port] [state-file]
# Base URL for ScalexpertConfig: http://127.0.0.1:<port> (client test-client / secret test-secret).
# Ctrl-C, SIGTERM or SIGHUP stops the server and its workers (they outlive a killed php -S parent,
# so the server runs in a session of its own that is stopped as a whole).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
port="${1:-8765}"
export FAKE_SCALEXPERT_STATE="${2:-${FAKE_SCALEXPERT_STATE:-/tmp/fake-scalexpert-$port.json}}"
export PHP_CLI_SERVER_WORKERS="${PHP_CLI_SERVER_WORKERS:-4}"
echo "fake Scalexpert on http://127.0.0.1:$port (state: $FAKE_SCALEXPERT_STATE)" >&2
setsid php -S "127.0.0.1:$port" "$here/router.php" </dev/null &
server=$!
stop() {
  trap '' INT TERM HUP
  kill -TERM -- "-$server" 2>/dev/null || true
  for _ in $(seq 1 50); do ps -o stat= -s "$server" 2>/dev/null | grep -qv '^Z' || break; sleep 0.1; done
  kill -KILL -- "-$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
wait "$server"
