#!/usr/bin/env bash
# README command 1: set up, generate the demo data (if not there yet), check
# the standard rule pack, and scan the demo data with it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
DATA=build/demo-data
if [ ! -f "$DATA/manifest.json" ]; then
  build/fundwatch gen --out "$DATA" --scale 1 --seed 42
fi
build/fundwatch check --rules rules
build/fundwatch scan --data "$DATA" --rules rules --out build/demo-alerts.jsonl --rejects build/demo-rejects.jsonl
