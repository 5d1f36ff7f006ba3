// `prokus-map stats` end to end on generated lists placed in the real KBB boundaries. The lists are
// built from kbb_desa_points.csv (one point inside each desa), so every expected count is known.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include "geodesic_reference.h"
#include "test_support.h"

namespace {

using Row = std::vector<std::string>;

using pk::test::Csv;
using pk::test::DesaPoint;
using pk::test::desaPoints;
using pk::test::parseCsv;

// A generated beneficiary list with its expected counts.
struct Generated {
  std::string path;
  std::map<std::string, int> perKecamatan, perDesa;      // placed rows
  std::map<std::string, int> cohort2020PerKecamatan;
  std::map<std::string, int> atMentorPointPerKecamatan;  // by coordinates, exactly at a mentor
  int rows = 0, byCoordinates = 0, byName = 0, unplaced = 0;
};

const char* kNames[] = {"Asep Sunarya", "Euis Komalasari", "Dede Rohmat", "Nining Suryani"};
const std::vector<int> kMentorDesa = {3, 40, 90, 150};  // indices into desaPoints(): M1..M4

Generated generateBeneficiaries(const std::string& path, int count, unsigned seed) {
  const auto points = desaPoints();
  std::mt19937 rng(seed);
  Generated g;
  g.path = path;
  std::ofstream out(path);
  out << "id,nama,nik,kecamatan,desa,lon,lat,jenis_usaha,tahun,bsimu,status,mentor_id\n";
  const char* types[] = {"warung sembako", "keripik singkong", "jahit", "comring", "ternak ayam"};
  for (int i = 0; i < count; ++i) {
    const int d = int(rng() % points.size());
    const DesaPoint& p = points[d];
    const bool byName = rng() % 10 == 0;
    const int year = i % 2 ? 2021 : 2020;
    const std::string mentor = "M" + std::to_string(1 + rng() % 5);  // M5 is the name-only mentor
    out << "KPM-" << i << ',' << kNames[i % 4] << ',' << (3217000000000000LL + i) << ",Kec. " << p.kecamatan << ','
        << p.name << ',' << (byName ? "" : p.lon) << ',' << (byName ? "" : p.lat) << ',' << types[i % 5] << ','
        << year << ",5000000," << (i % 3 ? "aktif" : "lulus") << ',' << mentor << '\n';
    ++g.rows;
    ++g.perKecamatan[p.kecCode];
    ++g.perDesa[p.code];
    if (year == 2020) ++g.cohort2020PerKecamatan[p.kecCode];
    if (byName) ++g.byName;
    else ++g.byCoordinates;
    if (!byName && std::find(kMentorDesa.begin(), kMentorDesa.end(), d) != kMentorDesa.end())
      ++g.atMentorPointPerKecamatan[p.kecCode];
  }
  // Three rows nobody can place, and a repeated id (counted once).
  out << "KPM-X1,Ujang,3217999999999991,Kec. Cimahi Utara,,,,jahit,2020,1,aktif,M1\n";
  out << "KPM-X2,Ujang,3217999999999992,,,106.8271,-6.1754,jahit,2020,1,aktif,M1\n";
  out << "KPM-X3,Ujang,3217999999999993,,,abc,def,jahit,2020,1,aktif,M1\n";
  out << "KPM-0,Ujang,3217999999999994,Kec. Lembang,,,,jahit,2020,1,aktif,M1\n";
  g.rows += 4;
  g.unplaced = 4;
  return g;
}

// Mentors M1..M4 at desa points (by coordinates), M5 by kecamatan name only (Saguling).
std::map<std::string, int> writeMentors(const std::string& path) {
  const auto points = desaPoints();
  std::ofstream out(path);
  out << "mentor_id,nama,kecamatan,lon,lat,organisasi,kapasitas\n";
  std::map<std::string, int> perKecamatan;
  for (size_t m = 0; m < kMentorDesa.size(); ++m) {
    const DesaPoint& p = points[kMentorDesa[m]];
    out << 'M' << m + 1 << ",Pendamping " << m + 1 << ',' << p.kecamatan << ',' << p.lon << ',' << p.lat
        << ",Inkubator Bandung Barat,10\n";
    ++perKecamatan[p.kecCode];
  }
  out << "M5,Pendamping 5,Saguling,,,Inkubator Bandung Barat,10\n";
  ++perKecamatan["32.17.16"];
  return perKecamatan;
}

struct StatsRun {
  int exitCode = -1;
  std::string stdoutText, stderrText;
};

StatsRun runStats(const pk::test::TempDir& dir, const std::string& args) {
  const std::string out = dir.file("stdout.csv"), err = dir.file("stderr.txt");
  // runCommand appends 2>&1 to the whole line, so the redirections go inside a group.
  const auto r = pk::test::runCommand("{ " + std::string(PROKUS_BINARY) + " stats " + args + " > " +
                                      pk::test::quote(out) + " 2> " + pk::test::quote(err) + "; }");
  return {r.exitCode, pk::test::readText(out), pk::test::readText(err)};
}

std::string kecamatanShp() { return pk::test::quote(pk::test::sharedGeodata("kbb_kecamatan.shp").string()); }
std::string desaShp() { return pk::test::quote(pk::test::sharedGeodata("kbb_desa.shp").string()); }

double number(const std::string& cell) { return std::stod(cell); }

}  // namespace

