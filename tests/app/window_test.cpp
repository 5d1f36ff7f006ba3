// The dashboard window, driven through its hidden test hook (`--screenshot PATH --frames N`) under the
// existing DISPLAY (ctest runs under `xvfb-run -a`). Without a DISPLAY the window cases skip themselves,
// unless PROKUS_REQUIRE_DISPLAY=1 says a display must be there.
#include <doctest/doctest.h>

#include <stb_image.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>

#include "window_test_support.h"

namespace fs = std::filesystem;
using namespace pk::window_test;

namespace {

const std::string kKecamatan = std::string(PROKUS_SHARED_GEODATA) + "/kbb_kecamatan.shp";
constexpr int kWidth = 1280, kHeight = 800;

struct RegionStats {
  size_t distinctColours = 0;
  double meanLuminance = 0;
  double darkShare = 0;  // share of pixels darker than 100 (text, outlines)
};

RegionStats statsOf(const Image& image, int x0, int y0, int x1, int y1) {
  std::set<unsigned> colours;
  double sum = 0;
  size_t dark = 0, n = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) {
      colours.insert(image.pixel(x, y));
      const double l = image.luminance(x, y);
      sum += l;
      dark += l < 100;
      ++n;
    }
  return {colours.size(), n ? sum / n : 0, n ? static_cast<double>(dark) / n : 0};
}

// The map area lies right of the side panel (at most 60% of the width) and between the menu and status
// bars; these regions stay inside it and inside the panel whatever the exact panel width.
RegionStats mapRegion(const Image& image) {
  return statsOf(image, image.width * 62 / 100, 60, image.width - 10, image.height - 60);
}
RegionStats panelRegion(const Image& image) { return statsOf(image, 0, 40, 200, image.height - 60); }

std::string windowArgs(const fs::path& shot) {
  return "--window-size " + std::to_string(kWidth) + "x" + std::to_string(kHeight) + " --frames 8 --screenshot " +
         quoted(shot.string());
}

}  // namespace

TEST_CASE("the window shows the real kecamatan with its panels, and the test hook exits 0") {
  if (!haveDisplay()) return;
  TempDir dir;
  const fs::path shot = dir.path / "window.png";
  const RunResult run = runBinary(dir, windowArgs(shot) + " " + quoted(kKecamatan));
  INFO("stderr: " << run.stderrText);
  CHECK(run.exitCode == 0);
  Image image;
  REQUIRE(image.load(shot));
  CHECK(image.width == kWidth);
  CHECK(image.height == kHeight);

  // 16 kecamatan in distinct fills, anti-aliased outlines and labels: many colours in the map area.
  const RegionStats map = mapRegion(image);
  CAPTURE(map.distinctColours);
  CHECK(map.distinctColours >= 40);
  // The side panel is there: mostly its light background, with dark text on it.
  const RegionStats panel = panelRegion(image);
  CAPTURE(panel.meanLuminance);
  CAPTURE(panel.darkShare);
  CHECK(panel.meanLuminance > 200);
  CHECK(panel.darkShare > 0.002);
  // The map's legibility needs outlines and labels too, darker than the fills.
  CHECK(map.darkShare > 0.001);
}

TEST_CASE("a bad file on the command line shows a message, keeps the map, and still exits 0") {
  if (!haveDisplay()) return;
  TempDir dir;
  const fs::path bad = dir.path / "not_a_shapefile.shp";
  {
    std::ofstream out(bad);
    out << "this is a text file renamed .shp\n";
  }
  const fs::path goodShot = dir.path / "good.png";
  const fs::path badShot = dir.path / "bad.png";
  const RunResult good = runBinary(dir, windowArgs(goodShot) + " " + quoted(kKecamatan));
  const RunResult run = runBinary(dir, windowArgs(badShot) + " " + quoted(kKecamatan) + " " + quoted(bad.string()));
  INFO("stderr: " << run.stderrText);
  CHECK(good.exitCode == 0);
  CHECK(run.exitCode == 0);
  // The message names the file (it is also shown in the popup).
  CHECK(run.stderrText.find("not_a_shapefile.shp") != std::string::npos);

  Image goodImage, badImage;
  REQUIRE(goodImage.load(goodShot));
  REQUIRE(badImage.load(badShot));
  // The current map is kept: still many colours where the map is.
  const RegionStats badMap = mapRegion(badImage);
  CHECK(badMap.distinctColours >= 40);
  // The message is a modal popup: it dims everything behind it, and its light box covers the centre.
  const RegionStats goodCorner = statsOf(goodImage, kWidth - 200, 60, kWidth - 10, 200);
  const RegionStats badCorner = statsOf(badImage, kWidth - 200, 60, kWidth - 10, 200);
  CAPTURE(goodCorner.meanLuminance);
  CAPTURE(badCorner.meanLuminance);
  CHECK(badCorner.meanLuminance < goodCorner.meanLuminance - 20);
  const RegionStats centre = statsOf(badImage, kWidth / 2 - 40, kHeight / 2 - 5, kWidth / 2 + 40, kHeight / 2 + 5);
  CHECK(centre.meanLuminance > 200);
}

