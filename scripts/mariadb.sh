#!/usr/bin/env bash
# A private MariaDB for the storage tests: its own data directory, port and socket under var/,
# never the system server.
#
#   scripts/mariadb.sh start    install the data directory on first use, start, wait until ready,
#                               create database shopcredit_test and user shopcredit/shopcredit
#   scripts/mariadb.sh stop     shut down and wait until the server process is gone
#   scripts/mariadb.sh status   "running pid=... port=..." (exit 0) or "stopped" (exit 3)
#   scripts/mariadb.sh env      the variables the tests read; use: eval "$(scripts/mariadb.sh env)"
#
# Overrides: SHOPCREDIT_MARIADB_DIR (default var/mariadb), SHOPCREDIT_MARIADB_PORT (default 3407),
# SHOPCREDIT_MARIADB_BUFFER_POOL (default 64M; the benchmarks give it 1G for their million rows).
# Every command is idempotent; start and stop hold a lock so concurrent callers do not race.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
DIR="${SHOPCREDIT_MARIADB_DIR:-$ROOT/var/mariadb}"
PORT="${SHOPCREDIT_MARIADB_PORT:-3407}"
DATA="$DIR/data"
SOCK="$DIR/mysqld.sock"
PIDFILE="$DIR/mysqld.pid"
LOG="$DIR/mysqld.log"
DB="shopcredit_test"
DB_USER="shopcredit"
DB_PASS="shopcredit"
OS_USER="$(id -un)"

