// The attacker of issue 11 against a real meeting pack: every count the pack's table.csv publishes,
// plus the regency totals its legends and index print, fed to the LP audit of core/disclosure.h
// with the exact counts from `prokus-map stats`. No withheld count may be narrowed below the
// protection interval, and no small polygon's breakdown may give away its families' category,
// cohort or status.
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
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

namespace {

// The text chunks ("tEXt", uncompressed "iTXt") of a PNG file, by keyword.
std::map<std::string, std::string> pngTexts(const fs::path& path) {
  const std::string d = readText(path.string());
  std::map<std::string, std::string> out;
  size_t at = 8;
  while (at + 12 <= d.size()) {
    const auto byte = [&](size_t i) { return static_cast<unsigned char>(d[i]); };
    const size_t length = (size_t(byte(at)) << 24) | (size_t(byte(at + 1)) << 16) | (size_t(byte(at + 2)) << 8) | byte(at + 3);
    const std::string type = d.substr(at + 4, 4);
    const std::string data = d.substr(at + 8, length);
    const size_t nul = data.find('\0');
    if (type == "tEXt" && nul != std::string::npos) out[data.substr(0, nul)] = data.substr(nul + 1);
    if (type == "iTXt" && nul != std::string::npos && nul + 2 < data.size() && data[nul + 1] == 0) {
      size_t p = data.find('\0', nul + 3);                      // language tag
      if (p != std::string::npos) p = data.find('\0', p + 1);  // translated keyword
      if (p != std::string::npos) out[data.substr(0, nul)] = data.substr(p + 1);
    }
    at += 12 + length;
  }
  return out;
}

std::vector<std::string> splitOn(const std::string& s, const std::string& sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t at; (at = s.find(sep, start)) != std::string::npos; start = at + sep.size()) out.push_back(s.substr(start, at - start));
  out.push_back(s.substr(start));
  return out;
}

std::int64_t columnSum(const Csv& stats, const std::string& column) {
  const int c = stats.column(column);
  REQUIRE_MESSAGE(c >= 0, column);
  std::int64_t sum = 0;
  for (const auto& row : stats.rows) sum += std::stoll(row[size_t(c)]);
  return sum;
}

fs::path demoProjectWith(const TempDir& dir, const nlohmann::json& active, const nlohmann::json& categories = nlohmann::json::array()) {
  nlohmann::json project = nlohmann::json::parse(readText((sourceDir() / "geodata" / "demo.prokus.json").string()));
  absolutePaths(project);
  project["overlays"]["active"] = active;
  project["overlays"]["filters"]["categories"] = categories;
  const fs::path path = dir.path() / "legends.prokus.json";
  writeText(path.string(), project.dump());
  return path;
}

}  // namespace

TEST_CASE("the pack publishes its table once, and every count its legends print is in that publication") {
  TempDir dir;
  const fs::path project = demoProjectWith(dir, {"business", "mentors"});
  const auto r = exportPack(project.string(), dir.path() / "pack");
  INFO(r.output);
  REQUIRE(r.exitCode == 0);
  // One publication step for table.csv, table.xlsx, the panels and the legends.
  CHECK(r.output.find("privacy: 1 publication(s) of the table for the whole pack") != std::string::npos);

  const Csv stats = statsOf(geodata("kbb_kecamatan_schematic.geojson"));
  int images = 0, counts = 0;
  for (const auto& entry : fs::directory_iterator(dir.path() / "pack")) {
    if (entry.path().extension() != ".png") continue;
    ++images;
    const auto texts = pngTexts(entry.path());
    const auto legend = texts.find("Legend");
    INFO(entry.path().filename().string());
    // Every pack map has the business and mentor legends: their counts are recorded.
    REQUIRE(legend != texts.end());
    for (const std::string& item : splitOn(legend->second, "; ")) {
      const size_t colon = item.rfind(": ");
      REQUIRE(colon != std::string::npos);
      const std::string label = item.substr(0, colon), text = item.substr(colon + 2);
      // The regency total behind the label, exact (stats) and as table.csv's model publishes it.
      const bool beyond = label.rfind("Di luar jangkauan", 0) == 0;
      const std::string column = beyond ? "placed_not_covered" : "category_" + pk::columnSlug(label);
      if (!beyond && stats.column(column) < 0) continue;  // a class label (areas per class), no people
      const std::int64_t exact = column == "placed_not_covered"
                                     ? columnSum(stats, "placed_by_coordinates") - columnSum(stats, "covered")
                                     : columnSum(stats, column);
      INFO(item);
      ++counts;
      if (pk::isWithheldCell(text)) continue;  // withheld: the table's audit holds without it
      // A printed count is the exact total (never one of displaced points) with no decimal marks.
      std::string digits;
      for (char ch : text)
        if (ch != '.' && ch != ',') digits += ch;
      CHECK(std::stoll(digits) == exact);
    }
  }
  CHECK(images == 17);
  CHECK(counts > 0);
}

TEST_CASE("class bounds of a pack's legend are no withheld polygon's value") {
  // The demo's density in quantile classes, of one business type (many small counts): a bound used
  // to be a withheld density (issue 11: Batujajar's 0,071 x 28,134 km2 = 2 families).
  TempDir dir;
  const fs::path project = demoProjectWith(dir, {"choropleth"}, {"kerajinan"});
  const auto r = exportPack(project.string(), dir.path() / "pack");
  INFO(r.output);
  REQUIRE(r.exitCode == 0);
  const Csv stats = statsOf(geodata("kbb_kecamatan_schematic.geojson"));
  const Csv table = readCsvFile(dir.path() / "pack" / "table.csv");
  const int density = table.column("density_per_km2"), count = stats.column("category_kerajinan"),
            area = stats.column("area_km2");
  REQUIRE(density >= 0);
  REQUIRE(count >= 0);
  std::vector<double> withheldValues;  // the exact density of the kerajinan families
  for (size_t row = 0; row < table.rows.size(); ++row)
    if (pk::isWithheldCell(table.rows[row][size_t(density)]))
      withheldValues.push_back(std::stod(stats.rows[row][size_t(count)]) / std::stod(stats.rows[row][size_t(area)]));
  REQUIRE(!withheldValues.empty());
  const auto texts = pngTexts(dir.path() / "pack" / "overview.png");
  REQUIRE(texts.count("Legend") == 1);
  int bounds = 0;
  for (const std::string& item : splitOn(texts.at("Legend"), "; ")) {
    const std::string label = item.substr(0, item.rfind(": "));
    const size_t dash = label.find(" \u2013 ");
    if (dash == std::string::npos) continue;
    for (std::string bound : {label.substr(0, dash), label.substr(dash + 5)}) {
      // Indonesian numbers: "." groups thousands, "," is the decimal mark.
      std::string plain;
      int decimals = -1;
      for (char ch : bound) {
        if (ch == '.') continue;
        if (decimals >= 0) ++decimals;
        if (ch == ',') decimals = 0;
        plain += ch == ',' ? '.' : ch;
      }
      const double value = std::stod(plain), step = std::pow(10.0, -std::max(decimals, 0));
      ++bounds;
      for (double w : withheldValues) {
        INFO(item << " against a withheld density " << w);
        CHECK(std::abs(w - value) > 0.5 * step + 1e-12);  // not the withheld value as printed
      }
    }
  }
  CHECK(bounds > 0);
}
