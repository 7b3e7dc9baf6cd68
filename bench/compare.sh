#!/usr/bin/env bash
# bench/compare.sh SCALE
#
# fundwatch side by side with the SQL a bureau would otherwise run (issue #5):
# the whole rule catalogue over the same generated data, from the same CSV
# files, on this machine, one system at a time.
#
#   1. data      `fundwatch gen --scale SCALE --seed 1 --no-malformed` into
#                build/bench-data-SCALE (reused when its manifest.json exists
#                and names the same scale, seed 1 and no malformed rows)
#   2. floor     `cat *.csv > /dev/null` and `fundwatch validate` (parse only)
#   3. fundwatch `fundwatch scan --data DIR --rules rules --out ...`
#   4. peers     each loads the CSV files as a DBA would and runs the 23
#                catalogue queries of bench/sql/<dialect>/:
#                  SQLite   bench/lib/sqlite_peer.sh  (sqlite3 shell)
#                  DuckDB   bench/duckdb/run.mjs      (@duckdb/node-api on node)
#                  MariaDB  bench/lib/mariadb_peer.sh (LOAD DATA into
#                           connectors/mysql/schema.sql + indexes.sql), on a
#                           throwaway server from scripts/with_mariadb.sh; then
#                           `fundwatch scan --data mysql://...` over its tables
#   5. keys      every system's keys per rule vs the generator's
#                ground_truth.jsonl and vs fundwatch's alerts
#   6. report    markdown tables on stdout and in build/bench-compare-SCALE/report.md;
#                seconds per query and system in build/bench-compare-SCALE/per_query.tsv,
#                every step in build/bench-compare-SCALE/<system>/steps.tsv
#
# Environment:
#   FUNDWATCH_BIN        the fundwatch binary (default build/fundwatch)
#   BENCH_QUERY_TIMEOUT  seconds one peer query may run before it is stopped and
#                        reported as a timeout (default 1200)
#   BENCH_SYSTEMS        the peers to run (default "sqlite duckdb mariadb")
#   BENCH_MARIADB_ARGS   extra mariadbd options, after the tuned ones below
#
# Exit status: 0 when every system ran and every system's keys equal the
# ground truth; 1 when some keys differ or a query timed out or failed (the
# report is printed all the same); 2 on unusable arguments or a missing tool.
set -euo pipefail

