#include "core/map_state.h"

namespace pk {

OverlaySettings programmeOverlaysDrawn(const OverlaySettings& settings) {
  OverlaySettings drawn = settings;
  if (drawn.score.on) drawn.choropleth = drawn.mentorChoropleth = false;
  return drawn;
}

std::vector<std::string> legendsDrawn(const OverlaySettings& settings, const MapDataPresent& data) {
  std::vector<std::string> out;
  if (!settings.legends) return out;
  const OverlaySettings drawn = programmeOverlaysDrawn(settings);
  if (drawn.score.on) {
    out.push_back("score");
    if (drawn.score.proposedSites && data.proposedSites > 0) out.push_back("proposed_sites");
  }
  if (!data.programme) return out;
  if (drawn.choropleth) out.push_back("choropleth");
  else if (drawn.mentors && drawn.mentorChoropleth && data.mentors) out.push_back("mentor_fill");
  if (drawn.business) out.push_back("business");
  if (drawn.mentors && data.mentors) out.push_back("mentors");
  if (drawn.heatmap) out.push_back("heatmap");
  return out;
}

Scenario defaultPlanningScenario() {
  Scenario s;
  for (const char* name : {"beneficiaries", "density", "coverage_gap"})
    s.suitability.criteria.push_back(defaultCriterionSetting(name, 10));
  return s;
}

Scenario scoreScenarioOf(const ScoreMapSettings& score, const std::vector<Scenario>& projectScenarios) {
  if (score.scenario) return *score.scenario;
  if (score.scenarioName.empty()) return projectScenarios.empty() ? defaultPlanningScenario() : projectScenarios.front();
  std::string names;
  for (const auto& s : projectScenarios) {
    if (s.name == score.scenarioName) return s;
    names += (names.empty() ? "'" : ", '") + s.name + "'";
  }
  throw PlanningError("the score overlay shows scenario '" + score.scenarioName +
                      "', which the project does not have (saved scenarios: " + (names.empty() ? "none" : names) + ")");
}

FurnitureSettings furnitureForMapState(FurnitureSettings furniture, const OverlaySettings& settings) {
  FurnitureItemSettings& legend = furniture[FurnitureItem::Legend];
  if (settings.score.on && legend.autoCorner) {
    legend.autoCorner = false;
    legend.corner = FurnitureCorner::BottomRight;
  }
  return furniture;
}

}  // namespace pk
