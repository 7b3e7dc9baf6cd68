#!/usr/bin/env python3
"""report.py RESULT_DIR: the markdown tables of bench/compare.sh.

RESULT_DIR (build/bench-compare-SCALE) holds one directory per system with
the files described in bench/lib/common.sh (steps.tsv, procs.tsv, server.tsv,
keys/), plus truth/ (the generator's keys) and meta.tsv (name TAB value:
machine, date, scale, rows, bytes, floor times). Prints the report to stdout
and writes RESULT_DIR/per_query.tsv (seconds per rule and system).

Definitions (also in docs/PERFORMANCE.md):
  load        seconds of the load steps (DDL, bulk load, indexes, ANALYZE);
              for fundwatch, the "read" part its own summary reports
  query       seconds of the as-of query and the 23 rule queries; for
              fundwatch, the "rules" part of its summary
  end-to-end  wall seconds of every process the system ran, from the CSV
              files to the keys (DuckDB: the one node process, start included)
  CPU         user + system seconds of those processes, plus the MariaDB
              server's (mariadbd) during the same phases
  peak        the largest peak RSS of those processes, plus the server's peak
              RSS over the phases (VmHWM), MiB
"""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RULES = """LMT-SEX LMT-AGE LMT-DX LMT-LV PRC-CEIL QTY-RX
DTH-SETL HOS-SPLIT HOS-OUTP QTY-30D FRQ-MULTI
TRC-DUP TRC-REFLOW TRC-FMT TRC-MISMATCH TRC-MISSING
OPSP-REFUSE OPSP-COMPLAINT OPSP-NOREG
DLV-LATE DLV-RATE DLV-3M DCH-NORX""".split()


