#include "core/programme_data.h"

#include <algorithm>
#include <array>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <atomic>
#include <charconv>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <thread>
#include <unordered_map>

#include <ogr_spatialref.h>

#include "core/database_source.h"
#include "core/huge_page_allocator.h"
#include "core/layer.h"
#include "core/layer_io.h"
#include "core/parallel.h"
#include "core/project_file.h"
#include "core/projection.h"
#include "core/table_io.h"
#include "core/text_excerpt.h"

namespace pk {

// ---- numbers ----

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A decimal as lists write coordinates ("-6.839690"): an optional minus, digits, and optionally a
// point and more digits, 15 digits at most. The digits then make an integer below 2^53 and the
// decimals a power of ten up to 1e15, both exact doubles, so one division, correctly rounded, gives
// the correctly rounded value, as from_chars does (Clinger's fast path) at a fraction of its time.
// False for anything else, left to from_chars.
bool parseShortDecimal(std::string_view s, double& value) {
  static constexpr double kPowersOfTen[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                            1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  const char *p = s.data(), *end = s.data() + s.size();
  const bool negative = p != end && *p == '-';
  if (negative) ++p;
  std::uint64_t digits = 0;
  int count = 0, decimals = 0;
  const char* integerStart = p;
  for (; p != end && *p >= '0' && *p <= '9'; ++p, ++count) digits = digits * 10 + std::uint64_t(*p - '0');
  if (p == integerStart) return false;
  if (p != end) {
    if (*p != '.') return false;
    const char* decimalStart = ++p;
    for (; p != end && *p >= '0' && *p <= '9'; ++p, ++count, ++decimals) digits = digits * 10 + std::uint64_t(*p - '0');
    if (p != end || p == decimalStart) return false;
  }
  if (count > 15) return false;
  const double magnitude = double(digits) / kPowersOfTen[decimals];
  value = negative ? -magnitude : magnitude;
  return true;
}

bool parsePlainNumber(std::string_view s, double& value) {
  if (s.empty()) return false;
  if (parseShortDecimal(s, value)) return true;
  if (s.front() == '+') s.remove_prefix(1);
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  return ec == std::errc() && end == s.data() + s.size() && std::isfinite(value);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

bool parseCoordinate(std::string_view text, double& value) {
  std::string_view s = trim(text);
  // Most cells are plain numbers with a decimal point; those the rules below would read the same.
  if (parsePlainNumber(s, value)) return true;
  // Hemisphere suffixes as Indonesian and English lists write them: "6,83 LS", "107.4 BT", "6.8 S".
  bool negate = false;
  size_t end = s.size();
  while (end > 0 && (std::isalpha(static_cast<unsigned char>(s[end - 1])) || s[end - 1] == ' ')) --end;
  std::string suffix = lower(trim(s.substr(end)));
  if (!suffix.empty()) {
    if (suffix == "s" || suffix == "ls" || suffix == "w" || suffix == "bb") negate = true;
    else if (!(suffix == "n" || suffix == "lu" || suffix == "e" || suffix == "bt")) return false;
    s = trim(s.substr(0, end));
  }
  // A degree sign (UTF-8 C2 B0) at the end.
  if (s.size() >= 2 && static_cast<unsigned char>(s[s.size() - 2]) == 0xC2 &&
      static_cast<unsigned char>(s.back()) == 0xB0)
    s = trim(s.substr(0, s.size() - 2));
  if (s.empty()) return false;
  std::string buf(s);
  size_t commas = std::count(buf.begin(), buf.end(), ',');
  size_t dots = std::count(buf.begin(), buf.end(), '.');
  if (commas > 1 || (commas == 1 && dots > 0)) return false;
  if (commas == 1) std::replace(buf.begin(), buf.end(), ',', '.');
  if (!parsePlainNumber(buf, value)) return false;
  if (negate) value = -std::abs(value);
  return true;
}

bool parseAmount(std::string_view text, double& value) {
  std::string s;
  std::string l = lower(trim(text));
  std::string_view v = l;
  for (std::string_view prefix : {"rp.", "rp", "idr"})
    if (v.substr(0, prefix.size()) == prefix) { v.remove_prefix(prefix.size()); break; }
  if (v.size() >= 2 && v.substr(v.size() - 2) == ",-") v.remove_suffix(2);
  if (v.size() >= 2 && v.substr(v.size() - 2) == ".-") v.remove_suffix(2);
  for (char c : v)
    if (c != ' ' && c != '\t' && static_cast<unsigned char>(c) != 0xC2 && static_cast<unsigned char>(c) != 0xA0) s += c;
  if (s.empty()) return false;
  size_t lastComma = s.rfind(','), lastDot = s.rfind('.');
  size_t commas = std::count(s.begin(), s.end(), ','), dots = std::count(s.begin(), s.end(), '.');
  auto removeAll = [](std::string& str, char c) { str.erase(std::remove(str.begin(), str.end(), c), str.end()); };
  if (commas && dots) {
    // The later separator is the decimal one: "5.000.000,50" or "5,000,000.50".
    char decimal = lastComma > lastDot ? ',' : '.';
    char thousands = decimal == ',' ? '.' : ',';
    removeAll(s, thousands);
    std::replace(s.begin(), s.end(), decimal, '.');
  } else if (commas + dots > 1) {
    removeAll(s, commas ? ',' : '.');  // "5.000.000": thousands only
  } else if (commas + dots == 1) {
    size_t pos = commas ? lastComma : lastDot;
    // Rupiah amounts: one separator followed by exactly three digits groups thousands ("5.000").
    if (s.size() - pos - 1 == 3) s.erase(pos, 1);
    else s[pos] = '.';
  }
  return parsePlainNumber(s, value);
}

int parseYear(std::string_view text) {
  for (size_t i = 0; i + 4 <= text.size(); ++i) {
    if (i > 0 && std::isdigit(static_cast<unsigned char>(text[i - 1]))) continue;
    bool four = true;
    for (size_t k = 0; k < 4; ++k) four = four && std::isdigit(static_cast<unsigned char>(text[i + k]));
    if (!four) continue;
    if (i + 4 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 4]))) continue;
    int y = (text[i] - '0') * 1000 + (text[i + 1] - '0') * 100 + (text[i + 2] - '0') * 10 + (text[i + 3] - '0');
    if (y >= 1900 && y <= 2100) return y;
  }
  return 0;
}

// ---- reasons and summary ----

const char* unplacedReasonText(UnplacedReason reason) {
  switch (reason) {
    case UnplacedReason::DuplicateId: return "duplicate id";
    case UnplacedReason::OutsideBoundary: return "outside every polygon";
    case UnplacedReason::UnreadableCoordinates: return "unreadable coordinates";
    case UnplacedReason::ProjectedCoordinates: return "projected coordinates (metres, not degrees)";
    case UnplacedReason::NoLocation: return "no location";
    case UnplacedReason::UnknownKecamatan: return "unknown kecamatan";
    case UnplacedReason::UnknownDesa: return "unknown desa";
    case UnplacedReason::AmbiguousName: return "ambiguous name";
    case UnplacedReason::NoKecamatan: return "no kecamatan";
    case UnplacedReason::NoDesa: return "no desa";
    case UnplacedReason::ShiftedCells: return "more fields than the header";
    case UnplacedReason::Count: break;
  }
  return "?";
}

