// The verbs with PostGIS sources (PG:) against the same data from files, and their exit-2 messages.
#include <doctest/doctest.h>

#include <gdal_priv.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "pg_test_support.h"
#include "test_support.h"

using namespace pk::test;
namespace fs = std::filesystem;

namespace {

std::string geodata(const std::string& file) { return quote((sourceDir() / "geodata" / file).string()); }
std::string pg(const std::string& table) { return quote("PG:service=prokus_test tables=kbb." + table); }

CommandResult verb(const std::string& args, const std::string& out = "") {
  const std::string command = std::string("env -u DISPLAY -u WAYLAND_DISPLAY ") + quote(PROKUS_BINARY) + " " + args;
  // Standard output to `out`, the messages still captured.
  return runCommand(out.empty() ? command : "{ " + command + " > " + quote(out) + "; }");
}

struct Box {
  int x0 = 0, y0 = 0, x1 = -1, y1 = -1;
};

// Where the render said it drew the attribution ("furniture attribution at X0,Y0 to X1,Y1 px").
Box attributionBox(const std::string& output) {
  Box b;
  const auto at = output.find("furniture attribution at ");
  REQUIRE(at != std::string::npos);
  REQUIRE(std::sscanf(output.c_str() + at, "furniture attribution at %d,%d to %d,%d", &b.x0, &b.y0, &b.x1, &b.y1) == 4);
  return b;
}

// The decoded pixels of an image (the files differ in metadata: the source names), with the pixels
// inside `masked` (the attribution line, which names the source) zeroed.
std::vector<unsigned char> pixels(const std::string& path, const std::vector<Box>& masked) {
  GDALAllRegister();
  GDALDataset* ds = static_cast<GDALDataset*>(GDALOpen(path.c_str(), GA_ReadOnly));
  REQUIRE(ds);
  const int w = ds->GetRasterXSize(), h = ds->GetRasterYSize(), bands = ds->GetRasterCount();
  std::vector<unsigned char> out(size_t(w) * h * bands);
  REQUIRE(ds->RasterIO(GF_Read, 0, 0, w, h, out.data(), w, h, GDT_Byte, bands, nullptr, 0, 0, 0) == CE_None);
  GDALClose(ds);
  for (const Box& b : masked)
    for (int band = 0; band < bands; ++band)
      for (int y = std::max(0, b.y0); y <= std::min(h - 1, b.y1); ++y)
        for (int x = std::max(0, b.x0); x <= std::min(w - 1, b.x1); ++x) out[(size_t(band) * h + y) * w + x] = 0;
  return out;
}

}  // namespace

TEST_CASE("stats and rank give byte-identical CSV from the database and from the files") {
  usePgTestDatabase();
  TempDir dir;
  const std::string files = "--boundaries " + geodata("kbb_kecamatan_schematic.geojson") + " --beneficiaries " +
                            geodata("synthetic_kpm_beneficiaries.csv") + " --mentors " + geodata("synthetic_mentors.csv");
  const std::string tables = "--boundaries " + pg("kecamatan") + " --beneficiaries " + pg("beneficiaries") +
                             " --mentors " + pg("mentors");
  const std::string population = " --population-column households --population ";
  REQUIRE(verb("stats " + files + population + geodata("synthetic_kecamatan_pkh.csv"), dir.file("f.csv")).exitCode == 0);
  const CommandResult fromDb = verb("stats " + tables + population + pg("kecamatan_pkh"), dir.file("p.csv"));
  CAPTURE(fromDb.output);
  REQUIRE(fromDb.exitCode == 0);
  CHECK(readText(dir.file("p.csv")).size() > 1000);
  CHECK(readText(dir.file("p.csv")) == readText(dir.file("f.csv")));

  const std::string rank = "rank --weights beneficiaries=1,density=1,coverage_gap=1,candidates=1 "
                           "--candidates-column pkh_graduates --candidates ";
  REQUIRE(verb(rank + geodata("synthetic_kecamatan_pkh.csv") + " " + files, dir.file("rf.csv")).exitCode == 0);
  REQUIRE(verb(rank + pg("kecamatan_pkh") + " " + tables, dir.file("rp.csv")).exitCode == 0);
  CHECK(readText(dir.file("rp.csv")) == readText(dir.file("rf.csv")));
}

