// Writing the indicator table to CSV (both locales) and XLSX, read back through the import reader.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "core/table_io.h"
#include "core/text_table_export.h"

namespace fs = std::filesystem;

namespace {
struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("prokus-text-table-" + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};
std::string readFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
pk::TextTable sample(char decimalMark) {
  pk::TextTable t;
  t.header = {"code", "name", "density_per_km2", "dominant_category"};
  const std::string d = decimalMark == ',' ? "12,5" : "12.5";
  t.rows = {{"32.17.01", "Lembang", d, "jasa"}, {"32.17.02", "Parongpong; Utara", "0", ""}};
  t.featureOfRow = {0, 1};
  return t;
}
}  // namespace

TEST_CASE("CSV: comma with decimal point, or semicolon with decimal comma") {
  TempDir dir;
  const fs::path english = dir.path / "en.csv", indonesian = dir.path / "id.csv";
  pk::writeTextTableCsv(english.string(), sample('.'), false);
  pk::writeTextTableCsv(indonesian.string(), sample(','), true);
  const std::string en = readFile(english), id = readFile(indonesian);
  CHECK(en.find("code,name,density_per_km2,dominant_category") != std::string::npos);
  CHECK(en.find("32.17.01,Lembang,12.5,jasa") != std::string::npos);
  CHECK(id.find("code;name;density_per_km2;dominant_category") != std::string::npos);
  CHECK(id.find("32.17.01;Lembang;12,5;jasa") != std::string::npos);
  CHECK(id.find("\"Parongpong; Utara\"") != std::string::npos);  // the delimiter inside a field is quoted
  const pk::Table back = pk::readTable(indonesian.string());
  CHECK(back.delimiter == ';');
  REQUIRE(back.rowCount() == 2);
  CHECK(back.cell(1, 1) == "Parongpong; Utara");
  CHECK(back.cell(0, 2) == "12,5");
}

TEST_CASE("XLSX: every cell comes back, numbers as numbers, codes as text") {
  TempDir dir;
  const fs::path path = dir.path / "table.xlsx";
  pk::writeTextTableXlsx(path.string(), sample('.'));
  const pk::Table back = pk::readTable(path.string());
  REQUIRE(back.columnCount() == 4);
  CHECK(back.columns[2] == "density_per_km2");
  REQUIRE(back.rowCount() == 2);
  CHECK(back.cell(0, 0) == "32.17.01");
  CHECK(back.cell(0, 1) == "Lembang");
  CHECK(std::stod(std::string(back.cell(0, 2))) == doctest::Approx(12.5));
  CHECK(back.cell(1, 1) == "Parongpong; Utara");
  // No temporary file is left beside it.
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir.path)) files += e.is_regular_file();
  CHECK(files == 1);
}

TEST_CASE("XLSX into a missing folder fails with the path in the message") {
  TempDir dir;
  const std::string path = (dir.path / "missing" / "t.xlsx").string();
  CHECK_THROWS_WITH_AS(pk::writeTextTableXlsx(path, sample('.')), doctest::Contains("missing"), std::runtime_error);
}
