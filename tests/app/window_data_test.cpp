// The dashboard with programme data (issue 3): geodata/demo.prokus.json opens its beneficiary list
// with the density choropleth, drawn in YlOrRd with its legend, through the window's test hook
// (`--screenshot PATH --frames N`, hidden `--open-panel NAME`). Runs under `xvfb-run -a`; without a
// DISPLAY the cases skip themselves unless PROKUS_REQUIRE_DISPLAY=1.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <stb_image.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/business_categories.h"
#include "test_support.h"
#include "window_test_support.h"

namespace fs = std::filesystem;
using namespace pk::window_test;

namespace {

const std::string kDemo = std::string(PROKUS_SOURCE_DIR) + "/geodata/demo.prokus.json";
constexpr int kWidth = 1280, kHeight = 800;
// ColorBrewer YlOrRd, 5 classes: the demo's density choropleth (quantile, 5 classes, default palette).
constexpr std::array<unsigned, 5> kYlOrRd5{0xffffb2, 0xfecc5c, 0xfd8d3c, 0xf03b20, 0xbd0026};

int paletteIndex(unsigned colour) {
  for (size_t i = 0; i < kYlOrRd5.size(); ++i)
    if (kYlOrRd5[i] == colour) return static_cast<int>(i);
  return -1;
}

std::string windowArgs(const fs::path& shot, const std::string& extra = "") {
  return "--window-size " + std::to_string(kWidth) + "x" + std::to_string(kHeight) + " --frames 8 --screenshot " +
         quoted(shot.string()) + " " + extra + " " + quoted(kDemo);
}

// The map area: right of the side panel (at most 40% of the width), between menu and status bar.
constexpr int kMapX0 = kWidth * 40 / 100, kMapY0 = 40, kMapX1 = kWidth - 4, kMapY1 = kHeight - 40;

}  // namespace

TEST_CASE("the demo project shows the density choropleth in YlOrRd with its legend") {
  if (!haveDisplay()) return;
  TempDir dir;
  const fs::path shot = dir.path / "window.png";
  const RunResult run = runBinary(dir, windowArgs(shot));
  INFO("stderr: " << run.stderrText);
  REQUIRE(run.exitCode == 0);
  Image image;
  REQUIRE(image.load(shot));

  // Fills: the polygons take the palette's exact colours (the legend's colours are the map's).
  std::array<size_t, 5> counts{};
  for (int y = kMapY0; y < kMapY1; ++y)
    for (int x = kMapX0; x < kMapX1; ++x) {
      const int i = paletteIndex(image.pixel(x, y));
      if (i >= 0) ++counts[i];
    }
  int classesShown = 0;
  for (size_t i = 0; i < counts.size(); ++i) {
    CAPTURE(i);
    CAPTURE(counts[i]);
    classesShown += counts[i] >= 300;
  }
  CHECK(classesShown >= 4);  // 16 kecamatan in 5 quantile classes: every class has polygons

  // The legend: a column of swatches, the five class colours as short vertical runs (boxes, not
  // polygons) one below the other, lightest first, within a short span at the same x.
  bool legendFound = false;
  for (int x = kMapX0; x < kMapX1 && !legendFound; ++x) {
    std::array<std::vector<int>, 5> shortRuns;  // start rows of runs 4..30 px long, per class
    int y = kMapY0;
    while (y < kMapY1) {
      const unsigned colour = image.pixel(x, y);
      int end = y + 1;
      while (end < kMapY1 && image.pixel(x, end) == colour) ++end;
      const int i = paletteIndex(colour);
      if (i >= 0 && end - y >= 4 && end - y <= 30) shortRuns[i].push_back(y);
      y = end;
    }
    for (int top : shortRuns[0]) {
      int previous = top;
      bool chain = true;
      for (size_t i = 1; i < 5 && chain; ++i) {
        int next = -1;
        for (int start : shortRuns[i])
          if (start > previous && start - previous <= 40) {
            next = start;
            break;
          }
        chain = next >= 0;
        previous = next;
      }
      if (chain && previous - top < 200) legendFound = true;
    }
  }
  CHECK(legendFound);
}