TEST_CASE("render draws the same pixels from the database as from the files") {
  usePgTestDatabase();
  TempDir dir;
  const std::string common = " --date 2024-01-01 --size 800x600 --overlay density,mentors -o ";
  const CommandResult f = verb("render " + geodata("kbb_kecamatan_schematic.geojson") + " --beneficiaries " +
                               geodata("synthetic_kpm_beneficiaries.csv") + " --mentors " +
                               geodata("synthetic_mentors.csv") + common + quote(dir.file("f.png")));
  REQUIRE(f.exitCode == 0);
  const CommandResult r = verb("render " + pg("kecamatan") + " --beneficiaries " + pg("beneficiaries") +
                               " --mentors " + pg("mentors") + common + quote(dir.file("p.png")));
  CAPTURE(r.output);
  REQUIRE(r.exitCode == 0);
  // The attribution line names the source (a file name gives "schematic boundaries", a table its name).
  const std::vector<Box> attribution = {attributionBox(f.output), attributionBox(r.output)};
  const auto fromDb = pixels(dir.file("p.png"), attribution), fromFiles = pixels(dir.file("f.png"), attribution);
  CHECK(fromDb.size() >= size_t(800) * 600 * 3);
  CHECK(fromDb == fromFiles);
  // The metadata names the table, without secrets.
  CHECK(readText(dir.file("p.png.aux.xml")).find("PG:service=prokus_test tables=kbb.kecamatan") != std::string::npos);
}

TEST_CASE("export-pack works from a project mixing a boundary file and lists in the database") {
  usePgTestDatabase();
  TempDir dir;
  const std::string project = dir.file("mixed.prokus.json");
  writeText(project, R"({"format": "prokus-map project", "version": 1, "title": "mixed",
    "layers": [{"path": ")" + (sourceDir() / "geodata/kbb_kecamatan_schematic.geojson").string() +
                         R"(", "role": "boundary", "name_field": "name", "code_field": "code"}],
    "programme": {"beneficiaries": {"path": "PG:service=prokus_test tables=kbb.beneficiaries"},
                  "mentors": {"path": "PG:service=prokus_test tables=kbb.mentors"}}})");
  const CommandResult r = verb("export-pack " + quote(project) + " -o " + quote(dir.file("pack")) + " --date 2024-01-01");
  CAPTURE(r.output);
  REQUIRE(r.exitCode == 0);
  CHECK(fs::exists(dir.file("pack/index.html")));
  CHECK(readText(dir.file("pack/overview.png.aux.xml")).find("kbb.beneficiaries") != std::string::npos);
  // index.html names the lists' tables as the images do.
  const std::string index = readText(dir.file("pack/index.html"));
  CHECK(index.find("PG:service=prokus_test tables=kbb.beneficiaries") != std::string::npos);
  CHECK(index.find("PG:service=prokus_test tables=kbb.mentors") != std::string::npos);
}

TEST_CASE("database problems exit 2 with one line naming the redacted source, never the password") {
  usePgTestDatabase();
  REQUIRE(runPgSql("DROP TABLE IF EXISTS kbb.cli_srid_zero; CREATE TABLE kbb.cli_srid_zero AS SELECT fid, code, name, "
                   "ST_SetSRID(geom, 0)::geometry(MultiPolygon) AS geom FROM kbb.kecamatan")
              .exitCode == 0);
  struct Case {
    std::string boundaries, expected;
  };
  const Case cases[] = {
      {"PG:host=127.0.0.1 port=1 dbname=prokus_test password=Secret1 tables=kbb.kecamatan", "connection refused"},
      {"PG:service=prokus_test_tcp password=Secret2 tables=kbb.kecamatan", "password authentication failed"},
      {"PG:service=prokus_test tables=kbb.missing", "table kbb.missing does not exist"},
      {"PG:service=prokus_test tables=kbb.kecamatan_pkh", "has no geometry column"},
      {"PG:service=prokus_test tables=kbb.cli_srid_zero", "has no coordinate system (SRID 0)"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.boundaries);
    const CommandResult r = verb("stats --boundaries " + quote(c.boundaries) + " --beneficiaries " + pg("beneficiaries"));
    CAPTURE(r.output);
    CHECK(r.exitCode == 2);
    CHECK(r.output.find(c.expected) != std::string::npos);
    CHECK(r.output.find("Secret") == std::string::npos);
    CHECK(std::count(r.output.begin(), r.output.end(), '\n') == 1);
  }
  runPgSql("DROP TABLE kbb.cli_srid_zero");
}
