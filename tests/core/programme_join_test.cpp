// Per-kecamatan tables on desa boundaries (issue 10, item 4): the table joins to desa through the
// desa's kecamatan field, a table that matches nothing is skipped with a note, and the beneficiary
// and mentor lists load either way.
#include <doctest/doctest.h>

#include <cmath>
#include <map>

#include "core/i18n.h"
#include "core/layer_io.h"
#include "core/map_document.h"
#include "core/programme_data.h"
#include "core/programme_project.h"
#include "core/table_io.h"
#include "layer_fixtures.h"
#include "test_support.h"

using namespace pk;

namespace {

using pk::test::desaLayer;
using pk::test::kecamatanLayer;
using pk::test::utm;

const std::string kPkhTable = (pk::test::sourceDir() / "geodata" / "synthetic_kecamatan_pkh.csv").string();

Table readKnown(const std::string& path) {
  TableReadOptions o;
  o.knownHeaders = allRecognisedHeaders();
  return readTable(path, o);
}

// The demo's lists and PKH table, as the demo project names them.
ProgrammeSources demoSources(const std::string& polygonTable = kPkhTable) {
  ProgrammeSources s;
  s.beneficiaries.path = (pk::test::sourceDir() / "geodata" / "synthetic_kpm_beneficiaries.csv").string();
  s.mentors.path = (pk::test::sourceDir() / "geodata" / "synthetic_mentors.csv").string();
  s.polygonTable.path = polygonTable;
  s.populationColumn = "households";
  return s;
}

// The table's value per kecamatan code ("32.17.01" -> 58400), read from the file itself.
std::map<std::string, double> tableValues(const std::string& column) {
  const Table t = readKnown(kPkhTable);
  std::map<std::string, double> out;
  for (size_t r = 0; r < t.rowCount(); ++r) {
    double v = 0;
    REQUIRE(parseAmount(t.cell(r, t.columnIndex(column)), v));
    out[std::string(t.cell(r, t.columnIndex("kode")))] = v;
  }
  return out;
}

std::string kecamatanCodeOfDesa(const Layer& desa, size_t feature) {
  return desa.features[feature].values[desa.fieldIndex("kec_code")];
}

bool hasNote(const std::vector<ProgrammeNote>& notes, ProgrammeNote::Kind kind) {
  for (const auto& n : notes)
    if (n.kind == kind) return true;
  return false;
}

}  // namespace

TEST_CASE("a per-kecamatan table joins to every desa through the desa's kecamatan field") {
  const Layer& desa = desaLayer();
  const Table t = readKnown(kPkhTable);
  const ColumnMapping m = guessColumnMapping(t, ListKind::PolygonTable);
  const PolygonTableJoin join = joinPolygonTable(t, m, PlaceMatcher(desa));
  CHECK(join.matched == t.rowCount());  // all 16 kecamatan rows
  CHECK(join.unmatched.empty());
  const auto expected = tableValues("pkh_graduates");
  const auto values = polygonTableColumn(t, join, t.columnIndex("pkh_graduates"));
  REQUIRE(values.size() == desa.features.size());
  size_t through = 0;
  for (size_t f = 0; f < desa.features.size(); ++f) {
    CAPTURE(desa.featureName(f));
    const std::string kec = kecamatanCodeOfDesa(desa, f);
    REQUIRE(expected.count(kec) == 1);
    CHECK(values[f] == expected.at(kec));  // each desa shows its kecamatan's row
    CHECK(join.throughKecamatan[f]);
    through += join.throughKecamatan[f];
  }
  CHECK(join.featuresThroughKecamatan == through);
  CHECK(join.kecamatanField == "kec_code");  // the table's "kode" (32.17.01) matched the desa's kec_code
}

