#!/usr/bin/env bash
# The main job: install missing Debian packages, build, and open the dashboard on the demo project.
# Without a display ($DISPLAY and $WAYLAND_DISPLAY empty) it writes a snapshot PNG instead.
# Usage: ./run.sh [PROJECT.prokus.json or boundary file]   (default: geodata/demo.prokus.json)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

input="${1:-geodata/demo.prokus.json}"

tools/install_debian_packages.sh

generator=()
[[ -f build/CMakeCache.txt ]] || generator=(-G Ninja)
cmake -S . -B build "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build --target prokus-map --parallel "$(nproc)"

if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  mkdir -p out
  snapshot="out/demo-map.png"
  [[ "$input" == "geodata/demo.prokus.json" ]] || snapshot="out/$(basename "${input%%.*}")-map.png"
  build/prokus-map render "$input" -o "$snapshot"
  echo "No display found, so no window was opened."
  echo "Wrote the map to $(pwd)/$snapshot (georeferenced: $(basename "${snapshot%.png}").pgw and .png.aux.xml beside it)."
else
  exec build/prokus-map "$input"
fi
