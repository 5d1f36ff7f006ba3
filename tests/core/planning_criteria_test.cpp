// Planning criteria on hand-made polygons, beneficiaries and mentors, where every value is known.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "core/indicators.h"
#include "core/layer.h"
#include "core/planning_criteria.h"
#include "layer_fixtures.h"

using namespace pk;

namespace {

using pk::test::codeNameLayer;
using pk::test::rectangle;

// A (1 km², a mentor at its centre), B (2 km², east of A), C (1 km², far north), D (1 km², no code,
// nobody lives there).
constexpr int kA = 0, kB = 1, kC = 2, kD = 3;
Layer fourRectangles() {
  return codeNameLayer({rectangle(0, 0, 1000, 1000, "32.17.01", "Alfa"),
                        rectangle(1000, 0, 3000, 1000, "32.17.02", "Bravo"),
                        rectangle(0, 5000, 1000, 6000, "32.17.03", "Charlie"),
                        rectangle(5000, 0, 6000, 1000, "", "Delta")});
}

struct Fixture {
  Layer layer = fourRectangles();
  BeneficiaryPoints ben;
  MentorPoints mentors;
  Fixture() {
    ben.categoryNames = {"makanan dan minuman", "warung", "jasa"};
    // A: 0.3, 0.1, 0.4 km from the mentor at (500, 500): all covered within 1 km.
    ben.add(kA, {800, 500}, 0);
    ben.add(kA, {400, 500}, 0);
    ben.add(kA, {500, 900}, 1);
    // B: 1.0, 2.0, 2.4, 0.6 km: two of four covered within 1 km; one more placed by name only.
    ben.add(kB, {1500, 500}, 1);
    ben.add(kB, {2500, 500}, 1);
    ben.add(kB, {2900, 500}, 2);
    ben.add(kB, {1100, 500}, -1);
    ben.add(kB, kNoPosition, 2);
    // C: two rows placed by name only, neither with a business type.
    ben.add(kC, kNoPosition, -1);
    ben.add(kC, kNoPosition, -1);
    ben.add(-1, {99999, 99999}, 0);  // unplaced: counts nowhere
    mentors.add(kA, {500, 500});
  }
  IndicatorTable indicators(bool withMentors) const {
    IndicatorOptions options;
    options.radiusKm = 1;
    options.threads = 1;
    return computeIndicators(layer, ben, withMentors ? &mentors : nullptr, options);
  }
};

const std::vector<double>& valuesOf(const PlanningCriteria& c, const std::string& name) {
  for (const auto& v : c.input.criteria)
    if (v.name == name) return v.values;
  FAIL("criterion " << name << " not offered");
  static std::vector<double> none;
  return none;
}

bool offers(const PlanningCriteria& c, const std::string& name) {
  for (const auto& v : c.input.criteria)
    if (v.name == name) return true;
  return false;
}

}  // namespace

TEST_CASE("built-in criteria from indicators, office and table; missing stays NaN") {
  Fixture fx;
  const IndicatorTable table = fx.indicators(true);
  PlanningCriteriaSources sources;
  sources.boundaries = &fx.layer;
  sources.indicators = &table;
  sources.office = Vec2{0, 5500};
  sources.hasTable = true;
  const double nan = kNoValue;
  sources.tableColumns = {{"Candidates", {100, nan, 50, 10}}, {"households", {1000, 2000, nan, 400}},
                          {"density", {1, 2, 3, 4}}};
  const PlanningCriteria c = buildPlanningCriteria(sources);

  CHECK(c.input.codes == std::vector<std::string>{"32.17.01", "32.17.02", "32.17.03", "#3"});
  CHECK(c.names == std::vector<std::string>{"Alfa", "Bravo", "Charlie", "Delta"});
  CHECK(c.unavailable.empty());

  const auto& candidates = valuesOf(c, "candidates");  // the column matched case-insensitively
  CHECK(candidates[kA] == 100);
  CHECK(std::isnan(candidates[kB]));
  CHECK(candidates[kC] == 50);
  CHECK(candidates[kD] == 10);

  CHECK(valuesOf(c, "beneficiaries") == std::vector<double>{3, 5, 2, 0});
  CHECK(valuesOf(c, "density") == std::vector<double>{3, 2.5, 2, 0});  // the built-in, not the table's

  const auto& gap = valuesOf(c, "coverage_gap");
  CHECK(gap[kA] == 0);
  CHECK(gap[kB] == doctest::Approx(0.5));
  CHECK(std::isnan(gap[kC]));  // only rows placed by name: no position, no coverage
  CHECK(std::isnan(gap[kD]));

  const auto& perMentor = valuesOf(c, "per_mentor");
  CHECK(perMentor[kA] == 3);
  CHECK(std::isnan(perMentor[kB]));  // no mentor located there: missing, not 0 and not infinite
  CHECK(std::isnan(perMentor[kD]));

  const auto& diversity = valuesOf(c, "business_diversity");
  CHECK(diversity[kA] == 2);
  CHECK(diversity[kB] == 2);
  CHECK(std::isnan(diversity[kC]));  // nobody there has a business type
  CHECK(diversity[kD] == 0);         // nobody there at all: no categories present

  const auto& office = valuesOf(c, "distance_office");
  CHECK(office[kA] == doctest::Approx(std::hypot(500.0, 5000.0) / 1000));
  CHECK(office[kC] == doctest::Approx(0.5));

  const auto& households = valuesOf(c, "households");
  CHECK(households[kB] == 2000);
  CHECK(std::isnan(households[kC]));
  REQUIRE(c.notes.size() == 1);
  CHECK(c.notes[0].find("'density'") != std::string::npos);
}

