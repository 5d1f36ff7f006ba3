#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "core/indicators.h"
#include "core/spatial_index.h"
#include "layer_fixtures.h"

using namespace pk;

namespace {

// Rectangles in map metres, with code and name fields like a boundary layer.
using pk::test::codeNameLayer;
using pk::test::rectangle;

// A: 1 km² at the origin; B: 2 km² sharing A's east edge; C: 1 km² apart. Stored out of code order.
Layer threeRectangles() {
  return codeNameLayer({rectangle(1000, 0, 3000, 1000, "32.17.02", "Bravo"),     // 0 = B
                        rectangle(0, 0, 1000, 1000, "32.17.01", "Alfa"),         // 1 = A
                        rectangle(0, 5000, 1000, 6000, "32.17.03", "Charlie")});  // 2 = C
}
constexpr int kB = 0, kA = 1, kC = 2;

// Beneficiaries with known distances to a mentor at (500, 500) in A:
//   A: 0.3, 0.4, 0.1 km (median 0.3, max 0.4);  B: 1.0, 2.0, 2.4, 0.6 km (median 1.5, max 2.4),
//   plus one row in B placed by name only (no position).
struct Fixture {
  Layer layer = threeRectangles();
  BeneficiaryPoints ben;
  MentorPoints mentors;
  Fixture() {
    ben.categoryNames = {"makanan dan minuman", "Warung/Toko Kelontong", "jasa"};
    ben.statusNames = {"aktif", "lulus"};
    //       polygon position        category cohort status bsimu   mentor
    ben.add(kA, {800, 500}, 0, 2020, 0, 1000000, 0);
    ben.add(kA, {500, 900}, 0, 2020, 0, 1500000, 0);
    ben.add(kA, {400, 500}, 1, 2021, 1, 500000, -1);
    ben.add(kB, {1500, 500}, 1, 2020, 0, 1000000, 0);   // third row of mentor 0: beyond capacity 2
    ben.add(kB, {2500, 500}, 1, 2021, 0, kNoValue, 1);
    ben.add(kB, {2900, 500}, 2, 2021, -1, kNoValue, 1);
    ben.add(kB, {1100, 500}, -1, 0, 1, kNoValue, 1);
    ben.add(kB, kNoPosition, 2, 2020, 0, 250000, -1);   // placed by name only
    ben.add(-1, {99999, 99999}, 0, 2020, 0, 777, 0);    // unplaced: ignored everywhere
    mentors.organisationNames = {"Inkubator Satu", "Inkubator Dua"};
    mentors.add(kA, {500, 500}, false, 0, 2);
    mentors.add(kC, kNoPosition, false, 1, 0);          // name only: at C's label point (500, 5500)
    placeMentorsAtLabelPoints(mentors, layer);
  }
};

}  // namespace

TEST_CASE("density, share, totals and business mix per polygon") {
  Fixture fx;
  const IndicatorTable t = computeIndicators(fx.layer, fx.ben, nullptr);
  REQUIRE(t.polygons.size() == 3);
  CHECK(t.counted == 8);
  CHECK(t.unplaced == 1);
  CHECK_FALSE(t.hasMentors);
  const auto& a = t.polygons[kA];
  const auto& b = t.polygons[kB];
  const auto& c = t.polygons[kC];
  CHECK(a.beneficiaries == 3);
  CHECK(b.beneficiaries == 5);  // the by-name row counts in totals
  CHECK(b.placedByCoordinates == 4);
  CHECK(c.beneficiaries == 0);
  CHECK(a.densityPerKm2 == doctest::Approx(3.0));
  CHECK(b.densityPerKm2 == doctest::Approx(2.5));
  CHECK(c.densityPerKm2 == 0);
  CHECK(a.share == doctest::Approx(3.0 / 8));
  CHECK(b.share == doctest::Approx(5.0 / 8));
  CHECK(a.bsimuTotal == doctest::Approx(3000000));
  CHECK(b.bsimuTotal == doctest::Approx(1250000));
  CHECK(c.bsimuTotal == 0);
  CHECK(t.hasBsimu);
  CHECK(t.cohortYears == std::vector<int>{2020, 2021});
  CHECK(a.byCohort == std::vector<std::int64_t>{2, 1});
  CHECK(b.byCohort == std::vector<std::int64_t>{2, 2});
  CHECK(b.cohortUnknown == 1);
  CHECK(a.byStatus == std::vector<std::int64_t>{2, 1});
  CHECK(b.byStatus == std::vector<std::int64_t>{3, 1});
  CHECK(b.statusUnknown == 1);
  CHECK(a.byCategory == std::vector<std::int64_t>{2, 1, 0});
  CHECK(b.byCategory == std::vector<std::int64_t>{0, 2, 2});
  CHECK(a.dominantCategory == 0);
  CHECK(b.dominantCategory == 1);  // tie between 1 and 2: the lower index
  CHECK(c.dominantCategory == -1);
  CHECK_FALSE(hasValue(a.ratePer1000));
  CHECK_FALSE(hasValue(a.coveredShare));
}