size_t ImportSummary::unplaced() const {
  size_t n = 0;
  for (size_t c : unplacedByReason) n += c;
  return n;
}

std::string ImportSummary::oneLine() const {
  std::string s = std::filesystem::path(path).filename().string() + ": " + std::to_string(rowsRead) +
                  " rows read, " + std::to_string(placed()) + " placed (" + std::to_string(placedByCoordinates) +
                  " by coordinates, " + std::to_string(placedByName) + " by name), " + std::to_string(unplaced()) +
                  " unplaced";
  if (unplaced() > 0) {
    s += " (";
    bool first = true;
    for (size_t r = 0; r < kUnplacedReasonCount; ++r) {
      if (!unplacedByReason[r]) continue;
      s += (first ? "" : ", ") + std::to_string(unplacedByReason[r]) + " " +
           unplacedReasonText(static_cast<UnplacedReason>(r));
      first = false;
    }
    s += ")";
  }
  if (swappedCorrected) s += "; " + std::to_string(swappedCorrected) + " swapped lat/lon corrected";
  if (projectedCoordinates)
    s += "; " + std::to_string(projectedCoordinates) + " with projected coordinates (metres?) not used";
  if (coordinatesFellBackToName)
    s += "; " + std::to_string(coordinatesFellBackToName) + " with unusable coordinates placed by name";
  if (unplacedNotListed)
    s += "; " + std::to_string(unplacedNotListed) + " unplaced rows not listed (details kept for the first " +
         std::to_string(kMaxListedUnplacedRows) + ")";
  return s;
}

// ---- placement ----

PlacementContext::PlacementContext(const Layer& boundary, const MapProjection& projection, int threads)
    : boundary_(boundary), projection_(projection), scanOrIndex_(boundary), matcher_(boundary), threads_(threads) {
  BBox b = boundary.bbox;
  if (b.empty())
    for (const auto& f : boundary.features) b.add(f.bbox);
  if (!b.empty()) {
    for (Vec2 corner : {Vec2{b.minx, b.miny}, Vec2{b.maxx, b.miny}, Vec2{b.minx, b.maxy}, Vec2{b.maxx, b.maxy}}) {
      Vec2 ll = projection.toLonLat(corner);
      if (std::isfinite(ll.x) && std::isfinite(ll.y)) lonLatExtent_.add(ll);
    }
    if (!lonLatExtent_.empty()) {
      lonLatExtent_.minx -= 0.1; lonLatExtent_.miny -= 0.1;
      lonLatExtent_.maxx += 0.1; lonLatExtent_.maxy += 0.1;
    }
  }
}

const PolygonIndex& PlacementContext::index() const {
  std::call_once(indexBuilt_, [&] {
    index_.emplace(boundary_, PolygonIndex::kPlacementMaxCells);
    haveIndex_ = true;
  });
  return *index_;
}

const PolygonIndex* PlacementContext::indexFor(size_t rows) const {
  if (haveIndex_ || !scanOrIndex_.scanCheaperFor(rows)) return &index();
  return nullptr;
}

namespace {

enum class CoordinateState : std::uint8_t { None, Unreadable, Projected, Candidate };

// What placement decided for one row. Small, with no text: the details of an unplaced row are
// written only for the rows that are listed (detailOf).
struct RowOutcome {
  Vec2 position{NAN, NAN};
  int polygon = -1;
  int duplicateOf = 0;         // row number of the first row with the same id; 0 = none
  int match = -1;              // rows tried by name: index into the name matches of the import
  bool placed = false;
  PlacedBy by = PlacedBy::Name;
  bool swapped = false;
  CoordinateState state = CoordinateState::None;
  UnplacedReason reason = UnplacedReason::NoLocation;
};

// Why a row of a per-polygon table joined no polygon.
struct RowFailure {
  UnplacedReason reason = UnplacedReason::NoLocation;
  std::string detail;
};

UnplacedReason reasonFor(MatchFailure failure) {
  switch (failure) {
    case MatchFailure::UnknownKecamatan: return UnplacedReason::UnknownKecamatan;
    case MatchFailure::UnknownDesa: return UnplacedReason::UnknownDesa;
    case MatchFailure::Ambiguous: return UnplacedReason::AmbiguousName;
    case MatchFailure::NeedsKecamatan: return UnplacedReason::NoKecamatan;
    case MatchFailure::NeedsDesa: return UnplacedReason::NoDesa;
    default: return UnplacedReason::NoLocation;
  }
}

bool validLonLat(double lon, double lat) { return std::abs(lon) <= 180 && std::abs(lat) <= 90; }

// Shorter first, then byte by byte: the order of a list sorted by id, whether the ids are numbers
// without leading zeros (9 < 10) or codes of one width (K009 < K010).
bool shortlexLess(std::string_view a, std::string_view b) {
  return a.size() != b.size() ? a.size() < b.size() : a < b;
}

// The ids of a list seen so far, across the chunks it is read in: for each later row repeating an
// id, the row number of the first row with it. Each id's bytes are kept once in one pool (no string
// per row). A list sorted by id is the common case (an export from the ministry's database): while
// every id is above the last one (shortlexLess) it is new without a look-up, and the ids so far stay
// a sorted run, searched by bisection later. From the first id out of order on, ids are found
// through an open-addressing table of hashes; rows whose hashes agree are compared byte for byte, so
// a collision never makes a duplicate.
class DuplicateIds {
 public:
  // Into `duplicates` (cleared first): (row index, first row number) for every row of `table` in
  // [begin, end) whose id in `idColumn` came before, in row order; the new ids are remembered. Rows
  // are handed in order, table after table.
  void findIn(const Table& table, int idColumn, size_t begin, size_t end,
              std::vector<std::pair<size_t, int>>& duplicates) {
    duplicates.clear();
    if (idColumn < 0) return;
    size_t i = begin;
    for (; i < end && sorted_; ++i) {
      const std::string_view id = table.cell(i, idColumn);
      if (id.empty()) continue;
      if (rowNumbers_.empty() || shortlexLess(ids_[rowNumbers_.size() - 1], id)) {
        remember(id, table.rowNumber(i));
      } else {
        sorted_ = false;  // this row, and every one after it, goes through the table below
        break;
      }
    }
    if (i == end) return;
    hashes_.resize(end - i);
    for (size_t k = i; k < end; ++k) hashes_[k - i] = hash_(table.cell(k, idColumn));
    // The table is far larger than the caches: each row's slot is fetched a few rows ahead.
    constexpr size_t kAhead = 16;
    if (slots_.empty()) rehash(std::max<size_t>(1024, slotsFor(expectedIds_ - std::min(expectedIds_, sortedRun_))));
    for (size_t k = i; k < end; ++k) {
      if (k + kAhead < end) __builtin_prefetch(slots_.data() + (hashes_[k + kAhead - i] & (slots_.size() - 1)));
      const std::string_view id = table.cell(k, idColumn);
      if (id.empty()) continue;
      if (const int first = firstRowOf(id, hashes_[k - i], table.rowNumber(k)); first > 0)
        duplicates.emplace_back(k, first);
    }
  }
  // Room for about `ids` ids of `bytes` in all, taken at once: growing would hold old and new copies.
  // The hash table is sized from it only when the ids turn out not to be sorted.
  void expect(size_t ids, size_t bytes) {
    ids_.reserve(ids, bytes);
    rowNumbers_.reserve(ids);
    expectedIds_ = ids;
  }

