#!/usr/bin/env bash
# Inputs larger than the sort memory: with --memory 1 (one megabyte) the
# streamed records are written to disk in sorted runs and merged, and the
# alerts are byte-identical to an all-in-memory scan; the runs are removed.
# A pack that reads one table streams only that table's records. The trace
# events, which only the trace-code sequences read, are judged by partition
# and never replayed in event order; the fee lines are replayed, and also
# judged by partition for the sliding windows. An existence check that needs
# only keys holds keys, not records.
# usage: scan_spilled.sh FUNDWATCH SEED
source "$(dirname "$0")/lib.sh"
FW=$1 SEED=$2
"$FW" gen --out "$WORK/d" --scale 2 --seed "$SEED" > /dev/null
mkdir "$WORK/spill"
"$FW" scan --data "$WORK/d" --rules "$RULES" --out "$WORK/mem.jsonl" --stats > "$WORK/mem.txt"
"$FW" scan --data "$WORK/d" --rules "$RULES" --out "$WORK/disk.jsonl" --stats --memory 1 --spill-dir "$WORK/spill" > "$WORK/disk.txt"
grep -q "sorted (in memory)" "$WORK/mem.txt" || fail "the default scan of scale 2 should sort in memory"
grep -Eq "[0-9]+ runs, [0-9]+ MB spilled to $WORK/spill" "$WORK/disk.txt" || { grep stream "$WORK/disk.txt"; fail "--memory 1 did not spill"; }
[ -s "$WORK/mem.jsonl" ] || fail "no alerts at all"
# --stats names the context held for lookups (settlements, patients) and
# never the streamed tables (fee lines, trace events).
ctx=$(grep "^context held in memory:" "$WORK/mem.txt") || fail "--stats shows no context line"
echo "$ctx" | grep -Eq " setl [0-9]+ \([0-9]+ MB\)" || fail "settlements not shown as context: $ctx"
echo "$ctx" | grep -Eq " psn [0-9]+ " || fail "patients not shown as context: $ctx"
if echo "$ctx" | grep -Eq " (fee_list|trac_event) "; then fail "a streamed table is held as context: $ctx"; fi
# OPSP-REFUSE's `not exists(mdtrt_event t where ... t.event_type == "settle")`
# needs the settle events' encounter ids, not the events: the ids are kept,
# and of the encounter events only the cancels (which another check reads
# whole) are held.
keys=$(grep "^keys held for existence checks" "$WORK/mem.txt") || fail "--stats shows no key sets"
settled=$(echo "$keys" | grep -Eo " mdtrt_event [0-9]+ " | grep -Eo "[0-9]+")
encounter_events=$(awk '$1 == "mdtrt_event" { print $3 }' "$WORK/mem.txt")  # accepted, from the summary
held=$(echo "$ctx" | grep -Eo " mdtrt_event [0-9]+ " | grep -Eo "[0-9]+")
[ -n "$settled" ] && [ "$settled" -gt 0 ] || fail "no settle events' keys: $keys"
[ -n "$held" ] && [ $((held * 10)) -lt "$encounter_events" ] || fail "held $held of $encounter_events encounter events, not just the cancels: $ctx"
events=$(awk '$1 == "trac_event" { print $3 }' "$WORK/mem.txt")
fee_lines=$(awk '$1 == "fee_list" { print $3 }' "$WORK/mem.txt")
partitioned=$(grep -o '[0-9]* judged by partition' "$WORK/mem.txt" | grep -o '^[0-9]*')
# Both sequences share one sort of the trace events, both sliding windows
# (by person and drug) one sort of the fee lines.
[ -n "$events" ] && [ "$partitioned" = "$((events + fee_lines))" ] || { grep stream "$WORK/mem.txt"; fail "judged $partitioned records by partition, not the $events trace events and $fee_lines fee lines"; }
grep -Eq "TRC-DUP .*\[sequence, by partition: " "$WORK/mem.txt" || fail "TRC-DUP is not judged by partition"
grep -Eq "QTY-30D .*\[sliding window, by partition: " "$WORK/mem.txt" || fail "QTY-30D is not judged by partition"
cmp -s "$WORK/mem.jsonl" "$WORK/disk.jsonl" || fail "alerts differ between the in-memory and the spilled scan"
[ -z "$(ls -A "$WORK/spill")" ] || fail "spill runs left behind: $(ls "$WORK/spill")"
# The keys are still exactly the ground truth.
python3 "$(dirname "$0")/check_alerts.py" "$WORK/d" "$WORK/disk.jsonl" > "$WORK/check.txt" || { cat "$WORK/check.txt"; fail "spilled scan differs from the ground truth"; }
# A pack whose one rule reads fee lines streams only the fee lines: the
# other tables are read and validated, but nothing could read their records.
# And only the fee lines its condition on the line alone does not turn down:
# each streamed line is an alert, the others are passed over when read.
mkdir "$WORK/one"
printf 'rule ONE-1 "单表" {\n  category: 测试\n  result: 可疑\n  severity: 中\n  from fee_list f\n  where f.pric > 50\n  key f.feedetl_sn\n  message "{f.pric}"\n}\n' > "$WORK/one/one.rule"
"$FW" scan --data "$WORK/d" --rules "$WORK/one" --out "$WORK/one.jsonl" --stats > "$WORK/one.txt" || fail "the one-rule pack failed"
fees=$(awk '$1 == "fee_list" { print $3 }' "$WORK/one.txt")  # accepted, from the summary
streamed=$(grep -o '[0-9]* sorted (' "$WORK/one.txt" | grep -o '^[0-9]*')
passed_over=$(grep -o '[0-9]* that no rule could judge passed over' "$WORK/one.txt" | grep -o '^[0-9]*')
one=$(wc -l < "$WORK/one.jsonl")
[ "$one" -gt 0 ] && [ "$one" -lt "$fees" ] || fail "ONE-1 should flag some fee lines, not $one of $fees"
[ "$streamed" = "$one" ] && [ "$((streamed + passed_over))" = "$fees" ] || { grep stream "$WORK/one.txt"; fail "one fee-line rule streamed $streamed records and passed over $passed_over, not the $one it flags of the $fees fee lines"; }
echo "ok: $(wc -l < "$WORK/disk.jsonl") identical alerts; $(grep -o '[0-9]* runs' "$WORK/disk.txt") merged; $events trace events and $fee_lines fee lines judged by partition; a fee-line pack streams the $streamed of $fees records it flags"
