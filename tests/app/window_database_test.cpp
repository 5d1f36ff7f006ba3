// File > Open from database in the real window, against the test database (pg_cluster fixture):
// the hidden hooks --database SERVICE (open the dialog, Connect), --database-filter TEXT and
// --database-open TABLE (pick it, press Open) drive the dialog as a planner would. Runs under
// `xvfb-run -a`; without a DISPLAY the cases skip themselves unless PROKUS_REQUIRE_DISPLAY=1.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "pg_test_support.h"
#include "window_test_support.h"

namespace fs = std::filesystem;
using namespace pk::window_test;

TEST_CASE("the dialog connects to a service, lists the filtered tables and remembers the service") {
  if (!haveDisplay()) return;
  pk::test::usePgTestDatabase();
  TempDir dir;
  const RunResult run = runBinary(dir, "--frames 4 --database prokus_test --database-filter KECAMATAN");
  INFO("stderr: " << run.stderrText);
  REQUIRE(run.exitCode == 0);
  CHECK(run.stderrText.find("listed kbb.kecamatan MultiPolygon") != std::string::npos);
  CHECK(run.stderrText.find("srid 4326") != std::string::npos);
  CHECK(run.stderrText.find("listed kbb.kecamatan_pkh (no geometry)") != std::string::npos);
  CHECK(run.stderrText.find("listed kbb.beneficiaries") == std::string::npos);  // filtered out
  CHECK(run.stderrText.find("listed kbb.mentors") == std::string::npos);
  const std::string settings = readFile(dir.path / "config" / "prokus-map" / "settings.json");
  CHECK(settings.find("\"database_service\": \"prokus_test\"") != std::string::npos);
}

TEST_CASE("a wrong password is one line in the dialog, exit 2, and the secret is nowhere") {
  if (!haveDisplay()) return;
  pk::test::usePgTestDatabase();
  TempDir dir;
  const RunResult run = runBinary(dir, "--frames 3 --database prokus_test_tcp", "PGPASSWORD=Wr0ng-Window-S3cret");
  INFO("stderr: " << run.stderrText);
  CHECK(run.exitCode == 2);
  CHECK(run.stderrText.find("PG:service=prokus_test_tcp: ") != std::string::npos);
  CHECK(run.stderrText.find("password authentication failed") != std::string::npos);
  CHECK(run.stderrText.find("Wr0ng-Window-S3cret") == std::string::npos);
  // A service that did not connect is not remembered; no file the window wrote holds the secret.
  for (const auto& entry : fs::recursive_directory_iterator(dir.path))
    if (entry.is_regular_file()) {
      const std::string text = readFile(entry.path());
      CHECK(text.find("Wr0ng-Window-S3cret") == std::string::npos);
      const bool namesService = text.find("prokus_test_tcp") != std::string::npos;
      CHECK((!namesService || entry.path().filename() == "stderr.txt"));
    }
}

TEST_CASE("Open puts the chosen table on the map: kbb.kecamatan's 16 kecamatan") {
  if (!haveDisplay()) return;
  pk::test::usePgTestDatabase();
  TempDir dir;
  const fs::path shot = dir.path / "opened.png";
  const RunResult run = runBinary(dir, "--window-size 1280x800 --frames 8 --database prokus_test --database-filter kec "
                                       "--database-open kbb.kecamatan --screenshot " + quoted(shot.string()));
  INFO("stderr: " << run.stderrText);
  REQUIRE(run.exitCode == 0);
  CHECK(run.stderrText.find(": 16 features") != std::string::npos);
  CHECK(run.stderrText.find("boundary layer") != std::string::npos);
  // The map area differs from an empty window's over a good part of it: the polygons are drawn.
  const Image opened = [&] {
    Image image;
    REQUIRE(image.load(shot));
    return image;
  }();
  const Image empty = screenshotAfter(dir, "", "empty.png", 8);
  REQUIRE(empty.width == opened.width);
  int differing = 0, sampled = 0;
  for (int y = 60; y < opened.height - 60; y += 4)
    for (int x = opened.width / 2; x < opened.width - 20; x += 4, ++sampled)
      differing += opened.pixel(x, y) != empty.pixel(x, y);
  CAPTURE(differing);
  CAPTURE(sampled);
  CHECK(differing > sampled / 10);
}

TEST_CASE("the table panel's export to the database: the published table with polygons, replaced only when ours") {
  if (!haveDisplay()) return;
  pk::test::usePgTestDatabase();
  REQUIRE(pk::test::runPgSql("DROP SCHEMA IF EXISTS window_out CASCADE; CREATE SCHEMA window_out").exitCode == 0);
  TempDir dir;
  const std::string demo = (fs::path(PROKUS_SOURCE_DIR) / "geodata" / "demo.prokus.json").string();
  const std::string target = "PG:service=prokus_test tables=window_out.indikator";
  const RunResult run = runBinary(dir, "--frames 6 --export-table " + quoted(target) + " " + quoted(demo));
  INFO("stderr: " << run.stderrText);
  REQUIRE(run.exitCode == 0);
  // One row per kecamatan with its polygon in EPSG:4326, marked as ours.
  const auto rows = pk::test::runPgSql("SELECT count(*), min(ST_SRID(geom)), bool_and(ST_IsValid(geom)) FROM window_out.indikator");
  CHECK(rows.output == "16|4326|t\n");
  CHECK(pk::test::runPgSql("SELECT obj_description('window_out.indikator'::regclass)").output.find("written by prokus-map") == 0);
  // The same publication as the file export: the demo's small counts (business types, status) are
  // withheld as "<3" or "x", and no personal column exists.
  const auto columns = pk::test::runPgSql(
      "SELECT string_agg(column_name || ':' || data_type, ',' ORDER BY ordinal_position) FROM information_schema.columns "
      "WHERE table_schema = 'window_out' AND table_name = 'indikator'");
  INFO(columns.output);
  CHECK(columns.output.find("code:") != std::string::npos);
  CHECK(columns.output.find("nik") == std::string::npos);
  CHECK(columns.output.find("nama_kpm") == std::string::npos);
  const auto withheld = pk::test::runPgSql(
      "SELECT count(*) FROM window_out.indikator t, json_each_text(to_json(t)) e WHERE e.value IN ('<3', 'x')");
  CHECK(withheld.output != "0\n");
  // A second export without "Replace" is refused and the table stays.
  const RunResult again = runBinary(dir, "--frames 6 --export-table " + quoted(target) + " " + quoted(demo));
  CHECK(again.exitCode != 0);
  CHECK(again.stderrText.find("exists") != std::string::npos);
  // In the window's own words (its checkbox), not the command line's.
  CHECK(again.stderrText.find("--overwrite") == std::string::npos);
  CHECK(pk::test::runPgSql("SELECT count(*) FROM window_out.indikator").output == "16\n");
}
