#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <filesystem>

#include <cpl_conv.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "core/column_mapping.h"
#include "core/layer_io.h"
#include "core/table_io.h"
#include "test_support.h"

using namespace pk;

namespace {

TableReadOptions knownHeaders() {
  TableReadOptions o;
  o.knownHeaders = allRecognisedHeaders();
  return o;
}

Table readCsvText(pk::test::TempDir& dir, const std::string& name, const std::string& text) {
  std::string path = dir.file(name);
  pk::test::writeText(path, text);
  return readTable(path, knownHeaders());
}

std::string readError(const std::string& path) {
  try {
    readTable(path, knownHeaders());
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

std::string xmlEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}

// A minimal XLSX as Excel users make them: given rows (1-based spreadsheet row -> cells), text
// cells inline, numeric-looking cells as numbers.
void writeMinimalXlsx(const std::string& path, const std::vector<std::pair<int, std::vector<std::string>>>& rows) {
  std::string sheet =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>";
  for (const auto& [r, cells] : rows) {
    sheet += "<row r=\"" + std::to_string(r) + "\">";
    for (size_t c = 0; c < cells.size(); ++c) {
      if (cells[c].empty()) continue;
      std::string ref = std::string(1, char('A' + c)) + std::to_string(r);
      char* end = nullptr;
      std::strtod(cells[c].c_str(), &end);
      bool numeric = end && *end == '\0' && cells[c].find(',') == std::string::npos;
      if (numeric) sheet += "<c r=\"" + ref + "\"><v>" + cells[c] + "</v></c>";
      else sheet += "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + xmlEscape(cells[c]) + "</t></is></c>";
    }
    sheet += "</row>";
  }
  sheet += "</sheetData></worksheet>";
  const std::vector<std::pair<std::string, std::string>> files = {
      {"[Content_Types].xml",
       "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/"
       "package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/"
       "vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
       "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/"
       "vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/"
       "sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
       "</Types>"},
      {"_rels/.rels",
       "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://"
       "schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://"
       "schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
       "</Relationships>"},
      {"xl/workbook.xml",
       "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"http://"
       "schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/"
       "officeDocument/2006/relationships\"><sheets><sheet name=\"KPM\" sheetId=\"1\" r:id=\"rId1\"/></sheets>"
       "</workbook>"},
      {"xl/_rels/workbook.xml.rels",
       "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://"
       "schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://"
       "schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
       "</Relationships>"},
      {"xl/worksheets/sheet1.xml", sheet},
  };
  void* zip = CPLCreateZip(path.c_str(), nullptr);
  REQUIRE(zip != nullptr);
  for (const auto& [name, text] : files) {
    REQUIRE(CPLCreateFileInZip(zip, name.c_str(), nullptr) == CE_None);
    REQUIRE(CPLWriteFileInZip(zip, text.data(), static_cast<int>(text.size())) == CE_None);
    REQUIRE(CPLCloseFileInZip(zip) == CE_None);
  }
  REQUIRE(CPLCloseZip(zip) == CE_None);
}

// A point layer through GDAL: `epsg` CRS, points given in that CRS.
void writePointFile(const std::string& path, const char* driverName, int epsg,
                    const std::vector<std::tuple<std::string, double, double>>& points) {
  initGdal();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driverName);
  REQUIRE(driver != nullptr);
  GDALDataset* ds = driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
  REQUIRE(ds != nullptr);
  OGRSpatialReference srs;
  srs.importFromEPSG(epsg);
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRLayer* layer = ds->CreateLayer("kpm", &srs, wkbPoint, nullptr);
  REQUIRE(layer != nullptr);
  OGRFieldDefn id("no_kpm", OFTString);
  layer->CreateField(&id);
  for (const auto& [name, x, y] : points) {
    OGRFeature f(layer->GetLayerDefn());
    f.SetField("no_kpm", name.c_str());
    OGRPoint p(x, y);
    f.SetGeometry(&p);
    REQUIRE(layer->CreateFeature(&f) == OGRERR_NONE);
  }
  GDALClose(ds);
}

}  // namespace

