// `prokus-map export-pack`: the meeting pack holds every expected file, no personal data anywhere
// (file contents, PNG metadata, the XLSX's XML), small counts as "<3", our files overwritten and
// others left alone, and the kecamatan images' world files mapping the map part of the image.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include <gdal_priv.h>
#include <nlohmann/json.hpp>

#include "core/layer_io.h"
#include "core/map_document.h"
#include "core/project_file.h"
#include "core/table_io.h"
#include "furniture_clearance.h"
#include "test_support.h"

using namespace pk::test;
namespace fs = std::filesystem;

namespace {

CommandResult exportPack(const std::string& args) {
  return runCommand(std::string("env -u DISPLAY -u WAYLAND_DISPLAY ") + quote(PROKUS_BINARY) + " export-pack " + args);
}

std::string demoProject() { return (sourceDir() / "geodata" / "demo.prokus.json").string(); }
std::string geodata(const std::string& file) { return (sourceDir() / "geodata" / file).string(); }

// Every name, NIK, id and business name of the demo's beneficiaries, and the mentors' names.
std::vector<std::string> personalStrings() {
  std::vector<std::string> out;
  const pk::Table kpm = pk::readTable(geodata("synthetic_kpm_beneficiaries.csv"));
  for (const char* column : {"nama_kpm", "nik", "nama_usaha", "id_kpm"}) {
    const int c = kpm.columnIndex(column);
    REQUIRE_MESSAGE(c >= 0, column);
    for (size_t r = 0; r < kpm.rowCount(); ++r) out.emplace_back(kpm.cell(r, c));
  }
  const pk::Table mentors = pk::readTable(geodata("synthetic_mentors.csv"));
  const int name = mentors.columnIndex("nama");
  REQUIRE(name >= 0);
  for (size_t r = 0; r < mentors.rowCount(); ++r) out.emplace_back(mentors.cell(r, name));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  out.erase(std::remove_if(out.begin(), out.end(), [](const std::string& s) { return s.size() < 6; }), out.end());
  return out;
}

// Text of a file as a search sees it: the bytes, plus for PNGs every metadata item GDAL reads (text
// chunks may be compressed), plus for XLSX every unzipped part.
std::string searchableText(const fs::path& file) {
  std::string text = readText(file.string());
  const std::string ext = file.extension().string();
  if (ext == ".png") {
    GDALDatasetH ds = GDALOpen(file.string().c_str(), GA_ReadOnly);
    REQUIRE(ds);
    char** domains = GDALGetMetadataDomainList(ds);
    std::vector<std::string> names{""};
    for (char** d = domains; d && *d; ++d) names.push_back(*d);
    CSLDestroy(domains);
    for (const auto& domain : names)
      for (char** m = GDALGetMetadata(ds, domain.c_str()); m && *m; ++m) text += std::string("\n") + *m;
    GDALClose(ds);
  } else if (ext == ".xlsx") {
    const auto unzipped = runCommand("unzip -p " + quote(file.string()));
    REQUIRE(unzipped.exitCode == 0);
    REQUIRE(unzipped.output.find("<sheetData") != std::string::npos);
    text += unzipped.output;
  }
  return text;
}

// "file: string" for every personal string found in any file of `dir` (but `skip`).
std::vector<std::string> personalHits(const fs::path& dir, const std::vector<std::string>& personal,
                                      const std::string& skip = "") {
  std::vector<std::string> hits;
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().filename() == skip) continue;
    ++files;
    const std::string text = searchableText(entry.path());
    for (const auto& s : personal)
      if (text.find(s) != std::string::npos) hits.push_back(entry.path().filename().string() + ": " + s);
  }
  CHECK(files > 20);
  for (const auto& h : hits) MESSAGE("personal data found: " << h);
  return hits;
}

std::set<std::string> filesIn(const fs::path& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.insert(e.path().filename().string());
  return out;
}


