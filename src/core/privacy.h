// The privacy rules of every export (maps, tables, the meeting pack), as pure functions. The
// command-line `stats` and `rank` outputs are analysis tools, not exports, and stay exact.
//
// 1. Small counts. A count of people from 1 to threshold-1 (threshold 3 by default) is written as
//    "<3". Zero stays "0": it discloses nobody. A value derived from a suppressed count (density,
//    share, rate per 1,000, BSIMu total, beneficiaries per mentor, coverage share, distances, the
//    dominant business) is withheld the same way: it is written "<3" too, never left empty, because
//    an empty cell already means "not applicable" (no mentors, no population column). Counts of
//    mentors are programme staff, not beneficiaries, and stay exact.
// 2. Personal data. Names, NIK and business names (they often carry the owner's name, "Keripik Bu
//    Ela") never appear in an export unless the planner enables them for that one export; the
//    caller then shows a warning (personalDataWarning()). Ids count as personal too: lists
//    sometimes use the NIK as the id.
// 3. Point positions. Beneficiary points drawn in an exported map are displaced: each by a random
//    offset uniform in a disc of radius `displacementMetres` (300 m by default), drawn from a hash
//    of the row's id, its original coordinates and the project's seed, so repeated exports of the
//    same data agree and the offset cannot be recomputed without the original position. A
//    displaced point always stays in the row's own polygon: an offset that leaves it is drawn again
//    (up to 64 times), and a row whose every draw leaves (a sliver of a polygon) is drawn at the
//    polygon's label point, an aggregate position that discloses nothing.
//
// Settings live in the project's "privacy" section:
//   "privacy": {"small_count_threshold": 3, "displacement_m": 300, "seed": 0}
// The per-export switch for personal data is deliberately not saved: it must be chosen every time.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/geometry.h"
#include "core/text_list.h"