TEST_CASE("stats on the 16 kecamatan: exact header, rows by code, counts as generated, no personal data") {
  pk::test::TempDir dir;
  const Generated g = generateBeneficiaries(dir.file("kpm.csv"), 600, 42);
  const StatsRun run = runStats(dir, "--boundaries " + kecamatanShp() + " --beneficiaries " + pk::test::quote(g.path));
  INFO(run.stderrText);
  REQUIRE(run.exitCode == 0);
  const Csv csv = parseCsv(run.stdoutText);
  const Row fixedColumns = {"code", "name", "area_km2", "beneficiaries", "density_per_km2", "mentors",
                            "beneficiaries_per_mentor", "covered_share", "share", "placed_by_coordinates",
                            "bsimu_total", "covered", "median_distance_km", "max_distance_km",
                            "mentors_approximate", "over_capacity", "mentors_over_capacity", "dominant_category"};
  REQUIRE(csv.header.size() > fixedColumns.size());
  CHECK(Row(csv.header.begin(), csv.header.begin() + fixedColumns.size()) == fixedColumns);
  CHECK(csv.column("cohort_2020") > 0);
  CHECK(csv.column("cohort_2021") > 0);
  CHECK(csv.column("status_aktif") > 0);
  CHECK(csv.column("status_lulus") > 0);
  REQUIRE(csv.rows.size() == 16);
  for (int k = 0; k < 16; ++k) {
    char code[16];
    std::snprintf(code, sizeof code, "32.17.%02d", k + 1);
    const Row& r = csv.rows[k];
    INFO(code);
    REQUIRE(r.size() == csv.header.size());
    CHECK(r[0] == code);
    const int expected = g.perKecamatan.count(code) ? g.perKecamatan.at(code) : 0;
    CHECK(r[3] == std::to_string(expected));
    CHECK(number(r[4]) == doctest::Approx(expected / number(r[2])).epsilon(1e-3));
    CHECK(r[5] == "");  // mentor columns empty without --mentors
    CHECK(r[6] == "");
    CHECK(r[7] == "");
    CHECK(r[csv.column("covered")] == "");
    const int cohort2020 = g.cohort2020PerKecamatan.count(code) ? g.cohort2020PerKecamatan.at(code) : 0;
    CHECK(r[csv.column("cohort_2020")] == std::to_string(cohort2020));
    CHECK(number(r[csv.column("bsimu_total")]) == doctest::Approx(5000000.0 * expected));
  }
  CHECK(csv.rows[0][1] == "Lembang");
  CHECK(csv.rows[3][1] == "Cikalongwetan");
  double area = 0, share = 0;
  for (const auto& r : csv.rows) area += number(r[2]), share += number(r[csv.column("share")]);
  CHECK(area == doctest::Approx(1245.06).epsilon(1e-3));
  CHECK(share == doctest::Approx(1.0).epsilon(1e-4));
  // Summary on stderr, the table on stdout, and no names or NIK anywhere.
  CHECK(run.stderrText.find(std::to_string(g.rows) + " rows read") != std::string::npos);
  CHECK(run.stderrText.find(std::to_string(g.byCoordinates) + " by coordinates") != std::string::npos);
  CHECK(run.stderrText.find(std::to_string(g.byName) + " by name") != std::string::npos);
  CHECK(run.stderrText.find(std::to_string(g.unplaced) + " unplaced") != std::string::npos);
  CHECK(run.stderrText.find("duplicate") != std::string::npos);
  for (const char* name : kNames) CHECK(run.stdoutText.find(name) == std::string::npos);
  CHECK(run.stdoutText.find("Ujang") == std::string::npos);
  CHECK(run.stdoutText.find("3217000000000") == std::string::npos);
  CHECK(run.stdoutText.find("rows read") == std::string::npos);
}

