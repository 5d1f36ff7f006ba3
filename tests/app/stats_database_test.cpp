// `stats --out PG:... --out-table`: the indicator table written into the test database (a real
// PostgreSQL + PostGIS server), its overwrite rules, and a failed write leaving nothing behind.
#include <doctest/doctest.h>

#include <string>

#include "pg_test_support.h"
#include "test_support.h"

using namespace pk::test;

namespace {

const std::string kDatabase = "PG:service=prokus_test";

std::string fileInputs() {
  return "--boundaries " + quote((sourceDir() / "geodata/kbb_kecamatan_schematic.geojson").string()) +
         " --beneficiaries " + quote((sourceDir() / "geodata/synthetic_kpm_beneficiaries.csv").string());
}

CommandResult stats(const std::string& args) {
  usePgTestDatabase();
  return runCommand(quote(PROKUS_BINARY) + " stats " + args);
}

CommandResult statsToDatabase(const std::string& table, const std::string& extra = "",
                              const std::string& connection = kDatabase) {
  return stats(fileInputs() + " --out " + quote(connection) + " --out-table " + table + " " + extra);
}

std::string sqlValue(const std::string& sql) {
  const CommandResult r = runPgSql(sql);
  REQUIRE_MESSAGE(r.exitCode == 0, r.output);
  std::string value = r.output;
  while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
  return value;
}

bool tableExists(const std::string& qualified) { return sqlValue("SELECT to_regclass('" + qualified + "') IS NOT NULL") == "t"; }

// Output tables of one case go to their own schema, dropped first, so cases do not see each other's.
void freshSchema(const std::string& schema) {
  REQUIRE(runPgSql("DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema).exitCode == 0);
}

}  // namespace

TEST_CASE("stats --out writes the indicator table with EPSG:4326 polygons that QGIS (ogrinfo) reads") {
  freshSchema("out_read");
  usePgTestDatabase();
  const CommandResult csv = runCommand("(" + quote(PROKUS_BINARY) + " stats " + fileInputs() + " 2>/dev/null)");
  REQUIRE(csv.exitCode == 0);
  const Csv expected = parseCsv(csv.output);

  const CommandResult written = statsToDatabase("out_read.indikator");
  REQUIRE_MESSAGE(written.exitCode == 0, written.output);
  CHECK(written.output.find("16 rows written to out_read.indikator") != std::string::npos);

  const CommandResult info =
      runCommand("ogrinfo -so " + quote("PG:service=prokus_test tables=out_read.indikator") + " out_read.indikator");
  REQUIRE_MESSAGE(info.exitCode == 0, info.output);
  CHECK(info.output.find("Geometry: Multi Polygon") != std::string::npos);
  CHECK(info.output.find("Feature Count: " + std::to_string(expected.rows.size())) != std::string::npos);
  CHECK(sqlValue("SELECT Find_SRID('out_read', 'indikator', 'geom')") == "4326");
  CHECK(sqlValue("SELECT count(*) FROM out_read.indikator WHERE NOT ST_IsValid(geom) OR geom IS NULL") == "0");
  // The same numbers as the CSV, typed: counts are integers, so they sum in SQL.
  long long csvTotal = 0;
  const auto column = std::find(expected.header.begin(), expected.header.end(), "beneficiaries") - expected.header.begin();
  REQUIRE(column < static_cast<long>(expected.header.size()));
  for (const auto& row : expected.rows) csvTotal += std::stoll(row[static_cast<size_t>(column)]);
  CHECK(sqlValue("SELECT sum(beneficiaries) FROM out_read.indikator") == std::to_string(csvTotal));
  CHECK(sqlValue("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = "
                 "'out_read.indikator'::regclass AND attname = 'beneficiaries'") == "bigint");
  // Each polygon holds its own kecamatan: the polygon of a row covers the kecamatan's label area.
  CHECK(sqlValue("SELECT count(*) FROM out_read.indikator o JOIN kbb.kecamatan k ON k.code = o.code "
                 "WHERE ST_Covers(ST_Buffer(o.geom, 1e-6), ST_PointOnSurface(k.geom))") ==
        std::to_string(expected.rows.size()));
}

TEST_CASE("stats --out-table: an existing table is replaced only with --overwrite and only when prokus-map wrote it") {
  freshSchema("out_rules");
  REQUIRE(statsToDatabase("out_rules.t").exitCode == 0);

  const CommandResult again = statsToDatabase("out_rules.t");
  CHECK(again.exitCode == 2);
  CHECK(again.output.find("out_rules.t: exists; --overwrite replaces it") != std::string::npos);

  REQUIRE(runPgSql("DELETE FROM out_rules.t WHERE fid > 3").exitCode == 0);
  const CommandResult replaced = statsToDatabase("out_rules.t", "--overwrite");
  CHECK_MESSAGE(replaced.exitCode == 0, replaced.output);
  CHECK(sqlValue("SELECT count(*) FROM out_rules.t") == "16");

  REQUIRE(runPgSql("CREATE TABLE out_rules.theirs AS SELECT 1 AS x").exitCode == 0);
  const CommandResult theirs = statsToDatabase("out_rules.theirs", "--overwrite");
  CHECK(theirs.exitCode == 2);
  CHECK(theirs.output.find("out_rules.theirs: exists and was not written by prokus-map; choose another table name") !=
        std::string::npos);
  CHECK(sqlValue("SELECT x FROM out_rules.theirs") == "1");

  const CommandResult noSchema = statsToDatabase("no_such_schema.t");
  CHECK(noSchema.exitCode == 2);
  CHECK(noSchema.output.find("schema 'no_such_schema' does not exist") != std::string::npos);

  const CommandResult badName = statsToDatabase("Indikator");
  CHECK(badName.exitCode == 2);
  CHECK(badName.output.find("must be schema.table") != std::string::npos);
}

TEST_CASE("stats --out: a write that fails part-way leaves no new table and the old one as it was") {
  freshSchema("out_fail");
  REQUIRE(statsToDatabase("out_fail.t").exitCode == 0);
  REQUIRE(runPgSql("UPDATE out_fail.t SET beneficiaries = -1").exitCode == 0);
  // The last step of the write (the table comment) fails: creation, rows and drop all happened.
  REQUIRE(runPgSql("CREATE FUNCTION out_fail.refuse() RETURNS event_trigger LANGUAGE plpgsql AS "
                   "$$BEGIN RAISE EXCEPTION 'comments refused by the test'; END$$; "
                   "CREATE EVENT TRIGGER out_fail_refuse ON ddl_command_end WHEN TAG IN ('COMMENT') "
                   "EXECUTE FUNCTION out_fail.refuse()")
              .exitCode == 0);
  const CommandResult fresh = statsToDatabase("out_fail.fresh");
  const CommandResult replace = statsToDatabase("out_fail.t", "--overwrite");
  REQUIRE(runPgSql("DROP EVENT TRIGGER out_fail_refuse").exitCode == 0);

  CHECK(fresh.exitCode == 2);
  CHECK(fresh.output.find("out_fail.fresh: write failed, nothing written: ") != std::string::npos);
  CHECK(fresh.output.find("comments refused by the test") != std::string::npos);
  CHECK_FALSE(tableExists("out_fail.fresh"));
  CHECK(replace.exitCode == 2);
  CHECK(sqlValue("SELECT count(*) || ' ' || min(beneficiaries) FROM out_fail.t") == "16 -1");
  CHECK(sqlValue("SELECT count(*) FROM pg_tables WHERE schemaname = 'out_fail'") == "1");  // no build table left
}

TEST_CASE("stats --out: a refused connection is one line without the password") {
  const std::string secret = "Sup3rS3cretXyz";
  const CommandResult r = statsToDatabase("public.t", "", "PG:service=prokus_test_tcp password=" + secret);
  CHECK(r.exitCode == 2);
  CHECK(r.output.find("prokus-map stats: PG:service=prokus_test_tcp") != std::string::npos);
  CHECK(r.output.find("cannot connect") != std::string::npos);
  CHECK(r.output.find(secret) == std::string::npos);
  CHECK_FALSE(tableExists("public.t"));
}