 private:
  struct Slot {
    std::uint32_t tag = 0;                  // high bits of the id's hash
    std::uint32_t entry = UINT32_MAX;       // index into ids_ and rowNumbers_; UINT32_MAX = empty
  };

  void remember(std::string_view id, int rowNumber) {
    ids_.push_back(id);
    rowNumbers_.push_back(rowNumber);
    sortedRun_ = rowNumbers_.size();
  }
  static size_t slotsFor(size_t ids) {
    size_t capacity = 1024;
    while (capacity * 3 < ids * 4) capacity *= 2;
    return capacity;
  }
  // The first row number with `id`, or 0 when it is new (then remembered as `rowNumber`'s).
  int firstRowOf(std::string_view id, std::uint64_t h, int rowNumber) {
    const size_t run = sortedRun_;
    if (run > 0 && !shortlexLess(ids_[run - 1], id)) {
      // Not above the sorted run's last id: it may be in the run.
      size_t lo = 0, hi = run;
      while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (shortlexLess(ids_[mid], id)) lo = mid + 1;
        else hi = mid;
      }
      if (lo < run && ids_[lo] == id) return rowNumbers_[lo];
    }
    if ((rowNumbers_.size() - run + 1) * 4 > slots_.size() * 3) grow();
    const std::uint32_t tag = static_cast<std::uint32_t>(h >> 32);
    const size_t mask = slots_.size() - 1;
    for (size_t k = h & mask;; k = (k + 1) & mask) {
      Slot& slot = slots_[k];
      if (slot.entry == UINT32_MAX) {
        slot = {tag, static_cast<std::uint32_t>(rowNumbers_.size())};
        ids_.push_back(id);
        rowNumbers_.push_back(rowNumber);
        return 0;
      }
      if (slot.tag == tag && ids_[slot.entry] == id) return rowNumbers_[slot.entry];
    }
  }
  void grow() { rehash(std::max<size_t>(1024, slots_.size() * 2)); }
  void rehash(size_t capacity) {
    slots_ = {};  // the old table freed before the new one is taken
    slots_.assign(capacity, Slot{});
    const size_t mask = slots_.size() - 1;
    for (std::uint32_t e = static_cast<std::uint32_t>(sortedRun_); e < rowNumbers_.size(); ++e) {
      const std::uint64_t h = hash_(ids_[e]);
      size_t k = h & mask;
      while (slots_[k].entry != UINT32_MAX) k = (k + 1) & mask;
      slots_[k] = {static_cast<std::uint32_t>(h >> 32), e};
    }
  }

  std::hash<std::string_view> hash_;
  TextList ids_;                 // each id once, in the order first seen
  std::vector<int> rowNumbers_;  // the row number each was first seen on
  bool sorted_ = true;           // every id so far above the one before
  size_t sortedRun_ = 0;         // ids [0, sortedRun_) are sorted; the table holds the rest
  size_t expectedIds_ = 0;
  std::vector<Slot, HugePageAllocator<Slot>> slots_;  // 128 MB for 10M ids, probed at random
  std::vector<std::uint64_t> hashes_;  // of the ids being looked up
};

// Scratch arrays of one coordinate worker, kept from block to block.
struct CoordinateScratch {
  std::vector<double> lon, lat, xs, ys;
  std::vector<size_t> which;
  std::vector<Vec2> points;  // the transformed points, NaN where the transform failed
  std::vector<int> polygons;
};

// Places rows [first, first + count) by their coordinates into out[0, count): parsed, transformed
// into map metres in bulk, first as written, then swapped for the rows that missed, and looked up
// in the index (without one, by scanning the boundary's polygons: the same answers). Rows with
// shifted cells are left alone. Repeated ids are not its business: placing runs while they are
// looked for, and the caller sets their outcome aside afterwards.
void placeByCoordinates(const Table& table, int lonCol, int latCol, size_t first, size_t count, RowOutcome* out,
                        const PolygonIndex* index, const Layer& boundary, const LonLatToMapBatch* toMap,
                        CoordinateScratch& s) {
  s.lon.assign(count, NAN);
  s.lat.assign(count, NAN);
  for (size_t k = 0; k < count; ++k) {
    const size_t i = first + k;
    RowOutcome& o = out[k];
    if (table.rowHasExtraFields(i)) continue;
    const std::string_view a = table.cell(i, lonCol), b = table.cell(i, latCol);
    if (a.empty() && b.empty()) continue;
    double x, y;
    if (!parseCoordinate(a, x) || !parseCoordinate(b, y)) { o.state = CoordinateState::Unreadable; continue; }
    if (std::abs(x) > 1000 || std::abs(y) > 1000) { o.state = CoordinateState::Projected; continue; }
    if (!validLonLat(x, y) && !validLonLat(y, x)) { o.state = CoordinateState::Unreadable; continue; }
    o.state = CoordinateState::Candidate;
    s.lon[k] = x;
    s.lat[k] = y;
  }
  if (!toMap) return;
  for (const bool swapped : {false, true}) {
    s.which.clear();
    s.xs.clear();
    s.ys.clear();
    for (size_t k = 0; k < count; ++k) {
      if (out[k].state != CoordinateState::Candidate || out[k].placed) continue;
      const double x = swapped ? s.lat[k] : s.lon[k], y = swapped ? s.lon[k] : s.lat[k];
      if (!validLonLat(x, y)) continue;
      s.which.push_back(k);
      s.xs.push_back(x);
      s.ys.push_back(y);
    }
    if (s.which.empty()) continue;
    toMap->transform(s.which.size(), s.xs.data(), s.ys.data());
    s.points.clear();
    for (size_t j = 0; j < s.which.size(); ++j) s.points.push_back({s.xs[j], s.ys[j]});
    s.polygons.resize(s.points.size());
    // NaN (not transformed) is outside every polygon.
    if (index)
      index->findMany(s.points.data(), s.points.size(), s.polygons.data());
    else
      for (size_t j = 0; j < s.points.size(); ++j) s.polygons[j] = findByScan(boundary, s.points[j]);
    for (size_t j = 0; j < s.which.size(); ++j) {
      const Vec2 p = s.points[j];
      const int polygon = s.polygons[j];
      if (polygon < 0) continue;
      RowOutcome& o = out[s.which[j]];
      o.placed = true;
      o.polygon = polygon;
      o.position = p;
      o.by = PlacedBy::Coordinates;
      o.swapped = swapped;
    }
  }
}

