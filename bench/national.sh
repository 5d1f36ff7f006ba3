#!/usr/bin/env bash
# National-scale benchmark (issue 12), ours side by side with QGIS and GDAL in one run, on the synthetic
# national set of bench/make_national (7,654 kecamatan / 7.3M vertices, 82,468 desa / 15.7M vertices,
# 10M points). Prints one line per step: best wall time of $REPEAT runs and that run's peak memory.
#
#   bench/national.sh [BUILD_DIR]      (build first: cmake --build build)
# Environment: NATIONAL_DIR (data folder, default /tmp/prokus-national; generated when missing, ~20 s),
#   REPEAT (default 3), SKIP_QGIS=1, SKIP_GDAL_COUNT=1 (the ogr2ogr SQLite count of 1M points is slow),
#   SKIP_10M=1, PROKUS_SHARED_GEODATA (for the 1M-row KBB run; default ../shared/geodata).
# Results: bench/results/national-<date-time>/summary.txt, with the logs and the counts compared.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
build="${1:-build}"
data="${NATIONAL_DIR:-/tmp/prokus-national}"
repeat="${REPEAT:-3}"
shared="${PROKUS_SHARED_GEODATA:-../shared/geodata}"
results="bench/results/national-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$results" "$data/out"
summary="$results/summary.txt"
note() { echo "$*" | tee -a "$summary"; }

[[ -x "$build/prokus-map" && -x "$build/bench/make_national" ]] || {
  echo "bench/national.sh: $build/prokus-map or $build/bench/make_national missing (build first)" >&2
  exit 2
}
kec="$data/national_kecamatan.gpkg" desa="$data/national_desa.gpkg"
points10m="$data/points_10000000.csv" points1m="$data/points_1m.csv" point1="$data/points_1.csv"
if [[ ! -f "$kec" || ! -f "$desa" || ! -f "$points10m" ]]; then
  "$build/bench/make_national" "$data" --points 10000000 | tee -a "$summary"
fi
[[ -f "$points1m" ]] || head -n 1000001 "$points10m" > "$points1m"
# One point on land (every odd id is drawn around a desa): `stats` then times the load and little else.
[[ -f "$point1" ]] || sed -n '1p;3p' "$points10m" > "$point1"
# The same 10M points with their ids shuffled (a fixed permutation): the generator writes ids in order,
# which lets the repeat check skip its hash table (src/core/programme_data.cpp, DuplicateIds).
points10mShuffled="$data/points_10000000_shuffled_ids.csv"
if [[ ! -f "$points10mShuffled" && "${SKIP_10M:-0}" != 1 ]]; then
  shuf -i 1-10000000 --random-source=<(yes) > "$data/shuffled_ids.txt"
  { echo "id,lon,lat"; tail -n +2 "$points10m" | cut -d, -f2- | paste -d, "$data/shuffled_ids.txt" -; } > "$points10mShuffled"
  rm -f "$data/shuffled_ids.txt"
fi
kbb1m="$data/kbb_points_1m.csv"
[[ -f "$kbb1m" ]] || python3 bench/make_points.py 1000000 "$kbb1m" --points "$shared/kbb_desa_points.csv"

note "national benchmark, $(date -Iseconds); $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
note "GDAL $(gdal-config --version); QGIS: $( (QT_QPA_PLATFORM=offscreen qgis_process.bin --version 2>/dev/null | grep -m1 -i '^qgis') || echo 'not installed')"
note "data: $data"

# measure LABEL COMMAND...: best wall time of $repeat runs (whole process), with that run's peak RSS.
measure() {
  local label="$1"; shift
  local log="$results/$(echo "$label" | tr -cs 'A-Za-z0-9.-' '_' | cut -c1-70).log"
  local best="" bestMem="" line
  for ((i = 1; i <= repeat; i++)); do
    if ! /usr/bin/time -f "TIME %e %M %U" -o "$log.time" "$@" >"$log" 2>&1; then
      note "$label: FAILED (see $log)"; return 0
    fi
    read -r _ wall mem user < "$log.time"
    if [[ -z "$best" ]] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then
      best="$wall"; bestMem="$mem"; bestUser="$user"
    fi
  done
  note "$(printf '%-72s %7.2f s  %6d MiB  (user %.2f s)' "$label" "$best" "$((bestMem / 1024))" "$bestUser")"
}

