// A project whose data files have moved: the missing files are listed, the ones located elsewhere
// are opened from there (layers and programme lists), the project file is only read, and the other
// files are found next to the first one located. Built on a copy of geodata/demo.prokus.json.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "core/layer_io.h"
#include "core/programme_project.h"
#include "core/project_file.h"
#include "core/project_relocation.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace pk;
using pk::test::TempDir;

namespace {

// The demo's data files, as its project names them.
const std::vector<std::string> kDemoFiles = {"kbb_kecamatan_schematic.geojson", "synthetic_kpm_beneficiaries.csv",
                                             "synthetic_mentors.csv", "synthetic_kecamatan_pkh.csv"};

// The demo project and its data copied into `tmp`; returns the project's path.
std::string copyDemo(const TempDir& tmp) {
  const fs::path geodata = pk::test::sourceDir() / "geodata";
  fs::copy_file(geodata / "demo.prokus.json", tmp.path() / "demo.prokus.json");
  for (const auto& name : kDemoFiles) fs::copy_file(geodata / name, tmp.path() / name);
  return tmp.file("demo.prokus.json");
}

// Moves every demo data file into `folder` (under tmp); returns the moved paths by file name.
void moveDataInto(const TempDir& tmp, const std::string& folder) {
  fs::create_directories(tmp.path() / folder);
  for (const auto& name : kDemoFiles) fs::rename(tmp.path() / name, tmp.path() / folder / name);
}

std::string normal(const fs::path& p) { return fs::absolute(p).lexically_normal().string(); }

}  // namespace

TEST_CASE("a project with every file in place has nothing missing") {
  TempDir tmp;
  const std::string project = copyDemo(tmp);
  CHECK(missingProjectFiles(project).empty());
}

TEST_CASE("moved data files are listed with their role, recorded path and where they were looked for") {
  TempDir tmp;
  const std::string project = copyDemo(tmp);
  moveDataInto(tmp, "data");
  const auto missing = missingProjectFiles(project);
  REQUIRE(missing.size() == kDemoFiles.size());
  // The project's order: layers, then beneficiaries, mentors, polygon table.
  CHECK(missing[0].role == ProjectFileRole::BoundaryLayer);
  CHECK(missing[1].role == ProjectFileRole::Beneficiaries);
  CHECK(missing[2].role == ProjectFileRole::Mentors);
  CHECK(missing[3].role == ProjectFileRole::PolygonTable);
  for (size_t i = 0; i < missing.size(); ++i) {
    CAPTURE(i);
    CHECK(missing[i].recordedPath == kDemoFiles[i]);
    CHECK(missing[i].resolvedPath == normal(tmp.path() / kDemoFiles[i]));
    CHECK(std::string(projectFileRoleName(missing[i].role)).size() > 0);
  }
  // Only what is really missing: one file put back is no longer listed.
  fs::rename(tmp.path() / "data" / kDemoFiles[2], tmp.path() / kDemoFiles[2]);
  const auto fewer = missingProjectFiles(project);
  REQUIRE(fewer.size() == kDemoFiles.size() - 1);
  for (const auto& m : fewer) CHECK(m.recordedPath != kDemoFiles[2]);
}

TEST_CASE("opening with moved files reads them from their new place and leaves the project file alone") {
  initGdal();
  TempDir tmp;
  const std::string project = copyDemo(tmp);
  // The reference: the same project with every file in place.
  MapDocument original = loadProject(project);
  const LoadedProgramme originalProgramme =
      loadProgramme(*original.boundary(), *original.projection, programmeSourcesOf(original));
  REQUIRE(originalProgramme.beneficiaries.has_value());

  moveDataInto(tmp, "moved/data");
  const std::string before = pk::test::readText(project);
  CHECK_THROWS_AS(loadProject(project), InputError);  // without answers it still fails, naming the file

  PathRemap moved;
  for (const auto& m : missingProjectFiles(project))
    moved[m.resolvedPath] = (tmp.path() / "moved" / "data" / fs::path(m.recordedPath).filename()).string();
  MapDocument doc = loadProject(project, moved);
  CHECK(pk::test::readText(project) == before);  // read-only: not a byte changed

  REQUIRE(doc.layers.size() == 1);
  CHECK(doc.layers[0]->path == normal(tmp.path() / "moved" / "data" / kDemoFiles[0]));
  CHECK(doc.boundaryLayer == 0);
  const ProgrammeSources sources = programmeSourcesOf(doc);
  CHECK(sources.beneficiaries.path == normal(tmp.path() / "moved" / "data" / kDemoFiles[1]));
  CHECK(sources.mentors.path == normal(tmp.path() / "moved" / "data" / kDemoFiles[2]));
  CHECK(sources.polygonTable.path == normal(tmp.path() / "moved" / "data" / kDemoFiles[3]));
  CHECK(sources.populationColumn == programmeSourcesOf(original).populationColumn);

  // The lists load from there, with what the original project loads.
  const LoadedProgramme programme = loadProgramme(*doc.boundary(), *doc.projection, sources);
  REQUIRE(programme.beneficiaries.has_value());
  CHECK(programme.beneficiaries->summary.placed() == originalProgramme.beneficiaries->summary.placed());
  CHECK(programme.population == originalProgramme.population);

  // A save records the new places, relative to the project file.
  const std::string saved = tmp.file("saved.prokus.json");
  saveProject(doc, saved);
  const auto savedJson = nlohmann::json::parse(pk::test::readText(saved));
  CHECK(savedJson["layers"][0]["path"] == "moved/data/" + kDemoFiles[0]);
  CHECK(savedJson["programme"]["beneficiaries"]["path"] == "moved/data/" + kDemoFiles[1]);
  CHECK(savedJson["programme"]["polygon_table"]["path"] == "moved/data/" + kDemoFiles[3]);
  CHECK(missingProjectFiles(saved).empty());
}

