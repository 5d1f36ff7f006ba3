#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <charconv>
#include <map>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "core/layer_io.h"
#include "core/programme_data.h"
#include "core/table_io.h"
#include "layer_fixtures.h"
#include "test_support.h"

using namespace pk;

namespace {

using pk::test::desaLayer;
using pk::test::kecamatanLayer;
using pk::test::utm;

int featureWithCode(const Layer& layer, const std::string& code) {
  for (size_t i = 0; i < layer.features.size(); ++i)
    if (layer.featureCode(i) == code) return int(i);
  return -1;
}

TableReadOptions knownHeadersOptions() {
  TableReadOptions o;
  o.knownHeaders = allRecognisedHeaders();
  return o;
}

Table readKnown(const std::string& path) { return readTable(path, knownHeadersOptions()); }

size_t reasonCount(const ImportSummary& s, UnplacedReason r) { return s.unplacedByReason[size_t(r)]; }

// Semicolons, decimal commas, Windows-1252 (0xE9), and one of every problem.
const char* const kMessyList =
    "no_kpm;nama;nik;kecamatan;desa;bujur;lintang;jenis_usaha;tahun;bsimu;id_mentor;status\n"
    "K001;Asep Sunandar;3217010101800001;Lembang;;107,62594;-6,83969;Comring;2020;Rp 5.000.000;M01;aktif\n"
    "K002;Ren\xE9 Kurnia;3217010101800002;;;107,4539;-6,94751;Keripik pisang;2020;5000000;M01;Aktif\n"
    "K003;Iis Rosita;3217010101800003;;;-6,73259;107,42779;Jahit;2021;;M02;aktif\n"
    "K004;Ujang;3217010101800004;Kec. Cililin;;;;Warung;2020;;;lulus\n"
    "K005;Euis;3217010101800005;Sindang Kerta;;n/a;n/a;ternak domba;2020;;;\n"
    "K001;Asep lagi;3217010101800006;Lembang;;107,62594;-6,83969;Comring;2020;;;\n"
    "K007;Dede;3217010101800007;;;780000;9245000;;2020;;;\n"
    "K008;Entin;3217010101800008;Rongga;;780000;9245000;;2020;;;\n"
    "K009;Jajang;3217010101800009;Lembang;;106,8;-6,2;;2020;;;\n"
    "K010;Nining;3217010101800010;;;;;;2020;;;\n"
    "K011;Yayat;3217010101800011;Cimahi;;;;;2020;;;\n"
    "K012;Oman;3217010101800012;;Cikole;;;;2020;;;\n"
    "K013;Cucu;3217010101800013;;;107,5;;;2020;;;\n"
    "K014;Wawan;3217010101800014;3217010;;;;Teh tarik;2021;;;\n";

// Everything an import gives, as text: summary, every placed row with its texts and personal data,
// and the unplaced rows.
std::string importAsText(const BeneficiaryList& list) {
  std::string s = list.summary.oneLine() + "\n" + unplacedRowsCsv(list.unplaced, list.summary);
  auto textOf = [](const std::vector<std::string>& texts, int i) -> std::string { return i >= 0 ? texts[size_t(i)] : "-"; };
  for (size_t i = 0; i < list.rows.size(); ++i) {
    const Beneficiary& b = list.rows[i];
    char position[64];
    std::snprintf(position, sizeof position, "%.3f %.3f", b.position.x, b.position.y);
    s += std::to_string(b.row) + " " + std::to_string(b.polygon) + " " + position + " " +
         std::to_string(int(b.placedBy)) + std::to_string(b.swappedLatLon) + " " + std::to_string(b.category) + " " +
         std::to_string(b.cohort) + " " + std::to_string(b.bsimu) + " " + textOf(list.businessTypes, b.businessType) +
         "|" + textOf(list.statuses, b.status) + "|" + textOf(list.mentorIds, b.mentor) + "|" +
         std::string(list.ids[i]) + "|" + list.personal.names.at(i) + "|" + list.personal.niks.at(i) + "\n";
  }
  return s;
}

}  // namespace

TEST_CASE("plain decimals read exactly as from_chars reads them, bit for bit") {
  // The short-decimal fast path (up to 15 digits) against from_chars, over digit counts on both
  // sides of the point and of the 15-digit limit, signs, leading zeros and halfway-looking tails.
  std::uint64_t state = 2024;
  auto next = [&](std::uint64_t n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % n;
  };
  // Inputs within the fast path's 15 digits, and beyond them (where from_chars itself decides).
  size_t differing = 0, shortInputs = 0, longInputs = 0;
  for (int i = 0; i < 200000; ++i) {
    std::string text = next(2) ? "-" : "";
    const int integerDigits = 1 + int(next(5)), decimals = int(next(17));
    for (int k = 0; k < integerDigits; ++k) text += char('0' + next(10));
    if (decimals > 0 || next(4) == 0) text += '.';
    for (int k = 0; k < decimals; ++k) text += char('0' + (k + 1 == decimals && next(2) ? 5 : next(10)));
    if (text.back() == '.') text += '0';
    double fast = 0, reference = 0;
    REQUIRE(parseCoordinate(text, fast));
    std::from_chars(text.data(), text.data() + text.size(), reference);
    differing += std::memcmp(&fast, &reference, sizeof(double)) != 0;
    ++(integerDigits + decimals <= 15 ? shortInputs : longInputs);
  }
  CHECK(differing == 0);
  // Both sides of the limit are well covered, so the comparison above tests the fast path.
  CHECK(shortInputs > 50000);
  CHECK(longInputs > 20000);
  double v = 0;
  for (const char* text : {"-0.0", "0.1", "107.000000000001", "-6.839690", "1234567890.12345", "0.000000000000001"}) {
    CAPTURE(text);
    double reference = 0;
    std::from_chars(text, text + std::strlen(text), reference);
    REQUIRE(parseCoordinate(text, v));
    CHECK(std::memcmp(&v, &reference, sizeof(double)) == 0);
  }
  CHECK(std::signbit((parseCoordinate("-0.0", v), v)));
  CHECK_FALSE(parseCoordinate("-", v));
  CHECK((parseCoordinate("1.", v) ? v == 1.0 : true));  // from_chars's answer, whichever it is
  CHECK_FALSE(parseCoordinate("1.2.3", v));
}

