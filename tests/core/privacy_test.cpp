#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include <nlohmann/json.hpp>

#include "core/indicators.h"
#include "core/map_document.h"
#include "core/privacy.h"
#include "layer_fixtures.h"

using namespace pk;

namespace {

using pk::test::codeNameLayer;
using pk::test::rectangle;

// Big: 10 x 10 km. Small: 2 x 2 km. Sliver: 2 km long, 20 cm wide (no 300 m offset lands in it).
Layer testLayer() {
  return codeNameLayer({rectangle(0, 0, 10000, 10000, "32.17.01", "Besar"),
                        rectangle(20000, 0, 22000, 2000, "32.17.02", "Kecil"),
                        rectangle(30000, 0, 32000, 0.2, "32.17.03", "Celah")});
}

int column(const TextTable& t, const std::string& name) {
  auto it = std::find(t.header.begin(), t.header.end(), name);
  return it == t.header.end() ? -1 : int(it - t.header.begin());
}

const std::vector<std::string>& rowOfCode(const TextTable& t, const std::string& code) {
  for (const auto& r : t.rows)
    if (r[0] == code) return r;
  FAIL("no row " << code);
  static std::vector<std::string> none;
  return none;
}

}  // namespace

TEST_CASE("small counts: 1 and 2 are withheld at threshold 3, 0 and 3 are shown") {
  CHECK(countText(0, 3) == "0");
  CHECK(countText(1, 3) == "<3");
  CHECK(countText(2, 3) == "<3");
  CHECK(countText(3, 3) == "3");
  CHECK(countText(4, 5) == "<5");
  CHECK(countText(2, 1) == "2");  // threshold 1 withholds nothing
  CHECK(isWithheldCell("<3"));
  CHECK(isWithheldCell("<10"));
  CHECK(isWithheldCell("x"));
  CHECK_FALSE(isWithheldCell("3"));
  CHECK_FALSE(isWithheldCell("<"));
  CHECK_FALSE(isWithheldCell(""));
}

TEST_CASE("privacy settings: defaults, JSON round trip and bad values") {
  MapDocument doc;
  CHECK(privacySettingsOf(doc) == PrivacySettings{});
  CHECK(privacySettingsOf(doc).smallCountThreshold == 3);
  PrivacySettings s;
  s.smallCountThreshold = 5;
  s.displacementMetres = 250;
  s.seed = 42;
  doc.extraSections["privacy"] = nlohmann::json(s);
  CHECK(privacySettingsOf(doc) == s);
  doc.extraSections["privacy"] = nlohmann::json{{"small_count_threshold", 0}};
  CHECK_THROWS_AS(privacySettingsOf(doc), std::invalid_argument);
  doc.extraSections["privacy"] = nlohmann::json{{"displacement_m", -1}};
  CHECK_THROWS_AS(privacySettingsOf(doc), std::invalid_argument);
  doc.extraSections["privacy"] = nlohmann::json{{"small_count_threshold", "tiga"}};
  CHECK_THROWS_AS(privacySettingsOf(doc), std::invalid_argument);
  doc.extraSections["privacy"] = nlohmann::json{{"displacement_m", 100}};
  CHECK(privacySettingsOf(doc).smallCountThreshold == 3);  // missing keys keep defaults
  CHECK(privacySettingsOf(doc).displacementMetres == 100);
}

TEST_CASE("personal headers: names, NIK, ids and business names; polygon columns are not") {
  for (const char* h : {"nama", "Nama Penerima", "nama_kpm", "NIK", "id_kpm", "no_kpm", "nama_usaha", "business_name"})
    CHECK_MESSAGE(isPersonalHeader(h), h);
  for (const char* h : {"name", "code", "beneficiaries", "kecamatan", "density_per_km2", "status_aktif"})
    CHECK_MESSAGE(!isPersonalHeader(h), h);
  TextTable t;
  t.header = {"code", "nama_kpm", "beneficiaries", "nik"};
  t.rows = {{"32.17.01", "Euis", "5", "3217000000000001"}};
  t.featureOfRow = {0};
  removePersonalColumns(t);
  CHECK(t.header == std::vector<std::string>{"code", "beneficiaries"});
  CHECK(t.rows[0] == std::vector<std::string>{"32.17.01", "5"});
  CHECK(std::string(personalDataWarning()).find("personal data") != std::string::npos);
}