TEST_CASE("distances to the nearest mentor, coverage within the radius, capacity") {
  Fixture fx;
  IndicatorOptions options;
  options.radiusKm = 1.0;
  const IndicatorTable t = computeIndicators(fx.layer, fx.ben, &fx.mentors, options);
  const auto& a = t.polygons[kA];
  const auto& b = t.polygons[kB];
  const auto& c = t.polygons[kC];
  CHECK(t.hasMentors);
  CHECK(a.mentors == 1);
  CHECK(c.mentors == 1);
  CHECK(c.mentorsApproximate == 1);
  CHECK(fx.mentors.position[1] == Vec2{500, 5500});
  CHECK(b.mentors == 0);
  CHECK(a.beneficiariesPerMentor == doctest::Approx(3.0));
  CHECK_FALSE(hasValue(b.beneficiariesPerMentor));
  CHECK(c.beneficiariesPerMentor == 0);
  CHECK(a.medianDistanceKm == doctest::Approx(0.3));
  CHECK(a.maxDistanceKm == doctest::Approx(0.4));
  CHECK(b.medianDistanceKm == doctest::Approx(1.5));  // even count: mean of 1.0 and 2.0
  CHECK(b.maxDistanceKm == doctest::Approx(2.4));
  CHECK(a.covered == 3);
  CHECK(a.coveredShare == doctest::Approx(1.0));
  CHECK(b.covered == 2);                               // 1.0 km (exactly R) and 0.6 km
  CHECK(b.coveredShare == doctest::Approx(0.5));       // of the 4 placed by coordinates, not 5
  CHECK_FALSE(hasValue(c.coveredShare));
  CHECK_FALSE(hasValue(c.medianDistanceKm));
  // By-name row: no distance.
  CHECK_FALSE(hasValue(t.nearestMentorKm[7]));
  CHECK(t.nearestMentorKm[6] == doctest::Approx(0.6));
  // Mentor 0 (capacity 2) has rows 0, 1 in A and row 3 in B: the third is over capacity.
  CHECK(t.mentorLoad == std::vector<std::int64_t>{3, 3});  // mentor 1 (no capacity given) has rows 4-6
  CHECK(a.overCapacity == 0);
  CHECK(b.overCapacity == 1);
  CHECK(a.mentorsOverCapacity == 1);

  options.radiusKm = 0.35;
  const IndicatorTable narrow = computeIndicators(fx.layer, fx.ben, &fx.mentors, options);
  CHECK(narrow.polygons[kA].covered == 2);
  CHECK(narrow.polygons[kB].covered == 0);
}

TEST_CASE("the nearest mentor can be the approximate one, and a mentor-less list covers nobody") {
  Fixture fx;
  // A beneficiary in C at (500, 5000): 0.5 km from C's label point, far from mentor 0.
  fx.ben.add(kC, {500, 5000}, 0, 2020, 0, kNoValue, -1);
  IndicatorTable t = computeIndicators(fx.layer, fx.ben, &fx.mentors);
  CHECK(t.polygons[kC].medianDistanceKm == doctest::Approx(0.5));
  CHECK(t.polygons[kC].coveredShare == doctest::Approx(1.0));

  MentorPoints none;
  t = computeIndicators(fx.layer, fx.ben, &none);
  CHECK(t.polygons[kA].mentors == 0);
  CHECK(t.polygons[kA].covered == 0);
  CHECK(t.polygons[kA].coveredShare == 0);
  CHECK_FALSE(hasValue(t.polygons[kA].medianDistanceKm));
}