TEST_CASE("stats on the 166 desa: one row per desa, counts as generated") {
  pk::test::TempDir dir;
  const Generated g = generateBeneficiaries(dir.file("kpm.csv"), 400, 7);
  const StatsRun run = runStats(dir, "--boundaries " + desaShp() + " --beneficiaries " + pk::test::quote(g.path));
  INFO(run.stderrText);
  REQUIRE(run.exitCode == 0);
  const Csv csv = parseCsv(run.stdoutText);
  REQUIRE(csv.rows.size() == 166);
  CHECK(std::is_sorted(csv.rows.begin(), csv.rows.end() - 1, [](const Row& a, const Row& b) { return a[0] < b[0]; }));
  CHECK(csv.rows.back()[0] == "");  // the reservoir sliver has no code: last
  long total = 0;
  for (const auto& r : csv.rows) {
    if (r[0].empty()) continue;
    INFO(r[0] << " " << r[1]);
    const int expected = g.perDesa.count(r[0]) ? g.perDesa.at(r[0]) : 0;
    CHECK(r[3] == std::to_string(expected));
    total += std::stol(r[3]);
  }
  CHECK(total == g.byCoordinates + g.byName);
}

TEST_CASE("stats with mentors: mentor counts, beneficiaries per mentor, coverage within the radius") {
  pk::test::TempDir dir;
  const Generated g = generateBeneficiaries(dir.file("kpm.csv"), 600, 99);
  const auto mentorsPerKecamatan = writeMentors(dir.file("mentors.csv"));
  const std::string base = "--boundaries " + kecamatanShp() + " --beneficiaries " + pk::test::quote(g.path) +
                           " --mentors " + pk::test::quote(dir.file("mentors.csv"));
  StatsRun run = runStats(dir, base + " --radius-km 0.001");
  INFO(run.stderrText);
  REQUIRE(run.exitCode == 0);
  Csv csv = parseCsv(run.stdoutText);
  REQUIRE(csv.rows.size() == 16);
  CHECK(run.stderrText.find("mentors: mentors.csv: 5 rows read, 5 placed") != std::string::npos);
  for (const Row& r : csv.rows) {
    INFO(r[0]);
    const int mentors = mentorsPerKecamatan.count(r[0]) ? mentorsPerKecamatan.at(r[0]) : 0;
    const int beneficiaries = std::stoi(r[3]);
    CHECK(r[5] == std::to_string(mentors));
    if (mentors == 0) {
      CHECK(r[6] == "");
    } else {
      REQUIRE(r[6] != "");
      CHECK(number(r[6]) == doctest::Approx(double(beneficiaries) / mentors).epsilon(1e-3));
    }
    CHECK(r[csv.column("mentors_approximate")] == (r[0] == "32.17.16" ? "1" : "0"));
    // Within 1 m only the beneficiaries standing exactly at a mentor's point are covered.
    const int atMentor = g.atMentorPointPerKecamatan.count(r[0]) ? g.atMentorPointPerKecamatan.at(r[0]) : 0;
    CHECK(r[csv.column("covered")] == std::to_string(atMentor));
    const int positioned = std::stoi(r[csv.column("placed_by_coordinates")]);
    if (positioned > 0) {
      CHECK(number(r[7]) == doctest::Approx(double(atMentor) / positioned).epsilon(1e-3));
      CHECK(number(r[csv.column("median_distance_km")]) >= 0);
      CHECK(number(r[csv.column("max_distance_km")]) < 80);
    }
  }
  run = runStats(dir, base + " --radius-km 100");
  REQUIRE(run.exitCode == 0);
  csv = parseCsv(run.stdoutText);
  for (const Row& r : csv.rows)
    if (std::stoi(r[csv.column("placed_by_coordinates")]) > 0) CHECK(r[7] == "1.0000");
}