// The detail line of an unplaced row, e.g. "kecamatan 'Cimahi' not found", "first at row 5".
std::string detailOf(const Table& table, size_t i, const ColumnMapping& m, const RowOutcome& o,
                     const std::vector<PlaceMatch>& matches, const PlacementContext& ctx) {
  switch (o.reason) {
    case UnplacedReason::DuplicateId: return "first at row " + std::to_string(o.duplicateOf);
    case UnplacedReason::ShiftedCells: return "wrong delimiter or unquoted decimal commas?";
    case UnplacedReason::UnreadableCoordinates: return "not numbers, or only one of lon/lat given";
    case UnplacedReason::ProjectedCoordinates: return "values above 1000: convert them to longitude/latitude (EPSG:4326)";
    case UnplacedReason::OutsideBoundary: {
      // The coordinates as placement read them (they parsed, or the row would not be outside).
      double lon = NAN, lat = NAN;
      parseCoordinate(table.cell(i, m[ColumnRole::Lon]), lon);
      parseCoordinate(table.cell(i, m[ColumnRole::Lat]), lat);
      const bool inExtent = ctx.lonLatExtent().contains({lon, lat}) || ctx.lonLatExtent().contains({lat, lon});
      char buf[96];
      std::snprintf(buf, sizeof buf, "lon %.6f, lat %.6f %s", lon, lat,
                    inExtent ? "falls in no polygon (near the boundary)" : "is far outside the boundary layer");
      return buf;
    }
    default: return o.match >= 0 ? matches[o.match].detail : std::string();
  }
}

UnplacedRow unplacedRow(const Table& table, size_t i, const ColumnMapping& m, UnplacedReason reason,
                        std::string detail) {
  UnplacedRow u;
  u.row = table.rowNumber(i);
  u.reason = reason;
  u.detail = std::move(detail);
  auto field = [&](ColumnRole a, ColumnRole b) {
    std::string_view v = m[a] >= 0 ? table.cell(i, m[a]) : std::string_view();
    if (v.empty() && m[b] >= 0) v = table.cell(i, m[b]);
    return std::string(v);
  };
  u.kecamatan = field(ColumnRole::Kecamatan, ColumnRole::KecamatanCode);
  u.desa = field(ColumnRole::Desa, ColumnRole::DesaCode);
  if (m[ColumnRole::Lon] >= 0) u.lon = table.cell(i, m[ColumnRole::Lon]);
  if (m[ColumnRole::Lat] >= 0) u.lat = table.cell(i, m[ColumnRole::Lat]);
  return u;
}

// Case-insensitive interning of short texts (status, mentor id, organisation, business type).
class Interner {
 public:
  explicit Interner(std::vector<std::string>& values) : values_(values) {
    for (size_t i = 0; i < values_.size(); ++i) index_.emplace(lower(values_[i]), static_cast<int>(i));
  }
  int operator()(std::string_view text) {
    if (text.empty()) return -1;
    key_ = lower(text);
    auto it = index_.find(key_);
    if (it != index_.end()) return it->second;
    int id = static_cast<int>(values_.size());
    values_.emplace_back(text);
    index_.emplace(key_, id);
    return id;
  }
 private:
  std::vector<std::string>& values_;
  std::unordered_map<std::string, int> index_;
  std::string key_;
};

void requireLocationColumns(const Table& table, const ColumnMapping& m) {
  if (m.hasLocation()) return;
  std::string cols;
  for (size_t c = 0; c < table.columns.size(); ++c) cols += (c ? ", " : "") + table.columns[c];
  throw InputError(table.path, "no location columns: expected lon/lat (or x/y, bujur/lintang) or kecamatan/desa; found " +
                                   std::to_string(table.columns.size()) + " columns " + quotedExcerpt(cols));
}

void countOutcome(ImportSummary& s, const RowOutcome& o) {
  if (!o.placed) ++s.unplacedByReason[static_cast<size_t>(o.reason)];
  else if (o.by == PlacedBy::Coordinates) ++s.placedByCoordinates;
  else ++s.placedByName;
}

std::string csvField(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string formatNumber(double v, int decimals) {
  if (!std::isfinite(v)) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// Rows decided at a time, in order, by the calling thread; placing may run up to kPlacementRingBlocks
// blocks ahead of it. Outcomes live in a ring of that many blocks, so memory stays flat however long
// the list is. Workers take kPlacementPieceRows rows at a time (a block is a whole number of pieces).
constexpr size_t kPlacementBlockRows = 1 << 14;
constexpr size_t kPlacementRingBlocks = 4;
constexpr size_t kPlacementPieceRows = 1 << 10;
static_assert(kPlacementBlockRows % kPlacementPieceRows == 0);

// What one placing thread owns: its coordinate transformation (PROJ objects serve one thread) and
// scratch arrays.
struct PlacementWorker {
  std::unique_ptr<LonLatToMapBatch> toMap;
  CoordinateScratch scratch;
};

// Helper threads that place coordinates, started once for a whole import (not per chunk: a thread
// and its PROJ transformation cost milliseconds). run(job) has every helper call job(its worker);
// wait() returns once all are back from it. A job must not throw.
class PlacementHelpers {
 public:
  using Job = std::function<void(PlacementWorker&)>;
  PlacementHelpers(const std::string& mapCrsWkt, int count) {
    // Made here, so that a failure reaches the caller; each is then used by its own thread only.
    for (int i = 0; i < count; ++i) {
      auto worker = std::make_unique<PlacementWorker>();
      worker->toMap = std::make_unique<LonLatToMapBatch>(mapCrsWkt);
      workers_.push_back(std::move(worker));
    }
    for (auto& worker : workers_) threads_.emplace_back([this, w = worker.get()] { serve(*w); });
  }
  ~PlacementHelpers() {
    {
      const std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    changed_.notify_all();
    threads_.clear();  // joined before the rest goes
  }
  void run(const Job& job) {
    const std::lock_guard lock(mutex_);
    job_ = &job;
    ++generation_;
    running_ = threads_.size();
    changed_.notify_all();
  }
  void wait() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return running_ == 0; });
  }

 private:
  void serve(PlacementWorker& worker) {
    std::uint64_t done = 0;
    for (;;) {
      const Job* job = nullptr;
      {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return stopping_ || generation_ != done; });
        if (stopping_) return;
        done = generation_;
        job = job_;
      }
      (*job)(worker);
      const std::lock_guard lock(mutex_);
      if (--running_ == 0) changed_.notify_all();
    }
  }
  std::vector<std::unique_ptr<PlacementWorker>> workers_;
  std::mutex mutex_;
  std::condition_variable changed_;
  const Job* job_ = nullptr;
  std::uint64_t generation_ = 0;
  size_t running_ = 0;
  bool stopping_ = false;
  std::vector<std::jthread> threads_;
};

// What placing a list keeps from one chunk of it to the next.
struct PlacementMemory {
  DuplicateIds ids;
  std::unordered_map<std::string, int> matchOfQuery;  // name/code query text -> index into matches
  std::vector<PlaceMatch> matches;
  PlacementWorker own;                        // the calling thread's
  std::unique_ptr<PlacementHelpers> helpers;  // started with the first chunk that has work for them
  std::vector<RowOutcome> ring;
};

