#!/usr/bin/env bash
# A private 3-node MariaDB Galera cluster on 127.0.0.1 for the cluster suite and benchmarks:
# each node its own data directory, port and socket under var/galera/, never the system server.
#
#   scripts/galera.sh start     a fresh cluster: node 1 bootstraps, 2 and 3 join by state transfer
#                               (mariabackup), waits until wsrep_cluster_size = 3, then creates
#                               database shopcredit_test and user shopcredit/shopcredit
#   scripts/galera.sh stop      shuts every node down and waits until their processes are gone
#   scripts/galera.sh kill N    SIGKILLs node N (a crash in the middle of a run)
#   scripts/galera.sh start-node N   starts node N again: it rejoins by state transfer
#   scripts/galera.sh status    one line per node: running/stopped, cluster size seen by it
#   scripts/galera.sh env       the variables the tests read: eval "$(scripts/galera.sh env)"
#
# Ports: SHOPCREDIT_GALERA_PORT (default 4412) for node 1's clients; node n uses base+n-1 for
# clients, base+10+n-1 for group communication, base+20+n-1 for IST, base+30+n-1 for SST.
# Needs mariadbd, galera-4 (libgalera_smm.so), mariadb-backup and socat: scripts/setup.sh installs
# them. Facts behind the settings: ../shared/notes/galera.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
DIR="${SHOPCREDIT_GALERA_DIR:-$ROOT/var/galera}"
BASE="${SHOPCREDIT_GALERA_PORT:-4412}"
DB="shopcredit_test"
DB_USER="shopcredit"
DB_PASS="shopcredit"
SST_USER="sst"
SST_PASS="sst-local-only"
OS_USER="$(id -un)"
NODES=(1 2 3)