TEST_CASE("table privacy: small counts and everything derived from them are withheld") {
  const Layer layer = testLayer();
  BeneficiaryPoints ben;
  ben.categoryNames = {"makanan dan minuman", "jasa"};
  ben.statusNames = {"aktif", "pindah"};
  // Besar: 10 people (9 in 2020, 1 in 2021; 8 aktif, 2 pindah; categories 6 + 4).
  for (int i = 0; i < 10; ++i)
    ben.add(0, {1000.0 + 100 * i, 5000}, i < 6 ? 0 : 1, i < 9 ? 2020 : 2021, i < 8 ? 0 : 1, 1000000, 0);
  // Kecil: 2 people, both 2020, near the mentor.
  ben.add(1, {21000, 1000}, 0, 2020, 0, 2000000, 0);
  ben.add(1, {21100, 1000}, 0, 2020, 0, 3000000, 0);
  MentorPoints mentors;
  mentors.add(0, {1500, 5000});
  mentors.add(1, {21000, 1100});
  IndicatorOptions options;
  options.radiusKm = 5;
  options.threads = 1;
  const IndicatorTable ind = computeIndicators(layer, ben, &mentors, options);
  REQUIRE(ind.polygons[1].beneficiaries == 2);

  TextTable t = indicatorTextTable(layer, ind, ben, '.');
  const TextTable exact = t;
  applyTablePrivacy(t, ind, 3);
  REQUIRE(t.header == exact.header);

  const auto& kecil = rowOfCode(t, "32.17.02");
  const auto& kecilExact = rowOfCode(exact, "32.17.02");
  for (const char* c : {"beneficiaries", "placed_by_coordinates", "covered", "cohort_2020", "status_aktif",
                        "category_makanan_dan_minuman", "density_per_km2", "share", "bsimu_total",
                        "beneficiaries_per_mentor", "covered_share", "median_distance_km", "max_distance_km",
                        "dominant_category"}) {
    const int col = column(t, c);
    REQUIRE_MESSAGE(col >= 0, c);
    CHECK_MESSAGE(kecil[col] == "<3", c << " = " << kecil[col]);
  }
  // Public and mentor columns stay exact; zero counts stay 0.
  for (const char* c : {"code", "name", "area_km2", "mentors"}) CHECK(kecil[column(t, c)] == kecilExact[column(t, c)]);
  CHECK(kecil[column(t, "mentors")] == "1");
  CHECK(kecil[column(t, "cohort_2021")] == "0");
  CHECK(kecil[column(t, "over_capacity")] == "0");

  // Besar: 10 people, all shown; its lone small cells (cohort 2021 = 1, status pindah = 2) are
  // withheld, and one more cell of each such group with them so subtraction reveals nothing.
  const auto& besar = rowOfCode(t, "32.17.01");
  CHECK(besar[column(t, "beneficiaries")] == "10");
  CHECK(besar[column(t, "density_per_km2")] == rowOfCode(exact, "32.17.01")[column(t, "density_per_km2")]);
  CHECK(besar[column(t, "cohort_2021")] == "<3");
  CHECK(besar[column(t, "cohort_2020")] == "x");
  CHECK(besar[column(t, "status_pindah")] == "<3");
  CHECK(besar[column(t, "status_aktif")] == "x");
  CHECK(besar[column(t, "category_makanan_dan_minuman")] == "6");  // no small cell in this group
  CHECK(besar[column(t, "category_jasa")] == "4");

  // Celah has nobody: zeros shown, derived values as computed (0 or empty), nothing withheld.
  const auto& celah = rowOfCode(t, "32.17.03");
  CHECK(celah[column(t, "beneficiaries")] == "0");
  CHECK(celah == rowOfCode(exact, "32.17.03"));

  // Threshold 1 withholds nothing.
  TextTable untouched = exact;
  applyTablePrivacy(untouched, ind, 1);
  CHECK(untouched.rows == exact.rows);
}