TEST_CASE("a kecamatan population is no desa's population: no rates per 1,000 on desa, and the note says why") {
  const LoadedProgramme loaded = loadProgramme(desaLayer(), utm(), demoSources());
  REQUIRE(loaded.beneficiaries);
  REQUIRE(loaded.mentors);
  CHECK(loaded.beneficiaries->summary.placed() > 390);
  CHECK(loaded.mentors->summary.placed() > 0);
  // Every desa of a kecamatan would otherwise carry the whole kecamatan population, counting it
  // ten times over; the population is kept only for polygons the table describes themselves.
  REQUIRE(loaded.population.size() == desaLayer().features.size());
  for (double v : loaded.population) CHECK(std::isnan(v));
  CHECK(hasNote(loaded.notes, ProgrammeNote::Kind::JoinedThroughKecamatan));
  CHECK(hasNote(loaded.notes, ProgrammeNote::Kind::KecamatanPopulation));
  for (const auto& note : loaded.notes) CHECK_FALSE(note.warning());
  const ProgrammeNote& joined = loaded.notes.front();
  const std::string english = programmeNoteText(joined, Language::English);
  CHECK(english.find("synthetic_kecamatan_pkh.csv") != std::string::npos);
  CHECK(english.find("kecamatan field 'kec_code'") != std::string::npos);
  CHECK(english.find(std::to_string(desaLayer().features.size()) + " desa") != std::string::npos);
  CHECK(programmeNoteText(joined, Language::Indonesian) != english);
}

TEST_CASE("on kecamatan boundaries the same table gives each kecamatan its population") {
  const LoadedProgramme loaded = loadProgramme(kecamatanLayer(), utm(), demoSources());
  const auto households = tableValues("households");
  REQUIRE(loaded.population.size() == kecamatanLayer().features.size());
  for (size_t f = 0; f < loaded.population.size(); ++f)
    CHECK(loaded.population[f] == households.at(kecamatanLayer().featureCode(f)));
  CHECK(loaded.notes.empty());
}

TEST_CASE("a table that matches no polygon is skipped with a warning; the lists still load") {
  pk::test::TempDir dir;
  const std::string elsewhere = dir.file("kota_lain.csv");
  pk::test::writeText(elsewhere, "kode,kecamatan,households\n32.73.01,Sukasari,100\n32.73.02,Coblong,200\n");
  const LoadedProgramme loaded = loadProgramme(desaLayer(), utm(), demoSources(elsewhere));
  REQUIRE(loaded.beneficiaries);
  REQUIRE(loaded.mentors);
  CHECK(loaded.beneficiaries->summary.placed() > 390);
  CHECK(loaded.population.empty());
  REQUIRE(loaded.notes.size() == 1);
  const ProgrammeNote& note = loaded.notes[0];
  CHECK(note.kind == ProgrammeNote::Kind::TableMatchesNoPolygon);
  CHECK(note.warning());
  const std::string english = programmeNoteText(note, Language::English);
  const std::string indonesian = programmeNoteText(note, Language::Indonesian);
  CHECK(english.find("kota_lain.csv") != std::string::npos);
  CHECK(english.find("skipped") != std::string::npos);
  CHECK(indonesian.find("kota_lain.csv") != std::string::npos);
  CHECK(indonesian.find("dilewati") != std::string::npos);
}

TEST_CASE("a desa table still joins desa by desa, not through the kecamatan") {
  pk::test::TempDir dir;
  const std::string path = dir.file("desa.csv");
  pk::test::writeText(path, "kode_desa,desa,kecamatan,keluarga\n32.17.01.2001,,,10\n,Cipada,Cisarua,20\n");
  const Table t = readKnown(path);
  const PolygonTableJoin join = joinPolygonTable(t, guessColumnMapping(t, ListKind::PolygonTable), PlaceMatcher(desaLayer()));
  CHECK(join.matched == 2);
  CHECK(join.featuresThroughKecamatan == 0);
  size_t joined = 0;
  for (int r : join.rowOfFeature) joined += r >= 0;
  CHECK(joined == 2);
}
