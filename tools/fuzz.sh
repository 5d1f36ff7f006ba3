#!/usr/bin/env bash
# Fuzzes one target of tests/fuzz for a while with libFuzzer:
#   tools/fuzz.sh list_import 300        (or fuzz_list_import; project, fuzz_project)
#   tools/fuzz.sh project 300 -fork=1 -ignore_crashes=1    (further arguments go to libFuzzer)
# Builds with Debian's clang-14 (-fsanitize=fuzzer,address,undefined) in build-fuzz/ (PROKUS_FUZZ=ON),
# seeds from tests/fuzz/corpus/<name>/ and writes new inputs to a scratch folder, never the repo:
#   build-fuzz/scratch-<name>/    inputs libFuzzer found interesting
#   build-fuzz/findings-<name>/   crashes, leaks, timeouts (copy one into the corpus with its fix)
# Environment: PROKUS_FUZZ_BUILD (build folder), PROKUS_FUZZ_JOBS (compile jobs, default 2).
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: tools/fuzz.sh TARGET SECONDS   (targets: $(cd "$(dirname "$0")/../tests/fuzz" && ls fuzz_*.cpp | sed 's/\.cpp//' | tr '\n' ' '))" >&2
  exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
name=${1#fuzz_}
seconds=$2
shift 2
target=fuzz_$name
build=${PROKUS_FUZZ_BUILD:-$root/build-fuzz}
[ -f "$root/tests/fuzz/$target.cpp" ] || { echo "tools/fuzz.sh: no tests/fuzz/$target.cpp" >&2; exit 2; }

launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache); fi
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 "${launcher[@]}" \
  -DPROKUS_FUZZ=ON -DPROKUS_BUILD_GUI=OFF >/dev/null
cmake --build "$build" --parallel "${PROKUS_FUZZ_JOBS:-2}" --target "$target"

scratch=$build/scratch-$name
findings=$build/findings-$name
mkdir -p "$scratch" "$findings"
# Leaks inside third-party libraries only are suppressed (tests/lsan.supp); GDAL keeps caches for
# the process, so leak checks run at exit, not per input.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:intercept_tls_get_addr=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/lsan.supp}
exec "$build/$target" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=3072 -max_len=65536 \
  -detect_leaks=0 -print_final_stats=1 -artifact_prefix="$findings/" "$@" \
  "$scratch" "$root/tests/fuzz/corpus/$name"
