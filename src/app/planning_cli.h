// What `prokus-map rank` and `prokus-map render --overlay score` share: the weight and constraint
// flags, saved scenarios (--project P --scenario NAME), and loading the programme data into the
// planning criteria of a boundary layer. English messages; PlanningError and InputError are bad
// input (exit 2).
#pragma once
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "core/indicators.h"
#include "core/planning_criteria.h"
#include "core/overlay_settings.h"
#include "core/programme_data.h"
#include "core/scenario.h"
#include "core/suitability.h"
#include "render/score_overlay.h"

namespace CLI {
class App;
}

namespace pk {

struct Layer;
class MapProjection;
struct MapDocument;
struct ProgrammeSources;

struct PlanningFlags {
  std::string weights;                   // NAME=W[,NAME=W...]
  std::vector<std::string> exclude;      // codes; each item may be comma-separated
  std::vector<std::string> minimums;     // NAME=V[,NAME=V...]; repeatable
  std::string missing;                   // "exclude" | "worst"; empty = the scenario's or exclude
  std::string candidates;                // per-kecamatan table
  std::string candidatesColumn;          // empty: the scenario's, else "candidates"
  // The window: when the table lacks `candidatesColumn`, use defaultCandidatesColumn() instead (the
  // CLI names its column and is told when it is missing).
  bool candidatesFallback = false;
  std::string populationColumn;          // never the fallback candidates column unless it is the only one
  std::string office;                    // "LON,LAT"
  std::string project;                   // .prokus.json holding the scenarios
  std::string scenario;                  // name of a saved scenario
  int sensitivityTop = 0;                // N > 0: run the 1,000-draw sensitivity for the top N
};

// Adds --weights, --exclude, --min, --missing, --candidates, --candidates-column, --office,
// --project, --scenario and --sensitivity-top.
void addPlanningFlags(CLI::App& app, PlanningFlags& flags);

// The settings to score with: the saved scenario's (when --scenario), then each flag given replaces
// that part (--weights replaces the whole weight set, keeping a saved criterion's direction and
// normalisation; --exclude, --min and --missing replace theirs). Throws PlanningError for malformed
// flags or no weights at all, InputError for a missing project or scenario.
struct ResolvedPlanning {
  SuitabilitySettings settings;
  std::optional<double> scenarioRadiusKm;  // from the scenario, when one was used
  std::optional<int> scenarioNewSites;
  std::string candidatesColumn;            // --candidates-column, else the scenario's, else "candidates"
};
ResolvedPlanning resolvePlanningSettings(const PlanningFlags& flags, const MapDocument* project);

// "107.49,-6.84" -> lon/lat. Throws PlanningError naming the flag for anything else or a value
// outside -180..180 / -90..90.
Vec2 parseLonLat(const std::string& text, const char* flag);

// Programme data placed into the boundary layer, its indicators and the criteria built from them.
struct PlanningData {
  BusinessCategories categories = BusinessCategories::defaults();
  BeneficiaryList beneficiaries;
  std::optional<MentorList> mentors;
  BeneficiaryPoints points;
  MentorPoints mentorPoints;               // empty without a mentor list
  IndicatorTable indicators;
  PlanningCriteria criteria;
  std::string candidatesColumn;            // the table column used as `candidates`; empty when none
};

// Imports the lists (summaries to `log`), computes the indicators with radius R and builds the
// criteria (--candidates table joined by code or name, --office). Throws InputError for unreadable
// files, nothing placed, a table that joins no polygon; PlanningError for a bad --office.
PlanningData loadPlanningData(const Layer& boundary, const MapProjection& projection,
                              const std::string& beneficiariesPath, const std::string& mentorsPath, double radiusKm,
                              const PlanningFlags& flags, std::FILE* log);

// `render --overlay score`: removes "score" from the --overlay list; true when it was there.
bool takeScoreOverlay(std::vector<std::string>& overlays);

// Scores the polygons of the document's boundary layer with the flags (and --scenario of --project,
// or of the document itself when it is a project) and builds the suitability choropleth for `view`.
// Logs import summaries and the weights to `log`. Throws like loadPlanningData and
// checkPlanningSettings.
ScoreOverlay scoreOverlayFor(const MapDocument& doc, const MapView& view, const std::string& beneficiariesPath,
                             const std::string& mentorsPath, double radiusKm, const PlanningFlags& flags,
                             bool withLegend, std::FILE* log);

// ---- the map state's score (bookmarks, slides, the export dialog, `render`, `export-pack`) ----

// The flags that replay `scenario` on the project's programme data: the project's per-kecamatan
// table and the scenario's candidates column.
PlanningFlags planningFlagsFor(const Scenario& scenario, const ProgrammeSources& sources);
// Scores `scenario` on loaded data as the planning panel does (weight-0 rows left out; no
// sensitivity draws, which the map does not show). Throws PlanningError.
SuitabilityResult scoreScenario(const PlanningData& data, const Scenario& scenario);

struct MapScore {
  Scenario scenario;                       // the one shown (its proposed sites included)
  SuitabilityResult result;
};
// The score of a map state: its scenario (inline, or by name from the project's "scenarios"),
// scored on the document's programme data (lists and per-kecamatan table) with the scenario's
// radius and candidates column. Throws InputError naming the project (no such scenario, no
// beneficiary list), and like loadPlanningData and checkPlanningSettings.
MapScore scoreOfMapState(const MapDocument& doc, const ScoreMapSettings& score, std::FILE* log);

// The score overlay of a map state for `view`: the fills, the legend (in the language's texts) and,
// when the state shows them, the scenario's proposed sites.
ScoreOverlay scoreOverlayOf(const MapScore& score, const ScoreMapSettings& settings, const MapProjection& projection,
                            const MapView& view, bool legend);

}  // namespace pk