TEST_CASE("numbers as planners' files write them") {
  double v = 0;
  CHECK(parseCoordinate("107,4512", v));
  CHECK(v == doctest::Approx(107.4512));
  CHECK(parseCoordinate(" -6.8312 ", v));
  CHECK(v == doctest::Approx(-6.8312));
  CHECK(parseCoordinate("6,83 LS", v));
  CHECK(v == doctest::Approx(-6.83));
  CHECK(parseCoordinate("107.45 BT", v));
  CHECK(v == doctest::Approx(107.45));
  CHECK(parseCoordinate("6.8\xC2\xB0 S", v));
  CHECK(v == doctest::Approx(-6.8));
  CHECK_FALSE(parseCoordinate("", v));
  CHECK_FALSE(parseCoordinate("n/a", v));
  CHECK_FALSE(parseCoordinate("107,45,1", v));
  CHECK_FALSE(parseCoordinate("1.234,5", v));
  CHECK_FALSE(parseCoordinate("107.4 X", v));
  CHECK(parseAmount("5000000", v));
  CHECK(v == 5000000);
  CHECK(parseAmount("Rp 5.000.000", v));
  CHECK(v == 5000000);
  CHECK(parseAmount("Rp5.000.000,-", v));
  CHECK(v == 5000000);
  CHECK(parseAmount("5.000.000,50", v));
  CHECK(v == doctest::Approx(5000000.5));
  CHECK(parseAmount("5,000,000.50", v));
  CHECK(v == doctest::Approx(5000000.5));
  CHECK(parseAmount("2,5", v));
  CHECK(v == doctest::Approx(2.5));
  CHECK(parseAmount("1.500", v));
  CHECK(v == 1500);
  CHECK_FALSE(parseAmount("lima juta", v));
  CHECK_FALSE(parseAmount("", v));
  CHECK(parseYear("2020") == 2020);
  CHECK(parseYear("Angkatan 2021") == 2021);
  CHECK(parseYear("2020.0") == 2020);
  CHECK(parseYear("12020") == 0);
  CHECK(parseYear("") == 0);
}

TEST_CASE("desa points land in their kecamatan by coordinates, and by name or code without them") {
  PlacementContext ctx(kecamatanLayer(), utm());
  Table t = readKnown(pk::test::sharedGeodata("kbb_desa_points.csv").string());
  REQUIRE(t.rowCount() == 165);
  const int kecCode = t.columnIndex("kec_code");
  ColumnMapping m = guessColumnMapping(t, ListKind::Beneficiaries);
  REQUIRE(m.has(ColumnRole::Lon));
  REQUIRE(m.has(ColumnRole::Kecamatan));
  BeneficiaryList byCoordinates = importBeneficiaries(t, m, ctx, BusinessCategories::defaults());
  CHECK(byCoordinates.summary.placedByCoordinates == 165);
  CHECK(byCoordinates.summary.unplaced() == 0);
  REQUIRE(byCoordinates.rows.size() == 165);
  for (size_t i = 0; i < 165; ++i) {
    const Beneficiary& b = byCoordinates.rows[i];
    CHECK(b.row == int(i) + 2);
    CHECK(b.hasPosition());
    CHECK(kecamatanLayer().featureCode(b.polygon) == t.cell(i, kecCode));
  }
  // Without coordinates: the kecamatan names (Kemendagri spelling) and, separately, the codes.
  ColumnMapping byName = m;
  byName.set(ColumnRole::Lon, -1, t.columns);
  byName.set(ColumnRole::Lat, -1, t.columns);
  byName.set(ColumnRole::KecamatanCode, -1, t.columns);
  BeneficiaryList named = importBeneficiaries(t, byName, ctx, BusinessCategories::defaults());
  CHECK(named.summary.placedByName == 165);
  for (size_t i = 0; i < 165; ++i) {
    CHECK(kecamatanLayer().featureCode(named.rows[i].polygon) == t.cell(i, kecCode));
    CHECK_FALSE(named.rows[i].hasPosition());
  }
  ColumnMapping byCode = byName;
  byCode.set(ColumnRole::Kecamatan, -1, t.columns);
  byCode.set(ColumnRole::KecamatanCode, kecCode, t.columns);
  BeneficiaryList coded = importBeneficiaries(t, byCode, ctx, BusinessCategories::defaults());
  CHECK(coded.summary.placedByName == 165);
  for (size_t i = 0; i < 165; ++i)
    CHECK(kecamatanLayer().featureCode(coded.rows[i].polygon) == t.cell(i, kecCode));
}

TEST_CASE("desa points land in their own desa, by coordinates and by kecamatan + desa name") {
  PlacementContext ctx(desaLayer(), utm());
  Table t = readKnown(pk::test::sharedGeodata("kbb_desa_points.csv").string());
  const int code = t.columnIndex("code"), name = t.columnIndex("name");
  ColumnMapping m = guessColumnMapping(t, ListKind::Beneficiaries);
  BeneficiaryList list = importBeneficiaries(t, m, ctx, BusinessCategories::defaults());
  REQUIRE(list.summary.placedByCoordinates == 165);
  for (size_t i = 0; i < 165; ++i) CHECK(desaLayer().featureCode(list.rows[i].polygon) == t.cell(i, code));
  ColumnMapping byName = m;
  byName.set(ColumnRole::Lon, -1, t.columns);
  byName.set(ColumnRole::Lat, -1, t.columns);
  byName.set(ColumnRole::Name, -1, t.columns);
  byName.set(ColumnRole::Desa, name, t.columns);
  BeneficiaryList named = importBeneficiaries(t, byName, ctx, BusinessCategories::defaults());
  CHECK(named.summary.placedByName == 165);
  for (size_t i = 0; i < 165; ++i) CHECK(desaLayer().featureCode(named.rows[i].polygon) == t.cell(i, code));
}

