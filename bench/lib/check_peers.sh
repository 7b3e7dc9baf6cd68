#!/usr/bin/env bash
# check_peers.sh SCALE SEED [SYSTEM...]
#
# Correctness, not speed: generates `fundwatch gen --scale SCALE --seed SEED
# --no-malformed` into a temporary directory, runs the peers' SQL on it
# (bench/sql/{sqlite,duckdb,mariadb}) and compares each peer's keys with the
# generator's ground_truth.jsonl, rule by rule. The data contain planted
# positives and near misses at every boundary, so this is how the peers' SQL
# is held to the catalogue. SYSTEMs: sqlite duckdb mariadb (default: all).
#   bench/lib/check_peers.sh 1 7
#   bench/lib/check_peers.sh 10 1 sqlite duckdb
# Environment: FUNDWATCH_BIN (default build/fundwatch).
# Exit 0 when every peer agrees with the ground truth, 1 otherwise.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=common.sh
. "$HERE/common.sh"
[ $# -ge 2 ] || bench_die "usage: $0 SCALE SEED [sqlite|duckdb|mariadb ...]"
SCALE=$1 SEED=$2; shift 2
SYSTEMS=${*:-sqlite duckdb mariadb}
FW=${FUNDWATCH_BIN:-$ROOT/build/fundwatch}
[ -x "$FW" ] || bench_die "no fundwatch binary at $FW (set FUNDWATCH_BIN)"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/check-peers.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

"$FW" gen --out "$WORK/data" --scale "$SCALE" --seed "$SEED" --no-malformed >/dev/null || bench_die "fundwatch gen failed"
python3 "$HERE/keys.py" truth "$WORK/data" "$WORK/truth"
status=0
for s in $SYSTEMS; do
  mkdir -p "$WORK/$s"
  case $s in
    sqlite) "$HERE/sqlite_peer.sh" "$WORK/data" "$WORK/sqlite.db" "$WORK/$s" 2>"$WORK/$s.log" ;;
    duckdb)
      [ -d "$ROOT/bench/duckdb/node_modules/@duckdb/node-api" ] \
        || (cd "$ROOT/bench/duckdb" && npm ci --no-audit --no-fund --loglevel=error >&2)
      node "$ROOT/bench/duckdb/run.mjs" "$WORK/data" "$WORK/duckdb.db" "$WORK/$s" 2>"$WORK/$s.log" ;;
    mariadb)
      FUNDWATCH_MARIADB_ARGS="--local-infile=1" "$ROOT/scripts/with_mariadb.sh" \
        "$HERE/mariadb_peer.sh" "$WORK/data" "$WORK/$s" </dev/null 2>"$WORK/$s.log" ;;
    *) bench_die "unknown system '$s' (expected sqlite, duckdb, mariadb)" ;;
  esac || { cat "$WORK/$s.log" >&2; echo "$s: FAILED to run" >&2; status=1; continue; }
  verdict=$(python3 "$HERE/keys.py" compare "$WORK/truth" "$WORK/$s/keys" 2>"$WORK/$s.diff")
  echo "scale $SCALE seed $SEED $s: keys = ground truth: $verdict"
  if [ "$verdict" != yes ]; then cat "$WORK/$s.diff"; status=1; fi
done
exit $status
