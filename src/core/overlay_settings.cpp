#include "core/overlay_settings.h"

#include "core/json_reader.h"

#include <climits>
#include <cmath>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace pk {

namespace {

struct IndicatorName {
  OverlayIndicator indicator;
  std::string_view name;
};
constexpr IndicatorName kIndicatorNames[] = {
    {OverlayIndicator::Beneficiaries, "beneficiaries"},
    {OverlayIndicator::Density, "density_per_km2"},
    {OverlayIndicator::Share, "share"},
    {OverlayIndicator::RatePer1000, "rate_per_1000"},
    {OverlayIndicator::BsimuTotal, "bsimu_total"},
    {OverlayIndicator::Mentors, "mentors"},
    {OverlayIndicator::BeneficiariesPerMentor, "beneficiaries_per_mentor"},
    {OverlayIndicator::CoveredShare, "covered_share"},
    {OverlayIndicator::MedianDistanceKm, "median_distance_km"},
    {OverlayIndicator::MaxDistanceKm, "max_distance_km"},
    {OverlayIndicator::OverCapacity, "over_capacity"},
};


}  // namespace

std::string_view overlayIndicatorName(OverlayIndicator indicator) {
  for (const auto& n : kIndicatorNames)
    if (n.indicator == indicator) return n.name;
  return "density_per_km2";
}

bool parseOverlayIndicator(std::string_view name, OverlayIndicator& out) {
  if (name == "density") name = "density_per_km2";
  for (const auto& n : kIndicatorNames)
    if (n.name == name) {
      out = n.indicator;
      return true;
    }
  return false;
}

std::vector<OverlayIndicator> allOverlayIndicators() {
  std::vector<OverlayIndicator> out;
  for (const auto& n : kIndicatorNames) out.push_back(n.indicator);
  return out;
}

bool isCountIndicator(OverlayIndicator indicator) {
  return indicator == OverlayIndicator::Beneficiaries || indicator == OverlayIndicator::OverCapacity;
}

bool enableOverlayByName(OverlaySettings& s, std::string_view name) {
  if (name == "density") {
    s.choropleth = true;
    s.choroplethSettings.indicator = OverlayIndicator::Density;
  } else if (name == "choropleth") {
    s.choropleth = true;
  } else if (name == "business") {
    s.business = true;
  } else if (name == "mentors") {
    s.mentors = true;
  } else if (name == "heatmap") {
    s.heatmap = true;
  } else if (name == "score") {
    s.score.on = true;
  } else {
    return false;
  }
  return true;
}

std::vector<std::string> activeOverlayNames(const OverlaySettings& s) {
  std::vector<std::string> out;
  if (s.choropleth) out.push_back("density");
  if (s.business) out.push_back("business");
  if (s.mentors) out.push_back("mentors");
  if (s.heatmap) out.push_back("heatmap");
  if (s.score.on) out.push_back("score");
  return out;
}

void to_json(nlohmann::json& j, const OverlaySettings& s) {
  using nlohmann::json;
  json active = json::array();
  if (s.choropleth) active.push_back("choropleth");
  if (s.business) active.push_back("business");
  if (s.mentors) active.push_back("mentors");
  if (s.heatmap) active.push_back("heatmap");
  if (s.score.on) active.push_back("score");
  const ChoroplethSettings& c = s.choroplethSettings;
  j = json{{"active", active},
           {"choropleth",
            {{"indicator", overlayIndicatorName(c.indicator)},
             {"method", classMethodName(c.method)},
             {"classes", c.classes},
             {"palette", c.palette},
             {"reversed", c.reversed},
             {"manual_breaks", c.manualBreaks},
             {"count_labels", c.countLabels}}},
           {"radius_km", s.radiusKm},
           {"heatmap", {{"bandwidth_km", s.heatmapBandwidthKm}, {"opacity", s.heatmapOpacity}}},
           {"business", {{"glyph", s.glyph == GlyphKind::Bar ? "bar" : "pie"}, {"points", s.businessPoints}}},
           {"mentors", {{"lines", s.mentorLines}, {"choropleth", s.mentorChoropleth}}},
           {"legends", s.legends},
           {"filters",
            {{"cohort_years", s.filters.cohortYears},
             {"categories", s.filters.categories},
             {"statuses", s.filters.statuses},
             {"organisations", s.filters.organisations}}}};
  json score = {{"proposed_sites", s.score.proposedSites}};
  if (s.score.scenario) score["scenario"] = scenarioToJson(*s.score.scenario);
  else if (!s.score.scenarioName.empty()) score["scenario"] = s.score.scenarioName;
  j["score"] = score;
}