TEST_CASE("a messy beneficiary list: exact counts, reasons and corrections") {
  pk::test::TempDir dir;
  const std::string path = dir.file("kpm_2020.csv");
  pk::test::writeText(path, kMessyList);
  PlacementContext ctx(kecamatanLayer(), utm());
  const BusinessCategories categories = BusinessCategories::defaults();
  BeneficiaryList list = importBeneficiaryFile(path, ctx, categories);
  const ImportSummary& s = list.summary;
  CHECK(s.rowsRead == 14);
  CHECK(s.placedByCoordinates == 3);  // rows 2, 3, 4 (row 4 swapped)
  CHECK(s.placedByName == 4);         // rows 5, 6, 9, 15
  CHECK(s.unplaced() == 7);
  CHECK(reasonCount(s, UnplacedReason::DuplicateId) == 1);
  CHECK(reasonCount(s, UnplacedReason::ProjectedCoordinates) == 1);
  CHECK(reasonCount(s, UnplacedReason::OutsideBoundary) == 1);
  CHECK(reasonCount(s, UnplacedReason::NoLocation) == 1);
  CHECK(reasonCount(s, UnplacedReason::UnknownKecamatan) == 1);
  CHECK(reasonCount(s, UnplacedReason::NoKecamatan) == 1);
  CHECK(reasonCount(s, UnplacedReason::UnreadableCoordinates) == 1);
  CHECK(s.swappedCorrected == 1);
  CHECK(s.projectedCoordinates == 2);
  CHECK(s.coordinatesFellBackToName == 2);
  CHECK(s.oneLine() ==
        "kpm_2020.csv: 14 rows read, 7 placed (3 by coordinates, 4 by name), 7 unplaced (1 duplicate id, "
        "1 outside every polygon, 1 unreadable coordinates, 1 projected coordinates (metres, not degrees), "
        "1 no location, 1 unknown kecamatan, 1 no kecamatan); 1 swapped lat/lon corrected; "
        "2 with projected coordinates (metres?) not used; 2 with unusable coordinates placed by name");

  REQUIRE(list.rows.size() == 7);
  const Layer& kec = kecamatanLayer();
  auto codeOf = [&](size_t i) { return kec.featureCode(list.rows[i].polygon); };
  // Row 2: decimal commas, by coordinates, with its attributes.
  CHECK(list.rows[0].row == 2);
  CHECK(codeOf(0) == "32.17.01");
  CHECK(list.rows[0].placedBy == PlacedBy::Coordinates);
  CHECK(categories.categories[list.rows[0].category].key == "makanan_minuman");
  CHECK(list.rows[0].cohort == 2020);
  CHECK(list.rows[0].bsimu == 5000000);
  CHECK(list.statuses[list.rows[0].status] == "aktif");
  CHECK(list.mentorIds[list.rows[0].mentor] == "M01");
  // Row 3: Cililin by coordinates; "Aktif" is the same status as "aktif".
  CHECK(codeOf(1) == "32.17.11");
  CHECK(list.rows[1].status == list.rows[0].status);
  // Row 4: lat/lon swapped in the file, corrected: Cikalong in Cikalongwetan.
  CHECK(list.rows[2].row == 4);
  CHECK(list.rows[2].swappedLatLon);
  CHECK(codeOf(2) == "32.17.04");
  Vec2 expected = utm().fromLonLat({107.42779, -6.73259});
  CHECK(list.rows[2].position.x == doctest::Approx(expected.x));
  CHECK(list.rows[2].position.y == doctest::Approx(expected.y));
  CHECK(categories.categories[list.rows[2].category].key == "fashion_konveksi");
  // Rows 5, 6, 9, 15 by name or code; no position.
  CHECK(list.rows[3].row == 5);
  CHECK(codeOf(3) == "32.17.11");
  CHECK_FALSE(list.rows[3].hasPosition());
  CHECK(std::isnan(list.rows[3].position.x));
  CHECK(list.rows[4].row == 6);
  CHECK(codeOf(4) == "32.17.14");
  CHECK(categories.categories[list.rows[4].category].key == "pertanian_peternakan");
  CHECK(list.rows[5].row == 9);
  CHECK(codeOf(5) == "32.17.13");
  CHECK(list.rows[6].row == 15);
  CHECK(codeOf(6) == "32.17.13");  // BPS 3217010 is Rongga
  CHECK(list.rows[6].cohort == 2021);
  CHECK(categories.categories[list.rows[6].category].key == "makanan_minuman");
  // Empty business type with the column present: the fallback category.
  CHECK(categories.categories[list.rows[5].category].key == "lainnya");
  // Ids: K001 once.
  REQUIRE(list.ids.size() == list.rows.size());
  size_t k001 = 0;
  for (size_t i = 0; i < list.ids.size(); ++i) k001 += list.ids[i] == "K001";
  CHECK(k001 == 1);
  // Personal data kept in memory, in UTF-8.
  REQUIRE(list.personal.names.size() == 7);
  CHECK(list.personal.names[1] == "Ren\xC3\xA9 Kurnia");
  CHECK(list.personal.niks[0] == "3217010101800001");

  // The unplaced list: row numbers, reasons and location fields, no personal data.
  REQUIRE(list.unplaced.size() == 7);
  CHECK(list.unplaced[0].row == 7);
  CHECK(list.unplaced[0].reason == UnplacedReason::DuplicateId);
  CHECK(list.unplaced[0].detail == "first at row 2");
  const std::string csv = unplacedRowsCsv(list.unplaced);
  CHECK(csv ==
        "row,reason,detail,kecamatan,desa,lon,lat\n"
        "7,duplicate id,first at row 2,Lembang,,\"107,62594\",\"-6,83969\"\n"
        "8,\"projected coordinates (metres, not degrees)\",values above 1000: convert them to longitude/latitude "
        "(EPSG:4326),,,780000,9245000\n"
        "10,outside every polygon,\"lon 106.800000, lat -6.200000 is far outside the boundary layer\",Lembang,,"
        "\"106,8\",\"-6,2\"\n"
        "11,no location,,,,,\n"
        "12,unknown kecamatan,kecamatan 'Cimahi' not found,Cimahi,,,\n"
        "13,no kecamatan,desa 'Cikole' given without kecamatan,,Cikole,,\n"
        "14,unreadable coordinates,\"not numbers, or only one of lon/lat given\",,,\"107,5\",\n");
  for (const char* personal : {"Asep", "Dede", "3217010101800", "K001", "K007"})
    CHECK(csv.find(personal) == std::string::npos);
  const std::string out = dir.file("unplaced.csv");
  writeUnplacedRowsCsv(out, list.unplaced);
  CHECK(pk::test::readText(out) == csv);

  // Exports carry names and NIK only when asked.
  const std::string plain = beneficiariesCsv(list, ctx, categories, false);
  CHECK(plain.find("Asep") == std::string::npos);
  CHECK(plain.find("3217010101800001") == std::string::npos);
  CHECK(plain.find("K001") == std::string::npos);
  CHECK(plain.rfind("row,polygon_code,polygon_name,placed_by,lon,lat,category,cohort,bsimu,mentor_id,status\n"
                    "2,32.17.01,Lembang,coordinates,107.625940,-6.839690,makanan_minuman,2020,5000000,M01,aktif\n"
                    "3,32.17.11,Cililin,coordinates,107.453900,-6.947510,makanan_minuman,2020,5000000,M01,aktif\n",
                    0) == 0);
  CHECK(plain.find("\n5,32.17.11,Cililin,name,,,warung_kelontong,2020,,,lulus\n") != std::string::npos);
  const std::string withPersonal = beneficiariesCsv(list, ctx, categories, true);
  CHECK(withPersonal.find(",status,id,name,nik,business_name\n") != std::string::npos);
  CHECK(withPersonal.find(",aktif,K001,Asep Sunandar,3217010101800001,\n") != std::string::npos);
}

