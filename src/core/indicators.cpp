#include "core/indicators.h"

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <thread>

#include "core/parallel.h"
#include "core/spatial_index.h"

namespace pk {

// ---- input containers ----

void BeneficiaryPoints::reserve(size_t n) {
  polygon.reserve(n); position.reserve(n); category.reserve(n); cohort.reserve(n);
  status.reserve(n); bsimu.reserve(n); mentor.reserve(n);
}

void BeneficiaryPoints::clear() {
  polygon.clear(); position.clear(); category.clear(); cohort.clear(); status.clear(); bsimu.clear();
  mentor.clear(); categoryNames.clear(); statusNames.clear();
}

void BeneficiaryPoints::add(std::int32_t polygonIndex, Vec2 mapPosition, int categoryIndex, int cohortYear,
                            int statusIndex, double bsimuAmount, std::int32_t mentorIndex) {
  polygon.push_back(polygonIndex);
  position.push_back(mapPosition);
  category.push_back(std::int16_t(categoryIndex));
  cohort.push_back(std::int16_t(cohortYear));
  status.push_back(std::int16_t(statusIndex));
  bsimu.push_back(bsimuAmount);
  mentor.push_back(mentorIndex);
}

void MentorPoints::clear() {
  polygon.clear(); position.clear(); approximate.clear(); organisation.clear(); capacity.clear();
  organisationNames.clear();
}

void MentorPoints::add(std::int32_t polygonIndex, Vec2 mapPosition, bool isApproximate, int organisationIndex,
                       std::int32_t capacityLimit) {
  polygon.push_back(polygonIndex);
  position.push_back(mapPosition);
  approximate.push_back(isApproximate ? 1 : 0);
  organisation.push_back(std::int16_t(organisationIndex));
  capacity.push_back(capacityLimit);
}

void placeMentorsAtLabelPoints(MentorPoints& mentors, const Layer& boundaries) {
  for (size_t i = 0; i < mentors.size(); ++i) {
    const int p = mentors.polygon[i];
    if (hasPosition(mentors.position[i]) || p < 0 || size_t(p) >= boundaries.features.size()) continue;
    mentors.position[i] = boundaries.labelPoint(size_t(p));
    mentors.approximate[i] = 1;
  }
}

// ---- parallel helper ----

namespace {

bool keeps(const std::vector<int>& allowed, int value) {
  return allowed.empty() || std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

double median(std::vector<double>::iterator first, std::vector<double>::iterator last) {
  const size_t n = size_t(last - first);
  if (n == 0) return kNoValue;
  auto mid = first + n / 2;
  std::nth_element(first, mid, last);
  const double upper = *mid;
  if (n % 2 == 1) return upper;
  const double lower = *std::max_element(first, mid);
  return (lower + upper) / 2;
}

}  // namespace

void locatePoints(const PolygonIndex& index, const Vec2* positions, size_t count, std::int32_t* polygonOut,
                  int threads) {
  parallelChunks(count, threadCount(threads, count), [&](size_t b, size_t e, int) {
    // A point without a position (NaN) is outside every polygon: findMany answers -1 for it.
    std::vector<int> found(std::min<size_t>(e - b, 4096));
    for (size_t i = b; i < e; i += found.size()) {
      const size_t n = std::min(found.size(), e - i);
      index.findMany(positions + i, n, found.data());
      for (size_t k = 0; k < n; ++k) polygonOut[i + k] = std::int32_t(found[k]);
    }
  });
}

std::vector<std::int64_t> countPerPolygon(const std::int32_t* polygon, size_t count, size_t featureCount) {
  std::vector<std::int64_t> counts(featureCount, 0);
  for (size_t i = 0; i < count; ++i) {
    const std::int32_t p = polygon[i];
    if (p >= 0 && size_t(p) < featureCount) ++counts[p];
  }
  return counts;
}

// ---- nearest point ----

NearestPointIndex::NearestPointIndex(std::vector<Vec2> points) : points_(std::move(points)) {
  std::vector<std::uint32_t> usable;
  for (size_t i = 0; i < points_.size(); ++i)
    if (hasPosition(points_[i])) {
      bounds_.add(points_[i]);
      usable.push_back(std::uint32_t(i));
    }
  if (usable.empty()) return;
  // About two points per cell; at most 1024 cells a side.
  const double area = std::max(bounds_.width(), 1.0) * std::max(bounds_.height(), 1.0);
  cell_ = std::max({std::sqrt(area * 2 / double(usable.size())), bounds_.width() / 1024, bounds_.height() / 1024, 1.0});
  nx_ = std::clamp(int(bounds_.width() / cell_) + 1, 1, 1025);
  ny_ = std::clamp(int(bounds_.height() / cell_) + 1, 1, 1025);
  auto cellOf = [&](Vec2 p) {
    const int x = std::clamp(int((p.x - bounds_.minx) / cell_), 0, nx_ - 1);
    const int y = std::clamp(int((p.y - bounds_.miny) / cell_), 0, ny_ - 1);
    return size_t(y) * nx_ + x;
  };
  cellStart_.assign(size_t(nx_) * ny_ + 1, 0);
  for (std::uint32_t i : usable) ++cellStart_[cellOf(points_[i]) + 1];
  for (size_t c = 1; c < cellStart_.size(); ++c) cellStart_[c] += cellStart_[c - 1];
  order_.resize(usable.size());
  std::vector<std::uint32_t> fill(cellStart_.begin(), cellStart_.end() - 1);
  for (std::uint32_t i : usable) order_[fill[cellOf(points_[i])]++] = i;
}

int NearestPointIndex::nearest(Vec2 p, double* distance) const {
  if (order_.empty() || !hasPosition(p)) {
    if (distance) *distance = kNoValue;
    return -1;
  }
  const int cx = std::clamp(int(std::floor((p.x - bounds_.minx) / cell_)), 0, nx_ - 1);
  const int cy = std::clamp(int(std::floor((p.y - bounds_.miny) / cell_)), 0, ny_ - 1);
  double best2 = std::numeric_limits<double>::infinity();
  int best = -1;
  auto visit = [&](int x, int y) {
    const size_t c = size_t(y) * nx_ + x;
    for (std::uint32_t k = cellStart_[c]; k < cellStart_[c + 1]; ++k) {
      const Vec2 d = points_[order_[k]] - p;
      const double d2 = d.x * d.x + d.y * d.y;
      if (d2 < best2 || (d2 == best2 && int(order_[k]) < best)) {
        best2 = d2;
        best = int(order_[k]);
      }
    }
  };
  for (int r = 0;; ++r) {
    const int x0 = cx - r, x1 = cx + r, y0 = cy - r, y1 = cy + r;
    for (int x = std::max(x0, 0); x <= std::min(x1, nx_ - 1); ++x) {
      if (y0 >= 0) visit(x, y0);
      if (y1 < ny_ && y1 != y0) visit(x, y1);
    }
    for (int y = std::max(y0 + 1, 0); y <= std::min(y1 - 1, ny_ - 1); ++y) {
      if (x0 >= 0) visit(x0, y);
      if (x1 < nx_ && x1 != x0) visit(x1, y);
    }
    // Cells not yet visited lie beyond a side of the block [x0,x1]x[y0,y1] that is inside the grid.
    double bound = std::numeric_limits<double>::infinity();
    bool more = false;
    if (x0 > 0) { more = true; bound = std::min(bound, p.x - (bounds_.minx + x0 * cell_)); }
    if (x1 < nx_ - 1) { more = true; bound = std::min(bound, bounds_.minx + (x1 + 1) * cell_ - p.x); }
    if (y0 > 0) { more = true; bound = std::min(bound, p.y - (bounds_.miny + y0 * cell_)); }
    if (y1 < ny_ - 1) { more = true; bound = std::min(bound, bounds_.miny + (y1 + 1) * cell_ - p.y); }
    if (!more) break;
    if (best >= 0 && bound > 0 && bound * bound > best2) break;
  }
  if (distance) *distance = std::sqrt(best2);
  return best;
}

// ---- indicators ----

IndicatorTable computeIndicators(const Layer& boundaries, const BeneficiaryPoints& ben, const MentorPoints* mentors,
                                 const IndicatorOptions& options) {
  const size_t nFeatures = boundaries.features.size();
  const size_t n = ben.size();
  const IndicatorFilter& filter = options.filter;
  IndicatorTable table;
  table.radiusKm = options.radiusKm;
  table.hasMentors = mentors != nullptr;
  table.polygons.resize(nFeatures);

  // Mentors passing the organisation filter.
  const size_t nMentors = mentors ? mentors->size() : 0;
  std::vector<std::uint8_t> mentorKept(nMentors, 0);
  for (size_t m = 0; m < nMentors; ++m) mentorKept[m] = keeps(filter.organisations, mentors->organisation[m]);

  // Which rows count.
  std::vector<std::uint8_t> counted(n, 0);
  for (size_t i = 0; i < n; ++i) {
    const std::int32_t p = ben.polygon[i];
    if (p < 0 || size_t(p) >= nFeatures) {
      ++table.unplaced;
      continue;
    }
    bool keep = keeps(filter.cohortYears, ben.cohort[i]) && keeps(filter.categories, ben.category[i]) &&
                keeps(filter.statuses, ben.status[i]);
    if (keep && !filter.organisations.empty()) {
      const std::int32_t m = ben.mentor[i];
      keep = m >= 0 && size_t(m) < nMentors && mentorKept[m];
    }
    if (!keep) {
      ++table.filteredOut;
      continue;
    }
    counted[i] = 1;
    ++table.counted;
  }

  // Cohort columns: every year present among counted rows.
  {
    std::vector<std::uint8_t> seen(1 << 16, 0);
    for (size_t i = 0; i < n; ++i)
      if (counted[i] && ben.cohort[i] != 0) seen[std::uint16_t(ben.cohort[i])] = 1;
    for (int y = -32768; y < 32768; ++y)
      if (seen[std::uint16_t(std::int16_t(y))]) table.cohortYears.push_back(y);
  }
  std::vector<int> cohortColumn(1 << 16, -1);
  for (size_t k = 0; k < table.cohortYears.size(); ++k) cohortColumn[std::uint16_t(std::int16_t(table.cohortYears[k]))] = int(k);

  const size_t nStatus = ben.statusNames.size(), nCategory = ben.categoryNames.size();
  for (auto& row : table.polygons) {
    row.byStatus.assign(nStatus, 0);
    row.byCohort.assign(table.cohortYears.size(), 0);
    row.byCategory.assign(nCategory, 0);
  }

  // Totals per polygon.
  for (size_t i = 0; i < n; ++i) {
    if (!counted[i]) continue;
    PolygonIndicators& row = table.polygons[ben.polygon[i]];
    ++row.beneficiaries;
    if (hasPosition(ben.position[i])) ++row.placedByCoordinates;
    if (hasValue(ben.bsimu[i])) {
      row.bsimuTotal += ben.bsimu[i];
      table.hasBsimu = true;
    }
    const int s = ben.status[i];
    if (s >= 0 && size_t(s) < nStatus) ++row.byStatus[s]; else ++row.statusUnknown;
    const int c = ben.category[i];
    if (c >= 0 && size_t(c) < nCategory) ++row.byCategory[c]; else ++row.categoryUnknown;
    const int col = ben.cohort[i] != 0 ? cohortColumn[std::uint16_t(ben.cohort[i])] : -1;
    if (col >= 0) ++row.byCohort[col]; else ++row.cohortUnknown;
  }

  table.hasPopulation = false;
  for (size_t f = 0; f < nFeatures; ++f) {
    PolygonIndicators& row = table.polygons[f];
    const double area = boundaries.features[f].areaKm2;
    row.densityPerKm2 = area > 0 ? double(row.beneficiaries) / area : kNoValue;
    row.share = table.counted > 0 ? double(row.beneficiaries) / double(table.counted) : 0;
    if (f < options.population.size() && hasValue(options.population[f]) && options.population[f] > 0) {
      row.ratePer1000 = double(row.beneficiaries) * 1000.0 / options.population[f];
      table.hasPopulation = true;
    }
    std::int64_t most = 0;
    for (size_t c = 0; c < nCategory; ++c)
      if (row.byCategory[c] > most) {
        most = row.byCategory[c];
        row.dominantCategory = int(c);
      }
  }

  if (!mentors) return table;

  // Mentors per polygon.
  for (size_t m = 0; m < nMentors; ++m) {
    const std::int32_t p = mentors->polygon[m];
    if (!mentorKept[m] || p < 0 || size_t(p) >= nFeatures) continue;
    ++table.polygons[p].mentors;
    if (mentors->approximate[m]) ++table.polygons[p].mentorsApproximate;
  }

  // Load and capacity: the first `capacity` assigned rows (in row order) are within it.
  table.mentorLoad.assign(nMentors, 0);
  for (size_t i = 0; i < n; ++i) {
    const std::int32_t m = ben.mentor[i];
    if (!counted[i] || m < 0 || size_t(m) >= nMentors) continue;
    const std::int64_t load = ++table.mentorLoad[m];
    const std::int32_t cap = mentors->capacity[m];
    if (cap > 0 && load > cap) ++table.polygons[ben.polygon[i]].overCapacity;
  }
  for (size_t m = 0; m < nMentors; ++m) {
    const std::int32_t p = mentors->polygon[m];
    if (mentorKept[m] && p >= 0 && size_t(p) < nFeatures && mentors->capacity[m] > 0 &&
        table.mentorLoad[m] > mentors->capacity[m])
      ++table.polygons[p].mentorsOverCapacity;
  }

  // Nearest kept mentor of every counted row placed by coordinates.
  std::vector<Vec2> mentorPositions(nMentors, kNoPosition);
  for (size_t m = 0; m < nMentors; ++m)
    if (mentorKept[m]) mentorPositions[m] = mentors->position[m];
  const NearestPointIndex nearest(std::move(mentorPositions));
  table.nearestMentorKm.assign(n, kNoValue);
  if (!nearest.empty()) {
    parallelChunks(n, threadCount(options.threads, n), [&](size_t b, size_t e, int) {
      for (size_t i = b; i < e; ++i) {
        if (!counted[i] || !hasPosition(ben.position[i])) continue;
        double d = 0;
        nearest.nearest(ben.position[i], &d);
        table.nearestMentorKm[i] = d / 1000.0;
      }
    });
  }

  // Distances grouped by polygon for medians (counting sort), coverage within the radius.
  std::vector<size_t> start(nFeatures + 1, 0);
  for (size_t f = 0; f < nFeatures; ++f) start[f + 1] = start[f] + size_t(table.polygons[f].placedByCoordinates);
  std::vector<double> grouped(start.back());
  std::vector<size_t> fill(start.begin(), start.end() - 1);
  for (size_t i = 0; i < n; ++i)
    if (counted[i] && hasPosition(ben.position[i])) grouped[fill[ben.polygon[i]]++] = table.nearestMentorKm[i];
  for (size_t f = 0; f < nFeatures; ++f) {
    PolygonIndicators& row = table.polygons[f];
    row.beneficiariesPerMentor = row.mentors > 0 ? double(row.beneficiaries) / double(row.mentors) : kNoValue;
    if (row.placedByCoordinates == 0) continue;
    const auto first = grouped.begin() + std::ptrdiff_t(start[f]), last = grouped.begin() + std::ptrdiff_t(start[f + 1]);
    for (auto it = first; it != last; ++it)
      if (hasValue(*it) && *it <= options.radiusKm) ++row.covered;
    row.coveredShare = double(row.covered) / double(row.placedByCoordinates);
    if (!nearest.empty()) {
      row.maxDistanceKm = *std::max_element(first, last);
      row.medianDistanceKm = median(first, last);
    }
  }
  return table;
}

// ---- text table ----

std::string columnSlug(const std::string& text) {
  std::string out;
  bool gap = false;
  for (unsigned char ch : text) {
    if (std::isalnum(ch) && ch < 128) {
      if (gap && !out.empty()) out += '_';
      out += char(std::tolower(ch));
      gap = false;
    } else {
      gap = true;
    }
  }
  return out.empty() ? "unnamed" : out;
}

namespace {

std::string number(double v, int decimals, char decimalMark) {
  if (!hasValue(v)) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s(buf);
  if (s == "-0" || s.rfind("-0.", 0) == 0) {
    bool allZero = s.find_first_not_of("-0.") == std::string::npos;
    if (allZero) s.erase(0, 1);
  }
  if (decimalMark != '.')
    for (char& c : s)
      if (c == '.') c = decimalMark;
  return s;
}

std::string integer(std::int64_t v) { return std::to_string(v); }

}  // namespace

TextTable indicatorTextTable(const Layer& boundaries, const IndicatorTable& table, const BeneficiaryPoints& ben,
                             char decimalMark) {
  TextTable out;
  const bool mentors = table.hasMentors;
  out.header = {"code", "name", "area_km2", "beneficiaries", "density_per_km2", "mentors",
                "beneficiaries_per_mentor", "covered_share", "share", "placed_by_coordinates", "bsimu_total"};
  if (table.hasPopulation) out.header.push_back("rate_per_1000");
  for (const char* h : {"covered", "median_distance_km", "max_distance_km", "mentors_approximate", "over_capacity",
                        "mentors_over_capacity"})
    out.header.push_back(h);
  out.header.push_back("dominant_category");
  std::int64_t statusUnknown = 0, cohortUnknown = 0, categoryUnknown = 0;
  for (const auto& row : table.polygons) {
    statusUnknown += row.statusUnknown;
    cohortUnknown += row.cohortUnknown;
    categoryUnknown += row.categoryUnknown;
  }
  for (const auto& s : ben.statusNames) out.header.push_back("status_" + columnSlug(s));
  if (statusUnknown > 0 && !ben.statusNames.empty()) out.header.push_back("status_unknown");
  for (int y : table.cohortYears) out.header.push_back("cohort_" + std::to_string(y));
  if (cohortUnknown > 0 && !table.cohortYears.empty()) out.header.push_back("cohort_unknown");
  for (const auto& c : ben.categoryNames) out.header.push_back("category_" + columnSlug(c));
  if (categoryUnknown > 0 && !ben.categoryNames.empty()) out.header.push_back("category_unknown");

  std::vector<int> order(boundaries.features.size());
  std::iota(order.begin(), order.end(), 0);
  std::vector<std::string> codes(order.size()), names(order.size());
  for (size_t f = 0; f < order.size(); ++f) {
    codes[f] = boundaries.featureCode(f);
    names[f] = boundaries.featureName(f);
  }
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    if (codes[a].empty() != codes[b].empty()) return codes[b].empty();
    if (codes[a] != codes[b]) return codes[a] < codes[b];
    return names[a] < names[b];
  });

