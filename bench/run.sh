#!/usr/bin/env bash
# Benchmark harness (not a test): builds the bench programs, runs every build/bench/* binary, times
# our CLI, and times the peers on the same data: GDAL (ogr2ogr, gdal_rasterize) and QGIS (PyQGIS
# renderer, qgis_process) where installed. See bench/README.md.
#
# Usage: bench/run.sh            everything (about 5-10 minutes on 2 cores; the ogr2ogr SQLite join is slow)
#        BENCH_QUICK=1 bench/run.sh   skip the slow peer runs (ogr2ogr SQLite join, QGIS on 1M points)
# Results: bench/results/<date-time>/summary.txt (+ one log per step). Scratch data (generated points,
# converted copies of ../shared data) lives in a temporary folder outside the repository and is deleted.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo_root="$(pwd)"

shared="$(cd "${PROKUS_SHARED_GEODATA:-../shared/geodata}" 2>/dev/null && pwd)" || {
  echo "bench/run.sh: ${PROKUS_SHARED_GEODATA:-../shared/geodata}: reference geodata folder not found" >&2
  exit 2
}
export PROKUS_SHARED_GEODATA="$shared"
results="$repo_root/bench/results/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$results"
summary="$results/summary.txt"
scratch="$(mktemp -d /tmp/prokus-bench.XXXXXX)"
[[ "${BENCH_KEEP:-0}" == "1" ]] || trap 'rm -rf "$scratch"' EXIT
repeat="${BENCH_REPEAT:-3}"

note() { echo "$*" | tee -a "$summary"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
have() { command -v "$1" >/dev/null 2>&1; }

# best_of LABEL COMMAND...: runs the command $repeat times, logs its output, reports the best wall time.
best_of() {
  local label="$1"; shift
  local log
  log="$results/$(echo "$label" | tr -cs 'A-Za-z0-9.-' '_' | cut -c1-60).log"
  local best="" t0 t1 t
  for ((i = 1; i <= repeat; i++)); do
    t0=$(now)
    if ! "$@" >>"$log" 2>&1; then
      note "$label: FAILED (see $log)"
      return 0
    fi
    t1=$(now); t=$(elapsed "$t0" "$t1")
    if [[ -z "$best" ]] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best="$t"; fi
  done
  note "$label: ${best} s (best of $repeat)"
}
once() { local saved="$repeat"; repeat=1; best_of "$@"; repeat="$saved"; }

# Window benchmarks need an X server; give them a virtual one when there is no display.
with_display() {
  if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]] && have xvfb-run; then
    xvfb-run -a -s "-screen 0 1920x1080x24 -nolisten tcp" "$@"
  else
    "$@"
  fi
}

note "prokus-map benchmarks, $(date -Iseconds)"
note "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
note "GDAL: $(gdal-config --version 2>/dev/null || echo '?'); QGIS: $( (have qgis_process.bin && QT_QPA_PLATFORM=offscreen qgis_process.bin --version 2>/dev/null | grep -m1 -i qgis) || echo 'not installed')"
note "reference data: $shared; scratch: $scratch"
note ""