note ""
note "== prokus-map =="
# Cold: the layer cache off (every run reads, projects and checks the file); warm: the second open of the
# same file, and the same view, reads the cache (src/core/layer_cache), as a planner's daily use does:
# the layer, its topology, the level of detail drawn and the point-in-polygon index. "Warm, new scale"
# draws at a scale not drawn before: its level is built from the cached topology and stored (one run,
# as a second would read it). The cache for this run lives in the data folder.
export PROKUS_LAYER_CACHE_DIR="$data/layer-cache"
rm -rf "$PROKUS_LAYER_CACHE_DIR"
for mode in cold warm; do
  if [[ "$mode" == cold ]]; then export PROKUS_LAYER_CACHE=0; else unset PROKUS_LAYER_CACHE; fi
  if [[ "$mode" == warm ]]; then  # fill the cache once
    "$build/prokus-map" stats --boundaries "$kec" --beneficiaries "$point1" >/dev/null 2>&1 || true
    for layer in "$kec" "$desa"; do
      "$build/prokus-map" render "$layer" -o "$data/out/prime.png" --size 3840x2160 --plain >/dev/null 2>&1 || true
    done
    sync  # the cache just written reaches the disk now, not during the next timing
    repeat_saved=$repeat; repeat=1
    measure "ours (warm, new scale): render 1920x1080 --plain, national kecamatan" \
      "$build/prokus-map" render "$kec" -o "$data/out/ours_kec_1920.png" --size 1920x1080 --plain
    measure "ours (warm, new scale): render 1920x1080 --plain, national desa" \
      "$build/prokus-map" render "$desa" -o "$data/out/ours_desa_1920.png" --size 1920x1080 --plain
    repeat=$repeat_saved
  fi
  measure "ours ($mode): render 3840x2160 --plain, national kecamatan" \
    "$build/prokus-map" render "$kec" -o "$data/out/ours_kec.png" --size 3840x2160 --plain
  measure "ours ($mode): render 3840x2160 --plain, national desa" \
    "$build/prokus-map" render "$desa" -o "$data/out/ours_desa.png" --size 3840x2160 --plain
  measure "ours ($mode): stats, 1 point in national kecamatan (load ready for stats)" \
    "$build/prokus-map" stats --boundaries "$kec" --beneficiaries "$point1"
  measure "ours ($mode): stats, 1M points in national kecamatan" \
    sh -c "'$build/prokus-map' stats --boundaries '$kec' --beneficiaries '$points1m' > '$data/out/ours_1m.csv'"
  [[ "${SKIP_10M:-0}" == 1 ]] || measure "ours ($mode): stats, 10M points in national kecamatan" \
    "$build/prokus-map" stats --boundaries "$kec" --beneficiaries "$points10m"
  [[ "${SKIP_10M:-0}" == 1 || "$mode" == cold ]] || measure "ours ($mode): stats, 10M points, ids shuffled" \
    "$build/prokus-map" stats --boundaries "$kec" --beneficiaries "$points10mShuffled"
done
unset PROKUS_LAYER_CACHE
measure "ours: stats, 1M points in the 16 KBB kecamatan" \
  "$build/prokus-map" stats --boundaries "$shared/kbb_kecamatan.shp" --beneficiaries "$kbb1m"
crs=$(cat "$results"/ours_*render_*national_kecamatan*.log 2>/dev/null | grep -o 'EPSG:[0-9]*' | head -1 || true)
note "our map CRS: ${crs:-?}"

note ""
note "== GDAL =="
measure "gdal: ogr2ogr national kecamatan to memory (load)" ogr2ogr -f Memory "" "$kec"
measure "gdal: gdal_rasterize 3840x2160 national kecamatan (fill only)" \
  gdal_rasterize -q -burn 253 -burn 231 -burn 178 -ot Byte -ts 3840 2160 -init 255 "$kec" "$data/out/gdal_kec.tif"
measure "gdal: gdal_rasterize 3840x2160 national desa (fill only)" \
  gdal_rasterize -q -burn 253 -burn 231 -burn 178 -ot Byte -ts 3840 2160 -init 255 "$desa" "$data/out/gdal_desa.tif"