TEST_CASE("recategorising after editing the rules needs no re-import") {
  pk::test::TempDir dir;
  const std::string path = dir.file("kpm.csv");
  pk::test::writeText(path, "id,kecamatan,usaha\n1,Lembang,wayang golek\n2,Rongga,comring\n3,Cililin,\n");
  PlacementContext ctx(kecamatanLayer(), utm());
  BusinessCategories categories = BusinessCategories::defaults();
  BeneficiaryList list = importBeneficiaryFile(path, ctx, categories);
  REQUIRE(list.rows.size() == 3);
  CHECK(categories.categories[list.rows[0].category].key == "lainnya");
  categories.categories[2].keywords.push_back("wayang");
  list.recategorise(categories);
  CHECK(categories.categories[list.rows[0].category].key == "kerajinan");
  CHECK(categories.categories[list.rows[1].category].key == "makanan_minuman");
  CHECK(categories.categories[list.rows[2].category].key == "lainnya");
}

TEST_CASE("mentors: by coordinates, or approximately at their kecamatan's label point") {
  pk::test::TempDir dir;
  const std::string kpm = dir.file("kpm.csv"), mentorsPath = dir.file("mentor.csv");
  pk::test::writeText(kpm, "no_kpm,kecamatan,mentor\nK1,Lembang,m01\nK2,Cililin,M02\nK3,Rongga,M09\nK4,Rongga,\n");
  pk::test::writeText(mentorsPath,
                      "id_mentor\tnama\torganisasi\tkapasitas\tkecamatan\tlon\tlat\n"
                      "M01\tPak Dadang\tInkubator KBB\t15\t\t107.62594\t-6.83969\n"
                      "M02\tBu Neneng\tinkubator kbb\t12 orang\tCililin\t\t\n"
                      "M03\tKang Asep\tLembaga Lain\t\tCimahi\t\t\n");
  PlacementContext ctx(kecamatanLayer(), utm());
  MentorList mentors = importMentorFile(mentorsPath, ctx);
  CHECK(mentors.summary.rowsRead == 3);
  CHECK(mentors.summary.placedByCoordinates == 1);
  CHECK(mentors.summary.placedByName == 1);
  CHECK(reasonCount(mentors.summary, UnplacedReason::UnknownKecamatan) == 1);
  REQUIRE(mentors.mentors.size() == 2);
  const Mentor& m1 = mentors.mentors[0];
  CHECK(m1.id == "M01");
  CHECK_FALSE(m1.approximate);
  CHECK(m1.capacity == 15);
  CHECK(kecamatanLayer().featureCode(m1.polygon) == "32.17.01");
  const Mentor& m2 = mentors.mentors[1];
  CHECK(m2.approximate);
  CHECK(m2.placedBy == PlacedBy::Name);
  const int cililin = featureWithCode(kecamatanLayer(), "32.17.11");
  CHECK(m2.polygon == cililin);
  CHECK(m2.position == kecamatanLayer().labelPoint(cililin));
  CHECK(m2.capacity == 0);  // "12 orang" is not a number
  CHECK(m1.organisation == m2.organisation);  // case-insensitive: one organisation
  CHECK(mentors.organisations.size() == 1);
  CHECK(mentors.names[1] == "Bu Neneng");
  CHECK(mentors.indexOfId("m02") == 1);
  CHECK(mentors.indexOfId("M03") == -1);

  BeneficiaryList list = importBeneficiaryFile(kpm, ctx, BusinessCategories::defaults());
  CHECK(linkMentors(list, mentors) == std::vector<int>{0, 1, -1, -1});
}