namespace pk {

struct Layer;
struct MapDocument;
struct TextTable;
struct IndicatorTable;
struct BeneficiaryPoints;
struct BeneficiaryList;

struct PrivacySettings {
  int smallCountThreshold = 3;      // counts 1..threshold-1 are withheld; 1 or less: nothing withheld
  double displacementMetres = 300;  // radius of the disc the offsets are drawn from; 0: no displacement
  std::uint64_t seed = 0;           // mixed into every offset
  friend bool operator==(const PrivacySettings&, const PrivacySettings&) = default;
};

// JSON of the project's "privacy" section. Missing keys keep their defaults; a threshold below 1 or
// above 100, or a displacement below 0 or above 5,000 m, throws std::invalid_argument naming the key.
void to_json(nlohmann::json& j, const PrivacySettings& s);
void from_json(const nlohmann::json& j, PrivacySettings& s);
// The document's settings (defaults without a "privacy" section). Throws std::invalid_argument.
PrivacySettings privacySettingsOf(const MapDocument& doc);

// ---- small counts ----

// True for 1..threshold-1.
bool isSmallCount(std::int64_t count, int threshold);
// "<3" for threshold 3.
std::string withheldMarker(int threshold);
// The count as text, or the marker when it is small.
std::string countText(std::int64_t count, int threshold);
// "x": a count withheld only so that a small one cannot be worked out from other published numbers.
// It means "withheld", any value including 0 (the publication step, core/disclosure.h, may withhold
// zeros); saying more about it would narrow the attacker's interval.
const char* complementaryMarker();
// True for a cell holding the marker of any threshold ("<3", "<5") or the complementary marker.
bool isWithheldCell(std::string_view cell);

// What a column of the per-polygon table (indicatorTextTable's headers) is, for the rules above.
enum class ColumnPrivacy {
  Public,          // code, name, area: no people in them
  MentorCount,     // counts of mentors: exact
  BeneficiaryCount,   // counts of beneficiaries (and of their status, cohort, category): small ones withheld
  DerivedFromCount,   // withheld when the polygon's beneficiaries are withheld
  DerivedFromPlaced,  // distances: withheld when the beneficiaries placed by coordinates are withheld
  CoveredShare,       // withheld when covered or placed by coordinates is withheld
  Personal,           // names, NIK, ids: dropped
};
// Unknown columns are treated as beneficiary data (fail closed): integer-valued ones as counts,
// others as derived from the count; this function then returns DerivedFromCount for them and
// applyTablePrivacy decides per cell.
ColumnPrivacy columnPrivacy(std::string_view header);

// Applies the small-count rules to a per-polygon table made by indicatorTextTable from `indicators`
// (its featureOfRow must index indicators.polygons). The counts that gate derived values
// (beneficiaries, placed by coordinates, covered) come from `indicators`, so the rules do not depend
// on number formatting; count cells are whole numbers in any format and are read from the text (a
// count cell that is not a whole number is withheld). Personal columns are removed.
// Complementary withholding: the status, cohort and category columns each add up to the polygon's
// beneficiaries, so when exactly one cell of such a group is withheld, the group's smallest other
// non-zero count is withheld too, written complementaryMarker() ("x": withheld), or the
// first could be worked out by subtraction.
void applyTablePrivacy(TextTable& table, const IndicatorTable& indicators, int threshold);

// A ranking table (columns rank, code, name, score, c_NAME..., excluded; featureOfRow = boundary
// feature) in an export: a score and its contributions are linear in the criteria, so with the other
// polygons' exact counts they could give back a withheld count. For a polygon with a small
// beneficiary count, the score and every c_ column are withheld (rank, code, name and the exclusion
// reason stay; ranks only order). The rank verb's own output stays exact. Not enough against the
// min-max anchors and rank positions (issue 11, leak 3): exports use publishedRanking
// (core/ranking_disclosure.h) instead.
void applyRankingPrivacy(TextTable& ranking, const IndicatorTable& indicators, int threshold);

// ---- personal data ----

// True for headers that name people or identify them: name/nama..., nik, id/no_kpm..., business
// name (the recognised aliases of those roles, after normaliseHeader), whatever the list kind.
bool isPersonalHeader(std::string_view header);
// Removes the personal columns of a table (header and cells).
void removePersonalColumns(TextTable& table);
// The warning a caller shows when a planner enables personal data for an export (English; the GUI
// uses tr("privacy.personal_data_warning")).
const char* personalDataWarning();

// ---- displacement ----

// The 64-bit key of a row's offset: FNV-1a of the id (or the row number when the id is empty) and
// the original position to the millimetre, mixed with the seed.
std::uint64_t displacementKey(std::string_view rowId, int rowNumber, Vec2 original, std::uint64_t seed);
// Offset number `attempt` of a key: uniform in the disc of `radius` (area-uniform: r = R sqrt(u)).
Vec2 displacementOffset(std::uint64_t key, int attempt, double radius);

constexpr int kDisplacementAttempts = 64;

// The displaced position of one point that lies in `polygon`: the first offset (attempt 0, 1, ...)
// that keeps it inside; nothing after kDisplacementAttempts misses (the caller falls back to the
// polygon's label point, computed only then). A point already outside its polygon is treated the same
// way (its offsets must land inside). Without a radius, the original.
std::optional<Vec2> displacedPosition(Vec2 original, std::uint64_t key, double radius, const MultiPolygon& polygon);

// Displaces every positioned point of `points` in place (rows without a position or polygon are left
// as they are). `ids` and `rowNumbers` are parallel to the points (either may be empty). Returns how
// many points fell back to their polygon's label point.
size_t displaceBeneficiaryPoints(BeneficiaryPoints& points, const TextList& ids,
                                 const std::vector<int>& rowNumbers, const Layer& boundaries,
                                 const PrivacySettings& settings);
// The same for points made by beneficiaryPointsOf(list, ...) (parallel to list.rows): keyed by the
// list's ids and row numbers. Throws std::invalid_argument when the sizes differ.
size_t displaceBeneficiaryPoints(BeneficiaryPoints& points, const BeneficiaryList& list, const Layer& boundaries,
                                 const PrivacySettings& settings);

}  // namespace pk
