#!/usr/bin/env bash
# The CSV and the MySQL sources of the same data give identical alerts
# (same keys, same evidence ids). Needs FUNDWATCH_TEST_MYSQL_URL and
# FUNDWATCH_MYSQL_PASSWORD (scripts/with_mariadb.sh sets both).
# usage: scan_csv_vs_mysql.sh FUNDWATCH SEED
source "$(dirname "$0")/lib.sh"
FW=$1 SEED=$2
[ -n "${FUNDWATCH_TEST_MYSQL_URL:-}" ] || fail "FUNDWATCH_TEST_MYSQL_URL is not set: run under scripts/with_mariadb.sh"
"$FW" gen --out "$WORK/data" --scale 1 --seed "$SEED" > /dev/null
"$FW" load --data "$WORK/data" --into "$FUNDWATCH_TEST_MYSQL_URL" > "$WORK/load.txt"
"$FW" scan --data "$WORK/data" --rules "$RULES" --out "$WORK/csv.jsonl" > /dev/null
"$FW" scan --data "$FUNDWATCH_TEST_MYSQL_URL" --rules "$RULES" --out "$WORK/mysql.jsonl" > /dev/null
[ -s "$WORK/csv.jsonl" ] || fail "no alerts at all"
cmp -s "$WORK/csv.jsonl" "$WORK/mysql.jsonl" || { diff "$WORK/csv.jsonl" "$WORK/mysql.jsonl" | head -5; fail "CSV and MySQL alerts differ"; }
python3 "$E2E/check_alerts.py" "$WORK/data" "$WORK/mysql.jsonl" > /dev/null || fail "MySQL alerts differ from the ground truth"
echo "ok: $(wc -l < "$WORK/csv.jsonl") identical alerts"
