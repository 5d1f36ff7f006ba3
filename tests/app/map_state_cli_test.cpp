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

#include "core/suitability.h"
#include "render/score_overlay.h"
#include "test_support.h"

using namespace pk::test;
using nlohmann::json;

namespace {

std::string demo(const std::string& file) { return (sourceDir() / "geodata" / file).string(); }

CommandResult prokus(const std::string& args) {
  return runCommand(std::string("env -u DISPLAY -u WAYLAND_DISPLAY ") + quote(PROKUS_BINARY) + " " + args);
}

using Rgb = std::tuple<int, int, int>;

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

// The score classes' colours, as the score overlay fills them.
std::vector<Rgb> scoreClassColours() {
  pk::SuitabilityResult result;
  for (double s : {10.0, 30.0, 50.0, 70.0, 90.0}) {
    pk::PolygonScore p;
    p.score = s;
    result.polygons.push_back(p);
  }
  pk::MapView view;
  view.widthPx = view.heightPx = 100;
  const pk::ScoreOverlay overlay = pk::buildScoreOverlay(result, view, {});
  std::vector<Rgb> out;
  for (const pk::Rgba& c : overlay.fills) out.push_back({c.r, c.g, c.b});
  return out;
}

// The most common colours of an image that are neither white-ish nor grey: the polygon fills.
std::vector<Rgb> dominantFills(const std::map<Rgb, long>& counts, size_t n) {
  std::vector<std::pair<long, Rgb>> byCount;
  for (const auto& [c, k] : counts) {
    const auto [r, g, b] = c;
    if (std::max({r, g, b}) - std::min({r, g, b}) < 20) continue;  // white, grey, black
    byCount.push_back({k, c});
  }
  std::sort(byCount.rbegin(), byCount.rend());
  std::vector<Rgb> out;
  for (size_t i = 0; i < byCount.size() && i < n; ++i) out.push_back(byCount[i].second);
  return out;
}

// The demo project with absolute paths, a scenario and a bookmark holding the score overlay.
json demoProjectWithScoreBookmark() {
  json project = json::parse(readText(demo("demo.prokus.json")));
  project["layers"][0]["path"] = demo("kbb_kecamatan_schematic.geojson");
  for (auto& [role, source] : project["programme"].items()) source["path"] = demo(source["path"].get<std::string>());
  project["scenarios"] = json::array({{{"name", "Utara"},
                                       {"criteria", {{{"name", "beneficiaries"}, {"weight", 50}},
                                                     {{"name", "coverage_gap"}, {"weight", 50}}}},
                                       {"proposed_sites", {{{"lon", 107.5}, {"lat", -6.85}}}}}});
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
  for (const Rgb& c : scoreClassColours()) scoreClassesFilled += counts.count(c) && counts.at(c) > 2000;
  CHECK_MESSAGE(scoreClassesFilled >= 3, png);
  // The density legend's swatches (and fills) are gone: its colours are not in the image.
  for (const Rgb& c : densityFills) CHECK_MESSAGE((counts.count(c) ? counts.at(c) : 0) < 40, png);
  // The proposed site: a purple marker on the map and its legend row.
  long purple = 0;
  for (const auto& [c, k] : counts) {
    const auto [r, g, b] = c;
    purple += (r > 100 && r < 140 && g > 25 && g < 60 && b > 145 && b < 180) ? k : 0;
  }
  CHECK_MESSAGE(purple > 200, png);
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
  const auto pack = prokus("export-pack " + quote(path) + " -o " + quote(dir.file("pack")) + " 2>&1 >/dev/null | tail -1");
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
