// Multi-criteria suitability of the boundary polygons (weighted linear combination), explainable
// per criterion, with constraints and a weight-sensitivity check. Pure computation: no GDAL, no GL.
//
// How a score is made (every rule here is what the planning panel and `prokus-map rank` show):
// 1. Exclusions come first and never depend on weights: polygons the planner excluded, polygons
//    below a required minimum, and (missing policy Exclude) polygons with a missing value in any
//    weighted or constrained criterion. Every applicable reason is listed, joined by "; ".
// 2. Each weighted criterion is normalised to 0..1 over the polygons that remain (the eligible
//    ones), so the best eligible polygon on a criterion gets its full weight:
//    - MinMax: (v - min) / (max - min), flipped for LessIsBetter;
//    - Rank: average ranks (ties share the mean position), then min-max scaled the same way, so
//      the best gets 1 and the worst 0 however many ties there are.
//    Missing values under policy Worst take the worst observed value of that criterion among the
//    eligible polygons (never zero). A criterion whose values are all equal (or all missing)
//    normalises to 0 for every polygon: it contributes nothing, and its weight is NOT handed to the
//    other criteria, so the shares the planner set stay the shares shown (scores then top out below
//    100; the ranking is the same either way). Such criteria are listed in constantCriteria.
// 3. Weights are rescaled to shares of 100. contribution = share × normalised value, in score
//    points; score = the sum of the contributions (0..100).
// 4. Ranking: score descending; scores within 1e-9 points are ties, ordered by code, and share one
//    rank number ("competition" ranking 1, 2, 2, 4). Excluded polygons have rank 0 and come last,
//    ordered by code.
// 5. Sensitivity: `perturbations` draws in which every positive weight is multiplied by its own
//    U(0.9, 1.1) factor (one std::mt19937_64 output per weighted criterion, in settings order, draw
//    after draw, seeded with `seed`; 53-bit uniform mapping of our own so every standard library
//    gives identical figures). Exclusions and normalised values do not change. For each eligible
//    polygon: the share of draws in which its rank (as in 4.) is N or better, i.e. fewer than N
//    eligible polygons score higher (for a polygon outside the top N, how often it gets in).
#pragma once
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pk {

// Bad planning settings (weights, criterion names, constraints). what() is one English line,
// ready for stderr (exit code 2) or a dialog; errors about criteria list the valid names.
class PlanningError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class Direction { MoreIsBetter, LessIsBetter };
enum class Normalisation { MinMax, Rank };
enum class MissingPolicy { Exclude, Worst };

// Stable spellings used in the project file and on the command line.
std::string_view nameOf(Direction d);          // "more" | "less"
std::string_view nameOf(Normalisation n);      // "minmax" | "rank"
std::string_view nameOf(MissingPolicy m);      // "exclude" | "worst"
std::optional<Direction> parseDirection(std::string_view text);
std::optional<Normalisation> parseNormalisation(std::string_view text);
std::optional<MissingPolicy> parseMissingPolicy(std::string_view text);

struct BuiltInCriterion {
  const char* name;        // as used by the CLI and the project file
  Direction direction;     // default direction
  const char* description; // one English line for help texts
};
// candidates, beneficiaries, density, coverage_gap, per_mentor, business_diversity,
// distance_office; all MoreIsBetter except distance_office.
const std::vector<BuiltInCriterion>& builtInCriteria();
// The built-in default for a built-in name; MoreIsBetter for any other (table column) name.
Direction defaultDirection(std::string_view criterionName);

// The data: one value per polygon, NaN where missing.
struct CriterionValues {
  std::string name;
  std::vector<double> values;
};

struct SuitabilityInput {
  std::vector<std::string> codes;          // one per polygon; ties in score are ordered by code
  std::vector<CriterionValues> criteria;   // every criterion the planner may choose from
};

// One criterion as the planner set it.
struct CriterionSetting {
  std::string name;
  double weight = 0;                       // >= 0; rescaled to shares of 100 over all settings
  Direction direction = Direction::MoreIsBetter;
  Normalisation normalisation = Normalisation::MinMax;
  friend bool operator==(const CriterionSetting&, const CriterionSetting&) = default;
};
// A criterion setting with the criterion's default direction.
CriterionSetting defaultCriterionSetting(std::string_view name, double weight = 0);

struct MinimumConstraint {
  std::string criterion;
  double minimum = 0;                      // raw value must be >= minimum (whatever the direction)
  friend bool operator==(const MinimumConstraint&, const MinimumConstraint&) = default;
};

inline constexpr std::uint64_t kDefaultSensitivitySeed = 20240417;

struct SuitabilitySettings {
  std::vector<CriterionSetting> criteria;  // weight-0 entries are kept (for the panel) but ignored
  std::vector<std::string> excludedCodes;  // "excluded by planner"
  std::vector<MinimumConstraint> minimums;
  MissingPolicy missing = MissingPolicy::Exclude;
  int topN = 5;
  int perturbations = 1000;                // 0 skips the sensitivity check
  std::uint64_t seed = kDefaultSensitivitySeed;
  friend bool operator==(const SuitabilitySettings&, const SuitabilitySettings&) = default;
};

struct PolygonScore {
  std::string code;
  bool excluded = false;
  std::string exclusionReason;             // English, e.g. "candidates below minimum 50"
  double score = std::numeric_limits<double>::quiet_NaN();  // NaN when excluded
  std::vector<double> contributions;       // score points, one per SuitabilityResult::criteria
  int rank = 0;                            // 1 = best; 0 when excluded
  double topShare = std::numeric_limits<double>::quiet_NaN();  // sensitivity 0..1; NaN if excluded or skipped
};

struct SuitabilityResult {
  std::vector<std::string> criteria;       // the weighted criteria (weight > 0), in settings order
  std::vector<double> sharesPercent;       // their weights as shares of 100
  std::vector<std::string> constantCriteria;  // weighted criteria equal everywhere: contribute nothing
  std::vector<PolygonScore> polygons;      // input order
  std::vector<int> order;                  // polygon indices: ranked best first, then excluded by code
  int topN = 5;
  int perturbations = 0;
  std::uint64_t seed = 0;
};

// Throws PlanningError for: a negative or non-finite weight, all weights zero (or no criteria),
// a criterion name not in `input` (the message lists the valid names), a criterion named twice,
// a minimum on an unknown criterion or a non-finite minimum, an excluded code not in `input`,
// topN < 1, perturbations < 0. Throws std::invalid_argument when a value vector's length differs
// from the number of codes or holds an infinite value (a programming error, not planner input).
void validateSuitability(const SuitabilityInput& input, const SuitabilitySettings& settings);

// Validates, scores, ranks and (perturbations > 0) runs the sensitivity check.
SuitabilityResult scoreSuitability(const SuitabilityInput& input, const SuitabilitySettings& settings);

// "candidates=2,density=1" -> {{"candidates",2},{"density",1}} (spaces around items allowed).
// Throws PlanningError naming the bad item for anything else. Used for --weights and --min.
std::vector<std::pair<std::string, double>> parseNamedValues(std::string_view text);

// Uniform [0,1) from 53 random bits; identical on every standard library (unlike
// std::uniform_real_distribution). Exposed for the tests.
double uniformUnit(std::uint64_t randomBits);

}  // namespace pk
