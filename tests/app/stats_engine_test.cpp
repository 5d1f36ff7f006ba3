// `stats --engine database|local`: the push-down count in PostGIS and the rows streamed out give the
// same table, byte for byte, as the same points read from a CSV file; points on shared borders (edge
// midpoints, shared vertices) and outer borders included. A connection lost mid-query and a wrong use
// of the engine give exit 2 with one line.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <future>
#include <string>
#include <thread>

#include <unistd.h>

#include "pg_test_support.h"
#include "test_support.h"

using namespace pk::test;

namespace {

const std::string kBoundaries = "PG:service=prokus_test tables=kbb.kecamatan";
const std::string kPoints = "PG:service=prokus_test tables=engine.points";

CommandResult statsStdout(const std::string& args, const std::string& stderrFile) {
  usePgTestDatabase();
  return runCommand("(" + quote(PROKUS_BINARY) + " stats " + args + " 2>" + quote(stderrFile) + ")");
}

std::string tempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("prokus_engine_" + std::to_string(getpid()) + "_" + name)).string();
}

// 100,000 points: every vertex of kbb.kecamatan (shared vertices, outer border corners), every edge
// midpoint (on shared and outer borders), the rest spread over the extent and a little beyond it,
// with business types, statuses and cohorts; written to CSV and loaded into engine.points with COPY.
std::string makePoints() {
  REQUIRE(runPgSql("DROP SCHEMA IF EXISTS engine CASCADE; CREATE SCHEMA engine").exitCode == 0);
  const std::string csv = tempPath("points.csv");
  const std::string select =
      "WITH e AS (SELECT ST_Extent(geom) AS b FROM kbb.kecamatan), "
      "border AS (SELECT (ST_DumpPoints(geom)).geom AS g FROM kbb.kecamatan UNION ALL "
      "  SELECT ST_LineInterpolatePoint((ST_DumpSegments(geom)).geom, 0.5) FROM kbb.kecamatan), "
      "spread AS (SELECT ST_MakePoint(ST_XMin(b) - 0.02 + (ST_XMax(b) - ST_XMin(b) + 0.04) * random(), "
      "  ST_YMin(b) - 0.02 + (ST_YMax(b) - ST_YMin(b) + 0.04) * random()) AS g "
      "  FROM e, generate_series(1, 100000 - (SELECT count(*) FROM border))), "
      "pts AS (SELECT g FROM border UNION ALL SELECT g FROM spread) "
      "SELECT 'KPM-' || row_number() OVER () AS id_kpm, ST_X(g)::text AS lon, ST_Y(g)::text AS lat, "
      "(ARRAY['warung sembako','jasa cukur','minuman','Kerajinan bambu',''])[1 + (random() * 4)::int] AS jenis_usaha, "
      "(ARRAY['aktif','berkembang','pindah','berhenti'])[1 + (random() * 3)::int] AS status, "
      "(2019 + (random() * 3)::int)::text AS tahun FROM pts";
  const CommandResult out = runPgSql("SELECT setseed(0.13); COPY (" + select + ") TO STDOUT WITH (FORMAT csv, HEADER true)");
  REQUIRE(out.exitCode == 0);
  // runPgSql prints setseed's empty row first.
  writeText(csv, out.output.substr(out.output.find("id_kpm")));
  usePgTestDatabase();
  const CommandResult load = runCommand(
      "psql -X -q -v ON_ERROR_STOP=1 service=prokus_test -c " +
      quote("CREATE TABLE engine.points (fid serial PRIMARY KEY, id_kpm text, lon text, lat text, jenis_usaha text, "
            "status text, tahun text)") +
      " -c " + quote("\\copy engine.points (id_kpm, lon, lat, jenis_usaha, status, tahun) FROM '" + csv + "' CSV HEADER") +
      " -c " + quote("ALTER TABLE engine.points ADD COLUMN geom geometry(Point, 4326); "
                     "UPDATE engine.points SET geom = ST_SetSRID(ST_MakePoint(lon::float8, lat::float8), 4326); "
                     "CREATE INDEX ON engine.points USING gist (geom); ANALYZE engine.points"));
  REQUIRE_MESSAGE(load.exitCode == 0, load.output);
  return csv;
}

}  // namespace

