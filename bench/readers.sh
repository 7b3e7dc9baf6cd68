#!/usr/bin/env bash
# Benchmark of the readers (not a timed test): rows/s, MB/s and peak memory of
# fundwatch's CSV reader and MySQL reader on generated data, each beside a
# peer on the same data in the same run:
#   CSV:   cat (the floor: reading the bytes) and Python's csv module;
#   MySQL: the mariadb client streaming SELECT * of every table (--quick).
# usage: bench/readers.sh [SCALE]   (default 100, about 1M fee lines)
# Needs build/fundwatch; runs its own throwaway MariaDB.
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE=${1:-100}
FW=build/fundwatch
DATA=build/bench-data-$SCALE
[ -f "$DATA/manifest.json" ] || "$FW" gen --out "$DATA" --scale "$SCALE" --seed 1 --no-malformed > /dev/null
BYTES=$(cat "$DATA"/*.csv | wc -c)
ROWS=$(python3 -c "import json; print(sum(json.load(open('$DATA/manifest.json'))['rows'].values()))")
FEE=$(($(wc -l < "$DATA/fee_list.csv") - 1))

# run LABEL CMD...: wall seconds and peak RSS (MB) of CMD, from /usr/bin/time.
run() {
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o /tmp/fw-bench-time "$@" > /dev/null 2>/tmp/fw-bench-err || { cat /tmp/fw-bench-err; exit 1; }
  read -r secs kb < /tmp/fw-bench-time
  awk -v l="$label" -v s="$secs" -v kb="$kb" -v rows="$ROWS" -v bytes="$BYTES" \
    'BEGIN { printf "| %-34s | %8.2f | %12.0f | %8.1f | %8.0f |\n", l, s, rows / s, bytes / 1e6 / s, kb / 1024 }' 
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); scale $SCALE: $FEE fee lines, $ROWS rows in all tables, $((BYTES / 1000000)) MB of CSV"
echo
echo "| reader | seconds | rows/s | MB/s | peak MB |"
echo "|---|---|---|---|---|"
sync
run "cat > /dev/null (floor)" bash -c "cat $DATA/*.csv > /dev/null"
run "fundwatch validate (CSV)" "$FW" validate --data "$DATA"
run "python3 csv module (peer)" python3 -c "
import csv, glob
n = 0
for p in glob.glob('$DATA/*.csv'):
    with open(p, newline='', encoding='utf-8') as f:
        for row in csv.reader(f): n += 1
"
scripts/with_mariadb.sh bash -c '
  set -euo pipefail
  "'"$FW"'" load --data "'"$DATA"'" --into "$FUNDWATCH_TEST_MYSQL_URL" > /tmp/fw-bench-load
  '"$(declare -f run)"'
  ROWS='"$ROWS"' BYTES='"$BYTES"'
  run "fundwatch validate (MySQL)" "'"$FW"'" validate --data "$FUNDWATCH_TEST_MYSQL_URL"
  HOSTPORT=${FUNDWATCH_TEST_MYSQL_URL#mysql://*@}; HOST=${HOSTPORT%%:*}; PORT=${HOSTPORT#*:}; PORT=${PORT%%/*}
  run "mariadb client SELECT * (peer)" bash -c "for t in fixmedins hilist psn opsp_reg setl fee_list trac_event mdtrt_event complaint vbp_order vbp_delivery erx; do mariadb --quick -h $HOST -P $PORT -u fundwatch -p\"\$FUNDWATCH_MYSQL_PASSWORD\" fundwatch_test -e \"SELECT * FROM \$t\"; done"
  echo
  echo "load: $(tail -1 /tmp/fw-bench-load)"
'