TEST_CASE("table privacy: an unknown column is treated as beneficiary data") {
  const Layer layer = testLayer();
  BeneficiaryPoints ben;
  ben.add(0, {5000, 5000});
  for (int i = 0; i < 5; ++i) ben.add(1, {21000, 1000});
  const IndicatorTable ind = computeIndicators(layer, ben, nullptr);
  TextTable t = indicatorTextTable(layer, ind, ben, '.');
  t.header.push_back("new_count");
  t.header.push_back("new_ratio");
  for (size_t r = 0; r < t.rows.size(); ++r) {
    t.rows[r].push_back(t.featureOfRow[r] == 1 ? "1" : "7");
    t.rows[r].push_back("0.5");
  }
  applyTablePrivacy(t, ind, 3);
  CHECK(rowOfCode(t, "32.17.01")[column(t, "new_count")] == "<3");   // its polygon has 1 person
  CHECK(rowOfCode(t, "32.17.01")[column(t, "new_ratio")] == "<3");
  CHECK(rowOfCode(t, "32.17.02")[column(t, "new_count")] == "<3");   // a small count itself
  CHECK(rowOfCode(t, "32.17.02")[column(t, "new_ratio")] == "0.5");
  CHECK(rowOfCode(t, "32.17.03")[column(t, "new_count")] == "7");
}

TEST_CASE("ranking privacy: score and contributions of a polygon with few people are withheld") {
  const Layer layer = testLayer();
  BeneficiaryPoints ben;
  ben.add(0, {5000, 5000});
  ben.add(0, {5100, 5000});
  for (int i = 0; i < 4; ++i) ben.add(1, {21000, 1000});
  const IndicatorTable ind = computeIndicators(layer, ben, nullptr);
  TextTable ranking;
  ranking.header = {"rank", "code", "name", "score", "c_beneficiaries", "c_pkh", "excluded"};
  ranking.rows = {{"1", "32.17.02", "Kecil", "100.0000", "60.0000", "40.0000", ""},
                  {"2", "32.17.01", "Besar", "20.0000", "0.0000", "20.0000", ""},
                  {"", "32.17.03", "Celah", "", "", "", "missing pkh"}};
  ranking.featureOfRow = {1, 0, 2};
  applyRankingPrivacy(ranking, ind, 3);
  CHECK(ranking.rows[0] == std::vector<std::string>{"1", "32.17.02", "Kecil", "100.0000", "60.0000", "40.0000", ""});
  CHECK(ranking.rows[1] == std::vector<std::string>{"2", "32.17.01", "Besar", "<3", "<3", "<3", ""});
  CHECK(ranking.rows[2] == std::vector<std::string>{"", "32.17.03", "Celah", "", "", "", "missing pkh"});
}