TEST_CASE("CSV: comma, semicolon and tab are detected; values stay text; row numbers are spreadsheet rows") {
  pk::test::TempDir dir;
  SUBCASE("comma with a UTF-8 BOM and CRLF") {
    Table t = readCsvText(dir, "comma.csv", "\xEF\xBB\xBFno_kpm,nama,lon,lat\r\nK001,Asep,107.45,-6.83\r\nK002,Iis,107.5,-6.9\r\n");
    CHECK(t.delimiter == ',');
    CHECK(t.encoding == "UTF-8");
    REQUIRE(t.columns == std::vector<std::string>{"no_kpm", "nama", "lon", "lat"});
    REQUIRE(t.rowCount() == 2);
    CHECK(t.headerRowNumber == 1);
    CHECK(t.rowNumber(0) == 2);
    CHECK(t.rowNumber(1) == 3);
    CHECK(t.cell(1, 0) == "K002");
    CHECK(t.cell(1, 3) == "-6.9");
  }
  SUBCASE("semicolon with decimal commas (Indonesian Excel)") {
    Table t = readCsvText(dir, "semi.csv", "no_kpm;nama;bujur;lintang;bsimu\nK001;Asep;107,4512;-6,8312;5.000.000\n"
                                          "K002;Iis;107,5;-6,9;2.500.000\nK003;Ujang;;;\n");
    CHECK(t.delimiter == ';');
    REQUIRE(t.columnCount() == 5);
    REQUIRE(t.rowCount() == 3);
    CHECK(t.cell(0, 2) == "107,4512");
    CHECK(t.cell(0, 4) == "5.000.000");
    CHECK(t.cell(2, 2) == "");
    CHECK(t.notes.empty());
  }
  SUBCASE("tab") {
    Table t = readCsvText(dir, "tab.txt", "id\tkecamatan\tstatus\n1\tLembang\taktif\n2\tCisarua\tlulus\n");
    CHECK(t.delimiter == '\t');
    REQUIRE(t.rowCount() == 2);
    CHECK(t.cell(1, 1) == "Cisarua");
  }
  SUBCASE("quoted fields may hold the delimiter, quotes and line breaks") {
    Table t = readCsvText(dir, "quoted.csv",
                          "id,nama_usaha,lon\n1,\"Keripik \"\"Bu Ela\"\", Cililin\",\"107,41\"\n2,\"two\nlines\",107.4\n3,x,107.3\n");
    REQUIRE(t.rowCount() == 3);
    CHECK(t.cell(0, 1) == "Keripik \"Bu Ela\", Cililin");
    CHECK(t.cell(0, 2) == "107,41");
    CHECK(t.cell(1, 1) == "two\nlines");
    // A record spanning two lines is one spreadsheet row.
    CHECK(t.rowNumber(2) == 4);
  }
  SUBCASE("empty rows are skipped but keep the numbering") {
    Table t = readCsvText(dir, "gaps.csv", "id,kecamatan\n1,Lembang\n\n,\n4,Rongga\n");
    REQUIRE(t.rowCount() == 2);
    CHECK(t.rowNumber(1) == 5);
  }
}

TEST_CASE("CSV: Windows-1252 text is converted to UTF-8") {
  pk::test::TempDir dir;
  // 0xE9 = e acute, 0x92 = right single quotation mark (differs from ISO-8859-1), 0xB0 = degree.
  Table t = readCsvText(dir, "cp1252.csv", "id;nama;keterangan\n1;Ren\xE9;Jum\x92" "at\n2;Ela;6\xB0S\n");
  CHECK(t.encoding == "Windows-1252");
  REQUIRE(t.rowCount() == 2);
  CHECK(t.cell(0, 1) == "Ren\xC3\xA9");
  CHECK(t.cell(0, 2) == "Jum\xE2\x80\x99" "at");
  CHECK(t.cell(1, 2) == "6\xC2\xB0S");
  CHECK(isValidUtf8(t.cell(0, 2)));
  CHECK_FALSE(isValidUtf8("Ren\xE9"));
}

TEST_CASE("isValidUtf8 finds a bad byte at any offset, within and after runs of ASCII") {
  const std::string ascii(40, 'a');
  for (size_t at = 0; at <= ascii.size(); ++at) {
    CAPTURE(at);
    std::string s = ascii;
    CHECK(isValidUtf8(s.insert(at, "\xC3\xA9")));                 // e acute: valid
    s = ascii;
    CHECK_FALSE(isValidUtf8(s.insert(at, "\xE9")));               // Windows-1252 e acute: not UTF-8
    s = ascii;
    CHECK_FALSE(isValidUtf8(s.insert(at, "\xED\xA0\x80")));       // a surrogate
    CHECK_FALSE(isValidUtf8(ascii.substr(0, at) + "\xC3"));       // cut off at the end
  }
}