TEST_CASE("stats with a population table adds rates per 1,000") {
  pk::test::TempDir dir;
  const Generated g = generateBeneficiaries(dir.file("kpm.csv"), 300, 3);
  {
    std::ofstream pop(dir.file("keluarga.csv"));
    pop << "kode,kecamatan,jumlah_keluarga\n";
    for (int k = 1; k <= 16; ++k) pop << "32.17." << (k < 10 ? "0" : "") << k << ",x," << 1000 * k << '\n';
  }
  const StatsRun run = runStats(dir, "--boundaries " + kecamatanShp() + " --beneficiaries " + pk::test::quote(g.path) +
                                         " --population " + pk::test::quote(dir.file("keluarga.csv")) +
                                         " --population-column jumlah_keluarga");
  INFO(run.stderrText);
  REQUIRE(run.exitCode == 0);
  const Csv csv = parseCsv(run.stdoutText);
  const int rate = csv.column("rate_per_1000");
  REQUIRE(rate > 0);
  for (int k = 0; k < 16; ++k) {
    const Row& r = csv.rows[k];
    CHECK(number(r[rate]) == doctest::Approx(std::stod(r[3]) * 1000 / (1000.0 * (k + 1))).epsilon(1e-3));
  }
}

TEST_CASE("stats exits 2 with one line naming the file on bad input") {
  pk::test::TempDir dir;
  const Generated g = generateBeneficiaries(dir.file("kpm.csv"), 20, 5);
  pk::test::writeText(dir.file("nowhere.csv"), "id,lon,lat\n1,106.8271,-6.1754\n2,106.9,-6.2\n");
  StatsRun run = runStats(dir, "--boundaries " + kecamatanShp() + " --beneficiaries " +
                                   pk::test::quote(dir.file("nowhere.csv")));
  CHECK(run.exitCode == 2);
  CHECK(run.stderrText.find("nowhere.csv") != std::string::npos);
  CHECK(run.stdoutText.empty());

  run = runStats(dir, "--boundaries " + kecamatanShp() + " --beneficiaries " + pk::test::quote(dir.file("missing.csv")));
  CHECK(run.exitCode == 2);
  CHECK(run.stderrText.find("missing.csv") != std::string::npos);

  run = runStats(dir, "--boundaries " + pk::test::quote(dir.file("nope.shp")) + " --beneficiaries " +
                          pk::test::quote(g.path));
  CHECK(run.exitCode == 2);
  CHECK(run.stderrText.find("nope.shp") != std::string::npos);

  run = runStats(dir, "--boundaries " + kecamatanShp());
  CHECK(run.exitCode == 2);
  CHECK(run.stderrText.find("--beneficiaries") != std::string::npos);

  run = runStats(dir, "--boundaries " + kecamatanShp() + " --beneficiaries " + pk::test::quote(g.path) +
                          " --radius-km -1");
  CHECK(run.exitCode == 2);
  run = runStats(dir, "--boundaries " + kecamatanShp() + " --beneficiaries " + pk::test::quote(g.path) +
                          " --population-column jumlah");
  CHECK(run.exitCode == 2);
  pk::test::writeText(dir.file("pop.csv"), "kode,jumlah\n32.17.01,100\n");
  run = runStats(dir, "--boundaries " + kecamatanShp() + " --beneficiaries " + pk::test::quote(g.path) +
                          " --population " + pk::test::quote(dir.file("pop.csv")) + " --population-column penduduk");
  CHECK(run.exitCode == 2);
  CHECK(run.stderrText.find("pop.csv") != std::string::npos);
  CHECK(run.stderrText.find("penduduk") != std::string::npos);
  // Every failure is one line.
  CHECK(std::count(run.stderrText.begin(), run.stderrText.end(), '\n') <= 2);
}

