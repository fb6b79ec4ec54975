#!/usr/bin/env bash
# `make demo` and demo/serve.sh leave nothing running however they are stopped: SIGTERM to make,
# SIGTERM to serve.sh, Ctrl-C (SIGINT to the terminal's foreground process group), SIGHUP to a
# serve.sh started on its own. Each case starts the demo on a free port with its own data, waits
# for "demo: ready", sends the signal, then checks that every process it saw (make, serve.sh, both
# PHP servers and their workers) is gone and that neither port answers.
# Prints how long each start took (information only: nothing here depends on speed).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
unset MAKEFLAGS MAKELEVEL MFLAGS # a make of its own, not a job of the calling make
work="$(mktemp -d /tmp/shopcredit-demo-stop-XXXXXX)"
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

# start NAME CMD...: runs CMD in a new session (its own process group, like a terminal job);
# sets leader, port, fake_port.
start() {
  local name="$1"; shift
  log="$work/$name.log"
  port="$(free_port)"
  local t0=$(date +%s%N)
  # A background job of a script starts with SIGINT ignored; a terminal's foreground job does not.
  DEMO_PORT="$port" DEMO_VAR="$work/$name-var" env --default-signal=INT setsid "$@" >"$log" 2>&1 </dev/null &
  leader=$!
  for _ in $(seq 1 3000); do
    grep -q '^demo: ready on ' "$log" && break
    alive "$leader" || { cat "$log" >&2; fail "$name: the demo ended before it was ready"; }
    sleep 0.1
  done
  grep -q '^demo: ready on ' "$log" || { cat "$log" >&2; fail "$name: the demo was not ready after 300 s"; }
  echo "# $name: ready after $(( ($(date +%s%N) - t0) / 1000000 )) ms"
  fake_port="$(sed -n 's/.*fake Scalexpert: http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log")"
  [ "$(sed -n 's/^demo: ready on http:\/\/127\.0\.0\.1:\([0-9]*\)\/$/\1/p' "$log")" = "$port" ] || fail "$name: not on the port asked for"
  answers "$port" || fail "$name: the shop does not answer"
  answers "$fake_port" || fail "$name: the fake provider does not answer"
  # Everything that belongs to this demo: the session (make, serve.sh) and both servers' sessions.
  local sids="$leader" own p s
  own="$(ps -o sid= -p $$ | tr -d ' ')"
  for p in $(pgrep -f -- "-S 127\.0\.0\.1:($port|$fake_port) " || true); do
    s="$(ps -o sid= -p "$p" | tr -d ' ')"
    [ -n "$s" ] && [ "$s" != "$own" ] && sids+=" $s"
  done
  sids="$(tr ' ' '\n' <<<"$sids" | sort -u | tr '\n' ' ')"
  procs=()
  for s in $sids; do
    while read -r p; do [ -n "$p" ] && procs+=("$p"); done < <(ps -o pid= -s "$s")
  done
  seen+=("${procs[@]}")
  [ "${#procs[@]}" -ge 4 ] || fail "$name: expected make/serve.sh and two servers, saw: $(ps -o pid=,args= -p "$(IFS=,; echo "${procs[*]}")")"
}

# stopped NAME: waits for the leader, then checks that nothing recorded is left and no port answers.
stopped() {
  local name="$1" left p
  for _ in $(seq 1 100); do alive "$leader" || break; sleep 0.1; done
  alive "$leader" && fail "$name: still running 10 s after the signal"
  wait "$leader" 2>/dev/null || true
  for _ in $(seq 1 100); do
    left=()
    for p in "${procs[@]}"; do alive "$p" && left+=("$p"); done
    [ ${#left[@]} -eq 0 ] && ! answers "$port" && ! answers "$fake_port" && break
    sleep 0.1
  done
  [ ${#left[@]} -eq 0 ] || fail "$name: left running: $(ps -o pid=,args= -p "$(IFS=,; echo "${left[*]}")")"
  answers "$port" && fail "$name: port $port still answers"
  answers "$fake_port" && fail "$name: port $fake_port still answers"
  grep -q '^demo: stopped' "$log" || fail "$name: serve.sh did not run its cleanup"
  echo "ok - $name: nothing left running, ports $port and $fake_port closed"
}

start make-sigterm make --no-print-directory demo
kill -TERM "$leader"
stopped make-sigterm

start serve-sigterm-under-make make --no-print-directory demo
serve="$(ps -o pid=,args= -s "$leader" | awk '/demo\/serve\.sh/ {print $1; exit}')"
[ -n "$serve" ] || fail "serve-sigterm-under-make: no serve.sh under make"
kill -TERM "$serve"
stopped serve-sigterm-under-make

start ctrl-c make --no-print-directory demo
kill -INT -- "-$leader" # what the terminal does on Ctrl-C: SIGINT to the whole foreground group
stopped ctrl-c

start serve-sighup demo/serve.sh
kill -HUP "$leader"
stopped serve-sighup