TEST_CASE("CSV: NUL bytes after the sampled start are dropped from the cells and counted in a note") {
  pk::test::TempDir dir;
  std::string text = "id,nama\n";
  for (int i = 1; text.size() < 70'000; ++i) text += std::to_string(i) + ",Warga " + std::to_string(i) + "\n";
  text += std::string("99999,Ren") + '\0' + "a" + '\0' + '\0' + "\n";
  Table t = readCsvText(dir, "late_nul.csv", text);
  REQUIRE(t.rowCount() > 1000);
  CHECK(t.cell(t.rowCount() - 1, 1) == "Rena");
  CHECK(t.cell(0, 1) == "Warga 1");
  CHECK(std::find(t.notes.begin(), t.notes.end(), "3 NUL bytes in the text were ignored") != t.notes.end());
}

TEST_CASE("CSV: title rows above the header are skipped by recognising column names") {
  pk::test::TempDir dir;
  Table t = readCsvText(dir, "title.csv",
                        "DAFTAR KPM PROKUS KABUPATEN BANDUNG BARAT;;;\nTahun 2020;;;\n;;;\nNo KPM;Nama KPM;Kecamatan;Desa\n"
                        "K1;Asep;Lembang;Cikole\nK2;Iis;Cisarua;Jambudipa\n");
  CHECK(t.delimiter == ';');
  CHECK(t.headerRowNumber == 4);
  REQUIRE(t.columns.size() == 4);
  CHECK(t.columns[0] == "No KPM");
  REQUIRE(t.rowCount() == 2);
  CHECK(t.rowNumber(0) == 5);
  CHECK(t.cell(1, 3) == "Jambudipa");
}

TEST_CASE("bad CSV input gives one clear line naming the file and the problem") {
  pk::test::TempDir dir;
  SUBCASE("wrong delimiter") {
    std::string path = dir.file("pipes.csv");
    pk::test::writeText(path, "id|nama|lon|lat\n1|Asep|107.4|-6.8\n2|Iis|107.5|-6.9\n");
    std::string e = readError(path);
    CHECK(e.find("pipes.csv: ") == 0);
    CHECK(e.find("only one column") != std::string::npos);
    CHECK(e.find("wrong delimiter?") != std::string::npos);
  }
  SUBCASE("header only: no usable rows") {
    std::string path = dir.file("header_only.csv");
    pk::test::writeText(path, "no_kpm,nama,lon,lat\n,,,\n");
    CHECK(readError(path) == "header_only.csv: no usable rows: header on row 1 but no data rows below it");
  }
  SUBCASE("empty file") {
    std::string path = dir.file("empty.csv");
    pk::test::writeText(path, "\n\n");
    CHECK(readError(path) == "empty.csv: no usable rows: the file is empty");
  }
  SUBCASE("decimal commas in an unquoted comma-separated file") {
    std::string path = dir.file("commas.csv");
    pk::test::writeText(path, "id,lon,lat\n1,107,45,-6,83\n2,107,50,-6,90\n3,107.4,-6.8\n");
    std::string e = readError(path);
    CHECK(e.find("commas.csv: 2 of 3 rows have more fields than the header (3)") == 0);
  }
  SUBCASE("a few rows with extra fields are kept and flagged") {
    std::string path = dir.file("some_extra.csv");
    pk::test::writeText(path, "id,lon,lat\n1,107.4,-6.8\n2,107.5,-6.9\n3,107,45,-6,83\n4,107.1,-6.7\n");
    Table t = readTable(path, knownHeaders());
    REQUIRE(t.rowCount() == 4);
    CHECK_FALSE(t.rowHasExtraFields(0));
    CHECK(t.rowHasExtraFields(2));
    REQUIRE(t.notes.size() == 1);
    CHECK(t.notes[0].find("1 of 4 rows have more fields") == 0);
  }
  SUBCASE("missing file") {
    CHECK(readError(dir.file("nope.csv")) == "nope.csv: file not found");
  }
}

TEST_CASE("XLSX with title rows above the header") {
  pk::test::TempDir dir;
  std::string path = dir.file("kpm.xlsx");
  writeMinimalXlsx(path, {
                             {1, {"DATA PENERIMA PROKUS 2020"}},
                             {2, {"Kabupaten Bandung Barat"}},
                             {4, {"No", "ID KPM", "Nama Penerima", "Kecamatan", "Bujur", "Lintang", "Tahun"}},
                             {5, {"1", "3217010001", "Asep", "Lembang", "107.6259", "-6.8397", "2020"}},
                             {6, {"2", "3217010002", "Iis", "Cisarua", "107,55", "-6,81", "2021"}},
                             {8, {"3", "3217010003", "Ujang", "Kec. Cililin", "", "", "2020"}},
                         });
  Table t = readTable(path, knownHeaders());
  CHECK(t.format == "XLSX");
  CHECK(t.headerRowNumber == 4);
  REQUIRE(t.columns.size() == 7);
  CHECK(t.columns[1] == "ID KPM");
  REQUIRE(t.rowCount() == 3);
  CHECK(t.rowNumber(0) == 5);
  CHECK(t.rowNumber(2) == 8);
  CHECK(t.cell(0, 1) == "3217010001");  // a long number stays as written, not 3.2e9
  CHECK(t.cell(0, 4) == "107.6259");
  CHECK(t.cell(1, 4) == "107,55");
  CHECK(t.cell(2, 3) == "Kec. Cililin");
  ColumnMapping m = guessColumnMapping(t, ListKind::Beneficiaries);
  CHECK(m[ColumnRole::Id] == 1);
  CHECK(m[ColumnRole::Name] == 2);
  CHECK(m[ColumnRole::Lon] == 4);
  CHECK(m[ColumnRole::Lat] == 5);
  CHECK(m[ColumnRole::Cohort] == 6);
}

TEST_CASE("ODS written by GDAL reads back") {
  initGdal();
  pk::test::TempDir dir;
  std::string path = dir.file("mentors.ods");
  {
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("ODS");
    REQUIRE(driver != nullptr);
    GDALDataset* ds = driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
    REQUIRE(ds != nullptr);
    OGRLayer* layer = ds->CreateLayer("mentor", nullptr, wkbNone, nullptr);
    for (const char* name : {"id_mentor", "organisasi", "kapasitas", "kecamatan"}) {
      OGRFieldDefn f(name, OFTString);
      layer->CreateField(&f);
    }
    for (int i = 0; i < 3; ++i) {
      OGRFeature f(layer->GetLayerDefn());
      f.SetField(0, ("M" + std::to_string(i + 1)).c_str());
      f.SetField(1, "Inkubator Bisnis KBB");
      f.SetField(2, "15");
      f.SetField(3, i == 2 ? "Rongga" : "Cililin");
      REQUIRE(layer->CreateFeature(&f) == OGRERR_NONE);
    }
    GDALClose(ds);
  }
  Table t = readTable(path, knownHeaders());
  CHECK(t.format == "ODS");
  CHECK(t.headerRowNumber == 1);
  REQUIRE(t.rowCount() == 3);
  CHECK(t.rowNumber(0) == 2);
  CHECK(t.cell(2, 0) == "M3");
  CHECK(t.cell(2, 3) == "Rongga");
}

TEST_CASE("GeoJSON and GeoPackage points become lon/lat columns in EPSG:4326") {
  pk::test::TempDir dir;
  SUBCASE("GeoJSON in lon/lat") {
    std::string path = dir.file("kpm.geojson");
    writePointFile(path, "GeoJSON", 4326, {{"K1", 107.45, -6.83}, {"K2", 107.5, -6.9}});
    Table t = readTable(path, knownHeaders());
    REQUIRE(t.rowCount() == 2);
    REQUIRE(t.geometryLonColumn >= 0);
    CHECK(t.columns[t.geometryLonColumn] == "lon");
    CHECK(t.cell(1, t.columnIndex("no_kpm")) == "K2");
    CHECK(std::stod(std::string(t.cell(0, t.geometryLonColumn))) == doctest::Approx(107.45).epsilon(1e-9));
    CHECK(std::stod(std::string(t.cell(0, t.geometryLatColumn))) == doctest::Approx(-6.83).epsilon(1e-9));
    CHECK(t.rowNumber(1) == 2);
  }
  SUBCASE("GeoPackage in UTM 48S is reprojected") {
    std::string path = dir.file("kpm.gpkg");
    // Lembang town centre (107.6202, -6.82) in EPSG:32748.
    OGRSpatialReference wgs, utm;
    wgs.importFromEPSG(4326);
    wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    utm.importFromEPSG(32748);
    utm.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    auto* ct = OGRCreateCoordinateTransformation(&wgs, &utm);
    double x = 107.62017, y = -6.82;
    REQUIRE(ct->Transform(1, &x, &y));
    OGRCoordinateTransformation::DestroyCT(ct);
    CHECK(x > 700000);
    writePointFile(path, "GPKG", 32748, {{"K1", x, y}});
    Table t = readTable(path, knownHeaders());
    REQUIRE(t.rowCount() == 1);
    CHECK(std::stod(std::string(t.cell(0, t.geometryLonColumn))) == doctest::Approx(107.62017).epsilon(1e-9));
    CHECK(std::stod(std::string(t.cell(0, t.geometryLatColumn))) == doctest::Approx(-6.82).epsilon(1e-8));
    ColumnMapping m = guessColumnMapping(t, ListKind::Beneficiaries);
    CHECK(m[ColumnRole::Lon] == t.geometryLonColumn);
    CHECK(m[ColumnRole::Id] == t.columnIndex("no_kpm"));
  }
}

TEST_CASE("delimiter detection prefers the delimiter that gives a consistent table") {
  CHECK(detectCsvDelimiter("a;b;c\n1,5;2,5;3\n4;5;6,5\n") == ';');
  CHECK(detectCsvDelimiter("a,b,c\n1,2,3\n") == ',');
  CHECK(detectCsvDelimiter("a\tb\n1,5\t2\n") == '\t');
}

TEST_CASE("import templates: header-only CSV and XLSX, written atomically") {
  pk::test::TempDir dir;
  const auto headers = templateHeaders(ListKind::Beneficiaries);
  std::string csv = dir.file("template.csv"), xlsx = dir.file("template.xlsx");
  writeHeaderOnlyTable(csv, headers);
  writeHeaderOnlyTable(xlsx, headers);
  CHECK(pk::test::readText(csv) ==
        "no_kpm,nama,nik,kecamatan,desa,lon,lat,jenis_usaha,nama_usaha,tahun,bsimu,id_mentor,status\r\n");
  // Reading a template back finds the header on row 1 and no data.
  CHECK(readError(csv) == "template.csv: no usable rows: header on row 1 but no data rows below it");
  CHECK(readError(xlsx) == "template.xlsx: no usable rows: header on row 1 but no data rows below it");
  // Every template header is recognised for its role.
  ColumnMapping m = guessColumnMapping(headers, ListKind::Beneficiaries);
  for (ColumnRole r : {ColumnRole::Id, ColumnRole::Name, ColumnRole::Nik, ColumnRole::Kecamatan, ColumnRole::Desa,
                       ColumnRole::Lon, ColumnRole::Lat, ColumnRole::BusinessType, ColumnRole::BusinessName,
                       ColumnRole::Cohort, ColumnRole::Bsimu, ColumnRole::MentorId, ColumnRole::Status})
    CHECK_MESSAGE(m.has(r), columnRoleKey(r));
  // Only the two files: no temporary leftovers.
  int files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++files;
  CHECK(files == 2);
  // Overwriting works (rename over an existing file).
  writeImportTemplate(csv, ListKind::Mentors);
  CHECK(pk::test::readText(csv).rfind("id_mentor,nama,organisasi,kapasitas", 0) == 0);
}

// ---- robustness: nothing lost silently, nothing huge or binary read ----

namespace {

// 40 data rows under a header; row `badRow` (1-based data row) has an address opening a quote that
// never closes.
std::string fortyRowsWithOpenQuote(int badRow) {
  const char* names[] = {"Lembang", "Parongpong", "Cisarua", "Cikalongwetan"};
  std::string text = "id,nama,kecamatan,alamat\n";
  for (int i = 1; i <= 40; ++i)
    text += "K" + std::to_string(i) + ",Warga " + std::to_string(i) + "," + names[i % 4] + "," +
            (i == badRow ? std::string("\"Jl. Raya") : "Jl. Merdeka " + std::to_string(i)) + "\n";
  return text;
}

bool printableOneLine(const std::string& s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7F) return false;
  return isValidUtf8(s);
}

}  // namespace