TEST_CASE("--engine database and --engine local give the CSV file's table byte for byte, border points included") {
  const std::string csv = makePoints();
  REQUIRE(runPgSql("SELECT count(*) FROM engine.points").output.rfind("100000", 0) == 0);
  const std::string log = tempPath("stderr.txt");
  const CommandResult fromFile = statsStdout("--boundaries " + quote(kBoundaries) + " --beneficiaries " + quote(csv), log);
  REQUIRE_MESSAGE(fromFile.exitCode == 0, readText(log));
  const CommandResult database = statsStdout(
      "--engine database --boundaries " + quote(kBoundaries) + " --beneficiaries " + quote(kPoints), log);
  REQUIRE_MESSAGE(database.exitCode == 0, readText(log));
  const std::string databaseLog = readText(log);
  CHECK(databaseLog.find("engine: database (asked for)") != std::string::npos);
  const CommandResult local = statsStdout(
      "--engine local --boundaries " + quote(kBoundaries) + " --beneficiaries " + quote(kPoints), log);
  REQUIRE_MESSAGE(local.exitCode == 0, readText(log));
  CHECK(readText(log).find("engine: local (asked for)") != std::string::npos);
  CHECK(database.output == fromFile.output);
  CHECK(local.output == fromFile.output);
  // The same summary of rows too (100,000 read; those outside every polygon unplaced).
  const std::string summaryLine = databaseLog.substr(databaseLog.find("100000 rows read"));
  CHECK(readText(log).find(summaryLine.substr(0, summaryLine.find('\n'))) != std::string::npos);
  // Many points lie on borders: the engines agree there, not only inside.
  const CommandResult onBorder = runPgSql(
      "SELECT count(*) FROM engine.points p JOIN kbb.kecamatan k ON ST_Intersects(ST_Boundary(k.geom), p.geom)");
  CHECK(std::stoi(onBorder.output) > 400);
  // auto streams the rows (the faster engine at every size measured) and says so.
  const CommandResult automatic = statsStdout("--boundaries " + quote(kBoundaries) + " --beneficiaries " + quote(kPoints), log);
  CHECK(automatic.exitCode == 0);
  CHECK(readText(log).find("engine: local (faster at every size measured") != std::string::npos);
  CHECK(automatic.output == fromFile.output);
  std::filesystem::remove(csv);
  std::filesystem::remove(log);
}

TEST_CASE("--engine database with a CSV list, or tables of different databases, is exit 2 with one line") {
  usePgTestDatabase();
  const std::string csv = (sourceDir() / "geodata/synthetic_kpm_beneficiaries.csv").string();
  const CommandResult file = runCommand("(" + quote(PROKUS_BINARY) + " stats --engine database --boundaries " +
                                        quote(kBoundaries) + " --beneficiaries " + quote(csv) + " 2>&1 >/dev/null)");
  CHECK(file.exitCode == 2);
  CHECK(file.output == "prokus-map stats: synthetic_kpm_beneficiaries.csv"
                           ": --engine database cannot be used: the beneficiary list is a file, not a database table\n");
  const CommandResult other = runCommand(
      "(" + quote(PROKUS_BINARY) + " stats --engine database --boundaries " + quote(kBoundaries) + " --beneficiaries " +
      quote("PG:service=prokus_test_tcp tables=kbb.beneficiaries") + " 2>&1 >/dev/null)");
  CHECK(other.exitCode == 2);
  CHECK(other.output.find("in different databases") != std::string::npos);
  const CommandResult bad = runCommand("(" + quote(PROKUS_BINARY) + " stats --engine gpu --boundaries " +
                                       quote(kBoundaries) + " --beneficiaries " + quote(csv) + " 2>&1 >/dev/null)");
  CHECK(bad.exitCode == 2);
  CHECK(bad.output == "prokus-map stats: --engine takes database, local or auto, not 'gpu'\n");
}

