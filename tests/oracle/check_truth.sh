#!/usr/bin/env bash
# check_truth.sh DATA_DIR KEYS_DIR
#
# Compares the keys found for each of the 23 catalogue rules
# (KEYS_DIR/<RULE-ID>.keys, as written by bench/sql/run_mariadb.sh: one line
# per key, fields in the catalogue's key order joined by a TAB, values escaped
# as the mariadb client's batch mode does: \\ \t \n \0) with the generator's
# DATA_DIR/ground_truth.jsonl (one {"rule_id": ..., "key": {field: value}}
# per line). Prints per rule: expected, got, missing, extra, and lists every
# missing and extra key (with the generator's "why" when the key is one of its
# near misses, DATA_DIR/near_misses.jsonl). Exit 0 when every rule agrees,
# 1 on any difference, 2 on bad input.
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 DATA_DIR KEYS_DIR" >&2
  exit 2
fi
exec python3 - "$1" "$2" <<'PY'
import json, os, sys

data_dir, keys_dir = sys.argv[1], sys.argv[2]

# The catalogue's rules and key fields, in catalogue order.
RULES = [
    ("LMT-SEX", ["feedetl_sn"]), ("LMT-AGE", ["feedetl_sn"]), ("LMT-DX", ["feedetl_sn"]),
    ("LMT-LV", ["feedetl_sn"]), ("PRC-CEIL", ["feedetl_sn"]), ("QTY-RX", ["feedetl_sn"]),
    ("DTH-SETL", ["setl_id"]), ("HOS-SPLIT", ["setl_id"]), ("HOS-OUTP", ["setl_id"]),
    ("QTY-30D", ["psn_no", "hilist_code"]), ("FRQ-MULTI", ["psn_no", "hilist_code"]),
    ("TRC-DUP", ["drug_trac_codg"]), ("TRC-REFLOW", ["drug_trac_codg"]),
    ("TRC-FMT", ["feedetl_sn"]), ("TRC-MISMATCH", ["feedetl_sn"]), ("TRC-MISSING", ["feedetl_sn"]),
    ("OPSP-REFUSE", ["psn_no", "fixmedins_code"]), ("OPSP-COMPLAINT", ["complaint_id"]),
    ("OPSP-NOREG", ["setl_id"]),
    ("DLV-LATE", ["order_id"]), ("DLV-RATE", ["distributor_code", "month"]),
    ("DLV-3M", ["distributor_code", "month"]), ("DCH-NORX", ["feedetl_sn"]),
]
KEY_FIELDS = dict(RULES)

def escape(v):
    # The mariadb client's batch-mode escaping of a value.
    return v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\0", "\\0")

def fail_input(msg):
    print("check_truth: " + msg, file=sys.stderr)
    sys.exit(2)

def read_jsonl(path, what):
    out = {}
    if not os.path.exists(path):
        return out
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                rule = obj["rule_id"]
                key = obj["key"]
            except (ValueError, KeyError, TypeError) as e:
                fail_input(f"{path}:{n}: not a {what} line ({e})")
            if rule not in KEY_FIELDS:
                fail_input(f"{path}:{n}: unknown rule_id {rule!r}")
            fields = KEY_FIELDS[rule]
            if sorted(key) != sorted(fields):
                fail_input(f"{path}:{n}: {rule} key fields {sorted(key)} are not {fields}")
            t = "\t".join(escape(str(key[k])) for k in fields)
            out.setdefault(rule, {})[t] = obj.get("why")
    return out

truth_path = os.path.join(data_dir, "ground_truth.jsonl")
if not os.path.exists(truth_path):
    fail_input(f"no {truth_path}")
truth = read_jsonl(truth_path, "ground truth")
near = read_jsonl(os.path.join(data_dir, "near_misses.jsonl"), "near miss")

different = 0
print(f"{'rule':<15} {'expected':>8} {'got':>8} {'missing':>8} {'extra':>8}")
details = []
for rule, _ in RULES:
    path = os.path.join(keys_dir, rule + ".keys")
    expected = set(truth.get(rule, {}))
    if not os.path.exists(path):
        print(f"{rule:<15} {len(expected):>8} {'-':>8} {'-':>8} {'-':>8}  NO KEYS FILE")
        different += 1
        continue
    with open(path, encoding="utf-8", newline="\n") as f:
        got = set(line.rstrip("\n") for line in f if line != "\n")
    missing = sorted(expected - got)
    extra = sorted(got - expected)
    mark = "" if not missing and not extra else "  DIFFERENT"
    print(f"{rule:<15} {len(expected):>8} {len(got):>8} {len(missing):>8} {len(extra):>8}{mark}")
    if missing or extra:
        different += 1
        for k in missing:
            details.append(f"  {rule} missing (in ground truth, not found): {k}")
        for k in extra:
            why = near.get(rule, {}).get(k)
            note = f"   [near miss: {why}]" if why else ""
            details.append(f"  {rule} extra (found, not in ground truth): {k}{note}")
if details:
    print()
    print("\n".join(details))
print()
if different:
    print(f"check_truth: {different} rule(s) differ from {truth_path}")
    sys.exit(1)
print(f"check_truth: all {len(RULES)} rules agree with {truth_path}")
PY
