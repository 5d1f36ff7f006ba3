#!/usr/bin/env bash
# The main job: install missing Debian packages, build, and open the dashboard on the demo project.
# Without a display ($DISPLAY and $WAYLAND_DISPLAY empty) it writes a snapshot PNG instead.
# Usage: ./run.sh [PROJECT.prokus.json or boundary file]   (default: geodata/demo.prokus.json)
set -euo pipefail

input=""
[[ $# -eq 0 ]] || input="$(realpath -m -- "$1")"  # before the cd: relative to where you are
cd "$(dirname "${BASH_SOURCE[0]}")"
input="${input:-geodata/demo.prokus.json}"

tools/install_debian_packages.sh

generator=()
[[ -f build/CMakeCache.txt ]] || generator=(-G Ninja)
cmake -S . -B build "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build --target prokus-map --parallel "$(nproc)"

if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  mkdir -p out
  snapshot="out/demo-map.png"
  if [[ "$input" != "geodata/demo.prokus.json" ]]; then
    name="$(basename "$input")"
    snapshot="out/${name%%.*}-map.png"
  fi
  build/prokus-map render "$input" -o "$snapshot"
  echo "No display found, so no window was opened."
  echo "Wrote the map to $(pwd)/$snapshot"
  echo "(georeferenced: ${snapshot%.png}.pgw and $snapshot.aux.xml beside it; open it in any image viewer or in QGIS)."
else
  exec build/prokus-map "$input"
fi
