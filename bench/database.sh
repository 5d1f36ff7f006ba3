#!/usr/bin/env bash
# Stats on 10M points in the national kecamatan with the data in PostGIS (issue 13): load (COPY) and
# GiST index timed separately, the PostGIS query alone as the peer, the push-down query with our border
# rule, the time to get the rows out, `stats` on the same rows from CSV, and `stats` from the database.
# A throw-away cluster (tools/pg_test_cluster.sh) in the data folder; stopped at the end.
#
#   bench/database.sh [BUILD_DIR]       (build prokus-map and make_national first)
# Environment: DB_BENCH_DIR (data, default /tmp/prokus-dbbench-$USER), POINTS (default 10000000),
#   REPEAT (default 1 for the heavy steps; the machine's cores are shared), SKIP_PEERS=1 (no PostGIS-only
#   counts, push-down query or rows-out timings), ENGINES (default "database local").
# Results: bench/results/database-<date-time>/summary.txt
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
build="${1:-build}"
data="${DB_BENCH_DIR:-/tmp/prokus-dbbench-${USER:-$(id -un)}}"
points="${POINTS:-10000000}"
repeat="${REPEAT:-1}"
results="bench/results/database-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$results" "$data"
summary="$results/summary.txt"
note() { echo "$*" | tee -a "$summary"; }
[[ -x "$build/prokus-map" && -x "$build/bench/make_national" ]] || {
  echo "bench/database.sh: $build/prokus-map or $build/bench/make_national missing (build first)" >&2; exit 2; }

kec="$data/national_kecamatan.gpkg" csv="$data/points_$points.csv"
[[ -f "$kec" && -f "$csv" ]] || "$build/bench/make_national" "$data" --points "$points" | tee -a "$summary"

state="$data/pg"
tools/pg_test_cluster.sh start "$state" >/dev/null
trap 'tools/pg_test_cluster.sh stop "$state"' EXIT
# shellcheck disable=SC1091
source "$state/env"
db="service=prokus_test"
sql() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$db" -c "$1"; }

note "database benchmark, $(date -Iseconds); $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
note "PostgreSQL $(sql 'SHOW server_version'), PostGIS $(sql 'SELECT postgis_lib_version()'); $points points"

# measure LABEL COMMAND...: best wall time of $repeat runs, with that run's peak RSS (of our process:
# for psql that is the client, the server's memory is not in it).
measure() {
  local label="$1"; shift
  local log="$results/$(echo "$label" | tr -cs 'A-Za-z0-9.-' '_' | cut -c1-70).log"
  local best="" bestMem="" bestUser="" wall mem user
  for ((i = 1; i <= repeat; i++)); do
    if ! /usr/bin/time -f "TIME %e %M %U" -o "$log.time" "$@" >"$log" 2>&1; then
      note "$(printf '%-66s FAILED (%s)' "$label" "$(tail -n 1 "$log")")"; return 0
    fi
    read -r _ wall mem user < "$log.time"
    if [[ -z "$best" ]] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then
      best="$wall"; bestMem="$mem"; bestUser="$user"
    fi
  done
  note "$(printf '%-66s %7.2f s  %6d MiB  (user %.2f s)' "$label" "$best" "$((bestMem / 1024))" "$bestUser")"
}

sql "CREATE SCHEMA bench"
measure "load: ogr2ogr national kecamatan (with its GiST index)" \
  ogr2ogr -f PostgreSQL "PG:$db" "$kec" -nln bench.kecamatan -lco GEOMETRY_NAME=geom -lco FID=fid \
  -nlt PROMOTE_TO_MULTI
# The point is made while COPY reads (a stored generated column): no second pass over 10M rows.
sql "CREATE TABLE bench.points (fid bigserial PRIMARY KEY, id text, lon double precision, lat double precision,
     geom geometry(Point, 4326) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED)"
measure "load: COPY $points points (geometry built on the way in)" \
  psql -X -q -v ON_ERROR_STOP=1 "$db" -c "\\copy bench.points (id, lon, lat) FROM '$csv' WITH (FORMAT csv, HEADER true)"
measure "index: CREATE INDEX ... USING gist (geom) on the points" \
  psql -X -q -v ON_ERROR_STOP=1 "$db" -c "CREATE INDEX points_geom ON bench.points USING gist (geom)"
