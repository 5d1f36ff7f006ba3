#include <doctest/doctest.h>

#include <cmath>

#include <nlohmann/json.hpp>

#include "core/scenario.h"

using namespace pk;
using nlohmann::json;

namespace {

Scenario fullScenario() {
  Scenario s;
  s.name = "Selatan, jarak dekat";
  s.suitability.criteria = {defaultCriterionSetting("candidates", 40), defaultCriterionSetting("distance_office", 25),
                            defaultCriterionSetting("pkh_lulus", 0)};
  s.suitability.criteria[2].direction = Direction::LessIsBetter;
  s.suitability.criteria[2].normalisation = Normalisation::Rank;
  s.suitability.excludedCodes = {"32.17.05", "32.17.11"};
  s.suitability.minimums = {{"candidates", 50}, {"density", 12.5}};
  s.suitability.missing = MissingPolicy::Worst;
  s.suitability.topN = 3;
  s.suitability.perturbations = 250;
  s.suitability.seed = 0xFFFFFFFFFFFFFFF1ull;  // survives as an unsigned 64-bit number
  s.radiusKm = 2.5;
  s.newSites = 4;
  s.proposedSites = {{107.412345, -6.987654, 31}, {107.5, -7.0, 12}};
  return s;
}

void checkSame(const Scenario& a, const Scenario& b) {
  CHECK(a.name == b.name);
  REQUIRE(a.suitability.criteria.size() == b.suitability.criteria.size());
  for (size_t i = 0; i < a.suitability.criteria.size(); ++i) {
    CHECK(a.suitability.criteria[i].name == b.suitability.criteria[i].name);
    CHECK(a.suitability.criteria[i].weight == b.suitability.criteria[i].weight);
    CHECK(a.suitability.criteria[i].direction == b.suitability.criteria[i].direction);
    CHECK(a.suitability.criteria[i].normalisation == b.suitability.criteria[i].normalisation);
  }
  CHECK(a.suitability.excludedCodes == b.suitability.excludedCodes);
  REQUIRE(a.suitability.minimums.size() == b.suitability.minimums.size());
  for (size_t i = 0; i < a.suitability.minimums.size(); ++i) {
    CHECK(a.suitability.minimums[i].criterion == b.suitability.minimums[i].criterion);
    CHECK(a.suitability.minimums[i].minimum == b.suitability.minimums[i].minimum);
  }
  CHECK(a.suitability.missing == b.suitability.missing);
  CHECK(a.suitability.topN == b.suitability.topN);
  CHECK(a.suitability.perturbations == b.suitability.perturbations);
  CHECK(a.suitability.seed == b.suitability.seed);
  CHECK(a.radiusKm == b.radiusKm);
  CHECK(a.newSites == b.newSites);
  REQUIRE(a.proposedSites.size() == b.proposedSites.size());
  for (size_t i = 0; i < a.proposedSites.size(); ++i) {
    CHECK(a.proposedSites[i].lon == b.proposedSites[i].lon);
    CHECK(a.proposedSites[i].lat == b.proposedSites[i].lat);
    CHECK(a.proposedSites[i].newlyCovered == b.proposedSites[i].newlyCovered);
  }
}

std::string errorOf(const json& j) {
  try {
    scenarioFromJson(j);
  } catch (const PlanningError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("a scenario survives JSON, through text too") {
  Scenario s = fullScenario();
  json j = scenarioToJson(s);
  CHECK(j["criteria"][1]["direction"] == "less");
  CHECK(j["criteria"][2]["normalisation"] == "rank");
  CHECK(j["minimum"]["density"] == 12.5);
  CHECK(j["missing"] == "worst");
  CHECK(j["proposed_sites"][0]["newly_covered"] == 31);
  checkSame(scenarioFromJson(j), s);
  checkSame(scenarioFromJson(json::parse(j.dump(2))), s);
}

TEST_CASE("missing keys take the defaults; unknown keys are ignored") {
  Scenario s = scenarioFromJson(json{{"name", "Minimal"}, {"future_key", {1, 2}},
                                     {"criteria", {{{"name", "distance_office"}, {"weight", 1}}}}});
  CHECK(s.name == "Minimal");
  REQUIRE(s.suitability.criteria.size() == 1);
  CHECK(s.suitability.criteria[0].direction == Direction::LessIsBetter);  // the criterion's default
  CHECK(s.suitability.criteria[0].normalisation == Normalisation::MinMax);
  CHECK(s.suitability.missing == MissingPolicy::Exclude);
  CHECK(s.suitability.topN == 5);
  CHECK(s.suitability.perturbations == 1000);
  CHECK(s.suitability.seed == kDefaultSensitivitySeed);
  CHECK(s.radiusKm == 5);
  CHECK(s.proposedSites.empty());
}

TEST_CASE("bad scenario JSON names the scenario and the key") {
  CHECK(errorOf(json::array()) == "a scenario must be a JSON object");
  CHECK(errorOf(json{{"criteria", json::array()}}) == "a scenario needs a non-empty \"name\"");
  CHECK(errorOf(json{{"name", "U"}, {"criteria", {{{"name", "density"}, {"weight", "tinggi"}}}}}) ==
        "scenario 'U': criteria[0].weight must be a number");
  CHECK(errorOf(json{{"name", "U"}, {"criteria", {{{"name", "density"}, {"direction", "up"}}}}}) ==
        "scenario 'U': criteria[0].direction must be \"more\" or \"less\"");
  CHECK(errorOf(json{{"name", "U"}, {"criteria", {{{"weight", 1}}}}}) == "scenario 'U': criteria[0] needs a name");
  CHECK(errorOf(json{{"name", "U"}, {"missing", "zero"}}) == "scenario 'U': missing must be \"exclude\" or \"worst\"");
  CHECK(errorOf(json{{"name", "U"}, {"top_n", 0}}) == "scenario 'U': top_n must be at least 1");
  CHECK(errorOf(json{{"name", "U"}, {"top_n", 2.5}}) == "scenario 'U': top_n must be a whole number");
  CHECK(errorOf(json{{"name", "U"}, {"seed", -3}}) == "scenario 'U': seed must be a whole number >= 0");
  CHECK(errorOf(json{{"name", "U"}, {"radius_km", 0}}) == "scenario 'U': radius_km must be more than 0");
  CHECK(errorOf(json{{"name", "U"}, {"minimum", {{"candidates", "50"}}}}) ==
        "scenario 'U': minimum.candidates must be a number");
  CHECK(errorOf(json{{"name", "U"}, {"proposed_sites", {{{"lon", 107.4}}}}}) ==
        "scenario 'U': proposed_sites[0] needs lon and lat");
  CHECK(errorOf(json{{"name", "U"}, {"proposed_sites", {{{"lon", -6.9}, {"lat", 107.4}}}}}) ==
        "scenario 'U': proposed_sites[0] has coordinates outside lon -180..180, lat -90..90");
}

TEST_CASE("the scenarios list: round trip, unique names") {
  Scenario a = fullScenario(), b;
  b.name = "Default";
  b.suitability.criteria = {defaultCriterionSetting("beneficiaries", 1)};
  auto list = scenariosFromJson(scenariosToJson({a, b}));
  REQUIRE(list.size() == 2);
  checkSame(list[0], a);
  checkSame(list[1], b);
  CHECK_THROWS_WITH_AS(scenariosFromJson(scenariosToJson({b, b})), "two scenarios are named 'Default'", PlanningError);
  CHECK_THROWS_AS(scenariosFromJson(json::object()), PlanningError);
  CHECK(scenariosFromJson(json::array()).empty());
}

TEST_CASE("comparing two rankings gives each polygon's rank change") {
  SuitabilityInput in;
  in.codes = {"32.17.01", "32.17.02", "32.17.03", "32.17.04"};
  in.criteria = {{"candidates", {10, 20, 30, 40}}, {"distance_office", {1, 2, 3, 4}}};
  SuitabilitySettings byCandidates;
  byCandidates.criteria = {defaultCriterionSetting("candidates", 1)};
  byCandidates.perturbations = 0;
  SuitabilitySettings byDistance = byCandidates;
  byDistance.criteria = {defaultCriterionSetting("distance_office", 1)};
  byDistance.excludedCodes = {"32.17.02"};
  auto a = scoreSuitability(in, byCandidates);  // 04, 03, 02, 01
  auto b = scoreSuitability(in, byDistance);    // 01, 03, 04; 02 excluded
  auto changes = compareRankings(a, b);
  REQUIRE(changes.size() == 4);
  CHECK(changes[0].code == "32.17.01");
  CHECK(changes[0].rankA == 4);
  CHECK(changes[0].rankB == 1);
  CHECK(changes[0].change == 3);
  CHECK(changes[1].code == "32.17.03");
  CHECK(changes[1].change == 0);
  CHECK_FALSE(changes[1].changed());
  CHECK(changes[2].code == "32.17.04");
  CHECK(changes[2].change == -2);
  CHECK(changes[3].code == "32.17.02");
  CHECK(changes[3].excludedB);
  CHECK_FALSE(changes[3].excludedA);
  CHECK(changes[3].rankA == 3);
  CHECK(changes[3].rankB == 0);
  CHECK(changes[3].change == 0);
  CHECK(changes[3].changed());
  CHECK(std::isnan(changes[3].scoreB));
  CHECK(changes[0].scoreB == doctest::Approx(100));

  // A polygon only in A (another boundary layer) is reported, as excluded in B.
  SuitabilityInput fewer = in;
  fewer.codes.pop_back();
  for (auto& c : fewer.criteria) c.values.pop_back();
  auto c = compareRankings(a, scoreSuitability(fewer, byCandidates));
  REQUIRE(c.size() == 4);
  CHECK(c.back().code == "32.17.04");
  CHECK(c.back().excludedB);
  CHECK(c.front().code == "32.17.03");
  CHECK(c.front().change == 1);
}
