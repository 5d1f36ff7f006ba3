#!/usr/bin/env bash
# A throw-away PostgreSQL 15 + PostGIS cluster for the tests (never a mock): initdb and pg_ctl in a
# temporary folder, on a free port, as the user `postgres` when run as root (initdb refuses root).
#
#   tools/pg_test_cluster.sh start STATE_DIR [--load-demo]
#   tools/pg_test_cluster.sh stop  STATE_DIR
#
# start writes into STATE_DIR (owned by the caller):
#   pg_service.conf  services `prokus_test` (Unix socket, trusted) and `prokus_test_tcp` (127.0.0.1,
#                    password from pgpass: the way an office connects to a shared server)
#   pgpass           the TCP password (0600)
#   env              PGSERVICEFILE, PGPASSFILE, PROKUS_PG_PORT, PROKUS_PG_SOCKET, PROKUS_PG_DATA, to source
# --load-demo loads geodata/ into schema kbb with ogr2ogr: kecamatan (polygons), beneficiaries and
# mentors (points, plus their lon/lat columns as text), kecamatan_pkh (no geometry).
# CTest runs start as a FIXTURES_SETUP test and stop as FIXTURES_CLEANUP (CMakeLists.txt).
set -euo pipefail

action="${1:-}"; state="${2:-}"
if [[ -z "$action" || -z "$state" ]]; then
  echo "usage: $0 start|stop STATE_DIR [--load-demo]" >&2; exit 2
fi
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pgbin="$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || true)"
if [[ -z "$pgbin" ]]; then
  echo "pg_test_cluster: PostgreSQL 15 is not installed (apt-get install postgresql-15-postgis-3)" >&2; exit 1
fi

as_owner=()
if [[ $(id -u) -eq 0 ]]; then as_owner=(runuser -u postgres --); fi

stop_cluster() {
  local data
  [[ -f "$state/env" ]] || return 0
  data="$(sed -n 's/^export PROKUS_PG_DATA=//p' "$state/env")"
  if [[ -n "$data" && -d "$data" ]]; then
    "${as_owner[@]}" "$pgbin/pg_ctl" -D "$data/db" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$data"
  fi
  rm -f "$state/env"
}

case "$action" in
  stop) stop_cluster; exit 0 ;;
  start) ;;
  *) echo "pg_test_cluster: unknown action $action" >&2; exit 2 ;;
esac

mkdir -p "$state"
state="$(cd "$state" && pwd)"
stop_cluster   # a cluster left by a killed run

data="$(mktemp -d /tmp/prokus-pg.XXXXXX)"
chmod 755 "$data"
if ((${#as_owner[@]})); then chown postgres: "$data"; fi
password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
printf '%s\n' "$password" > "$data/pwfile"
if ((${#as_owner[@]})); then chown postgres: "$data/pwfile"; fi
chmod 600 "$data/pwfile"

# Trust on the Unix socket (only this machine's users reach it), passwords over TCP.
"${as_owner[@]}" "$pgbin/initdb" -D "$data/db" -U prokus_admin --pwfile="$data/pwfile" \
  --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$data/initdb.log" 2>&1 || {
  cat "$data/initdb.log" >&2; exit 1; }
rm -f "$data/pwfile"

port=""
for _ in $(seq 1 20); do
  candidate=$((20000 + RANDOM % 40000))
  if "${as_owner[@]}" "$pgbin/pg_ctl" -D "$data/db" -l "$data/server.log" -w -t 30 \
       -o "-p $candidate -k $data -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" \
       start >/dev/null 2>&1; then
    port="$candidate"; break
  fi
done
if [[ -z "$port" ]]; then
  echo "pg_test_cluster: the server did not start; its log:" >&2; cat "$data/server.log" >&2; exit 1
fi

cat > "$state/pg_service.conf" <<EOF
[prokus_test]
host=$data
port=$port
user=prokus_admin
dbname=prokus_test

[prokus_test_tcp]
host=127.0.0.1
port=$port
user=prokus_admin
dbname=prokus_test
EOF
umask 077
printf '127.0.0.1:%s:*:prokus_admin:%s\n' "$port" "$password" > "$state/pgpass"
chmod 600 "$state/pgpass"
umask 022
cat > "$state/env" <<EOF
export PGSERVICEFILE=$state/pg_service.conf
export PGPASSFILE=$state/pgpass
export PROKUS_PG_PORT=$port
export PROKUS_PG_SOCKET=$data
export PROKUS_PG_DATA=$data
EOF

# shellcheck disable=SC1091
source "$state/env"
psql_admin=(psql -X -q -v ON_ERROR_STOP=1 "service=prokus_test dbname=postgres")
"${psql_admin[@]}" -c "CREATE DATABASE prokus_test"
psql -X -q -v ON_ERROR_STOP=1 "service=prokus_test" -c "CREATE EXTENSION postgis"

if [[ "${3:-}" == "--load-demo" ]]; then
  pg="PG:service=prokus_test"
  psql -X -q -v ON_ERROR_STOP=1 "service=prokus_test" -c "CREATE SCHEMA kbb"
  load() { ogr2ogr -f PostgreSQL "$pg" "$@" -lco SCHEMA=kbb -lco GEOMETRY_NAME=geom -lco FID=fid; }
  load "$repo/geodata/kbb_kecamatan_schematic.geojson" -nln kecamatan
  # Every CSV column kept as text, lon/lat too ("-7.041140" stays so, empty stays empty: the same
  # cells as the file), then the point geometry built in SQL from the rows whose lon/lat are numbers;
  # CLUSTER puts the rows the UPDATE moved back in CSV order.
  number="'^\\s*-?[0-9]+(\\.[0-9]+)?\\s*\$'"
  for list in beneficiaries:synthetic_kpm_beneficiaries mentors:synthetic_mentors; do
    table="kbb.${list%%:*}"
    load "$repo/geodata/${list#*:}.csv" -nln "${list%%:*}" -oo AUTODETECT_TYPE=NO -nlt NONE
    psql -X -q -v ON_ERROR_STOP=1 "service=prokus_test" -c "
      ALTER TABLE $table ADD COLUMN geom geometry(Point, 4326);
      UPDATE $table SET geom = ST_SetSRID(ST_MakePoint(lon::float8, lat::float8), 4326)
        WHERE lon ~ $number AND lat ~ $number;
      CREATE INDEX ON $table USING gist (geom);
      CLUSTER $table USING ${list%%:*}_pkey;
      ANALYZE $table;"
  done
  load "$repo/geodata/synthetic_kecamatan_pkh.csv" -nln kecamatan_pkh -nlt NONE
fi
echo "pg_test_cluster: PostgreSQL on port $port (socket $data), services in $state/pg_service.conf"