TEST_CASE("CSV: a quote that never closes refuses the file, naming the line and the lines it swallows") {
  pk::test::TempDir dir;
  std::string path = dir.file("open_quote.csv");
  pk::test::writeText(path, fortyRowsWithOpenQuote(3));
  const std::string e = readError(path);
  // Row 3 of the data is line 4 of the file; lines 5 to 41 would vanish into its cell.
  CHECK(e.find("open_quote.csv: line 4: ") == 0);
  CHECK(e.find("never closes") != std::string::npos);
  CHECK(e.find("37 lines") != std::string::npos);
  CHECK(printableOneLine(e));
}

TEST_CASE("CSV: a quoted cell over more than 5 lines is refused; a cell over 2 lines is kept and noted") {
  pk::test::TempDir dir;
  SUBCASE("a stray quote closed by a later one") {
    std::string text = fortyRowsWithOpenQuote(3);
    // Row 10's address opens a quote too: the stray quote of row 3 closes there, 7 lines later.
    const size_t at = text.find("Jl. Merdeka 10");
    text.insert(at, "\"");
    std::string path = dir.file("stray_quote.csv");
    pk::test::writeText(path, text);
    const std::string e = readError(path);
    CHECK(e.find("stray_quote.csv: line 4: ") == 0);
    CHECK(e.find("runs over 8 lines, to line 11") != std::string::npos);
  }
  SUBCASE("a real two-line address") {
    std::string path = dir.file("two_lines.csv");
    pk::test::writeText(path, "id,kecamatan,alamat\r\nK1,Lembang,\"Jl. A No. 1\r\nRT 01 RW 02\"\r\nK2,Cisarua,Jl. B\r\n");
    Table t = readTable(path, knownHeaders());
    REQUIRE(t.rowCount() == 2);
    CHECK(t.cell(0, 2) == "Jl. A No. 1\r\nRT 01 RW 02");
    CHECK(t.rowNumber(1) == 3);
    REQUIRE(t.notes.size() == 1);
    CHECK(t.notes[0] == "1 row has a quoted cell over several lines (first at line 2)");
  }
}