log() { printf '[galera] %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

find_bin() {
  local b d
  for b in "$@"; do
    if command -v "$b" >/dev/null 2>&1; then command -v "$b"; return 0; fi
    for d in /usr/sbin /usr/local/sbin /usr/bin; do [ -x "$d/$b" ] && { echo "$d/$b"; return 0; }; done
  done
  return 1
}

bins() {
  MARIADBD="$(find_bin mariadbd mysqld)" || die "mariadbd not found: run scripts/setup.sh"
  INSTALL_DB="$(find_bin mariadb-install-db mysql_install_db)" || die "mariadb-install-db not found"
  CLIENT="$(find_bin mariadb mysql)" || die "mariadb client not found"
  ADMIN="$(find_bin mariadb-admin mysqladmin)" || die "mariadb-admin not found"
  PROVIDER=""
  for p in /usr/lib/galera/libgalera_smm.so /usr/lib/galera-4/libgalera_smm.so /usr/lib64/galera-4/libgalera_smm.so; do
    [ -f "$p" ] && { PROVIDER="$p"; break; }
  done
  [ -n "$PROVIDER" ] || die "libgalera_smm.so not found: run scripts/setup.sh (galera-4)"
  find_bin mariabackup mariadb-backup >/dev/null || die "mariabackup not found: run scripts/setup.sh (mariadb-backup)"
  find_bin socat >/dev/null || die "socat not found: run scripts/setup.sh (socat)"
}

port() { echo $((BASE + $1 - 1)); }
gport() { echo $((BASE + 10 + $1 - 1)); }
iport() { echo $((BASE + 20 + $1 - 1)); }
sport() { echo $((BASE + 30 + $1 - 1)); }
ndir() { echo "$DIR/n$1"; }
sock() { echo "$(ndir "$1")/mysqld.sock"; }

node_pid() {
  local f pid
  f="$(ndir "$1")/mysqld.pid"
  # While a joiner receives its state the server has not written its pid file yet.
  [ -f "$f" ] || f="$(ndir "$1")/launcher.pid"
  [ -f "$f" ] || return 1
  pid="$(cat "$f" 2>/dev/null || true)"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "--defaults-file=$(ndir "$1")/my.cnf" || return 1
  echo "$pid"
}

sql() { "$CLIENT" --no-defaults --protocol=socket --socket="$(sock "$1")" -u root -N -B -e "$2"; }

cluster_size() { sql "$1" "SHOW STATUS LIKE 'wsrep_cluster_size'" 2>/dev/null | awk '{print $2}'; }

with_lock() {
  mkdir -p "$DIR"
  exec 9>"$DIR/.lock"
  flock -w 300 9 || die "another galera.sh is still running (lock $DIR/.lock)"
}

start_node() {
  local n=$1 d; shift
  d="$(ndir "$n")"
  # One option file per node, also read by the state-transfer scripts (without it they would read
  # the system's /etc/mysql configuration).
  cat >"$d/my.cnf" <<EOF
[mysqld]
user=$OS_USER
datadir=$d/data
port=$(port "$n")
bind-address=127.0.0.1
socket=$(sock "$n")
pid-file=$d/mysqld.pid
log-error=$d/mysqld.log
skip-name-resolve
character-set-server=utf8mb4
collation-server=utf8mb4_unicode_ci
innodb-buffer-pool-size=64M
innodb-log-file-size=32M
max-connections=300
sql-mode=STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION
binlog-format=ROW
default-storage-engine=InnoDB
innodb-autoinc-lock-mode=2
wsrep-on=ON
wsrep-provider=$PROVIDER
wsrep-cluster-name=shopcredit-test
wsrep-cluster-address=gcomm://127.0.0.1:$(gport 1),127.0.0.1:$(gport 2),127.0.0.1:$(gport 3)
wsrep-node-name=node$n
wsrep-provider-options=gmcast.listen_addr=tcp://127.0.0.1:$(gport "$n");ist.recv_addr=127.0.0.1:$(iport "$n");gcache.size=64M
wsrep-sst-method=mariabackup
wsrep-sst-auth=$SST_USER:$SST_PASS
wsrep-sst-receive-address=127.0.0.1:$(sport "$n")
wsrep-slave-threads=2
[sst]
sst-syslog=-1
sst-log-archive=0
EOF
  rm -f "$(sock "$n")" "$d/mysqld.pid"
  # setsid: the node must not share the caller's process group (make's Ctrl-C, job kills).
  setsid "$MARIADBD" --defaults-file="$d/my.cnf" "$@" </dev/null >>"$d/mysqld.out" 2>&1 9>&- &
  echo $! >"$d/launcher.pid"
}

wait_ready() {
  local n=$1 i
  for i in $(seq 1 1200); do
    if "$ADMIN" --no-defaults --protocol=socket --socket="$(sock "$n")" -u root --connect-timeout=2 ping >/dev/null 2>&1 \
      && [ "$(sql "$n" "SHOW STATUS LIKE 'wsrep_local_state_comment'" 2>/dev/null | awk '{print $2}')" = "Synced" ]; then
      return 0
    fi
    if ! kill -0 "$(cat "$(ndir "$n")/launcher.pid" 2>/dev/null || echo 0)" 2>/dev/null && ! node_pid "$n" >/dev/null; then
      tail -30 "$(ndir "$n")/mysqld.log" >&2 2>/dev/null || true
      die "node $n exited during start (log: $(ndir "$n")/mysqld.log)"
    fi
    sleep 0.1
  done
  tail -30 "$(ndir "$n")/mysqld.log" >&2 2>/dev/null || true
  die "node $n not synced after 120 s (log: $(ndir "$n")/mysqld.log)"
}

do_start() {
  bins
  with_lock
  stop_all
  rm -rf "$DIR"/n1 "$DIR"/n2 "$DIR"/n3
  local n
  for n in "${NODES[@]}"; do mkdir -p "$(ndir "$n")/data"; done
  local extra=()
  [ "$OS_USER" = root ] || extra+=("--auth-root-socket-user=$OS_USER")
  "$INSTALL_DB" --no-defaults --datadir="$(ndir 1)/data" --user="$OS_USER" --auth-root-authentication-method=socket \
    "${extra[@]}" --skip-test-db --skip-name-resolve >"$DIR/install.log" 2>&1 \
    || { tail -20 "$DIR/install.log" >&2; die "mariadb-install-db failed (log: $DIR/install.log)"; }
  log "starting node 1 (new cluster) on 127.0.0.1:$(port 1)"
  start_node 1 --wsrep-new-cluster
  wait_ready 1
  # The state-transfer account the joiners' mariabackup uses on the donor (local socket only).
  sql 1 "CREATE USER IF NOT EXISTS '$SST_USER'@'localhost' IDENTIFIED BY '$SST_PASS';
    GRANT RELOAD, PROCESS, LOCK TABLES, BINLOG MONITOR ON *.* TO '$SST_USER'@'localhost';"
  for n in 2 3; do
    log "starting node $n on 127.0.0.1:$(port "$n") (state transfer from the cluster)"
    start_node "$n"
    wait_ready "$n"
  done
  local i size=0
  for i in $(seq 1 600); do
    size="$(cluster_size 1 || echo 0)"
    [ "$size" = 3 ] && break
    sleep 0.1
  done
  [ "$size" = 3 ] || die "cluster size is $size after the joins, not 3"
  # Users and the database replicate to every node.
  sql 1 "CREATE DATABASE IF NOT EXISTS \`$DB\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
    CREATE USER IF NOT EXISTS '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASS';
    CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASS';
    GRANT ALL PRIVILEGES ON \`shopcredit\\_test%\`.* TO '$DB_USER'@'127.0.0.1', '$DB_USER'@'localhost';
    GRANT PROCESS ON *.* TO '$DB_USER'@'127.0.0.1', '$DB_USER'@'localhost';"
  for n in "${NODES[@]}"; do
    for i in $(seq 1 100); do
      "$CLIENT" --no-defaults --protocol=tcp -h 127.0.0.1 -P "$(port "$n")" -u "$DB_USER" -p"$DB_PASS" -N -B -e "SELECT 1" "$DB" >/dev/null 2>&1 && break
      sleep 0.1
    done
    "$CLIENT" --no-defaults --protocol=tcp -h 127.0.0.1 -P "$(port "$n")" -u "$DB_USER" -p"$DB_PASS" -N -B -e "SELECT 1" "$DB" >/dev/null \
      || die "user $DB_USER cannot connect to node $n"
  done
  log "ready: 3 nodes on 127.0.0.1:$(port 1),$(port 2),$(port 3), database $DB user $DB_USER"
}

stop_node() {
  local n=$1 pid i
  pid="$(node_pid "$n")" || { rm -f "$(sock "$n")" "$(ndir "$n")/mysqld.pid"; return 0; }
  "$ADMIN" --no-defaults --protocol=socket --socket="$(sock "$n")" -u root shutdown >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    log "node $n ($pid) did not stop in 30 s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  kill -0 "$pid" 2>/dev/null && die "node $n ($pid) is still running"
  rm -f "$(sock "$n")" "$(ndir "$n")/mysqld.pid" "$(ndir "$n")/launcher.pid"
}

stop_all() {
  local n
  # Joiners first, the bootstrap node last.
  for n in 3 2 1; do stop_node "$n"; done
}

do_stop() {
  bins
  with_lock
  stop_all
  log "stopped"
}

do_kill() {
  local n=$1 pid i
  pid="$(node_pid "$n")" || die "node $n is not running"
  kill -KILL "$pid"
  for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  log "node $n ($pid) killed"
}

do_status() {
  local n pid up=0
  bins
  for n in "${NODES[@]}"; do
    if pid="$(node_pid "$n")"; then
      echo "node $n running pid=$pid port=$(port "$n") cluster_size=$(cluster_size "$n" || echo '?')"
      up=1
    else
      echo "node $n stopped"
    fi
  done
  [ "$up" = 1 ] || exit 3
}

do_env() {
  local dsns=() n
  for n in "${NODES[@]}"; do dsns+=("mysql:host=127.0.0.1;port=$(port "$n");dbname=$DB;charset=utf8mb4"); done
  cat <<EOF
export SHOPCREDIT_TEST_MYSQL_DSN='${dsns[0]}'
export SHOPCREDIT_TEST_MYSQL_USER='$DB_USER'
export SHOPCREDIT_TEST_MYSQL_PASSWORD='$DB_PASS'
export SHOPCREDIT_GALERA_DSNS='${dsns[0]} ${dsns[1]} ${dsns[2]}'
EOF
}

case "${1:-}" in
  start) do_start ;;
  stop) do_stop ;;
  kill) [ -n "${2:-}" ] || die "usage: $0 kill N"; bins; do_kill "$2" ;;
  start-node) [ -n "${2:-}" ] || die "usage: $0 start-node N"; bins; with_lock; node_pid "$2" >/dev/null || { start_node "$2"; wait_ready "$2"; }; log "node $2 synced" ;;
  status) do_status ;;
  env) do_env ;;
  *) echo "usage: $0 start|stop|kill N|start-node N|status|env" >&2; exit 2 ;;
esac
