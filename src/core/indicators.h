// Programme indicators per polygon of the boundary layer: beneficiaries, density, business mix,
// mentors and how well they reach the families. Pure computation on struct-of-arrays input, so it
// can be fed from an imported list (programme_data) or from a benchmark generator.
#pragma once
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/geometry.h"
#include "core/layer.h"

namespace pk {

class PolygonIndex;

constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();
inline bool hasValue(double v) { return !std::isnan(v); }
inline bool hasPosition(Vec2 p) { return !std::isnan(p.x) && !std::isnan(p.y); }
constexpr Vec2 kNoPosition{std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};

// One entry per beneficiary row (all vectors the same length).
struct BeneficiaryPoints {
  std::vector<std::int32_t> polygon;   // feature index in the boundary layer; -1 = unplaced (skipped)
  std::vector<Vec2> position;          // map metres; kNoPosition when placed by name only
  std::vector<std::int16_t> category;  // index into categoryNames; -1 = no business type
  std::vector<std::int16_t> cohort;    // cohort year (e.g. 2020); 0 = unknown
  std::vector<std::int16_t> status;    // index into statusNames; -1 = no status
  std::vector<double> bsimu;           // BSIMu amount; NaN when absent
  std::vector<std::int32_t> mentor;    // index into MentorPoints; -1 = no assigned mentor
  std::vector<std::string> categoryNames;
  std::vector<std::string> statusNames;

  size_t size() const { return polygon.size(); }
  void reserve(size_t n);
  void clear();
  void add(std::int32_t polygonIndex, Vec2 mapPosition, int categoryIndex = -1, int cohortYear = 0,
           int statusIndex = -1, double bsimuAmount = kNoValue, std::int32_t mentorIndex = -1);
};

// One entry per mentor.
struct MentorPoints {
  std::vector<std::int32_t> polygon;       // feature index holding the mentor; -1 = unplaced
  std::vector<Vec2> position;              // map metres; kNoPosition = none (not used in distances)
  std::vector<std::uint8_t> approximate;   // 1 = position is the label point of its kecamatan
  std::vector<std::int16_t> organisation;  // index into organisationNames; -1 = none
  std::vector<std::int32_t> capacity;      // most beneficiaries the mentor takes; 0 = not given
  std::vector<std::string> organisationNames;