TEST_CASE("without mentors nobody is covered and per_mentor is not offered") {
  Fixture fx;
  const IndicatorTable table = fx.indicators(false);
  PlanningCriteriaSources sources;
  sources.boundaries = &fx.layer;
  sources.indicators = &table;
  const PlanningCriteria c = buildPlanningCriteria(sources);
  const auto& gap = valuesOf(c, "coverage_gap");
  CHECK(gap[kA] == 1);
  CHECK(gap[kB] == 1);
  CHECK(std::isnan(gap[kC]));
  CHECK_FALSE(offers(c, "per_mentor"));
  CHECK_FALSE(offers(c, "candidates"));
  CHECK_FALSE(offers(c, "distance_office"));
  REQUIRE(c.unavailable.size() == 3);
  CHECK(c.unavailable[0].name == "candidates");
  CHECK(c.unavailable[0].reason == UnavailableReason::NoCandidatesTable);
  CHECK(c.unavailable[1].name == "per_mentor");
  CHECK(c.unavailable[2].name == "distance_office");

  sources.businessTypes = false;
  sources.hasTable = true;
  sources.tableColumns = {{"households", {1, 2, 3, 4}}};
  const PlanningCriteria d = buildPlanningCriteria(sources);
  CHECK_FALSE(offers(d, "business_diversity"));
  CHECK(d.unavailable[0].reason == UnavailableReason::NoCandidatesColumn);
  CHECK(offers(d, "households"));
}

TEST_CASE("settings are checked against what is offered, with helpful messages") {
  Fixture fx;
  const IndicatorTable table = fx.indicators(true);
  PlanningCriteriaSources sources;
  sources.boundaries = &fx.layer;
  sources.indicators = &table;
  const PlanningCriteria c = buildPlanningCriteria(sources);

  auto messageFor = [&](const SuitabilitySettings& s) -> std::string {
    try {
      checkPlanningSettings(c, s);
    } catch (const PlanningError& e) {
      return e.what();
    }
    return "";
  };
  SuitabilitySettings s;
  s.criteria = {defaultCriterionSetting("distance_office", 1)};
  CHECK(messageFor(s) == "criterion distance_office is not available: no office point given");

  s.criteria = {defaultCriterionSetting("popularity", 1)};
  const std::string unknown = messageFor(s);
  CHECK(unknown.find("unknown criterion 'popularity'") == 0);
  CHECK(unknown.find("beneficiaries, density, coverage_gap, per_mentor, business_diversity") != std::string::npos);
  CHECK(unknown.find("distance_office (no office point given)") != std::string::npos);

  s.criteria = {defaultCriterionSetting("density", 0)};
  const std::string zero = messageFor(s);
  CHECK(zero.find("all weights are zero") == 0);
  CHECK(zero.find("candidates (no per-kecamatan table given)") != std::string::npos);

  s.criteria = {defaultCriterionSetting("density", 1)};
  s.minimums = {{"candidates", 5}};
  CHECK(messageFor(s) == "criterion candidates in a minimum is not available: no per-kecamatan table given");

  s.minimums = {{"Beneficiaries", 3}};  // names match case-insensitively, as in scoring
  CHECK(messageFor(s).empty());
}