// A project in `dir` opening the demo's data by absolute path, with bookmarks, a scenario, the
// business and mentor overlays (so points are drawn) and a privacy section.
std::string writeRichProject(const TempDir& dir) {
  nlohmann::json j = nlohmann::json::parse(readText(demoProject()));
  j["layers"][0]["path"] = geodata("kbb_kecamatan_schematic.geojson");
  for (const char* k : {"beneficiaries", "mentors", "polygon_table"})
    j["programme"][k]["path"] = geodata(j["programme"][k]["path"].get<std::string>());
  j["overlays"]["active"] = {"choropleth", "business", "mentors"};
  j["bookmarks"] = nlohmann::json::parse(R"([
    {"name": "Klaster Sindangkerta – Cililin", "center_lonlat": [107.44, -7.03], "metres_per_pixel_at_96dpi": 15,
     "title": "Klaster selatan"},
    {"name": "Lembang", "center_lonlat": [107.62, -6.81], "metres_per_pixel_at_96dpi": 20,
     "overlays": {"active": ["heatmap"]}}])");
  j["scenarios"] = nlohmann::json::parse(
      R"([{"name": "Utama", "criteria": [{"name": "beneficiaries", "weight": 50}, {"name": "pkh_graduates", "weight": 50}]}])");
  j["privacy"] = {{"small_count_threshold", 3}, {"displacement_m", 300}, {"seed", 7}};
  j["export"] = {{"width", 1280}, {"height", 720}, {"dpi", 96}};
  const std::string path = dir.file("rapat.prokus.json");
  writeText(path, j.dump(1));
  return path;
}

}  // namespace

namespace {
// Every file the demo project's pack must hold: index, overview, one image (with world file and CRS,
// shown in index.html) per kecamatan, the tables. Returns the folder's file names.
std::set<std::string> checkDemoPackFiles(const fs::path& out) {
  const auto files = filesIn(out);
  for (const char* f : {"index.html", "overview.png", "overview.pgw", "table.csv", "table.xlsx"})
    CHECK_MESSAGE(files.count(f), f);
  pk::MapDocument doc = pk::loadProject(demoProject());
  REQUIRE(doc.boundary());
  REQUIRE(doc.boundary()->features.size() == 16);
  const std::string html = readText((out / "index.html").string());
  for (size_t f = 0; f < doc.boundary()->features.size(); ++f) {
    const std::string stem = "kecamatan-" + doc.boundary()->featureCode(f);
    CHECK_MESSAGE(files.count(stem + ".png"), stem);
    CHECK_MESSAGE(files.count(stem + ".pgw"), stem);
    CHECK_MESSAGE(files.count(stem + ".png.aux.xml"), stem);
    CHECK_MESSAGE(html.find("src=\"" + stem + ".png\"") != std::string::npos, stem);
  }
  return files;
}
}  // namespace

