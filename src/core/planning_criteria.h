// The criteria of the suitability ranking (issue 4), one value per polygon of the boundary layer,
// built from the programme indicators, an optional per-kecamatan table and an optional office
// point. Pure computation on already-loaded data (no file I/O), shared by `prokus-map rank`,
// `render --overlay score` and the planning panel.
//
// Values (NaN = missing, never replaced by 0 here; the suitability's missing policy decides):
// - candidates: the table column named `candidatesColumn` (missing where no table row joined or the
//   cell is not a number);
// - beneficiaries: placed beneficiaries (by coordinates or by name);
// - density: beneficiaries per km² of the polygon (missing for a polygon without area);
// - coverage_gap: 1 - covered_share, the share of beneficiaries placed by coordinates farther than
//   R km from every mentor; without mentors nobody is covered (1); missing where the polygon has no
//   beneficiary placed by coordinates (rows placed by name have no position);
// - per_mentor: beneficiaries per mentor located in the polygon; missing where it has no mentor;
// - business_diversity: number of business categories with at least one beneficiary (the fallback
//   category "lainnya" counts as one); 0 for a polygon without beneficiaries; missing for a polygon
//   whose beneficiaries all lack a business type;
// - distance_office: km from the polygon's label point to the office point, measured in the map
//   projection (UTM: within 0.1% of the ground distance across a regency);
// - every other numeric table column, by its column name.
// A built-in criterion whose source is absent (no table, no mentors, no office, no business types)
// is not offered: it is listed in `unavailable` with the reason, so callers can say what to add.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/geometry.h"
#include "core/i18n.h"
#include "core/suitability.h"

namespace pk {

struct Layer;
struct IndicatorTable;

// One numeric column of a per-polygon table, joined to the boundary features (NaN where missing).
struct PolygonColumn {
  std::string name;
  std::vector<double> values;  // one per boundary feature
};

enum class UnavailableReason { NoCandidatesTable, NoCandidatesColumn, NoMentors, NoOffice, NoBusinessTypes };
// English, e.g. "no per-kecamatan table with a candidates column".
std::string unavailableReasonText(UnavailableReason reason);

struct UnavailableCriterion {
  std::string name;
  UnavailableReason reason;
};

struct PlanningCriteriaSources {
  const Layer* boundaries = nullptr;       // the polygons; codes and label points come from here
  const IndicatorTable* indicators = nullptr;  // computed for `boundaries` (mentors or not)
  bool businessTypes = true;               // the beneficiary list has a business type column
  std::optional<Vec2> office;              // map metres
  bool hasTable = false;                   // a per-polygon table was given (even with no numeric column)
  std::vector<PolygonColumn> tableColumns; // its numeric columns, joined to the boundary features
  std::string candidatesColumn = "candidates";  // which column is `candidates` (case-insensitive)
};

struct PlanningCriteria {
  SuitabilityInput input;                  // codes and every available criterion
  std::vector<std::string> names;          // polygon names, parallel to input.codes
  std::vector<UnavailableCriterion> unavailable;  // built-ins that could not be offered, in built-in order
  // Remarks for the planner (English), e.g. a table column skipped because a built-in has its name.
  std::vector<std::string> notes;
};

// Codes are the boundary layer's code field; a feature without a code gets "#<feature index>" so
// exclusions and ties stay well defined. Throws std::invalid_argument when boundaries or indicators
// are null or the indicator table does not match the layer.
PlanningCriteria buildPlanningCriteria(const PlanningCriteriaSources& sources);

// Every criterion name a planner could weight here: the available ones, then the unavailable
// built-ins each with its reason, e.g. "candidates, beneficiaries, ...; not available:
// distance_office (no office point given)". For error messages.
std::string describeCriteria(const PlanningCriteria& criteria);

// Checks the weighted and constrained names of `settings` against `criteria` before scoring:
// a name that is a built-in without its source throws PlanningError "criterion distance_office is
// not available: no office point given"; an unknown name throws PlanningError listing
// describeCriteria(). Then runs validateSuitability (which throws PlanningError as documented there).
void checkPlanningSettings(const PlanningCriteria& criteria, const SuitabilitySettings& settings);

// The name a person reads for a criterion, everywhere one is shown (the planning panel, the score
// legend in the window and in every export): built-ins through "planning.criterion.NAME", known
// table columns through "planning.column.NAME" (lower case), any other column readableColumnName().
std::string criterionLabel(std::string_view name, Language language);

// A table column name as words: separators become spaces, known acronyms (PKH, KPM, BPS, UMKM,
// BSIMu, ...) their usual spelling, the first letter a capital: "pkh_graduates" -> "PKH graduates".
std::string readableColumnName(std::string_view name);

// The candidates column to use among a table's numeric columns: `preferred` when the table has it
// (case-insensitive), else the first column of counts (every value a whole number >= 0) other than
// `avoid` (the population column), else the first numeric column other than `avoid`, else `avoid`;
// empty when there is no column. Never a name the table lacks.
std::string defaultCandidatesColumn(const std::vector<PolygonColumn>& columns, std::string_view preferred,
                                    std::string_view avoid = {});

}  // namespace pk