// The import loop both lists share: every row placed, its outcome counted into `summary`, the first
// kMaxListedUnplacedRows unplaced ones kept in `unplaced` (the rest only counted), and
// `onPlaced(row index, outcome)` called for the others in table order.
// Coordinates are placed on the context's threads, which take the rows in pieces from a shared
// counter (none waits on a slower fixed share) and run ahead of the calling thread by up to the
// ring's size. The calling thread goes block by block: it looks for the block's repeated ids, places
// pieces itself until the block is placed, then decides each row in order (duplicates, names,
// counting, `onPlaced`) while the helpers go on placing the next blocks. So the result never
// depends on threads, and deciding overlaps placing.
// A list read in chunks is placed a chunk at a time with the same `memory`, so that ids repeated
// across chunks are duplicates and each name is matched once.
template <class OnPlaced>
void placeEachRow(const Table& table, const ColumnMapping& m, const PlacementContext& ctx, PlacementMemory& memory,
                  ImportSummary& summary, std::vector<UnplacedRow>& unplaced, OnPlaced onPlaced) {
  requireLocationColumns(table, m);
  summary.path = table.path;
  const size_t n = table.rowCount();
  summary.rowsRead += n;
  if (n == 0) return;
  std::vector<std::pair<size_t, int>> duplicates;
  const int lonCol = m[ColumnRole::Lon], latCol = m[ColumnRole::Lat];
  const bool haveCoordinates = lonCol >= 0 && latCol >= 0;
  const int kecCol = m[ColumnRole::Kecamatan], desaCol = m[ColumnRole::Desa];
  const int kecCodeCol = m[ColumnRole::KecamatanCode], desaCodeCol = m[ColumnRole::DesaCode];
  auto& matchOfQuery = memory.matchOfQuery;
  auto& matches = memory.matches;
  std::string key;

  constexpr size_t kRingRows = kPlacementBlockRows * kPlacementRingBlocks;
  // Row i's outcome is at i % kRingRows, below min(n, kRingRows): a short list takes no more.
  memory.ring.resize(std::max(memory.ring.size(), std::min(n, kRingRows)));
  RowOutcome* const ring = memory.ring.data();
  if (haveCoordinates && !memory.own.toMap)
    memory.own.toMap = std::make_unique<LonLatToMapBatch>(ctx.projection().wkt());
  // Decided here, before any helper places: a short list on a big layer is placed by scanning.
  const PolygonIndex* const index = haveCoordinates ? ctx.indexFor(n) : nullptr;
  const int workers = haveCoordinates ? threadCount(ctx.threads(), n) : 1;
  if (workers > 1 && !memory.helpers)
    memory.helpers = std::make_unique<PlacementHelpers>(ctx.projection().wkt(), workers - 1);
  PlacementHelpers* const helpers = workers > 1 ? memory.helpers.get() : nullptr;

  std::atomic<size_t> nextPiece{0};  // first row of the next piece to place
  std::atomic<size_t> decided{0};    // rows decided by the calling thread: their ring slots are free
  std::array<std::atomic<size_t>, kPlacementRingBlocks> placedInBlock{};  // rows placed, per ring block
  std::atomic<bool> failed{false};
  std::exception_ptr helperError;
  std::mutex errorMutex;
  // The first row of a piece taken, n when every piece is taken, or SIZE_MAX while the ring is full.
  auto takePiece = [&]() -> size_t {
    size_t r = nextPiece.load(std::memory_order_relaxed);
    for (;;) {
      if (r >= n) return n;
      if (r + kPlacementPieceRows > decided.load(std::memory_order_acquire) + kRingRows) return SIZE_MAX;
      if (nextPiece.compare_exchange_weak(r, r + kPlacementPieceRows, std::memory_order_relaxed)) return r;
    }
  };
  auto placePiece = [&](size_t first, PlacementWorker& worker) {
    const size_t count = std::min(n, first + kPlacementPieceRows) - first;
    RowOutcome* out = ring + first % kRingRows;
    std::fill_n(out, count, RowOutcome{});
    if (haveCoordinates)
      placeByCoordinates(table, lonCol, latCol, first, count, out, index, ctx.boundary(), worker.toMap.get(),
                         worker.scratch);
    auto& placed = placedInBlock[(first / kPlacementBlockRows) % kPlacementRingBlocks];
    placed.fetch_add(count, std::memory_order_release);
    placed.notify_all();
  };
  // A count no block reaches: added to every block when a helper fails, so that a wait wakes.
  constexpr size_t kFailedMark = size_t(1) << 48;
  const PlacementHelpers::Job helperJob = [&](PlacementWorker& worker) {
    try {
      while (!failed.load(std::memory_order_relaxed)) {
        const size_t seen = decided.load(std::memory_order_acquire);
        const size_t first = takePiece();
        if (first == n) return;
        if (first == SIZE_MAX) decided.wait(seen);  // the ring is full until the caller decides more
        else placePiece(first, worker);
      }
    } catch (...) {
      {
        const std::lock_guard lock(errorMutex);
        if (!helperError) helperError = std::current_exception();
      }
      failed = true;
      for (auto& placed : placedInBlock) {
        placed.fetch_add(kFailedMark);
        placed.notify_all();
      }
    }
  };
  if (helpers) helpers->run(helperJob);
  try {
    for (size_t blockBegin = 0; blockBegin < n; blockBegin += kPlacementBlockRows) {
      const size_t blockEnd = std::min(n, blockBegin + kPlacementBlockRows);
      memory.ids.findIn(table, m[ColumnRole::Id], blockBegin, blockEnd, duplicates);
      auto& placed = placedInBlock[(blockBegin / kPlacementBlockRows) % kPlacementRingBlocks];
      for (;;) {
        const size_t got = placed.load(std::memory_order_acquire);
        if (failed) throw std::runtime_error("placing stopped");  // the helper's own error is rethrown below
        if (got == blockEnd - blockBegin) break;
        if (const size_t first = takePiece(); first < n) placePiece(first, memory.own);
        else placed.wait(got);  // a helper is placing the rest of the block
      }
      placed.store(0, std::memory_order_relaxed);
      size_t nextDuplicate = 0;
      for (size_t i = blockBegin; i < blockEnd; ++i) {
        RowOutcome& o = ring[i % kRingRows];
        if (nextDuplicate < duplicates.size() && duplicates[nextDuplicate].first == i) {
          o.duplicateOf = duplicates[nextDuplicate++].second;
          o.placed = false;  // placed before it was known to repeat an id; it counts as a duplicate
          o.reason = UnplacedReason::DuplicateId;
        } else if (table.rowHasExtraFields(i)) {
          o.reason = UnplacedReason::ShiftedCells;
        } else {
          if (o.state == CoordinateState::Projected) ++summary.projectedCoordinates;
          if (o.placed) {
            if (o.swapped) ++summary.swappedCorrected;
          } else if (o.state == CoordinateState::Candidate) {
            o.reason = UnplacedReason::OutsideBoundary;
          } else {
            // By name or code, each distinct query matched once.
            PlaceQuery q;
            if (kecCol >= 0) q.kecamatan = table.cell(i, kecCol);
            if (desaCol >= 0) q.desa = table.cell(i, desaCol);
            if (kecCodeCol >= 0) q.kecamatanCode = table.cell(i, kecCodeCol);
            if (desaCodeCol >= 0) q.desaCode = table.cell(i, desaCodeCol);
            key.clear();
            for (std::string_view part : {q.kecamatan, q.desa, q.kecamatanCode, q.desaCode}) {
              key.append(part);
              key += '\x1f';
            }
            auto it = matchOfQuery.find(key);
            if (it == matchOfQuery.end()) {
              it = matchOfQuery.emplace(key, static_cast<int>(matches.size())).first;
              matches.push_back(ctx.matcher().match(q));
            }
            o.match = it->second;
            const PlaceMatch& match = matches[o.match];
            if (match.ok()) {
              o.placed = true;
              o.polygon = match.feature;
              o.by = PlacedBy::Name;
              if (o.state == CoordinateState::Unreadable || o.state == CoordinateState::Projected)
                ++summary.coordinatesFellBackToName;
            } else if (match.failure == MatchFailure::NoLocation && o.state == CoordinateState::Unreadable) {
              o.reason = UnplacedReason::UnreadableCoordinates;
            } else if (match.failure == MatchFailure::NoLocation && o.state == CoordinateState::Projected) {
              o.reason = UnplacedReason::ProjectedCoordinates;
            } else {
              o.reason = reasonFor(match.failure);
            }
          }
        }
        countOutcome(summary, o);
        if (o.placed)
          onPlaced(i, o);
        else if (unplaced.size() < kMaxListedUnplacedRows)
          unplaced.push_back(unplacedRow(table, i, m, o.reason, detailOf(table, i, m, o, matches, ctx)));
        else
          ++summary.unplacedNotListed;
      }
      decided.store(blockEnd, std::memory_order_release);
      decided.notify_all();
    }
  } catch (...) {
    failed = true;
    decided.store(SIZE_MAX / 2);  // wakes a helper waiting for room; it then sees `failed`
    decided.notify_all();
    if (helpers) helpers->wait();
    if (helperError) std::rethrow_exception(helperError);
    throw;
  }
  if (helpers) helpers->wait();
}

