// The programme lists on the map: beneficiary (KPM) and mentor rows placed into the polygons of the
// boundary layer, by coordinates when a row has usable ones, else by kecamatan/desa name or code.
// Rows that cannot be placed are counted by reason; the first kMaxListedUnplacedRows of them are kept
// in an "unplaced rows" list that carries row numbers and location fields only. Names and NIK stay in
// memory for an explicit opt-in export.
#pragma once
#include <array>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/business_categories.h"
#include "core/column_mapping.h"
#include "core/geometry.h"
#include "core/name_matching.h"
#include "core/spatial_index.h"
#include "core/table_io.h"
#include "core/text_list.h"

namespace pk {

struct Layer;
class MapProjection;
class Table;

enum class PlacedBy : std::uint8_t { Coordinates, Name };

enum class UnplacedReason : std::uint8_t {
  DuplicateId,           // a later row repeating an earlier row's id (the first row counts)
  OutsideBoundary,       // coordinates outside every polygon
  UnreadableCoordinates, // non-numeric or half-empty coordinates, and no name to fall back on
  ProjectedCoordinates,  // values like metres of a projected CRS, and no name to fall back on
  NoLocation,            // neither coordinates nor kecamatan/desa
  UnknownKecamatan,
  UnknownDesa,
  AmbiguousName,
  NoKecamatan,           // only a desa given, on a kecamatan-level boundary layer
  NoDesa,                // only a kecamatan given, on a desa-level boundary layer
  ShiftedCells,          // the row had more fields than the header (wrong delimiter?)
  Count
};
constexpr size_t kUnplacedReasonCount = static_cast<size_t>(UnplacedReason::Count);
// English, for the unplaced list, the summary and the CLI: "duplicate id", "outside every polygon", ...
const char* unplacedReasonText(UnplacedReason reason);

// Unplaced rows kept with their details per list: a national list can have millions outside the
// polygons, and a planner fixes the first few before looking further. The rest are only counted.
constexpr size_t kMaxListedUnplacedRows = 1000;

// A row that could not be placed. No names, no NIK, no id (ids can be NIK in disguise).
struct UnplacedRow {
  int row = 0;                 // Table::rowNumber
  UnplacedReason reason = UnplacedReason::NoLocation;
  std::string detail;          // e.g. "kecamatan 'Cimahi' not found", "first at row 5"
  std::string kecamatan, desa, lon, lat;  // the location fields as written
};

// Counts for the summary line and the CLI's stderr.
struct ImportSummary {
  std::string path;
  size_t rowsRead = 0;
  size_t placedByCoordinates = 0;
  size_t placedByName = 0;
  std::array<size_t, kUnplacedReasonCount> unplacedByReason{};
  size_t swappedCorrected = 0;       // lat/lon swapped in the file, corrected and placed
  size_t coordinatesFellBackToName = 0;  // unreadable or projected coordinates, placed by name
  size_t projectedCoordinates = 0;   // rows whose coordinates looked like metres (placed or not)
  size_t unplacedNotListed = 0;      // unplaced rows past the kMaxListedUnplacedRows listed ones

