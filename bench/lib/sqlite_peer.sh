#!/usr/bin/env bash
# sqlite_peer.sh DATA_DIR DB_FILE OUT_DIR
#
# The SQLite peer of bench/compare.sh (Debian's sqlite3 shell):
#   load   one sqlite3 process: bench/sql/sqlite/schema.sql, `.import --csv`
#          of each <table>.csv into an in-memory temp table named by the
#          file's header, bench/sql/sqlite/load.sql (typed INSERT ... SELECT,
#          decimals as exact scaled integers), indexes.sql (+ ANALYZE);
#   query  as_of.sql, then each bench/sql/sqlite/<RULE-ID>.sql in its own
#          sqlite3 process (so one can be timed and stopped alone), results
#          in `.mode json`, turned into OUT_DIR/keys/<RULE-ID>.keys.
# Writes OUT_DIR/steps.tsv and procs.tsv (bench/lib/common.sh).
#
# Pragmas, a DBA's bulk-load setup for a throwaway database: journal_mode=OFF
# and synchronous=OFF (nothing to recover: a failed load is simply rerun),
# a 1 GiB page cache, temp_store=MEMORY (sorts and the import's raw tables),
# and for the queries mmap_size=2 GiB (reads straight from the OS page cache).
#
# Environment: BENCH_QUERY_TIMEOUT (seconds per query, default 1200).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=common.sh
. "$HERE/common.sh"
[ $# -eq 3 ] || bench_die "usage: $0 DATA_DIR DB_FILE OUT_DIR"
DATA=$1 DB=$2 OUT=$3
SQL=$HERE/../sql/sqlite
TIMEOUT=${BENCH_QUERY_TIMEOUT:-1200}
command -v sqlite3 >/dev/null || bench_die "sqlite3 is not installed (Debian package sqlite3)"
[ -d "$DATA" ] || bench_die "no data directory '$DATA'"
for f in schema.sql load.sql indexes.sql as_of.sql; do
  [ -f "$SQL/$f" ] || bench_die "missing $SQL/$f"
done
for r in $BENCH_RULES; do [ -f "$SQL/$r.sql" ] || bench_die "missing query $SQL/$r.sql"; done
mkdir -p "$OUT/keys"
: >"$OUT/steps.tsv"
: >"$OUT/procs.tsv"
rm -f "$DB"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sqlite-peer.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

PRAGMAS="PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-1048576;
PRAGMA temp_store=MEMORY; PRAGMA mmap_size=2147483648;"

# --- load ---
{
  echo "$PRAGMAS"
  echo ".bail on"
  echo ".read '$SQL/schema.sql'"
  for t in $BENCH_TABLES; do
    if [ -f "$DATA/$t.csv" ]; then
      # A path with a quote cannot be quoted for the shell's dot-commands.
      case "$DATA" in *"'"*|*'"'*) bench_die "the data path '$DATA' holds a quote" ;; esac
      echo ".import --csv --schema temp '$DATA/$t.csv' raw_$t"
    else
      # A missing file is an empty table (data contract): an empty raw table
      # with the typed table's column names.
      echo "CREATE TEMP TABLE raw_$t AS SELECT * FROM main.$t WHERE 0;"
    fi
  done
  echo ".read '$SQL/load.sql'"
  echo ".read '$SQL/indexes.sql'"
} >"$WORK/load.sql"
bench_run "$OUT" load sqlite3-load 0 sqlite3 -batch "$DB" <"$WORK/load.sql" >"$WORK/load.out" 2>&1
if [ "$BENCH_STATUS" != ok ]; then
  cat "$WORK/load.out" >&2
  bench_die "loading $DATA into $DB failed (see the sqlite3 output above)"
fi
bench_step "$OUT" load load "$BENCH_WALL" ok ""
echo "sqlite: load $BENCH_WALL s" >&2

# --- queries ---
bench_run "$OUT" query sqlite3-as_of 0 sqlite3 -batch -bail "$DB" <"$SQL/as_of.sql" >"$WORK/as_of.out" 2>&1 \
  || true
[ "$BENCH_STATUS" = ok ] || { cat "$WORK/as_of.out" >&2; bench_die "$SQL/as_of.sql failed"; }
bench_step "$OUT" query as_of "$BENCH_WALL" ok ""
sqlite3 -batch "$DB" "SELECT t FROM as_of" >"$OUT/as_of"

for r in $BENCH_RULES; do
  {
    echo "$PRAGMAS"
    echo ".bail on"
    echo ".mode json"
    echo ".output '$WORK/$r.json'"
    cat "$SQL/$r.sql"
  } >"$WORK/$r.sql"
  bench_run "$OUT" query "sqlite3-$r" "$TIMEOUT" sqlite3 -batch "$DB" <"$WORK/$r.sql" >"$WORK/$r.err" 2>&1
  n=""
  if [ "$BENCH_STATUS" = ok ]; then
    python3 "$HERE/keys.py" json "$r" "$WORK/$r.json" "$OUT/keys/$r.keys"
    n=$(wc -l <"$OUT/keys/$r.keys")
  else
    echo "sqlite: $r $BENCH_STATUS:" >&2
    cat "$WORK/$r.err" >&2
    rm -f "$OUT/keys/$r.keys"
  fi
  bench_step "$OUT" query "$r" "$BENCH_WALL" "$BENCH_STATUS" "$n"
  printf 'sqlite: %-15s %9s s %8s keys %s\n' "$r" "$BENCH_WALL" "$n" "$([ "$BENCH_STATUS" = ok ] || echo "$BENCH_STATUS")" >&2
done
