#!/bin/sh
# Issue 3 speed comparison, in one run: our counting step and whole `stats` run (bench/aggregate_bench)
# against QGIS's native:countpointsinpolygon on the same 1,000,000 points in the 16 kecamatan, and
# against `ogr2ogr -dialect sqlite` (ST_Intersects, COUNT, GROUP BY) on the first 100,000 of them.
# Prints every figure and the ratios, and checks that the peers' counts equal ours.
#
#   bench/aggregate_peers.sh [BUILD_DIR] [WORK_DIR]     (build first: ninja -C build aggregate_bench prokus-map)
#   PROKUS_GEODATA=/path/to/shared/geodata overrides ../shared/geodata; SKIP_QGIS=1, SKIP_OGR=1 skip a peer.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build}
WORK=${2:-${TMPDIR:-/tmp}/prokus-aggregate-peers}
GEO=${PROKUS_GEODATA:-$ROOT/../shared/geodata}
POINTS=${POINTS:-1000000}
mkdir -p "$WORK"

now() { date +%s.%N; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "n/a" }'; }
val() { sed -n "s/^$1=//p" "$WORK/ours.txt"; }

echo "== ours (bench/aggregate_bench, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
"$BUILD/bench/aggregate_bench" --geodata "$GEO" --out "$WORK" --points "$POINTS" --binary "$BUILD/prokus-map" \
  | tee "$WORK/ours.txt"

# Peers read a GeoPackage made from the same CSV; making it is timed apart, not charged to them.
t0=$(now)
rm -f "$WORK/points_all.gpkg" "$WORK/peers_100k.gpkg"
ogr2ogr -f GPKG "$WORK/points_all.gpkg" "$WORK/points_all.csv" -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat \
  -a_srs EPSG:4326 -nln points
ogr2ogr -f GPKG "$WORK/peers_100k.gpkg" "$WORK/points_100k.csv" -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat \
  -a_srs EPSG:4326 -nln pts
ogr2ogr -update "$WORK/peers_100k.gpkg" "$GEO/kbb_kecamatan.shp" -nln kec -nlt MULTIPOLYGON
echo "prepare_gpkg_s=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')"

# Our per-kecamatan counts from the whole stats runs, as code,count.
cut -d, -f1,4 "$WORK/stats_kecamatan.csv" | tail -n +2 > "$WORK/ours_1m.txt"
cut -d, -f1,4 "$WORK/stats_kecamatan_100k.csv" | tail -n +2 > "$WORK/ours_100k.txt"

QGIS_S=""
if [ "${SKIP_QGIS:-0}" != 1 ]; then
  # Debian's /usr/bin/qgis_process wrapper adds --noversioncheck from /etc/default/qgis, which
  # qgis_process 3.22 rejects ("Command --noversioncheck not known!"); call the binary directly.
  if [ -x /usr/bin/qgis_process.bin ]; then QGIS=/usr/bin/qgis_process.bin
  elif command -v qgis_process >/dev/null 2>&1; then QGIS=qgis_process
  else QGIS=""; fi
  if [ -n "$QGIS" ]; then
    export QT_QPA_PLATFORM=offscreen
    export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$WORK/xdg-runtime}"
    mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
    echo "== QGIS $($QGIS --version 2>/dev/null | grep -i 'qgis' | head -1)"
    t0=$(now)
    $QGIS help native:countpointsinpolygon > /dev/null 2>&1 || true
    QGIS_START=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }')
    rm -f "$WORK/qgis_counts.gpkg"
    t0=$(now)
    $QGIS run native:countpointsinpolygon --POLYGONS="$GEO/kbb_kecamatan.shp" \
      "--POINTS=$WORK/points_all.gpkg|layername=points" --FIELD=NUMPOINTS --OUTPUT="$WORK/qgis_counts.gpkg" \
      > "$WORK/qgis.log" 2>&1
    QGIS_S=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }')
    echo "qgis_startup_s=$QGIS_START"
    echo "qgis_countpointsinpolygon_s=$QGIS_S"
    ogr2ogr -f CSV /vsistdout/ "$WORK/qgis_counts.gpkg" -sql "SELECT code, NUMPOINTS FROM qgis_counts ORDER BY code" \
      | tail -n +2 | tr -d '"' > "$WORK/qgis_1m.txt"
    if cmp -s "$WORK/qgis_1m.txt" "$WORK/ours_1m.txt"; then echo "qgis_counts_equal_ours=yes"
    else echo "qgis_counts_equal_ours=NO"; diff "$WORK/qgis_1m.txt" "$WORK/ours_1m.txt" || true; fi
  else
    echo "== QGIS: qgis_process not installed, skipped"
  fi
