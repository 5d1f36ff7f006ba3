#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "core/indicators.h"
#include "core/layer.h"
#include "core/table_export.h"
#include "core/table_io.h"
#include "layer_fixtures.h"
#include "test_support.h"

using namespace pk;
using pk::test::TempDir;

namespace {

using pk::test::codeNameLayer;
using pk::test::rectangle;

// Three kecamatan: Ngamprah (1.5 km², 4 people), Cililin (1 km², 1 person) and Padalarang (1 km²,
// 3 people). With the regency total printed, Cililin's 1 would follow from the other two counts:
// Padalarang's, the smaller, is withheld with it ("x").
struct Fixture {
  Layer layer = codeNameLayer({rectangle(0, 0, 1500, 1000, "32.17.12", "Ngamprah"),
                               rectangle(5000, 0, 6000, 1000, "32.17.05", "Cililin"),
                               rectangle(8000, 0, 9000, 1000, "32.17.20", "Padalarang")});
  BeneficiaryPoints ben;
  IndicatorTable ind;
  Fixture() {
    ben.categoryNames = {"makanan dan minuman"};
    for (int i = 0; i < 4; ++i) ben.add(0, {100.0 + 300 * i, 500}, 0, 2020, -1, 1250000);
    ben.add(1, {5500, 500}, 0, 2020, -1, 3000000);
    for (int i = 0; i < 3; ++i) ben.add(2, {8100.0 + 300 * i, 500}, 0, 2020, -1, 1000000);
    IndicatorOptions o;
    o.threads = 1;
    ind = computeIndicators(layer, ben, nullptr, o);
  }
};

std::vector<std::string> split(const std::string& s, char d) {
  std::vector<std::string> out(1);
  for (char c : s) {
    if (c == d) out.emplace_back();
    else out.back() += c;
  }
  return out;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  for (auto& l : split(text, '\n')) {
    if (!l.empty() && l.back() == '\r') l.pop_back();
    if (!l.empty()) out.push_back(l);
  }
  return out;
}

}  // namespace

TEST_CASE("CSV, international: comma, decimal point, BOM, CRLF, small counts withheld") {
  Fixture fx;
  const std::string csv = indicatorCsv(fx.layer, fx.ind, fx.ben, 3, CsvStyle::International);
  REQUIRE(csv.rfind("\xEF\xBB\xBF", 0) == 0);
  CHECK(csv.find("\r\n") != std::string::npos);
  CHECK(csv.find("\n", 0) == csv.find("\r\n") + 1);
  const auto ls = lines(csv.substr(3));
  REQUIRE(ls.size() == 4);
  const auto header = split(ls[0], ',');
  CHECK(header[0] == "code");
  const int benCol = int(std::find(header.begin(), header.end(), "beneficiaries") - header.begin());
  const int denCol = int(std::find(header.begin(), header.end(), "density_per_km2") - header.begin());
  const int bsimuCol = int(std::find(header.begin(), header.end(), "bsimu_total") - header.begin());
  // Sorted by code: Cililin (32.17.05) first.
  const auto cililin = split(ls[1], ','), ngamprah = split(ls[2], ',');
  CHECK(cililin[0] == "32.17.05");
  CHECK(cililin[benCol] == "<3");
  CHECK(cililin[denCol] == "<3");
  CHECK(cililin[bsimuCol] == "<3");
  CHECK(ngamprah[benCol] == "4");
  CHECK(ngamprah[denCol] == "2.6667");  // 4 / 1.5 km²
  CHECK(ngamprah[bsimuCol] == "5000000.00");
  CHECK(ngamprah[2] == "1.500");        // area, decimal point
  const auto padalarang = split(ls[3], ',');
  CHECK(padalarang[benCol] == "x");
  CHECK(padalarang[denCol] == "x");
  CHECK(padalarang[bsimuCol] == "x");
}

