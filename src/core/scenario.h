// Named planning scenarios (a weight set with its constraints, plus a site proposal), as saved in
// the project file under "scenarios", and the comparison of two rankings side by side.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/suitability.h"

namespace pk {

// A proposed mentor site as saved: geographic coordinates, so it survives a change of map projection.
struct ProposedSite {
  double lon = 0, lat = 0;
  double newlyCovered = 0;  // marginal count when it was proposed (greedy order)
  friend bool operator==(const ProposedSite&, const ProposedSite&) = default;
};

struct Scenario {
  std::string name;
  SuitabilitySettings suitability;
  double radiusKm = 5;                      // coverage radius for coverage_gap and site proposals
  int newSites = 5;                         // P
  std::vector<ProposedSite> proposedSites;  // in greedy order; empty until proposed
  // The column of the project's per-kecamatan table that holds the eligible families (the
  // "candidates" criterion); the table's own names differ ("pkh_graduates", "calon_kpm").
  std::string candidatesColumn = "candidates";
  friend bool operator==(const Scenario&, const Scenario&) = default;
};

// JSON form (keys are stable; unknown keys are ignored on load, missing keys take the defaults above):
// {"name": "...", "criteria": [{"name": "candidates", "weight": 40, "direction": "more",
//   "normalisation": "minmax"}, ...], "exclude": ["32.17.05"], "minimum": {"candidates": 50},
//  "missing": "exclude", "top_n": 5, "perturbations": 1000, "seed": 20240417, "radius_km": 5,
//  "new_sites": 5, "proposed_sites": [{"lon": 107.4, "lat": -6.9, "newly_covered": 12}],
//  "candidates_column": "pkh_graduates"}   (files without it: "candidates")
nlohmann::json scenarioToJson(const Scenario& scenario);
// Throws PlanningError naming the scenario and the bad key, e.g.
// "scenario 'Utara': criteria[1].weight must be a number". A scenario in the project's list needs a
// name (a score overlay names it); one inline in a score overlay may have none: the planning panel's
// working scenario before the planner saves it.
enum class ScenarioName { Required, Optional };
Scenario scenarioFromJson(const nlohmann::json& json, ScenarioName name = ScenarioName::Required);

// The project file's "scenarios" array. Names must be non-empty and unique (PlanningError otherwise).
nlohmann::json scenariosToJson(const std::vector<Scenario>& scenarios);
std::vector<Scenario> scenariosFromJson(const nlohmann::json& array);

struct RankChange {
  std::string code;
  int rankA = 0, rankB = 0;            // 0 = excluded in that scenario
  double scoreA = 0, scoreB = 0;       // NaN when excluded
  // rankA - rankB: positive when the polygon moved up in B. 0 when excluded in either.
  int change = 0;
  bool excludedA = false, excludedB = false;
  bool changed() const { return rankA != rankB || excludedA != excludedB; }
};

// One row per polygon code of either result, in B's order (ranked best first, then excluded by
// code), followed by codes only in A (by code). A code absent from one result counts as excluded there.
std::vector<RankChange> compareRankings(const SuitabilityResult& a, const SuitabilityResult& b);

}  // namespace pk
