// The map state replayed headless: a bookmark saved with the suitability score on renders in the
// meeting pack and in `render --bookmark` with the score's fills, its legend and the proposed sites'
// legend row, and without the density legend; a scenario names its own candidates column.
#include <doctest/doctest.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include <gdal_priv.h>
#include <nlohmann/json.hpp>

#include "score_colours.h"
#include "test_support.h"

using namespace pk::test;
using nlohmann::json;

namespace {

std::string demo(const std::string& file) { return (sourceDir() / "geodata" / file).string(); }

CommandResult prokus(const std::string& args) {
  return runCommand(std::string("env -u DISPLAY -u WAYLAND_DISPLAY ") + quote(PROKUS_BINARY) + " " + args);
}

using pk::test::Rgb;
using pk::test::countOf;
using pk::test::dominantFills;
using pk::test::purplePixels;
using pk::test::scoreClassColours;

// How many pixels of the image have each colour.
std::map<Rgb, long> colourCounts(const std::string& png) {
  GDALAllRegister();
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open(png.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  REQUIRE_MESSAGE(ds, png);
  const int w = ds->GetRasterXSize(), h = ds->GetRasterYSize();
  std::vector<std::uint8_t> rgb(static_cast<size_t>(w) * h * 3);
  int bands[] = {1, 2, 3};
  REQUIRE(ds->RasterIO(GF_Read, 0, 0, w, h, rgb.data(), w, h, GDT_Byte, 3, bands, 3, w * 3, 1) == CE_None);
  std::map<Rgb, long> counts;
  for (size_t i = 0; i < rgb.size(); i += 3) ++counts[{rgb[i], rgb[i + 1], rgb[i + 2]}];
  return counts;
}

// The demo project with absolute paths, a scenario and a bookmark holding the score overlay.
json demoProjectWithScoreBookmark() {
  json project = pk::test::demoProjectWithScenario();
  json overlays = project["overlays"];
  overlays["active"] = {"choropleth", "score"};  // as the window saved it with the suitability map on
  overlays["score"] = {{"scenario", "Utara"}};
  project["bookmarks"] = json::array({{{"name", "Skor"},
                                       {"center_lonlat", {107.45, -6.9}},
                                       {"metres_per_pixel_at_96dpi", 60},
                                       {"title", "Kesesuaian"},
                                       {"overlays", overlays}}});
  return project;
}

void checkScoreImage(const std::string& png, const std::vector<Rgb>& densityFills) {
  const auto counts = colourCounts(png);
  int scoreClassesFilled = 0;
  for (const Rgb& c : scoreClassColours()) scoreClassesFilled += countOf(counts, c) > 2000;
  CHECK_MESSAGE(scoreClassesFilled >= 3, png);
  // The density legend's swatches (and fills) are gone: its colours are not in the image.
  for (const Rgb& c : densityFills) CHECK_MESSAGE(countOf(counts, c) < 40, png);
  // The proposed site: a purple marker on the map and its legend row.
  CHECK_MESSAGE(purplePixels(counts) > 200, png);
}

}  // namespace

TEST_CASE("a bookmark saved with the suitability map renders in the meeting pack and in render --bookmark") {
  TempDir dir;
  const std::string project = dir.file("rapat.prokus.json");
  writeText(project, demoProjectWithScoreBookmark().dump(1));

  const auto pack = prokus("export-pack " + quote(project) + " -o " + quote(dir.file("pack")) + " --date 2024-05-01");
  REQUIRE_MESSAGE(pack.exitCode == 0, pack.output);
  // The legends each image shows, as derived from its map state.
  CHECK(pack.output.find("overview.png: legends: choropleth\n") != std::string::npos);
  CHECK(pack.output.find("bookmark-01-skor.png: legends: score, proposed_sites\n") != std::string::npos);
  const std::vector<Rgb> densityFills = dominantFills(colourCounts(dir.file("pack/overview.png")), 4);
  REQUIRE(densityFills.size() == 4);
  for (const Rgb& c : densityFills) {
    const auto score = scoreClassColours();
    REQUIRE(std::find(score.begin(), score.end(), c) == score.end());  // the two palettes differ
  }
  checkScoreImage(dir.file("pack/bookmark-01-skor.png"), densityFills);

  const std::string png = dir.file("skor.png");
  const auto render = prokus("render " + quote(project) + " --bookmark Skor -o " + quote(png) + " --date 2024-05-01");
  REQUIRE_MESSAGE(render.exitCode == 0, render.output);
  CHECK(render.output.find("score: scenario 'Utara'\n") != std::string::npos);
  CHECK(render.output.find("legends: score, proposed_sites\n") != std::string::npos);
  checkScoreImage(png, densityFills);
  // The same map state through both: the same pixels.
  CHECK(colourCounts(png) == colourCounts(dir.file("pack/bookmark-01-skor.png")));
}

TEST_CASE("a bookmark's score names a scenario the project lacks: exit 2, one line naming the project") {
  TempDir dir;
  json project = demoProjectWithScoreBookmark();
  project["bookmarks"][0]["overlays"]["score"]["scenario"] = "Selatan";
  const std::string path = dir.file("rapat.prokus.json");
  writeText(path, project.dump(1));
  // stderr's last line.
  const auto pack = runCommand("env -u DISPLAY -u WAYLAND_DISPLAY " + quote(PROKUS_BINARY) +
                               " export-pack " + quote(path) + " -o " + quote(dir.file("pack")) + " 2>&1 >/dev/null | tail -1");
  CHECK(pack.output == "prokus-map export-pack: rapat.prokus.json: the score overlay shows scenario 'Selatan', which the project does not have (saved "
                           "scenarios: 'Utara')\n");
  CHECK_FALSE(std::filesystem::exists(dir.file("pack/index.html")));
}

TEST_CASE("a scenario names its candidates column: the pack and rank score the table's pkh_graduates") {
  TempDir dir;
  json project = demoProjectWithScoreBookmark();
  project["scenarios"][0]["criteria"] = {{{"name", "candidates"}, {"weight", 60}}, {{"name", "coverage_gap"}, {"weight", 40}}};
  project["scenarios"][0]["candidates_column"] = "pkh_graduates";
  const std::string path = dir.file("rapat.prokus.json");
  writeText(path, project.dump(1));
  const auto pack = prokus("export-pack " + quote(path) + " -o " + quote(dir.file("pack")) + " --date 2024-05-01");
  REQUIRE_MESSAGE(pack.exitCode == 0, pack.output);
  const std::string ranking = readText(dir.file("pack/ranking.csv"));
  CHECK(ranking.rfind("rank,code,name,score,c_candidates,c_coverage_gap,excluded", 0) == 0);

  const auto rank = prokus("rank --project " + quote(path) + " --scenario Utara --boundaries " +
                           quote(demo("kbb_kecamatan_schematic.geojson")) + " --beneficiaries " +
                           quote(demo("synthetic_kpm_beneficiaries.csv")) + " --mentors " +
                           quote(demo("synthetic_mentors.csv")) + " --candidates " +
                           quote(demo("synthetic_kecamatan_pkh.csv")) + " 2>/dev/null");
  REQUIRE_MESSAGE(rank.exitCode == 0, rank.output);
  CHECK(rank.output.find("c_candidates") != std::string::npos);

  // A column the table lacks: exit 2, the file and the column named.
  project["scenarios"][0]["candidates_column"] = "calon_kpm";
  writeText(path, project.dump(1));
  const auto bad = prokus("export-pack " + quote(path) + " -o " + quote(dir.file("pack2")) + " 2>&1 >/dev/null | tail -1");
  CHECK(bad.output.find("synthetic_kecamatan_pkh.csv: no column named 'calon_kpm'") != std::string::npos);
}
