// A planner's day, end to end, through the script that also makes the README's screenshots
// (tools/planner_day.sh): open the demo, plan with the suitability map, bookmark it, save; present
// the bookmark; export a snapshot and the meeting pack. Each step is a fresh window on the project
// the step before saved, so every step shows what the saved map state replays. Checked at each
// step: the score's classes are what is drawn and the density choropleth (whose legend would then be
// stale) is not; the pack is written whole (its manifest's files, nothing temporary left beside).
// Without a DISPLAY the case skips itself (PROKUS_REQUIRE_DISPLAY=1 makes that a failure).
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/pack_folder.h"
#include "score_colours.h"
#include "window_test_support.h"

namespace fs = std::filesystem;
using namespace pk::window_test;
using pk::test::Rgb;
using pk::test::countOf;
using pk::test::dominantFills;
using pk::test::scoreClassColours;

namespace {

std::map<Rgb, long> colourCounts(const fs::path& png) {
  Image image;
  REQUIRE_MESSAGE(image.load(png), png.string());
  std::map<Rgb, long> counts;
  for (size_t i = 0; i < image.rgb.size(); i += 3) ++counts[{image.rgb[i], image.rgb[i + 1], image.rgb[i + 2]}];
  return counts;
}

// How many of the score's five class colours fill a visible area of the image.
int scoreClassesShown(const std::map<Rgb, long>& counts) {
  int shown = 0;
  for (const Rgb& c : scoreClassColours()) shown += countOf(counts, c) > 300;
  return shown;
}

}  // namespace

TEST_CASE("a planner's day: plan, bookmark, present, export a snapshot and the meeting pack") {
  if (!haveDisplay()) return;
  TempDir dir;
  const fs::path out = dir.path / "day";
  const std::string script = std::string(PROKUS_SOURCE_DIR) + "/tools/planner_day.sh";
  const std::string demo = std::string(PROKUS_SOURCE_DIR) + "/geodata/demo.prokus.json";
  const fs::path log = dir.path / "day.log";
  const int status = std::system(("XDG_CONFIG_HOME=" + quoted((dir.path / "config").string()) + " " + quoted(script) +
                                  " " + quoted(kBinary) + " " + quoted(out.string()) + " " + quoted(demo) + " >" +
                                  quoted(log.string()) + " 2>&1")
                                     .c_str());
  INFO("script output: " << readFile(log));
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);

  // The density choropleth's fills, as the demo opens (the colours a stale legend would describe).
  const RunResult plain = runBinary(dir, "--window-size 1366x768 --frames 10 " + quoted(demo) + " --screenshot " +
                                             quoted((dir.path / "density.png").string()));
  REQUIRE(plain.exitCode == 0);
  const std::vector<Rgb> densityFills = dominantFills(colourCounts(dir.path / "density.png"), 4);
  REQUIRE(densityFills.size() == 4);

  // 1. Plan: the bookmark holds the score, and the saved project replays it.
  const nlohmann::json saved = nlohmann::json::parse(readFile(out / "day.prokus.json"));
  REQUIRE(saved.at("bookmarks").size() == 1);
  CHECK(saved["bookmarks"][0]["name"] == "Calon lokasi");
  CHECK(saved["bookmarks"][0]["overlays"]["active"] == nlohmann::json({"choropleth", "score"}));
  // 1-3. The window planning, the slide and the exported snapshot all show the score, not the density.
  for (const char* image : {"1-plan.png", "2-present.png", "3-snapshot.png"}) {
    CAPTURE(image);
    const auto counts = colourCounts(out / image);
    CHECK(scoreClassesShown(counts) >= 3);
    for (const Rgb& c : densityFills) CHECK(countOf(counts, c) < 40);
  }
  CHECK(fs::exists(out / "3-snapshot.pgw"));

  // 4. The meeting pack: whole (every file its manifest lists), its bookmark slide the score map,
  // nothing temporary left in the pack or beside it.
  const fs::path pack = out / "pack";
  const std::vector<std::string> files = pk::packManifestFiles(pack.string());
  CHECK(files.size() >= 5);
  for (const std::string& f : files) CHECK_MESSAGE(fs::exists(pack / f), f);
  CHECK(fs::exists(pack / "index.html"));
  const auto slide = colourCounts(pack / "bookmark-01-calon-lokasi.png");
  CHECK(scoreClassesShown(slide) >= 3);
  for (const Rgb& c : densityFills) CHECK(countOf(slide, c) < 40);
  for (const fs::path& folder : {out, pack})
    for (const auto& entry : fs::directory_iterator(folder)) {
      const std::string name = entry.path().filename().string();
      CHECK_MESSAGE(name.find(".prokus-tmp-") == std::string::npos, name);
      CHECK_MESSAGE(name.find(".prokus-pack-") == std::string::npos, name);
    }
}
