# Shared by the end-to-end scripts: a temp dir removed on exit, and `fail`.
set -euo pipefail
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
RULES=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/rules
E2E=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