// The cell of `role` in row i, or empty when the role has no column.
std::string_view cellOf(const Table& table, const ColumnMapping& mapping, size_t i, ColumnRole role) {
  const int c = mapping[role];
  return c >= 0 ? table.cell(i, c) : std::string_view();
}

}  // namespace

struct BeneficiaryAppender::State {
  State(BeneficiaryList& l, const BusinessCategories& c)
      : list(l), categories(c), types(l.businessTypes), statuses(l.statuses), mentors(l.mentorIds),
        fallback(static_cast<std::int16_t>(c.fallbackIndex())) {}
  BeneficiaryList& list;
  const BusinessCategories& categories;
  Interner types, statuses, mentors;
  std::vector<std::int16_t> categoryOfType;
  std::int16_t fallback;
};

BeneficiaryAppender::BeneficiaryAppender(BeneficiaryList& list, const BusinessCategories& categories)
    : state_(std::make_unique<State>(list, categories)) {}
BeneficiaryAppender::~BeneficiaryAppender() = default;

void BeneficiaryAppender::add(Beneficiary b, const BeneficiaryTexts& texts, size_t copies) {
  State& s = *state_;
  if (s.list.mapping.has(ColumnRole::BusinessType)) {
    b.businessType = s.types(texts.businessType);
    if (b.businessType < 0) {
      b.category = s.fallback;
    } else {
      while (s.categoryOfType.size() <= static_cast<size_t>(b.businessType))
        s.categoryOfType.push_back(static_cast<std::int16_t>(
            s.categories.categorise(s.list.businessTypes[s.categoryOfType.size()])));
      b.category = s.categoryOfType[b.businessType];
    }
  }
  b.cohort = static_cast<std::int16_t>(parseYear(texts.cohort));
  double amount;
  if (parseAmount(texts.bsimu, amount)) b.bsimu = amount;
  b.status = s.statuses(texts.status);
  b.mentor = s.mentors(texts.mentorId);
  s.list.rows.insert(s.list.rows.end(), copies, b);
  s.list.ids.push_back(texts.id, copies);
}

namespace {

// Builds a beneficiary list from a table given whole or chunk by chunk (the same columns each time):
// the one import of beneficiary rows.
class BeneficiaryImport {
 public:
  BeneficiaryImport(const std::string& path, const ColumnMapping& mapping, const PlacementContext& context,
                    const BusinessCategories& categories)
      : context_(context), append_(list_, categories),
        personal_(mapping.has(ColumnRole::Name) || mapping.has(ColumnRole::Nik) ||
                  mapping.has(ColumnRole::BusinessName)) {
    list_.path = path;
    list_.mapping = mapping;
    list_.summary.path = path;
  }
  // Room for about this many rows in all, with ids of about `idBytes` (placed rows can only be fewer).
  void expectRows(size_t rows, size_t idBytes) {
    list_.rows.reserve(rows);
    list_.ids.reserve(rows, idBytes);
    memory_.ids.expect(rows, idBytes);
  }
  void add(const Table& table) {
    const ColumnMapping& mapping = list_.mapping;
    auto text = [&](size_t i, ColumnRole role) { return cellOf(table, mapping, i, role); };
    placeEachRow(table, mapping, context_, memory_, list_.summary, list_.unplaced, [&](size_t i, const RowOutcome& o) {
      Beneficiary b;
      b.row = table.rowNumber(i);
      b.polygon = o.polygon;
      b.position = o.position;
      b.placedBy = o.by;
      b.swappedLatLon = o.swapped;
      append_.add(b, {text(i, ColumnRole::BusinessType), text(i, ColumnRole::Cohort), text(i, ColumnRole::Bsimu),
                      text(i, ColumnRole::Status), text(i, ColumnRole::MentorId), text(i, ColumnRole::Id)});
      if (personal_) {
        list_.personal.names.emplace_back(text(i, ColumnRole::Name));
        list_.personal.niks.emplace_back(text(i, ColumnRole::Nik));
        list_.personal.businessNames.emplace_back(text(i, ColumnRole::BusinessName));
      }
    });
  }
  BeneficiaryList take() { return std::move(list_); }

 private:
  const PlacementContext& context_;
  BeneficiaryList list_;
  BeneficiaryAppender append_;
  PlacementMemory memory_;
  bool personal_;
};

// Builds a mentor list the same way.
class MentorImport {
 public:
  MentorImport(const std::string& path, const ColumnMapping& mapping, const PlacementContext& context)
      : context_(context), organisations_(list_.organisations) {
    list_.path = path;
    list_.mapping = mapping;
    list_.summary.path = path;
  }
  void add(const Table& table) {
    const ColumnMapping& mapping = list_.mapping;
    auto text = [&](size_t i, ColumnRole role) { return cellOf(table, mapping, i, role); };
    placeEachRow(table, mapping, context_, memory_, list_.summary, list_.unplaced, [&](size_t i, const RowOutcome& o) {
      Mentor mentor;
      mentor.row = table.rowNumber(i);
      mentor.polygon = o.polygon;
      mentor.placedBy = o.by;
      mentor.swappedLatLon = o.swapped;
      if (o.by == PlacedBy::Coordinates) {
        mentor.position = o.position;
      } else {
        mentor.position = context_.boundary().labelPoint(size_t(o.polygon));
        mentor.approximate = true;
      }
      mentor.id = std::string(text(i, ColumnRole::Id));
      mentor.organisation = organisations_(text(i, ColumnRole::Organisation));
      double capacity;
      if (parseAmount(text(i, ColumnRole::Capacity), capacity) && capacity > 0)
        mentor.capacity = static_cast<int>(std::lround(capacity));
      list_.mentors.push_back(std::move(mentor));
      list_.names.emplace_back(text(i, ColumnRole::Name));
    });
  }
  MentorList take() { return std::move(list_); }