TEST_CASE("the overlay and table panels open over the map, and the map keeps its choropleth") {
  if (!haveDisplay()) return;
  TempDir dir;
  const fs::path shot = dir.path / "panels.png";
  const RunResult run = runBinary(dir, windowArgs(shot, "--open-panel overlays --open-panel table"));
  INFO("stderr: " << run.stderrText);
  REQUIRE(run.exitCode == 0);
  Image panelsImage;
  REQUIRE(panelsImage.load(shot));
  size_t palettePixels = 0;
  for (int y = kMapY0; y < kMapY1; ++y)
    for (int x = kMapX0; x < kMapX1; ++x) palettePixels += paletteIndex(panelsImage.pixel(x, y)) >= 0;
  CHECK(palettePixels > 2000);
}

TEST_CASE("an unknown --open-panel name exits 2 with a message") {
  TempDir dir;
  const RunResult run = runBinary(dir, "--open-panel nonsense --frames 1 " + quoted(kDemo));
  CHECK(run.exitCode == 2);
  CHECK(run.stderrText.find("--open-panel") != std::string::npos);
}

TEST_CASE("saving the project elsewhere keeps the programme and overlay sections, paths rebased") {
  if (!haveDisplay()) return;
  TempDir dir;
  const fs::path shot = dir.path / "s.png";
  const fs::path saved = dir.path / "elsewhere" / "copy.prokus.json";
  fs::create_directories(saved.parent_path());
  const RunResult run = runBinary(dir, windowArgs(shot, "--save-project " + quoted(saved.string())));
  INFO("stderr: " << run.stderrText);
  REQUIRE(run.exitCode == 0);
  const nlohmann::json project = nlohmann::json::parse(readFile(saved));
  REQUIRE(project.contains("programme"));
  REQUIRE(project.contains("overlays"));
  const auto& programme = project["programme"];
  for (const char* list : {"beneficiaries", "mentors", "polygon_table"}) {
    CAPTURE(list);
    REQUIRE(programme.contains(list));
    const std::string path = programme[list]["path"].get<std::string>();
    CHECK(fs::path(path).is_relative());
    // Relative to the new project file, it still names the demo's file.
    CHECK(fs::equivalent(saved.parent_path() / path,
                         fs::path(PROKUS_SOURCE_DIR) / "geodata" / fs::path(path).filename()));
  }
  CHECK(programme["polygon_table"]["population_column"] == "households");
  const auto active = project["overlays"]["active"];
  CHECK(std::find(active.begin(), active.end(), "choropleth") != active.end());
  CHECK(project["overlays"]["choropleth"]["indicator"] == "density_per_km2");
}


TEST_CASE("importing a list with no usable rows shows the message with counts and keeps the map") {
  if (!haveDisplay()) return;
  TempDir dir;
  // Every row names a kecamatan that does not exist: nothing can be placed.
  const fs::path bad = dir.path / "kpm_bad.csv";
  std::ofstream(bad) << "id_kpm,kecamatan,jenis_usaha\n1,Kota Antah,warung\n2,Kota Berantah,jahit\n";
  const fs::path shot = dir.path / "bad.png";
  const fs::path saved = dir.path / "after.prokus.json";
  const RunResult run = runBinary(
      dir, windowArgs(shot, "--import " + quoted(bad.string()) + " --save-project " + quoted(saved.string())));
  INFO("stderr: " << run.stderrText);
  CHECK(run.exitCode == 0);
  CHECK(run.stderrText.find("kpm_bad.csv") != std::string::npos);
  CHECK(run.stderrText.find("2 rows read") != std::string::npos);
  CHECK(run.stderrText.find("imported") == std::string::npos);
  // The project still lists the demo's beneficiaries (the message popup dims the map, so the
  // pixels are not compared here).
  const nlohmann::json project = nlohmann::json::parse(readFile(saved));
  const std::string path = project["programme"]["beneficiaries"]["path"].get<std::string>();
  CHECK(fs::path(path).filename() == "synthetic_kpm_beneficiaries.csv");
}