log() { printf '[mariadb] %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

find_bin() {
  local b
  for b in "$@"; do
    if command -v "$b" >/dev/null 2>&1; then command -v "$b"; return 0; fi
    for d in /usr/sbin /usr/local/sbin /usr/bin; do
      [ -x "$d/$b" ] && { echo "$d/$b"; return 0; }
    done
  done
  return 1
}

bins() {
  MARIADBD="$(find_bin mariadbd mysqld)" || die "mariadbd not found: run scripts/setup.sh (installs mariadb-server-core)"
  INSTALL_DB="$(find_bin mariadb-install-db mysql_install_db)" || die "mariadb-install-db not found (mariadb-server-core)"
  CLIENT="$(find_bin mariadb mysql)" || die "mariadb client not found (mariadb-client)"
  ADMIN="$(find_bin mariadb-admin mysqladmin)" || die "mariadb-admin not found (mariadb-client)"
}

server_pid() {
  # The pid of our server, if it is alive and really a mariadbd on our data directory.
  [ -f "$PIDFILE" ] || return 1
  local pid
  pid="$(cat "$PIDFILE" 2>/dev/null || true)"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "--datadir=$DATA" || return 1
  echo "$pid"
}

# Administrative client: as root through the unix_socket plugin (the account mariadb-install-db
# creates for the OS user running it).
admin_sql() { "$CLIENT" --no-defaults --protocol=socket --socket="$SOCK" -u "$ADMIN_USER" -N -B -e "$1"; }

ping() { "$ADMIN" --no-defaults --protocol=socket --socket="$SOCK" -u "$ADMIN_USER" --connect-timeout=2 ping >/dev/null 2>&1; }

with_lock() {
  mkdir -p "$DIR"
  exec 9>"$DIR/.lock"
  flock -w 120 9 || die "another mariadb.sh is still running (lock $DIR/.lock)"
}

do_start() {
  bins
  with_lock
  ADMIN_USER="root"
  if ! server_pid >/dev/null; then
    if [ ! -d "$DATA/mysql" ]; then
      log "installing a data directory in $DATA"
      rm -rf "$DATA" "$DATA.tmp"
      mkdir -p "$DATA.tmp"
      local extra=()
      [ "$OS_USER" = root ] || extra+=("--auth-root-socket-user=$OS_USER")
      "$INSTALL_DB" --no-defaults --datadir="$DATA.tmp" --user="$OS_USER" \
        --auth-root-authentication-method=socket "${extra[@]}" \
        --skip-test-db --skip-name-resolve >"$DIR/install.log" 2>&1 \
        || { tail -20 "$DIR/install.log" >&2; die "mariadb-install-db failed (log: $DIR/install.log)"; }
      mv "$DATA.tmp" "$DATA"
    fi
    rm -f "$SOCK" "$SOCK.lock" "$PIDFILE"
    log "starting mariadbd on 127.0.0.1:$PORT"
    # setsid: the server must not share the caller's process group (make's Ctrl-C, job kills).
    setsid "$MARIADBD" --no-defaults --user="$OS_USER" \
      --datadir="$DATA" --port="$PORT" --bind-address=127.0.0.1 --socket="$SOCK" \
      --pid-file="$PIDFILE" --log-error="$LOG" --skip-name-resolve --skip-log-bin \
      --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
      --innodb-buffer-pool-size="${SHOPCREDIT_MARIADB_BUFFER_POOL:-64M}" --innodb-log-file-size=32M --max-connections=200 \
      --sql-mode=STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION \
      </dev/null >>"$DIR/mysqld.out" 2>&1 9>&- &
    local launcher=$! i
    for i in $(seq 1 600); do
      if ping; then break; fi
      if ! kill -0 "$launcher" 2>/dev/null && ! server_pid >/dev/null; then
        tail -30 "$LOG" >&2 2>/dev/null || true
        die "mariadbd exited during start (log: $LOG)"
      fi
      sleep 0.1
    done
    ping || { tail -30 "$LOG" >&2 || true; die "mariadbd not ready after 60 s (log: $LOG)"; }
  fi
  # Idempotent: safe on every start.
  admin_sql "CREATE DATABASE IF NOT EXISTS \`$DB\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
    CREATE USER IF NOT EXISTS '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASS';
    CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASS';
    ALTER USER '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASS';
    ALTER USER '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASS';
    GRANT ALL PRIVILEGES ON \`shopcredit\\_test%\`.* TO '$DB_USER'@'127.0.0.1', '$DB_USER'@'localhost';
    GRANT PROCESS ON *.* TO '$DB_USER'@'127.0.0.1', '$DB_USER'@'localhost';
    FLUSH PRIVILEGES;"
  # Check the test account really works over TCP (what the tests use).
  "$CLIENT" --no-defaults --protocol=tcp -h 127.0.0.1 -P "$PORT" -u "$DB_USER" -p"$DB_PASS" -N -B -e "SELECT 1" "$DB" >/dev/null \
    || die "user $DB_USER cannot connect to 127.0.0.1:$PORT"
  log "ready: pid $(server_pid) port $PORT database $DB user $DB_USER"
}

do_stop() {
  bins
  with_lock
  ADMIN_USER="root"
  local pid
  if ! pid="$(server_pid)"; then
    rm -f "$SOCK" "$SOCK.lock" "$PIDFILE"
    log "not running"
    return 0
  fi
  "$ADMIN" --no-defaults --protocol=socket --socket="$SOCK" -u "$ADMIN_USER" shutdown >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
  local i
  for i in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "mariadbd $pid did not stop in 30 s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  kill -0 "$pid" 2>/dev/null && die "mariadbd $pid is still running"
  rm -f "$SOCK" "$SOCK.lock" "$PIDFILE"
  log "stopped"
}

do_status() {
  local pid
  if pid="$(server_pid)"; then
    echo "running pid=$pid port=$PORT socket=$SOCK datadir=$DATA"
  else
    echo "stopped"
    exit 3
  fi
}

do_env() {
  cat <<EOF
export SHOPCREDIT_TEST_MYSQL_DSN='mysql:host=127.0.0.1;port=$PORT;dbname=$DB;charset=utf8mb4'
export SHOPCREDIT_TEST_MYSQL_USER='$DB_USER'
export SHOPCREDIT_TEST_MYSQL_PASSWORD='$DB_PASS'
EOF
}

case "${1:-}" in
  start) do_start ;;
  stop) do_stop ;;
  status) do_status ;;
  env) do_env ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
