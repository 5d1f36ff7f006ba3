// Opening a project whose data files have moved asks for them: a copy of geodata/demo.prokus.json with
// its data moved into a subfolder opens the "Files moved" dialog, which the hidden hook
// `--relocate-from DIR` answers as the planner would. Runs under `xvfb-run -a`; without a DISPLAY the
// cases skip themselves unless PROKUS_REQUIRE_DISPLAY=1.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "window_test_support.h"

namespace fs = std::filesystem;
using namespace pk::window_test;

namespace {

const fs::path kGeodata = fs::path(PROKUS_SOURCE_DIR) / "geodata";
const std::vector<std::string> kDemoFiles = {"kbb_kecamatan_schematic.geojson", "synthetic_kpm_beneficiaries.csv",
                                             "synthetic_mentors.csv", "synthetic_kecamatan_pkh.csv"};

// The demo project in `folder` with its data files moved into `folder/moved`; returns the project.
fs::path demoWithMovedData(const fs::path& folder) {
  fs::create_directories(folder / "moved");
  fs::copy_file(kGeodata / "demo.prokus.json", folder / "demo.prokus.json");
  for (const auto& name : kDemoFiles) fs::copy_file(kGeodata / name, folder / "moved" / name);
  return folder / "demo.prokus.json";
}

std::string windowArgs(const std::string& extra) { return "--window-size 1280x800 --frames 8 " + extra; }

}  // namespace

TEST_CASE("a project whose data moved opens with the files located in their new folder") {
  if (!haveDisplay()) return;
  TempDir dir;
  const fs::path project = demoWithMovedData(dir.path / "project");
  const std::string projectBefore = readFile(project);
  const fs::path table = dir.path / "table.csv", saved = dir.path / "saved" / "copy.prokus.json";
  fs::create_directories(saved.parent_path());

  // The reference: the demo where its files are, with the same indicator table export.
  const fs::path referenceTable = dir.path / "reference.csv";
  const RunResult reference = runBinary(
      dir, windowArgs("--export-table " + quoted(referenceTable.string()) + " " + quoted((kGeodata / "demo.prokus.json").string())));
  INFO("reference stderr: " << reference.stderrText);
  REQUIRE(reference.exitCode == 0);

  const RunResult run = runBinary(
      dir, windowArgs("--relocate-from " + quoted((dir.path / "project" / "moved").string()) + " --export-table " +
                      quoted(table.string()) + " --save-project " + quoted(saved.string()) + " " +
                      quoted(project.string())));
  INFO("stderr: " << run.stderrText);
  REQUIRE(run.exitCode == 0);
  // It asked, naming each missing file, then opened them from the new folder.
  CHECK(run.stderrText.find("not where the project says") != std::string::npos);
  for (const auto& name : kDemoFiles) CHECK(run.stderrText.find(name) != std::string::npos);
  CHECK(run.stderrText.find("opened with " + std::to_string(kDemoFiles.size()) + " moved file(s)") != std::string::npos);
  CHECK(run.stderrText.find("could not") == std::string::npos);

  // The beneficiaries (and the rest of the programme) were loaded: the same table as the demo in place.
  const std::string exported = readFile(table);
  CHECK(exported.find("beneficiaries") != std::string::npos);
  CHECK(exported == readFile(referenceTable));

  // Opening never writes the project; a save records the new places.
  CHECK(readFile(project) == projectBefore);
  const nlohmann::json copy = nlohmann::json::parse(readFile(saved));
  const fs::path movedFolder = dir.path / "project" / "moved";
  CHECK(fs::equivalent(saved.parent_path() / copy["layers"][0]["path"].get<std::string>(), movedFolder / kDemoFiles[0]));
  const std::vector<std::pair<const char*, std::string>> lists = {
      {"beneficiaries", kDemoFiles[1]}, {"mentors", kDemoFiles[2]}, {"polygon_table", kDemoFiles[3]}};
  for (const auto& [key, name] : lists) {
    CAPTURE(key);
    REQUIRE(copy["programme"].contains(key));
    CHECK(fs::equivalent(saved.parent_path() / copy["programme"][key]["path"].get<std::string>(), movedFolder / name));
  }
}

TEST_CASE("without an answer, the moved files are asked for and nothing is opened or written") {
  if (!haveDisplay()) return;
  TempDir dir;
  const fs::path project = demoWithMovedData(dir.path / "project");
  const std::string projectBefore = readFile(project);
  const fs::path shot = dir.path / "asking.png";
  const RunResult run = runBinary(dir, windowArgs("--screenshot " + quoted(shot.string()) + " " + quoted(project.string())));
  INFO("stderr: " << run.stderrText);
  REQUIRE(run.exitCode == 0);
  CHECK(run.stderrText.find(std::to_string(kDemoFiles.size()) + " data file(s) not where the project says") !=
        std::string::npos);
  CHECK(run.stderrText.find("boundary layer " + kDemoFiles[0]) != std::string::npos);
  CHECK(run.stderrText.find("beneficiary list " + kDemoFiles[1]) != std::string::npos);
  CHECK(run.stderrText.find("opened with") == std::string::npos);
  CHECK(readFile(project) == projectBefore);
  // The dialog is on screen: the window differs from the empty window's (the modal dims it and sits on top).
  const fs::path emptyShot = dir.path / "empty.png";
  REQUIRE(runBinary(dir, windowArgs("--screenshot " + quoted(emptyShot.string()))).exitCode == 0);
  Image asking, empty;
  REQUIRE(asking.load(shot));
  REQUIRE(empty.load(emptyShot));
  REQUIRE(asking.width == empty.width);
  REQUIRE(asking.height == empty.height);
  size_t differing = 0;
  for (int y = 0; y < asking.height; ++y)
    for (int x = 0; x < asking.width; ++x) differing += asking.pixel(x, y) != empty.pixel(x, y);
  CHECK(differing > static_cast<size_t>(asking.width) * asking.height / 10);
}
