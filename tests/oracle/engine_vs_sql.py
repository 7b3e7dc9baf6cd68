#!/usr/bin/env python3
"""The engine against the SQL oracle: the keys of `fundwatch scan`'s alerts
must equal, rule by rule, the keys the catalogue's SQL finds on MariaDB.

usage: engine_vs_sql.py ALERTS.jsonl KEYS_DIR
KEYS_DIR holds <RULE-ID>.keys (one key per line, fields tab-joined in the
catalogue's order), as written by bench/sql/run_mariadb.sh. Exit 1 on any
difference.
"""
import glob
import json
import os
import sys
from collections import defaultdict


def main():
    alerts_path, keys_dir = sys.argv[1], sys.argv[2]
    engine = defaultdict(set)
    with open(alerts_path, encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            engine[a["rule_id"]].add("\t".join(a["key"].values()))
    sql = {}
    for path in glob.glob(os.path.join(keys_dir, "*.keys")):
        with open(path, encoding="utf-8") as f:
            sql[os.path.basename(path)[:-5]] = {l.rstrip("\n") for l in f if l.strip()}
    if len(sql) != 23:
        print(f"expected the keys of 23 rules from the SQL oracle, found {len(sql)}")
        return 1
    bad = False
    for rule in sorted(set(sql) | set(engine)):
        missing, extra = sql.get(rule, set()) - engine[rule], engine[rule] - sql.get(rule, set())
        status = "same" if not (missing or extra) else "DIFFERENT"
        bad = bad or status != "same"
        print(f"{rule:<15} sql {len(sql.get(rule, ())):>5}  engine {len(engine[rule]):>5}  {status}")
        for k in sorted(missing)[:5]:
            print(f"    only in SQL:    {k}")
        for k in sorted(extra)[:5]:
            print(f"    only in engine: {k}")
    print("engine and SQL oracle " + ("DIFFER" if bad else "agree on every rule"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
