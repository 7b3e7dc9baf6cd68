#!/usr/bin/env python3
"""Compares the alerts of `fundwatch scan` with a generator's ground truth.

usage: check_alerts.py DATA_DIR ALERTS.jsonl

DATA_DIR holds ground_truth.jsonl (every key each rule must report) and
near_misses.jsonl (keys that must not be reported), as written by
`fundwatch gen`. Prints, per rule, expected / got / missing / extra and any
near-miss reported; exits 1 on any difference.
"""
import json
import sys
from collections import defaultdict


def keys_of(path):
    out = defaultdict(set)
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                o = json.loads(line)
                out[o["rule_id"]].add(tuple(sorted(o["key"].items())))
    return out


def main():
    data_dir, alerts_path = sys.argv[1], sys.argv[2]
    truth = keys_of(f"{data_dir}/ground_truth.jsonl")
    near = keys_of(f"{data_dir}/near_misses.jsonl")
    got = keys_of(alerts_path)
    bad = False
    print(f"{'rule':<15}{'expected':>9}{'got':>6}{'missing':>9}{'extra':>7}{'near-miss hit':>15}")
    for rule in sorted(set(truth) | set(got) | set(near)):
        missing = truth[rule] - got[rule]
        extra = got[rule] - truth[rule]
        near_hit = near[rule] & got[rule]
        flag = "" if not (missing or extra or near_hit) else "  <-- differs"
        bad = bad or bool(flag)
        print(f"{rule:<15}{len(truth[rule]):>9}{len(got[rule]):>6}{len(missing):>9}{len(extra):>7}{len(near_hit):>15}{flag}")
        for k in sorted(missing)[:5]:
            print(f"    missing {dict(k)}")
        for k in sorted(extra)[:5]:
            print(f"    extra   {dict(k)}")
        for k in sorted(near_hit)[:5]:
            print(f"    near-miss reported {dict(k)}")
    total = sum(len(v) for v in truth.values())
    print(("DIFFERENT" if bad else "IDENTICAL") + f": {total} ground-truth keys over {len(truth)} rules")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
