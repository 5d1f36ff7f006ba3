// One reader for list tables in PostGIS: readTable (window import, projects, rank, export-pack) and
// the stats engines (readDatabaseList) read the same cells, as PostgreSQL prints them.
#include <doctest/doctest.h>

#include <cstdlib>
#include <sstream>
#include <utility>
#include <string>
#include <vector>

#include "core/database_engine.h"
#include "core/table_io.h"
#include "pg_test_support.h"

using namespace pk;
using namespace pk::test;

namespace {

const std::string kCellKinds = "PG:service=prokus_test tables=read_test.cell_kinds";

// Columns whose GDAL text and PostgreSQL text differ (float8, numeric, date, boolean), a point
// geometry, and keys that are not 1, 2, 3.
void makeCellKindsTable() {
  const auto made = runPgSql(
      "DROP SCHEMA IF EXISTS read_test CASCADE; CREATE SCHEMA read_test;"
      "CREATE TABLE read_test.cell_kinds (fid integer PRIMARY KEY, id_kpm text, bsimu float8, "
      "kecamatan numeric(10,2), tahun date, status boolean, geom geometry(Point, 4326));"
      "INSERT INTO read_test.cell_kinds VALUES "
      "(30, 'K-3', 0.1::float8 + 0.2::float8, 12.50, '2021-03-05', true, ST_SetSRID(ST_MakePoint(107.428971, -6.807055), 4326)),"
      "(10, 'K-1', 3500000, 7.00, '2020-12-31', false, ST_SetSRID(ST_MakePoint(107.1, -7.05), 4326)),"
      "(20, 'K-2', NULL, NULL, NULL, NULL, NULL);");
  REQUIRE_MESSAGE(made.exitCode == 0, made.output);
}

// psql's rows of `sql` (unaligned, '|' between fields).
std::vector<std::vector<std::string>> psqlRows(const std::string& sql) {
  const auto r = runPgSql(sql);
  REQUIRE_MESSAGE(r.exitCode == 0, r.output);
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(r.output);
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    std::vector<std::string> fields;
    size_t start = 0;
    for (size_t bar = line.find('|'); bar != std::string::npos; bar = line.find('|', start)) {
      fields.push_back(line.substr(start, bar - start));
      start = bar + 1;
    }
    fields.push_back(line.substr(start));
    rows.push_back(fields);
  }
  return rows;
}

}  // namespace

TEST_CASE("readTable and the stats engines read a PostGIS list table into the same cells and row numbers") {
  usePgTestDatabase();
  makeCellKindsTable();
  const Table window = readTable(kCellKinds);
  const Table engine = readDatabaseList(kCellKinds);
  REQUIRE(window.columns == engine.columns);
  CHECK(window.geometryLonColumn == engine.geometryLonColumn);
  CHECK(window.geometryLatColumn == engine.geometryLatColumn);
  REQUIRE(window.rowCount() == 3);
  REQUIRE(engine.rowCount() == window.rowCount());
  for (size_t r = 0; r < window.rowCount(); ++r) {
    CHECK(window.rowNumber(r) == engine.rowNumber(r));
    for (size_t c = 0; c < window.columnCount(); ++c) {
      CAPTURE(window.columns[c]);
      CHECK(window.cell(r, c) == engine.cell(r, c));
    }
  }
}

TEST_CASE("a PostGIS table's cells are PostgreSQL's text, in primary key order, row numbers the key") {
  usePgTestDatabase();
  makeCellKindsTable();
  const Table t = readTable(kCellKinds);
  const auto expected = psqlRows(
      "SELECT fid, id_kpm, bsimu::text, kecamatan::text, tahun::text, status::text, ST_X(geom)::text, ST_Y(geom)::text "
      "FROM read_test.cell_kinds ORDER BY fid");
  REQUIRE(t.rowCount() == expected.size());
  const std::vector<std::string> columns = {"id_kpm", "bsimu", "kecamatan", "tahun", "status", "lon", "lat"};
  for (size_t r = 0; r < expected.size(); ++r) {
    CHECK(std::to_string(t.rowNumber(r)) == expected[r][0]);
    for (size_t c = 0; c < columns.size(); ++c) {
      CAPTURE(columns[c]);
      const int column = t.columnIndex(columns[c]);
      REQUIRE(column >= 0);
      CHECK(std::string(t.cell(r, column)) == expected[r][c + 1]);
    }
  }
}

// The CSV wrote 6 decimals ("107.445460"): the geometry reads as that same number in no more digits
// (shortest round-trip text), where GDAL's "%.8f" padded it to "107.44546000".
TEST_CASE("the demo list's point geometry reads as the lon/lat numbers the CSV held, in no more digits") {
  usePgTestDatabase();
  const Table t = readTable("PG:service=prokus_test tables=kbb.beneficiaries");
  const int lon = t.columnIndex("lon"), lat = t.columnIndex("lat");
  REQUIRE(lon >= 0);
  REQUIRE(lat >= 0);
  REQUIRE(t.geometryLonColumn >= 0);
  size_t withGeometry = 0;
  for (size_t r = 0; r < t.rowCount(); ++r) {
    if (t.cell(r, t.geometryLonColumn).empty()) continue;
    ++withGeometry;
    for (const auto& [fromGeometry, fromCsv] : {std::pair{t.geometryLonColumn, lon}, std::pair{t.geometryLatColumn, lat}}) {
      const std::string geometryText(t.cell(r, fromGeometry)), csvText(t.cell(r, fromCsv));
      CAPTURE(csvText);
      CHECK(std::strtod(geometryText.c_str(), nullptr) == std::strtod(csvText.c_str(), nullptr));
      CHECK(geometryText.size() <= csvText.size());
    }
  }
  CHECK(withGeometry > 100);
}