def read_tsv(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


class System:
    """The measurements of one system over the given phases."""

    def __init__(self, root, name, phases):
        self.dir = os.path.join(root, name)
        self.present = os.path.isdir(self.dir)
        steps = [s for s in read_tsv(os.path.join(self.dir, "steps.tsv")) if s[0] in phases]
        procs = [p for p in read_tsv(os.path.join(self.dir, "procs.tsv")) if p[0] in phases or p[0] == "all"]
        server = [s for s in read_tsv(os.path.join(self.dir, "server.tsv")) if s[0] in phases]
        self.steps = steps
        self.load = sum(float(s[2]) for s in steps if s[0] == "load")
        self.query = sum(float(s[2]) for s in steps if s[0] == "query")
        self.timeouts = [s[1] for s in steps if s[3] == "timeout"]
        self.errors = [s[1] for s in steps if s[3] == "error"]
        self.wall = sum(float(p[2]) for p in procs)
        self.cpu = sum(float(p[3]) + float(p[4]) for p in procs) + sum(float(s[1]) for s in server)
        self.peak_kb = max([int(p[5]) for p in procs] or [0]) + max([int(s[2]) for s in server] or [0])
        self.keys_dir = os.path.join(self.dir, "keys")


def agree(keys_dir, other_dir, timeouts):
    """'yes', or 'no: RULES' (rules whose key sets differ; timeouts marked)."""
    if not os.path.isdir(keys_dir) or not os.path.isdir(other_dir):
        return "—"
    out = subprocess.run([sys.executable, os.path.join(HERE, "keys.py"), "compare", keys_dir, other_dir],
                         capture_output=True, text=True, check=True).stdout.strip()
    if out == "yes":
        return "yes"
    rules = [r + (" (timeout)" if r in timeouts else "") for r in out.split(",")]
    return "no: " + ", ".join(rules)


def secs(x):
    return f"{x:.2f}" if x < 100 else f"{x:.0f}"


def mib(kb):
    return f"{kb / 1024:.0f}"


def main(root):
    meta = dict(r for r in read_tsv(os.path.join(root, "meta.tsv")) if len(r) == 2)
    truth = os.path.join(root, "truth")
    fw = System(root, "fundwatch", {"scan"})
    fw_keys = fw.keys_dir
    # fundwatch's own split, from the summary line "elapsed X s (read A s, rules B s)".
    fw_load = fw_query = None
    log = os.path.join(fw.dir, "scan.log")
    if os.path.exists(log):
        m = re.search(r"elapsed [0-9.]+ s \(read ([0-9.]+) s, rules ([0-9.]+) s\)", open(log, encoding="utf-8").read())
        if m:
            fw_load, fw_query = float(m.group(1)), float(m.group(2))

    print(f"machine: {meta.get('machine', '?')}")
    print(f"date: {meta.get('date', '?')}; fundwatch binary: {meta.get('fundwatch', '?')}")
    print(f"peers: {meta.get('versions', '?')}")
    print(f"data: `fundwatch gen --scale {meta.get('scale', '?')} --seed 1 --no-malformed`: "
          f"{meta.get('fee_lines', '?')} fee lines, {meta.get('rows', '?')} rows in 12 tables, "
          f"{meta.get('mb', '?')} MB of CSV; {meta.get('truth_keys', '?')} ground-truth keys")
    print()
    print("**(a) From the CSV files**: fundwatch scan vs each peer's load + the 23 queries")
    print()
    print("| system | load s | query s | end-to-end s | CPU s | peak MiB | × fundwatch | keys = ground truth | keys = fundwatch |")
    print("|---|---:|---:|---:|---:|---:|---:|---|---|")
    for label, key in (("`cat *.csv > /dev/null` (floor)", "floor_cat"),
                       ("`fundwatch validate` (parse only, floor)", "floor_validate")):
        if key + "_wall" not in meta:
            continue
        w = float(meta[key + "_wall"])
        ratio = f"{w / fw.wall:.2f}" if fw.wall else "—"
        print(f"| {label} | | | {secs(w)} | {secs(float(meta[key + '_cpu']))} | {mib(int(meta[key + '_kb']))} | "
              f"{ratio} | | |")
    rows = [("**fundwatch scan**", fw, fw_load, fw_query)]
    for label, name in (("MariaDB 10.11 (LOAD DATA + SQL)", "mariadb"), ("SQLite (sqlite3 shell)", "sqlite"),
                        ("DuckDB (node-api)", "duckdb")):
        s = System(root, name, {"load", "query"})
        if s.present:
            rows.append((label, s, s.load, s.query))
    for label, s, load, query in rows:
        q = "—" if query is None else secs(query)
        if s.timeouts:
            q = f"≥ {q} ({len(s.timeouts)} timeout)"
        ratio = f"{s.wall / fw.wall:.1f}" if fw.wall else "—"
        vs_fw = "—" if s is fw else agree(s.keys_dir, fw_keys, s.timeouts)
        print(f"| {label} | {'—' if load is None else secs(load)} | {q} | {secs(s.wall)} | {secs(s.cpu)} | "
              f"{mib(s.peak_kb)} | {ratio} | {agree(s.keys_dir, truth, s.timeouts)} | {vs_fw} |")

    fwm = System(root, "fundwatch-mysql", {"scan"})
    my = System(root, "mariadb", {"query"})
    if fwm.present and my.present:
        print()
        print("**(b) From MySQL**: `fundwatch scan --data mysql://...` over the loaded MariaDB vs MariaDB running "
              "the 23 queries on its own tables (same server, same tables, loaded once)")
        print()
        print("| system | time s | CPU s | peak MiB | × fundwatch | keys = ground truth | keys = fundwatch (CSV) |")
        print("|---|---:|---:|---:|---:|---|---|")
        for label, s in (("**fundwatch scan --data mysql://**", fwm), ("MariaDB 10.11 (SQL on its tables)", my)):
            ratio = f"{s.wall / fwm.wall:.1f}" if fwm.wall else "—"
            t = secs(s.wall) + (f" ({len(s.timeouts)} timeout)" if s.timeouts else "")
            print(f"| {label} | {t} | {secs(s.cpu)} | {mib(s.peak_kb)} | {ratio} | "
                  f"{agree(s.keys_dir, truth, s.timeouts)} | {agree(s.keys_dir, fw_keys, s.timeouts)} |")

    # Seconds per rule and system, for finding the slow queries.
    systems = [n for n in ("mariadb", "sqlite", "duckdb") if os.path.isdir(os.path.join(root, n))]
    per = {n: {s[1]: (s[2], s[3]) for s in read_tsv(os.path.join(root, n, "steps.tsv")) if s[0] == "query"}
           for n in systems}
    with open(os.path.join(root, "per_query.tsv"), "w", encoding="utf-8") as f:
        f.write("rule\t" + "\t".join(systems) + "\n")
        for rule in ["as_of"] + RULES:
            cells = []
            for n in systems:
                wall, status = per[n].get(rule, ("", "missing"))
                cells.append(wall if status == "ok" else f"{status} ({wall} s)")
            f.write(rule + "\t" + "\t".join(cells) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 2 or not os.path.isdir(sys.argv[1]):
        print("usage: report.py RESULT_DIR", file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1])
