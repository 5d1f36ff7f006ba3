#include "core/privacy.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <numbers>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/column_mapping.h"
#include "core/indicators.h"
#include "core/layer.h"
#include "core/map_document.h"
#include "core/programme_data.h"

namespace pk {

// ---- settings ----

void to_json(nlohmann::json& j, const PrivacySettings& s) {
  j = nlohmann::json{{"small_count_threshold", s.smallCountThreshold},
                     {"displacement_m", s.displacementMetres},
                     {"seed", s.seed}};
}

void from_json(const nlohmann::json& j, PrivacySettings& s) {
  if (!j.is_object()) throw std::invalid_argument("privacy: expected an object");
  PrivacySettings out;
  try {
    if (j.contains("small_count_threshold")) {
      const auto& v = j.at("small_count_threshold");
      if (!v.is_number_integer() || v.get<long long>() < 1 || v.get<long long>() > 100)
        throw std::invalid_argument("privacy.small_count_threshold must be a whole number from 1 to 100");
      out.smallCountThreshold = v.get<int>();
    }
    if (j.contains("displacement_m")) {
      const auto& v = j.at("displacement_m");
      if (!v.is_number() || !(v.get<double>() >= 0 && v.get<double>() <= 5000))
        throw std::invalid_argument("privacy.displacement_m must be a number of metres from 0 to 5000");
      out.displacementMetres = v.get<double>();
    }
    if (j.contains("seed")) {
      const auto& v = j.at("seed");
      if (!v.is_number_integer()) throw std::invalid_argument("privacy.seed must be a whole number");
      out.seed = v.is_number_unsigned() ? v.get<std::uint64_t>() : static_cast<std::uint64_t>(v.get<std::int64_t>());
    }
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(std::string("privacy: ") + e.what());
  }
  s = out;
}

PrivacySettings privacySettingsOf(const MapDocument& doc) {
  PrivacySettings s;
  if (doc.extraSections.is_object() && doc.extraSections.contains("privacy"))
    from_json(doc.extraSections.at("privacy"), s);
  return s;
}

// ---- small counts ----

bool isSmallCount(std::int64_t count, int threshold) { return count > 0 && count < threshold; }

std::string withheldMarker(int threshold) { return "<" + std::to_string(threshold); }

std::string countText(std::int64_t count, int threshold) {
  return isSmallCount(count, threshold) ? withheldMarker(threshold) : std::to_string(count);
}

const char* complementaryMarker() { return "x"; }

bool isWithheldCell(std::string_view cell) {
  if (cell == complementaryMarker()) return true;
  if (cell.size() < 2 || cell[0] != '<') return false;
  return std::all_of(cell.begin() + 1, cell.end(), [](char c) { return c >= '0' && c <= '9'; });
}

namespace {

bool startsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// Column groups whose cells add up to the polygon's beneficiaries: one withheld cell alone could be
// worked out from the others, so a second one is withheld with it.
int groupOf(std::string_view header) {
  if (startsWith(header, "status_")) return 0;
  if (startsWith(header, "cohort_")) return 1;
  if (startsWith(header, "category_")) return 2;
  return -1;
}

bool parseCount(std::string_view text, std::int64_t& out) {
  if (text.empty()) return false;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && p == text.data() + text.size();
}

}  // namespace

ColumnPrivacy columnPrivacy(std::string_view header) {
  if (isPersonalHeader(header)) return ColumnPrivacy::Personal;
  static const char* kPublic[] = {"code", "name", "area_km2"};
  static const char* kMentor[] = {"mentors", "mentors_approximate", "mentors_over_capacity"};
  static const char* kCounts[] = {"beneficiaries", "placed_by_coordinates", "covered", "over_capacity"};
  static const char* kDerived[] = {"density_per_km2", "share", "rate_per_1000", "bsimu_total",
                                   "beneficiaries_per_mentor", "dominant_category"};
  static const char* kPlaced[] = {"median_distance_km", "max_distance_km"};
  auto in = [&](auto& list) {
    return std::any_of(std::begin(list), std::end(list), [&](const char* h) { return header == h; });
  };
  if (in(kPublic)) return ColumnPrivacy::Public;
  if (in(kMentor)) return ColumnPrivacy::MentorCount;
  if (in(kCounts) || groupOf(header) >= 0) return ColumnPrivacy::BeneficiaryCount;
  if (in(kDerived)) return ColumnPrivacy::DerivedFromCount;
  if (in(kPlaced)) return ColumnPrivacy::DerivedFromPlaced;
  if (header == "covered_share") return ColumnPrivacy::CoveredShare;
  return ColumnPrivacy::DerivedFromCount;  // unknown: fail closed
}

void applyTablePrivacy(TextTable& table, const IndicatorTable& indicators, int threshold) {
  removePersonalColumns(table);
  if (table.featureOfRow.size() != table.rows.size())
    throw std::invalid_argument("applyTablePrivacy: the table has no feature index per row");
  if (threshold <= 1) return;
  const std::string marker = withheldMarker(threshold);
  const size_t columns = table.header.size();
  std::vector<ColumnPrivacy> kind(columns);
  std::vector<int> group(columns);
  static const char* kKnown[] = {"code", "name", "area_km2", "mentors", "mentors_approximate",
                                 "mentors_over_capacity", "beneficiaries", "placed_by_coordinates", "covered",
                                 "over_capacity", "density_per_km2", "share", "rate_per_1000", "bsimu_total",
                                 "beneficiaries_per_mentor", "dominant_category", "median_distance_km",
                                 "max_distance_km", "covered_share"};
  std::vector<bool> unknown(columns);
  for (size_t c = 0; c < columns; ++c) {
    kind[c] = columnPrivacy(table.header[c]);
    group[c] = groupOf(table.header[c]);
    unknown[c] = group[c] < 0 && std::none_of(std::begin(kKnown), std::end(kKnown),
                                              [&](const char* h) { return table.header[c] == h; });
  }
  for (size_t r = 0; r < table.rows.size(); ++r) {
    auto& row = table.rows[r];
    const int f = table.featureOfRow[r];
    if (f < 0 || size_t(f) >= indicators.polygons.size())
      throw std::invalid_argument("applyTablePrivacy: a row's feature is not in the indicator table");
    const PolygonIndicators& p = indicators.polygons[f];
    const bool fewPeople = isSmallCount(p.beneficiaries, threshold);
    const bool fewPlaced = isSmallCount(p.placedByCoordinates, threshold);
    const bool fewCovered = isSmallCount(p.covered, threshold);
    std::vector<int> withheldInGroup(3, 0);
    for (size_t c = 0; c < columns && c < row.size(); ++c) {
      std::string& cell = row[c];
      if (cell.empty()) continue;  // not applicable stays empty
      bool withhold = false;
      switch (kind[c]) {
        case ColumnPrivacy::Public:
        case ColumnPrivacy::MentorCount:
        case ColumnPrivacy::Personal: break;
        case ColumnPrivacy::BeneficiaryCount: {
          std::int64_t v = 0;
          withhold = !parseCount(cell, v) || isSmallCount(v, threshold);
          break;
        }
        case ColumnPrivacy::DerivedFromCount: {
          std::int64_t v = 0;
          // Unknown integer columns are counted as people; any other unknown value follows the count.
          if (unknown[c] && parseCount(cell, v)) withhold = isSmallCount(v, threshold) || fewPeople;
          else withhold = fewPeople;
          break;
        }
        case ColumnPrivacy::DerivedFromPlaced: withhold = fewPlaced || fewPeople; break;
        case ColumnPrivacy::CoveredShare: withhold = fewPlaced || fewCovered || fewPeople; break;
      }
      if (withhold) {
        cell = marker;
        if (group[c] >= 0) ++withheldInGroup[group[c]];
      }
    }
    // Complementary withholding: a lone withheld cell of a group that adds up to the (shown) total
    // could be worked out by subtraction, so the group's smallest other non-zero count goes too.
    if (fewPeople) continue;  // the total itself is withheld: nothing to subtract from
    for (int g = 0; g < 3; ++g) {
      if (withheldInGroup[g] != 1) continue;
      int best = -1;
      std::int64_t bestValue = 0;
      for (size_t c = 0; c < columns && c < row.size(); ++c) {
        std::int64_t v = 0;
        if (group[c] != g || !parseCount(row[c], v) || v == 0) continue;
        if (best < 0 || v < bestValue) best = int(c), bestValue = v;
      }
      if (best >= 0) row[best] = complementaryMarker();
    }
  }
}

void applyRankingPrivacy(TextTable& ranking, const IndicatorTable& indicators, int threshold) {
  removePersonalColumns(ranking);
  if (ranking.featureOfRow.size() != ranking.rows.size())
    throw std::invalid_argument("applyRankingPrivacy: the ranking has no feature index per row");
  if (threshold <= 1) return;
  const std::string marker = withheldMarker(threshold);
  for (size_t r = 0; r < ranking.rows.size(); ++r) {
    const int f = ranking.featureOfRow[r];
    if (f < 0 || size_t(f) >= indicators.polygons.size())
      throw std::invalid_argument("applyRankingPrivacy: a row's feature is not in the indicator table");
    if (!isSmallCount(indicators.polygons[f].beneficiaries, threshold)) continue;
    auto& row = ranking.rows[r];
    for (size_t c = 0; c < ranking.header.size() && c < row.size(); ++c) {
      const std::string& h = ranking.header[c];
      if ((h == "score" || startsWith(h, "c_")) && !row[c].empty()) row[c] = marker;
    }
  }
}

// ---- personal data ----

bool isPersonalHeader(std::string_view header) {
  const std::string h = normaliseHeader(header);
  // "name" is the polygon's name in the per-polygon table; there it is not personal. Callers that
  // export a list of people drop it through the list's mapping instead; here only the per-person
  // aliases count, so "name" alone is not matched.
  if (h == "name") return false;
  for (ListKind kind : {ListKind::Beneficiaries, ListKind::Mentors}) {
    for (ColumnRole role : {ColumnRole::Name, ColumnRole::Nik, ColumnRole::Id, ColumnRole::BusinessName}) {
      for (const auto& alias : columnRoleAliases(role, kind))
        if (h == alias && alias != "name") return true;
    }
  }
  return h == "nik" || h == "nama" || h == "no_kk" || h == "kk";
}

void removePersonalColumns(TextTable& table) {
  std::vector<bool> keep(table.header.size());
  for (size_t c = 0; c < keep.size(); ++c) keep[c] = !isPersonalHeader(table.header[c]);
  if (std::all_of(keep.begin(), keep.end(), [](bool k) { return k; })) return;
  auto filter = [&](std::vector<std::string>& cells) {
    std::vector<std::string> out;
    for (size_t c = 0; c < cells.size(); ++c)
      if (c >= keep.size() || keep[c]) out.push_back(std::move(cells[c]));
    cells = std::move(out);
  };
  filter(table.header);
  for (auto& row : table.rows) filter(row);
}

const char* personalDataWarning() {
  return "this export contains personal data (beneficiary names, NIK and ids); share it only with people "
         "entitled to see it, and delete it when it is no longer needed";
}

// ---- displacement ----

namespace {

constexpr std::uint64_t kFnvOffset = 1469598103934665603ull;
constexpr std::uint64_t kFnvPrime = 1099511628211ull;

std::uint64_t fnv1a(std::uint64_t h, const void* data, size_t size) {
  const auto* p = static_cast<const unsigned char*>(data);
  for (size_t i = 0; i < size; ++i) {
    h ^= p[i];
    h *= kFnvPrime;
  }
  return h;
}

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

double unitInterval(std::uint64_t bits) { return double(bits >> 11) * (1.0 / 9007199254740992.0); }  // [0, 1)

}  // namespace

std::uint64_t displacementKey(std::string_view rowId, int rowNumber, Vec2 original, std::uint64_t seed) {
  std::uint64_t h = kFnvOffset;
  if (!rowId.empty()) {
    h = fnv1a(h, rowId.data(), rowId.size());
  } else {
    h = fnv1a(h, "#", 1);
    h = fnv1a(h, &rowNumber, sizeof rowNumber);
  }
  // Millimetres, so the key does not depend on the last bits of a reprojection.
  const std::int64_t mm[2] = {std::llround(original.x * 1000.0), std::llround(original.y * 1000.0)};
  h = fnv1a(h, mm, sizeof mm);
  return splitmix64(h ^ splitmix64(seed));
}

Vec2 displacementOffset(std::uint64_t key, int attempt, double radius) {
  const std::uint64_t a = splitmix64(key + 2 * std::uint64_t(attempt) + 1);
  const std::uint64_t b = splitmix64(key + 2 * std::uint64_t(attempt) + 2);
  const double r = radius * std::sqrt(unitInterval(a));
  const double t = 2 * std::numbers::pi * unitInterval(b);
  return {r * std::cos(t), r * std::sin(t)};
}

std::optional<Vec2> displacedPosition(Vec2 original, std::uint64_t key, double radius, const MultiPolygon& polygon) {
  if (!(radius > 0)) return original;
  for (int attempt = 0; attempt < kDisplacementAttempts; ++attempt) {
    const Vec2 candidate = original + displacementOffset(key, attempt, radius);
    if (pointInMultiPolygon(polygon, candidate)) return candidate;
  }
  return std::nullopt;
}

size_t displaceBeneficiaryPoints(BeneficiaryPoints& points, const TextList& ids,
                                 const std::vector<int>& rowNumbers, const Layer& boundaries,
                                 const PrivacySettings& settings) {
  if (!(settings.displacementMetres > 0)) return 0;
  size_t fallbacks = 0;
  for (size_t i = 0; i < points.size(); ++i) {
    const int f = points.polygon[i];
    const Vec2 p = points.position[i];
    if (f < 0 || size_t(f) >= boundaries.features.size() || !hasPosition(p)) continue;
    const Feature& feature = boundaries.features[f];
    const std::string_view id = i < ids.size() ? ids[i] : std::string_view();
    const int row = i < rowNumbers.size() ? rowNumbers[i] : int(i);
    const std::uint64_t key = displacementKey(id, row, p, settings.seed);
    const std::optional<Vec2> moved = displacedPosition(p, key, settings.displacementMetres, feature.polygon);
    fallbacks += !moved;
    points.position[i] = moved ? *moved : boundaries.labelPoint(size_t(f));
  }
  return fallbacks;
}

size_t displaceBeneficiaryPoints(BeneficiaryPoints& points, const BeneficiaryList& list, const Layer& boundaries,
                                 const PrivacySettings& settings) {
  if (points.size() != list.rows.size())
    throw std::invalid_argument("displaceBeneficiaryPoints: the points are not the list's rows");
  std::vector<int> rowNumbers(list.rows.size());
  for (size_t i = 0; i < list.rows.size(); ++i) rowNumbers[i] = list.rows[i].row;
  return displaceBeneficiaryPoints(points, list.ids, rowNumbers, boundaries, settings);
}

}  // namespace pk