# Counts checked against GDAL's (the same points, SQLite's ST_Intersects with the GeoPackage's R-tree).
cut -d, -f1,4 "$data/out/ours_1m.csv" | tail -n +2 | sort > "$results/ours_counts_1m.txt"
if [[ "${SKIP_GDAL_COUNT:-0}" != 1 ]]; then
  rm -f "$data/join.gpkg"
  ogr2ogr -f GPKG "$data/join.gpkg" "$kec" -nln kec
  ogr2ogr -update -gt 200000 -f GPKG "$data/join.gpkg" "$points1m" -nln pts -oo X_POSSIBLE_NAMES=lon \
    -oo Y_POSSIBLE_NAMES=lat -a_srs EPSG:4326
  repeat_saved=$repeat; repeat=1
  measure "gdal: ogr2ogr -dialect sqlite count 1M points in national kecamatan" \
    ogr2ogr -f CSV "$data/out/gdal_counts.csv" "$data/join.gpkg" -dialect sqlite -sql \
    "SELECT k.district_code AS code, COUNT(p.fid) AS n FROM kec k LEFT JOIN pts p ON ST_Intersects(k.geom, p.geom) AND p.ROWID IN (SELECT id FROM rtree_pts_geom WHERE minx <= MbrMaxX(k.geom) AND maxx >= MbrMinX(k.geom) AND miny <= MbrMaxY(k.geom) AND maxy >= MbrMinY(k.geom)) GROUP BY k.district_code"
  repeat=$repeat_saved
  tail -n +2 "$data/out/gdal_counts.csv" | tr -d '"' | sort > "$results/gdal_counts_1m.txt"
  if cmp -s "$results/gdal_counts_1m.txt" "$results/ours_counts_1m.txt"; then note "gdal counts equal ours: yes ($(wc -l < "$results/ours_counts_1m.txt") kecamatan)"
  else note "gdal counts equal ours: NO (diff $results/gdal_counts_1m.txt $results/ours_counts_1m.txt)"; fi
fi

if [[ "${SKIP_QGIS:-0}" != 1 ]] && /usr/bin/python3 -c "import qgis.core" >/dev/null 2>&1; then
  note ""
  note "== QGIS =="
  export QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$data/xdg}"
  mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
  for layer in kecamatan desa; do
    file="$data/national_$layer.gpkg"
    measure "qgis: render 3840x2160 national $layer (PyQGIS parallel job, whole process)" \
      /usr/bin/python3 bench/qgis_render.py --input "$file" --out "$data/out/qgis_$layer.png" --crs "${crs:-EPSG:3395}" --repeat 1
  done
  # QGIS reads the points from a GeoPackage made from the same CSV (its delimited-text provider re-reads
  # the file for every polygon's request: 1M points in 7,654 kecamatan ran for over 20 minutes). Making
  # the GeoPackage is timed apart and not charged to QGIS, so QGIS's figure leaves out reading the CSV.
  for n in 1m 10000000; do
    [[ "$n" == 10000000 && "${SKIP_10M:-0}" == 1 ]] && continue
    csv="$data/points_$n.csv" gpkg="$data/points_$n.gpkg"
    [[ -f "$gpkg" ]] || { repeat_saved=$repeat; repeat=1
      measure "gdal: ogr2ogr $n points CSV -> GeoPackage with spatial index (for QGIS, not charged)" \
        ogr2ogr -f GPKG "$gpkg" "$csv" -nln points -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -a_srs EPSG:4326 -gt 200000
      repeat=$repeat_saved; }
    measure "qgis: native:countpointsinpolygon $n points (GeoPackage) in national kecamatan" \
      qgis_process.bin run native:countpointsinpolygon "--POLYGONS=$kec" "--POINTS=$gpkg|layername=points" \
      --FIELD=NUMPOINTS "--OUTPUT=$data/out/qgis_counts_$n.gpkg"
  done
  ogr2ogr -f CSV /vsistdout/ "$data/out/qgis_counts_1m.gpkg" -sql "SELECT district_code, NUMPOINTS FROM qgis_counts_1m" \
    | tail -n +2 | tr -d '"' | sort > "$results/qgis_counts_1m.txt" || true
  if cmp -s "$results/qgis_counts_1m.txt" "$results/ours_counts_1m.txt"; then note "qgis counts equal ours: yes"
  else note "qgis counts equal ours: NO (diff $results/qgis_counts_1m.txt $results/ours_counts_1m.txt)"; fi
fi
echo "Summary: $summary"
