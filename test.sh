#!/usr/bin/env bash
# Install missing Debian packages, build, and run the whole test suite twice: a normal build (build/)
# and an AddressSanitizer + UndefinedBehaviorSanitizer build (build-asan/). CI runs exactly this.
# Set PROKUS_SKIP_SANITIZERS=1 to run only the normal build (quicker, for local iteration).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

tools/install_debian_packages.sh --tests

jobs="$(nproc)"
# Window tests need an X server: xvfb-run gives each run its own (render tests unset DISPLAY
# themselves and use EGL surfaceless). 24-bit, because the default 8-bit screen has no GL visual.
# PROKUS_REQUIRE_DISPLAY=1: a window test that finds no display fails instead of skipping itself.
run_ctest() {
  PROKUS_REQUIRE_DISPLAY=1 xvfb-run -a -s "-screen 0 1920x1080x24 -nolisten tcp" \
    ctest --test-dir "$1" --output-on-failure --parallel "$jobs" --no-tests=error
}
configure() {
  local dir="$1"; shift
  local generator=()
  [[ -f "$dir/CMakeCache.txt" ]] || generator=(-G Ninja)
  cmake -S . -B "$dir" "${generator[@]}" "$@"
}

echo "== build/ (RelWithDebInfo) =="
configure build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build --parallel "$jobs"
run_ctest build

if [[ "${PROKUS_SKIP_SANITIZERS:-0}" == "1" ]]; then
  echo "PROKUS_SKIP_SANITIZERS=1: skipped the ASan+UBSan build"
  exit 0
fi

echo "== build-asan/ (AddressSanitizer + UndefinedBehaviorSanitizer) =="
# -O1 with line tables only: sanitizer reports keep file:line, and the build takes far less time
# on two cores than -O2 with full debug info.
configure build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1" \
  -DPROKUS_SANITIZE=ON -DPROKUS_BUILD_GUI=ON
cmake --build build-asan --parallel "$jobs"
# LSan suppressions (third-party libraries only) come from CTest's per-test environment.
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" run_ctest build-asan
echo "All tests passed (normal and ASan+UBSan builds)."
