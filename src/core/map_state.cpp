#include "core/map_state.h"

#include <algorithm>
#include <utility>

#include "core/map_document.h"

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

bool moveLayer(MapDocument& doc, int index, int step) {
  const int to = index + (step > 0 ? 1 : -1);
  if (index < 0 || index >= int(doc.layers.size()) || to < 0 || to >= int(doc.layers.size())) return false;
  std::vector<LayerPtr> order = doc.layers;
  std::swap(order[index], order[to]);
  setLayerOrder(doc, order);
  return true;
}

void setLayerOrder(MapDocument& doc, const std::vector<LayerPtr>& order) {
  const LayerPtr boundary = doc.boundaryLayer >= 0 ? doc.layers[doc.boundaryLayer] : nullptr;
  doc.layers = order;
  doc.boundaryLayer = -1;
  for (size_t i = 0; i < doc.layers.size(); ++i)
    if (doc.layers[i] == boundary) doc.boundaryLayer = int(i);
}

void styleAsContextPolygons(LayerStyle& style) { style.fillOpacity = 0; }

bool baseFillIsNeutral(const OverlaySettings& settings, const MapDataPresent& data, const LayerStyle& boundaryStyle) {
  if (boundaryStyle.fillChosen || !data.programme) return false;
  const OverlaySettings drawn = programmeOverlaysDrawn(settings);
  const bool overlayFill =
      drawn.score.on || drawn.choropleth || (drawn.mentors && drawn.mentorChoropleth && data.mentors);
  const bool pointsOrHeat = drawn.heatmap || (drawn.business && drawn.businessPoints) || (drawn.mentors && data.mentors);
  return pointsOrHeat && !overlayFill;
}

}  // namespace pk