TEST_CASE("a point exactly on a shared edge is counted in exactly one polygon") {
  Layer layer = threeRectangles();
  PolygonIndex index(layer);
  const std::vector<Vec2> points = {{1000, 500}, {1000, 0}, {1000, 1000}, {500, 500}, {2000, 500}, {5000, 5000}};
  std::vector<std::int32_t> polygon(points.size());
  locatePoints(index, points.data(), points.size(), polygon.data(), 1);
  for (size_t i = 0; i < 3; ++i) {
    int holders = 0;
    for (const auto& f : layer.features) holders += pointInMultiPolygon(f.polygon, points[i]);
    INFO("point " << i);
    CHECK(holders <= 1);
  }
  // The half-open rule: the shared edge x = 1000 belongs to B, the polygon to its east.
  CHECK(polygon[0] == kB);
  CHECK(polygon[3] == kA);
  CHECK(polygon[4] == kB);
  CHECK(polygon[5] == -1);
  const auto counts = countPerPolygon(polygon.data(), polygon.size(), layer.features.size());
  CHECK(counts[kA] + counts[kB] + counts[kC] == 5 - (polygon[1] < 0) - (polygon[2] < 0));
  CHECK(counts[kA] == 1);
}

TEST_CASE("filters apply before aggregation") {
  Fixture fx;
  IndicatorOptions options;
  options.filter.cohortYears = {2021};
  IndicatorTable t = computeIndicators(fx.layer, fx.ben, &fx.mentors, options);
  CHECK(t.counted == 3);
  CHECK(t.filteredOut == 5);
  CHECK(t.polygons[kA].beneficiaries == 1);
  CHECK(t.polygons[kB].beneficiaries == 2);
  CHECK(t.polygons[kB].share == doctest::Approx(2.0 / 3));
  CHECK(t.cohortYears == std::vector<int>{2021});
  CHECK(t.polygons[kB].medianDistanceKm == doctest::Approx(2.2));  // 2.0 and 2.4

  options.filter = {};
  options.filter.categories = {1};
  t = computeIndicators(fx.layer, fx.ben, &fx.mentors, options);
  CHECK(t.polygons[kA].beneficiaries == 1);
  CHECK(t.polygons[kB].beneficiaries == 2);
  CHECK(t.polygons[kB].overCapacity == 0);  // mentor 0 now has only row 3

  options.filter = {};
  options.filter.statuses = {1};
  t = computeIndicators(fx.layer, fx.ben, &fx.mentors, options);
  CHECK(t.counted == 2);

  // Organisation 1's only mentor sits in C (serving rows 4-6 in B); beneficiaries follow their assigned mentor's organisation.
  options.filter = {};
  options.filter.organisations = {0};
  t = computeIndicators(fx.layer, fx.ben, &fx.mentors, options);
  CHECK(t.counted == 3);  // rows 0, 1, 3 (mentor 0)
  CHECK(t.polygons[kC].mentors == 0);
  CHECK(t.polygons[kA].mentors == 1);
  options.filter.organisations = {1};
  t = computeIndicators(fx.layer, fx.ben, &fx.mentors, options);
  CHECK(t.counted == 3);  // rows 4, 5, 6 (mentor 1), all in B
  CHECK(t.polygons[kA].mentors == 0);
  CHECK(t.polygons[kC].mentors == 1);
  CHECK(t.polygons[kA].share == 0);
  CHECK(t.polygons[kB].share == 1);
  CHECK(t.polygons[kB].overCapacity == 0);
}

TEST_CASE("rate per 1,000 of a population column") {
  Fixture fx;
  IndicatorOptions options;
  options.population = {2500, 1500, kNoValue};  // B, A, C
  const IndicatorTable t = computeIndicators(fx.layer, fx.ben, nullptr, options);
  CHECK(t.hasPopulation);
  CHECK(t.polygons[kA].ratePer1000 == doctest::Approx(2.0));
  CHECK(t.polygons[kB].ratePer1000 == doctest::Approx(2.0));
  CHECK_FALSE(hasValue(t.polygons[kC].ratePer1000));
}

