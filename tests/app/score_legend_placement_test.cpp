// The suitability score's legend goes through the map furniture like the programme overlays' legend
// (one legend block, the score first): at a narrow 1000x700 the window and `render` place it
// where the furniture layout puts it, clear of the title and, by the fit, of the polygons.
// Without a DISPLAY the cases skip themselves (PROKUS_REQUIRE_DISPLAY=1 makes that a failure).
#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "core/layer_io.h"
#include "core/map_document.h"
#include "furniture_clearance.h"
#include "score_colours.h"
#include "window_test_support.h"

namespace fs = std::filesystem;
using namespace pk::window_test;
using namespace pk::fit_test;
using nlohmann::json;

namespace {

// The demo project with the score of scenario "Utara" on (and `others` overlays with it).
fs::path writeProject(const TempDir& dir, const json& active) {
  json project = pk::test::demoProjectWithScenario();
  project["overlays"]["active"] = active;
  project["overlays"]["score"] = {{"scenario", "Utara"}};
  const fs::path path = dir.path / "score.prokus.json";
  std::ofstream(path) << project.dump(1);
  return path;
}

bool intersects(const pk::BBox& a, const pk::BBox& b) {
  return a.minx < b.maxx && b.minx < a.maxx && a.miny < b.maxy && b.miny < a.maxy;
}

// The furniture boxes of `text` (lines "PREFIX NAME at ... px"): the legend clear of every other
// box and, in `image`, of the polygons.
void checkLegendPlaced(const std::string& text, const std::string& prefix, const std::string& image) {
  pk::MapDocument doc;
  doc.openFile(std::string(PROKUS_SOURCE_DIR) + "/geodata/kbb_kecamatan_schematic.geojson");
  REQUIRE(doc.boundary());
  const auto boxes = boxesIn(text, prefix);
  pk::BBox legend, title;
  for (const auto& [name, box] : boxes) {
    if (name == "legend") legend = box;
    if (name == "title") title = box;
  }
  REQUIRE_FALSE(legend.empty());
  REQUIRE_FALSE(title.empty());
  // Tall enough for the score panel (heading, weights, five classes and the proposed site).
  CHECK(legend.height() > 100);
  for (const auto& [name, box] : boxes)
    if (name != "legend") {
      CAPTURE(name);
      CHECK_FALSE(intersects(legend, box));
    }
  CHECK(polygonSamplesUnder(image, *doc.boundary(), legend) == 0);
}

}  // namespace

TEST_CASE("the window at 1000x700 places the score legend with the furniture, clear of title and polygons") {
  if (!haveDisplay()) return;
  pk::initGdal();
  TempDir dir;
  for (const json& active : {json::array({"score"}), json::array({"score", "mentors"})}) {
    CAPTURE(active.dump());
    const fs::path project = writeProject(dir, active);
    const fs::path exported = dir.path / "area.png", shot = dir.path / "window.png";
    const RunResult run = runBinary(dir, "--window-size 1000x700 --frames 12 " + quoted(project.string()) +
                                             " --screenshot " + quoted(shot.string()) + " --export-at-window-size " +
                                             quoted(exported.string()));
    INFO("stderr: " << run.stderrText);
    REQUIRE(run.exitCode == 0);
    checkLegendPlaced(run.stderrText, "prokus-map: furniture", exported.string());
  }
}

TEST_CASE("render at 1000x700 places the score legend with the furniture, clear of title and polygons") {
  pk::initGdal();
  TempDir dir;
  for (const json& active : {json::array({"score"}), json::array({"score", "mentors"})}) {
    CAPTURE(active.dump());
    const fs::path project = writeProject(dir, active);
    const fs::path image = dir.path / "score.tif";
    const RunResult run =
        runBinary(dir, "render " + quoted(project.string()) + " --size 1000x700 -o " + quoted(image.string()));
    INFO("stderr: " << run.stderrText);
    REQUIRE(run.exitCode == 0);
    checkLegendPlaced(run.stderrText, "prokus-map render: furniture", image.string());
  }
}
