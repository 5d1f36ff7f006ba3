// The window replays the map state's suitability score without the planning panel: a slide of a
// bookmark saved with the score shows the score's fills and proposed site in a fresh session, and
// the density legend is not drawn while the score fills the polygons (slides and the panel alike).
// Without a DISPLAY the cases skip themselves (PROKUS_REQUIRE_DISPLAY=1 makes that a failure).
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "score_colours.h"
#include "window_test_support.h"

namespace fs = std::filesystem;
using namespace pk::window_test;
using nlohmann::json;

namespace {


using pk::test::Rgb;
using pk::test::countOf;
using pk::test::dominantFills;
using pk::test::purplePixels;
using pk::test::scoreClassColours;

std::map<Rgb, long> colourCounts(const Image& image) {
  std::map<Rgb, long> counts;
  for (size_t i = 0; i < image.rgb.size(); i += 3) ++counts[{image.rgb[i], image.rgb[i + 1], image.rgb[i + 2]}];
  return counts;
}

// The demo project (absolute paths) with a scenario and two slides of the same view: the score
// (the scenario named, as a bookmark of the planning panel's scenario), then the density choropleth.
fs::path writeProject(const TempDir& dir) {
  json project = pk::test::demoProjectWithScenario();
  json score = project["overlays"], density = project["overlays"];
  score["active"] = {"choropleth", "score"};
  score["score"] = {{"scenario", "Utara"}};
  project["bookmarks"] = json::array(
      {{{"name", "Skor"}, {"center_lonlat", {107.45, -6.9}}, {"metres_per_pixel_at_96dpi", 80}, {"overlays", score}},
       {{"name", "Kepadatan"}, {"center_lonlat", {107.45, -6.9}}, {"metres_per_pixel_at_96dpi", 80}, {"overlays", density}}});
  const fs::path path = dir.path / "slides.prokus.json";
  std::ofstream(path) << project.dump(1);
  return path;
}

Image shoot(const TempDir& dir, const std::string& args, const std::string& name) {
  return screenshotAfter(dir, args, name, 12);
}

}  // namespace

TEST_CASE("a score slide shows the score and its proposed site without the planning panel, and no density legend") {
  if (!haveDisplay()) return;
  TempDir dir;
  const fs::path project = writeProject(dir);
  const auto scoreSlide = colourCounts(shoot(dir, "--present --slide 1 " + quoted(project.string()), "score.png"));
  const auto densitySlide = colourCounts(shoot(dir, "--present --slide 2 " + quoted(project.string()), "density.png"));

  int classesFilled = 0;
  for (const Rgb& c : scoreClassColours()) classesFilled += countOf(scoreSlide, c) > 1000;
  CHECK(classesFilled >= 3);             // the score's fills, not the pastel base fills
  CHECK(purplePixels(scoreSlide) > 150);  // the proposed site and its legend row
  CHECK(purplePixels(densitySlide) < 20);

  // The density slide's fills are the density legend's colours: none of them on the score slide.
  const std::vector<Rgb> densityFills = dominantFills(densitySlide, 4);
  REQUIRE(densityFills.size() == 4);
  for (const Rgb& c : densityFills) {
    CHECK(countOf(densitySlide, c) > 1000);
    CHECK(countOf(scoreSlide, c) < 40);
  }
}

TEST_CASE("with the planning panel's suitability map on, the density legend is not drawn") {
  if (!haveDisplay()) return;
  TempDir dir;
  const fs::path project = writeProject(dir);
  const auto density = colourCounts(shoot(dir, "--present --slide 2 " + quoted(project.string()), "density.png"));
  const auto planning = colourCounts(shoot(dir, "--planning " + quoted(project.string()), "planning.png"));
  int classesFilled = 0;
  for (const Rgb& c : scoreClassColours()) classesFilled += countOf(planning, c) > 500;
  CHECK(classesFilled >= 3);
  for (const Rgb& c : dominantFills(density, 4)) CHECK(countOf(planning, c) < 40);
}