sql "ANALYZE bench.points; ANALYZE bench.kecamatan" >/dev/null

if [[ "${SKIP_PEERS:-0}" != 1 ]]; then
note ""
# The peer: PostGIS alone, the plain count (no border rule: a point on a shared edge counts in both),
# in its two usual forms. The JOIN lets the planner run points outer / polygons inner (every test then
# meets a new polygon); the per-polygon LATERAL form keeps each polygon for all its points.
measure "peer: PostGIS count per kecamatan, ST_Covers JOIN (psql)" \
  psql -X -q -v ON_ERROR_STOP=1 "$db" -o /dev/null -c \
  "SELECT k.fid, count(p.fid) FROM bench.kecamatan k JOIN bench.points p ON ST_Covers(k.geom, p.geom) GROUP BY k.fid"
measure "peer: PostGIS count per kecamatan, LATERAL per polygon (psql)" \
  psql -X -q -v ON_ERROR_STOP=1 "$db" -o /dev/null -c \
  "SELECT k.fid, c.n FROM bench.kecamatan k CROSS JOIN LATERAL
     (SELECT count(*) AS n FROM bench.points p WHERE ST_Covers(k.geom, p.geom)) c"
# Our push-down rule (src/core/database_engine.cpp): per polygon (outer row), its points (inner index
# scan) that are covered together with the four corners of a 1e-6 degree box around them (one
# MultiPoint, one ST_Covers); the rest (near a border, outside) is sent back and placed by our own
# half-open rule, so both engines give the same counts.
pushdown="SET jit = off; SET work_mem = '256MB'; SELECT k.fid, count(*) FROM bench.kecamatan k CROSS JOIN LATERAL
     (SELECT 1 FROM bench.points p WHERE p.geom @ k.geom AND ST_Covers(k.geom, ST_Collect(ARRAY[p.geom,
       ST_Translate(p.geom, 1e-6, 1e-6), ST_Translate(p.geom, -1e-6, 1e-6), ST_Translate(p.geom, 1e-6, -1e-6),
       ST_Translate(p.geom, -1e-6, -1e-6)])) OFFSET 0) p GROUP BY k.fid"
measure "push-down: counts of points well inside one kecamatan (psql)" \
  psql -X -q -A -t -v ON_ERROR_STOP=1 "$db" -o "$results/pushdown_counts.txt" -c "$pushdown"
note "push-down: points sent back to place locally (near a border, outside): $(awk -F'|' -v n="$points" \
  '{ n -= $2 } END { print n }' "$results/pushdown_counts.txt")"
measure "rows out: COPY (SELECT id, lon, lat) TO client, discarded" \
  psql -X -q -v ON_ERROR_STOP=1 "$db" -c "\\copy (SELECT id, lon, lat FROM bench.points) TO '/dev/null' WITH (FORMAT csv)"
measure "rows out: ogr2ogr (GDAL's PG driver, cursor) to CSV" \
  sh -c "rm -f '$data/out_rows.csv' && ogr2ogr -f CSV '$data/out_rows.csv' 'PG:$db tables=bench.points' -select id,lon,lat"
fi

note ""
export PROKUS_LAYER_CACHE_DIR="$data/layer-cache"
"$build/prokus-map" stats --boundaries "$kec" --beneficiaries "$data/points_1.csv" >/dev/null 2>&1 ||
  { head -n 2 "$csv" > "$data/points_1.csv"; "$build/prokus-map" stats --boundaries "$kec" \
      --beneficiaries "$data/points_1.csv" >/dev/null 2>&1 || true; }  # fills the layer cache
measure "ours: stats, $points points from CSV (layer cache warm)" \
  sh -c "'$build/prokus-map' stats --boundaries '$kec' --beneficiaries '$csv' > '$data/out_csv.csv'"
engines="${ENGINES:-database local}"
for engine in $engines; do
  measure "ours: stats --engine $engine, $points points in PostGIS" \
    sh -c "'$build/prokus-map' stats --engine $engine --boundaries 'PG:$db tables=bench.kecamatan' \
      --beneficiaries 'PG:$db tables=bench.points' > '$data/out_$engine.csv'"
done
for engine in $engines; do
  note "table from --engine $engine identical to the CSV run's: $(cmp -s "$data/out_csv.csv" "$data/out_$engine.csv" && echo yes || echo NO)"
done
note "results: $summary"