usage() { echo "usage: $0 SCALE   (a whole number >= 1; e.g. 10, 100, 1000)" >&2; exit 2; }
[ $# -eq 1 ] || usage
SCALE=$1
[[ $SCALE =~ ^[1-9][0-9]*$ ]] || usage

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=lib/common.sh
. bench/lib/common.sh
FW=${FUNDWATCH_BIN:-build/fundwatch}
[[ $FW == /* ]] || FW=$ROOT/$FW
TIMEOUT=${BENCH_QUERY_TIMEOUT:-1200}
[[ $TIMEOUT =~ ^[1-9][0-9]*$ ]] || { echo "compare.sh: BENCH_QUERY_TIMEOUT='$TIMEOUT' is not a whole number of seconds" >&2; exit 2; }
export BENCH_QUERY_TIMEOUT=$TIMEOUT
SYSTEMS=${BENCH_SYSTEMS:-sqlite duckdb mariadb}
DATA=$ROOT/build/bench-data-$SCALE
OUT=$ROOT/build/bench-compare-$SCALE

need() {  # need TOOL WHY
  command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || { echo "compare.sh: '$1' not found: $2" >&2; exit 2; }
}
[ -x "$FW" ] || { echo "compare.sh: no fundwatch binary at $FW (build it, or set FUNDWATCH_BIN)" >&2; exit 2; }
need python3 "it compares the keys and writes the report"
need timeout "coreutils' timeout(1) stops a query past BENCH_QUERY_TIMEOUT"
for s in $SYSTEMS; do
  case $s in
    sqlite) need sqlite3 "install the Debian package sqlite3" ;;
    duckdb) need node "install Node.js (Debian package nodejs) and npm"; need npm "install the Debian package npm" ;;
    mariadb) need mariadb "install the Debian package mariadb-client"; need mariadbd "install the Debian package mariadb-server" ;;
    *) echo "compare.sh: unknown system '$s' in BENCH_SYSTEMS (expected sqlite, duckdb, mariadb)" >&2; exit 2 ;;
  esac
done
say() { echo "== $*" >&2; }

# --- 1. data ---
if [ -f "$DATA/manifest.json" ]; then
  # Reuse only what this script would have generated.
  python3 - "$DATA/manifest.json" "$SCALE" <<'PY' || exit 2
import json, sys
path, scale = sys.argv[1], int(sys.argv[2])
m = json.load(open(path, encoding="utf-8"))
want = {"scale": scale, "seed": 1, "plant_malformed": False}
bad = {k: m.get(k) for k, v in want.items() if m.get(k) != v}
if bad:
    print(f"compare.sh: {path} was made with {bad}, expected {want}: remove that directory to regenerate it",
          file=sys.stderr)
    sys.exit(1)
PY
  say "data: reusing $DATA"
else
  say "data: fundwatch gen --scale $SCALE --seed 1 --no-malformed -> $DATA"
  rm -rf "$DATA"
  "$FW" gen --out "$DATA" --scale "$SCALE" --seed 1 --no-malformed >/dev/null \
    || { echo "compare.sh: fundwatch gen failed" >&2; exit 1; }
fi

rm -rf "$OUT"
mkdir -p "$OUT"
python3 bench/lib/keys.py truth "$DATA" "$OUT/truth"

# --- 2. floor ---
mkdir -p "$OUT/floor"
sync
say "floor: cat, then fundwatch validate"
bench_run "$OUT/floor" floor cat 0 bash -c 'cat "$1"/*.csv > /dev/null' _ "$DATA"
bench_run "$OUT/floor" floor validate 0 "$FW" validate --data "$DATA" >"$OUT/floor/validate.log" 2>&1
[ "$BENCH_STATUS" = ok ] || { tail -n 20 "$OUT/floor/validate.log" >&2; echo "compare.sh: fundwatch validate failed" >&2; }

# --- 3. fundwatch from the CSV files ---
say "fundwatch scan (CSV)"
mkdir -p "$OUT/fundwatch"
: >"$OUT/fundwatch/steps.tsv"; : >"$OUT/fundwatch/procs.tsv"
bench_run "$OUT/fundwatch" scan fundwatch-scan 0 \
  "$FW" scan --data "$DATA" --rules rules --out "$OUT/fundwatch/alerts.jsonl" >"$OUT/fundwatch/scan.log" 2>&1
bench_step "$OUT/fundwatch" scan scan "$BENCH_WALL" "$BENCH_STATUS" ""
if [ "$BENCH_STATUS" = ok ]; then
  # An unreadable alerts file is reported, not fatal: the peers still run.
  python3 bench/lib/keys.py alerts "$OUT/fundwatch/alerts.jsonl" "$OUT/fundwatch/keys" \
    || echo "compare.sh: cannot read fundwatch's keys from $OUT/fundwatch/alerts.jsonl" >&2
else
  tail -n 20 "$OUT/fundwatch/scan.log" >&2
  echo "compare.sh: fundwatch scan failed (log: $OUT/fundwatch/scan.log)" >&2
fi
echo "fundwatch: scan $BENCH_WALL s" >&2

# --- 4. the peers ---
for s in $SYSTEMS; do
  case $s in
    sqlite)
      say "SQLite"
      mkdir -p "$OUT/sqlite"
      bench/lib/sqlite_peer.sh "$DATA" "$OUT/sqlite.db" "$OUT/sqlite" \
        || echo "compare.sh: the SQLite peer failed" >&2
      rm -f "$OUT/sqlite.db"
      ;;
    duckdb)
      say "DuckDB"
      if [ ! -d bench/duckdb/node_modules/@duckdb/node-api ]; then
        # The exact versions of bench/duckdb/package-lock.json.
        (cd bench/duckdb && npm ci --no-audit --no-fund --loglevel=error >&2) \
          || { echo "compare.sh: npm ci in bench/duckdb failed" >&2; exit 2; }
      fi
      mkdir -p "$OUT/duckdb"
      : >"$OUT/duckdb/procs.tsv"
      # DuckDB runs inside the node process: its CPU and memory are the process's.
      bench_run "$OUT/duckdb" all duckdb-node 0 node bench/duckdb/run.mjs "$DATA" "$OUT/duckdb.db" "$OUT/duckdb"
      [ "$BENCH_STATUS" = ok ] || echo "compare.sh: the DuckDB peer failed" >&2
      rm -f "$OUT/duckdb.db" "$OUT/duckdb.db.wal"
      ;;
    mariadb)
      say "MariaDB"
      # A server sized for the data, as a DBA would for a bulk load followed by
      # analytics: a buffer pool of about 3x the CSV bytes (tables plus
      # indexes stay in memory; at least 1 GiB, at most half the RAM), a
      # 1 GiB redo log, and the durability a rebuildable copy needs (the log
      # flushed once a second, no doublewrite: the parity of SQLite's
      # synchronous=OFF). LOAD DATA LOCAL needs local_infile. Temporary
      # tables keep MariaDB's default size (16 MiB in memory, then Aria on
      # disk): raised to 256 MiB, the recursive CTEs of TRC-FMT/TRC-MISMATCH
      # got 30x slower at scale 1 (the MEMORY engine stores VARCHAR(4000)
      # rows at full width).
      csv_mb=$(du -cm "$DATA"/*.csv | tail -n 1 | cut -f1)
      ram_mb=$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)
      bp_mb=$(( (csv_mb * 3 / 1024 + 1) * 1024 ))
      [ "$bp_mb" -le $((ram_mb / 2)) ] || bp_mb=$((ram_mb / 2))
      MARIADB_ARGS="--innodb-buffer-pool-size=${bp_mb}M --innodb-log-file-size=1G
        --innodb-flush-log-at-trx-commit=2 --innodb-doublewrite=0 --local-infile=1 ${BENCH_MARIADB_ARGS:-}"
      echo "$MARIADB_ARGS" | tr -s ' \n' ' ' >"$OUT/mariadb-args"
      mkdir -p "$OUT/mariadb"
      FUNDWATCH_MARIADB_ARGS="$(cat "$OUT/mariadb-args")" scripts/with_mariadb.sh \
        bench/lib/mariadb_peer.sh "$DATA" "$OUT/mariadb" "$OUT/fundwatch-mysql" "$FW" "$ROOT/rules" </dev/null \
        || echo "compare.sh: the MariaDB peer failed" >&2
      ;;
  esac
done

# --- 5, 6. keys and report ---
{
  printf 'machine\t%s cores, %s GiB RAM, %s\n' "$(nproc)" \
    "$(awk '/^MemTotal:/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)" \
    "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  printf 'date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
  printf 'fundwatch\t%s\n' "$FW"
  versions=""
  case " $SYSTEMS " in *" mariadb "*) versions+="MariaDB $("$(command -v mariadbd || echo /usr/sbin/mariadbd)" --version 2>/dev/null | sed -n 's/.*Ver \([^ ]*\).*/\1/p'); " ;; esac
  case " $SYSTEMS " in *" sqlite "*) versions+="SQLite $(sqlite3 --version | cut -d' ' -f1); " ;; esac
  [ -f "$OUT/duckdb/version" ] && versions+="$(cat "$OUT/duckdb/version")"
  printf 'versions\t%s\n' "${versions%; }"
  printf 'scale\t%s\n' "$SCALE"
  python3 - "$DATA" <<'PY'
import glob, json, os, sys
d = sys.argv[1]
m = json.load(open(os.path.join(d, "manifest.json"), encoding="utf-8"))
print(f"rows\t{sum(m['rows'].values()):,}")
print(f"fee_lines\t{m['rows']['fee_list']:,}")
print(f"mb\t{sum(os.path.getsize(p) for p in glob.glob(os.path.join(d, '*.csv'))) / 1e6:.0f}")
print(f"truth_keys\t{sum(m['truth'].values()):,}")
PY
  while IFS=$'\t' read -r _phase label wall user sys kb; do
    printf 'floor_%s_wall\t%s\nfloor_%s_cpu\t%s\nfloor_%s_kb\t%s\n' "$label" "$wall" "$label" \
      "$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')" "$label" "$kb"
  done <"$OUT/floor/procs.tsv"
} >"$OUT/meta.tsv"
python3 bench/lib/report.py "$OUT" | tee "$OUT/report.md"
echo
echo "mariadbd options: $(cat "$OUT/mariadb-args" 2>/dev/null || echo '(MariaDB not run)')"
echo "per-query seconds: $OUT/per_query.tsv"

# Exit 1 when any system's keys differ from the ground truth, or a step failed.
status=0
for s in fundwatch fundwatch-mysql $SYSTEMS; do
  [ -d "$OUT/$s" ] || continue
  [ "$(python3 bench/lib/keys.py compare "$OUT/$s/keys" "$OUT/truth" 2>/dev/null)" = yes ] || status=1
  ! grep -qP '\t(timeout|error)\t' "$OUT/$s/steps.tsv" 2>/dev/null || status=1
done
exit $status
