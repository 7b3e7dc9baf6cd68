#!/usr/bin/env bash
# mariadb_peer.sh DATA_DIR OUT_DIR [FW_OUT_DIR FUNDWATCH RULES_DIR]
#
# The MariaDB peer of bench/compare.sh. Runs inside scripts/with_mariadb.sh
# (FUNDWATCH_TEST_MYSQL_URL, FUNDWATCH_MYSQL_PASSWORD), on a server of its own:
#   load   connectors/mysql/schema.sql (the contract's DDL, with its keys and
#          single-column indexes), one `LOAD DATA LOCAL INFILE` per CSV file
#          (the server's bulk path, not `fundwatch load`'s upserts), then
#          bench/sql/mariadb/indexes.sql (the DBA's indexes + ANALYZE TABLE);
#   query  bench/sql/mariadb/as_of.sql, then each bench/sql/mariadb/<RULE-ID>.sql
#          in its own client session, as bench/sql/run_mariadb.sh runs them,
#          with max_statement_time = BENCH_QUERY_TIMEOUT;
#   scan   (with FW_OUT_DIR ...) `FUNDWATCH scan --data mysql://...` over the
#          same loaded tables, for the "from MySQL" comparison.
# Writes OUT_DIR/{steps,procs,server}.tsv and keys/ (bench/lib/common.sh);
# the scan's into FW_OUT_DIR (plus alerts.jsonl).
#
# The server's CPU time (utime + stime of mariadbd, /proc/PID/stat) is read
# before and after each phase; its peak memory per phase is VmHWM of
# /proc/PID/status after resetting it at the phase's start (writing 5 to
# /proc/PID/clear_refs resets the peak to the current RSS).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=common.sh
. "$HERE/common.sh"
[ $# -eq 2 ] || [ $# -eq 5 ] || bench_die "usage: $0 DATA_DIR OUT_DIR [FW_OUT_DIR FUNDWATCH RULES_DIR]"
DATA=$(cd "$1" && pwd) OUT=$2
FW_OUT=${3:-} FW=${4:-} RULES_DIR=${5:-}
SQL=$ROOT/bench/sql/mariadb
SCHEMA=$ROOT/connectors/mysql/schema.sql
TIMEOUT=${BENCH_QUERY_TIMEOUT:-1200}
[[ $TIMEOUT =~ ^[0-9]+$ ]] && [ "$TIMEOUT" -gt 0 ] \
  || bench_die "BENCH_QUERY_TIMEOUT='$TIMEOUT' is not a positive whole number of seconds"
[ -f "$SCHEMA" ] || bench_die "missing $SCHEMA (the contract's MySQL DDL)"
for f in indexes.sql as_of.sql; do [ -f "$SQL/$f" ] || bench_die "missing $SQL/$f"; done
for r in $BENCH_RULES; do [ -f "$SQL/$r.sql" ] || bench_die "missing query $SQL/$r.sql"; done
command -v mariadb >/dev/null || bench_die "the mariadb client is not installed (Debian package mariadb-client)"

URL=${FUNDWATCH_TEST_MYSQL_URL:-}
[ -n "$URL" ] || bench_die "FUNDWATCH_TEST_MYSQL_URL is not set: run me under scripts/with_mariadb.sh"
[[ $URL =~ ^mysql://([^@/:]+)@([^:/]+):([0-9]+)/([A-Za-z0-9_]+)$ ]] \
  || bench_die "cannot parse FUNDWATCH_TEST_MYSQL_URL='$URL' (expected mysql://USER@HOST:PORT/DB)"
DB_USER=${BASH_REMATCH[1]} DB_HOST=${BASH_REMATCH[2]} DB_PORT=${BASH_REMATCH[3]} DB_NAME=${BASH_REMATCH[4]}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/mariadb-peer.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
# The password goes through a private option file, not the command line.
CNF=$WORK/client.cnf
(
  umask 077
  {
    echo "[client]"
    echo "user=$DB_USER"
    echo "host=$DB_HOST"
    echo "port=$DB_PORT"
    printf 'password="%s"\n' "$(printf '%s' "${FUNDWATCH_MYSQL_PASSWORD:-}" | sed 's/\\/\\\\/g; s/"/\\"/g')"
    echo "protocol=tcp"
    echo "default-character-set=utf8mb4"
    echo "local-infile=1"
  } >"$CNF"
)
# An array, not a function: time(1) runs it as a program.
CLIENT=(mariadb --defaults-file="$CNF" --batch --skip-column-names "$DB_NAME")
sql() { "${CLIENT[@]}"; }  # SQL on stdin

# --- the server process ---
PID_FILE=$(echo "SELECT @@pid_file" | sql) || bench_die "cannot reach the server at $URL"
SERVER_PID=$(cat "$PID_FILE" 2>/dev/null) \
  || bench_die "cannot read the server's pid file $PID_FILE (the server must run on this machine)"
[ -r "/proc/$SERVER_PID/stat" ] || bench_die "no process $SERVER_PID (from $PID_FILE) in /proc"
TICKS=$(getconf CLK_TCK)
server_cpu() {  # utime + stime of mariadbd, in seconds
  awk -v t="$TICKS" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / t }' "/proc/$SERVER_PID/stat"
}
server_hwm_reset() {
  echo 5 >"/proc/$SERVER_PID/clear_refs" 2>/dev/null \
    || echo "mariadb: cannot reset the server's peak RSS (/proc/$SERVER_PID/clear_refs): the peak is since server start" >&2
}
server_hwm() { awk '/^VmHWM:/ { print $2 }' "/proc/$SERVER_PID/status"; }
PHASE_CPU0=0
phase_begin() { server_hwm_reset; PHASE_CPU0=$(server_cpu); }
phase_end() {  # phase_end DIR PHASE
  printf '%s\t%s\t%s\n' "$2" "$(awk -v a="$PHASE_CPU0" -v b="$(server_cpu)" 'BEGIN { printf "%.2f", b - a }')" \
    "$(server_hwm)" >>"$1/server.tsv"
}

mkdir -p "$OUT/keys"
: >"$OUT/steps.tsv"; : >"$OUT/procs.tsv"; : >"$OUT/server.tsv"

# --- load ---
# CSV header -> column list: a contract column is read into @vN and stored as
# NULLIF(@vN, '') (the contract's empty field = null); an unknown extra
# column goes to @skip. Enum aliases (3505, 2201, ...) become the codes.
header_of() {
  python3 -c 'import csv, sys
print("\n".join(next(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))))' "$1"
}
load_statement() {  # load_statement TABLE FILE -> the LOAD DATA statement
  local t=$1 file=$2 cols vars="" sets="" i=0 h expr eol='\n'
  cols=" $(echo "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '$t'" | sql | tr '\n' ' ') "
  [ "$cols" != "  " ] || bench_die "table $t is missing after $SCHEMA"
  while IFS= read -r h; do
    i=$((i + 1))
    [ -n "$vars" ] && vars+=", "
    if [[ $cols == *" $h "* ]]; then
      vars+="@v$i"
      expr="NULLIF(@v$i, '')"
      case "$t.$h" in
        trac_event.event_type)
          expr="CASE @v$i WHEN '3503' THEN 'purchase_in' WHEN '3504' THEN 'purchase_return' WHEN '3505' THEN 'sale' WHEN '3506' THEN 'sale_return' ELSE NULLIF(@v$i, '') END" ;;
        mdtrt_event.event_type)
          expr="CASE @v$i WHEN '2201' THEN 'register' WHEN '2202' THEN 'cancel' WHEN '2207' THEN 'settle' ELSE NULLIF(@v$i, '') END" ;;
      esac
      [ -n "$sets" ] && sets+=", "
      sets+="\`$h\` = $expr"
    else
      vars+="@skip"
    fi
  done < <(header_of "$file")
  # RFC 4180 files may end their lines with CRLF.
  if head -n 1 "$file" | grep -q $'\r$'; then eol='\r\n'; fi
  case "$file" in *"'"*|*\\*) bench_die "the path '$file' holds a quote or backslash" ;; esac
  cat <<SQL
