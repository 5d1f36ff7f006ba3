#include "core/overlay_settings.h"

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

[[noreturn]] void malformed(const std::string& what) { throw std::runtime_error("overlays: " + what); }

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
  return out;
}

void to_json(nlohmann::json& j, const OverlaySettings& s) {
  using nlohmann::json;
  json active = json::array();
  if (s.choropleth) active.push_back("choropleth");
  if (s.business) active.push_back("business");
  if (s.mentors) active.push_back("mentors");
  if (s.heatmap) active.push_back("heatmap");
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
}

void from_json(const nlohmann::json& j, OverlaySettings& s) {
  using nlohmann::json;
  if (!j.is_object()) malformed("the section is not a JSON object");
  try {
    if (j.contains("active")) {
      if (!j["active"].is_array()) malformed("\"active\" is not a list");
      s.choropleth = s.business = s.mentors = s.heatmap = false;
      for (const auto& name : j["active"]) {
        // Older or hand-written files may say "density"; that is the density choropleth.
        const std::string n = name.get<std::string>();
        if (n == "density") {
          s.choropleth = true;
        } else if (!enableOverlayByName(s, n)) {
          malformed("unknown overlay '" + n + "' (known: choropleth, business, mentors, heatmap)");
        }
      }
    }
    if (j.contains("choropleth")) {
      const json& c = j["choropleth"];
      ChoroplethSettings& cs = s.choroplethSettings;
      if (c.contains("indicator") && !parseOverlayIndicator(c["indicator"].get<std::string>(), cs.indicator))
        malformed("unknown indicator '" + c["indicator"].get<std::string>() + "'");
      if (c.contains("method") && !parseClassMethod(c["method"].get<std::string>(), cs.method))
        malformed("unknown classification method '" + c["method"].get<std::string>() +
                  "' (known: equal, quantile, jenks, pretty, manual)");
      cs.classes = c.value("classes", cs.classes);
      if (cs.classes < kMinClasses || cs.classes > kMaxClasses)
        malformed("\"classes\" must be 3 to 9, not " + std::to_string(cs.classes));
      cs.palette = c.value("palette", cs.palette);
      cs.reversed = c.value("reversed", cs.reversed);
      if (c.contains("manual_breaks")) cs.manualBreaks = c["manual_breaks"].get<std::vector<double>>();
      cs.countLabels = c.value("count_labels", cs.countLabels);
    }
    s.radiusKm = j.value("radius_km", s.radiusKm);
    if (!(s.radiusKm > 0) || !std::isfinite(s.radiusKm)) malformed("\"radius_km\" must be a positive number");
    if (j.contains("heatmap")) {
      s.heatmapBandwidthKm = j["heatmap"].value("bandwidth_km", s.heatmapBandwidthKm);
      s.heatmapOpacity = j["heatmap"].value("opacity", s.heatmapOpacity);
      if (!(s.heatmapBandwidthKm > 0) || !std::isfinite(s.heatmapBandwidthKm))
        malformed("\"heatmap.bandwidth_km\" must be a positive number");
    }
    if (j.contains("business")) {
      const std::string glyph = j["business"].value("glyph", std::string(s.glyph == GlyphKind::Bar ? "bar" : "pie"));
      if (glyph != "pie" && glyph != "bar") malformed("\"business.glyph\" must be \"pie\" or \"bar\"");
      s.glyph = glyph == "bar" ? GlyphKind::Bar : GlyphKind::Pie;
      s.businessPoints = j["business"].value("points", s.businessPoints);
    }
    if (j.contains("mentors")) {
      s.mentorLines = j["mentors"].value("lines", s.mentorLines);
      s.mentorChoropleth = j["mentors"].value("choropleth", s.mentorChoropleth);
    }
    s.legends = j.value("legends", s.legends);
    if (j.contains("filters")) {
      const json& f = j["filters"];
      if (f.contains("cohort_years")) s.filters.cohortYears = f["cohort_years"].get<std::vector<int>>();
      if (f.contains("categories")) s.filters.categories = f["categories"].get<std::vector<std::string>>();
      if (f.contains("statuses")) s.filters.statuses = f["statuses"].get<std::vector<std::string>>();
      if (f.contains("organisations")) s.filters.organisations = f["organisations"].get<std::vector<std::string>>();
    }
  } catch (const json::exception& e) {
    malformed(std::string("a value has the wrong type (") + e.what() + ")");
  }
}

}  // namespace pk