fi

OGR_S=""
if [ "${SKIP_OGR:-0}" != 1 ]; then
  echo "== $(ogr2ogr --version)"
  t0=$(now)
  ogr2ogr -f CSV /vsistdout/ "$WORK/peers_100k.gpkg" -dialect sqlite -sql \
    "SELECT k.code AS code, COUNT(p.fid) AS n FROM kec k LEFT JOIN pts p ON ST_Intersects(k.geom, p.geom) GROUP BY k.code ORDER BY k.code" \
    | tail -n +2 | tr -d '"' > "$WORK/ogr_100k.txt"
  OGR_S=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }')
  echo "ogr2ogr_sqlite_100k_s=$OGR_S"
  if cmp -s "$WORK/ogr_100k.txt" "$WORK/ours_100k.txt"; then echo "ogr_counts_equal_ours=yes"
  else echo "ogr_counts_equal_ours=NO"; diff "$WORK/ogr_100k.txt" "$WORK/ours_100k.txt" || true; fi
fi

echo
echo "== summary ($POINTS points in the regency's bounding box, $(val inside_kecamatan) inside it)"
printf '%-62s %10s\n' "what" "seconds"
printf '%-62s %10s\n' "ours: counting step, 1M points into 166 desa + 16 kecamatan" "$(val count_both_s)"
printf '%-62s %10s\n' "ours: counting step, same, 1 thread" "$(val count_both_1thread_s)"
printf '%-62s %10s\n' "ours: counting step, 1M points into 16 kecamatan" "$(val count_kecamatan_s)"
printf '%-62s %10s\n' "ours: whole 'prokus-map stats', 1M-row CSV, 16 kecamatan" "$(val stats_run_kecamatan_s)"
printf '%-62s %10s\n' "ours: whole 'prokus-map stats', 1M-row CSV, 166 desa" "$(val stats_run_desa_s)"
printf '%-62s %10s\n' "ours: counting step, 100k points into 16 kecamatan" "$(val count_kecamatan_100k_s)"
printf '%-62s %10s\n' "ours: whole 'prokus-map stats', 100k-row CSV, 16 kecamatan" "$(val stats_run_kecamatan_100k_s)"
if [ -n "$QGIS_S" ]; then
  printf '%-62s %10s\n' "QGIS native:countpointsinpolygon, 1M points (GPKG), whole run" "$QGIS_S"
  echo "  ratio QGIS / our whole stats run (1M, kecamatan):  $(ratio "$QGIS_S" "$(val stats_run_kecamatan_s)")x"
  echo "  ratio QGIS / our counting step (1M, kecamatan):    $(ratio "$QGIS_S" "$(val count_kecamatan_s)")x"
  echo "  ratio (QGIS - its startup) / our counting step:    $(ratio "$(awk -v a="$QGIS_S" -v b="$QGIS_START" 'BEGIN{print a-b}')" "$(val count_kecamatan_s)")x"
fi
if [ -n "$OGR_S" ]; then
  printf '%-62s %10s\n' "ogr2ogr -dialect sqlite ST_Intersects count, 100k points" "$OGR_S"
  echo "  ratio ogr2ogr / our whole stats run (100k):        $(ratio "$OGR_S" "$(val stats_run_kecamatan_100k_s)")x"
  echo "  ratio ogr2ogr / our counting step (100k):          $(ratio "$OGR_S" "$(val count_kecamatan_100k_s)")x"
fi
echo "goal: counting step into desa + kecamatan under 0.5 s on 2 cores: $(awk -v s="$(val count_both_s)" 'BEGIN { print (s < 0.5 ? "met" : "NOT met") }')"
