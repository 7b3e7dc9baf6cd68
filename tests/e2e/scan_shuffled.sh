#!/usr/bin/env bash
# Shuffling the rows of every input file changes no alert: same keys, same
# evidence ids, same everything (the output is sorted the same way).
# usage: scan_shuffled.sh FUNDWATCH SEED
source "$(dirname "$0")/lib.sh"
FW=$1 SEED=$2
"$FW" gen --out "$WORK/a" --scale 1 --seed "$SEED" --no-malformed > /dev/null
mkdir "$WORK/b"
python3 - "$WORK/a" "$WORK/b" "$SEED" <<'PY'
import csv, io, os, random, sys
src, dst, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
rng = random.Random(seed)
for name in os.listdir(src):
    if not name.endswith(".csv"):
        continue
    with open(os.path.join(src, name), newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    rng.shuffle(body)
    order = list(range(len(header)))
    rng.shuffle(order)  # columns in another order too
    with open(os.path.join(dst, name), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow([header[i] for i in order])
        for r in body:
            w.writerow([r[i] for i in order])
PY
"$FW" scan --data "$WORK/a" --rules "$RULES" --out "$WORK/a.jsonl" > /dev/null
"$FW" scan --data "$WORK/b" --rules "$RULES" --out "$WORK/b.jsonl" > /dev/null
[ -s "$WORK/a.jsonl" ] || fail "no alerts at all"
cmp -s "$WORK/a.jsonl" "$WORK/b.jsonl" || { diff <(head -c 3000 "$WORK/a.jsonl") <(head -c 3000 "$WORK/b.jsonl") | head; fail "alerts changed when rows and columns were shuffled"; }
echo "ok: $(wc -l < "$WORK/a.jsonl") identical alerts"