TEST_CASE("CSV, Indonesian: semicolon and decimal comma") {
  Fixture fx;
  const std::string csv = indicatorCsv(fx.layer, fx.ind, fx.ben, 3, CsvStyle::Indonesian);
  const auto ls = lines(csv.substr(3));
  REQUIRE(ls.size() == 4);
  CHECK(ls[0].find(',') == std::string::npos);
  const auto ngamprah = split(ls[2], ';');
  const auto header = split(ls[0], ';');
  const int denCol = int(std::find(header.begin(), header.end(), "density_per_km2") - header.begin());
  CHECK(ngamprah[denCol] == "2,6667");
  CHECK(ngamprah[2] == "1,500");
  CHECK(split(ls[1], ';')[denCol] == "<3");
}

TEST_CASE("CSV file written atomically and read back by the app's own reader") {
  Fixture fx;
  TempDir dir;
  const std::string path = dir.file("table.csv");
  pk::test::writeText(path, "old contents");
  writeIndicatorCsv(path, fx.layer, fx.ind, fx.ben, 3, CsvStyle::Indonesian);
  const Table t = readTable(path);
  REQUIRE(t.rowCount() == 3);
  const int ben = t.columnIndex("beneficiaries");
  REQUIRE(ben >= 0);
  CHECK(t.cell(0, ben) == "<3");
  CHECK(t.cell(1, ben) == "4");
  // Nothing else left in the folder (no temporary files).
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator()) == 1);
}

TEST_CASE("XLSX: numbers as numbers, withheld columns as text, replaces an old file, no temp left") {
  Fixture fx;
  TempDir dir;
  const std::string path = dir.file("table.xlsx");
  pk::test::writeText(path, "not a spreadsheet");
  writeIndicatorXlsx(path, fx.layer, fx.ind, fx.ben, 3);
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator()) == 1);
  const Table t = readTable(path);
  REQUIRE(t.rowCount() == 3);
  CHECK(t.format == "XLSX");
  const int code = t.columnIndex("code"), ben = t.columnIndex("beneficiaries"), area = t.columnIndex("area_km2");
  REQUIRE(code >= 0);
  REQUIRE(ben >= 0);
  REQUIRE(area >= 0);
  CHECK(t.cell(0, code) == "32.17.05");
  CHECK(t.cell(0, ben) == "<3");
  CHECK(t.cell(1, ben) == "4");
  CHECK(std::stod(std::string(t.cell(1, area))) == doctest::Approx(1.5));

  // The sheet's XML: area is a number cell, the withheld column a string cell.
  const std::string sheet = pk::test::runCommand("unzip -p '" + path + "' xl/worksheets/sheet1.xml").output;
  const std::string strings = pk::test::runCommand("unzip -p '" + path + "' xl/sharedStrings.xml").output;
  REQUIRE(!sheet.empty());
  CHECK(sheet.find("<v>1.5</v>") != std::string::npos);
  CHECK(strings.find("&lt;3") != std::string::npos);
}

TEST_CASE("XLSX typing rule on a plain text table") {
  TempDir dir;
  TextTable t;
  t.header = {"a_int", "b_real", "c_text", "d_empty"};
  t.rows = {{"1", "2.5", "x", ""}, {"", "3", "7", ""}};
  t.featureOfRow = {0, 1};
  const std::string path = dir.file("t.xlsx");
  writeTextTableXlsx(path, t, "lembar");
  const std::string sheet = pk::test::runCommand("unzip -p '" + path + "' xl/worksheets/sheet1.xml").output;
  const std::string workbook = pk::test::runCommand("unzip -p '" + path + "' xl/workbook.xml").output;
  CHECK(workbook.find("lembar") != std::string::npos);
  CHECK(sheet.find("<v>2.5</v>") != std::string::npos);
  CHECK(sheet.find("<v>1</v>") != std::string::npos);
  CHECK_THROWS_AS(writeTextTableXlsx(dir.file("missing/t.xlsx"), t, "x"), std::runtime_error);
}