TEST_CASE("files over the 2 GB limit are refused before reading, within a second") {
  pk::test::TempDir dir;
  for (const char* name : {"huge.csv", "huge.xlsx"}) {
    CAPTURE(name);
    std::string path = dir.file(name);
    {
      std::ofstream(path) << "id,kecamatan\n";
    }
    // Sparse: no real 2 GB written.
    std::filesystem::resize_file(path, 2'000'000'001ULL);
    const auto start = std::chrono::steady_clock::now();
    const std::string e = readError(path);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(e == std::string(name) + ": too large: 2000000001 bytes, over the 2 GB limit for tables (2000000000 bytes)");
    CHECK(seconds < 1.0);
  }
}

TEST_CASE("binary content is refused from a sample, within a second") {
  pk::test::TempDir dir;
  SUBCASE("NUL bytes after a header") {
    std::string path = dir.file("nul.csv");
    pk::test::writeText(path, "id,kecamatan\n" + std::string(5'000'000, '\0'));
    CHECK(readError(path) == "nul.csv: binary content, not a text table (NUL bytes in the first 64 KB)");
  }
  SUBCASE("mostly control bytes") {
    std::string junk = "id,kecamatan\n";
    for (int i = 0; i < 3000; ++i) junk += static_cast<char>(1 + (i * 37 + 11) % 255);
    std::string path = dir.file("junk.csv");
    pk::test::writeText(path, junk);
    CHECK(readError(path) == "junk.csv: binary content, not a text table (control bytes in the first 64 KB)");
  }
  SUBCASE("an XLSX saved under a .csv name") {
    std::string xlsx = dir.file("real.xlsx");
    writeMinimalXlsx(xlsx, {{1, {"id", "kecamatan"}}, {2, {"K1", "Lembang"}}});
    std::string path = dir.file("zipped.csv");
    std::filesystem::copy_file(xlsx, path);
    CHECK(readError(path) ==
          "zipped.csv: a ZIP archive, not a text table (an .xlsx or .ods file renamed to .csv? Give it its real extension)");
  }
}

TEST_CASE("messages quote file content as a short escaped excerpt") {
  pk::test::TempDir dir;
  std::string path = dir.file("one_long_line.csv");
  pk::test::writeText(path, std::string(1'000'000, 'x') + "\x01\n");
  const std::string e = readError(path);
  CHECK(e == "one_long_line.csv: only one column found (header 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'): wrong "
             "delimiter? Use comma, semicolon or tab");
}

TEST_CASE("CSV: UTF-16 without a byte order mark is recognised") {
  pk::test::TempDir dir;
  for (bool littleEndian : {true, false}) {
    CAPTURE(littleEndian);
    std::string utf16;
    for (unsigned char c : std::string("id\tkecamatan\r\nK1\tLembang\r\nK2\tCisar")) {
      utf16 += littleEndian ? std::string{static_cast<char>(c), '\0'} : std::string{'\0', static_cast<char>(c)};
    }
    utf16 += littleEndian ? std::string("\xFA\0", 2) : std::string("\0\xFA", 2);  // u with acute
    for (char c : std::string("a\r\n")) utf16 += littleEndian ? std::string{c, '\0'} : std::string{'\0', c};
    std::string path = dir.file(littleEndian ? "le.csv" : "be.csv");
    pk::test::writeText(path, utf16);
    Table t = readTable(path, knownHeaders());
    CHECK(t.encoding == (littleEndian ? "UTF-16LE" : "UTF-16BE"));
    REQUIRE(t.rowCount() == 2);
    CHECK(t.columns == std::vector<std::string>{"id", "kecamatan"});
    CHECK(t.cell(1, 1) == "Cisar\xC3\xBA" "a");
  }
}

TEST_CASE("XLSX: damaged files are refused, never read in part; a million empty rows read correctly") {
  pk::test::TempDir dir;
  std::string good = dir.file("good.xlsx");
  writeMinimalXlsx(good, {{1, {"id", "kecamatan"}}, {2, {"K1", "Lembang"}}, {3, {"K2", "Cisarua"}}});
  const std::string bytes = pk::test::readText(good);
  SUBCASE("cut in half") {
    std::string path = dir.file("cut.xlsx");
    pk::test::writeText(path, bytes.substr(0, bytes.size() / 2));
    const std::string e = readError(path);
    CHECK(e.find("cut.xlsx: cannot open as XLSX") == 0);
    CHECK(printableOneLine(e));
  }
  SUBCASE("a sheet whose XML breaks off after the first data row") {
    // Stored (not deflated) entries, so the sheet XML can be cut inside the archive.
    std::string path = dir.file("broken_sheet.xlsx");
    void* zip = CPLCreateZip(path.c_str(), nullptr);
    REQUIRE(zip != nullptr);
    initGdal();
    // Rebuild the workbook with a sheet cut inside row 3.
    char** names = VSIReadDirRecursive(("/vsizip/" + good).c_str());
    for (char** n = names; n && *n; ++n) {
      std::string name = *n;
      if (!name.empty() && name.back() == '/') continue;
      vsi_l_offset size = 0;
      GByte* data = nullptr;
      REQUIRE(VSIIngestFile(nullptr, ("/vsizip/" + good + "/" + name).c_str(), &data, &size, -1));
      std::string content(reinterpret_cast<char*>(data), static_cast<size_t>(size));
      VSIFree(data);
      if (name.find("sheet1.xml") != std::string::npos) content = content.substr(0, content.find("<row r=\"3\"") + 20);
      REQUIRE(CPLCreateFileInZip(zip, name.c_str(), nullptr) == CE_None);
      REQUIRE(CPLWriteFileInZip(zip, content.data(), static_cast<int>(content.size())) == CE_None);
      REQUIRE(CPLCloseFileInZip(zip) == CE_None);
    }
    CSLDestroy(names);
    REQUIRE(CPLCloseZip(zip) == CE_None);
    const std::string e = readError(path);
    CHECK(e.find("broken_sheet.xlsx: damaged XLSX, ") == 0);
    CHECK(printableOneLine(e));
  }
  SUBCASE("100,000 empty rows between the data rows") {
    std::vector<std::pair<int, std::vector<std::string>>> rows = {{1, {"id", "kecamatan"}}, {2, {"K1", "Lembang"}}};
    for (int r = 3; r < 100'003; ++r) rows.push_back({r, {"", ""}});
    rows.push_back({100'003, {"K2", "Cisarua"}});
    std::string path = dir.file("sparse_rows.xlsx");
    writeMinimalXlsx(path, rows);
    Table t = readTable(path, knownHeaders());
    REQUIRE(t.rowCount() == 2);
    CHECK(t.rowNumber(1) == 100'003);
    CHECK(t.cell(1, 1) == "Cisarua");
  }
}

TEST_CASE("a CSV read in chunks gives readTable's rows, row numbers and notes, one chunk held at a time") {
  pk::test::TempDir dir;
  const std::string path = dir.file("kpm.csv");
  // A title row above the header, an empty row, a cell over two lines and a row with an extra field.
  std::string text = "Daftar KPM 2020\nid,lon,lat,usaha\n";
  for (int i = 1; i <= 40; ++i) {
    if (i == 7) text += ",,,\n";
    if (i == 11) text += "K11,107.5,-6.9,\"Warung\nkopi\"\n";
    else if (i == 23) text += "K23,107,5,-6.9,x\n";
    else text += "K" + std::to_string(i) + ",107." + std::to_string(i) + ",-6.9,Jahit\n";
  }
  pk::test::writeText(path, text);
  const Table whole = readTable(path, knownHeaders());
  REQUIRE(whole.rowCount() == 40);
  REQUIRE(whole.notes.size() == 2);  // the extra field and the two-line cell
  for (size_t chunkRows : {1, 3, 16, 40, 100}) {
    CAPTURE(chunkRows);
    std::vector<std::string> cells, notes;
    std::vector<int> rowNumbers;
    std::vector<bool> extra;
    size_t chunks = 0, notesSeenBeforeLast = 0;
    readTableChunks(path, knownHeaders(), chunkRows, [&](const Table& chunk) {
      ++chunks;
      CHECK(chunk.rowCount() <= chunkRows);
      CHECK(chunk.columns == whole.columns);
      CHECK(chunk.headerRowNumber == 2);
      CHECK(chunk.delimiter == ',');
      notesSeenBeforeLast += notes.size();
      notes = chunk.notes;
      for (size_t r = 0; r < chunk.rowCount(); ++r) {
        rowNumbers.push_back(chunk.rowNumber(r));
        extra.push_back(chunk.rowHasExtraFields(r));
        for (size_t c = 0; c < chunk.columnCount(); ++c) cells.emplace_back(chunk.cell(r, c));
      }
    });
    CHECK(chunks == 40 / chunkRows + 1);
    CHECK(notesSeenBeforeLast == 0);  // the notes come with the last chunk
    CHECK(notes == whole.notes);
    REQUIRE(rowNumbers.size() == whole.rowCount());
    for (size_t r = 0; r < whole.rowCount(); ++r) {
      CHECK(rowNumbers[r] == whole.rowNumber(r));
      CHECK(extra[r] == whole.rowHasExtraFields(r));
      for (size_t c = 0; c < whole.columnCount(); ++c) CHECK(cells[r * whole.columnCount() + c] == whole.cell(r, c));
    }
  }
}

TEST_CASE("reading in chunks refuses what readTable refuses, with the same message") {
  pk::test::TempDir dir;
  const std::string headerOnly = dir.file("kosong.csv");
  pk::test::writeText(headerOnly, "id,lon,lat\n");
  const std::string shifted = dir.file("koma.csv");
  pk::test::writeText(shifted, "id,lon,lat\nK1,107,5,-6,9\nK2,107,6,-6,8\nK3,107.7,-6.7\n");
  for (const std::string& path : {headerOnly, shifted, dir.file("hilang.csv")}) {
    CAPTURE(path);
    const std::string expected = readError(path);
    REQUIRE(expected != "(no error)");
    std::string got = "(no error)";
    try {
      readTableChunks(path, knownHeaders(), 1, [](const Table&) {});
    } catch (const InputError& e) {
      got = e.what();
    }
    CHECK(got == expected);
  }
}

TEST_CASE("a chunk reader whose receiver fails stops reading and passes the receiver's error on") {
  pk::test::TempDir dir;
  const std::string path = dir.file("panjang.csv");
  std::string text = "id,lon,lat\n";
  for (int i = 1; i <= 5000; ++i) text += "K" + std::to_string(i) + ",107.5,-6.9\n";
  pk::test::writeText(path, text);
  size_t chunks = 0;
  std::string error;
  try {
    readTableChunks(path, knownHeaders(), 10, [&](const Table& chunk) {
      if (++chunks == 2) throw InputError(chunk.path, "the receiver gave up");
    });
  } catch (const InputError& e) {
    error = e.what();
  }
  // The call returns (the reader thread stopped; had it waited for the receiver, join would hang)
  // with the receiver's error, and no chunk after it.
  CHECK(chunks == 2);
  CHECK(error.find("the receiver gave up") != std::string::npos);
}