// Lembang's ring replaced by a bowtie over its bounding box: GEOS MakeValid's area (two triangles,
// computed here with OGR in the map projection) instead of the signed sum near 0, and one warning line.
TEST_CASE("stats on a boundary file with a self-intersecting polygon: repaired area and density, one warning") {
  pk::test::TempDir dir;
  nlohmann::json j = nlohmann::json::parse(pk::test::readText(pk::test::sharedGeodata("kbb_kecamatan.geojson").string()));
  nlohmann::json& lembang = j["features"][0];
  REQUIRE(lembang["properties"]["code"] == "32.17.01");
  const double x0 = 107.58, y0 = -6.86, x1 = 107.70, y1 = -6.74;
  lembang["geometry"] = {{"type", "Polygon"}, {"coordinates", {{{x0, y0}, {x1, y1}, {x1, y0}, {x0, y1}, {x0, y0}}}}};
  const std::string path = dir.file("bowtie.geojson");
  pk::test::writeText(path, j.dump());

  OGRPolygon bowtie;
  OGRLinearRing ring;
  for (auto [x, y] : std::vector<std::pair<double, double>>{{x0, y0}, {x1, y1}, {x1, y0}, {x0, y1}, {x0, y0}}) ring.addPoint(x, y);
  bowtie.addRing(&ring);
  OGRSpatialReference wgs84, utm;
  wgs84.importFromEPSG(4326);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  utm.importFromEPSG(32748);
  bowtie.assignSpatialReference(&wgs84);
  REQUIRE(bowtie.transformTo(&utm) == OGRERR_NONE);
  std::unique_ptr<OGRGeometry> valid(bowtie.MakeValid());
  REQUIRE(valid);
  REQUIRE(valid->transformTo(&wgs84) == OGRERR_NONE);  // areas are on the ellipsoid: geod_polygonarea
  const double expectedKm2 = pk::test::geodesicAreaKm2(*valid);

  const Generated g = generateBeneficiaries(dir.file("kpm.csv"), 200, 9);
  const StatsRun run = runStats(dir, "--boundaries " + pk::test::quote(path) + " --beneficiaries " + pk::test::quote(g.path));
  REQUIRE(run.exitCode == 0);
  CHECK(run.stderrText.find("prokus-map stats: warning: bowtie.geojson: invalid polygons") != std::string::npos);
  CHECK(run.stderrText.find("Lembang (32.17.01)") != std::string::npos);
  const Csv csv = parseCsv(run.stdoutText);
  const pk::test::CsvRow* found = csv.byCode("32.17.01");
  REQUIRE(found);
  const pk::test::CsvRow& row = *found;
  const double area = number(row.at(csv.column("area_km2")));
  CHECK(area == doctest::Approx(expectedKm2).epsilon(1e-3));
  const double density = number(row.at(csv.column("density_per_km2")));
  CHECK(density == doctest::Approx(number(row.at(csv.column("beneficiaries"))) / area).epsilon(1e-3));
}

namespace {
std::string demoFile(const std::string& file) { return pk::test::quote((pk::test::sourceDir() / "geodata" / file).string()); }
}  // namespace

