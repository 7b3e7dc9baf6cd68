#!/usr/bin/env bash
# oracle_sql_test.sh FUNDWATCH gen SEED SCALE
# oracle_sql_test.sh FUNDWATCH edges
#
# CTest driver of the independent SQL oracle (bench/sql/run_mariadb.sh), and
# of the engine against it (tests/oracle/engine_vs_sql.py):
#   gen    generates data with `FUNDWATCH gen --seed SEED --scale SCALE` and
#          checks the SQL keys against its ground_truth.jsonl;
#   edges  writes the hand-made boundary cases of tests/oracle/edge_cases.py
#          and checks the SQL keys against the keys written there by hand.
# Needs a MariaDB: FUNDWATCH_TEST_MYSQL_URL (mysql://USER@HOST:PORT/DB) and
# FUNDWATCH_MYSQL_PASSWORD, as scripts/with_mariadb.sh sets them. The data go
# into a scratch database DB_oracle_<pid> (created here, dropped on exit), so
# other tests using DB itself are not disturbed.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
[ $# -ge 2 ] || fail "usage: $0 FUNDWATCH gen SEED SCALE | $0 FUNDWATCH edges"
FW=$1 MODE=$2
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

URL=${FUNDWATCH_TEST_MYSQL_URL:-}
[ -n "$URL" ] || fail "FUNDWATCH_TEST_MYSQL_URL is not set: the SQL oracle needs a MariaDB (run ctest under scripts/with_mariadb.sh)"
[[ $URL =~ ^mysql://([^@/:]+)@([^:/]+):([0-9]+)/([A-Za-z0-9_]+)$ ]] \
  || fail "cannot parse FUNDWATCH_TEST_MYSQL_URL='$URL' (expected mysql://USER@HOST:PORT/DB)"
DB_USER=${BASH_REMATCH[1]} DB_HOST=${BASH_REMATCH[2]} DB_PORT=${BASH_REMATCH[3]} DB_NAME=${BASH_REMATCH[4]}
[ -x "$FW" ] || fail "no fundwatch binary at $FW"

WORK=$(mktemp -d)
SCRATCH="${DB_NAME}_oracle_$$"
admin() {
  MYSQL_PWD=${FUNDWATCH_MYSQL_PASSWORD:-} mariadb --no-defaults --protocol=tcp -h "$DB_HOST" -P "$DB_PORT" \
    -u "$DB_USER" --batch -e "$1"
}
cleanup() {
  admin "DROP DATABASE IF EXISTS \`$SCRATCH\`" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
admin "CREATE DATABASE \`$SCRATCH\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin" \
  || fail "cannot create the scratch database $SCRATCH (the user needs CREATE on ${DB_NAME}_%)"
export FUNDWATCH_TEST_MYSQL_URL="mysql://$DB_USER@$DB_HOST:$DB_PORT/$SCRATCH"
export FUNDWATCH_BIN=$FW

case $MODE in
  gen)
    [ $# -eq 4 ] || fail "usage: $0 FUNDWATCH gen SEED SCALE"
    "$FW" gen --out "$WORK/data" --seed "$3" --scale "$4" >/dev/null || fail "fundwatch gen failed"
    ;;
  edges)
    python3 "$HERE/edge_cases.py" "$WORK/data" || fail "edge_cases.py failed"
    ;;
  *) fail "unknown mode '$MODE'" ;;
esac

bash "$ROOT/bench/sql/run_mariadb.sh" "$WORK/data" "$WORK/keys" || fail "run_mariadb.sh failed"
bash "$HERE/check_truth.sh" "$WORK/data" "$WORK/keys" || fail "the SQL oracle's keys differ from the ground truth"

# The engine on the same data must find exactly the same keys as the SQL.
"$FW" scan --data "$WORK/data" --rules "$ROOT/rules" --out "$WORK/alerts.jsonl" >/dev/null || fail "fundwatch scan failed"
python3 "$HERE/engine_vs_sql.py" "$WORK/alerts.jsonl" "$WORK/keys" || fail "the engine's keys differ from the SQL oracle's"