 private:
  const PlacementContext& context_;
  MentorList list_;
  Interner organisations_;
  PlacementMemory memory_;
};

}  // namespace

BeneficiaryList importBeneficiaries(const Table& table, const ColumnMapping& mapping,
                                    const PlacementContext& context, const BusinessCategories& categories) {
  BeneficiaryImport import(table.path, mapping, context, categories);
  import.expectRows(table.rowCount(), 0);
  import.add(table);
  return import.take();
}

void BeneficiaryList::recategorise(const BusinessCategories& categories) {
  std::vector<std::int16_t> categoryOfType(businessTypes.size());
  for (size_t t = 0; t < businessTypes.size(); ++t)
    categoryOfType[t] = static_cast<std::int16_t>(categories.categorise(businessTypes[t]));
  const bool hasTypes = mapping.has(ColumnRole::BusinessType);
  for (auto& b : rows) {
    if (!hasTypes) b.category = -1;
    else b.category = b.businessType >= 0 ? categoryOfType[b.businessType]
                                          : static_cast<std::int16_t>(categories.fallbackIndex());
  }
}

MentorList importMentors(const Table& table, const ColumnMapping& mapping, const PlacementContext& context) {
  MentorImport import(table.path, mapping, context);
  import.add(table);
  return import.take();
}

std::vector<BusinessTypeCount> businessTypeCounts(const BeneficiaryList& list, const BusinessCategories& categories) {
  std::vector<BusinessTypeCount> out(list.businessTypes.size());
  for (size_t t = 0; t < out.size(); ++t) {
    out[t].text = list.businessTypes[t];
    out[t].category = categories.categorise(out[t].text);
  }
  for (const Beneficiary& b : list.rows)
    if (b.businessType >= 0 && static_cast<size_t>(b.businessType) < out.size()) ++out[b.businessType].rows;
  std::sort(out.begin(), out.end(), [](const BusinessTypeCount& a, const BusinessTypeCount& b) {
    return a.rows != b.rows ? a.rows > b.rows : a.text < b.text;
  });
  return out;
}

int MentorList::indexOfId(std::string_view id) const {
  std::string key = lower(trim(id));
  if (key.empty()) return -1;
  for (size_t i = 0; i < mentors.size(); ++i)
    if (lower(mentors[i].id) == key) return static_cast<int>(i);
  return -1;
}

namespace {

// What a source probably holds, judged from its first chunk: rows, and bytes of text in `column`
// (-1: none). Rows from a file's size at the first chunk's bytes per row, else (`fileBytes` 0) the
// source's own estimate (Table::expectedRows), with 2% to spare.
struct SizeEstimate {
  size_t rows = 0, columnBytes = 0;
};
SizeEstimate estimatedSize(const Table& firstChunk, int column, std::uintmax_t fileBytes) {
  const size_t n = firstChunk.rowCount();
  size_t bytes = 0, inColumn = 0;
  for (size_t i = 0; i < n; ++i) {
    for (size_t c = 0; c < firstChunk.columnCount(); ++c) bytes += firstChunk.cell(i, c).size() + 1;
    if (column >= 0) inColumn += firstChunk.cell(i, size_t(column)).size();
  }
  if (n == 0 || bytes == 0) return {n, inColumn};
  const double rows = fileBytes > 0 ? double(fileBytes) / double(bytes) * double(n) : double(firstChunk.expectedRows);
  const double spared = std::min(rows * 1.02, 50e6);
  return {static_cast<size_t>(spared), static_cast<size_t>(spared * double(inColumn) / double(n))};
}

}  // namespace

BeneficiaryList importBeneficiaryChunks(const std::string& source, const ChunkedRead& read,
                                        const PlacementContext& context, const BusinessCategories& categories,
                                        const ChunkMapping& mappingOf) {
  std::optional<BeneficiaryImport> import;
  std::error_code ec;
  std::uintmax_t fileBytes = isDatabaseSource(source) ? 0 : std::filesystem::file_size(source, ec);
  if (ec) fileBytes = 0;
  read([&](const Table& chunk) {
    if (!import) {
      const ColumnMapping mapping = mappingOf ? mappingOf(chunk) : guessColumnMapping(chunk, ListKind::Beneficiaries);
      import.emplace(chunk.path, mapping, context, categories);
      // Reserved once: a growing vector would hold its old and new copies at once.
      const SizeEstimate size = estimatedSize(chunk, mapping[ColumnRole::Id], fileBytes);
      if (size.rows > chunk.rowCount()) import->expectRows(size.rows, size.columnBytes);
    }
    import->add(chunk);
  });
  if (!import) throw InputError(source, "no usable rows");
  return import->take();
}

BeneficiaryList importBeneficiaryFile(const std::string& path, const PlacementContext& context,
                                      const BusinessCategories& categories) {
  TableReadOptions options;
  options.knownHeaders = allRecognisedHeaders();
  return importBeneficiaryChunks(
      path, [&](const TableChunkSink& sink) { readTableChunks(path, options, kTableChunkRows, sink); }, context,
      categories);
}

MentorList importMentorChunks(const std::string& source, const ChunkedRead& read, const PlacementContext& context,
                              const ChunkMapping& mappingOf) {
  std::optional<MentorImport> import;
  read([&](const Table& chunk) {
    if (!import)
      import.emplace(chunk.path, mappingOf ? mappingOf(chunk) : guessColumnMapping(chunk, ListKind::Mentors), context);
    import->add(chunk);
  });
  if (!import) throw InputError(source, "no usable rows");
  return import->take();
}

MentorList importMentorFile(const std::string& path, const PlacementContext& context) {
  TableReadOptions options;
  options.knownHeaders = allRecognisedHeaders();
  return importMentorChunks(
      path, [&](const TableChunkSink& sink) { readTableChunks(path, options, kTableChunkRows, sink); }, context);
}

void requireSomePlaced(const ImportSummary& summary) {
  if (summary.placed() > 0) return;
  std::string line = summary.oneLine();
  // oneLine starts with the file name, which InputError adds itself.
  size_t colon = line.find(": ");
  throw InputError(summary.path, "no usable rows: " + (colon == std::string::npos ? line : line.substr(colon + 2)));
}

std::vector<int> linkMentors(const BeneficiaryList& beneficiaries, const MentorList& mentors) {
  std::unordered_map<std::string, int> byId;
  for (size_t i = 0; i < mentors.mentors.size(); ++i)
    byId.emplace(lower(trim(mentors.mentors[i].id)), static_cast<int>(i));
  std::vector<int> mentorOfId(beneficiaries.mentorIds.size(), -1);
  for (size_t k = 0; k < beneficiaries.mentorIds.size(); ++k) {
    auto it = byId.find(lower(trim(beneficiaries.mentorIds[k])));
    if (it != byId.end()) mentorOfId[k] = it->second;
  }
  std::vector<int> out(beneficiaries.rows.size(), -1);
  for (size_t i = 0; i < out.size(); ++i)
    if (beneficiaries.rows[i].mentor >= 0) out[i] = mentorOfId[beneficiaries.rows[i].mentor];
  return out;
}