TEST_CASE("nothing placed and no location columns are clear errors") {
  pk::test::TempDir dir;
  PlacementContext ctx(kecamatanLayer(), utm());
  const std::string nowhere = dir.file("nowhere.csv");
  pk::test::writeText(nowhere, "id,kecamatan\n1,Cimahi\n2,Bandung\n");
  BeneficiaryList list = importBeneficiaryFile(nowhere, ctx, BusinessCategories::defaults());
  CHECK(list.summary.placed() == 0);
  CHECK_THROWS_WITH(requireSomePlaced(list.summary),
                    "nowhere.csv: no usable rows: 2 rows read, 0 placed (0 by coordinates, 0 by name), "
                    "2 unplaced (2 unknown kecamatan)");
  const std::string noLocation = dir.file("no_location.csv");
  pk::test::writeText(noLocation, "id,nama,umur\n1,Asep,40\n");
  CHECK_THROWS_WITH(importBeneficiaryFile(noLocation, ctx, BusinessCategories::defaults()),
                    "no_location.csv: no location columns: expected lon/lat (or x/y, bujur/lintang) or "
                    "kecamatan/desa; found 3 columns 'id, nama, umur'");
  // Many or long column names: one short excerpt, not the whole header.
  const std::string wide = dir.file("wide.csv");
  std::string header = "id", row = "1";
  for (int c = 0; c < 30; ++c) header += ",kolom_dengan_nama_panjang_" + std::to_string(c), row += ",x";
  pk::test::writeText(wide, header + "\n" + row + "\n");
  CHECK_THROWS_WITH(importBeneficiaryFile(wide, ctx, BusinessCategories::defaults()),
                    "wide.csv: no location columns: expected lon/lat (or x/y, bujur/lintang) or "
                    "kecamatan/desa; found 31 columns 'id, kolom_dengan_nama_panjang_0, kolo...'");
}

TEST_CASE("a point in the reservoir water that belongs to no kecamatan is outside every polygon") {
  pk::test::TempDir dir;
  const std::string path = dir.file("waduk.csv");
  // A point inside kbb_waduk_unassigned.geojson (Saguling reservoir), with a kecamatan name too:
  // coordinates win, and the row is reported rather than moved.
  pk::test::writeText(path, "id,kecamatan,lon,lat\n1,Cihampelas,107.488261,-6.923497\n2,Cihampelas,,\n");
  PlacementContext ctx(kecamatanLayer(), utm());
  BeneficiaryList list = importBeneficiaryFile(path, ctx, BusinessCategories::defaults());
  CHECK(list.summary.placedByName == 1);
  CHECK(reasonCount(list.summary, UnplacedReason::OutsideBoundary) == 1);
  REQUIRE(list.unplaced.size() == 1);
  CHECK(list.unplaced[0].detail == "lon 107.488261, lat -6.923497 falls in no polygon (near the boundary)");
}

TEST_CASE("rows shifted by an unquoted decimal comma are reported, not misplaced") {
  pk::test::TempDir dir;
  const std::string path = dir.file("shifted.csv");
  pk::test::writeText(path, "id,lon,lat\n1,107.62594,-6.83969\n2,107.4539,-6.94751\n3,107,42779,-6,73259\n"
                            "4,107.42779,-6.73259\n");
  PlacementContext ctx(kecamatanLayer(), utm());
  BeneficiaryList list = importBeneficiaryFile(path, ctx, BusinessCategories::defaults());
  CHECK(list.summary.placedByCoordinates == 3);
  CHECK(reasonCount(list.summary, UnplacedReason::ShiftedCells) == 1);
  REQUIRE(list.unplaced.size() == 1);
  CHECK(list.unplaced[0].row == 4);
}

TEST_CASE("GeoJSON points import through their geometry") {
  initGdal();
  pk::test::TempDir dir;
  const std::string path = dir.file("kpm.geojson");
  pk::test::writeText(path, R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"id_kpm":"A"},"geometry":{"type":"Point","coordinates":[107.4539,-6.94751]}},
    {"type":"Feature","properties":{"id_kpm":"B"},"geometry":null},
    {"type":"Feature","properties":{"id_kpm":"C"},"geometry":{"type":"Point","coordinates":[107.62594,-6.83969]}}]})");
  PlacementContext ctx(kecamatanLayer(), utm());
  BeneficiaryList list = importBeneficiaryFile(path, ctx, BusinessCategories::defaults());
  CHECK(list.summary.placedByCoordinates == 2);
  CHECK(reasonCount(list.summary, UnplacedReason::NoLocation) == 1);
  REQUIRE(list.rows.size() == 2);
  CHECK(kecamatanLayer().featureCode(list.rows[0].polygon) == "32.17.11");
  CHECK(list.unplaced[0].row == 2);
}

TEST_CASE("a per-kecamatan table joins by code or name") {
  pk::test::TempDir dir;
  const std::string path = dir.file("pkh.csv");
  pk::test::writeText(path, "kode;kecamatan;keluarga_pkh\n32.17.01;Lembang;1.234\n3217010;;500\n;Kec. Cikalong Wetan;2000\n"
                            ";Cimahi;5\n;LEMBANG;7\n");
  Table t = readKnown(path);
  ColumnMapping m = guessColumnMapping(t, ListKind::PolygonTable);
  REQUIRE(m[ColumnRole::KecamatanCode] == 0);
  REQUIRE(m[ColumnRole::Kecamatan] == 1);
  PlaceMatcher matcher(kecamatanLayer());
  PolygonTableJoin join = joinPolygonTable(t, m, matcher);
  CHECK(join.matched == 3);
  REQUIRE(join.unmatched.size() == 2);
  CHECK(join.unmatched[0].row == 5);
  CHECK(join.unmatched[0].reason == UnplacedReason::UnknownKecamatan);
  CHECK(join.unmatched[1].row == 6);
  CHECK(join.unmatched[1].reason == UnplacedReason::DuplicateId);
  CHECK(join.unmatched[1].detail == "same polygon as row 2");
  auto values = polygonTableColumn(t, join, t.columnIndex("keluarga_pkh"));
  CHECK(values[featureWithCode(kecamatanLayer(), "32.17.01")] == 1234);
  CHECK(values[featureWithCode(kecamatanLayer(), "32.17.13")] == 500);
  CHECK(values[featureWithCode(kecamatanLayer(), "32.17.04")] == 2000);
  CHECK(std::isnan(values[featureWithCode(kecamatanLayer(), "32.17.02")]));
}