  for (int f : order) {
    const PolygonIndicators& r = table.polygons[f];
    std::vector<std::string> row;
    row.reserve(out.header.size());
    row.push_back(codes[f]);
    row.push_back(names[f]);
    row.push_back(number(boundaries.features[f].areaKm2, 3, decimalMark));
    row.push_back(integer(r.beneficiaries));
    row.push_back(number(r.densityPerKm2, 4, decimalMark));
    row.push_back(mentors ? integer(r.mentors) : "");
    row.push_back(mentors ? number(r.beneficiariesPerMentor, 3, decimalMark) : "");
    row.push_back(mentors ? number(r.coveredShare, 4, decimalMark) : "");
    row.push_back(number(r.share, 6, decimalMark));
    row.push_back(integer(r.placedByCoordinates));
    row.push_back(table.hasBsimu ? number(r.bsimuTotal, 2, decimalMark) : "");
    if (table.hasPopulation) row.push_back(number(r.ratePer1000, 4, decimalMark));
    row.push_back(mentors ? integer(r.covered) : "");
    row.push_back(mentors ? number(r.medianDistanceKm, 3, decimalMark) : "");
    row.push_back(mentors ? number(r.maxDistanceKm, 3, decimalMark) : "");
    row.push_back(mentors ? integer(r.mentorsApproximate) : "");
    row.push_back(mentors ? integer(r.overCapacity) : "");
    row.push_back(mentors ? integer(r.mentorsOverCapacity) : "");
    row.push_back(r.dominantCategory >= 0 ? ben.categoryNames[r.dominantCategory] : "");
    for (auto v : r.byStatus) row.push_back(integer(v));
    if (statusUnknown > 0 && !ben.statusNames.empty()) row.push_back(integer(r.statusUnknown));
    for (auto v : r.byCohort) row.push_back(integer(v));
    if (cohortUnknown > 0 && !table.cohortYears.empty()) row.push_back(integer(r.cohortUnknown));
    for (auto v : r.byCategory) row.push_back(integer(v));
    if (categoryUnknown > 0 && !ben.categoryNames.empty()) row.push_back(integer(r.categoryUnknown));
    out.rows.push_back(std::move(row));
    out.featureOfRow.push_back(f);
  }
  return out;
}

std::string toCsv(const TextTable& table, char delimiter) {
  std::string out;
  auto field = [&](const std::string& v) {
    if (v.find_first_of(std::string{delimiter, '"', '\n', '\r'}) == std::string::npos) {
      out += v;
      return;
    }
    out += '"';
    for (char c : v) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  };
  auto line = [&](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i) out += delimiter;
      field(cells[i]);
    }
    out += '\n';
  };
  line(table.header);
  for (const auto& r : table.rows) line(r);
  return out;
}

}  // namespace pk
