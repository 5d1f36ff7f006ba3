// The suitability choropleth: fills follow the legend exactly; `render --overlay score` draws them on
// the real kecamatan with generated beneficiaries.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/layer_io.h"
#include "core/palette.h"
#include "core/projection.h"
#include "core/suitability.h"
#include "render/score_overlay.h"
#include "test_support.h"

using namespace pk;

namespace {

SuitabilityResult fourPolygons() {
  SuitabilityInput input;
  input.codes = {"a", "b", "c", "d"};
  input.criteria = {{"candidates", {0, 30, 100, std::nan("")}}};
  SuitabilitySettings settings;
  settings.criteria = {defaultCriterionSetting("candidates", 1)};
  settings.perturbations = 0;
  return scoreSuitability(input, settings);
}

MapView smallView() {
  MapView view;
  view.widthPx = 800;
  view.heightPx = 600;
  return view;
}

}  // namespace

TEST_CASE("score overlay: fixed 20-point classes, excluded grey, fills equal the legend's colours") {
  const SuitabilityResult r = fourPolygons();
  const ScoreOverlay o = buildScoreOverlay(r, smallView());
  REQUIRE(o.fills.size() == 4);
  const auto greens = paletteColors("Greens", 5);
  CHECK(o.legend.classColors == greens);
  CHECK(o.legend.classification.bounds == scoreClassBounds());
  CHECK(o.fills[0] == greens[0]);  // score 0
  CHECK(o.fills[1] == greens[1]);  // score 30
  CHECK(o.fills[2] == greens[4]);  // score 100
  CHECK(o.fills[3] == o.legend.missingColor);  // excluded: missing value
  for (size_t i = 0; i < 4; ++i) CHECK(o.fills[i] == o.legend.colorFor(r.polygons[i].excluded ? NAN : r.polygons[i].score));
  const auto missing = std::find_if(o.legend.entries.begin(), o.legend.entries.end(),
                                    [](const LegendEntry& e) { return e.kind == LegendEntryKind::Missing; });
  REQUIRE(missing != o.legend.entries.end());
  CHECK(missing->label == "Dikecualikan");
  CHECK(missing->count == 1);

  CHECK_FALSE(o.furniture.empty());
  // Drawn at the origin: the furniture places it (mapLegendBlock).
  CHECK(o.legendBox.minx == 0);
  CHECK(o.legendBox.miny == 0);
  CHECK(o.legendBox.maxx <= 800);
  CHECK(o.legendBox.maxy <= 600);
  const auto& s = o.furniture.strings;
  CHECK(std::find(s.begin(), s.end(), "Skor kesesuaian (0\u2013100)") != s.end());
  // The legend names criteria as the planning panel does, never by their internal names.
  CHECK(std::find(s.begin(), s.end(), "Bobot: Kandidat 100%") != s.end());
  CHECK(std::find(s.begin(), s.end(), "Bobot: candidates 100%") == s.end());

  ScoreOverlayOptions english;
  english.language = Language::English;
  const ScoreOverlay e = buildScoreOverlay(r, smallView(), english);
  CHECK(std::find(e.furniture.strings.begin(), e.furniture.strings.end(), "Excluded") != e.furniture.strings.end());
  CHECK(e.legendBox.minx == 0);
  english.legend = false;
  CHECK(buildScoreOverlay(r, smallView(), english).furniture.empty());
}

TEST_CASE("score overlay: a score a hair above 100 from rounding still gets the top class") {
  SuitabilityResult r = fourPolygons();
  r.polygons[2].score = 100.00000000000001;
  const ScoreOverlay o = buildScoreOverlay(r, smallView());
  CHECK(o.fills[2] == paletteColors("Greens", 5)[4]);
}

TEST_CASE("render --overlay score colours the kecamatan by their suitability class") {
  test::TempDir dir;
  // Beneficiaries per kecamatan: kecamatan i (code order) gets 2 + 2 i rows on its first desa point.
  std::map<std::string, std::pair<std::string, std::string>> firstPoint;  // kec code -> lon, lat
  {
    std::istringstream in(test::readText(test::sharedGeodata("kbb_desa_points.csv").string()));
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      std::vector<std::string> f;
      std::stringstream ss(line);
      std::string cell;
      while (std::getline(ss, cell, ',')) f.push_back(cell);
      if (!firstPoint.count(f[2])) firstPoint[f[2]] = {f[5], f[4]};
    }
  }
  REQUIRE(firstPoint.size() == 16);
  const std::string kpm = dir.file("kpm.csv");
  std::vector<std::string> codes;
  {
    std::ofstream out(kpm);
    out << "id,lon,lat\n";
    int i = 0, id = 0;
    for (const auto& [code, p] : firstPoint) {
      codes.push_back(code);
      for (int k = 0; k < 2 + 2 * i; ++k) out << "K" << id++ << ',' << p.first << ',' << p.second << '\n';
      ++i;
    }
  }
  const std::string png = dir.file("score.png");
  const std::string shp = test::sharedGeodata("kbb_kecamatan.shp").string();
  const auto r = test::runCommand("env -u DISPLAY -u WAYLAND_DISPLAY " + test::quote(PROKUS_BINARY) + " render " +
                                  test::quote(shp) + " -o " + test::quote(png) + " --size 900x900 --plain --beneficiaries " +
                                  test::quote(kpm) + " --overlay score --weights beneficiaries=1 --exclude " + codes[3]);
  INFO(r.output);
  REQUIRE(r.exitCode == 0);

  // Colours at each kecamatan's label point (far from its edges).
  initGdal();
  const MapProjection utm(32748);
  const LayerPtr layer = loadBoundaryLayer(shp, utm);
  std::ostringstream points;
  points.precision(10);
  std::vector<std::string> order;
  for (size_t f = 0; f < layer->features.size(); ++f) {
    const Vec2 ll = utm.toLonLat(layer->labelPoint(f));
    points << ll.x << ' ' << ll.y << '\n';
    order.push_back(layer->featureCode(f));
  }
  test::writeText(dir.file("points.txt"), points.str());
  const auto info = test::runCommand("gdallocationinfo -wgs84 -valonly " + test::quote(png) + " < " +
                                     test::quote(dir.file("points.txt")));
  REQUIRE(info.exitCode == 0);
  std::istringstream values(info.output);
  const auto greens = paletteColors("Greens", 5);
  for (const std::string& code : order) {
    int red = 0, green = 0, blue = 0;
    values >> red >> green >> blue;
    const int i = int(std::find(codes.begin(), codes.end(), code) - codes.begin());
    REQUIRE(i < 16);
    Rgba want{189, 189, 189, 255};  // excluded
    if (i != 3) {
      // Min-max over the 15 eligible: counts 2 + 2 i, minimum 2 (i = 0), maximum 32 (i = 15).
      const double score = 100.0 * (2 * i) / 30;
      const int cls = score <= 20 ? 0 : score <= 40 ? 1 : score <= 60 ? 2 : score <= 80 ? 3 : 4;
      want = greens[cls];
    }
    CHECK_MESSAGE((red == want.r && green == want.g && blue == want.b),
                  code << ": got " << red << "," << green << "," << blue);
  }

  const auto bad = test::runCommand("env -u DISPLAY -u WAYLAND_DISPLAY " + test::quote(PROKUS_BINARY) + " render " +
                                    test::quote(shp) + " -o " + test::quote(png) + " --beneficiaries " + test::quote(kpm) +
                                    " --overlay score --weights popularity=1");
  CHECK(bad.exitCode == 2);
  CHECK(bad.output.find("valid criteria: beneficiaries, density") != std::string::npos);
}