SET SESSION unique_checks = 0, foreign_key_checks = 0;
LOAD DATA LOCAL INFILE '$file' INTO TABLE \`$t\` CHARACTER SET utf8mb4
  FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '"' ESCAPED BY ''
  LINES TERMINATED BY '$eol' IGNORE 1 LINES
  ($vars) SET $sets;
SHOW WARNINGS;
SQL
}

phase_begin
drops=""
for t in $BENCH_TABLES; do drops+="DROP TABLE IF EXISTS \`$t\`;"; done
echo "$drops" | sql || bench_die "could not drop the old tables in $DB_NAME"
bench_run "$OUT" load schema 0 "${CLIENT[@]}" <"$SCHEMA" >"$WORK/schema.out" 2>&1 || true
[ "$BENCH_STATUS" = ok ] || { cat "$WORK/schema.out" >&2; bench_die "$SCHEMA failed"; }
bench_step "$OUT" load schema "$BENCH_WALL" ok ""
for t in $BENCH_TABLES; do
  [ -f "$DATA/$t.csv" ] || continue  # a missing file is an empty table
  load_statement "$t" "$DATA/$t.csv" >"$WORK/load-$t.sql"
  bench_run "$OUT" load "load-$t" 0 "${CLIENT[@]}" <"$WORK/load-$t.sql" >"$WORK/load-$t.out" 2>&1 || true
  if [ "$BENCH_STATUS" != ok ]; then
    cat "$WORK/load-$t.out" >&2
    bench_die "LOAD DATA of $DATA/$t.csv failed (statement in $WORK/load-$t.sql)"
  fi
  # A warning means a value was changed on the way in: the data would no
  # longer be the contract's.
  if [ -s "$WORK/load-$t.out" ]; then
    head -n 20 "$WORK/load-$t.out" >&2
    bench_die "LOAD DATA of $DATA/$t.csv gave warnings (above): values were altered"
  fi
  bench_step "$OUT" load "$t" "$BENCH_WALL" ok ""
done
bench_run "$OUT" load indexes 0 "${CLIENT[@]}" <"$SQL/indexes.sql" >"$WORK/indexes.out" 2>&1 || true
[ "$BENCH_STATUS" = ok ] || { cat "$WORK/indexes.out" >&2; bench_die "$SQL/indexes.sql failed"; }
bench_step "$OUT" load indexes "$BENCH_WALL" ok ""
phase_end "$OUT" load
echo "mariadb: load $(awk -F'\t' '$1 == "load" { s += $3 } END { printf "%.3f", s }' "$OUT/steps.tsv") s" >&2

# --- queries ---
phase_begin
{ cat "$SQL/as_of.sql"; echo "SELECT DATE_FORMAT(@as_of, '%Y-%m-%d %H:%i:%s');"; } >"$WORK/as_of.sql"
bench_run "$OUT" query as_of 0 "${CLIENT[@]}" <"$WORK/as_of.sql" >"$OUT/as_of" 2>"$WORK/as_of.err" || true
[ "$BENCH_STATUS" = ok ] || { cat "$WORK/as_of.err" >&2; bench_die "$SQL/as_of.sql failed"; }
bench_step "$OUT" query as_of "$BENCH_WALL" ok ""
AS_OF=$(cat "$OUT/as_of")
[[ $AS_OF =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}\ [0-9]{2}:[0-9]{2}:[0-9]{2}$ ]] || bench_die "bad as-of time '$AS_OF' from as_of.sql"
for r in $BENCH_RULES; do
  # The server stops the statement at max_statement_time; the client's own
  # limit is a backstop a minute later.
  { echo "SET @as_of = TIMESTAMP '$AS_OF';"
    echo "SET SESSION max_statement_time = $TIMEOUT;"
    cat "$SQL/$r.sql"; } >"$WORK/$r.sql"
  bench_run "$OUT" query "mariadb-$r" $((TIMEOUT + 60)) "${CLIENT[@]}" <"$WORK/$r.sql" >"$WORK/$r.out" 2>"$WORK/$r.err" || true
  status=$BENCH_STATUS n=""
  if [ "$status" = error ] && grep -q "max_statement_time" "$WORK/$r.err"; then status=timeout; fi
  if [ "$status" = ok ]; then
    python3 "$HERE/keys.py" sort "$r" "$WORK/$r.out" "$OUT/keys/$r.keys"
    n=$(wc -l <"$OUT/keys/$r.keys")
  else
    echo "mariadb: $r $status:" >&2
    cat "$WORK/$r.err" >&2
    rm -f "$OUT/keys/$r.keys"
  fi
  bench_step "$OUT" query "$r" "$BENCH_WALL" "$status" "$n"
  printf 'mariadb: %-15s %9s s %8s keys %s\n' "$r" "$BENCH_WALL" "$n" "$([ "$status" = ok ] || echo "$status")" >&2
done
phase_end "$OUT" query

# --- fundwatch scan over the loaded tables ---
if [ -n "$FW_OUT" ]; then
  [ -x "$FW" ] || bench_die "no fundwatch binary at '$FW'"
  mkdir -p "$FW_OUT/keys"
  : >"$FW_OUT/steps.tsv"; : >"$FW_OUT/procs.tsv"; : >"$FW_OUT/server.tsv"
  phase_begin
  bench_run "$FW_OUT" scan fundwatch-scan-mysql 0 \
    "$FW" scan --data "$URL" --rules "$RULES_DIR" --out "$FW_OUT/alerts.jsonl" >"$FW_OUT/scan.log" 2>&1 || true
  phase_end "$FW_OUT" scan
  if [ "$BENCH_STATUS" != ok ]; then
    tail -n 20 "$FW_OUT/scan.log" >&2
    echo "mariadb: fundwatch scan --data mysql://... failed (log: $FW_OUT/scan.log)" >&2
    bench_step "$FW_OUT" scan scan "$BENCH_WALL" error ""
  else
    bench_step "$FW_OUT" scan scan "$BENCH_WALL" ok ""
    python3 "$HERE/keys.py" alerts "$FW_OUT/alerts.jsonl" "$FW_OUT/keys" \
      || echo "mariadb: cannot read fundwatch's keys from $FW_OUT/alerts.jsonl" >&2
  fi
  echo "fundwatch (MySQL): scan $BENCH_WALL s" >&2
fi
