#!/usr/bin/env bash
# fundwatch scan reports exactly the generator's ground-truth keys (no key
# missed, none extra, no near-miss), and no alert rests on a rejected row.
# usage: scan_ground_truth.sh FUNDWATCH SEED SCALE
source "$(dirname "$0")/lib.sh"
FW=$1 SEED=$2 SCALE=$3
"$FW" gen --out "$WORK/data" --scale "$SCALE" --seed "$SEED" > /dev/null
"$FW" scan --data "$WORK/data" --rules "$RULES" --out "$WORK/alerts.jsonl" --rejects "$WORK/rejects.jsonl" > "$WORK/summary.txt"
python3 "$E2E/check_alerts.py" "$WORK/data" "$WORK/alerts.jsonl" || fail "alerts differ from the ground truth"
python3 - "$WORK/data" "$WORK/rejects.jsonl" "$WORK/alerts.jsonl" <<'PY' || fail "rejects differ from the planted malformed rows, or an alert rests on one"
import json, sys, os
data, rejects_path, alerts_path = sys.argv[1:4]
expected = {(os.path.basename(o["file"]), o["line"]) for o in map(json.loads, open(f"{data}/expected_rejects.jsonl", encoding="utf-8")) }
got = [json.loads(l) for l in open(rejects_path, encoding="utf-8")]
got_lines = {(os.path.basename(o.get("file", "")), o.get("line")) for o in got if "line" in o}
assert expected <= got_lines, f"planted malformed rows not rejected: {sorted(expected - got_lines)}"
assert all(o.get("reason") for o in got), "a reject without a reason"
# A rejected row is never evidence. (A duplicate key's reject shares its id
# with the first, accepted row of that key, so it says nothing here.)
rejected_ids = {(o["table"], o["record_id"]) for o in got
                if o.get("record_id") and not o["reason"].startswith("duplicate primary key")}
for line in open(alerts_path, encoding="utf-8"):
    a = json.loads(line)
    for e in a["evidence"]:
        assert (e["table"], e["id"]) not in rejected_ids, f"{a['rule_id']} rests on rejected row {e}"
print(f"rejects: {len(got)} rows, all {len(expected)} planted ones among them")
PY
grep -q "告警 alerts:" "$WORK/summary.txt" || fail "summary lacks the alerts section"
# explain renders an alert with the values compared and its evidence records in full.
"$FW" explain --alerts "$WORK/alerts.jsonl" --data "$WORK/data" --rule PRC-CEIL --limit 1 > "$WORK/explain.txt"
grep -q "f.pric .* > h.pric_uplmt_amt" "$WORK/explain.txt" || fail "explain lacks the comparison"
grep -q "pric_uplmt_amt .*支付标准上限" "$WORK/explain.txt" || fail "explain lacks the hilist evidence record"
grep -q "fee_ocur_time .*费用发生时间" "$WORK/explain.txt" || fail "explain lacks the fee_list evidence record"
echo "ok"
