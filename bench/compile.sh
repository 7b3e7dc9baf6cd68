#!/usr/bin/env bash
# Benchmark of the rule compiler (not a timed test): time and peak memory of
# `fundwatch check` on the standard pack and on 2,000 generated rules (the
# standard rules renamed and with varied thresholds, over the same common
# parameters, lists and macros), beside `antlr4`-free floors: reading the
# files (cat) in the same run.
# usage: bench/compile.sh [RULES]   (default 2000)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-2000}
FW=build/fundwatch
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/big"
cp rules/common.rule "$WORK/big/"
python3 - "$WORK/big" "$N" <<'PY'
import glob, re, sys
out, n = sys.argv[1], int(sys.argv[2])
rules = []
for path in sorted(glob.glob("rules/*.rule")):
    text = open(path, encoding="utf-8").read()
    if "common.rule" in path:
        continue
    # Each `rule ID ... }` block (rules end with a closing brace at column 1).
    rules += re.findall(r'(?ms)^rule [A-Z0-9-]+ .*?^}\n', text)
defines = []
for path in sorted(glob.glob("rules/*.rule")):
    defines += re.findall(r'(?ms)^define .*?(?=^\S|\Z)', open(path, encoding="utf-8").read())
k = 0
with open(f"{out}/generated.rule", "w", encoding="utf-8") as f:
    f.write("".join(defines))
    while k < n:
        for r in rules:
            if k == n:
                break
            # A fresh id (rules that read other rules keep pointing at the original ids).
            body = re.sub(r'^rule ([A-Z0-9-]+)', lambda m: f"rule {m.group(1)}-G{k:04d}", r, count=1)
            f.write(body + "\n")
            k += 1
# The originals, so that `from rule DLV-RATE` resolves.
for path in sorted(glob.glob("rules/*.rule")):
    if "common.rule" not in path:
        text = open(path, encoding="utf-8").read()
        text = re.sub(r'(?ms)^define .*?(?=^\S|\Z)', '', text)
        open(f"{out}/orig_" + path.split("/")[-1], "w", encoding="utf-8").write(text)
PY
run() {
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" > "$WORK/out" 2>&1 || { tail -5 "$WORK/out"; exit 1; }
  read -r secs kb < "$WORK/time"
  printf "| %-40s | %8s | %8.0f | %s |\n" "$label" "$secs" "$((kb / 1024))" "$(tail -1 "$WORK/out")"
}
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "| input | seconds | peak MB | result |"
echo "|---|---|---|---|"
run "standard pack (rules/)" "$FW" check --rules rules
run "$N generated rules + the pack" "$FW" check --rules "$WORK/big"
run "cat of the same files (floor)" bash -c "cat $WORK/big/*.rule > /dev/null; echo read"