TEST_CASE("scoring the built criteria: coverage gap alone ranks by the gap, missing excludes") {
  Fixture fx;
  const IndicatorTable table = fx.indicators(true);
  PlanningCriteriaSources sources;
  sources.boundaries = &fx.layer;
  sources.indicators = &table;
  const PlanningCriteria c = buildPlanningCriteria(sources);
  SuitabilitySettings s;
  s.criteria = {defaultCriterionSetting("coverage_gap", 1)};
  s.perturbations = 0;
  const SuitabilityResult r = scoreSuitability(c.input, s);
  REQUIRE(r.order.size() == 4);
  CHECK(r.polygons[r.order[0]].code == "32.17.02");
  CHECK(r.polygons[r.order[0]].score == doctest::Approx(100));
  CHECK(r.polygons[r.order[1]].code == "32.17.01");
  CHECK(r.polygons[r.order[1]].score == doctest::Approx(0));
  CHECK(r.polygons[kC].exclusionReason == "missing value for coverage_gap");
  CHECK(r.polygons[kD].exclusionReason == "missing value for coverage_gap");

  s.missing = MissingPolicy::Worst;  // the worst observed gap (A's 0), never a made-up zero
  const SuitabilityResult w = scoreSuitability(c.input, s);
  CHECK_FALSE(w.polygons[kC].excluded);
  CHECK(w.polygons[kC].score == doctest::Approx(0));
  CHECK(w.polygons[kB].rank == 1);
}

TEST_CASE("a table column of the wrong length is a programming error") {
  Fixture fx;
  const IndicatorTable table = fx.indicators(true);
  PlanningCriteriaSources sources;
  sources.boundaries = &fx.layer;
  sources.indicators = &table;
  sources.tableColumns = {{"households", {1, 2}}};
  CHECK_THROWS_AS(buildPlanningCriteria(sources), std::invalid_argument);
  sources.tableColumns.clear();
  sources.indicators = nullptr;
  CHECK_THROWS_AS(buildPlanningCriteria(sources), std::invalid_argument);
}

TEST_CASE("criteria are labelled for people: built-ins and known columns translated, other columns readable") {
  CHECK(criterionLabel("beneficiaries", Language::Indonesian) == "Penerima manfaat");
  CHECK(criterionLabel("coverage_gap", Language::English) == "Coverage gap");
  CHECK(criterionLabel("per_mentor", Language::Indonesian) == "Penerima per pendamping");
  CHECK(criterionLabel("pkh_graduates", Language::Indonesian) == "Lulusan PKH");
  CHECK(criterionLabel("pkh_graduates", Language::English) == "PKH graduates");
  CHECK(criterionLabel("Households", Language::Indonesian) == "Rumah tangga");
  // A column nobody translated reads as words, never as a raw identifier.
  CHECK(criterionLabel("jumlah_kk_miskin", Language::Indonesian) == "Jumlah KK miskin");
  CHECK(readableColumnName("pkh_graduates") == "PKH graduates");
  CHECK(readableColumnName("UMKM-aktif") == "UMKM aktif");
  CHECK(readableColumnName("LUAS_SAWAH") == "Luas sawah");
  CHECK(readableColumnName("calonPenerima") == "CalonPenerima");
  CHECK(readableColumnName("") == "");
}

TEST_CASE("the default candidates column is one the table has: the preferred, else the first count column") {
  const double nan = std::nan("");
  const std::vector<PolygonColumn> columns = {{"rata_usia", {41.5, 38.2, nan}},
                                              {"households", {58400, 33100, 20000}},
                                              {"pkh_graduates", {548, 276, nan}}};
  CHECK(defaultCandidatesColumn(columns, "PKH_Graduates") == "pkh_graduates");  // the scenario's, as the table spells it
  CHECK(defaultCandidatesColumn(columns, "candidates") == "households");        // missing: the first count column
  CHECK(defaultCandidatesColumn(columns, "candidates", "households") == "pkh_graduates");  // not the population
  CHECK(defaultCandidatesColumn({{"rata_usia", {41.5, 38.2}}}, "candidates") == "rata_usia");
  CHECK(defaultCandidatesColumn({{"households", {1, 2}}}, "candidates", "households") == "households");
  CHECK(defaultCandidatesColumn({}, "candidates").empty());
}