std::string unplacedRowsCsv(const std::vector<UnplacedRow>& rows, const ImportSummary& summary) {
  std::string s = "row,reason,detail,kecamatan,desa,lon,lat\n";
  std::array<size_t, kUnplacedReasonCount> listed{};
  for (const auto& u : rows) {
    s += std::to_string(u.row) + "," + csvField(unplacedReasonText(u.reason)) + "," + csvField(u.detail) + "," +
         csvField(u.kecamatan) + "," + csvField(u.desa) + "," + csvField(u.lon) + "," + csvField(u.lat) + "\n";
    ++listed[static_cast<size_t>(u.reason)];
  }
  if (summary.unplacedNotListed == 0) return s;
  for (size_t r = 0; r < kUnplacedReasonCount; ++r) {
    const size_t total = summary.unplacedByReason[r];
    if (total == 0) continue;
    s += "," + csvField(unplacedReasonText(static_cast<UnplacedReason>(r))) + "," + std::to_string(total) +
         " in all; " + std::to_string(total - std::min(total, listed[r])) + " not listed,,,,\n";
  }
  return s;
}

void writeUnplacedRowsCsv(const std::string& path, const std::vector<UnplacedRow>& rows, const ImportSummary& summary) {
  writeFileAtomically(path, unplacedRowsCsv(rows, summary));
}

std::string beneficiariesCsv(const BeneficiaryList& list, const PlacementContext& context,
                             const BusinessCategories& categories, bool includePersonalData) {
  const Layer& layer = context.boundary();
  std::string s = "row,polygon_code,polygon_name,placed_by,lon,lat,category,cohort,bsimu,mentor_id,status";
  const bool personal = includePersonalData;
  const bool hasPersonal = list.personal.names.size() == list.rows.size();
  if (personal) s += ",id,name,nik,business_name";
  s += "\n";
  for (size_t i = 0; i < list.rows.size(); ++i) {
    const Beneficiary& b = list.rows[i];
    std::string lon, lat;
    if (b.hasPosition()) {
      Vec2 ll = context.projection().toLonLat(b.position);
      lon = formatNumber(ll.x, 6);
      lat = formatNumber(ll.y, 6);
    }
    std::string category = b.category >= 0 && b.category < static_cast<int>(categories.categories.size())
                               ? categories.categories[b.category].key : "";
    s += std::to_string(b.row) + "," + csvField(layer.featureCode(b.polygon)) + "," +
         csvField(layer.featureName(b.polygon)) + "," + (b.hasPosition() ? "coordinates" : "name") + "," + lon +
         "," + lat + "," + category + "," + (b.cohort ? std::to_string(b.cohort) : "") + "," +
         formatNumber(b.bsimu, 0) + "," + csvField(b.mentor >= 0 ? list.mentorIds[b.mentor] : "") + "," +
         csvField(b.status >= 0 ? list.statuses[b.status] : "");
    if (personal) {
      s += "," + csvField(list.ids[i]);
      if (hasPersonal)
        s += "," + csvField(list.personal.names[i]) + "," + csvField(list.personal.niks[i]) + "," +
             csvField(list.personal.businessNames[i]);
      else
        s += ",,,";
    }
    s += "\n";
  }
  return s;
}

// ---- per-polygon tables ----

PolygonTableJoin joinPolygonTable(const Table& table, const ColumnMapping& m, const PlaceMatcher& matcher) {
  if (!(m.has(ColumnRole::Kecamatan) || m.has(ColumnRole::KecamatanCode) || m.has(ColumnRole::Desa) ||
        m.has(ColumnRole::DesaCode)))
    throw InputError(table.path, "no kecamatan or code column to join on (expected kecamatan, kode_kecamatan, code, ...)");
  PolygonTableJoin join;
  join.rowOfFeature.assign(matcher.featureCount(), -1);
  join.throughKecamatan.assign(matcher.featureCount(), false);
  auto text = [&](size_t i, ColumnRole role) {
    int c = m[role];
    return c >= 0 ? table.cell(i, c) : std::string_view();
  };
  // Rows that name only a kecamatan on desa boundaries, with its desa: joined after the desa rows,
  // so that a desa's own row always wins over its kecamatan's.
  struct KecamatanRow { size_t row; std::vector<int> desa; std::string field; };
  std::vector<KecamatanRow> kecamatanRows;
  std::vector<std::pair<size_t, RowFailure>> failed;
  for (size_t i = 0; i < table.rowCount(); ++i) {
    PlaceQuery q{text(i, ColumnRole::Kecamatan), text(i, ColumnRole::Desa), text(i, ColumnRole::KecamatanCode),
                 text(i, ColumnRole::DesaCode)};
    PlaceMatch match = matcher.match(q);
    RowFailure o;
    if (match.ok() && join.rowOfFeature[match.feature] < 0) {
      join.rowOfFeature[match.feature] = static_cast<int>(i);
      ++join.matched;
      continue;
    }
    if (match.failure == MatchFailure::NeedsDesa) {
      KecamatanRow k{i, {}, {}};
      k.desa = matcher.desaOfKecamatan(q, &k.field);
      if (!k.desa.empty()) {
        kecamatanRows.push_back(std::move(k));
        continue;
      }
    }
    if (match.ok()) {
      o.reason = UnplacedReason::DuplicateId;
      o.detail = "same polygon as row " + std::to_string(table.rowNumber(join.rowOfFeature[match.feature]));
    } else {
      o.reason = reasonFor(match.failure);
      o.detail = match.detail;
    }
    failed.emplace_back(i, std::move(o));
  }
  for (const KecamatanRow& k : kecamatanRows) {
    size_t joined = 0;
    int takenBy = -1;
    for (int f : k.desa) {
      if (join.rowOfFeature[f] >= 0) {
        takenBy = join.rowOfFeature[f];
        continue;
      }
      join.rowOfFeature[f] = static_cast<int>(k.row);
      join.throughKecamatan[f] = true;
      ++joined;
    }
    if (joined > 0) {
      ++join.matched;
      join.featuresThroughKecamatan += joined;
      if (join.kecamatanField.empty()) join.kecamatanField = k.field;
      continue;
    }
    RowFailure o;
    o.reason = UnplacedReason::DuplicateId;
    o.detail = "every desa of this kecamatan already joined (row " + std::to_string(table.rowNumber(takenBy)) + ")";
    failed.emplace_back(k.row, std::move(o));
  }
  std::sort(failed.begin(), failed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [row, o] : failed) join.unmatched.push_back(unplacedRow(table, row, m, o.reason, std::move(o.detail)));
  return join;
}

std::vector<double> polygonTableColumn(const Table& table, const PolygonTableJoin& join, int column) {
  std::vector<double> out(join.rowOfFeature.size(), NAN);
  if (column < 0 || column >= static_cast<int>(table.columnCount())) return out;
  for (size_t f = 0; f < out.size(); ++f) {
    int r = join.rowOfFeature[f];
    double v;
    if (r >= 0 && parseAmount(table.cell(r, column), v)) out[f] = v;
  }
  return out;
}

std::vector<double> polygonTablePopulation(const Table& table, const PolygonTableJoin& join, int column) {
  std::vector<double> out = polygonTableColumn(table, join, column);
  for (size_t f = 0; f < out.size() && f < join.throughKecamatan.size(); ++f)
    if (join.throughKecamatan[f]) out[f] = NAN;
  return out;
}

}  // namespace pk
