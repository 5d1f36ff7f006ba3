// What the window says about a polygon under the pointer and the selected one: the mapped values of
// the overlays that are on, every indicator for the selection, the privacy view's small counts.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "core/feature_info.h"
#include "core/indicator_disclosure.h"
#include "core/indicators.h"

using namespace pk;

namespace {

// Polygon 0: 12 beneficiaries, 2 mentors; polygon 1: 2 beneficiaries (a small count), no mentor.
IndicatorTable twoPolygons() {
  IndicatorTable t;
  t.hasMentors = true;
  PolygonIndicators a;
  a.beneficiaries = 12;
  a.placedByCoordinates = 12;
  a.densityPerKm2 = 1234.5678;
  a.share = 12.0 / 14.0;
  a.mentors = 2;
  a.beneficiariesPerMentor = 6;
  a.covered = 9;
  a.coveredShare = 0.75;
  a.medianDistanceKm = 1.26;
  a.maxDistanceKm = 4.5;
  PolygonIndicators b;
  b.beneficiaries = 2;
  b.placedByCoordinates = 2;
  b.densityPerKm2 = 0.5;
  b.share = 2.0 / 14.0;
  t.polygons = {a, b};
  return t;
}

std::string valueOf(const std::vector<FeatureInfoRow>& rows, const std::string& label) {
  for (const auto& r : rows)
    if (r.label == label) return r.value;
  return "(absent)";
}

}  // namespace

TEST_CASE("hover lists what the overlays that are on map there, translated and formatted") {
  const IndicatorTable t = twoPolygons();
  OverlaySettings overlays;  // the density choropleth is on by default
  FeatureInfoOptions id;
  auto rows = mappedValueRows(overlays, &t, 0, std::nullopt, id);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].label == "Kepadatan penerima per km\xC2\xB2");
  CHECK(rows[0].value == "1.234,57");

  overlays.mentors = true;
  overlays.business = true;
  FeatureInfoOptions en;
  en.language = Language::English;
  rows = mappedValueRows(overlays, &t, 0, std::nullopt, en);
  CHECK(valueOf(rows, "Beneficiary density per km\xC2\xB2") == "1,234.57");
  CHECK(valueOf(rows, "Mentors") == "2");
  CHECK(valueOf(rows, "Share covered by mentors") == "75%");
  CHECK(valueOf(rows, "Beneficiaries") == "12");
  CHECK(valueOf(rows, "Beneficiaries per mentor") == "(absent)");  // the choropleth fills, not the mentors' one

  overlays.choropleth = false;
  rows = mappedValueRows(overlays, &t, 1, std::nullopt, en);
  CHECK(valueOf(rows, "Beneficiaries per mentor") == "No mentor (beneficiaries without a mentor)");
  CHECK(valueOf(rows, "Beneficiary density per km\xC2\xB2") == "(absent)");

  // The score with its class and rank; nothing else when only the score is on.
  OverlaySettings scoreOnly;
  scoreOnly.choropleth = false;
  scoreOnly.score.on = true;
  FeatureScoreInfo score{false, 72.44, 3, "60\xE2\x80\x93" "80"};
  rows = mappedValueRows(scoreOnly, &t, 0, score, id);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].label == "Skor kesesuaian");
  CHECK(rows[0].value == "72,4 (kelas 60\xE2\x80\x93" "80, peringkat 3)");
  // The score fills instead of the density choropleth: the density is not what the map shows.
  OverlaySettings scoreOverDensity;
  scoreOverDensity.score.on = true;
  CHECK(mappedValueRows(scoreOverDensity, &t, 0, score, id) == rows);
  rows = mappedValueRows(scoreOnly, &t, 0, FeatureScoreInfo{true, 0, 0, ""}, id);
  CHECK(rows[0].value == "Dikecualikan");
}

