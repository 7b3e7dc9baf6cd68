#!/usr/bin/env bash
# README command 2: set up and pass every test. Starts a throwaway MariaDB on
# 127.0.0.1 for the tests that need one and removes it afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/with_mariadb.sh ctest --test-dir build --output-on-failure -j2 "$@"
scripts/tsan.sh