  size_t placed() const { return placedByCoordinates + placedByName; }
  size_t unplaced() const;
  // One English line for stderr, e.g. "kpm.csv: 120 rows read, 117 placed (110 by coordinates,
  // 7 by name), 3 unplaced (2 duplicate id, 1 outside every polygon); 4 swapped lat/lon corrected",
  // ending "; 5 unplaced rows not listed (details kept for the first 1000)" when some are not.
  std::string oneLine() const;
};

// The boundary layer, its index and matcher, built once per layer and shared by imports.
// Keeps references: the layer and projection must outlive it. Imports place coordinates on
// `threads` threads (0 = every hardware thread); the result does not depend on the number.
class PlacementContext {
 public:
  PlacementContext(const Layer& boundary, const MapProjection& projection, int threads = 0);
  int threads() const { return threads_; }
  const Layer& boundary() const { return boundary_; }
  const MapProjection& projection() const { return projection_; }
  // The point-in-polygon index, built (or read from the layer cache) on first use. Thread-safe.
  const PolygonIndex& index() const;
  // The index when placing `rows` rows is worth building it (or it is built already), else null:
  // a short list on a big layer is placed by findByScan, with the same answers.
  const PolygonIndex* indexFor(size_t rows) const;
  bool indexBuilt() const { return haveIndex_; }
  const PlaceMatcher& matcher() const { return matcher_; }
  // Lon/lat extent of the boundary, widened by 0.1 degree (about 11 km), for messages.
  const BBox& lonLatExtent() const { return lonLatExtent_; }
 private:
  const Layer& boundary_;
  const MapProjection& projection_;
  mutable std::once_flag indexBuilt_;
  mutable std::optional<PolygonIndex> index_;
  mutable std::atomic<bool> haveIndex_{false};
  ScanOrIndex scanOrIndex_;
  PlaceMatcher matcher_;
  BBox lonLatExtent_;
  int threads_ = 0;
};

// One placed beneficiary: small and flat, so a million of them aggregate quickly.
struct Beneficiary {
  int row = 0;                 // Table::rowNumber
  int polygon = -1;            // feature index in the boundary layer
  Vec2 position{NAN, NAN};     // map metres; NaN when placed by name
  PlacedBy placedBy = PlacedBy::Name;
  bool swappedLatLon = false;  // the file had lat/lon the other way round; corrected
  std::int16_t category = -1;  // index into BusinessCategories::categories; -1 without a type column
  std::int16_t cohort = 0;     // year, 0 when unknown
  std::int32_t businessType = -1;  // index into BeneficiaryList::businessTypes (the raw text)
  std::int32_t status = -1;    // index into BeneficiaryList::statuses
  std::int32_t mentor = -1;    // index into BeneficiaryList::mentorIds
  double bsimu = NAN;          // BSIMu amount in rupiah; NaN when empty or unreadable
  bool hasPosition() const { return placedBy == PlacedBy::Coordinates; }
};

// In-memory only: shown nowhere and exported only when a planner enables it for that export.
// Parallel to the placed rows.
struct PersonalData {
  std::vector<std::string> names;
  std::vector<std::string> niks;
  std::vector<std::string> businessNames;  // often carry the owner's name ("Keripik Bu Ela")
};

struct BeneficiaryList {
  std::string path;
  ColumnMapping mapping;
  std::vector<Beneficiary> rows;        // placed rows, in file order
  TextList ids;                         // parallel to rows (may be empty)
  std::vector<UnplacedRow> unplaced;    // the first kMaxListedUnplacedRows, in file order
  // Interned text referenced by index from the rows.
  std::vector<std::string> businessTypes, statuses, mentorIds;
  PersonalData personal;
  ImportSummary summary;