TEST_CASE("displacement offsets: uniform in the disc, deterministic, keyed by id, position and seed") {
  const double R = 300;
  const std::uint64_t key = displacementKey("KPM-2020-0001", 2, {1000, 2000}, 0);
  CHECK(key == displacementKey("KPM-2020-0001", 2, {1000, 2000}, 0));
  CHECK(key == displacementKey("KPM-2020-0001", 99, {1000, 2000}, 0));  // the id wins over the row
  CHECK(key != displacementKey("KPM-2020-0002", 2, {1000, 2000}, 0));
  CHECK(key != displacementKey("KPM-2020-0001", 2, {1001, 2000}, 0));
  CHECK(key != displacementKey("KPM-2020-0001", 2, {1000, 2000}, 1));
  CHECK(displacementKey("", 2, {0, 0}, 0) != displacementKey("", 3, {0, 0}, 0));

  // Many keys: every offset inside the disc, radii area-uniform (quarter of the points within R/2),
  // angles spread over the four quadrants, mean near zero.
  const int n = 20000;
  int inner = 0, quadrant[4] = {0, 0, 0, 0};
  double sx = 0, sy = 0, maxR = 0;
  for (int i = 0; i < n; ++i) {
    const Vec2 d = displacementOffset(displacementKey("id-" + std::to_string(i), i, {0, 0}, 7), 0, R);
    const double r = std::hypot(d.x, d.y);
    maxR = std::max(maxR, r);
    inner += r < R / 2;
    quadrant[(d.x >= 0) + 2 * (d.y >= 0)]++;
    sx += d.x;
    sy += d.y;
  }
  CHECK(maxR <= R);
  CHECK(maxR > 0.99 * R);
  CHECK(inner == doctest::Approx(n / 4.0).epsilon(0.05));
  for (int q : quadrant) CHECK(q == doctest::Approx(n / 4.0).epsilon(0.05));
  CHECK(std::abs(sx / n) < 5);
  CHECK(std::abs(sy / n) < 5);
  // Different attempts give different offsets.
  const Vec2 a0 = displacementOffset(key, 0, R), a1 = displacementOffset(key, 1, R);
  CHECK((a0.x != a1.x || a0.y != a1.y));
}

TEST_CASE("displaced points stay in their polygon, move, and repeat exactly") {
  const Layer layer = testLayer();
  BeneficiaryPoints ben;
  TextList ids;
  std::vector<int> rows;
  // Points near the corners and edges of Kecil (2 km square): many offsets would leave it.
  const Vec2 spots[] = {{20010, 10}, {21990, 1990}, {20005, 1000}, {21000, 1000}, {21500, 20}};
  for (int i = 0; i < 200; ++i) {
    ben.add(1, spots[i % 5]);
    ids.push_back("KPM-" + std::to_string(i));
    rows.push_back(i + 2);
  }
  ben.add(2, {31000, 0.1});   // in the sliver: no offset fits, goes to the label point
  ids.push_back("KPM-sliver");
  rows.push_back(300);
  ben.add(0, kNoPosition);   // placed by name: untouched
  ids.push_back("KPM-byname");
  rows.push_back(301);

  PrivacySettings s;
  BeneficiaryPoints moved = ben;
  const size_t fallbacks = displaceBeneficiaryPoints(moved, ids, rows, layer, s);
  CHECK(fallbacks == 1);
  for (size_t i = 0; i < 200; ++i) {
    const Vec2 p = moved.position[i];
    CHECK(pointInMultiPolygon(layer.features[1].polygon, p));
    const double d = std::hypot(p.x - ben.position[i].x, p.y - ben.position[i].y);
    CHECK(d <= s.displacementMetres);
    CHECK(d > 0);
  }
  CHECK(moved.position[200] == layer.labelPoint(2));
  CHECK(!hasPosition(moved.position[201]));

  // Same input, same output; another seed moves them elsewhere.
  BeneficiaryPoints again = ben;
  displaceBeneficiaryPoints(again, ids, rows, layer, s);
  auto positioned = [](const BeneficiaryPoints& b) {  // NaN != NaN: compare the positioned rows
    return std::vector<Vec2>(b.position.begin(), b.position.begin() + 201);
  };
  CHECK(positioned(again) == positioned(moved));
  PrivacySettings other = s;
  other.seed = 12345;
  BeneficiaryPoints reseeded = ben;
  displaceBeneficiaryPoints(reseeded, ids, rows, layer, other);
  int same = 0;
  for (size_t i = 0; i < 200; ++i) same += reseeded.position[i] == moved.position[i];
  CHECK(same == 0);

  // Radius 0 turns displacement off.
  PrivacySettings off = s;
  off.displacementMetres = 0;
  BeneficiaryPoints exact = ben;
  CHECK(displaceBeneficiaryPoints(exact, ids, rows, layer, off) == 0);
  CHECK(positioned(exact) == positioned(ben));
}
