#!/usr/bin/env bash
# run_mariadb.sh DATA_DIR OUT_DIR
#
# The independent SQL oracle: loads a CSV data directory (as written by
# `fundwatch gen`) into a running MariaDB, adds the DBA's indexes
# (mariadb/indexes.sql), sets @as_of (mariadb/as_of.sql) and runs each of
# the 23 catalogue rules' queries (mariadb/<RULE-ID>.sql), writing
#   OUT_DIR/<RULE-ID>.keys   one line per distinct key, fields joined by a TAB,
#                            sorted bytewise (LC_ALL=C sort -u)
#   OUT_DIR/as_of            the as-of time used
#   OUT_DIR/timings.tsv      RULE-ID <TAB> seconds <TAB> keys
# and a timing line per query to stderr.
#
# Key values are printed by the mariadb client in batch mode: a TAB, newline,
# backslash or NUL inside a value appears as \t, \n, \\ or \0
# (tests/oracle/check_truth.sh escapes the ground truth the same way).
#
# Environment:
#   FUNDWATCH_TEST_MYSQL_URL   mysql://USER@HOST:PORT/DB   (required)
#   FUNDWATCH_MYSQL_PASSWORD   the password                (may be empty)
#   FUNDWATCH_BIN              the fundwatch binary (default: ../../build/fundwatch
#                              from this script)
#   FUNDWATCH_AS_OF            judge at this time ('YYYY-MM-DD HH:MM:SS')
#                              instead of the latest event time
#   ORACLE_SKIP_LOAD=1         reuse the tables already loaded (benchmarks:
#                              time the queries again without reloading)
#   ORACLE_RULES="A B ..."     run only these rules
#
# Loading DROPS the contract's tables in DB first: point it at a scratch
# database (scripts/with_mariadb.sh gives a throwaway server).
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 DATA_DIR OUT_DIR" >&2
  exit 2
fi
DATA_DIR=$1
OUT_DIR=$2
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SQL_DIR=$HERE/mariadb
FUNDWATCH_BIN=${FUNDWATCH_BIN:-$HERE/../../build/fundwatch}

RULES="LMT-SEX LMT-AGE LMT-DX LMT-LV PRC-CEIL QTY-RX
DTH-SETL HOS-SPLIT HOS-OUTP QTY-30D FRQ-MULTI
TRC-DUP TRC-REFLOW TRC-FMT TRC-MISMATCH TRC-MISSING
OPSP-REFUSE OPSP-COMPLAINT OPSP-NOREG
DLV-LATE DLV-RATE DLV-3M DCH-NORX"
RULES=${ORACLE_RULES:-$RULES}
TABLES="fixmedins hilist psn opsp_reg setl fee_list trac_event mdtrt_event complaint vbp_order vbp_delivery erx"

die() { echo "run_mariadb: $*" >&2; exit 1; }

URL=${FUNDWATCH_TEST_MYSQL_URL:-}
[ -n "$URL" ] || die "FUNDWATCH_TEST_MYSQL_URL is not set (mysql://USER@HOST:PORT/DB; scripts/with_mariadb.sh sets it)"
if [[ ! $URL =~ ^mysql://([^@/:]+)@([^:/]+):([0-9]+)/([A-Za-z0-9_]+)$ ]]; then
  die "cannot parse FUNDWATCH_TEST_MYSQL_URL='$URL' (expected mysql://USER@HOST:PORT/DB)"
fi
DB_USER=${BASH_REMATCH[1]}
DB_HOST=${BASH_REMATCH[2]}
DB_PORT=${BASH_REMATCH[3]}
DB_NAME=${BASH_REMATCH[4]}
[ -d "$DATA_DIR" ] || die "no data directory '$DATA_DIR'"
for r in $RULES; do [ -f "$SQL_DIR/$r.sql" ] || die "no query $SQL_DIR/$r.sql"; done
command -v mariadb >/dev/null 2>&1 || die "the mariadb client is not installed (Debian package mariadb-client)"
mkdir -p "$OUT_DIR"

# The password goes through a private option file, not the command line.
WORK=$(mktemp -d "${TMPDIR:-/tmp}/run_mariadb.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
CNF=$WORK/client.cnf
umask 077
{
  echo "[client]"
  echo "user=$DB_USER"
  echo "host=$DB_HOST"
  echo "port=$DB_PORT"
  printf 'password="%s"\n' "$(printf '%s' "${FUNDWATCH_MYSQL_PASSWORD:-}" | sed 's/\\/\\\\/g; s/"/\\"/g')"
  echo "protocol=tcp"
  echo "default-character-set=utf8mb4"
} >"$CNF"
umask 022

sql() {  # sql [mariadb options...]: batch mode, no column names, stdin = SQL
  mariadb --defaults-file="$CNF" --batch --skip-column-names "$@" "$DB_NAME"
}
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

if [ "${ORACLE_SKIP_LOAD:-0}" != 1 ]; then
  [ -x "$FUNDWATCH_BIN" ] || die "no fundwatch binary at $FUNDWATCH_BIN (build it, or set FUNDWATCH_BIN)"
  t0=$(now)
  drops=""
  for t in $TABLES; do drops+="DROP TABLE IF EXISTS \`$t\`;"; done
  echo "$drops" | sql || die "could not drop the old tables in $DB_NAME"
  if ! "$FUNDWATCH_BIN" load --data "$DATA_DIR" --into "$URL" >"$WORK/load.log" 2>&1; then
    cat "$WORK/load.log" >&2
    die "fundwatch load failed"
  fi
  t1=$(now)
  sql <"$SQL_DIR/indexes.sql" >/dev/null || die "indexes.sql failed"
  t2=$(now)
  echo "load $(elapsed "$t0" "$t1") s, indexes+analyze $(elapsed "$t1" "$t2") s" >&2
fi

# The as-of time: given, or the latest event time in the data.
if [ -n "${FUNDWATCH_AS_OF:-}" ]; then
  AS_OF=$FUNDWATCH_AS_OF
else
  AS_OF=$( (cat "$SQL_DIR/as_of.sql"; echo "SELECT DATE_FORMAT(@as_of, '%Y-%m-%d %H:%i:%s');") | sql) \
    || die "as_of.sql failed"
fi
[[ $AS_OF =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}\ [0-9]{2}:[0-9]{2}:[0-9]{2}$ ]] || die "bad as-of time '$AS_OF'"
echo "$AS_OF" >"$OUT_DIR/as_of"
echo "as_of $AS_OF" >&2

: >"$OUT_DIR/timings.tsv"
status=0
total_start=$(now)
for r in $RULES; do
  t0=$(now)
  if ! { echo "SET @as_of = TIMESTAMP '$AS_OF';"; cat "$SQL_DIR/$r.sql"; } | sql >"$WORK/$r.out" 2>"$WORK/$r.err"; then
    echo "run_mariadb: $r FAILED:" >&2
    cat "$WORK/$r.err" >&2
    status=1
    continue
  fi
  t1=$(now)
  LC_ALL=C sort -u "$WORK/$r.out" >"$OUT_DIR/$r.keys"
  n=$(wc -l <"$OUT_DIR/$r.keys")
  secs=$(elapsed "$t0" "$t1")
  printf '%-15s %9s s %8d keys\n' "$r" "$secs" "$n" >&2
  printf '%s\t%s\t%s\n' "$r" "$secs" "$n" >>"$OUT_DIR/timings.tsv"
done
echo "all queries $(elapsed "$total_start" "$(now)") s" >&2
exit $status