TEST_CASE("the demo project's meeting pack: every file, no personal data, small counts withheld") {
  pk::initGdal();
  TempDir dir;
  const fs::path out = dir.path() / "pack";
  const auto r = exportPack(quote(demoProject()) + " -o " + quote(out.string()) + " --date 2025-03-12");
  INFO(r.output);
  REQUIRE(r.exitCode == 0);

  const auto files = checkDemoPackFiles(out);
  const std::string html = readText((out / "index.html").string());
  CHECK_FALSE(files.count("ranking.csv"));  // the demo has no planning scenario
  CHECK_FALSE(files.count("beneficiaries-personal.csv"));

  // index.html is self-contained: no scripts, no links or sources outside the folder.
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find("src=\"/") == std::string::npos);
  CHECK(html.find("Peta per kecamatan") != std::string::npos);
  CHECK(html.find("Map per kecamatan") != std::string::npos);
  CHECK(html.find("map projection: WGS 84 / UTM zone 48S (EPSG:32748)") != std::string::npos);

  // No name, NIK, id or business name of the demo in any file.
  const auto personal = personalStrings();
  REQUIRE(personal.size() > 800);  // 400 names, NIK, ids and business names, 19 mentors
  CHECK(personalHits(out, personal).empty());

  // table.csv: one row per kecamatan; counts of 1 and 2 written "<3", nowhere a bare 1 or 2 count.
  std::string csv = readText((out / "table.csv").string());
  REQUIRE(csv.rfind("\xEF\xBB\xBF", 0) == 0);
  csv.erase(0, 3);
  std::vector<std::vector<std::string>> rows;
  size_t start = 0;
  while (start < csv.size()) {
    size_t end = csv.find('\n', start);
    if (end == std::string::npos) end = csv.size();
    if (end > start + 1) rows.push_back(splitCsvLine(csv.substr(start, end - start)));
    start = end + 1;
  }
  REQUIRE(rows.size() == 17);
  const auto& header = rows[0];
  int withheld = 0;
  for (size_t c = 0; c < header.size(); ++c) {
    const std::string& h = header[c];
    const bool count = h == "beneficiaries" || h == "covered" || h == "over_capacity" ||
                       h.rfind("status_", 0) == 0 || h.rfind("cohort_", 0) == 0 || h.rfind("category_", 0) == 0;
    if (!count) continue;
    for (size_t r = 1; r < rows.size(); ++r) {
      CHECK_MESSAGE((rows[r][c] != "1" && rows[r][c] != "2"), h << " of " << rows[r][1] << " = " << rows[r][c]);
      withheld += rows[r][c] == "<3";
    }
  }
  CHECK(withheld > 0);  // the demo has small cells (e.g. statuses and categories of a kecamatan)

  // Compared with the exact analysis output (`stats`): the small cells are exactly the ones withheld.
  const auto stats = runCommand("{ " + quote(PROKUS_BINARY) + " stats --boundaries " +
                                quote(geodata("kbb_kecamatan_schematic.geojson")) + " --beneficiaries " +
                                quote(geodata("synthetic_kpm_beneficiaries.csv")) + " --mentors " +
                                quote(geodata("synthetic_mentors.csv")) + " 2>/dev/null; }");
  REQUIRE(stats.exitCode == 0);
  std::vector<std::vector<std::string>> exact;
  start = 0;
  while (start < stats.output.size()) {
    size_t end = stats.output.find('\n', start);
    if (end == std::string::npos) end = stats.output.size();
    if (end > start) exact.push_back(splitCsvLine(stats.output.substr(start, end - start)));
    start = end + 1;
  }
  REQUIRE(exact.size() == rows.size());
  const auto col = [&](const std::vector<std::string>& h, const std::string& name) {
    return int(std::find(h.begin(), h.end(), name) - h.begin());
  };
  int small = 0;
  for (size_t r = 1; r < rows.size(); ++r) {
    CHECK(exact[r][0] == rows[r][0]);
    for (const char* name : {"status_aktif", "status_pindah", "status_berhenti", "cohort_2021", "category_jasa"}) {
      const int ce = col(exact[0], name), cp = col(header, name);
      REQUIRE_MESSAGE(ce < int(exact[0].size()), name);
      REQUIRE_MESSAGE(cp < int(header.size()), name);
      if (exact[r][ce] == "1" || exact[r][ce] == "2") {
        ++small;
        CHECK(rows[r][cp] == "<3");
      } else if (rows[r][cp] != "x") {
        CHECK(rows[r][cp] == exact[r][ce]);
      }
    }
  }
  CHECK(small > 0);
}

