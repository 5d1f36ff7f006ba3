// Panels dock beside the map, never over it (issue 10, item 7): at 1366x768 (the usual office laptop)
// with the planning or the overlay panel open, and at UI scale 125%, the window's map area shows
// the same pixels as the export of that area (nothing lies over it), keeps most of the window's
// width, and the fitted map's polygons lie inside it (none touches its edge).
// Without a DISPLAY the cases skip themselves (PROKUS_REQUIRE_DISPLAY=1 makes that a failure).
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "window_test_support.h"

namespace fs = std::filesystem;
using namespace pk::window_test;

namespace {

const std::string kDemoProject = std::string(PROKUS_SOURCE_DIR) + "/geodata/demo.prokus.json";

// The window at 1366x768 and the export of its map area at the map area's own size
// ("map area WxH at (X,Y) exported to PATH" on stderr).
struct MapAreaRun {
  Image window, exported;
  int w = 0, h = 0, x = 0, y = 0;
};
MapAreaRun runAt1366(const TempDir& dir, const std::string& args) {
  const fs::path shot = dir.path / "window.png", exported = dir.path / "export.png";
  const RunResult run = runBinary(dir, "--window-size 1366x768 --frames 12 " + quoted(kDemoProject) + " " + args +
                                           " --screenshot " + quoted(shot.string()) + " --export-at-window-size " +
                                           quoted(exported.string()));
  INFO("stderr: " << run.stderrText);
  REQUIRE(run.exitCode == 0);
  MapAreaRun r;
  const auto at = run.stderrText.find("map area ");
  REQUIRE(at != std::string::npos);
  REQUIRE(std::sscanf(run.stderrText.c_str() + at, "map area %dx%d at (%d,%d)", &r.w, &r.h, &r.x, &r.y) == 4);
  REQUIRE(r.window.load(shot));
  REQUIRE(r.exported.load(exported));
  REQUIRE(r.window.width == 1366);
  REQUIRE(r.x + r.w <= r.window.width);
  REQUIRE(r.y + r.h <= r.window.height);
  return r;
}

// Share of the map area's pixels in the window that differ from the export: a panel over the map.
double coveredShare(const MapAreaRun& r) {
  long differ = 0;
  for (int row = 0; row < r.exported.height; ++row)
    for (int col = 0; col < r.exported.width; ++col)
      differ += r.window.pixel(r.x + col, r.y + row) != r.exported.pixel(col, row);
  return double(differ) / (double(r.exported.width) * r.exported.height);
}

// Outline pixels (the boundary's dark grey) in the outermost `band` pixels of the map image: a
// polygon cut by the map area's edge.
long outlinePixelsAtEdge(const Image& image, int band) {
  long n = 0;
  for (int y = 0; y < image.height; ++y)
    for (int x = 0; x < image.width; ++x) {
      const bool edge = x < band || y < band || x >= image.width - band || y >= image.height - band;
      n += edge && image.luminance(x, y) < 90;
    }
  return n;
}

void checkMapNotCovered(const MapAreaRun& r, double minWidthShare) {
  CAPTURE(r.w);
  CAPTURE(r.h);
  CAPTURE(r.x);
  CHECK(r.w >= minWidthShare * r.window.width);
  CHECK(coveredShare(r) < 0.005);
  CHECK(outlinePixelsAtEdge(r.exported, 3) == 0);
}

}  // namespace

TEST_CASE("at 1366x768 the planning panel docks beside the map: no pixel of the map area is hidden") {
  if (!haveDisplay()) return;
  TempDir dir;
  checkMapNotCovered(runAt1366(dir, "--planning"), 0.5);
}

TEST_CASE("at 1366x768 the overlay panel docks beside the map, the layer panel stays") {
  if (!haveDisplay()) return;
  TempDir dir;
  const MapAreaRun r = runAt1366(dir, "--open-panel overlays");
  checkMapNotCovered(r, 0.5);
  CHECK(r.x >= 200);  // the layer panel (not its strip) left of the map
}

TEST_CASE("at UI scale 125% with the planning panel the map keeps most of the width, uncovered") {
  if (!haveDisplay()) return;
  TempDir dir;
  fs::create_directories(dir.path / "config" / "prokus-map");
  std::ofstream(dir.path / "config" / "prokus-map" / "settings.json") << R"({"ui_scale": 1.25})";
  checkMapNotCovered(runAt1366(dir, "--planning"), 0.5);
}

TEST_CASE("the indicator table docks below the map with both side panels open") {
  if (!haveDisplay()) return;
  TempDir dir;
  const MapAreaRun r = runAt1366(dir, "--planning --open-panel overlays --open-panel table");
  checkMapNotCovered(r, 0.5);
  CHECK(r.y + r.h < r.window.height - 150);  // the table below it
}