  // Re-applies edited category rules to every row (no re-import needed).
  void recategorise(const BusinessCategories& categories);
};

// One free-text business type of a list, how many placed rows carry it and its category now: what
// the business categories window lists, most frequent first (ties by text).
struct BusinessTypeCount {
  std::string text;
  size_t rows = 0;
  int category = -1;  // index into the categories given
};
std::vector<BusinessTypeCount> businessTypeCounts(const BeneficiaryList& list, const BusinessCategories& categories);


struct Mentor {
  int row = 0;
  int polygon = -1;
  Vec2 position{NAN, NAN};     // map metres: the coordinates, or the polygon's label point
  PlacedBy placedBy = PlacedBy::Name;
  bool approximate = false;    // placed by name: sits at its polygon's label point
  bool swappedLatLon = false;
  std::string id;
  std::int32_t organisation = -1;  // index into MentorList::organisations
  int capacity = 0;            // beneficiaries a mentor can take; 0 when not given
};

struct MentorList {
  std::string path;
  ColumnMapping mapping;
  std::vector<Mentor> mentors;        // placed mentors, in file order
  std::vector<UnplacedRow> unplaced;  // the first kMaxListedUnplacedRows, in file order
  std::vector<std::string> organisations;
  std::vector<std::string> names;     // personal data, parallel to mentors
  ImportSummary summary;
  int indexOfId(std::string_view id) const;  // -1 if absent
};

// Places every row of `table`. Throws InputError naming the file when the mapping has no location
// column (no lon/lat, kecamatan or desa). Never throws for bad rows: they are counted in the
// summary by reason, and the first kMaxListedUnplacedRows go to `unplaced`.
// A list with nothing placed is returned as is (summary.placed() == 0); see requireSomePlaced.
BeneficiaryList importBeneficiaries(const Table& table, const ColumnMapping& mapping,
                                    const PlacementContext& context, const BusinessCategories& categories);
MentorList importMentors(const Table& table, const ColumnMapping& mapping, const PlacementContext& context);

// The attribute texts of one placed beneficiary row, as written.
struct BeneficiaryTexts {
  std::string_view businessType, cohort, bsimu, status, mentorId, id;
};
// Adds placed rows to `list` as importBeneficiaries does: texts interned (case-insensitive, the first
// spelling kept), business types categorised, cohort and BSIMu parsed. Used by the import itself and
// for rows placed elsewhere (counted in the database: `copies` identical rows at once).
class BeneficiaryAppender {
 public:
  BeneficiaryAppender(BeneficiaryList& list, const BusinessCategories& categories);
  ~BeneficiaryAppender();
  void add(Beneficiary placed, const BeneficiaryTexts& texts, size_t copies = 1);
 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Reads a list chunk by chunk: calls the sink it is given with each chunk (readTableChunks,
// readDatabaseTableChunks).
using ChunkedRead = std::function<void(const TableChunkSink& sink)>;
// The columns of a list, from its first chunk (guessColumnMapping, or a project's saved mapping).
using ChunkMapping = std::function<ColumnMapping(const Table& firstChunk)>;
// Imports the list `read` hands over, as importBeneficiaries/importMentors would import the whole
// table: only a chunk of the source's text is held at a time. `source` names it (a file's size sets
// the room reserved); `mapping` empty: guessColumnMapping.
BeneficiaryList importBeneficiaryChunks(const std::string& source, const ChunkedRead& read,
                                        const PlacementContext& context, const BusinessCategories& categories,
                                        const ChunkMapping& mapping = {});
MentorList importMentorChunks(const std::string& source, const ChunkedRead& read, const PlacementContext& context,
                              const ChunkMapping& mapping = {});

// Reads the file chunk by chunk, recognises its columns and imports it.
BeneficiaryList importBeneficiaryFile(const std::string& path, const PlacementContext& context,
                                      const BusinessCategories& categories);
MentorList importMentorFile(const std::string& path, const PlacementContext& context);

// Throws InputError(path, "no usable rows: " + summary) when nothing was placed.
void requireSomePlaced(const ImportSummary& summary);

// For each beneficiary, the index of its mentor in `mentors` by mentor id (-1 when none or unknown).
std::vector<int> linkMentors(const BeneficiaryList& beneficiaries, const MentorList& mentors);

// The unplaced list as CSV (comma, UTF-8, header row): row,reason,detail,kecamatan,desa,lon,lat.
// When `summary` says rows were not listed, one closing line per reason follows with an empty row
// number and the detail "N in all; M not listed", so the file keeps the exact totals.
std::string unplacedRowsCsv(const std::vector<UnplacedRow>& rows, const ImportSummary& summary = {});
void writeUnplacedRowsCsv(const std::string& path, const std::vector<UnplacedRow>& rows,
                          const ImportSummary& summary = {});  // atomic

// The placed beneficiaries as CSV: row,polygon_code,polygon_name,placed_by,lon,lat,category,cohort,
// bsimu,mentor_id,status, plus id,name,nik,business_name only when includePersonalData (lists
// sometimes use the NIK as the id, so the id is treated as personal too; the row number traces a row).
std::string beneficiariesCsv(const BeneficiaryList& list, const PlacementContext& context,
                             const BusinessCategories& categories, bool includePersonalData);

// A per-kecamatan (or per-desa) table joined to the boundary polygons by code or name. On desa
// boundaries whose features carry their kecamatan's code or name (kec_code, kecamatan, ...), a row
// that names only a kecamatan joins to every desa of that kecamatan which no desa row describes:
// its values are then kecamatan attributes shown on each desa, not the desa's own.
struct PolygonTableJoin {
  std::vector<int> rowOfFeature;      // per boundary feature: table row index, -1 when none
  std::vector<bool> throughKecamatan; // per boundary feature: the row is its kecamatan's
  std::vector<UnplacedRow> unmatched; // rows that fit no polygon, or repeat one already joined
  size_t matched = 0;                 // rows joined
  size_t featuresThroughKecamatan = 0;
  std::string kecamatanField;         // the boundary layer's field kecamatan rows matched in
};
PolygonTableJoin joinPolygonTable(const Table& table, const ColumnMapping& mapping, const PlaceMatcher& matcher);
// The column's values per boundary feature (NaN where no row or not a number; decimal commas and
// thousands separators understood). Features joined through their kecamatan take its value.
std::vector<double> polygonTableColumn(const Table& table, const PolygonTableJoin& join, int column);
// The column as each polygon's own population, for rates per 1,000: as polygonTableColumn, but NaN
// for features joined through their kecamatan (a kecamatan's population is not each desa's).
std::vector<double> polygonTablePopulation(const Table& table, const PolygonTableJoin& join, int column);

// Number parsing as planners' files write numbers.
// A coordinate: "107.4512", "107,4512" (decimal comma), " -6.8 "; false when not a number.
bool parseCoordinate(std::string_view text, double& value);
// An amount: "5000000", "5.000.000", "Rp 5.000.000,00", "5,000,000", "2,5" (= 2.5); false if none.
bool parseAmount(std::string_view text, double& value);
// A year: "2020", "2020.0", "Angkatan 2021" -> 2021; 0 when none.
int parseYear(std::string_view text);

}  // namespace pk