TEST_CASE("only a bad file: message, empty map, exit 0, no crash") {
  if (!haveDisplay()) return;
  TempDir dir;
  const fs::path shot = dir.path / "window.png";
  const RunResult run = runBinary(dir, windowArgs(shot) + " " + quoted((dir.path / "missing.gpkg").string()));
  INFO("stderr: " << run.stderrText);
  CHECK(run.exitCode == 0);
  CHECK(run.stderrText.find("missing.gpkg") != std::string::npos);
  CHECK(fs::exists(shot));
}

TEST_CASE("bad test-hook options exit 2 with a message") {
  TempDir dir;
  RunResult run = runBinary(dir, "--frames abc " + quoted(kKecamatan));
  CHECK(run.exitCode == 2);
  CHECK(run.stderrText.find("--frames") != std::string::npos);
  run = runBinary(dir, "--no-such-option");
  CHECK(run.exitCode == 2);
  CHECK(run.stderrText.find("--no-such-option") != std::string::npos);
}

TEST_CASE("without a display, opening a file writes a snapshot instead and says where") {
  TempDir dir;
  const fs::path shot = dir.path / "snapshot.png";
  const RunResult run = runBinary(dir, "--screenshot " + quoted(shot.string()) + " " + quoted(kKecamatan),
                                  "env -u DISPLAY -u WAYLAND_DISPLAY");
  INFO("stderr: " << run.stderrText);
  CHECK(run.exitCode == 0);
  CHECK(run.stderrText.find(shot.string()) != std::string::npos);
  Image image;
  REQUIRE(image.load(shot));
  CHECK(image.width == 1920);
  CHECK(image.height == 1080);
  CHECK(statsOf(image, 0, 0, image.width, image.height).distinctColours >= 16);
}

TEST_CASE("the interface language comes from the settings file, Indonesian by default") {
  if (!haveDisplay()) return;
  TempDir indonesian, english;
  fs::create_directories(english.path / "config" / "prokus-map");
  {
    std::ofstream out(english.path / "config" / "prokus-map" / "settings.json");
    out << R"({"language": "en"})";
  }
  const fs::path idShot = indonesian.path / "id.png", enShot = english.path / "en.png";
  CHECK(runBinary(indonesian, windowArgs(idShot) + " " + quoted(kKecamatan)).exitCode == 0);
  CHECK(runBinary(english, windowArgs(enShot) + " " + quoted(kKecamatan)).exitCode == 0);
  Image idImage, enImage;
  REQUIRE(idImage.load(idShot));
  REQUIRE(enImage.load(enShot));
  // The menu bar ("Berkas Tampilan Bantuan" / "File View Help") and the panel's labels differ...
  auto differingPixels = [&](int x0, int y0, int x1, int y1) {
    int differing = 0;
    for (int y = y0; y < y1; ++y)
      for (int x = x0; x < x1; ++x) differing += idImage.pixel(x, y) != enImage.pixel(x, y);
    return differing;
  };
  CHECK(differingPixels(0, 0, 250, 18) > 50);
  CHECK(differingPixels(0, 120, 160, 360) > 200);
  // ...while the map itself is the same map (labels are place names, not translated).
  const RegionStats idMap = mapRegion(idImage), enMap = mapRegion(enImage);
  CHECK(idMap.distinctColours >= 40);
  CHECK(enMap.distinctColours >= 40);
}