TEST_CASE("business types of a list, counted and categorised for the categories window") {
  PlacementContext ctx(kecamatanLayer(), utm());
  Table t = readKnown((pk::test::sourceDir() / "geodata" / "synthetic_kpm_beneficiaries.csv").string());
  const ColumnMapping m = guessColumnMapping(t, ListKind::Beneficiaries);
  const BusinessCategories defaults = BusinessCategories::defaults();
  const BeneficiaryList list = importBeneficiaries(t, m, ctx, defaults);
  const auto counts = businessTypeCounts(list, defaults);
  REQUIRE(!counts.empty());
  CHECK(counts.size() == list.businessTypes.size());
  size_t total = 0;
  for (size_t i = 0; i < counts.size(); ++i) {
    total += counts[i].rows;
    if (i > 0) CHECK(counts[i - 1].rows >= counts[i].rows);  // most frequent first
    CHECK(counts[i].category == defaults.categorise(counts[i].text));
  }
  size_t typed = 0;  // placed rows with a business type
  for (const Beneficiary& b : list.rows) typed += b.businessType >= 0;
  CHECK(total == typed);
  // The first type's count is the number of rows with exactly that text.
  const int column = m[ColumnRole::BusinessType];
  REQUIRE(column >= 0);
  size_t same = 0;
  for (const Beneficiary& b : list.rows) same += b.businessType >= 0 && list.businessTypes[b.businessType] == counts[0].text;
  CHECK(same == counts[0].rows);
}

TEST_CASE("thousands of unplaced rows: details for the first 1000, exact totals per reason") {
  const Layer& layer = kecamatanLayer();
  PlacementContext ctx(layer, utm());
  Table table;
  table.path = "big.csv";
  table.columns = {"id", "kecamatan", "lon", "lat"};
  // Every third row far outside (lon 130), every seventh a repeat of the row before's id (when that
  // row was not itself outside, a duplicate id; ids are checked first), the rest placed by name.
  const size_t rows = 5000;
  size_t outside = 0, duplicates = 0, byName = 0;
  std::vector<int> expectedRows;  // row numbers of the unplaced rows, in file order
  std::vector<std::string> ids(rows);
  for (size_t i = 0; i < rows; ++i) {
    const int rowNumber = int(i) + 2;
    ids[i] = "KPM-" + std::to_string(i);
    if (i % 7 == 6) ids[i] = ids[i - 1];
    const std::string kecamatan = layer.featureName(i % layer.features.size());
    if (i % 7 == 6) {
      ++duplicates;
      expectedRows.push_back(rowNumber);
      table.addRow(rowNumber, {ids[i], kecamatan, "", ""});
    } else if (i % 3 == 0) {
      ++outside;
      expectedRows.push_back(rowNumber);
      const std::string lon = "130." + std::to_string(i), lat = "-6.5";
      table.addRow(rowNumber, {ids[i], "", lon, lat});
    } else {
      ++byName;
      table.addRow(rowNumber, {ids[i], kecamatan, "", ""});
    }
  }
  const BeneficiaryList list =
      importBeneficiaries(table, guessColumnMapping(table, ListKind::Beneficiaries), ctx, BusinessCategories::defaults());
  const ImportSummary& s = list.summary;
  CHECK(s.placedByName == byName);
  CHECK(reasonCount(s, UnplacedReason::OutsideBoundary) == outside);
  CHECK(reasonCount(s, UnplacedReason::DuplicateId) == duplicates);
  REQUIRE(s.unplaced() == expectedRows.size());
  REQUIRE(expectedRows.size() > kMaxListedUnplacedRows);
  CHECK(s.unplacedNotListed == expectedRows.size() - kMaxListedUnplacedRows);
  REQUIRE(list.unplaced.size() == kMaxListedUnplacedRows);
  for (size_t k = 0; k < list.unplaced.size(); ++k) REQUIRE(list.unplaced[k].row == expectedRows[k]);
  // The listed rows keep their details, built as for a short list.
  CHECK(list.unplaced[0].detail == "lon 130.000000, lat -6.500000 is far outside the boundary layer");
  CHECK(list.unplaced[0].lon == "130.0");
  CHECK(list.unplaced[2].detail == "first at row " + std::to_string(list.unplaced[2].row - 1));

  const std::string line = s.oneLine();
  CHECK(line.find(std::to_string(outside) + " outside every polygon") != std::string::npos);
  CHECK(line.find("; " + std::to_string(s.unplacedNotListed) + " unplaced rows not listed (details kept for the first " +
                  std::to_string(kMaxListedUnplacedRows) + ")") != std::string::npos);

  const std::string csv = unplacedRowsCsv(list.unplaced, s);
  const std::string tail = csv.substr(csv.find("\n,"));
  size_t listedOutside = 0, listedDuplicates = 0;
  for (const UnplacedRow& u : list.unplaced) {
    listedOutside += u.reason == UnplacedReason::OutsideBoundary;
    listedDuplicates += u.reason == UnplacedReason::DuplicateId;
  }
  CHECK(tail == "\n,duplicate id," + std::to_string(duplicates) + " in all; " + std::to_string(duplicates - listedDuplicates) +
                    " not listed,,,,\n,outside every polygon," + std::to_string(outside) + " in all; " +
                    std::to_string(outside - listedOutside) + " not listed,,,,\n");
  // Without unlisted rows the file is the list alone.
  CHECK(unplacedRowsCsv(list.unplaced).find("in all") == std::string::npos);
}

