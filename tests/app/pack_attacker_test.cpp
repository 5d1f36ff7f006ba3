// The attacker of issue 11 against a real meeting pack: every count the pack's table.csv publishes,
// plus the regency totals its legends and index print, fed to the LP audit of core/disclosure.h
// with the exact counts from `prokus-map stats`. No withheld count may be narrowed below the
// protection interval, and no small polygon's breakdown may give away its families' category,
// cohort or status.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/disclosure.h"
#include "core/indicator_disclosure.h"
#include "core/indicators.h"
#include "core/privacy.h"
#include "test_support.h"

using namespace pk::test;
namespace fs = std::filesystem;

namespace {

std::string geodata(const std::string& file) { return (sourceDir() / "geodata" / file).string(); }

// The exact table of `stats` as the text table and indicators the pack's table is made from.
struct Exact {
  pk::TextTable table;
  pk::IndicatorTable indicators;
};

Exact exactOf(const Csv& stats) {
  Exact e;
  e.table.header = stats.header;
  for (const auto& row : stats.rows) {
    pk::PolygonIndicators p;
    auto count = [&](const char* name) -> std::int64_t {
      const int c = stats.column(name);
      return c >= 0 && size_t(c) < row.size() && !row[c].empty() ? std::stoll(row[c]) : 0;
    };
    p.beneficiaries = count("beneficiaries");
    p.placedByCoordinates = count("placed_by_coordinates");
    p.covered = count("covered");
    p.overCapacity = count("over_capacity");
    for (size_t c = 0; c < stats.header.size(); ++c) {
      const std::string& h = stats.header[c];
      // stats writes the "unknown" columns last in each group, as the table does.
      if (h.rfind("status_", 0) == 0) (h == "status_unknown" ? p.statusUnknown : p.byStatus.emplace_back()) = std::stoll(row[c]);
      if (h.rfind("cohort_", 0) == 0) (h == "cohort_unknown" ? p.cohortUnknown : p.byCohort.emplace_back()) = std::stoll(row[c]);
      if (h.rfind("category_", 0) == 0)
        (h == "category_unknown" ? p.categoryUnknown : p.byCategory.emplace_back()) = std::stoll(row[c]);
    }
    e.table.featureOfRow.push_back(int(e.indicators.polygons.size()));
    e.indicators.polygons.push_back(p);
    e.table.rows.push_back(row);
  }
  return e;
}

Csv readCsvFile(const fs::path& path) {
  std::string text = readText(path.string());
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  std::string unix;
  for (char c : text)
    if (c != '\r') unix += c;
  return parseCsv(unix);
}

// Audits the pack's table.csv against the exact counts; returns the audit's failure lines.
std::vector<std::string> attack(const Csv& stats, const Csv& published) {
  const Exact exact = exactOf(stats);
  const pk::IndicatorModel m = pk::indicatorModel(exact.table, exact.indicators);
  const pk::DisclosureSettings settings;
  REQUIRE(published.rows.size() == exact.table.rows.size());
  std::vector<bool> withheld(m.model.cells.size(), true);  // differences: never printed, derived
  for (size_t i = 0; i < m.model.cells.size(); ++i)
    if (m.model.cells[i].row == "total") withheld[i] = false;  // legends and the index print them
  int shown = 0, hidden = 0;
  for (size_t r = 0; r < exact.table.rows.size(); ++r) {
    const CsvRow& row = published.rows[r];
    REQUIRE(row[0] == exact.table.rows[r][0]);
    for (size_t c = 0; c < exact.table.header.size(); ++c) {
      const int cell = m.cellOf[r][c];
      if (cell < 0) continue;
      const int pc = published.column(exact.table.header[c]);
      REQUIRE_MESSAGE(pc >= 0, exact.table.header[c]);
      const std::string& text = row[size_t(pc)];
      withheld[size_t(cell)] = pk::isWithheldCell(text);
      if (withheld[size_t(cell)]) ++hidden;
      else {
        ++shown;
        CHECK(text == std::to_string(m.model.cells[size_t(cell)].value));  // published means exact
      }
    }
  }
  const auto start = std::chrono::steady_clock::now();
  const pk::DisclosureAudit audit = pk::auditDisclosure(m.model, withheld, settings);
  std::printf("pack attacker: %zu polygons, %d count cells shown, %d withheld; audit %.2f s, %zu failures\n",
              exact.table.rows.size(), shown, hidden,
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
              audit.failures(m.model, settings).size());
  return audit.failures(m.model, settings);
}

CommandResult exportPack(const std::string& project, const fs::path& out) {
  return runCommand(std::string("env -u DISPLAY -u WAYLAND_DISPLAY ") + quote(PROKUS_BINARY) + " export-pack " +
                    quote(project) + " -o " + quote(out.string()) + " --date 2025-03-12");
}

Csv statsOf(const std::string& boundaries) {
  // In braces: runCommand adds 2>&1 after the command, and the CSV is stdout alone.
  const auto stats = runCommand("{ " + quote(PROKUS_BINARY) + " stats --boundaries " + quote(boundaries) +
                                " --beneficiaries " + quote(geodata("synthetic_kpm_beneficiaries.csv")) +
                                " --mentors " + quote(geodata("synthetic_mentors.csv")) + " 2>/dev/null; }");
  REQUIRE(stats.exitCode == 0);
  return parseCsv(stats.output);
}

// Relative file names of the demo project made absolute (the project is rewritten elsewhere).
void absolutePaths(nlohmann::json& j) {
  if (j.is_object() || j.is_array()) {
    for (auto& v : j) absolutePaths(v);
  } else if (j.is_string()) {
    const std::string s = j.get<std::string>();
    for (std::string_view ext : {".csv", ".geojson"})
      if (s.size() > ext.size() && s.compare(s.size() - ext.size(), ext.size(), ext) == 0 && s[0] != '/')
        j = geodata(s);
  }
}

}  // namespace

TEST_CASE("the demo pack's table.csv: no withheld count can be worked out") {
  TempDir dir;
  const auto r = exportPack((sourceDir() / "geodata" / "demo.prokus.json").string(), dir.path() / "pack");
  INFO(r.output);
  REQUIRE(r.exitCode == 0);
  const auto failures = attack(statsOf(geodata("kbb_kecamatan_schematic.geojson")),
                               readCsvFile(dir.path() / "pack" / "table.csv"));
  for (const auto& line : failures) MESSAGE(line);
  CHECK(failures.empty());
}

TEST_CASE("a pack on the 166 real desa: many small cells, none can be worked out") {
  const fs::path desa = sharedGeodata("kbb_desa.geojson");
  if (!fs::exists(desa)) return;  // the reference boundaries are not on this machine
  TempDir dir;
  nlohmann::json project = nlohmann::json::parse(readText((sourceDir() / "geodata" / "demo.prokus.json").string()));
  absolutePaths(project);
  project["layers"][0]["path"] = desa.string();
  project["layers"][0].erase("name_field");
  project["layers"][0].erase("code_field");
  const fs::path projectPath = dir.path() / "desa.prokus.json";
  writeText(projectPath.string(), project.dump());
  const auto start = std::chrono::steady_clock::now();
  const auto r = exportPack(projectPath.string(), dir.path() / "pack");
  std::printf("desa pack written in %.1f s\n",
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  INFO(r.output);
  REQUIRE(r.exitCode == 0);
  const auto failures = attack(statsOf(desa.string()), readCsvFile(dir.path() / "pack" / "table.csv"));
  for (size_t i = 0; i < failures.size() && i < 20; ++i) MESSAGE(failures[i]);
  CHECK(failures.empty());
}
