#include "core/indicator_disclosure.h"

#include <charconv>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/indicators.h"
#include "core/privacy.h"

namespace pk {

namespace {

bool startsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool parseCount(std::string_view text, std::int64_t& out) {
  if (text.empty()) return false;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && p == text.data() + text.size();
}

const char* const kGroups[] = {"status_", "cohort_", "category_"};

int groupOf(std::string_view header) {
  for (int g = 0; g < 3; ++g)
    if (startsWith(header, kGroups[g])) return g;
  return -1;
}

// The exact count behind a count column of the row, or -1 when the column is not one.
std::int64_t exactCount(const std::string& header, int indexInGroup, const PolygonIndicators& p) {
  if (header == "beneficiaries") return p.beneficiaries;
  if (header == "placed_by_coordinates") return p.placedByCoordinates;
  if (header == "covered") return p.covered;
  if (header == "over_capacity") return p.overCapacity;
  // Breakdown columns come in the order of their vectors, then the "unknown" column.
  auto pick = [&](const std::vector<std::int64_t>& v, std::int64_t unknown) -> std::int64_t {
    if (indexInGroup < int(v.size())) return v[size_t(indexInGroup)];
    return indexInGroup == int(v.size()) ? unknown : -1;
  };
  switch (groupOf(header)) {
    case 0: return pick(p.byStatus, p.statusUnknown);
    case 1: return pick(p.byCohort, p.cohortUnknown);
    case 2: return pick(p.byCategory, p.categoryUnknown);
    default: return -1;
  }
}

// total = sum(parts), added only when the exact values agree (a column the indicators fill
// differently, e.g. a filter that counts a row in one group and not in another, is no relation).
void addSumIfExact(DisclosureTable& t, int total, const std::vector<int>& parts, const std::string& what) {
  if (total < 0 || parts.empty()) return;
  std::int64_t sum = 0;
  for (int p : parts) {
    if (p < 0) return;
    sum += t.cells[size_t(p)].value;
  }
  if (sum == t.cells[size_t(total)].value) t.addSum(total, parts, what);
}

}  // namespace

IndicatorModel indicatorModel(const TextTable& table, const IndicatorTable& indicators) {
  if (table.featureOfRow.size() != table.rows.size())
    throw std::invalid_argument("disclosure: the table has no feature index per row");
  IndicatorModel out;
  DisclosureTable& t = out.model;
  const size_t columns = table.header.size();
  std::vector<bool> isCount(columns);
  std::vector<int> indexInGroup(columns, -1);
  int seen[3] = {0, 0, 0};
  for (size_t c = 0; c < columns; ++c) {
    const std::string& h = table.header[c];
    const int g = groupOf(h);
    if (g >= 0) indexInGroup[c] = seen[g]++;
    isCount[c] = columnPrivacy(h) == ColumnPrivacy::BeneficiaryCount;
  }
  // Differences of two published counts, one part of the other: published too, whether or not a
  // column prints them.
  struct Difference {
    const char* whole;
    const char* part;
    const char* rest;
  };
  static const Difference kDifferences[] = {
      {"beneficiaries", "placed_by_coordinates", "not_placed_by_coordinates"},
      {"placed_by_coordinates", "covered", "placed_not_covered"},
      {"beneficiaries", "over_capacity", "within_capacity"},
  };

  // Per column name, the model cells of all rows (for the regency totals).
  std::vector<std::string> columnNames;
  std::vector<std::vector<int>> cellsOfColumn;
  auto record = [&](const std::string& column, int cell) {
    for (size_t i = 0; i < columnNames.size(); ++i)
      if (columnNames[i] == column) return cellsOfColumn[i].push_back(cell);
    columnNames.push_back(column);
    cellsOfColumn.push_back({cell});
  };

  out.cellOf.assign(table.rows.size(), std::vector<int>(columns, -1));
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const int f = table.featureOfRow[r];
    if (f < 0 || size_t(f) >= indicators.polygons.size())
      throw std::invalid_argument("disclosure: a row's feature is not in the indicator table");
    const PolygonIndicators& p = indicators.polygons[size_t(f)];
    const auto& row = table.rows[r];
    const std::string rowName = row.empty() || row[0].empty() ? "row " + std::to_string(r + 1) : row[0];
    auto cellNamed = [&](std::string_view name) {
      for (size_t c = 0; c < columns; ++c)
        if (table.header[c] == name) return out.cellOf[r][c];
      return -1;
    };
    for (size_t c = 0; c < columns && c < row.size(); ++c) {
      if (!isCount[c] || row[c].empty()) continue;
      const std::int64_t v = exactCount(table.header[c], indexInGroup[c], p);
      if (v < 0) continue;
      out.cellOf[r][c] = t.addCell(rowName, table.header[c], v);
      record(table.header[c], out.cellOf[r][c]);
    }
    const int beneficiaries = cellNamed("beneficiaries");
    for (const Difference& d : kDifferences) {
      const int whole = cellNamed(d.whole), part = cellNamed(d.part);
      if (whole < 0 || part < 0 || t.cells[size_t(part)].value > t.cells[size_t(whole)].value) continue;
      const int rest = t.addCell(rowName, d.rest, t.cells[size_t(whole)].value - t.cells[size_t(part)].value);
      record(d.rest, rest);
      t.addSum(whole, {part, rest}, rowName + ": " + d.whole + " - " + d.part);
    }
    for (int g = 0; g < 3; ++g) {
      std::vector<int> parts;
      for (size_t c = 0; c < columns; ++c)
        if (groupOf(table.header[c]) == g && out.cellOf[r][c] >= 0) parts.push_back(out.cellOf[r][c]);
      addSumIfExact(t, beneficiaries, parts, rowName + ": " + kGroups[g] + "* add up to beneficiaries");
    }
  }