# ---- build (Release-like, as users run it) ----
tools/install_debian_packages.sh
generator=()
[[ -f build/CMakeCache.txt ]] || generator=(-G Ninja)
if ! { cmake -S . -B build "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo &&
       cmake --build build --parallel "$(nproc)"; } >"$results/build.log" 2>&1; then
  # Still run the peers: their figures are useful alone. Our figures are skipped below.
  note "BUILD FAILED (see $results/build.log): our programs are skipped, stale binaries removed"
  rm -f build/prokus-map build/bench/*
fi

# ---- scratch data shared by us and the peers ----
python3 bench/make_points.py 100000 "$scratch/points_100k.csv"
python3 bench/make_points.py 1000000 "$scratch/points_1m.csv"

# ---- our bench programs (each prints its own figures; see bench/README.md) ----
note "== build/bench/* =="
shopt -s nullglob
bench_programs=(build/bench/*)
((${#bench_programs[@]})) || note "(no bench programs built yet)"
for program in "${bench_programs[@]}"; do
  [[ -f "$program" && -x "$program" ]] || continue
  name="$(basename "$program")"
  [[ "$name" != make_* ]] || continue  # data generators (bench/national.sh runs make_national)
  log="$results/$name.log"
  t0=$(now)
  if with_display "$program" >"$log" 2>&1; then
    note "$name: ran in $(elapsed "$t0" "$(now)") s; its figures:"
    sed 's/^/    /' "$log" | tee -a "$summary"
  else
    note "$name: FAILED (exit $?, see $log)"
  fi
done
note ""

# ---- our CLI ----
note "== prokus-map CLI =="
if [[ -x build/prokus-map ]]; then
  best_of "ours: render kbb_desa.shp 3840x2160 PNG" \
    build/prokus-map render "$shared/kbb_desa.shp" -o "$scratch/ours.png" --size 3840x2160
  best_of "ours: render --plain kbb_desa.shp 3840x2160 PNG" \
    build/prokus-map render "$shared/kbb_desa.shp" -o "$scratch/ours_plain.png" --size 3840x2160 --plain
  best_of "ours: render demo project 1920x1080 PNG" \
    build/prokus-map render geodata/demo.prokus.json -o "$scratch/demo.png"
  if build/prokus-map stats --help >/dev/null 2>&1; then
    best_of "ours: stats, 1M points in 16 kecamatan (whole run, CSV read included)" \
      build/prokus-map stats --boundaries "$shared/kbb_kecamatan.shp" --beneficiaries "$scratch/points_1m.csv"
    best_of "ours: stats, 100k points in 16 kecamatan (whole run)" \
      build/prokus-map stats --boundaries "$shared/kbb_kecamatan.shp" --beneficiaries "$scratch/points_100k.csv"
  else
    note "ours: stats verb not built yet (skipped)"
  fi
else
  note "build/prokus-map missing (skipped)"
fi
note ""

# ---- GDAL peers ----
note "== GDAL $(gdal-config --version 2>/dev/null) =="
best_of "gdal: ogr2ogr kbb_desa.shp -> GPKG in EPSG:32748 (load + project)" \
  ogr2ogr -overwrite -f GPKG "$scratch/desa_utm.gpkg" "$shared/kbb_desa.shp" -t_srs EPSG:32748 -nlt MULTIPOLYGON
best_of "gdal: gdal_rasterize kbb_desa.shp 3840x2160 (fill only, no anti-aliasing, no PNG)" \
  gdal_rasterize -q -burn 253 -burn 231 -burn 178 -ot Byte -ts 3840 2160 -of GTiff \
  -init 255 "$shared/kbb_desa.shp" "$scratch/gdal_rasterize.tif"
ogr2ogr -overwrite -f GPKG "$scratch/join_100k.gpkg" "$shared/kbb_kecamatan.shp" -nln kecamatan -nlt MULTIPOLYGON
ogr2ogr -update -gt 100000 -f GPKG "$scratch/join_100k.gpkg" "$scratch/points_100k.csv" -nln points \
  -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -a_srs EPSG:4326
if [[ "${BENCH_QUICK:-0}" == "1" ]]; then
  note "gdal: ogr2ogr -dialect sqlite count 100k points: skipped (BENCH_QUICK=1)"
else
  once "gdal: ogr2ogr -dialect sqlite, count 100k points in 16 kecamatan" \
    ogr2ogr -f CSV "$scratch/gdal_counts.csv" "$scratch/join_100k.gpkg" -dialect sqlite -sql \
    "SELECT k.code AS code, COUNT(p.id) AS n FROM kecamatan k LEFT JOIN points p ON ST_Intersects(k.geom, p.geom) GROUP BY k.code ORDER BY k.code"
  [[ -f "$scratch/gdal_counts.csv" ]] && cp "$scratch/gdal_counts.csv" "$results/gdal_counts_100k.csv"
fi
note ""

# ---- QGIS peers (Debian: apt-get install qgis python3-qgis qgis-providers) ----
note "== QGIS =="
if /usr/bin/python3 -c "import qgis.core" >/dev/null 2>&1; then
  log="$results/qgis_render.log"
  if QT_QPA_PLATFORM=offscreen /usr/bin/python3 bench/qgis_render.py --input "$shared/kbb_desa.shp" \
       --out "$scratch/qgis.png" --size 3840x2160 --repeat "$repeat" >"$log" 2>&1; then
    grep '^qgis_render' "$log" | sed 's/^/qgis: /' | tee -a "$summary"
  else
    note "qgis: qgis_render.py FAILED (see $log)"
  fi
  log="$results/qgis_render_labels.log"
  if QT_QPA_PLATFORM=offscreen /usr/bin/python3 bench/qgis_render.py --input "$shared/kbb_desa.shp" \
       --out "$scratch/qgis_labels.png" --size 3840x2160 --labels name --repeat "$repeat" >"$log" 2>&1; then
    grep '^qgis_render best' "$log" | sed 's/^/qgis (with labels): /' | tee -a "$summary"
  else
    note "qgis: qgis_render.py --labels FAILED (see $log)"
  fi
else
  note "qgis: PyQGIS not installed (skipped qgis_render.py)"
fi
if have qgis_process.bin; then
  # qgis_process.bin directly: Debian's qgis_process wrapper adds an option 3.22 rejects.
  once "qgis: qgis_process startup (list algorithms)" env QT_QPA_PLATFORM=offscreen qgis_process.bin list
  if [[ "${BENCH_QUICK:-0}" == "1" ]]; then
    note "qgis: native:countpointsinpolygon 1M points: skipped (BENCH_QUICK=1)"
  else
    # The CSV itself, through QGIS's delimited-text provider: CSV reading counts, as in our stats run.
    once "qgis: native:countpointsinpolygon, 1M points (CSV) in 16 kecamatan (whole qgis_process run)" \
      env QT_QPA_PLATFORM=offscreen qgis_process.bin run native:countpointsinpolygon \
      "--POLYGONS=$shared/kbb_kecamatan.shp" \
      "--POINTS=delimitedtext://file://$scratch/points_1m.csv?type=csv&xField=lon&yField=lat&crs=EPSG:4326&spatialIndex=no" \
      --FIELD=NUMPOINTS \
      "--OUTPUT=$scratch/qgis_counts.gpkg"
    # Kept to check our counts against (the same points and polygons).
    [[ ! -f "$scratch/qgis_counts.gpkg" ]] || ogr2ogr -f CSV "$results/qgis_counts_1m.csv" \
      "$scratch/qgis_counts.gpkg" -sql "SELECT code, NUMPOINTS FROM qgis_counts ORDER BY code"
  fi
else
  note "qgis: qgis_process.bin not installed (skipped)"
fi
note ""
note "Snapshots for a visual comparison are in $scratch (kept only with BENCH_KEEP=1)."
echo "Summary: $summary"
