// Boundary and context layers read from PostGIS (PG: sources) against the same data from files,
// and the messages a planner gets when the database is not reachable or the table is not usable.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "core/database_source.h"
#include "core/layer_io.h"
#include "core/map_document.h"
#include "core/project_file.h"
#include "core/projection.h"
#include "pg_test_support.h"
#include "test_support.h"

using namespace pk;
using namespace pk::test;

namespace {

const MapProjection& utm48s() {
  static MapProjection p(32748);
  return p;
}

const std::string kKecamatan = "PG:service=prokus_test tables=kbb.kecamatan";

std::string kecamatanFile() { return (sourceDir() / "geodata/kbb_kecamatan_schematic.geojson").string(); }

// The InputError message of loading `source` as the boundary layer ("" when it loads).
std::string boundaryError(const std::string& source) {
  try {
    loadBoundaryLayer(source, utm48s());
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("boundaries from a PostGIS table equal the same boundaries from the file") {
  usePgTestDatabase();
  const LayerPtr file = loadBoundaryLayer(kecamatanFile(), utm48s());
  const LayerPtr db = loadBoundaryLayer(kKecamatan, utm48s());
  CHECK(db->path == kKecamatan);  // kept as written, never made a file path
  CHECK(db->displayName == "kbb.kecamatan");
  CHECK(db->fieldNames == file->fieldNames);
  CHECK(db->nameField == file->nameField);
  CHECK(db->codeField == file->codeField);
  REQUIRE(db->features.size() == file->features.size());
  for (size_t i = 0; i < file->features.size(); ++i) {
    CHECK(db->features[i].values == file->features[i].values);
    CHECK(db->features[i].areaKm2 == doctest::Approx(file->features[i].areaKm2).epsilon(1e-12));
    CHECK(db->features[i].polygon.parts.size() == file->features[i].polygon.parts.size());
  }
  const BBox a = lonLatExtentOf(kecamatanFile()), b = lonLatExtentOf(kKecamatan);
  CHECK(a.minx == doctest::Approx(b.minx));
  CHECK(a.maxy == doctest::Approx(b.maxy));
}

TEST_CASE("boundaries come in primary key order, whatever the table's physical order") {
  usePgTestDatabase();
  // An UPDATE writes new row versions at the table's end: GDAL's plain reading would return 32.17.01 last.
  REQUIRE(runPgSql("CREATE TABLE kbb.reordered AS SELECT * FROM kbb.kecamatan;"
                   "ALTER TABLE kbb.reordered ADD PRIMARY KEY (fid);"
                   "UPDATE kbb.reordered SET name = name WHERE fid = 1;")
              .exitCode == 0);
  const LayerPtr file = loadBoundaryLayer(kecamatanFile(), utm48s());
  const LayerPtr db = loadBoundaryLayer("PG:service=prokus_test tables=kbb.reordered", utm48s());
  runPgSql("DROP TABLE kbb.reordered");
  REQUIRE(db->features.size() == file->features.size());
  for (size_t i = 0; i < file->features.size(); ++i) CHECK(db->features[i].values == file->features[i].values);
}

TEST_CASE("a connection with several spatial tables and no tables= lists some and asks for one") {
  usePgTestDatabase();
  const std::string message = boundaryError("PG:service=prokus_test");
  CHECK(message.find("spatial tables (") != std::string::npos);
  CHECK(message.find("kbb.kecamatan") != std::string::npos);
  CHECK(message.find("add tables=schema.table") != std::string::npos);
}

TEST_CASE("unusable database sources give one clear line without the password") {
  usePgTestDatabase();
  struct Case {
    std::string source, expected;
  };
  REQUIRE(runPgSql("DROP TABLE IF EXISTS kbb.srid_zero, kbb.no_rows;"
                   "CREATE TABLE kbb.srid_zero AS SELECT fid, code, name, ST_SetSRID(geom, 0)::geometry(MultiPolygon) "
                   "AS geom FROM kbb.kecamatan;"
                   "CREATE TABLE kbb.no_rows AS SELECT * FROM kbb.kecamatan WHERE false;")
              .exitCode == 0);
  const Case cases[] = {
      {"PG:host=127.0.0.1 port=1 dbname=prokus_test user=x password=Secret1 tables=kbb.kecamatan",
       "connection refused"},
      {"PG:service=prokus_test_tcp password=Secret2 tables=kbb.kecamatan", "password authentication failed"},
      {"PG:service=prokus_test tables=kbb.nothere", "table kbb.nothere does not exist"},
      {"PG:service=prokus_test tables=kbb.kecamatan_pkh", "has no geometry column"},
      {"PG:service=prokus_test tables=kbb.srid_zero",
       "has no coordinate system (SRID 0); set one with UpdateGeometrySRID"},
      {"PG:service=prokus_test tables=kbb.no_rows", "has no features"},
      {"PG:service=no_such_service tables=kbb.kecamatan", "service \"no_such_service\" is not defined"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.source);
    for (const std::string& message : {boundaryError(c.source), [&]() -> std::string {
           try {
             lonLatExtentOf(c.source);
           } catch (const InputError& e) {
             return e.what();
           }
           return "";
         }()}) {
      CHECK(message.find(c.expected) != std::string::npos);
      CHECK(message.rfind(redactSource(c.source) + ": ", 0) == 0);
      CHECK(message.find("Secret") == std::string::npos);
      CHECK(message.find('\n') == std::string::npos);
    }
  }
  runPgSql("DROP TABLE kbb.srid_zero, kbb.no_rows");
}

TEST_CASE("a server connection lost in the middle of reading is said, not read as fewer features") {
  usePgTestDatabase();
  // The view ends its own server process at the tenth row, as a server stopped mid-query would.
  REQUIRE(runPgSql("CREATE OR REPLACE VIEW kbb.dying AS SELECT fid, code, name, geom, CASE WHEN fid = 10 THEN "
                   "pg_terminate_backend(pg_backend_pid()) END AS ended FROM kbb.kecamatan")
              .exitCode == 0);
  const std::string message = boundaryError("PG:service=prokus_test tables=kbb.dying");
  runPgSql("DROP VIEW kbb.dying");
  CHECK(message.find("connection to the database server was lost") != std::string::npos);
}

TEST_CASE("a project whose source carries a password is refused on save; a service is kept as written") {
  usePgTestDatabase();
  TempDir dir;
  MapDocument doc;
  doc.openBoundary(kKecamatan);
  saveProject(doc, dir.file("ok.prokus.json"));
  const std::string saved = readText(dir.file("ok.prokus.json"));
  CHECK(saved.find("\"path\": \"PG:service=prokus_test tables=kbb.kecamatan\"") != std::string::npos);
  CHECK(loadProject(dir.file("ok.prokus.json")).layers.at(0)->path == kKecamatan);

  doc.layers[0]->path = "PG:service=prokus_test password=Secret9 tables=kbb.kecamatan";
  CHECK_THROWS_WITH_AS(saveProject(doc, dir.file("refused.prokus.json")),
                       doctest::Contains("~/.pgpass"), InputError);
  CHECK(!std::filesystem::exists(dir.file("refused.prokus.json")));
}
