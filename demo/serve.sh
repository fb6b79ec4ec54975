#!/usr/bin/env bash
# The demo shop: PHP's built-in server on 127.0.0.1 with the bridge on SQLite (a fresh database
# under var/demo/), the real runtime (the doctor's php.ini lines), the widget, and the fake
# Scalexpert for financing. Ctrl-C, SIGTERM or SIGHUP stops everything it started.
#   DEMO_PORT   port to use (default 8090; a free one when busy)
#   DEMO_VAR    where the database, logs and config go (default var/demo; emptied at start)
# Needs `make wasm widget` (make demo builds them first).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
var="${DEMO_VAR:-$root/var/demo}"
want="${DEMO_PORT:-8090}"

test -f js/dist/shopcredit-widget.mjs || { echo "demo: the widget is not built (make widget)" >&2; exit 1; }
test -f build/shopcredit_host.wasm || { echo "demo: the core is not built (make wasm)" >&2; exit 1; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { php -r '$s = stream_socket_server("tcp://127.0.0.1:0"); echo substr(strrchr(stream_socket_get_name($s, false), ":"), 1);'; }
port="$want"
if ! port_free "$port"; then
  port="$(free_port)"
  echo "demo: port $want is busy, using $port" >&2
fi
fake_port="$(free_port)"

rm -rf "$var" && mkdir -p "$var"
pids=()
# A server runs in its own session (setsid below: session id = its pid) and is gone when none of
# its processes is alive (orphaned workers may linger as zombies until init reaps them).
group_alive() { ps -o stat= -s "$1" 2>/dev/null | grep -qv '^Z'; }
stopped=0
cleanup() {
  [ "$stopped" = 1 ] && return
  stopped=1
  trap '' INT TERM
  # Each server runs in its own process group (setsid): the group takes its workers with it.
  local pid
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do group_alive "$pid" || break; sleep 0.1; done
    if group_alive "$pid"; then kill -KILL -- "-$pid" 2>/dev/null || true; fi
    wait "$pid" 2>/dev/null || true
  done
  echo "demo: stopped" >&2
}
trap cleanup EXIT
# Ctrl-C (SIGINT to the foreground group), SIGTERM from make or a kill, SIGHUP when the terminal
# closes: all end here, and the EXIT trap stops the servers.
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# The runtime: the doctor's php.ini lines for web SAPIs when wasmtime is usable here; otherwise the
# bridge falls back on its own to the generated-PHP core when it is built (runtime=auto).
doctor="$(php php-bridge/bin/shopcredit doctor --json --web-user="$(id -un)" || true)"
mapfile -t ini < <(printf '%s' "$doctor" | php -r '
  $d = json_decode(stream_get_contents(STDIN), true);
  if (!is_array($d) || ($d["active"]["kind"] ?? "") !== "wasmtime") {
    // The generated-PHP core: opcache keeps its compiled form between requests.
    echo "-d\nopcache.enable=1\n-d\nopcache.enable_cli=1\n-d\nmemory_limit=512M\n"; exit(0);
  }
  foreach ($d["ini"]["preload"] as $line) { echo "-d\n$line\n"; }')
runtime="$(printf '%s' "$doctor" | php -r '$d = json_decode(stream_get_contents(STDIN), true); echo $d["active"]["name"] ?? "unavailable";')"

key="$(php -r 'echo bin2hex(random_bytes(16));')"
export DEMO_CONFIG="$var/config.json"
php -r 'echo json_encode(["dsn" => "sqlite:" . $argv[1] . "/shop.sqlite", "webhook_key" => $argv[2], "fake_url" => "http://127.0.0.1:" . $argv[3], "base_url" => "http://127.0.0.1:" . $argv[4]], JSON_UNESCAPED_SLASHES | JSON_PRETTY_PRINT);' \
  "$var" "$key" "$fake_port" "$port" > "$DEMO_CONFIG"

FAKE_SCALEXPERT_STATE="$var/fake-scalexpert.json" PHP_CLI_SERVER_WORKERS=2 \
  setsid php -S "127.0.0.1:$fake_port" php-bridge/fake-provider/router.php >"$var/fake-scalexpert.log" 2>&1 &
pids+=($!)

php demo/app/seed.php

# Workers: a provider simulation calls the fake, which calls our webhook back while the first request waits.
PHP_CLI_SERVER_WORKERS=4 setsid php "${ini[@]}" -S "127.0.0.1:$port" demo/app/router.php >"$var/server.log" 2>&1 &
pids+=($!)

for _ in $(seq 1 100); do
  if ! port_free "$port" && ! port_free "$fake_port"; then break; fi
  sleep 0.1
done
port_free "$port" && { echo "demo: the server did not start:" >&2; cat "$var/server.log" >&2; exit 1; }

cat <<GUIDE

  ShopCredit demo shop: http://127.0.0.1:$port/
  runtime: $runtime · books: $var/shop.sqlite · fake Scalexpert: http://127.0.0.1:$fake_port

  1. Sign in as "Acme SARL" (top right): the badge shows 5 000,00 € of credit. Buy the meeting-room
     furniture (1 800,00 €) on account: the credit check passes and a receivable opens. The
     warehouse racking (3 900,00 €) is then refused on the limit (see the preview and the methods).
  2. Back office: record a payment on the receivable or mark it paid; the badge follows.
  3. Sign in as "Léa Martin": top up 100,00 € in My account, buy the espresso machine (130,00 €)
     with the balance plus card, then refund 26,00 € from the back office (split by funding source).
  4. As Léa, buy the laptop with "Pay in 3 instalments": the order page shows the financing timeline.
     In the back office, acting as the lender, send "Pre-accepted" then "Accepted" (each webhook is
     delivered twice, signed like Scalexpert's): the duplicate is answered and not applied, the
     order becomes paid. Amounts are typed the shop's way: 600,00 or 1 000,00.

  Ctrl-C (or SIGTERM to make or to demo/serve.sh) stops the shop and the fake provider.
GUIDE
echo "demo: ready on http://127.0.0.1:$port/"
# Returns when the shop's server ends or a trapped signal arrives (bash runs the trap at once).
wait "${pids[1]}"
