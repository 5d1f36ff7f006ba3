// The exported per-polygon table (core/table_export exportIndicatorTable, used by table.csv and
// table.xlsx of the meeting pack and the window's export) against the LP attacker of
// core/disclosure.h: legend totals, differences and zero breakdowns must not give a withheld count.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/disclosure.h"
#include "core/indicator_disclosure.h"
#include "core/indicators.h"
#include "core/privacy.h"
#include "core/table_export.h"
#include "layer_fixtures.h"

using namespace pk;

namespace {

struct Fixture {
  Layer layer;
  IndicatorTable indicators;
  BeneficiaryPoints points;
};

// Lembang (01): makanan 1 beside a published legend total. 02: beneficiaries - placed = 1.
// Parongpong (04): one family, all in one category (the other categories are zeros).
Fixture fixture() {
  Fixture f;
  f.layer = test::codeNameLayer({test::rectangle(0, 0, 1000, 1000, "32.17.01", "Lembang"),
                                 test::rectangle(2000, 0, 3000, 1000, "32.17.02", "Cisarua"),
                                 test::rectangle(4000, 0, 5000, 1000, "32.17.03", "Ngamprah"),
                                 test::rectangle(6000, 0, 7000, 1000, "32.17.04", "Parongpong")});
  f.points.categoryNames = {"Makanan", "Jasa", "Kerajinan"};
  const std::vector<std::vector<std::int64_t>> categories = {{1, 20, 9}, {15, 10, 15}, {10, 5, 10}, {1, 0, 0}};
  const std::vector<std::int64_t> notPlaced = {0, 1, 0, 0};
  std::int64_t counted = 0;
  for (const auto& c : categories) counted += c[0] + c[1] + c[2];
  for (size_t i = 0; i < categories.size(); ++i) {
    PolygonIndicators p;
    p.byCategory = categories[i];
    p.beneficiaries = categories[i][0] + categories[i][1] + categories[i][2];
    p.placedByCoordinates = p.beneficiaries - notPlaced[i];
    p.densityPerKm2 = double(p.beneficiaries);  // 1 km² each
    p.share = double(p.beneficiaries) / double(counted);
    f.indicators.polygons.push_back(p);
  }
  f.indicators.counted = counted;
  return f;
}

}  // namespace

TEST_CASE("the exported table: no withheld count can be worked out from it and the totals legends print") {
  const Fixture f = fixture();
  const DisclosureSettings settings;  // threshold 3, protection 2
  const TextTable exact = indicatorTextTable(f.layer, f.indicators, f.points, '.');
  const IndicatorModel m = indicatorModel(exact, f.indicators);
  const TextTable exported = exportIndicatorTable(f.layer, f.indicators, f.points, settings.threshold, '.');
  REQUIRE(exported.header == exact.header);
  REQUIRE(exported.rows.size() == exact.rows.size());

  // What the attacker sees: printed cells as the export prints them, the regency totals the release
  // record publishes (legends print them), differences never printed but computable from what is.
  const PublishedTable release = publishTable(m.model, settings);
  std::vector<bool> withheld(m.model.cells.size(), true);
  for (size_t i = 0; i < m.model.cells.size(); ++i)
    if (m.model.cells[i].row == "total") withheld[i] = release.withheld(i);
  for (size_t r = 0; r < exact.rows.size(); ++r)
    for (size_t c = 0; c < exact.header.size(); ++c)
      if (m.cellOf[r][c] >= 0) withheld[size_t(m.cellOf[r][c])] = isWithheldCell(exported.rows[r][c]);
  const DisclosureAudit audit = auditDisclosure(m.model, withheld, settings);
  for (const auto& line : audit.failures(m.model, settings)) MESSAGE(line);
  CHECK(audit.passes());

  // A derived value of a withheld count is withheld with it (density x area = the count).
  const auto column = [&](const std::string& name) {
    return size_t(std::find(exact.header.begin(), exact.header.end(), name) - exact.header.begin());
  };
  for (size_t r = 0; r < exported.rows.size(); ++r) {
    const auto& row = exported.rows[r];
    if (isWithheldCell(row[column("beneficiaries")])) {
      CHECK(isWithheldCell(row[column("density_per_km2")]));
      CHECK(isWithheldCell(row[column("share")]));
    }
  }
}