  // The regency row: every column's total, printed by legends and the pack's index.
  std::vector<int> totalOf(columnNames.size());
  for (size_t i = 0; i < columnNames.size(); ++i) {
    std::int64_t sum = 0;
    for (int c : cellsOfColumn[i]) sum += t.cells[size_t(c)].value;
    totalOf[i] = t.addCell("total", columnNames[i], sum, true);
    t.addSum(totalOf[i], cellsOfColumn[i], "total of " + columnNames[i]);
  }
  auto totalNamed = [&](std::string_view name) {
    for (size_t i = 0; i < columnNames.size(); ++i)
      if (columnNames[i] == name) return totalOf[i];
    return -1;
  };
  for (const Difference& d : kDifferences)
    addSumIfExact(t, totalNamed(d.whole), {totalNamed(d.part), totalNamed(d.rest)},
                  std::string("total: ") + d.whole + " - " + d.part);
  for (int g = 0; g < 3; ++g) {
    std::vector<int> parts;
    for (size_t i = 0; i < columnNames.size(); ++i)
      if (groupOf(columnNames[i]) == g) parts.push_back(totalOf[i]);
    addSumIfExact(t, totalNamed("beneficiaries"), parts, std::string("total: ") + kGroups[g] + "* add up");
  }
  return out;
}

namespace {
int gPublications = 0;
}  // namespace

int publicationsSoFar() { return gPublications; }

std::string PublishedIndicators::text(const std::string& row, const std::string& column) const {
  const int cell = model.model.find(row, column);
  return cell < 0 ? std::string() : published.text[size_t(cell)];
}

PublishedIndicators publishIndicators(TextTable table, const IndicatorTable& indicators,
                                      const DisclosureSettings& settings) {
  removePersonalColumns(table);
  PublishedIndicators out;
  out.model = indicatorModel(table, indicators);
  out.published = publishTable(out.model.model, settings);
  out.settings = settings;
  ++gPublications;
  out.table = std::move(table);
  applyPublication(out.table, out);
  return out;
}

PublishedTable applyDisclosureControl(TextTable& table, const IndicatorTable& indicators,
                                      const DisclosureSettings& settings) {
  PublishedIndicators publication = publishIndicators(table, indicators, settings);
  applyPublication(table, publication);
  return std::move(publication.published);
}

void applyPublication(TextTable& table, const PublishedIndicators& publication) {
  removePersonalColumns(table);
  const IndicatorModel& m = publication.model;
  const PublishedTable& published = publication.published;
  const DisclosureSettings& settings = publication.settings;
  if (m.cellOf.size() != table.rows.size())
    throw std::invalid_argument("disclosure: the table is not the one that was published");
  if (settings.threshold <= 1) return;
  const std::string marker = withheldMarker(settings.threshold);
  const size_t columns = table.header.size();
  std::vector<ColumnPrivacy> kind(columns);
  for (size_t c = 0; c < columns; ++c) kind[c] = columnPrivacy(table.header[c]);
  auto columnNamed = [&](std::string_view name) {
    for (size_t c = 0; c < columns; ++c)
      if (table.header[c] == name) return int(c);
    return -1;
  };
  const int bColumn = columnNamed("beneficiaries"), placedColumn = columnNamed("placed_by_coordinates"),
            coveredColumn = columnNamed("covered");
  static const char* const kKnownDerived[] = {"density_per_km2", "share", "rate_per_1000", "bsimu_total",
                                              "beneficiaries_per_mentor", "dominant_category"};
  auto known = [&](const std::string& h) {
    for (const char* k : kKnownDerived)
      if (h == k) return true;
    return false;
  };

  for (size_t r = 0; r < table.rows.size(); ++r) {
    auto& row = table.rows[r];
    // The text of the first withheld count among `columns` (a derived value shows its count's
    // marker), or "" when all are published.
    auto gateText = [&](std::initializer_list<int> gates) -> std::string {
      for (int c : gates) {
        if (c < 0) continue;
        const int cell = m.cellOf[r][size_t(c)];
        if (cell >= 0 && published.withheld(size_t(cell))) return published.text[size_t(cell)];
      }
      return "";
    };
    for (size_t c = 0; c < columns && c < row.size(); ++c) {
      std::string& cell = row[c];
      if (cell.empty()) continue;  // not applicable stays empty
      const int modelCell = m.cellOf[r][c];
      if (modelCell >= 0) {
        cell = published.text[size_t(modelCell)];
        continue;
      }
      std::string withheldAs;
      switch (kind[c]) {
        case ColumnPrivacy::Public:
        case ColumnPrivacy::MentorCount:
        case ColumnPrivacy::Personal: break;
        case ColumnPrivacy::BeneficiaryCount: {  // a count column the model does not know: fail closed
          std::int64_t v = 0;
          if (!parseCount(cell, v) || isSmallCount(v, settings.threshold)) withheldAs = marker;
          else withheldAs = gateText({bColumn});
          break;
        }
        case ColumnPrivacy::DerivedFromCount: {
          std::int64_t v = 0;
          // Unknown integer columns are counted as people; any other unknown value follows the count.
          if (!known(table.header[c]) && parseCount(cell, v) && isSmallCount(v, settings.threshold)) withheldAs = marker;
          else withheldAs = gateText({bColumn});
          break;
        }
        case ColumnPrivacy::DerivedFromPlaced: withheldAs = gateText({bColumn, placedColumn}); break;
        case ColumnPrivacy::CoveredShare: withheldAs = gateText({bColumn, placedColumn, coveredColumn}); break;
      }
      if (!withheldAs.empty()) cell = withheldAs;
    }
  }
}

}  // namespace pk
