// The window's fitted view keeps the map furniture off the polygons, as `render` does: at 1366x768
// with the demo project (title, legend, scale bar, schematic note), the furniture boxes the window
// draws (printed by the --export-at-window-size hook) cover no polygon of the fitted view.
#include <doctest/doctest.h>

#include <set>

#include "core/layer_io.h"
#include "core/map_document.h"
#include "furniture_clearance.h"
#include "window_test_support.h"

using namespace pk::window_test;
using namespace pk::fit_test;

TEST_CASE("the window's fit at 1366x768 leaves the title band, legend, scale bar and note off the polygons") {
  if (!haveDisplay()) return;
  pk::initGdal();
  TempDir dir;
  const std::string project = std::string(PROKUS_SOURCE_DIR) + "/geodata/demo.prokus.json";
  const fs::path exported = dir.path / "area.png", shot = dir.path / "window.png";
  const RunResult run = runBinary(dir, "--window-size 1366x768 --frames 12 " + quoted(project) +
                                           " --screenshot " + quoted(shot.string()) + " --export-at-window-size " +
                                           quoted(exported.string()));
  INFO("stderr: " << run.stderrText);
  REQUIRE(run.exitCode == 0);

  pk::MapDocument doc;
  doc.openFile(std::string(PROKUS_SOURCE_DIR) + "/geodata/kbb_kecamatan_schematic.geojson");
  REQUIRE(doc.boundary());
  const auto boxes = boxesIn(run.stderrText, "prokus-map: furniture");
  std::set<std::string> checked;
  for (const auto& [name, box] : boxes) {
    if (name != "title" && name != "legend" && name != "scale_bar" && name != "schematic_note") continue;
    CAPTURE(name);
    CHECK(polygonSamplesUnder(exported.string(), *doc.boundary(), box) == 0);
    checked.insert(name);
  }
  CHECK(checked.count("title"));
  CHECK(checked.count("scale_bar"));
  CHECK(checked.count("schematic_note"));
  CHECK(checked.count("legend"));
}
