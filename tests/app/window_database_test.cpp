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