TEST_CASE("stats on desa with the demo's per-kecamatan table: joined through the kecamatan field, no rates") {
  pk::test::TempDir dir;
  const StatsRun run = runStats(dir, "--boundaries " + pk::test::quote(pk::test::sharedGeodata("kbb_desa.geojson").string()) +
                                         " --beneficiaries " + demoFile("synthetic_kpm_beneficiaries.csv") +
                                         " --population " + demoFile("synthetic_kecamatan_pkh.csv") +
                                         " --population-column households");
  INFO(run.stderrText);
  REQUIRE(run.exitCode == 0);
  CHECK(run.stderrText.find("through the kecamatan field 'kec_code'") != std::string::npos);
  CHECK(run.stderrText.find("rates per 1,000 are left empty on desa") != std::string::npos);
  const Csv csv = parseCsv(run.stdoutText);
  CHECK(csv.rows.size() == 166);
  // A kecamatan's households are no desa's denominator: no desa has a rate, so no rate column.
  CHECK(csv.column("rate_per_1000") < 0);
  const int count = csv.column("beneficiaries");
  REQUIRE(count > 0);
  int placed = 0;
  for (const Row& r : csv.rows) placed += std::stoi(r[count]);
  CHECK(placed > 390);
}

TEST_CASE("stats with a population table that matches no polygon: a warning, the table skipped, exit 0") {
  pk::test::TempDir dir;
  const Generated g = generateBeneficiaries(dir.file("kpm.csv"), 50, 7);
  pk::test::writeText(dir.file("kota.csv"), "kode,kecamatan,penduduk\n32.73.01,Sukasari,1000\n32.73.02,Coblong,2000\n");
  const StatsRun run = runStats(dir, "--boundaries " + kecamatanShp() + " --beneficiaries " + pk::test::quote(g.path) +
                                         " --population " + pk::test::quote(dir.file("kota.csv")) +
                                         " --population-column penduduk");
  INFO(run.stderrText);
  REQUIRE(run.exitCode == 0);
  CHECK(run.stderrText.find("population: warning: kota.csv: no row matches a polygon of kbb_kecamatan.shp") !=
        std::string::npos);
  CHECK(run.stderrText.find("skipped") != std::string::npos);
  const Csv csv = parseCsv(run.stdoutText);
  CHECK(csv.rows.size() == 16);
  CHECK(csv.column("rate_per_1000") < 0);  // no population, no rates
}

TEST_CASE("stats --name-field and --code-field choose the boundary fields; an unknown one exits 2 naming it") {
  pk::test::TempDir dir;
  const Generated g = generateBeneficiaries(dir.file("kpm.csv"), 50, 8);
  StatsRun run = runStats(dir, "--boundaries " + desaShp() + " --beneficiaries " + pk::test::quote(g.path) +
                                   " --code-field bps_code --name-field name_bps");
  INFO(run.stderrText);
  REQUIRE(run.exitCode == 0);
  const Csv csv = parseCsv(run.stdoutText);
  REQUIRE(csv.rows.size() == 166);
  size_t tenDigits = 0, cempakamekar = 0;
  for (const Row& r : csv.rows) {
    tenDigits += r[0].size() == 10 && r[0].find('.') == std::string::npos;
    cempakamekar += r[1] == "Cempakamekar";  // BPS spelling (Kemendagri: Campaka Mekar)
  }
  CHECK(tenDigits == 166);
  CHECK(cempakamekar == 1);

  run = runStats(dir, "--boundaries " + desaShp() + " --beneficiaries " + pk::test::quote(g.path) + " --code-field kode_x");
  CHECK(run.exitCode == 2);
  CHECK(run.stderrText.find("kbb_desa.shp") != std::string::npos);
  CHECK(run.stderrText.find("'kode_x' (--code-field)") != std::string::npos);
  CHECK(std::count(run.stderrText.begin(), run.stderrText.end(), '\n') == 1);
}