TEST_CASE("placing coordinates on one or two threads gives the same rows, polygons and counts") {
  PlacementContext one(kecamatanLayer(), utm(), 1), two(kecamatanLayer(), utm(), 2);
  Table table;
  table.path = "points.csv";
  table.columns = {"id", "lon", "lat"};
  // 200,000 points over the regency and around it (some outside, some with lat/lon swapped), with
  // a repeated id now and then; a fixed linear congruential sequence.
  std::uint64_t state = 12345;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return double(state >> 11) / double(1ULL << 53);
  };
  char lon[32], lat[32];
  for (int i = 0; i < 200000; ++i) {
    std::snprintf(lon, sizeof lon, "%.6f", 107.15 + next() * 0.7);
    std::snprintf(lat, sizeof lat, "%.6f", -7.15 + next() * 0.55);
    const std::string id = "K" + std::to_string(i % 1000 == 999 ? i - 1 : i);
    if (i % 5000 == 17) table.addRow(i + 2, {id, lat, lon});
    else table.addRow(i + 2, {id, lon, lat});
  }
  const ColumnMapping mapping = guessColumnMapping(table, ListKind::Beneficiaries);
  const BeneficiaryList a = importBeneficiaries(table, mapping, one, BusinessCategories::defaults());
  const BeneficiaryList b = importBeneficiaries(table, mapping, two, BusinessCategories::defaults());
  CHECK(a.summary.oneLine() == b.summary.oneLine());
  CHECK(a.summary.swappedCorrected > 0);
  CHECK(a.summary.unplacedByReason == b.summary.unplacedByReason);
  // Every repeated id is a duplicate, though its coordinates would place it (they are placed while
  // the ids are checked), and none of those rows is among the placed ones.
  CHECK(reasonCount(a.summary, UnplacedReason::DuplicateId) == 200);
  for (const Beneficiary& row : a.rows) REQUIRE((row.row - 2) % 1000 != 999);  // row i + 2 holds point i
  REQUIRE(a.rows.size() == b.rows.size());
  std::vector<size_t> countA(kecamatanLayer().features.size()), countB(countA.size());
  bool samePositions = true;
  for (size_t i = 0; i < a.rows.size(); ++i) {
    ++countA[a.rows[i].polygon];
    ++countB[b.rows[i].polygon];
    samePositions = samePositions && a.rows[i].row == b.rows[i].row && a.rows[i].position.x == b.rows[i].position.x &&
                    a.rows[i].position.y == b.rows[i].position.y;
  }
  CHECK(countA == countB);
  CHECK(samePositions);
  CHECK(one.indexBuilt());
  CHECK(unplacedRowsCsv(a.unplaced, a.summary) == unplacedRowsCsv(b.unplaced, b.summary));
}

TEST_CASE("a short list is placed by scanning the polygons, with the answers of the index a long one builds") {
  // Desa corners sit on borders shared by two or three desa, where only the half-open rule decides.
  const Layer& desa = desaLayer();
  Table table;
  table.path = "short.csv";
  table.columns = {"id", "nama", "nik", "lon", "lat"};
  char lon[32], lat[32];
  int row = 2;
  for (size_t f = 0; f < desa.features.size(); f += 3) {
    const Ring& ring = desa.features[f].polygon.parts[0].rings[0];
    for (const Vec2 corner : {ring[0], ring[ring.size() / 3], (ring[1] + ring[2]) * 0.5}) {
      const Vec2 ll = utm().toLonLat(corner);
      std::snprintf(lon, sizeof lon, "%.9f", ll.x);
      std::snprintf(lat, sizeof lat, "%.9f", ll.y);
      table.addRow(row, {"K" + std::to_string(row), "Warga " + std::to_string(row), std::to_string(3217000000000000 + row), lon, lat});
      ++row;
    }
  }
  REQUIRE(table.rowCount() > 100);
  REQUIRE(ScanOrIndex(desa).scanCheaperFor(table.rowCount()));
  const ColumnMapping mapping = guessColumnMapping(table, ListKind::Beneficiaries);
  PlacementContext scanned(desa, utm()), indexed(desa, utm());
  const BeneficiaryList a = importBeneficiaries(table, mapping, scanned, BusinessCategories::defaults());
  CHECK_FALSE(scanned.indexBuilt());
  indexed.index();
  const BeneficiaryList b = importBeneficiaries(table, mapping, indexed, BusinessCategories::defaults());
  CHECK(a.summary.placed() > 100);
  CHECK(importAsText(a) == importAsText(b));
  // Once built, the index serves every later list, short ones too.
  CHECK(indexed.indexFor(1) == &indexed.index());
  CHECK(scanned.indexFor(1) == nullptr);
  CHECK(scanned.indexFor(100000000) == &scanned.index());
  CHECK(scanned.indexBuilt());
}

TEST_CASE("a long list read in chunks on two threads gives the import of the whole table on one thread") {
  // Over 100,000 rows in chunks of 30,000: the helper threads place ahead of the rows being decided,
  // across blocks and chunks; some rows are placed by name, some are unreadable, and ids repeat
  // within a block, across blocks and across chunks.
  pk::test::TempDir dir;
  const std::string path = dir.file("kpm_long.csv");
  const std::string kecamatanName = kecamatanLayer().featureName(3);
  std::string csv = "id,kecamatan,lon,lat\n";
  std::uint64_t state = 777;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return double(state >> 11) / double(1ULL << 53);
  };
  char line[128];
  constexpr int kRows = 110000;
  for (int i = 0; i < kRows; ++i) {
    const int id = i % 997 == 5 ? i - 40000 * (i / 40000 > 0) - 3 : i;  // repeats near and far back
    const double lon = 107.15 + next() * 0.7, lat = -7.15 + next() * 0.55;
    if (i % 3001 == 0) std::snprintf(line, sizeof line, "K%d,%s,,\n", id, kecamatanName.c_str());
    else if (i % 4999 == 0) std::snprintf(line, sizeof line, "K%d,,abc,%.6f\n", id, lat);
    else if (i % 2003 == 0) std::snprintf(line, sizeof line, "K%d,,%.6f,%.6f\n", id, lat, lon);  // swapped
    else std::snprintf(line, sizeof line, "K%d,,%.6f,%.6f\n", id, lon, lat);
    csv += line;
  }
  pk::test::writeText(path, csv);
  PlacementContext one(kecamatanLayer(), utm(), 1), two(kecamatanLayer(), utm(), 2);
  const BusinessCategories categories = BusinessCategories::defaults();
  const Table whole = readKnown(path);
  const BeneficiaryList a = importBeneficiaries(whole, guessColumnMapping(whole, ListKind::Beneficiaries), one, categories);
  size_t chunks = 0;
  const BeneficiaryList b = importBeneficiaryChunks(
      path,
      [&](const TableChunkSink& sink) {
        readTableChunks(path, knownHeadersOptions(), 30000, [&](const Table& chunk) {
          ++chunks;
          sink(chunk);
        });
      },
      two, categories);
  CHECK(chunks == 4);
  CHECK(a.summary.oneLine() == b.summary.oneLine());
  CHECK(a.summary.placedByName > 0);
  CHECK(a.summary.swappedCorrected > 0);
  CHECK(reasonCount(a.summary, UnplacedReason::DuplicateId) > 100);
  CHECK(reasonCount(a.summary, UnplacedReason::UnreadableCoordinates) + a.summary.coordinatesFellBackToName > 0);
  CHECK(unplacedRowsCsv(a.unplaced, a.summary) == unplacedRowsCsv(b.unplaced, b.summary));
  REQUIRE(a.rows.size() == b.rows.size());
  auto same = [](double x, double y) { return x == y || (std::isnan(x) && std::isnan(y)); };  // NaN: placed by name
  size_t differing = 0;
  for (size_t i = 0; i < a.rows.size(); ++i)
    differing += a.rows[i].row != b.rows[i].row || a.rows[i].polygon != b.rows[i].polygon ||
                 a.rows[i].placedBy != b.rows[i].placedBy || !same(a.rows[i].position.x, b.rows[i].position.x) ||
                 !same(a.rows[i].position.y, b.rows[i].position.y) || a.ids[i] != b.ids[i];
  CHECK(differing == 0);
  // The file read whole in the usual chunks gives the same too.
  CHECK(importBeneficiaryFile(path, two, categories).summary.oneLine() == a.summary.oneLine());
}