TEST_CASE("a project with bookmarks and a scenario; overwriting, foreign files, personal data switch") {
  pk::initGdal();
  TempDir dir;
  const std::string project = writeRichProject(dir);
  const fs::path out = dir.path() / "rapat";
  // A planner's folder (no pack manifest) is never written into: nothing in it changes.
  fs::create_directories(out);
  writeText((out / "catatan-rapat.txt").string(), "notulen: jangan dihapus");
  writeText((out / "table.csv").string(), "the planner's own table");
  writeText((out / "beneficiaries-personal.csv").string(), "the planner's own list");
  const auto refused = exportPack(quote(project) + " -o " + quote(out.string()) + " --date 2025-03-12");
  CHECK(refused.exitCode == 2);
  CHECK(refused.output.find("is not empty and is not a meeting pack") != std::string::npos);
  CHECK(filesIn(out).size() == 3);
  CHECK(readText((out / "table.csv").string()) == "the planner's own table");
  CHECK(readText((out / "beneficiaries-personal.csv").string()) == "the planner's own list");
  fs::remove_all(out);

  auto first = exportPack(quote(project) + " -o " + quote(out.string()) + " --date 2025-03-12");
  INFO(first.output);
  REQUIRE(first.exitCode == 0);
  // A note the planner adds to the pack folder stays through the next export; the pack's files are replaced.
  writeText((out / "catatan-rapat.txt").string(), "notulen: jangan dihapus");
  fs::create_directories(out / "foto");
  writeText((out / "foto" / "papan.txt").string(), "foto papan tulis");
  writeText((out / "table.csv").string(), "stale");
  const auto r = exportPack(quote(project) + " -o " + quote(out.string()) + " --date 2025-03-12");
  INFO(r.output);
  REQUIRE(r.exitCode == 0);
  const auto files = filesIn(out);
  for (const char* f : {"index.html", "overview.png", "bookmark-01-klaster-sindangkerta-cililin.png",
                        "bookmark-01-klaster-sindangkerta-cililin.pgw", "bookmark-02-lembang.png", "table.csv",
                        "table.xlsx", "ranking.csv", "kecamatan-32.17.14.png", ".prokus-pack.json"})
    CHECK_MESSAGE(files.count(f), f);
  CHECK(readText((out / "catatan-rapat.txt").string()) == "notulen: jangan dihapus");  // left alone
  CHECK(readText((out / "foto" / "papan.txt").string()) == "foto papan tulis");       // a folder too
  CHECK(readText((out / "table.csv").string()) != "stale");                           // ours: replaced
  CHECK_FALSE(files.count("beneficiaries-personal.csv"));
  for (const auto& entry : fs::directory_iterator(dir.path()))  // no staging folder left beside the pack
    CHECK_MESSAGE(entry.path().filename().string().find("prokus-pack") == std::string::npos, entry.path());
  const std::string ranking = readText((out / "ranking.csv").string());
  CHECK(ranking.rfind("rank,code,name,score,c_beneficiaries,c_pkh_graduates,excluded\n", 0) == 0);
  CHECK(std::count(ranking.begin(), ranking.end(), '\n') == 17);

  // Images at the project's export preset, world file mapping the map part of a kecamatan image.
  pk::MapDocument doc = pk::loadProject(project);
  const pk::Layer& layer = *doc.boundary();
  int feature = -1;
  for (size_t f = 0; f < layer.features.size(); ++f)
    if (layer.featureCode(f) == "32.17.14") feature = int(f);
  REQUIRE(feature >= 0);
  GDALDatasetH ds = GDALOpen((out / "kecamatan-32.17.14.png").string().c_str(), GA_ReadOnly);
  REQUIRE(ds);
  CHECK(GDALGetRasterXSize(ds) == 1280);
  CHECK(GDALGetRasterYSize(ds) == 720);
  double gt[6];
  REQUIRE(GDALGetGeoTransform(ds, gt) == CE_None);
  // The panel's left edge: the grey rule drawn down its whole height.
  auto pixel = [&](int x, int y) {
    std::uint8_t rgb[3];
    for (int b = 0; b < 3; ++b)
      REQUIRE(GDALRasterIO(GDALGetRasterBand(ds, b + 1), GF_Read, x, y, 1, 1, &rgb[b], 1, 1, GDT_Byte, 0, 0) == CE_None);
    return std::array<int, 3>{rgb[0], rgb[1], rgb[2]};
  };
  int panelLeft = -1;
  for (int x = 1279; x > 640 && panelLeft < 0; --x) {
    bool rule = true;
    for (int y : {3, 360, 716}) rule = rule && pixel(x, y) == std::array<int, 3>{120, 120, 120};
    if (rule) panelLeft = x;
  }
  REQUIRE(panelLeft > 0);
  CHECK(panelLeft < 1280 - 150);   // a panel wide enough to read
  CHECK(panelLeft > 1280 / 2);     // and the map the larger part
  // The polygon, through the world file, lies inside the map part, near its middle (the fit moves it
  // off the corner furniture, so not exactly centred).
  const pk::BBox box = layer.features[feature].bbox;
  const double x0 = (box.minx - gt[0]) / gt[1], x1 = (box.maxx - gt[0]) / gt[1];
  const double y0 = (box.maxy - gt[3]) / gt[5], y1 = (box.miny - gt[3]) / gt[5];
  CHECK(x0 > 0);
  CHECK(x1 < panelLeft);
  CHECK((x0 + x1) / 2 > panelLeft / 3.0);
  CHECK((x0 + x1) / 2 < panelLeft * 2.0 / 3.0);
  CHECK(y0 > 0);
  CHECK(y1 < 720);
  GDALClose(ds);

  // No personal data in this richer pack either (points are drawn, the ranking is there).
  const auto personal = personalStrings();
  CHECK(personalHits(out, personal, "catatan-rapat.txt").empty());

  // The switch: a personal file with a warning, then gone again without it.
  const auto withPersonal = exportPack(quote(project) + " -o " + quote(out.string()) + " --with-personal-data");
  INFO(withPersonal.output);
  REQUIRE(withPersonal.exitCode == 0);
  CHECK(withPersonal.output.find("WARNING") != std::string::npos);
  const std::string personalCsv = readText((out / "beneficiaries-personal.csv").string());
  CHECK(personalCsv.find(personal.front()) != std::string::npos);
  CHECK(readText((out / "index.html").string()).find("data pribadi") != std::string::npos);
  REQUIRE(exportPack(quote(project) + " -o " + quote(out.string())).exitCode == 0);
  CHECK_FALSE(fs::exists(out / "beneficiaries-personal.csv"));
}

