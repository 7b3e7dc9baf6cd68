#!/usr/bin/env bash
# Exit statuses of interfaces.md: 0 done (also with rejected rows), 2 rules
# that do not compile or an unusable source or arguments.
# usage: scan_exit_codes.sh FUNDWATCH RULES
source "$(dirname "$0")/lib.sh"
FW=$1
expect() { local want=$1; shift; set +e; "$@" > "$WORK/out" 2>&1; local got=$?; set -e; [ "$got" = "$want" ] || { cat "$WORK/out"; fail "$* exited $got, expected $want"; }; }
"$FW" gen --out "$WORK/data" --scale 1 --seed 3 > /dev/null
expect 0 "$FW" scan --data "$WORK/data" --rules "$RULES" --out "$WORK/a.jsonl"
mkdir "$WORK/badrules"; printf 'rule X-1 "x" {\n  from fee_lst f\n}\n' > "$WORK/badrules/x.rule"
expect 2 "$FW" scan --data "$WORK/data" --rules "$WORK/badrules" --out "$WORK/a.jsonl"
grep -q "x.rule:2:8: error: unknown table 'fee_lst'" "$WORK/out" || fail "diagnostic not printed with file:line:col"
expect 2 "$FW" check --rules "$WORK/badrules"
expect 2 "$FW" scan --data "$WORK/nowhere" --rules "$RULES" --out "$WORK/a.jsonl"
expect 2 "$FW" scan --data "$WORK/data" --rules "$RULES" --as-of "2025-13-01 00:00:00"
expect 2 "$FW" scan --rules "$RULES"
printf 'fee_list_code\n' > "$WORK/data/fee_list.csv"  # a required column missing: unusable source
expect 2 "$FW" scan --data "$WORK/data" --rules "$RULES" --out "$WORK/a.jsonl"
grep -q "fee_list.csv:1: missing required column 'feedetl_sn'" "$WORK/out" || fail "missing column not named"
echo ok