void from_json(const nlohmann::json& json, OverlaySettings& s) {
  const JsonReader j(json, {}, "overlays");
  j.requireObject();
  if (j.has("active")) {
    s.choropleth = s.business = s.mentors = s.heatmap = s.score.on = false;
    for (const JsonReader& name : j.array("active")) {
      // Older or hand-written files may say "density"; that is the density choropleth.
      const std::string n = name.asString();
      if (n == "density") {
        s.choropleth = true;
      } else if (!enableOverlayByName(s, n)) {
        name.fail("unknown overlay '" + n + "' (known: choropleth, business, mentors, heatmap, score)");
      }
    }
  }
  if (const auto c = j.optObject("choropleth")) {
    ChoroplethSettings& cs = s.choroplethSettings;
    if (c->has("indicator") && !parseOverlayIndicator(c->string("indicator"), cs.indicator))
      c->fail("indicator", "unknown indicator '" + c->string("indicator") + "'");
    if (c->has("method") && !parseClassMethod(c->string("method"), cs.method))
      c->fail("method", "unknown classification method '" + c->string("method") +
                            "' (known: equal, quantile, jenks, pretty, manual)");
    const long long classes = c->integer("classes", cs.classes);
    if (classes < kMinClasses || classes > kMaxClasses)
      c->fail("classes", "must be 3 to 9, not " + std::to_string(classes));
    cs.classes = int(classes);
    cs.palette = c->string("palette", cs.palette);
    cs.reversed = c->boolean("reversed", cs.reversed);
    if (c->has("manual_breaks")) {
      cs.manualBreaks.clear();
      for (const JsonReader& b : c->array("manual_breaks")) cs.manualBreaks.push_back(b.asNumber());
    }
    cs.countLabels = c->boolean("count_labels", cs.countLabels);
  }
  s.radiusKm = j.number("radius_km", s.radiusKm);
  if (!(s.radiusKm > 0)) j.fail("radius_km", "must be a positive number");
  if (const auto h = j.optObject("heatmap")) {
    s.heatmapBandwidthKm = h->number("bandwidth_km", s.heatmapBandwidthKm);
    s.heatmapOpacity = static_cast<float>(h->number("opacity", s.heatmapOpacity));
    if (!(s.heatmapBandwidthKm > 0)) h->fail("bandwidth_km", "must be a positive number");
    if (!(s.heatmapOpacity >= 0 && s.heatmapOpacity <= 1)) h->fail("opacity", "must be from 0 to 1");
  }
  if (const auto b = j.optObject("business")) {
    const std::string glyph = b->string("glyph", s.glyph == GlyphKind::Bar ? "bar" : "pie");
    if (glyph != "pie" && glyph != "bar") b->fail("glyph", "must be \"pie\" or \"bar\"");
    s.glyph = glyph == "bar" ? GlyphKind::Bar : GlyphKind::Pie;
    s.businessPoints = b->boolean("points", s.businessPoints);
  }
  if (const auto m = j.optObject("mentors")) {
    s.mentorLines = m->boolean("lines", s.mentorLines);
    s.mentorChoropleth = m->boolean("choropleth", s.mentorChoropleth);
  }
  s.legends = j.boolean("legends", s.legends);
  if (const auto score = j.optObject("score")) {
    s.score.proposedSites = score->boolean("proposed_sites", s.score.proposedSites);
    if (score->has("scenario")) {
      const nlohmann::json& scenario = score->value()["scenario"];
      if (scenario.is_string()) {
        s.score.scenarioName = scenario.get<std::string>();
        s.score.scenario.reset();
      } else if (scenario.is_object()) {
        try {
          s.score.scenario = scenarioFromJson(scenario, ScenarioName::Optional);
        } catch (const PlanningError& e) {
          score->fail("scenario", e.what());
        }
      } else {
        score->fail("scenario", "must be a scenario's name or a scenario");
      }
    }
  }
  if (const auto f = j.optObject("filters")) {
    auto texts = [&](const char* key, std::vector<std::string>& out) {
      if (!f->has(key)) return;
      out.clear();
      for (const JsonReader& item : f->array(key)) out.push_back(item.asString());
    };
    if (f->has("cohort_years")) {
      s.filters.cohortYears.clear();
      for (const JsonReader& year : f->array("cohort_years")) {
        const long long y = year.asInteger();
        if (y < INT_MIN || y > INT_MAX) year.fail("is not a year");
        s.filters.cohortYears.push_back(int(y));
      }
    }
    texts("categories", s.filters.categories);
    texts("statuses", s.filters.statuses);
    texts("organisations", s.filters.organisations);
  }
}

}  // namespace pk