  size_t size() const { return polygon.size(); }
  void clear();
  void add(std::int32_t polygonIndex, Vec2 mapPosition, bool isApproximate = false, int organisationIndex = -1,
           std::int32_t capacityLimit = 0);
};

// Mentors placed by name only get the label point of their polygon, flagged approximate.
void placeMentorsAtLabelPoints(MentorPoints& mentors, const Layer& boundaries);

// Rows kept by the dashboard's filters; an empty list keeps everything. Beneficiaries pass the
// organisation filter through their assigned mentor (no mentor: filtered out while it is active);
// mentors pass it by their own organisation.
struct IndicatorFilter {
  std::vector<int> cohortYears;
  std::vector<int> categories;     // category indices (-1 = no business type)
  std::vector<int> statuses;       // status indices (-1 = no status)
  std::vector<int> organisations;  // organisation indices of mentors
  bool active() const {
    return !cohortYears.empty() || !categories.empty() || !statuses.empty() || !organisations.empty();
  }
};

struct IndicatorOptions {
  double radiusKm = 5;              // coverage radius
  IndicatorFilter filter;
  std::vector<double> population;   // per feature, for rates per 1,000; empty or NaN = none
  int threads = 0;                  // 0 = every hardware thread
};

struct PolygonIndicators {
  std::int64_t beneficiaries = 0;      // placed rows passing the filters (by coordinates or by name)
  std::int64_t placedByCoordinates = 0;
  double densityPerKm2 = 0;            // per km² of the polygon's area
  double share = 0;                    // of all counted beneficiaries, 0..1
  double ratePer1000 = kNoValue;       // per 1,000 of the population column; NaN without one
  double bsimuTotal = 0;               // sum over rows with an amount
  std::vector<std::int64_t> byStatus;    // per statusNames index
  std::vector<std::int64_t> byCohort;    // per IndicatorTable::cohortYears
  std::vector<std::int64_t> byCategory;  // per categoryNames index
  std::int64_t statusUnknown = 0, cohortUnknown = 0, categoryUnknown = 0;
  int dominantCategory = -1;           // most frequent category (lowest index on ties); -1 = none
  // Mentor side: meaningful only when IndicatorTable::hasMentors.
  std::int64_t mentors = 0;            // mentors located in the polygon (passing the filter)
  std::int64_t mentorsApproximate = 0; // of which placed at a label point
  double beneficiariesPerMentor = kNoValue;  // NaN where the polygon has no mentor
  double medianDistanceKm = kNoValue;  // from beneficiaries placed by coordinates to the nearest mentor
  double maxDistanceKm = kNoValue;
  std::int64_t covered = 0;            // beneficiaries placed by coordinates within radius of a mentor
  double coveredShare = kNoValue;      // covered / placedByCoordinates; NaN when that is 0
  std::int64_t overCapacity = 0;       // beneficiaries beyond their mentor's capacity (in row order)
  std::int64_t mentorsOverCapacity = 0;  // mentors located here with more beneficiaries than capacity
};

struct IndicatorTable {
  std::vector<PolygonIndicators> polygons;  // one per feature of the boundary layer, in layer order
  std::vector<int> cohortYears;             // sorted; the byCohort columns
  bool hasMentors = false;
  bool hasPopulation = false;
  bool hasBsimu = false;            // some counted row has a BSIMu amount
  double radiusKm = 5;
  std::int64_t counted = 0;          // beneficiaries in some polygon and passing the filters
  std::int64_t filteredOut = 0;      // placed rows removed by the filters
  std::int64_t unplaced = 0;         // rows with polygon -1
  std::vector<std::int64_t> mentorLoad;    // per mentor: assigned beneficiaries passing the filters
  std::vector<double> nearestMentorKm;     // per beneficiary row: NaN unless counted, positioned, mentors
};

IndicatorTable computeIndicators(const Layer& boundaries, const BeneficiaryPoints& beneficiaries,
                                 const MentorPoints* mentors, const IndicatorOptions& options = {});

// The counting step on its own: the feature containing each position (-1 outside every polygon or
// no position), on `threads` threads (0 = every hardware thread).
void locatePoints(const PolygonIndex& index, const Vec2* positions, size_t count, std::int32_t* polygonOut,
                  int threads = 0);
// Points per feature from locatePoints' output (entries -1 skipped).
std::vector<std::int64_t> countPerPolygon(const std::int32_t* polygon, size_t count, size_t featureCount);

// Nearest of a fixed set of points, through a uniform grid (ring search). Thread-safe queries.
class NearestPointIndex {
 public:
  NearestPointIndex() = default;
  explicit NearestPointIndex(std::vector<Vec2> points);  // points without a position are left out
  // Index (into the constructor's vector) of the nearest point and its distance; -1 when empty.
  int nearest(Vec2 p, double* distance = nullptr) const;
  bool empty() const { return order_.empty(); }
 private:
  std::vector<Vec2> points_;
  BBox bounds_;
  int nx_ = 0, ny_ = 0;
  double cell_ = 1;
  std::vector<std::uint32_t> cellStart_;
  std::vector<std::uint32_t> order_;  // point indices grouped by cell
};

// The per-polygon table as text, for the `stats` verb and the table panel's CSV export. One row per
// feature sorted by code (then name; features without a code last). Numbers use `decimalMark`.
// Names and NIK of people never appear: only polygon codes/names and aggregates.
struct TextTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<int> featureOfRow;  // feature index of each row
};
TextTable indicatorTextTable(const Layer& boundaries, const IndicatorTable& table,
                             const BeneficiaryPoints& beneficiaries, char decimalMark = '.');
// CSV text: header then rows, fields quoted when they hold the delimiter, quotes or line breaks.
std::string toCsv(const TextTable& table, char delimiter = ',');

// "Warung/Toko Kelontong" -> "warung_toko_kelontong", for column names.
std::string columnSlug(const std::string& text);

}  // namespace pk