TEST_CASE("importing a list replaces the beneficiaries and reports rows placed and unplaced") {
  if (!haveDisplay()) return;
  TempDir dir;
  const fs::path list = dir.path / "kpm_small.csv";
  std::ofstream(list) << "id_kpm;nama_kpm;kecamatan;bujur;lintang\n"
                         "1;Ujang;Lembang;;\n"
                         "2;Euis;Cililin;107,4512;-6,9601\n"
                         "2;Euis;Cililin;107,4512;-6,9601\n"
                         "3;Asep;Cimahi Kota;;\n";
  const fs::path shot = dir.path / "small.png";
  const fs::path saved = dir.path / "after.prokus.json";
  const RunResult run = runBinary(
      dir, windowArgs(shot, "--import " + quoted(list.string()) + " --save-project " + quoted(saved.string())));
  INFO("stderr: " << run.stderrText);
  CHECK(run.exitCode == 0);
  CHECK(run.stderrText.find("imported") != std::string::npos);
  CHECK(run.stderrText.find("4 rows read") != std::string::npos);
  CHECK(run.stderrText.find("2 placed") != std::string::npos);
  CHECK(run.stderrText.find("duplicate") != std::string::npos);
  // Names never reach the log.
  CHECK(run.stderrText.find("Ujang") == std::string::npos);
  CHECK(run.stderrText.find("Euis") == std::string::npos);
  // The project now lists this file, with the mapping the import used.
  const nlohmann::json project = nlohmann::json::parse(readFile(saved));
  const auto& entry = project["programme"]["beneficiaries"];
  CHECK(entry["path"] == "kpm_small.csv");
  REQUIRE(entry.contains("mapping"));
  CHECK(entry["mapping"]["columns"]["lon"] == "bujur");
  CHECK(entry["mapping"]["columns"]["kecamatan"] == "kecamatan");
}

TEST_CASE("the table panel's export: one row per kecamatan, both CSV styles and XLSX, no names or NIK") {
  if (!haveDisplay()) return;
  TempDir dir;
  const fs::path shot = dir.path / "t.png";
  const fs::path csv = dir.path / "table.csv", idCsv = dir.path / "table.id.csv", xlsx = dir.path / "table.xlsx";
  const RunResult run = runBinary(dir, windowArgs(shot, "--export-table " + quoted(csv.string()) + " --export-table " +
                                                            quoted(idCsv.string()) + " --export-table " +
                                                            quoted(xlsx.string())));
  INFO("stderr: " << run.stderrText);
  REQUIRE(run.exitCode == 0);
  const std::string international = readFile(csv), indonesian = readFile(idCsv);
  CHECK(international.find("code,name,area_km2,beneficiaries,density_per_km2") != std::string::npos);
  CHECK(indonesian.find("code;name;area_km2;beneficiaries;density_per_km2") != std::string::npos);
  size_t lines = 0;
  for (char c : international) lines += c == '\n';
  CHECK(lines == 17);  // header + 16 kecamatan
  CHECK(international.find("32.17.16") != std::string::npos);
  CHECK(fs::file_size(xlsx) > 1000);
  // Personal data from the demo list never reaches the table: a name and a NIK of its first row.
  const std::string demoList = readFile(fs::path(PROKUS_SOURCE_DIR) / "geodata" / "synthetic_kpm_beneficiaries.csv");
  const size_t secondLine = demoList.find('\n') + 1;
  std::vector<std::string> fields;
  std::stringstream row(demoList.substr(secondLine, demoList.find('\n', secondLine) - secondLine));
  for (std::string f; std::getline(row, f, ',');) fields.push_back(f);
  REQUIRE(fields.size() > 3);
  CHECK(international.find(fields[1]) == std::string::npos);  // nama_kpm
  CHECK(international.find(fields[2]) == std::string::npos);  // nik
}

namespace {
// Column `name` of a comma-separated table, summed over its rows; -1 without such a column.
double columnSum(std::string csv, const std::string& name) {
  if (csv.rfind("\xEF\xBB\xBF", 0) == 0) csv.erase(0, 3);
  const pk::test::Csv table = pk::test::parseCsv(csv);
  const int column = table.column(name);
  if (column < 0) return -1;
  double sum = 0;
  for (const auto& cells : table.rows)
    // Withheld cells ("<3", "x") are left out: the sum is of what the table discloses.
    if (size_t(column) < cells.size() && !cells[column].empty() && std::isdigit(static_cast<unsigned char>(cells[column][0])))
      sum += std::stod(cells[column]);
  return sum;
}
}  // namespace