TEST_CASE("the privacy view withholds small counts and what derives from them, never mentors") {
  const IndicatorTable t = twoPolygons();
  OverlaySettings overlays;
  overlays.business = true;
  overlays.mentors = true;
  FeatureInfoOptions exact;
  FeatureInfoOptions privacy;
  privacy.privacy = true;
  const FeatureScoreInfo score{false, 40, 4, "40\xE2\x80\x93" "60"};
  auto rows = mappedValueRows(overlays, &t, 1, score, exact);
  CHECK(valueOf(rows, "Jumlah penerima") == "2");
  CHECK(valueOf(rows, "Kepadatan penerima per km\xC2\xB2") == "0,50");
  rows = mappedValueRows(overlays, &t, 1, score, privacy);
  CHECK(valueOf(rows, "Jumlah penerima") == "<3");
  CHECK(valueOf(rows, "Kepadatan penerima per km\xC2\xB2") == "<3");
  CHECK(valueOf(rows, "Jumlah pendamping") == "0");
  overlays.score.on = true;
  CHECK(valueOf(mappedValueRows(overlays, &t, 1, score, exact), "Skor kesesuaian") == "40,0 (kelas 40\xE2\x80\x93" "60, peringkat 4)");
  CHECK(valueOf(mappedValueRows(overlays, &t, 1, score, privacy), "Skor kesesuaian") == "<3");
  // A polygon with enough beneficiaries shows its values under the privacy view too.
  rows = mappedValueRows(overlays, &t, 0, score, privacy);
  CHECK(valueOf(rows, "Jumlah penerima") == "12");
}

TEST_CASE("the selection lists every indicator the data has, not the boundary file's fields") {
  IndicatorTable t = twoPolygons();
  auto rows = indicatorRows(&t, 0, std::nullopt, FeatureInfoOptions{});
  CHECK(valueOf(rows, "Jumlah penerima") == "12");
  CHECK(valueOf(rows, "Bagian dari total") == "85,7%");
  CHECK(valueOf(rows, "Penerima per pendamping") == "6,0");
  CHECK(valueOf(rows, "Median jarak ke pendamping (km)") == "1,3");
  CHECK(valueOf(rows, "Per 1.000 populasi") == "(absent)");  // no population column
  t.hasMentors = false;
  rows = indicatorRows(&t, 0, std::nullopt, FeatureInfoOptions{});
  CHECK(valueOf(rows, "Jumlah pendamping") == "(absent)");
  CHECK(rows.size() == 3);
  CHECK(indicatorRows(nullptr, 0, std::nullopt, FeatureInfoOptions{}).empty());
}

TEST_CASE("a BSIMu total reads in juta (millions) of rupiah, so it fits the panel") {
  IndicatorTable t = twoPolygons();
  t.hasBsimu = true;
  t.polygons[0].bsimuTotal = 116'000'000;
  t.polygons[1].bsimuTotal = 350'000;
  FeatureInfoOptions en;
  en.language = Language::English;
  CHECK(valueOf(indicatorRows(&t, 0, std::nullopt, FeatureInfoOptions{}), "Total BSIMu") == "Rp 116 juta");
  CHECK(valueOf(indicatorRows(&t, 0, std::nullopt, en), "BSIMu total") == "Rp 116 million");
  t.polygons[0].bsimuTotal = 3'500'000;
  CHECK(valueOf(indicatorRows(&t, 0, std::nullopt, FeatureInfoOptions{}), "Total BSIMu") == "Rp 3,5 juta");
  CHECK(valueOf(indicatorRows(&t, 1, std::nullopt, FeatureInfoOptions{}), "Total BSIMu") == "Rp 350.000");
}

TEST_CASE("with the export's publication, the privacy view's tooltip withholds what the pack withholds, complementary cells too") {
  // Three polygons, one small count: with the regency total published, one more count must be
  // withheld ("x") or the small one follows by subtraction; a tooltip must not print it either.
  IndicatorTable t = twoPolygons();
  PolygonIndicators c = t.polygons[0];
  c.beneficiaries = c.placedByCoordinates = 5;
  c.covered = 4;
  t.polygons.push_back(c);
  TextTable table;
  table.header = {"code", "beneficiaries"};
  table.rows = {{"A", "12"}, {"B", "2"}, {"C", "5"}};
  table.featureOfRow = {0, 1, 2};
  const PublishedIndicators publication = publishIndicators(table, t, DisclosureSettings{});
  FeatureInfoOptions privacy;
  privacy.privacy = true;
  privacy.publication = &publication;
  OverlaySettings overlays;
  overlays.business = true;
  int complementary = 0;
  for (size_t f = 0; f < 3; ++f) {
    const std::string published = publication.table.rows[f][1];
    CAPTURE(f);
    CHECK(valueOf(mappedValueRows(overlays, &t, f, std::nullopt, privacy), "Jumlah penerima") == published);
    complementary += published == "x";
  }
  CHECK(complementary >= 1);  // the case proves something only when the step withheld a second cell
  CHECK(publication.table.rows[1][1] == "<3");
}
