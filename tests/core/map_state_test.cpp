// The map state (overlays with the suitability score and its proposed sites) survives the project
// file and a bookmark, and the legends follow from it: the score replaces the choropleth's legend.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/bookmarks.h"
#include "core/json_reader.h"
#include "core/map_state.h"
#include "core/overlay_settings.h"
#include "core/scenario.h"

using namespace pk;
using nlohmann::json;

namespace {

Scenario northScenario() {
  Scenario s;
  s.name = "Utara";
  s.suitability.criteria = {defaultCriterionSetting("candidates", 40), defaultCriterionSetting("coverage_gap", 60)};
  s.candidatesColumn = "pkh_graduates";
  s.proposedSites = {{107.5, -6.85, 12}, {107.4, -6.9, 4}};
  return s;
}

}  // namespace

TEST_CASE("the score overlay with its scenario inline survives the overlays section and a bookmark") {
  OverlaySettings settings;
  settings.heatmap = true;
  settings.score.on = true;
  settings.score.scenario = northScenario();
  const json saved = settings;
  CHECK(saved["active"] == json({"choropleth", "heatmap", "score"}));
  CHECK(saved["score"]["scenario"]["candidates_column"] == "pkh_graduates");
  CHECK(saved.get<OverlaySettings>() == settings);

  Bookmark b;
  b.name = "Skor";
  b.centerLonLat = {107.45, -6.9};
  b.overlays = settings;
  const Bookmark back = json(b).get<Bookmark>();
  CHECK(back.overlays.get<OverlaySettings>() == settings);
}

TEST_CASE("the planning panel's unsaved scenario (no name yet) survives the overlays section inline") {
  // The window's score shows the panel's working scenario before the planner saves it under a name;
  // a project or bookmark saved then must open again (it made the meeting pack fail).
  OverlaySettings settings;
  settings.score.on = true;
  Scenario unsaved = northScenario();
  unsaved.name.clear();
  settings.score.scenario = unsaved;
  const json saved = settings;
  CHECK(saved.get<OverlaySettings>() == settings);
  // The project's own list of scenarios still needs names (they are how a score names one).
  CHECK_THROWS_AS(scenariosFromJson(json::array({scenarioToJson(unsaved)})), PlanningError);
}

TEST_CASE("the score overlay may name a project scenario; the name is resolved against the project's") {
  const OverlaySettings settings = json::parse(R"({"active": ["score"], "score": {"scenario": "Utara",
                                                   "proposed_sites": false}})")
                                       .get<OverlaySettings>();
  CHECK(settings.score.on);
  CHECK_FALSE(settings.choropleth);
  CHECK_FALSE(settings.score.proposedSites);
  CHECK(settings.score.scenarioName == "Utara");
  CHECK(json(settings).get<OverlaySettings>() == settings);

  Scenario other = northScenario();
  other.name = "Selatan";
  CHECK(scoreScenarioOf(settings.score, {other, northScenario()}) == northScenario());
  CHECK_THROWS_WITH_AS(scoreScenarioOf(settings.score, {other}),
                       "the score overlay shows scenario 'Utara', which the project does not have (saved scenarios: "
                       "'Selatan')",
                       PlanningError);
  // No name, nothing inline: the project's first scenario.
  ScoreMapSettings first;
  first.on = true;
  CHECK(scoreScenarioOf(first, {other, northScenario()}).name == "Selatan");
  // A project without scenarios (a bookmark of an older version saying only "score"): the planning
  // panel's defaults.
  CHECK(scoreScenarioOf(first, {}) == defaultPlanningScenario());
  CHECK(defaultPlanningScenario().suitability.criteria.size() == 3);
}

TEST_CASE("a bad inline scenario is reported with its key path") {
  CHECK_THROWS_WITH_AS(json::parse(R"({"score": {"scenario": {"name": "X", "criteria": 3}}})").get<OverlaySettings>(),
                       doctest::Contains("overlays.score.scenario"), JsonValueError);
  CHECK_THROWS_AS(json::parse(R"({"score": {"scenario": 3}})").get<OverlaySettings>(), JsonValueError);
}

TEST_CASE("legends are derived from what the state draws") {
  OverlaySettings s;  // the density choropleth
  MapDataPresent data{true, true, 2};
  CHECK(legendsDrawn(s, data) == std::vector<std::string>{"choropleth"});

  s.score.on = true;  // the score fills the polygons: no density legend beside the score's
  CHECK(legendsDrawn(s, data) == std::vector<std::string>{"score", "proposed_sites"});
  CHECK_FALSE(programmeOverlaysDrawn(s).choropleth);

  s.mentors = true;  // mentor symbols stay; their beneficiaries-per-mentor fill gives way to the score
  CHECK(legendsDrawn(s, data) == std::vector<std::string>{"score", "proposed_sites", "mentors"});
  CHECK_FALSE(programmeOverlaysDrawn(s).mentorChoropleth);

  s.score.proposedSites = false;
  CHECK(legendsDrawn(s, data) == std::vector<std::string>{"score", "mentors"});
  s.score.proposedSites = true;
  CHECK(legendsDrawn(s, {true, true, 0}) == std::vector<std::string>{"score", "mentors"});  // none proposed

  s.score.on = false;  // off again: the choropleth and its legend come back
  CHECK(legendsDrawn(s, data) == std::vector<std::string>{"choropleth", "mentors"});
  CHECK(legendsDrawn(s, {false, false, 0}).empty());  // no programme data: nothing to explain
  s.legends = false;
  CHECK(legendsDrawn(s, data).empty());
}

TEST_CASE("a scenario keeps its candidates column; older scenarios without it use 'candidates'") {
  const Scenario s = northScenario();
  CHECK(scenarioFromJson(scenarioToJson(s)) == s);
  CHECK(scenarioFromJson(json::parse(R"({"name": "Lama"})")).candidatesColumn == "candidates");
  CHECK_THROWS_WITH_AS(scenarioFromJson(json::parse(R"({"name": "X", "candidates_column": 4})")),
                       "scenario 'X': candidates_column must be text", PlanningError);
}
