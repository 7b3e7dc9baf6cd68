#!/usr/bin/env python3
"""keys.py: the alert keys of every system in one comparable form.

A "keys directory" holds <RULE-ID>.keys for each of the 23 catalogue rules:
one line per distinct key, the key's fields in the catalogue's order joined
by a TAB, each value escaped as the mariadb client's batch mode prints it
(\\ \t \n \0), lines sorted bytewise. That is the form bench/sql/run_mariadb.sh
and the mariadb client already give, so every other source is turned into it.

  keys.py alerts ALERTS.jsonl OUT_DIR     fundwatch's alerts file ({"rule_id", "key": {...}})
  keys.py truth DATA_DIR OUT_DIR          the generator's ground_truth.jsonl
  keys.py json RULE-ID IN.json OUT.keys   the sqlite3 shell's `.mode json` output of one query
  keys.py sort RULE-ID IN OUT.keys        mariadb batch output (already escaped): sort -u, bytewise
  keys.py compare DIR_A DIR_B [RULES...]  prints "yes" or the rules that differ (comma-separated);
                                          details (counts, a few keys) to stderr; exit 0 either way,
                                          2 on unusable input
"""
import json
import os
import sys

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


def die(msg):
    print("keys.py: " + msg, file=sys.stderr)
    sys.exit(2)


def escape(v):
    # The mariadb client's batch-mode escaping of one value.
    return v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\0", "\\0")


def line_of(rule, key, where):
    fields = KEY_FIELDS[rule]
    if sorted(key) != sorted(fields):
        die(f"{where}: {rule} key fields {sorted(key)} are not {fields}")
    return "\t".join(escape(str(key[k])) for k in fields)


def write_keys(path, lines):
    # Bytewise order (LC_ALL=C sort), as the shell tools sort.
    data = sorted(set(l.encode("utf-8") for l in lines))
    with open(path, "wb") as f:
        for l in data:
            f.write(l + b"\n")


def from_jsonl(path, out_dir, what):
    by_rule = {r: [] for r, _ in RULES}
    if not os.path.exists(path):
        die(f"no {what} file {path}")
    with open(path, encoding="utf-8") as f:
        for n, text in enumerate(f, 1):
            if not text.strip():
                continue
            try:
                obj = json.loads(text)
                rule, key = obj["rule_id"], obj["key"]
            except (ValueError, KeyError, TypeError) as e:
                die(f"{path}:{n}: expected a JSON object with rule_id and key ({e})")
            if rule not in KEY_FIELDS:
                die(f"{path}:{n}: unknown rule_id {rule!r}")
            by_rule[rule].append(line_of(rule, key, f"{path}:{n}"))
    os.makedirs(out_dir, exist_ok=True)
    for rule, lines in by_rule.items():
        write_keys(os.path.join(out_dir, rule + ".keys"), lines)


def from_sqlite_json(rule, path, out):
    if rule not in KEY_FIELDS:
        die(f"unknown rule {rule!r}")
    text = open(path, encoding="utf-8").read().strip() if os.path.exists(path) else ""
    rows = json.loads(text) if text else []  # an empty result prints nothing at all
    lines = []
    for i, row in enumerate(rows):
        if not isinstance(row, dict):
            die(f"{path}: row {i} is not an object")
        lines.append(line_of(rule, {k: ("" if v is None else v) for k, v in row.items()}, f"{path} row {i}"))
    write_keys(out, lines)


def from_batch(rule, path, out):
    with open(path, "rb") as f:
        lines = [l.rstrip(b"\n").decode("utf-8") for l in f if l != b"\n"]
    write_keys(out, lines)


def read_keys(path):
    with open(path, "rb") as f:
        return set(l.rstrip(b"\n") for l in f if l != b"\n")


def compare(a, b, rules):
    differ = []
    for rule in rules:
        pa, pb = os.path.join(a, rule + ".keys"), os.path.join(b, rule + ".keys")
        if not os.path.exists(pa) or not os.path.exists(pb):
            differ.append(rule)
            print(f"  {rule}: no keys file ({pa if not os.path.exists(pa) else pb})", file=sys.stderr)
            continue
        ka, kb = read_keys(pa), read_keys(pb)
        if ka != kb:
            differ.append(rule)
            only_a, only_b = sorted(ka - kb), sorted(kb - ka)
            print(f"  {rule}: {len(ka)} vs {len(kb)} keys; only in {a}: {len(only_a)}, only in {b}: {len(only_b)}",
                  file=sys.stderr)
            for k in only_a[:5]:
                print(f"    only in {a}: {k.decode('utf-8', 'replace')}", file=sys.stderr)
            for k in only_b[:5]:
                print(f"    only in {b}: {k.decode('utf-8', 'replace')}", file=sys.stderr)
    print("yes" if not differ else ",".join(differ))


def main(argv):
    if len(argv) < 2:
        die("usage: see the top of " + argv[0])
    cmd, args = argv[1], argv[2:]
    if cmd == "alerts" and len(args) == 2:
        from_jsonl(args[0], args[1], "alerts")
    elif cmd == "truth" and len(args) == 2:
        from_jsonl(os.path.join(args[0], "ground_truth.jsonl"), args[1], "ground truth")
    elif cmd == "json" and len(args) == 3:
        from_sqlite_json(*args)
    elif cmd == "sort" and len(args) == 3:
        from_batch(*args)
    elif cmd == "compare" and len(args) >= 2:
        compare(args[0], args[1], args[2:] or [r for r, _ in RULES])
    else:
        die(f"bad arguments for {cmd!r}: {args}")


if __name__ == "__main__":
    main(sys.argv)
