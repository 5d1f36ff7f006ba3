// For the tests of the suitability map: the demo project with a scenario, and colour counting (the
// score classes' fills, the dominant polygon fills, the proposed sites' purple markers).
#pragma once
#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/suitability.h"
#include "render/score_overlay.h"

namespace pk::test {

// The demo project with its data by absolute path and one scenario, "Utara" (beneficiaries and
// coverage gap at 50 each, one proposed site).
inline nlohmann::json demoProjectWithScenario() {
  const auto demo = [](const std::string& file) { return std::string(PROKUS_SOURCE_DIR) + "/geodata/" + file; };
  std::ifstream in(demo("demo.prokus.json"));
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json project = nlohmann::json::parse(text.str());
  project["layers"][0]["path"] = demo("kbb_kecamatan_schematic.geojson");
  for (auto& [role, source] : project["programme"].items()) source["path"] = demo(source["path"].get<std::string>());
  project["scenarios"] = nlohmann::json::array({{{"name", "Utara"},
                                                 {"criteria", {{{"name", "beneficiaries"}, {"weight", 50}},
                                                               {{"name", "coverage_gap"}, {"weight", 50}}}},
                                                 {"proposed_sites", {{{"lon", 107.5}, {"lat", -6.85}}}}}});
  return project;
}

using Rgb = std::tuple<int, int, int>;

inline long countOf(const std::map<Rgb, long>& counts, const Rgb& c) { return counts.count(c) ? counts.at(c) : 0; }

// The score classes' colours, as the score overlay fills them.
inline std::vector<Rgb> scoreClassColours() {
  SuitabilityResult result;
  for (double s : {10.0, 30.0, 50.0, 70.0, 90.0}) {
    PolygonScore p;
    p.score = s;
    result.polygons.push_back(p);
  }
  MapView view;
  view.widthPx = view.heightPx = 100;
  std::vector<Rgb> out;
  for (const Rgba& c : buildScoreOverlay(result, view, {}).fills) out.push_back({c.r, c.g, c.b});
  return out;
}

// The n most common colours that are neither white-ish nor grey: the polygon fills.
inline std::vector<Rgb> dominantFills(const std::map<Rgb, long>& counts, size_t n) {
  std::vector<std::pair<long, Rgb>> byCount;
  for (const auto& [c, k] : counts) {
    const auto [r, g, b] = c;
    if (std::max({r, g, b}) - std::min({r, g, b}) >= 20) byCount.push_back({k, c});  // not white, grey, black
  }
  std::sort(byCount.rbegin(), byCount.rend());
  std::vector<Rgb> out;
  for (size_t i = 0; i < byCount.size() && i < n; ++i) out.push_back(byCount[i].second);
  return out;
}

// Pixels of the proposed mentor sites' purple.
inline long purplePixels(const std::map<Rgb, long>& counts) {
  long purple = 0;
  for (const auto& [c, k] : counts) {
    const auto [r, g, b] = c;
    purple += (r > 100 && r < 140 && g > 25 && g < 60 && b > 145 && b < 180) ? k : 0;
  }
  return purple;
}

}  // namespace pk::test
