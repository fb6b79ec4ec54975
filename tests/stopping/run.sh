#!/usr/bin/env bash
# Whatever starts servers leaves nothing running however it is stopped:
#   make demo        SIGTERM to make, SIGTERM to serve.sh, Ctrl-C (SIGINT to the foreground group)
#   demo/serve.sh    SIGHUP (a closed terminal)
#   PhpServer        SIGTERM and Ctrl-C to the PHP process that started it (tests, benchmarks)
#   php-bridge/fake-provider/serve.sh   SIGTERM and Ctrl-C
#   the generated-PHP benchmark (php -S) and scripts/test-php.sh (a private MariaDB, the suite's
#   PHP servers): SIGTERM
# Each case starts the command in a session of its own, waits until its servers answer, records
# every process it started (the command's descendants, and the MariaDB on its own data directory),
# sends the signal, then checks that each of them is gone and no recorded port answers.
# Start times are printed for information; nothing here depends on speed.
set -euo pipefail
cd "$(dirname "$0")/../.."
unset MAKEFLAGS MAKELEVEL MFLAGS # a make of its own, not a job of the calling make
work="$(mktemp -d /tmp/shopcredit-stopping-XXXXXX)"
seen=()
cleanup() {
  # Only what this test started: the pids it recorded (nothing by name).
  for p in "${seen[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { php -r '$s = stream_socket_server("tcp://127.0.0.1:0"); echo substr(strrchr(stream_socket_get_name($s, false), ":"), 1);'; }
answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
alive() { local st; st="$(ps -o stat= -p "$1" 2>/dev/null)" && [ -n "$st" ] && [ "${st:0:1}" != Z ]; }
fail() { echo "not ok - $*" >&2; exit 1; }
show() { local p; for p in "$@"; do [[ "$p" =~ ^[0-9]+$ ]] && ps -o pid=,args= -p "$p" | cut -c1-200; done; true; }

# descendants PID: every live process below PID (children, their children, ...).
descendants() {
  local table todo=("$1") p c
  table="$(ps -eo pid=,ppid=)"
  while [ ${#todo[@]} -gt 0 ]; do
    p="${todo[0]}"; todo=("${todo[@]:1}")
    for c in $(awk -v p="$p" '$2 == p {print $1}' <<<"$table"); do echo "$c"; todo+=("$c"); done
  done
}

# launch NAME CMD...: runs CMD in a new session like a terminal's job: SIGINT and SIGHUP at their
# defaults, even when this suite runs under nohup or a CI runner that ignores them (bash cannot trap
# a signal that was ignored when it started).
launch() {
  name="$1"; shift
  log="$work/$name.log"
  ports=()
  t0=$(date +%s%N)
  env --default-signal=INT,HUP setsid "$@" >"$log" 2>&1 </dev/null &
  leader=$!
}

# until_ready CHECK: polls CHECK (a function) for up to 300 s while the leader lives.
until_ready() {
  for _ in $(seq 1 3000); do
    "$1" && { echo "# $name: ready after $(( ($(date +%s%N) - t0) / 1000000 )) ms"; return 0; }
    alive "$leader" || { cat "$log" >&2; fail "$name: ended before it was ready"; }
    sleep 0.1
  done
  cat "$log" >&2; fail "$name: not ready after 300 s"
}

# record [PID...]: the leader, its descendants and the given pids are what must be gone later.
record() {
  procs=("$leader" $(descendants "$leader") "$@")
  seen+=("${procs[@]}")
}

# stopped: the leader ends, then every recorded process and port is gone.
stopped() {
  local left p
  for _ in $(seq 1 300); do alive "$leader" || break; sleep 0.1; done
  alive "$leader" && fail "$name: still running 30 s after the signal"
  wait "$leader" 2>/dev/null || true
  for _ in $(seq 1 100); do
    left=()
    for p in "${procs[@]}"; do alive "$p" && left+=("$p"); done
    for p in "${ports[@]}"; do answers "$p" && left+=("port:$p"); done
    [ ${#left[@]} -eq 0 ] && break
    sleep 0.1
  done
  [ ${#left[@]} -eq 0 ] || fail "$name: left running: ${left[*]}
$(show "${left[@]}")"
  echo "ok - $name: ${#procs[@]} processes gone${ports[*]:+, ports ${ports[*]} closed}"
}

# --- make demo / serve.sh
demo_ready() {
  grep -q '^demo: ready on ' "$log" || return 1
  local port fake
  port="$(sed -n 's/^demo: ready on http:\/\/127\.0\.0\.1:\([0-9]*\)\/$/\1/p' "$log")"
  fake="$(sed -n 's/.*fake Scalexpert: http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log")"
  [ "$port" = "$DEMO_PORT" ] || fail "$name: not on the port asked for ($port, not $DEMO_PORT)"
  answers "$port" && answers "$fake" || fail "$name: ready, but the shop or the fake provider does not answer"
  ports=("$port" "$fake")
}
demo() {
  export DEMO_PORT DEMO_VAR="$work/$1-var"
  DEMO_PORT="$(free_port)"
  launch "$@"
  until_ready demo_ready
  record
  [ ${#procs[@]} -ge 5 ] || fail "$name: expected serve.sh and two servers with workers, saw: $(show "${procs[@]}")"
}

demo make-sigterm make --no-print-directory demo
kill -TERM "$leader"
stopped
grep -q '^demo: stopped' "$log" || fail "$name: serve.sh did not run its cleanup"

demo serve-sigterm-under-make make --no-print-directory demo
serve="$(for p in "${procs[@]}"; do ps -o pid=,args= -p "$p"; done | awk '/demo\/serve\.sh/ {print $1; exit}')"
[ -n "$serve" ] || fail "$name: no serve.sh under make"
kill -TERM "$serve"
stopped

demo ctrl-c make --no-print-directory demo
kill -INT -- "-$leader" # what a terminal does on Ctrl-C: SIGINT to the whole foreground group
stopped

demo serve-sighup demo/serve.sh
kill -HUP "$leader"
stopped
unset DEMO_PORT DEMO_VAR

# --- PhpServer (the fake provider and web-SAPI tests, the benchmarks)
server_ready() {
  local port
  port="$(sed -n 's/^serving http:\/\/127\.0\.0\.1:\([0-9]*\)$/\1/p' "$log")"
  [ -n "$port" ] && answers "$port" && ports=("$port")
}
for signal in TERM INT; do
  launch "php-server-sig${signal,,}" php tests/stopping/hold-php-server.php
  until_ready server_ready
  record
  [ ${#procs[@]} -ge 4 ] || fail "$name: expected the holder, the server and two workers, saw: $(show "${procs[@]}")"
  kill "-$signal" "$leader"
  stopped
done

# --- the fake provider served by hand (and by the PrestaShop e2e script)
fake_ready() { answers "$fake_port" && ports=("$fake_port"); }
for signal in TERM INT; do
  fake_port="$(free_port)"
  launch "fake-provider-sig${signal,,}" php-bridge/fake-provider/serve.sh "$fake_port" "$work/fake-$signal.json"
  until_ready fake_ready
  record
  [ ${#procs[@]} -ge 4 ] || fail "$name: expected serve.sh, the server and its workers, saw: $(show "${procs[@]}")"
  kill "-$signal" "$leader"
  stopped
done

# --- the generated-PHP benchmark's php -S (a million requests: still serving when the signal comes)
bench_ready() {
  local p
  for p in $(descendants "$leader"); do
    ps -o args= -p "$p" | grep -q -- "-S 127\.0\.0\.1:[0-9]* .*bench/generated\.php" && return 0
  done
  return 1
}
launch bench-generated-sigterm php php-bridge/bench/generated.php --calls=50 --requests=1000000
until_ready bench_ready
record
kill -TERM "$leader"
stopped

# --- scripts/test-php.sh: its MariaDB (own port and data directory) and the suite's PHP servers
export SHOPCREDIT_MARIADB_PORT SHOPCREDIT_MARIADB_DIR="$work/mariadb"
SHOPCREDIT_MARIADB_PORT="$(free_port)"
mariadbd_pid() { pgrep -f -- "--datadir=$SHOPCREDIT_MARIADB_DIR/data" | head -1; }
suite_ready() {
  local kids
  kids="$(descendants "$leader" | paste -sd, -)"
  [ -n "$(mariadbd_pid)" ] && [ -n "$kids" ] && ps -o args= -p "$kids" | grep -q phpunit
}
launch test-php-sigterm scripts/test-php.sh
until_ready suite_ready
ports=("$SHOPCREDIT_MARIADB_PORT")
record "$(mariadbd_pid)"
kill -TERM "$leader"
stopped
