#!/usr/bin/env bash
# with_mariadb.sh CMD [ARGS...]
#
# Runs CMD next to a throwaway MariaDB server and returns CMD's exit status.
# The server lives in a fresh `mktemp -d` directory, listens on a free port
# of 127.0.0.1 only (plus a unix socket in that directory), and is stopped
# and its directory removed when CMD ends, fails or is interrupted.
#
# CMD sees:
#   FUNDWATCH_TEST_MYSQL_URL   mysql://fundwatch@127.0.0.1:PORT/fundwatch_test
#   FUNDWATCH_MYSQL_PASSWORD   the random password of user fundwatch
# The user fundwatch (@127.0.0.1 and @%) has every privilege on the
# databases `fundwatch_test` and `fundwatch_test_*`, so tests may create
# scratch databases of their own.
#
# Quiet on success. On a failed start it prints the tail of the server log.
# The server is sized like a small real one (1 GiB buffer pool, 512 MiB redo
# log; memory is taken as used), durability settings are MariaDB's defaults.
# FUNDWATCH_MARIADB_ARGS adds or overrides mariadbd options, e.g.
# "--innodb-buffer-pool-size=128M --innodb-log-file-size=96M" for the
# stock configuration.
set -uo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi

for tool in mariadb-install-db mariadbd mariadb mariadb-admin; do
  if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then
    echo "with_mariadb: '$tool' not found; install the Debian packages mariadb-server and mariadb-client" >&2
    exit 2
  fi
done
MARIADBD=$(command -v mariadbd || echo /usr/sbin/mariadbd)

DIR=$(mktemp -d "${TMPDIR:-/tmp}/fundwatch-mariadb.XXXXXX") || exit 1
SOCK="$DIR/mysqld.sock"
LOG="$DIR/server.log"
OS_USER=$(id -un)
SERVER_PID=""

cleanup() {
  trap '' INT TERM HUP  # finish cleaning up whatever arrives now
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null
    for _ in $(seq 1 300); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
  fi
  SERVER_PID=""
  rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

fail() {
  echo "with_mariadb: $1" >&2
  for f in "$DIR/install.log" "$LOG"; do
    if [ -s "$f" ]; then
      echo "--- last lines of $(basename "$f") ---" >&2
      tail -n 25 "$f" >&2
    fi
  done
  exit 1
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

if ! mariadb-install-db --no-defaults --datadir="$DIR/data" --user="$OS_USER" \
    --auth-root-authentication-method=normal --skip-test-db >"$DIR/install.log" 2>&1; then
  fail "mariadb-install-db failed"
fi

# Start on a random free port; retry on a lost race for the port.
PORT=""
for attempt in 1 2 3 4 5; do
  candidate=$((20000 + RANDOM % 40000))
  port_in_use "$candidate" && continue
  # shellcheck disable=SC2086  # FUNDWATCH_MARIADB_ARGS is a list of options
  "$MARIADBD" --no-defaults --datadir="$DIR/data" --socket="$SOCK" --port="$candidate" \
    --bind-address=127.0.0.1 --user="$OS_USER" --pid-file="$DIR/mariadbd.pid" \
    --log-error="$LOG" --skip-name-resolve --character-set-server=utf8mb4 \
    --collation-server=utf8mb4_bin --innodb-buffer-pool-size=1G --innodb-log-file-size=512M \
    ${FUNDWATCH_MARIADB_ARGS:-} </dev/null >>"$LOG" 2>&1 &
  SERVER_PID=$!
  ready=""
  for _ in $(seq 1 600); do  # up to 60 s
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then break; fi
    if mariadb-admin --no-defaults --socket="$SOCK" -uroot --connect-timeout=2 ping >/dev/null 2>&1; then
      ready=1
      break
    fi
    sleep 0.1
  done
  if [ -n "$ready" ]; then
    PORT=$candidate
    break
  fi
  if kill -0 "$SERVER_PID" 2>/dev/null; then fail "server did not become ready within 60 s"; fi
  wait "$SERVER_PID" 2>/dev/null
  SERVER_PID=""
  grep -qiE "address already in use|bind on tcp/ip port" "$LOG" || fail "server failed to start"
done
[ -n "$PORT" ] || fail "no free port found after 5 attempts"

PASSWORD=$(head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)
if ! mariadb --no-defaults --socket="$SOCK" -uroot >>"$LOG" 2>&1 <<SQL
DELETE FROM mysql.global_priv WHERE User = '';
FLUSH PRIVILEGES;
CREATE DATABASE fundwatch_test CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
CREATE USER 'fundwatch'@'127.0.0.1' IDENTIFIED BY '$PASSWORD';
CREATE USER 'fundwatch'@'%' IDENTIFIED BY '$PASSWORD';
GRANT ALL PRIVILEGES ON \`fundwatch\\_test\`.* TO 'fundwatch'@'127.0.0.1', 'fundwatch'@'%';
GRANT ALL PRIVILEGES ON \`fundwatch\\_test\\_%\`.* TO 'fundwatch'@'127.0.0.1', 'fundwatch'@'%';
SQL
then
  fail "could not create the test database and user"
fi

export FUNDWATCH_TEST_MYSQL_URL="mysql://fundwatch@127.0.0.1:$PORT/fundwatch_test"
export FUNDWATCH_MYSQL_PASSWORD="$PASSWORD"

if [ -t 0 ]; then
  # Interactive: CMD in the foreground; Ctrl-C reaches it and then the traps.
  "$@"
  status=$?
else
  # Not interactive (CI, timeout(1), a parent that signals only us): run
  # CMD in the background so a TERM can be passed on to it at once.
  "$@" &
  CMD_PID=$!
  trap 'kill -TERM "$CMD_PID" 2>/dev/null' INT TERM HUP
  while :; do
    wait "$CMD_PID"
    status=$?
    kill -0 "$CMD_PID" 2>/dev/null || break
  done
  trap 'exit 130' INT
  trap 'exit 143' TERM
  trap 'exit 129' HUP
fi
exit "$status"
