// What the programme overlays show: which overlays are on (they combine), the choropleth's
// indicator and classification, the coverage radius, the heatmap bandwidth, the filters and the
// business glyph. Plain data, saved in the project file's "overlays" section.
//
// Filters hold values, not indices (cohort years, category keys, status texts, organisation names),
// so they still mean the same rows after a list is re-imported or its columns are remapped.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/classify.h"
#include "core/scenario.h"

namespace pk {

// The choropleth's indicators, one per polygon (the `stats` column of the same name).
enum class OverlayIndicator {
  Beneficiaries,          // "beneficiaries"
  Density,                // "density_per_km2" (the default)
  Share,                  // "share" (0..1 of all counted)
  RatePer1000,            // "rate_per_1000" (needs a population column)
  BsimuTotal,             // "bsimu_total"
  Mentors,                // "mentors"
  BeneficiariesPerMentor, // "beneficiaries_per_mentor"
  CoveredShare,           // "covered_share"
  MedianDistanceKm,       // "median_distance_km"
  MaxDistanceKm,          // "max_distance_km"
  OverCapacity,           // "over_capacity"
};
std::string_view overlayIndicatorName(OverlayIndicator indicator);
bool parseOverlayIndicator(std::string_view name, OverlayIndicator& out);
std::vector<OverlayIndicator> allOverlayIndicators();
// Indicators that count people (labels of small counts are withheld in exports, see OverlayBuilder).
bool isCountIndicator(OverlayIndicator indicator);

enum class GlyphKind { Pie, Bar };

struct ChoroplethSettings {
  OverlayIndicator indicator = OverlayIndicator::Density;
  ClassMethod method = ClassMethod::Quantile;
  int classes = 5;
  std::string palette;            // ColorBrewer name; empty = the colour-blind-safe default
  bool reversed = false;
  std::vector<double> manualBreaks;  // used when method == Manual: classes+1 ascending bounds
  bool countLabels = false;       // the polygon's value written under its name
  friend bool operator==(const ChoroplethSettings&, const ChoroplethSettings&) = default;
};

struct OverlayFilters {
  std::vector<int> cohortYears;             // e.g. {2020}
  std::vector<std::string> categories;      // business category keys ("makanan_minuman")
  std::vector<std::string> statuses;        // status texts as in the list ("berkembang")
  std::vector<std::string> organisations;   // mentor organisations as in the list
  bool active() const {
    return !cohortYears.empty() || !categories.empty() || !statuses.empty() || !organisations.empty();
  }
  friend bool operator==(const OverlayFilters&, const OverlayFilters&) = default;
};

// The suitability map (the planning panel's score) as part of the map state: the polygons filled by
// a scenario's score, its proposed mentor sites as markers numbered in the order proposed. What to
// score is kept here (a project scenario by name, or the settings inline), so a bookmark, a slide
// or an export replays it without the planning panel.
struct ScoreMapSettings {
  bool on = false;
  std::string scenarioName;          // a scenario of the project's "scenarios" (when `scenario` is empty;
                                     // both empty: the project's first scenario)
  std::optional<Scenario> scenario;  // the settings inline: what the planning panel showed
  bool proposedSites = true;         // the scenario's proposed sites on the map (with their legend)
  friend bool operator==(const ScoreMapSettings&, const ScoreMapSettings&) = default;
};

struct OverlaySettings {
  // Which overlays are on. They combine: e.g. density choropleth + mentor coverage + heatmap.
  bool choropleth = true;
  bool business = false;
  bool mentors = false;
  bool heatmap = false;
  ScoreMapSettings score;           // "score": fills the polygons instead of any choropleth

  ChoroplethSettings choroplethSettings;
  double radiusKm = 5;              // mentor coverage radius
  double heatmapBandwidthKm = 2;    // kernel bandwidth
  float heatmapOpacity = 0.75f;
  GlyphKind glyph = GlyphKind::Pie; // per-polygon business mix
  bool businessPoints = true;       // the business overlay's category-coloured points
  bool mentorLines = true;          // lines from each beneficiary to its assigned mentor
  bool mentorChoropleth = true;     // beneficiaries per mentor as the fill when no choropleth is on
  bool legends = true;              // a legend for each active overlay on the map
  OverlayFilters filters;

  // Any programme overlay (the score is drawn from the planning data, see map_state.h).
  bool anyActive() const { return choropleth || business || mentors || heatmap; }
  friend bool operator==(const OverlaySettings&, const OverlaySettings&) = default;
};

// CLI/project names of the switchable overlays: "density" (the choropleth; "choropleth" is accepted
// too), "business", "mentors", "heatmap", "score". Turns the named overlay on; "density" also sets the
// choropleth's indicator to density. False for an unknown name.
bool enableOverlayByName(OverlaySettings& settings, std::string_view name);
// The names of the overlays that are on, in that order ("density" stands for the choropleth of any
// indicator).
std::vector<std::string> activeOverlayNames(const OverlaySettings& settings);

// Project-file form (section "overlays"):
// {"active": ["choropleth", "mentors"],
//  "choropleth": {"indicator": "density_per_km2", "method": "quantile", "classes": 5, "palette": "",
//                 "reversed": false, "manual_breaks": [], "count_labels": false},
//  "radius_km": 5, "heatmap": {"bandwidth_km": 2, "opacity": 0.75},
//  "business": {"glyph": "pie", "points": true},
//  "mentors": {"lines": true, "choropleth": true}, "legends": true,
//  "filters": {"cohort_years": [2020], "categories": ["jasa"], "statuses": [], "organisations": []},
//  "score": {"scenario": "Utara", "proposed_sites": true}}
// "active" may hold "score"; "score.scenario" is a scenario's name or the scenario itself
// ({"name":..., "criteria": [...], ...} as in the "scenarios" section, core/scenario.h).
// Missing keys keep their defaults. Throws JsonValueError (a std::runtime_error... see json_reader.h)
// naming the key path, e.g. "overlays.choropleth.classes: must be 3 to 9, not 12", on a value of the
// wrong type or out of range (an unknown indicator or method, a non-positive radius).
void to_json(nlohmann::json& j, const OverlaySettings& settings);
void from_json(const nlohmann::json& j, OverlaySettings& settings);

}  // namespace pk