TEST_CASE("repeated ids are found whether the list is sorted by id, sorted for a while, or not at all") {
  // Ids sorted (shorter first: 9 before 10) for a while, then out of order, repeating ids of the
  // sorted run (its first, a middle one, its last) and of the rest; a leading zero makes another id.
  for (const bool repeatInRun : {false, true}) {
    CAPTURE(repeatInRun);
    std::vector<std::string> ids;
    for (int i = 1; i <= 2500; ++i) {
      ids.push_back(std::to_string(i));
      if (repeatInRun && i == 1200) ids.push_back("1200");  // the run ends at a repeat of its last id
    }
    for (const char* id : {"17", "010", "5000", "5000", "K001", "2500", "1", "0", "", "K001", "2501", "2502", "2501",
                           "10", "0"})
      ids.push_back(id);
    std::uint64_t state = 4242;
    auto next = [&](std::uint64_t n) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      return (state >> 33) % n;
    };
    for (int i = 0; i < 3000; ++i)
      ids.push_back(next(3) == 0 ? "X" + std::to_string(next(400)) : std::to_string(1 + next(2700)));
    const std::string kecamatan = kecamatanLayer().featureName(3);  // every row is placed by this name
    Table table;
    table.path = "ids.csv";
    table.columns = {"id", "kecamatan"};
    for (size_t i = 0; i < ids.size(); ++i) table.addRow(int(i) + 2, {ids[i], kecamatan});
    // What a map of every id seen says: the rows placed, and each repeat's first row.
    std::map<std::string, int> firstRow;
    std::vector<int> expectedPlaced;
    std::vector<std::pair<int, int>> expectedRepeats;  // (row, first row)
    for (size_t i = 0; i < ids.size(); ++i) {
      const int row = int(i) + 2;
      if (ids[i].empty() || firstRow.emplace(ids[i], row).second) expectedPlaced.push_back(row);
      else expectedRepeats.push_back({row, firstRow[ids[i]]});
    }
    REQUIRE(expectedRepeats.size() > 1000);
    PlacementContext ctx(kecamatanLayer(), utm());
    const ColumnMapping mapping = guessColumnMapping(table, ListKind::Beneficiaries);
    REQUIRE(mapping.has(ColumnRole::Id));
    const BeneficiaryList list = importBeneficiaries(table, mapping, ctx, BusinessCategories::defaults());
    CHECK(reasonCount(list.summary, UnplacedReason::DuplicateId) == expectedRepeats.size());
    std::vector<int> placed;
    for (const Beneficiary& b : list.rows) placed.push_back(b.row);
    CHECK(placed == expectedPlaced);
    // The listed repeats (the first 1000 unplaced rows) name the right first row.
    size_t checked = 0, wrong = 0;
    for (const UnplacedRow& u : list.unplaced) {
      REQUIRE(u.reason == UnplacedReason::DuplicateId);
      wrong += u.row != expectedRepeats[checked].first ||
               u.detail != "first at row " + std::to_string(expectedRepeats[checked].second);
      ++checked;
    }
    CHECK(checked == kMaxListedUnplacedRows);
    CHECK(wrong == 0);
  }
}

TEST_CASE("a list imported chunk by chunk gives the import of the whole table, duplicates across chunks included") {
  pk::test::TempDir dir;
  const std::string path = dir.file("kpm_2020.csv");
  pk::test::writeText(path, kMessyList);
  PlacementContext ctx(kecamatanLayer(), utm());
  const BusinessCategories categories = BusinessCategories::defaults();
  const Table whole = readKnown(path);
  const std::string expected =
      importAsText(importBeneficiaries(whole, guessColumnMapping(whole, ListKind::Beneficiaries), ctx, categories));
  REQUIRE(expected.find("1 duplicate id") != std::string::npos);  // K001 on rows 2 and 7
  // One row a chunk up to more than the file: the repeated K001 falls in another chunk than its first.
  for (size_t chunkRows : {1, 2, 5, 13, 1000}) {
    CAPTURE(chunkRows);
    size_t chunks = 0;
    const BeneficiaryList list = importBeneficiaryChunks(
        path,
        [&](const TableChunkSink& sink) {
          readTableChunks(path, knownHeadersOptions(), chunkRows, [&](const Table& chunk) {
            CHECK(chunk.rowCount() <= chunkRows);
            ++chunks;
            sink(chunk);
          });
        },
        ctx, categories);
    CHECK(chunks == (14 + chunkRows - 1) / chunkRows + (14 % chunkRows == 0 ? 1 : 0));
    CHECK(importAsText(list) == expected);
  }
  // importBeneficiaryFile reads in chunks too, with the same result.
  CHECK(importAsText(importBeneficiaryFile(path, ctx, categories)) == expected);
}