TEST_CASE("a connection killed mid-query is exit 2 with one line, and no output table is left") {
  // A list whose rows come slowly (a view calling pg_sleep), so the read is still running when the
  // server side of the connection is terminated from another session.
  REQUIRE(runPgSql("DROP SCHEMA IF EXISTS slow CASCADE; CREATE SCHEMA slow; "
                   "CREATE FUNCTION slow.wait(i int) RETURNS int VOLATILE LANGUAGE sql AS 'SELECT pg_sleep(0.02); SELECT i'; "
                   "CREATE VIEW slow.points AS "
                   "SELECT b.* FROM kbb.beneficiaries b WHERE slow.wait(b.fid) > 0")
              .exitCode == 0);
  usePgTestDatabase();
  const std::string log = tempPath("killed.txt");
  auto run = std::async(std::launch::async, [&] {
    return runCommand("(" + quote(PROKUS_BINARY) + " stats --engine local --boundaries " + quote(kBoundaries) +
                      " --beneficiaries " + quote("PG:service=prokus_test tables=slow.points") +
                      " --out PG:service=prokus_test --out-table slow.result 2>" + quote(log) + ")");
  });
  bool terminated = false;
  for (int i = 0; i < 200 && !terminated; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const CommandResult kill = runPgSql(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
        "AND wait_event = 'PgSleep'");
    terminated = kill.exitCode == 0 && kill.output.rfind("1", 0) == 0;
  }
  REQUIRE(terminated);
  const CommandResult result = run.get();
  CHECK(result.exitCode == 2);
  const std::string message = readText(log);
  // The engine line, then the one error line.
  CHECK(message.rfind("engine: local (asked for)\n", 0) == 0);
  const std::string error = message.substr(message.find('\n') + 1);
  CHECK(error.rfind("prokus-map stats: PG:service=prokus_test tables=slow.points: cannot be read: the connection to "
                    "the database server was lost", 0) == 0);
  CHECK(std::count(error.begin(), error.end(), '\n') == 1);
  CHECK(result.output.empty());
  CHECK(runPgSql("SELECT to_regclass('slow.result') IS NULL").output.rfind("t", 0) == 0);
  std::filesystem::remove(log);
}

TEST_CASE("overlapping boundary polygons: --engine database falls back to the local engine, says why, same table") {
  // The demo kecamatan with the one holding most beneficiaries repeated under a new key: its points lie
  // well inside two polygons, which one push-down count per polygon would count twice.
  REQUIRE(runPgSql("DROP SCHEMA IF EXISTS overlap CASCADE; CREATE SCHEMA overlap; "
                   "CREATE TABLE overlap.kecamatan (LIKE kbb.kecamatan INCLUDING INDEXES); "
                   "INSERT INTO overlap.kecamatan SELECT * FROM kbb.kecamatan; "
                   "INSERT INTO overlap.kecamatan SELECT (jsonb_populate_record(k, jsonb_build_object('fid', "
                   "(SELECT max(fid) + 1 FROM kbb.kecamatan)))).* FROM kbb.kecamatan k ORDER BY "
                   "(SELECT count(*) FROM kbb.beneficiaries b WHERE ST_Covers(k.geom, b.geom)) DESC LIMIT 1; "
                   "ANALYZE overlap.kecamatan")
              .exitCode == 0);
  const std::string boundaries = "PG:service=prokus_test tables=overlap.kecamatan";
  const std::string csv = (sourceDir() / "geodata/synthetic_kpm_beneficiaries.csv").string();
  const std::string log = tempPath("overlap.txt");
  const CommandResult fromFile = statsStdout("--boundaries " + quote(boundaries) + " --beneficiaries " + quote(csv), log);
  REQUIRE_MESSAGE(fromFile.exitCode == 0, readText(log));
  const CommandResult database =
      statsStdout("--engine database --boundaries " + quote(boundaries) + " --beneficiaries " +
                      quote("PG:service=prokus_test tables=kbb.beneficiaries"),
                  log);
  REQUIRE_MESSAGE(database.exitCode == 0, readText(log));
  const std::string message = readText(log);
  // (after the warning that the repeated polygon's code is used twice)
  CHECK(message.find("\nengine: local (the database engine cannot give the same table: polygons of the boundary "
                     "table overlap (") != std::string::npos);
  CHECK(message.find(" points lie well inside two of them))\n") != std::string::npos);
  CHECK(database.output == fromFile.output);
  std::filesystem::remove(log);
}