TEST_CASE("nearest point index agrees with brute force") {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(0, 50000);
  for (int n : {1, 3, 19, 500}) {
    std::vector<Vec2> pts;
    for (int i = 0; i < n; ++i) pts.push_back({u(rng), u(rng) * 0.5});
    pts.push_back(kNoPosition);  // skipped
    NearestPointIndex index(pts);
    for (int q = 0; q < 2000; ++q) {
      const Vec2 p{u(rng) * 1.4 - 10000, u(rng) * 1.4 - 10000};  // also outside the points' extent
      double best = 1e300;
      for (int i = 0; i < n; ++i) {
        const Vec2 d = pts[i] - p;
        best = std::min(best, std::sqrt(d.x * d.x + d.y * d.y));
      }
      double got = 0;
      const int k = index.nearest(p, &got);
      REQUIRE(k >= 0);
      REQUIRE(k < n);
      CHECK(got == doctest::Approx(best).epsilon(1e-12));
    }
  }
  CHECK(NearestPointIndex(std::vector<Vec2>{}).nearest({0, 0}) == -1);
}

TEST_CASE("the text table: required columns first, sorted by code, empty mentor cells without mentors") {
  Fixture fx;
  TextTable t = indicatorTextTable(fx.layer, computeIndicators(fx.layer, fx.ben, nullptr), fx.ben);
  const std::vector<std::string> required = {"code", "name", "area_km2", "beneficiaries", "density_per_km2",
                                             "mentors", "beneficiaries_per_mentor", "covered_share"};
  REQUIRE(t.header.size() > required.size());
  CHECK(std::vector<std::string>(t.header.begin(), t.header.begin() + 8) == required);
  CHECK(std::find(t.header.begin(), t.header.end(), "category_warung_toko_kelontong") != t.header.end());
  CHECK(std::find(t.header.begin(), t.header.end(), "cohort_2021") != t.header.end());
  REQUIRE(t.rows.size() == 3);
  CHECK(t.rows[0][0] == "32.17.01");
  CHECK(t.rows[0][1] == "Alfa");
  CHECK(t.rows[0][2] == "1.000");
  CHECK(t.rows[0][3] == "3");
  CHECK(t.rows[0][4] == "3.0000");
  CHECK(t.rows[0][5] == "");
  CHECK(t.rows[0][6] == "");
  CHECK(t.rows[0][7] == "");
  CHECK(t.rows[1][0] == "32.17.02");
  CHECK(t.rows[1][3] == "5");
  CHECK(t.rows[2][3] == "0");
  for (const auto& row : t.rows) CHECK(row.size() == t.header.size());

  t = indicatorTextTable(fx.layer, computeIndicators(fx.layer, fx.ben, &fx.mentors), fx.ben, ',');
  CHECK(t.rows[0][5] == "1");
  CHECK(t.rows[0][6] == "3,000");
  CHECK(t.rows[1][6] == "");  // B has no mentor
  CHECK(t.rows[1][7] == "1,0000");
  const size_t bsimuColumn = size_t(std::find(t.header.begin(), t.header.end(), "bsimu_total") - t.header.begin());
  REQUIRE(bsimuColumn < t.header.size());
  CHECK(t.rows[0][bsimuColumn] == "3000000,00");
  const std::string csv = toCsv(t, ';');
  CHECK(csv.rfind("code;name;area_km2;beneficiaries;density_per_km2;mentors;beneficiaries_per_mentor;covered_share;", 0) == 0);
}

TEST_CASE("a list without amounts leaves bsimu_total empty rather than 0") {
  Layer layer = threeRectangles();
  BeneficiaryPoints ben;
  ben.add(kA, {500, 500});
  const IndicatorTable table = computeIndicators(layer, ben, nullptr);
  CHECK_FALSE(table.hasBsimu);
  const TextTable t = indicatorTextTable(layer, table, ben);
  const size_t column = size_t(std::find(t.header.begin(), t.header.end(), "bsimu_total") - t.header.begin());
  REQUIRE(column < t.header.size());
  CHECK(t.rows[0][column] == "");
  CHECK(t.rows[0][3] == "1");
  // No status, cohort or category columns when the list has none.
  for (const auto& h : t.header) CHECK(h.rfind("status_", 0) != 0);
  for (const auto& h : t.header) CHECK(h.rfind("cohort_", 0) != 0);
}
