// The published ranking against an attacker (issue 11, leak 3): a ranking of the polygons whose
// counts the publication shows must say nothing about the counts it withholds. The attacker's
// strongest test: change a withheld count anywhere in its protection interval [v-2, v+2] (clipped
// at 0); if the published ranking changes, the ranking tells those values apart.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>

#include "core/indicator_disclosure.h"
#include "core/privacy.h"
#include "core/ranking_disclosure.h"

namespace {

struct Fixture {
  std::vector<std::string> codes{"A", "B", "C", "D", "E", "F", "G"};
  std::vector<std::int64_t> beneficiaries{40, 25, 2, 12, 7, 1, 18};
  std::vector<double> candidates{10, 30, 20, 5, 50, 15, 25};

  pk::PublishedIndicators publish() const {
    pk::TextTable table;
    table.header = {"code", "name", "beneficiaries"};
    pk::IndicatorTable indicators;
    for (size_t i = 0; i < codes.size(); ++i) {
      table.rows.push_back({codes[i], "Desa " + codes[i], std::to_string(beneficiaries[i])});
      table.featureOfRow.push_back(int(i));
      pk::PolygonIndicators p;
      p.beneficiaries = beneficiaries[i];
      indicators.polygons.push_back(p);
    }
    return pk::publishIndicators(table, indicators, pk::DisclosureSettings{});
  }
  pk::SuitabilityInput input(const std::vector<std::int64_t>& counts) const {
    pk::SuitabilityInput in;
    in.codes = codes;
    std::vector<double> b(counts.begin(), counts.end());
    in.criteria = {{"beneficiaries", b}, {"candidates", candidates}};
    return in;
  }
  static pk::SuitabilitySettings settings() {
    pk::SuitabilitySettings s;
    s.criteria = {pk::defaultCriterionSetting("beneficiaries", 60), pk::defaultCriterionSetting("candidates", 40)};
    s.perturbations = 0;
    return s;
  }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& c : codes) out.push_back("Desa " + c);
    return out;
  }
};

std::string csvOf(const pk::TextTable& t) { return pk::toCsv(t); }

}  // namespace

TEST_CASE("a published ranking does not tell a withheld count from any value in its protection interval") {
  const Fixture f;
  const pk::PublishedIndicators publication = f.publish();
  const pk::TextTable ranking = pk::publishedRanking(f.input(f.beneficiaries), Fixture::settings(), f.names(), publication);
  INFO(csvOf(ranking));
  int withheldPolygons = 0;
  for (size_t i = 0; i < f.codes.size(); ++i) {
    if (!pk::isWithheldCell(publication.text(f.codes[i], "beneficiaries"))) continue;
    ++withheldPolygons;
    const std::int64_t v = f.beneficiaries[i];
    for (std::int64_t other = std::max<std::int64_t>(0, v - 2); other <= v + 2; ++other) {
      auto counts = f.beneficiaries;
      counts[i] = other;
      const pk::TextTable changed = pk::publishedRanking(f.input(counts), Fixture::settings(), f.names(), publication);
      INFO(f.codes[i] << ": " << v << " changed to " << other << "\n" << csvOf(changed));
      CHECK(csvOf(changed) == csvOf(ranking));
    }
  }
  CHECK(withheldPolygons >= 2);  // F (1) and C (2) are small counts
}

TEST_CASE("the min-max anchor of a criterion: solving the visible contributions for it gives no withheld count") {
  // Issue 11: c = share x (v - min) / (max - min) for every visible polygon; two of them give the
  // line, and c = 0 gives min, which was F's count (1) when F took part in the normalisation.
  const Fixture f;
  const pk::PublishedIndicators publication = f.publish();
  const pk::TextTable ranking = pk::publishedRanking(f.input(f.beneficiaries), Fixture::settings(), f.names(), publication);
  INFO(csvOf(ranking));
  int cColumn = -1;
  for (size_t c = 0; c < ranking.header.size(); ++c)
    if (ranking.header[c] == "c_beneficiaries") cColumn = int(c);
  REQUIRE(cColumn >= 0);
  std::vector<std::pair<double, double>> visible;  // (published count, published contribution)
  for (size_t r = 0; r < ranking.rows.size(); ++r) {
    const auto& row = ranking.rows[r];
    const std::string count = publication.text(row[1], "beneficiaries");
    if (pk::isWithheldCell(count) || pk::isWithheldCell(row[size_t(cColumn)]) || row[size_t(cColumn)].empty()) continue;
    visible.emplace_back(std::stod(count), std::stod(row[size_t(cColumn)]));
  }
  REQUIRE(visible.size() >= 2);
  const double slope = (visible[1].second - visible[0].second) / (visible[1].first - visible[0].first);
  const double minAnchor = visible[0].first - visible[0].second / slope;
  std::printf("ranking attacker: min-max anchor of beneficiaries solved to %.4f\n", minAnchor);
  for (size_t i = 0; i < f.codes.size(); ++i) {
    if (!pk::isWithheldCell(publication.text(f.codes[i], "beneficiaries"))) continue;
    INFO(f.codes[i] << " has " << f.beneficiaries[i]);
    CHECK(std::abs(minAnchor - double(f.beneficiaries[i])) > 0.5);
  }
}

TEST_CASE("a withheld polygon shows a rank band, no score and no contributions") {
  const Fixture f;
  const pk::PublishedIndicators publication = f.publish();
  const pk::TextTable ranking = pk::publishedRanking(f.input(f.beneficiaries), Fixture::settings(), f.names(), publication);
  INFO(csvOf(ranking));
  for (const auto& row : ranking.rows) {
    if (!pk::isWithheldCell(publication.text(row[1], "beneficiaries"))) continue;
    INFO(row[1]);
    CHECK(row[0].find("\u2013") != std::string::npos);  // "1–7": a band, not a position
    for (size_t c = 3; c + 1 < row.size(); ++c) CHECK(pk::isWithheldCell(row[c]));
  }
}
