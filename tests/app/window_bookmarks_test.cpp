// Issue 10, item 17: at 1366x768 the furniture panel shows every label and choice whole, in both
// languages, and the bookmark window (docked beside the map) shows a thumbnail of each bookmark's
// view, rendered as its export is (so in the map's own fill colours).
// Without a DISPLAY the cases skip themselves (PROKUS_REQUIRE_DISPLAY=1 makes that a failure).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "window_test_support.h"

namespace fs = std::filesystem;
using namespace pk::window_test;

namespace {

const fs::path kGeodata = fs::path(PROKUS_SOURCE_DIR) / "geodata";

void useLanguage(const TempDir& dir, const std::string& language) {
  fs::create_directories(dir.path / "config" / "prokus-map");
  std::ofstream(dir.path / "config" / "prokus-map" / "settings.json") << nlohmann::json{{"language", language}}.dump();
}

// The demo project copied into `dir` with two bookmarks of different places.
fs::path demoWithTwoBookmarks(const TempDir& dir) {
  for (const auto& e : fs::directory_iterator(kGeodata)) fs::copy_file(e.path(), dir.path / e.path().filename());
  nlohmann::json project = nlohmann::json::parse(readFile(dir.path / "demo.prokus.json"));
  project["bookmarks"] = nlohmann::json::array(
      {{{"name", "Utara"}, {"center_lonlat", {107.50, -6.86}}, {"metres_per_pixel_at_96dpi", 30}, {"title", "Lembang"}},
       {{"name", "Selatan"}, {"center_lonlat", {107.38, -7.00}}, {"metres_per_pixel_at_96dpi", 30}, {"title", ""}}});
  const fs::path path = dir.path / "two-bookmarks.prokus.json";
  std::ofstream(path) << project.dump(1);
  return path;
}

bool isGreyish(unsigned rgb) {
  const int r = (rgb >> 16) & 255, g = (rgb >> 8) & 255, b = rgb & 255;
  return std::max({r, g, b}) - std::min({r, g, b}) < 24;
}

}  // namespace

TEST_CASE("at 1366x768 the furniture panel shows every label and choice whole, in Indonesian and English") {
  if (!haveDisplay()) return;
  for (const std::string language : {"id", "en"}) {
    CAPTURE(language);
    TempDir dir;
    useLanguage(dir, language);
    const RunResult run = runBinary(dir, "--window-size 1366x768 --frames 8 " +
                                             quoted((kGeodata / "demo.prokus.json").string()) +
                                             " --open-panel furniture --report-cut-text");
    INFO("stderr: " << run.stderrText);
    REQUIRE(run.exitCode == 0);
    int checked = -1, cut = -1;
    const auto at = run.stderrText.find("furniture panel: ");
    REQUIRE(at != std::string::npos);
    REQUIRE(std::sscanf(run.stderrText.c_str() + at, "furniture panel: %d labels checked, %d cut", &checked, &cut) == 2);
    CHECK(checked >= 16);  // the eight items' names and their eight corner choices at least
    CHECK(cut == 0);
  }
}

TEST_CASE("the bookmark window beside the map shows a thumbnail of each bookmark in the map's colours") {
  if (!haveDisplay()) return;
  TempDir dir;
  const fs::path project = demoWithTwoBookmarks(dir);
  const fs::path shot = dir.path / "window.png", exported = dir.path / "export.png";
  const RunResult run = runBinary(dir, "--window-size 1366x768 --frames 12 " + quoted(project.string()) +
                                           " --open-panel bookmarks --screenshot " + quoted(shot.string()) +
                                           " --export-at-window-size " + quoted(exported.string()));
  INFO("stderr: " << run.stderrText);
  REQUIRE(run.exitCode == 0);
  int w = 0, h = 0, x = 0, y = 0;
  const auto at = run.stderrText.find("map area ");
  REQUIRE(at != std::string::npos);
  REQUIRE(std::sscanf(run.stderrText.c_str() + at, "map area %dx%d at (%d,%d)", &w, &h, &x, &y) == 4);
  Image window, map;
  REQUIRE(window.load(shot));
  REQUIRE(map.load(exported));

  // The map's fill colours: the colours that cover many pixels of the exported map, not its greys.
  std::map<unsigned, long> counts;
  for (int row = 0; row < map.height; ++row)
    for (int col = 0; col < map.width; ++col) ++counts[map.pixel(col, row)];
  std::set<unsigned> fills;
  for (const auto& [colour, n] : counts)
    if (n >= 500 && !isGreyish(colour)) fills.insert(colour);
  REQUIRE(fills.size() >= 3);

  // Right of the map area lies the docked bookmark window: rows holding map fill colours there,
  // grouped into blocks (a thumbnail each).
  REQUIRE(x + w < window.width);
  std::vector<int> blocks;  // heights
  int run_ = 0;
  for (int row = 0; row < window.height; ++row) {
    int n = 0;
    for (int col = x + w; col < window.width; ++col) n += fills.count(window.pixel(col, row));
    if (n >= 8) {
      ++run_;
    } else if (run_ > 0) {
      blocks.push_back(run_);
      run_ = 0;
    }
  }
  if (run_ > 0) blocks.push_back(run_);
  std::string heights;
  for (int b : blocks) heights += std::to_string(b) + " ";
  CAPTURE(heights);
  REQUIRE(blocks.size() == 2);
  CHECK(blocks[0] >= 30);
  CHECK(blocks[1] >= 30);
}
