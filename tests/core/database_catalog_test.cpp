#include "core/database_catalog.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "core/layer_io.h"
#include "pg_test_support.h"

using namespace pk;
using namespace pk::test;

namespace {

const CatalogTable* findTable(const std::vector<CatalogTable>& tables, const std::string& name) {
  const auto it = std::find_if(tables.begin(), tables.end(),
                               [&](const CatalogTable& t) { return t.qualifiedName() == name; });
  return it == tables.end() ? nullptr : &*it;
}

// The InputError message `connection` gives, or "" when it connects.
std::string catalogError(const std::string& connection) {
  try {
    listDatabaseTables(connection);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

CatalogTable named(const std::string& schema, const std::string& table) {
  CatalogTable t;
  t.schema = schema;
  t.table = table;
  return t;
}

}  // namespace

TEST_CASE("the demo database lists its spatial tables with type and SRID, and its plain ones marked") {
  usePgTestDatabase();
  const auto tables = listDatabaseTables("PG:service=prokus_test");

  const CatalogTable* kecamatan = findTable(tables, "kbb.kecamatan");
  REQUIRE(kecamatan);
  CHECK(kecamatan->kind == CatalogTableKind::Geometry);
  CHECK((kecamatan->geometryType == "MultiPolygon" || kecamatan->geometryType == "Polygon"));
  CHECK(kecamatan->srid == 4326);
  CHECK(kecamatan->geometryColumn == "geom");

  const CatalogTable* beneficiaries = findTable(tables, "kbb.beneficiaries");
  REQUIRE(beneficiaries);
  CHECK(beneficiaries->kind == CatalogTableKind::Geometry);
  CHECK(beneficiaries->geometryType == "Point");
  CHECK(beneficiaries->srid == 4326);

  const CatalogTable* pkh = findTable(tables, "kbb.kecamatan_pkh");
  REQUIRE(pkh);
  CHECK(pkh->kind != CatalogTableKind::Geometry);
  CHECK(pkh->kind == CatalogTableKind::NameColumns);  // kode, kecamatan: placed by name or code
  CHECK(pkh->geometryType.empty());
  CHECK(pkh->geometryColumn.empty());

  // PostGIS's own tables and views are not offered.
  CHECK_FALSE(findTable(tables, "public.spatial_ref_sys"));
  CHECK_FALSE(findTable(tables, "public.geometry_columns"));
  // Spatial tables first.
  CHECK(tables.front().kind == CatalogTableKind::Geometry);
  CHECK(tables.back().kind != CatalogTableKind::Geometry);
}

TEST_CASE("a table with lon/lat columns and no geometry is marked as such") {
  usePgTestDatabase();
  REQUIRE(runPgSql("DROP TABLE IF EXISTS kbb.catalog_lonlat; "
                   "CREATE TABLE kbb.catalog_lonlat AS SELECT id_kpm, lon, lat FROM kbb.beneficiaries")
              .exitCode == 0);
  const auto tables = listDatabaseTables("PG:service=prokus_test");
  runPgSql("DROP TABLE kbb.catalog_lonlat");
  const CatalogTable* lonLat = findTable(tables, "kbb.catalog_lonlat");
  REQUIRE(lonLat);
  CHECK(lonLat->kind == CatalogTableKind::LonLatColumns);
}

TEST_CASE("the row estimate is unknown until the table is analysed, then pg_class's count") {
  usePgTestDatabase();
  // Autovacuum is off for it, so that only our ANALYZE gives it statistics.
  REQUIRE(runPgSql("DROP TABLE IF EXISTS kbb.catalog_rows; "
                   "CREATE TABLE kbb.catalog_rows WITH (autovacuum_enabled = false) AS SELECT * FROM kbb.kecamatan").exitCode == 0);
  const CatalogTable* before = nullptr;
  const auto tablesBefore = listDatabaseTables("PG:service=prokus_test");
  before = findTable(tablesBefore, "kbb.catalog_rows");
  REQUIRE(before);
  CHECK(before->rowEstimate == -1);

  REQUIRE(runPgSql("ANALYZE kbb.catalog_rows").exitCode == 0);
  const auto count = runPgSql("SELECT count(*) FROM kbb.catalog_rows");
  REQUIRE(count.exitCode == 0);
  const auto tablesAfter = listDatabaseTables("PG:service=prokus_test");
  runPgSql("DROP TABLE kbb.catalog_rows");
  const CatalogTable* after = findTable(tablesAfter, "kbb.catalog_rows");
  REQUIRE(after);
  CHECK(after->rowEstimate == std::stoll(count.output));
  CHECK(after->rowEstimate > 0);
}

TEST_CASE("the filter keeps schema.table containing the text, in any case") {
  const std::vector<CatalogTable> tables = {named("kbb", "kecamatan"), named("kbb", "beneficiaries"),
                                            named("kbb", "kecamatan_pkh"), named("Jabar", "Desa")};
  const auto kec = filterCatalogTables(tables, "KECAM");
  REQUIRE(kec.size() == 2);
  CHECK(kec[0].qualifiedName() == "kbb.kecamatan");
  CHECK(kec[1].qualifiedName() == "kbb.kecamatan_pkh");
  CHECK(filterCatalogTables(tables, "").size() == 4);
  CHECK(filterCatalogTables(tables, "  ").size() == 4);
  const auto byQualified = filterCatalogTables(tables, " jabar.d ");
  REQUIRE(byQualified.size() == 1);
  CHECK(byQualified[0].table == "Desa");
  CHECK(filterCatalogTables(tables, "mentors").empty());
}

TEST_CASE("the chosen table's source names it once, with its column only when it has several") {
  std::vector<CatalogTable> tables = {named("kbb", "kecamatan"), named("kbb", "sites"), named("kbb", "sites")};
  tables[0].geometryColumn = "geom";
  tables[1].geometryColumn = "location";
  tables[2].geometryColumn = "service_area";
  CHECK(databaseSourceForCatalogTable("PG:service=prokus_test", tables[0], tables) ==
        "PG:service=prokus_test tables=kbb.kecamatan");
  CHECK(databaseSourceForCatalogTable("PG:service=prokus_test", tables[2], tables) ==
        "PG:service=prokus_test tables=kbb.sites(service_area)");
}

TEST_CASE("connection fields become a PG: source; a service alone, or host/port/database/user") {
  CHECK(databaseConnectionSource({}) == "");
  CHECK(databaseConnectionSource({" prokus_test ", "", "", "", ""}) == "PG:service=prokus_test");
  CHECK(databaseConnectionSource({"", "db.example", "5433", "prokus data", "planner"}) ==
        "PG:host=db.example port=5433 dbname='prokus data' user=planner");
}

TEST_CASE("connection refused, wrong password and a missing database: InputError without the secret") {
  usePgTestDatabase();
  // Port 1 on the loopback: nothing listens there, so the server refuses the connection.
  const std::string refused = catalogError("PG:host=127.0.0.1 port=1 dbname=prokus user=planner password=Refused-S3cret");
  INFO(refused);
  CHECK(refused.find("PG:host=127.0.0.1 port=1") != std::string::npos);
  CHECK(refused.find("Refused-S3cret") == std::string::npos);
  CHECK(refused.find("refused") != std::string::npos);
  CHECK(refused.find('\n') == std::string::npos);

  const std::string wrongPassword = catalogError("PG:service=prokus_test_tcp password=Wr0ng-S3cret");
  INFO(wrongPassword);
  CHECK(wrongPassword.find("PG:service=prokus_test_tcp") != std::string::npos);
  CHECK(wrongPassword.find("Wr0ng-S3cret") == std::string::npos);
  CHECK(wrongPassword.find("password") != std::string::npos);  // says what failed
  CHECK(wrongPassword.find('\n') == std::string::npos);

  setenv("PGPASSWORD", "Env-Wr0ng-S3cret", 1);
  const std::string envPassword = catalogError("PG:service=prokus_test_tcp");
  unsetenv("PGPASSWORD");
  INFO(envPassword);
  CHECK(envPassword.find("PG:service=prokus_test_tcp") != std::string::npos);
  CHECK(envPassword.find("Env-Wr0ng-S3cret") == std::string::npos);

  const std::string missingDatabase = catalogError("PG:service=prokus_test dbname=no_such_db");
  INFO(missingDatabase);
  CHECK(missingDatabase.find("no_such_db") != std::string::npos);
  CHECK(missingDatabase.find("does not exist") != std::string::npos);

  // The right password (from the generated pgpass) connects.
  CHECK(catalogError("PG:service=prokus_test_tcp") == "");
}
