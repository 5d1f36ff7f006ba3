// Saved scenarios survive the project file: load, save and load again keep every field.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/layer_io.h"
#include "core/map_document.h"
#include "core/project_file.h"
#include "core/scenario.h"
#include "test_support.h"

using namespace pk;

namespace {

std::vector<Scenario> twoScenarios() {
  Scenario a;
  a.name = "Utara";
  a.suitability.criteria = {defaultCriterionSetting("candidates", 40), defaultCriterionSetting("coverage_gap", 60)};
  a.suitability.criteria[1].normalisation = Normalisation::Rank;
  a.suitability.excludedCodes = {"32.17.05", "32.17.11"};
  a.suitability.minimums = {{"candidates", 50}};
  a.suitability.missing = MissingPolicy::Worst;
  a.suitability.topN = 3;
  a.suitability.seed = 7;
  a.radiusKm = 2.5;
  a.newSites = 3;
  a.proposedSites = {{107.412345, -6.912345, 42}, {107.5, -6.8, 7}};
  Scenario b;
  b.name = "Dekat kantor";
  b.suitability.criteria = {defaultCriterionSetting("distance_office", 1)};
  b.suitability.criteria[0].direction = Direction::MoreIsBetter;  // flipped from the default
  return {a, b};
}

void checkSame(const std::vector<Scenario>& got, const std::vector<Scenario>& want) {
  REQUIRE(got.size() == want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    const Scenario &g = got[i], &w = want[i];
    CHECK(g.name == w.name);
    REQUIRE(g.suitability.criteria.size() == w.suitability.criteria.size());
    for (size_t c = 0; c < w.suitability.criteria.size(); ++c) {
      CHECK(g.suitability.criteria[c].name == w.suitability.criteria[c].name);
      CHECK(g.suitability.criteria[c].weight == w.suitability.criteria[c].weight);
      CHECK(g.suitability.criteria[c].direction == w.suitability.criteria[c].direction);
      CHECK(g.suitability.criteria[c].normalisation == w.suitability.criteria[c].normalisation);
    }
    CHECK(g.suitability.excludedCodes == w.suitability.excludedCodes);
    REQUIRE(g.suitability.minimums.size() == w.suitability.minimums.size());
    for (size_t m = 0; m < w.suitability.minimums.size(); ++m) {
      CHECK(g.suitability.minimums[m].criterion == w.suitability.minimums[m].criterion);
      CHECK(g.suitability.minimums[m].minimum == w.suitability.minimums[m].minimum);
    }
    CHECK(g.suitability.missing == w.suitability.missing);
    CHECK(g.suitability.topN == w.suitability.topN);
    CHECK(g.suitability.perturbations == w.suitability.perturbations);
    CHECK(g.suitability.seed == w.suitability.seed);
    CHECK(g.radiusKm == w.radiusKm);
    CHECK(g.newSites == w.newSites);
    REQUIRE(g.proposedSites.size() == w.proposedSites.size());
    for (size_t s = 0; s < w.proposedSites.size(); ++s) {
      CHECK(g.proposedSites[s].lon == w.proposedSites[s].lon);
      CHECK(g.proposedSites[s].lat == w.proposedSites[s].lat);
      CHECK(g.proposedSites[s].newlyCovered == w.proposedSites[s].newlyCovered);
    }
  }
}

}  // namespace

TEST_CASE("the project's scenarios array survives save, load and save again") {
  initGdal();
  test::TempDir dir;
  MapDocument doc;
  doc.openFile(test::sharedGeodata("kbb_kecamatan.shp").string());
  const std::vector<Scenario> scenarios = twoScenarios();
  doc.extraSections["scenarios"] = scenariosToJson(scenarios);
  doc.extraSections["some_later_feature"] = {{"kept", true}};
  const std::string first = dir.file("a.prokus.json"), second = dir.file("b.prokus.json");
  saveProject(doc, first);

  const MapDocument loaded = loadProject(first);
  REQUIRE(loaded.extraSections.contains("scenarios"));
  checkSame(scenariosFromJson(loaded.extraSections.at("scenarios")), scenarios);
  CHECK(loaded.extraSections.at("some_later_feature").at("kept") == true);

  saveProject(loaded, second);
  const nlohmann::json a = nlohmann::json::parse(test::readText(first));
  const nlohmann::json b = nlohmann::json::parse(test::readText(second));
  CHECK(a.at("scenarios") == b.at("scenarios"));
  CHECK(a.at("scenarios").size() == 2);
  checkSame(scenariosFromJson(b.at("scenarios")), scenarios);
}

TEST_CASE("a malformed saved scenario is reported with its name, not dropped silently") {
  nlohmann::json bad = scenariosToJson(twoScenarios());
  bad[1]["criteria"][0]["weight"] = "heavy";
  try {
    scenariosFromJson(bad);
    FAIL("expected PlanningError");
  } catch (const PlanningError& e) {
    const std::string what = e.what();
    CHECK(what.find("Dekat kantor") != std::string::npos);
    CHECK(what.find("weight") != std::string::npos);
  }
}
