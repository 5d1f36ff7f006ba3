// The committed demo (geodata/): the project opens, its schematic boundaries are the 16 kecamatan of
// Bandung Barat with Kemendagri codes and names, form a sensible partition, and hold the desa points;
// the synthetic tables keep the shape the importer and the demo rely on. Guards regenerations by
// tools/make_demo_boundaries.py and tools/make_demo_programme.py.
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/project_file.h"
#include "core/spatial_index.h"
#include "test_support.h"

using namespace pk;

namespace {

const std::map<std::string, std::string> kKemendagri = {
    {"32.17.01", "Lembang"},      {"32.17.02", "Parongpong"}, {"32.17.03", "Cisarua"},
    {"32.17.04", "Cikalongwetan"}, {"32.17.05", "Cipeundeuy"}, {"32.17.06", "Ngamprah"},
    {"32.17.07", "Cipatat"},      {"32.17.08", "Padalarang"}, {"32.17.09", "Batujajar"},
    {"32.17.10", "Cihampelas"},   {"32.17.11", "Cililin"},    {"32.17.12", "Cipongkor"},
    {"32.17.13", "Rongga"},       {"32.17.14", "Sindangkerta"}, {"32.17.15", "Gununghalu"},
    {"32.17.16", "Saguling"}};

std::string demoFile(const std::string& name) { return (pk::test::sourceDir() / "geodata" / name).string(); }

// Plain comma split; the files checked here have no quoted fields.
std::vector<std::string> splitCsvLine(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, ',')) cells.push_back(cell);
  if (!line.empty() && line.back() == ',') cells.push_back("");
  return cells;
}

std::vector<std::vector<std::string>> readCsv(const std::string& path) {
  std::ifstream in(path);
  REQUIRE_MESSAGE(in.good(), path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) rows.push_back(splitCsvLine(line));
  return rows;
}

}  // namespace

TEST_CASE("the demo project opens on 16 schematic kecamatan with Kemendagri codes and names") {
  MapDocument doc = loadProject(demoFile("demo.prokus.json"));
  CHECK(doc.schematicBoundaries);
  CHECK(doc.title.find("Bandung Barat") != std::string::npos);
  REQUIRE(doc.projection);
  CHECK(doc.projection->epsg() == 32748);
  const Layer* boundary = doc.boundary();
  REQUIRE(boundary != nullptr);
  CHECK(boundary->kind == GeometryKind::Polygon);
  REQUIRE(boundary->features.size() == 16);
  REQUIRE(boundary->codeField >= 0);
  REQUIRE(boundary->nameField >= 0);

  std::set<std::string> codes;
  double totalKm2 = 0;
  for (size_t i = 0; i < boundary->features.size(); ++i) {
    const std::string code = boundary->featureCode(i);
    codes.insert(code);
    REQUIRE_MESSAGE(kKemendagri.count(code) == 1, code);
    CHECK(boundary->featureName(i) == kKemendagri.at(code));
    // A sensible partition: no sliver kecamatan (the real smallest, Batujajar, is 28 km²).
    CHECK_MESSAGE(boundary->features[i].areaKm2 > 25.0, code);
    CHECK_MESSAGE(boundary->features[i].areaKm2 < 250.0, code);
    totalKm2 += boundary->features[i].areaKm2;
  }
  CHECK(codes.size() == 16);
  // The real regency is 1245 km² of land plus about 33 km² of unassigned reservoir; the schematic
  // hull adds a margin of a few km around the outer desa points, but not a second regency.
  CHECK(totalKm2 > 1250.0);
  CHECK(totalKm2 < 1650.0);
}

TEST_CASE("every desa point lies in its own schematic kecamatan") {
  MapDocument doc = loadProject(demoFile("demo.prokus.json"));
  const Layer& boundary = *doc.boundary();
  PolygonIndex index(boundary);
  const auto rows = readCsv(pk::test::sharedGeodata("kbb_desa_points.csv").string());
  REQUIRE(rows.size() == 166);  // header + 165 desa
  REQUIRE(rows[0] == std::vector<std::string>{"code", "name", "kec_code", "kecamatan", "lat", "lon"});
  int inOwn = 0;
  for (size_t r = 1; r < rows.size(); ++r) {
    const Vec2 p = doc.projection->fromLonLat({std::stod(rows[r][5]), std::stod(rows[r][4])});
    const int found = index.find(p);
    const std::string foundCode = found >= 0 ? boundary.featureCode(size_t(found)) : "(none)";
    CHECK_MESSAGE(foundCode == rows[r][2], "desa " << rows[r][0]);
    inOwn += foundCode == rows[r][2];
  }
  CHECK(inOwn == 165);
}

TEST_CASE("the synthetic beneficiary list has the 2020 cohort of 285 families and NIK-like numbers") {
  const auto rows = readCsv(demoFile("synthetic_kpm_beneficiaries.csv"));
  REQUIRE(rows.size() > 1);
  const std::vector<std::string> header = {"id_kpm", "nama_kpm", "nik",        "kecamatan", "desa",
                                           "lon",    "lat",      "jenis_usaha", "nama_usaha", "tahun",
                                           "bsimu",  "mentor_id", "status"};
  REQUIRE(rows[0] == header);
  int cohort2020 = 0, cohort2021 = 0, withoutCoordinates = 0;
  std::set<std::string> ids, niks;
  for (size_t r = 1; r < rows.size(); ++r) {
    REQUIRE_MESSAGE(rows[r].size() == header.size(), "line " << r + 1);
    ids.insert(rows[r][0]);
    niks.insert(rows[r][2]);
    CHECK_MESSAGE(rows[r][2].size() == 16, "line " << r + 1);
    CHECK_MESSAGE(rows[r][2].rfind("3217", 0) == 0, "line " << r + 1);
    if (rows[r][9] == "2020") {
      ++cohort2020;
      CHECK(rows[r][10] == "3500000");
    } else {
      CHECK(rows[r][9] == "2021");
      ++cohort2021;
    }
    withoutCoordinates += rows[r][5].empty();
  }
  CHECK(cohort2020 == 285);
  CHECK(cohort2021 > 0);
  CHECK(cohort2021 < cohort2020);
  CHECK(ids.size() == rows.size() - 1);   // no repeated IDs in the demo
  CHECK(niks.size() == rows.size() - 1);
  CHECK(withoutCoordinates > 0);            // some rows are placed by kecamatan name only
  CHECK(withoutCoordinates < 20);
}

TEST_CASE("the synthetic mentor and PKH tables") {
  const auto mentors = readCsv(demoFile("synthetic_mentors.csv"));
  REQUIRE(mentors.size() == 20);  // header + 19
  CHECK(mentors[0] == std::vector<std::string>{"mentor_id", "nama", "organisasi", "kecamatan", "lon", "lat", "kapasitas"});
  for (size_t r = 1; r < mentors.size(); ++r) CHECK(mentors[r][2] == "Oorange Unpad");

  const auto pkh = readCsv(demoFile("synthetic_kecamatan_pkh.csv"));
  REQUIRE(pkh.size() == 17);  // header + 16
  CHECK(pkh[0] == std::vector<std::string>{"kode", "kecamatan", "pkh_graduates", "households"});
  for (size_t r = 1; r < pkh.size(); ++r) {
    CHECK(kKemendagri.count(pkh[r][0]) == 1);
    CHECK(std::stoi(pkh[r][2]) > 0);
    CHECK(std::stoi(pkh[r][2]) < std::stoi(pkh[r][3]));
  }
}