TEST_CASE("files left out: their programme lists are dropped, and a project with no layer left fails clearly") {
  initGdal();
  TempDir tmp;
  const std::string project = copyDemo(tmp);
  moveDataInto(tmp, "data");
  const auto missing = missingProjectFiles(project);
  PathRemap moved;
  for (const auto& m : missing)
    moved[m.resolvedPath] = m.role == ProjectFileRole::Mentors ? std::string()
                                                               : (tmp.path() / "data" / fs::path(m.recordedPath)).string();
  const MapDocument doc = loadProject(project, moved);
  const ProgrammeSources sources = programmeSourcesOf(doc);
  CHECK_FALSE(sources.mentors.present());
  CHECK(sources.beneficiaries.present());
  CHECK(sources.polygonTable.present());

  PathRemap noLayer = moved;
  noLayer[missing[0].resolvedPath] = "";
  try {
    loadProject(project, noLayer);
    FAIL("a project without any of its layers must not open");
  } catch (const InputError& e) {
    CHECK(e.path() == project);
    CHECK(e.problem().find("layers") != std::string::npos);
  }
}

TEST_CASE("auto-find: the other files are found next to the one located, by their own names only") {
  TempDir tmp;
  const std::string project = copyDemo(tmp);
  moveDataInto(tmp, "data");
  // One file was renamed as well: it must be located by hand.
  fs::rename(tmp.path() / "data" / kDemoFiles[2], tmp.path() / "data" / "mentors_2025.csv");
  const auto missing = missingProjectFiles(project);
  REQUIRE(missing.size() == kDemoFiles.size());

  PathRemap moved;
  const std::string located = (tmp.path() / "data" / kDemoFiles[1]).string();
  moved[missing[1].resolvedPath] = located;
  const std::vector<size_t> found = findMovedFilesNextTo(located, missing, moved);
  CHECK(std::set<size_t>(found.begin(), found.end()) == std::set<size_t>{0, 3});
  CHECK(moved.at(missing[0].resolvedPath) == normal(tmp.path() / "data" / kDemoFiles[0]));
  CHECK(moved.at(missing[3].resolvedPath) == normal(tmp.path() / "data" / kDemoFiles[3]));
  CHECK(moved.at(missing[1].resolvedPath) == located);  // what the planner chose stays
  CHECK(moved.count(missing[2].resolvedPath) == 0);     // a different name is not a match

  // Once located by hand, nothing more is found and nothing already located changes.
  moved[missing[2].resolvedPath] = (tmp.path() / "data" / "mentors_2025.csv").string();
  CHECK(findMovedFilesNextTo(moved[missing[2].resolvedPath], missing, moved).empty());
  CHECK(moved.size() == missing.size());

  // A folder holding none of the names finds nothing.
  fs::create_directories(tmp.path() / "empty");
  PathRemap none;
  CHECK(findMovedFilesNextTo((tmp.path() / "empty" / "x.csv").string(), missing, none).empty());
  CHECK(none.empty());
}

TEST_CASE("a project that cannot be read is reported with its name") {
  TempDir tmp;
  pk::test::writeText(tmp.file("bad.prokus.json"), "{ not json");
  try {
    missingProjectFiles(tmp.file("bad.prokus.json"));
    FAIL("bad JSON must throw");
  } catch (const InputError& e) {
    CHECK(e.path() == tmp.file("bad.prokus.json"));
  }
  CHECK_THROWS_AS(missingProjectFiles(tmp.file("absent.prokus.json")), InputError);
  pk::test::writeText(tmp.file("other.prokus.json"), "{\"format\": \"something else\"}");
  CHECK_THROWS_AS(missingProjectFiles(tmp.file("other.prokus.json")), InputError);
}