// What the business categories window's Apply does (through the --apply-categories hook): the list is
// recategorised, the table follows, and the project keeps the new list.
TEST_CASE("applying an edited business category list recategorises the map's data and is saved") {
  if (!haveDisplay()) return;
  TempDir dir;
  const fs::path before = dir.path / "before.csv", after = dir.path / "after.csv";
  const fs::path saved = dir.path / "saved.prokus.json", list = dir.path / "categories.json";
  REQUIRE(runBinary(dir, windowArgs(dir.path / "a.png", "--export-table " + quoted(before.string()))).exitCode == 0);
  // A new first category takes "makanan ringan" (snacks) out of food and drink.
  nlohmann::json categories = pk::BusinessCategories::defaults();
  nlohmann::json snacks = nlohmann::json::object();
  snacks["key"] = "makanan_ringan";
  snacks["label"] = "Makanan ringan";
  snacks["keywords"] = {"makanan ringan", "keripik"};
  categories["categories"].insert(categories["categories"].begin(), snacks);
  std::ofstream(list) << categories.dump();
  const RunResult run = runBinary(dir, windowArgs(dir.path / "b.png", "--apply-categories " + quoted(list.string()) +
                                                                      " --export-table " + quoted(after.string()) +
                                                                      " --save-project " + quoted(saved.string())));
  INFO("stderr: " << run.stderrText);
  REQUIRE(run.exitCode == 0);
  const std::string a = readFile(before), b = readFile(after);
  const double snackRows = columnSum(b, "category_makanan_ringan");
  CHECK(columnSum(a, "category_makanan_ringan") == -1);  // no such column before
  CHECK(snackRows > 10);
  // They came out of food and drink (withheld cells make the sums inexact, so only the direction).
  CHECK(columnSum(b, "category_makanan_dan_minuman") < columnSum(a, "category_makanan_dan_minuman") - 10);
  const nlohmann::json project = nlohmann::json::parse(readFile(saved));
  REQUIRE(project["programme"].contains("business_categories"));
  CHECK(project["programme"]["business_categories"].dump().find("makanan_ringan") != std::string::npos);
}

TEST_CASE("the demo's lists on real desa boundaries: a table matching no polygon is skipped with an Indonesian warning") {
  if (!haveDisplay()) return;
  TempDir dir;
  // The demo project on the real desa file, its per-polygon table replaced by one of another kota.
  nlohmann::json project = nlohmann::json::parse(readFile(kDemo));
  project["layers"][0]["path"] = (fs::path(PROKUS_SHARED_GEODATA) / "kbb_desa.geojson").string();
  project["layers"][0].erase("name_field");
  project["layers"][0].erase("code_field");
  for (const char* list : {"beneficiaries", "mentors"})
    project["programme"][list]["path"] =
        (fs::path(PROKUS_SOURCE_DIR) / "geodata" / project["programme"][list]["path"].get<std::string>()).string();
  const fs::path table = dir.path / "kota_lain.csv";
  std::ofstream(table) << "kode,kecamatan,households\n32.73.01,Sukasari,100\n32.73.02,Coblong,200\n";
  project["programme"]["polygon_table"]["path"] = table.string();
  const fs::path projectPath = dir.path / "desa.prokus.json";
  std::ofstream(projectPath) << project.dump(2);
  const fs::path shot = dir.path / "desa.png", csv = dir.path / "table.csv";
  const RunResult run = runBinary(dir, "--window-size 1280x800 --frames 8 --screenshot " + quoted(shot.string()) +
                                           " --export-table " + quoted(csv.string()) + " " + quoted(projectPath.string()));
  INFO("stderr: " << run.stderrText);
  REQUIRE(run.exitCode == 0);
  // The warning, in the window's language (Indonesian by default), names the file.
  CHECK(run.stderrText.find("kota_lain.csv: tidak ada baris yang cocok") != std::string::npos);
  CHECK(run.stderrText.find("tabel dilewati") != std::string::npos);
  CHECK(run.stderrText.find("no row matches") == std::string::npos);
  // The lists loaded: the table has every desa and the demo's beneficiaries in them.
  const std::string text = readFile(csv);
  std::stringstream lines(text);
  std::string line;
  std::getline(lines, line);
  std::vector<std::string> header;
  {
    std::stringstream h(line);
    for (std::string f; std::getline(h, f, ',');) header.push_back(f);
  }
  const auto column = std::find(header.begin(), header.end(), "beneficiaries") - header.begin();
  REQUIRE(column < static_cast<long>(header.size()));
  // Small counts are withheld in exports ("<3"): count what is shown.
  int rows = 0, beneficiaries = 0;
  while (std::getline(lines, line)) {
    std::vector<std::string> cells;
    std::stringstream c(line);
    for (std::string f; std::getline(c, f, ',');) cells.push_back(f);
    ++rows;
    if (static_cast<size_t>(column) < cells.size() && !cells[column].empty() &&
        std::isdigit(static_cast<unsigned char>(cells[column][0])))
      beneficiaries += std::stoi(cells[column]);
  }
  CHECK(rows == 166);
  CHECK(beneficiaries > 100);  // before: nothing loaded, every count 0
}