TEST_CASE("bad input exits 2 with one line naming the problem") {
  TempDir dir;
  auto r = exportPack(quote(dir.file("none.prokus.json")) + " -o " + quote(dir.file("out")));
  CHECK(r.exitCode == 2);
  CHECK(r.output.find("none.prokus.json") != std::string::npos);
  writeText(dir.file("a-file"), "x");
  r = exportPack(quote(demoProject()) + " -o " + quote(dir.file("a-file")));
  CHECK(r.exitCode == 2);
  CHECK(r.output.find("not a folder") != std::string::npos);
  writeText(dir.file("broken.prokus.json"), "{ not json");
  r = exportPack(quote(dir.file("broken.prokus.json")) + " -o " + quote(dir.file("out")));
  CHECK(r.exitCode == 2);
  CHECK(r.output.find("broken.prokus.json") != std::string::npos);
  r = exportPack(quote(demoProject()) + " -o " + quote(dir.file("out")) + " --date 12-03-2025");
  CHECK(r.exitCode == 2);
  r = exportPack(quote(demoProject()));
  CHECK(r.exitCode == 2);
  CHECK_FALSE(fs::exists(dir.file("out")));
}

// File > Export meeting pack in the window runs the same verb on a snapshot of the project as the
// window holds it (the hidden --export-pack hook presses it after the last frame and waits).
TEST_CASE("the window's meeting pack: the same files, in the window's language, without personal data") {
  const char* display = std::getenv("DISPLAY");
  if (!display || !*display) {
    if (std::getenv("PROKUS_REQUIRE_DISPLAY")) FAIL("no DISPLAY (run under xvfb-run -a)");
    return;
  }
  pk::initGdal();
  TempDir dir;
  const fs::path out = dir.path() / "bahan rapat";
  // English through the app settings, as the View > Language menu stores it.
  fs::create_directories(dir.path() / "config" / "prokus-map");
  {
    std::ofstream settings(dir.path() / "config" / "prokus-map" / "settings.json");
    settings << R"({"language": "en"})";
  }
  const std::string command = "XDG_CONFIG_HOME=" + quote((dir.path() / "config").string()) + " " +
                              quote(PROKUS_BINARY) + " --window-size 1024x700 --frames 3 " + quote(demoProject()) +
                              " --export-pack " + quote(out.string());
  auto r = runCommand(command);
  // A connection the test's Xvfb refused under load (the binary then only writes a snapshot): again.
  for (int attempt = 0; attempt < 2 && r.output.find("cannot open a window (X11") != std::string::npos; ++attempt)
    r = runCommand("sleep 1; " + command);
  INFO(r.output);
  REQUIRE(r.exitCode == 0);
  checkDemoPackFiles(out);
  CHECK(personalHits(out, personalStrings()).empty());
  // The maps' texts followed the window's language: the source line recorded in the file's metadata.
  const std::string meta = searchableText(out / "overview.png");
  CHECK(meta.find("Schematic boundaries from BPS/OCHA HDX") != std::string::npos);
  CHECK(meta.find("Batas skematis dari titik desa") == std::string::npos);
  CHECK(r.output.find("index.html") != std::string::npos);  // the finished message names it
}

