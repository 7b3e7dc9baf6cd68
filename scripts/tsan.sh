#!/usr/bin/env bash
# The engine's tests under ThreadSanitizer (part of scripts/test.sh). A scan
# judges rules on several threads at once (workers sharing the chunks, one
# thread per partition group, setup tasks beside the index building), and
# a data race there would show only now and then, if ever, in the ordinary
# build. Builds into build-tsan/.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS=-fsanitize=thread -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread >/dev/null
cmake --build build-tsan --target engine_test -j"$(nproc)"
TSAN_OPTIONS="halt_on_error=1 abort_on_error=1" build-tsan/tests/engine/engine_test
echo "engine tests clean under ThreadSanitizer"