TEST_CASE("a boundary file where every kecamatan has the same code: 16 distinct images, each shown once") {
  TempDir dir;
  nlohmann::json boundaries = nlohmann::json::parse(readText(geodata("kbb_kecamatan_schematic.geojson")));
  for (auto& f : boundaries["features"]) f["properties"]["code"] = "32.17.01";
  const std::string boundaryPath = dir.file("samecode.geojson");
  writeText(boundaryPath, boundaries.dump());
  nlohmann::json j = nlohmann::json::parse(readText(writeRichProject(dir)));
  j["layers"][0]["path"] = boundaryPath;
  j.erase("bookmarks");
  j.erase("scenarios");                    // they weigh the per-kecamatan table, which joins by code
  j["programme"].erase("polygon_table");  // (every row would match the first polygon)
  writeText(dir.file("samecode.prokus.json"), j.dump(1));
  const auto r = exportPack(quote(dir.file("samecode.prokus.json")) + " -o " + quote(dir.file("out")));
  REQUIRE_MESSAGE(r.exitCode == 0, r.output);
  CHECK(r.output.find("warning: samecode.geojson: duplicate codes") != std::string::npos);
  std::set<std::string> images;
  for (const auto& f : filesIn(dir.file("out")))
    if (f.rfind("kecamatan-", 0) == 0 && f.size() > 4 && f.substr(f.size() - 4) == ".png") images.insert(f);
  CHECK(images.size() == 16);
  CHECK(images.count("kecamatan-32.17.01.png"));
  CHECK(images.count("kecamatan-32.17.01-16.png"));
  const std::string html = readText(dir.file("out") + "/index.html");
  for (const auto& image : images) {
    const std::string ref = "src=\"" + image + "\"";
    const size_t first = html.find(ref);
    CHECK_MESSAGE(first != std::string::npos, image);
    CHECK_MESSAGE(html.find(ref, first + 1) == std::string::npos, image);
  }
}

// The dialog's Write on the planner's own folder (no pack manifest): nothing is written there, no
// pack starts, and the dialog asks about a new folder inside it (the screenshot shows the question).
TEST_CASE("the window's pack dialog asks before a folder that is not a pack and writes nothing into it") {
  const char* display = std::getenv("DISPLAY");
  if (!display || !*display) {
    if (std::getenv("PROKUS_REQUIRE_DISPLAY")) FAIL("no DISPLAY (run under xvfb-run -a)");
    return;
  }
  TempDir dir;
  const fs::path mine = dir.path() / "proyek";
  fs::create_directories(mine);
  writeText((mine / "table.csv").string(), "the planner's table");
  const fs::path shot = dir.path() / "question.png";
  const std::string command = quote(PROKUS_BINARY) + " --window-size 1366x768 --frames 4 " + quote(demoProject()) +
                              " --open-panel pack --pack-folder " + quote(mine.string()) + " --screenshot " +
                              quote(shot.string());
  auto r = runCommand(command);
  for (int attempt = 0; attempt < 2 && r.output.find("cannot open a window (X11") != std::string::npos; ++attempt)
    r = runCommand("sleep 1; " + command);
  INFO(r.output);
  REQUIRE(r.exitCode == 0);
  CHECK(fs::exists(shot));
  CHECK(filesIn(mine) == std::set<std::string>{"table.csv"});
  CHECK(readText((mine / "table.csv").string()) == "the planner's table");
  CHECK(filesIn(dir.path()) == std::set<std::string>{"proyek", "question.png"});  // no pack, no staging folder
  CHECK(r.output.find("Bahan rapat selesai") == std::string::npos);
}

TEST_CASE("the pack's overview and kecamatan maps keep the legend off the polygons they frame") {
  pk::initGdal();
  TempDir dir;
  const fs::path out = dir.path() / "pack";
  const auto r = exportPack(quote(demoProject()) + " -o " + quote(out.string()) + " --date 2025-03-12");
  INFO(r.output);
  REQUIRE(r.exitCode == 0);
  pk::MapDocument doc;
  doc.openFile(geodata("kbb_kecamatan_schematic.geojson"));
  const pk::Layer& boundary = *doc.boundary();

  const auto overview = pk::fit_test::boxesIn(r.output, "overview.png:");
  REQUIRE(overview.size() == 1);
  CHECK(overview[0].first == "legend");
  CHECK(pk::fit_test::polygonSamplesUnder((out / "overview.png").string(), boundary, overview[0].second) == 0);

  // Each kecamatan map frames its kecamatan: the legend stays off that polygon.
  int maps = 0;
  for (size_t f = 0; f < boundary.features.size(); ++f) {
    const std::string file = "kecamatan-" + boundary.featureCode(f) + ".png";
    if (!fs::exists(out / file)) continue;
    const auto legend = pk::fit_test::boxesIn(r.output, file + ":");
    REQUIRE(legend.size() == 1);
    CAPTURE(file);
    CHECK(pk::fit_test::polygonSamplesUnder((out / file).string(), boundary, legend[0].second, int(f)) == 0);
    ++maps;
  }
  CHECK(maps == int(boundary.features.size()));
}
