#include <doctest/doctest.h>

#include <filesystem>
#include <unistd.h>

#include "core/bookmarks.h"
#include "core/export_preset.h"
#include "core/furniture.h"
#include "core/layer_io.h"
#include "core/overlay_settings.h"
#include "core/privacy.h"
#include "core/programme_project.h"
#include "core/project_file.h"
#include "core/project_relocation.h"
#include "core/scenario.h"
#include "core/suitability.h"
#include "test_support.h"

using namespace pk;
using pk::test::TempDir;

TEST_CASE("a project round-trips through save and load") {
  TempDir tmp;
  // Copy the data next to the project so relative paths are exercised.
  for (const char* ext : {".shp", ".shx", ".dbf", ".prj", ".cpg"})
    std::filesystem::copy_file(pk::test::sharedGeodata(std::string("kbb_kecamatan") + ext), tmp.file(std::string("kec") + ext));
  std::filesystem::create_directories(tmp.path() / "projects");
  MapDocument doc;
  doc.openFile(tmp.file("kec.shp"));
  doc.title = "Rencana lokasi 2025";
  doc.schematicBoundaries = true;
  Layer& layer = *doc.layers[0];
  layer.nameField = layer.fieldIndex("kabupaten");
  layer.style.fillMode = FillMode::Single;
  layer.style.fill = Rgba{10, 20, 30, 255};
  layer.style.outline = Rgba{200, 100, 50, 128};
  layer.style.fillOpacity = 0.5f;
  layer.style.outlineWidthPt = 2.25f;
  layer.style.showLabels = false;
  layer.visible = false;
  MapView view = MapView::fit(doc.dataExtent(), 1280, 720);
  view.zoomAt({100, 100}, 3);
  doc.savedView = view;
  doc.extraSections["overlays"] = {{"kind", "density"}};
  const std::string projectPath = tmp.file("projects/plan.prokus.json");
  saveProject(doc, projectPath);

  const std::string text = pk::test::readText(projectPath);
  CHECK(text.find("\"../kec.shp\"") != std::string::npos);  // relative to the project file

  MapDocument loaded = loadProject(projectPath);
  REQUIRE(loaded.layers.size() == 1);
  const Layer& l2 = *loaded.layers[0];
  CHECK(loaded.title == doc.title);
  CHECK(loaded.schematicBoundaries);
  CHECK(l2.fieldNames[l2.nameField] == "kabupaten");
  CHECK(l2.fieldNames[l2.codeField] == "code");
  CHECK(l2.style.fillMode == FillMode::Single);
  CHECK(l2.style.fill == Rgba{10, 20, 30, 255});
  CHECK(l2.style.outline == Rgba{200, 100, 50, 128});
  CHECK(l2.style.fillOpacity == doctest::Approx(0.5));
  CHECK(l2.style.outlineWidthPt == doctest::Approx(2.25));
  CHECK_FALSE(l2.style.showLabels);
  CHECK_FALSE(l2.visible);
  REQUIRE(loaded.savedView.has_value());
  CHECK(loaded.savedView->center.x == doctest::Approx(view.center.x).epsilon(1e-9));
  CHECK(loaded.savedView->center.y == doctest::Approx(view.center.y).epsilon(1e-9));
  CHECK(loaded.savedView->metresPerPixel == doctest::Approx(view.metresPerPixel));
  CHECK(loaded.extraSections["overlays"]["kind"] == "density");
  // Saving the loaded project again gives the same file.
  saveProject(loaded, tmp.file("projects/again.prokus.json"));
  CHECK(pk::test::readText(tmp.file("projects/again.prokus.json")) == text);
}

TEST_CASE("a failed save leaves the previous file intact and no temporary files") {
  TempDir tmp;
  const std::string path = tmp.file("keep.prokus.json");
  writeFileAtomically(path, "first version\n");
  std::filesystem::create_directories(tmp.path() / "locked");
  std::filesystem::permissions(tmp.path() / "locked", std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
  const std::string inLocked = (tmp.path() / "locked" / "x.prokus.json").string();
  if (::geteuid() != 0) CHECK_THROWS(writeFileAtomically(inLocked, "x"));
  // A target that is a directory cannot be replaced by a file.
  std::filesystem::create_directories(tmp.path() / "dir.prokus.json");
  CHECK_THROWS(writeFileAtomically(tmp.file("dir.prokus.json"), "x"));
  writeFileAtomically(path, "second version\n");
  CHECK(pk::test::readText(path) == "second version\n");
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(tmp.path())) files += e.is_regular_file();
  CHECK(files == 1);
  std::filesystem::permissions(tmp.path() / "locked", std::filesystem::perms::owner_all);
}

TEST_CASE("bad project files are reported with their name") {
  TempDir tmp;
  pk::test::writeText(tmp.file("broken.prokus.json"), "{ not json");
  CHECK_THROWS_WITH_AS(loadProject(tmp.file("broken.prokus.json")), doctest::Contains("broken.prokus.json: is not valid JSON"), InputError);
  pk::test::writeText(tmp.file("other.prokus.json"), "{\"hello\": 1}");
  CHECK_THROWS_WITH_AS(loadProject(tmp.file("other.prokus.json")), doctest::Contains("not a prokus-map project"), InputError);
  pk::test::writeText(tmp.file("moved.prokus.json"),
                      "{\"format\":\"prokus-map project\",\"version\":1,\"layers\":[{\"path\":\"gone.shp\"}]}");
  CHECK_THROWS_WITH_AS(loadProject(tmp.file("moved.prokus.json")), doctest::Contains("gone.shp: file not found"), InputError);
}

// ---- bad input: every mistake is an InputError (or a section's error) naming the key, never a crash ----

namespace {

namespace fs = std::filesystem;

// The demo project with its data, in a folder of its own, so mutated copies resolve their paths.
struct DemoFolder {
  TempDir tmp;
  nlohmann::json demo;
  DemoFolder() {
    for (const auto& e : fs::directory_iterator(pk::test::sourceDir() / "geodata"))
      fs::copy_file(e.path(), tmp.path() / e.path().filename());
    demo = nlohmann::json::parse(pk::test::readText(tmp.file("demo.prokus.json")));
  }
  std::string write(const std::string& name, const nlohmann::json& j) const {
    const std::string path = tmp.file(name);
    pk::test::writeText(path, j.dump(1));
    return path;
  }
  std::string writeText(const std::string& name, const std::string& text) const {
    const std::string path = tmp.file(name);
    pk::test::writeText(path, text);
    return path;
  }
};

// Reads every section the way the verbs do.
void readEverySection(const MapDocument& doc) {
  (void)exportPresetOf(doc);
  (void)furnitureSettingsOf(doc);
  (void)bookmarksOf(doc);
  (void)privacySettingsOf(doc);
  (void)programmeSourcesOf(doc);
  if (doc.extraSections.contains("overlays")) (void)doc.extraSections["overlays"].get<OverlaySettings>();
  if (doc.extraSections.contains("scenarios")) (void)scenariosFromJson(doc.extraSections["scenarios"]);
}

// The message of what loading and reading `path` throws; fails the test on a raw JSON library error.
std::string errorOf(const std::string& path) {
  try {
    readEverySection(loadProject(path));
  } catch (const nlohmann::json::exception& e) {
    FAIL("a raw JSON library error escaped: " << e.what());
  } catch (const InputError& e) {
    return std::string("InputError: ") + e.what();
  } catch (const std::invalid_argument& e) {
    return std::string("section: ") + e.what();
  } catch (const PlanningError& e) {
    return std::string("section: ") + e.what();
  } catch (const std::runtime_error& e) {
    return std::string("section: ") + e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("a value of the wrong type anywhere in the project names the file and its key path") {
  DemoFolder demo;
  REQUIRE(errorOf(demo.write("ok.prokus.json", demo.demo)) == "no error");
  struct Mutation {
    const char* pointer;  // where, as a JSON pointer
    nlohmann::json value;
    const char* expected;  // in the message
  };
  const nlohmann::json center = {107.45, -6.91};
  const std::vector<Mutation> mutations = {
      // top level and layers: InputError naming the project file and the key
      {"/version", "1", "InputError: bad.prokus.json: version: expected a whole number"},
      {"/version", 1.5, "InputError: bad.prokus.json: version: expected a whole number"},
      {"/title", 3, "InputError: bad.prokus.json: title: expected text"},
      {"/schematic_boundaries", "yes", "InputError: bad.prokus.json: schematic_boundaries: expected true or false"},
      {"/map_crs_epsg", "32748", "InputError: bad.prokus.json: map_crs_epsg: expected a whole number"},
      {"/layers", nlohmann::json::object(), "InputError: bad.prokus.json: layers: expected a list"},
      {"/layers", {nullptr}, "InputError: bad.prokus.json: layers[0]: expected an object, not null"},
      {"/layers/0/path", 5, "InputError: bad.prokus.json: layers[0].path: expected text"},
      {"/layers/0/layer", false, "InputError: bad.prokus.json: layers[0].layer: expected text"},
      {"/layers/0/role", 1, "InputError: bad.prokus.json: layers[0].role: expected text"},
      {"/layers/0/role", "border", "InputError: bad.prokus.json: layers[0].role: must be"},
      {"/layers/0/name_field", 7, "InputError: bad.prokus.json: layers[0].name_field: expected text"},
      {"/layers/0/code_field", {1}, "InputError: bad.prokus.json: layers[0].code_field: expected text"},
      {"/layers/0/display_name", 1, "InputError: bad.prokus.json: layers[0].display_name: expected text"},
      {"/layers/0/visible", "true", "InputError: bad.prokus.json: layers[0].visible: expected true or false"},
      {"/layers/0/style", "red", "InputError: bad.prokus.json: layers[0].style: expected an object"},
      {"/layers/0/style/fill", 123, "InputError: bad.prokus.json: layers[0].style.fill: expected text"},
      {"/layers/0/style/fill", "#zzz", "InputError: bad.prokus.json: layers[0].style.fill: '#zzz' is not a colour"},
      {"/layers/0/style/outline", true, "InputError: bad.prokus.json: layers[0].style.outline: expected text"},
      {"/layers/0/style/fill_mode", 0, "InputError: bad.prokus.json: layers[0].style.fill_mode: expected text"},
      {"/layers/0/style/fill_opacity", "1", "InputError: bad.prokus.json: layers[0].style.fill_opacity: expected a number"},
      {"/layers/0/style/fill_opacity", 7, "InputError: bad.prokus.json: layers[0].style.fill_opacity: must be from 0 to 1"},
      {"/layers/0/style/outline_width_pt", -1, "InputError: bad.prokus.json: layers[0].style.outline_width_pt: must be"},
      {"/layers/0/style/show_labels", 1, "InputError: bad.prokus.json: layers[0].style.show_labels: expected true or false"},
      {"/layers/0/style/label_size_pt", "9", "InputError: bad.prokus.json: layers[0].style.label_size_pt: expected a number"},
      {"/view", 1, "InputError: bad.prokus.json: view: expected an object"},
      {"/view", {{"center_lonlat", "107,-6"}}, "InputError: bad.prokus.json: view.center_lonlat: expected a list"},
      {"/view", {{"center_lonlat", {"a", "b"}}}, "InputError: bad.prokus.json: view.center_lonlat[0]: expected a number"},
      {"/view", {{"center_lonlat", {1}}}, "InputError: bad.prokus.json: view.center_lonlat: must be [lon, lat]"},
      {"/view", {{"center_lonlat", {107.45, 95}}}, "InputError: bad.prokus.json: view.center_lonlat[1]: is not a latitude"},
      {"/view", {{"center_lonlat", center}, {"metres_per_pixel", "40"}}, "InputError: bad.prokus.json: view.metres_per_pixel: expected a number"},
      {"/view", {{"center_lonlat", center}, {"metres_per_pixel", -40}}, "InputError: bad.prokus.json: view.metres_per_pixel: must be more than 0"},
      {"/view", {{"center_lonlat", center}, {"metres_per_pixel", 0}}, "InputError: bad.prokus.json: view.metres_per_pixel: must be more than 0"},
      {"/view", {{"center_lonlat", center}, {"width_px", 0}}, "InputError: bad.prokus.json: view.width_px: must be 1 to 16384"},
      {"/view", {{"center_lonlat", center}, {"width_px", 1000000000}}, "InputError: bad.prokus.json: view.width_px: must be 1 to 16384"},
      {"/view", {{"center_lonlat", center}, {"height_px", 10.5}}, "InputError: bad.prokus.json: view.height_px: expected a whole number"},
      // programme: InputError naming the project file
      {"/programme/beneficiaries", "x.csv", "InputError: bad.prokus.json: \"programme.beneficiaries\" needs a \"path\""},
      {"/programme/polygon_table/population_column", 7, "InputError: bad.prokus.json: programme.polygon_table.population_column: expected text"},
      {"/programme/business_categories", {{"categories", {{{"key", "a"}, {"keywords", {1}}}}}},
       "InputError: bad.prokus.json: \"programme.business_categories\": business categories.categories[0].keywords[0]: expected text"},
      {"/programme/business_categories", {{"categories", {{{"key", 5}}}}}, "InputError: bad.prokus.json: \"programme.business_categories\": business categories.categories[0].key: expected text"},
      // sections read on their own: the key path (the verb adds the file name)
      {"/overlays", 1, "section: overlays: expected an object"},
      {"/overlays/active", {1}, "section: overlays.active[0]: expected text"},
      {"/overlays/active", "choropleth", "section: overlays.active: expected a list"},
      {"/overlays/choropleth/classes", "5", "section: overlays.choropleth.classes: expected a whole number"},
      {"/overlays/choropleth/classes", 100, "section: overlays.choropleth.classes: must be 3 to 9, not 100"},
      {"/overlays/choropleth/indicator", 1, "section: overlays.choropleth.indicator: expected text"},
      {"/overlays/choropleth/palette", 1, "section: overlays.choropleth.palette: expected text"},
      {"/overlays/choropleth/reversed", "no", "section: overlays.choropleth.reversed: expected true or false"},
      {"/overlays/choropleth/manual_breaks", {"1"}, "section: overlays.choropleth.manual_breaks[0]: expected a number"},
      {"/overlays/radius_km", "5", "section: overlays.radius_km: expected a number"},
      {"/overlays/heatmap", {1}, "section: overlays.heatmap: expected an object"},
      {"/overlays/heatmap/opacity", "0.5", "section: overlays.heatmap.opacity: expected a number"},
      {"/overlays/business/glyph", 1, "section: overlays.business.glyph: expected text"},
      {"/overlays/business/points", 1, "section: overlays.business.points: expected true or false"},
      {"/overlays/mentors/lines", "y", "section: overlays.mentors.lines: expected true or false"},
      {"/overlays/legends", 0, "section: overlays.legends: expected true or false"},
      {"/overlays/filters/cohort_years", {"2020"}, "section: overlays.filters.cohort_years[0]: expected a whole number"},
      {"/overlays/filters/categories", {1}, "section: overlays.filters.categories[0]: expected text"},
      {"/overlays/filters/statuses", "aktif", "section: overlays.filters.statuses: expected a list"},
      {"/furniture", {{"margin_pt", "4"}}, "section: furniture.margin_pt must be a number"},
      {"/furniture", {{"title", {{"show", "yes"}}}}, "section: furniture.title.show must be true or false"},
      {"/furniture", {{"legend", {{"corner", 1}}}}, "section: furniture.legend.corner"},
      {"/bookmarks", 1, "section: \"bookmarks\" must be a list"},
      {"/bookmarks", {{{"center_lonlat", center}}}, "section: a bookmark has no \"name\""},
      {"/bookmarks", {{{"name", "A"}, {"center_lonlat", "x"}}}, "section: bookmark 'A': \"center_lonlat\" must be [lon, lat]"},
      {"/bookmarks", {{{"name", "A"}, {"center_lonlat", center}, {"title", 1}}}, "section: bookmark 'A': \"title\" must be a string"},
      {"/bookmarks",
       {{{"name", "A"}, {"center_lonlat", center}}, {{"name", "a"}, {"center_lonlat", center}}},
       "section: bookmarks: two bookmarks are named 'a'"},
      {"/export", {{"width", "1920"}}, "section: export.width must be a whole number"},
      {"/export", {{"dpi", "96"}}, "section: export.dpi must be a number"},
      {"/export", {{"landscape", 1}}, "section: export.landscape must be true or false"},
      {"/privacy", {{"seed", "1"}}, "section: privacy.seed must be a whole number"},
      {"/privacy", {{"small_count_threshold", "3"}}, "section: privacy.small_count_threshold must be"},
      {"/scenarios", {{{"name", 5}}}, "section: a scenario needs a non-empty \"name\""},
      {"/scenarios", {{{"name", "S"}, {"top_n", "5"}}}, "section: scenario 'S': top_n must be a whole number"},
  };
  for (const Mutation& m : mutations) {
    nlohmann::json j = demo.demo;
    j[nlohmann::json::json_pointer(m.pointer)] = m.value;
    const std::string where = m.pointer;
    CAPTURE(where);
    CAPTURE(m.value.dump());
    const std::string message = errorOf(demo.write("bad.prokus.json", j));
    CHECK_MESSAGE(message.find(m.expected) != std::string::npos, message);
  }
}

TEST_CASE("JSON nested deeper than 64 levels is refused before it is parsed") {
  DemoFolder demo;
  auto nested = [&](int depth) {
    return "{\"format\":\"prokus-map project\",\"version\":1,"
           "\"layers\":[{\"path\":\"kbb_kecamatan_schematic.geojson\",\"role\":\"boundary\"}],\"x\":" +
           std::string(size_t(depth), '[') + std::string(size_t(depth), ']') + "}";
  };
  // 100,000 levels overflowed the stack while the unknown section was copied.
  CHECK(errorOf(demo.writeText("deep.prokus.json", nested(100000))) ==
        "InputError: deep.prokus.json: JSON nested deeper than 64 levels");
  CHECK(errorOf(demo.writeText("deep65.prokus.json", nested(64))) ==
        "InputError: deep65.prokus.json: JSON nested deeper than 64 levels");  // 64 lists inside the object
  CHECK(errorOf(demo.writeText("deep64.prokus.json", nested(63))) == "no error");
  // Brackets inside strings are text, not nesting.
  nlohmann::json j = demo.demo;
  j["title"] = std::string(1000, '[');
  CHECK(errorOf(demo.write("brackets.prokus.json", j)) == "no error");
}

TEST_CASE("the map CRS must be a known projected CRS in metres") {
  DemoFolder demo;
  nlohmann::json j = demo.demo;
  j["map_crs_epsg"] = 999999;
  CHECK(errorOf(demo.write("p.prokus.json", j)) == "InputError: p.prokus.json: map_crs_epsg: 999999 is not a known EPSG code");
  j["map_crs_epsg"] = 4326;
  CHECK(errorOf(demo.write("p.prokus.json", j)) ==
        "InputError: p.prokus.json: map_crs_epsg: 4326 is a geographic CRS; the map needs a projected CRS in "
        "metres, e.g. a UTM zone");
  j["map_crs_epsg"] = 2227;  // California zone 3, US survey feet
  CHECK(errorOf(demo.write("p.prokus.json", j)).find("map_crs_epsg: 2227 is not in metres") != std::string::npos);
  j["map_crs_epsg"] = -5;
  CHECK(errorOf(demo.write("p.prokus.json", j)).find("map_crs_epsg: -5 is not a known EPSG code") != std::string::npos);
  j["map_crs_epsg"] = 32748;
  CHECK(errorOf(demo.write("p.prokus.json", j)) == "no error");
}

TEST_CASE("a layer path that is empty or a folder names the project, the layer and the path") {
  DemoFolder demo;
  nlohmann::json j = demo.demo;
  j["layers"][0]["path"] = ".";
  CHECK(errorOf(demo.write("p.prokus.json", j)) == "InputError: p.prokus.json: layers[0].path: '.' is a folder, not a data file");
  j["layers"][0]["path"] = "";
  CHECK(errorOf(demo.write("p.prokus.json", j)) == "InputError: p.prokus.json: layers[0].path: is empty (each layer names its data file)");
  j["layers"][0].erase("path");
  CHECK(errorOf(demo.write("p.prokus.json", j)).find("p.prokus.json: layers[0].path: missing") != std::string::npos);
}

TEST_CASE("the project file itself: empty, truncated, a folder, too large, an old or newer version, a BOM") {
  DemoFolder demo;
  const std::string text = demo.demo.dump(1);
  CHECK(errorOf(demo.writeText("e.prokus.json", "")) == "InputError: e.prokus.json: is empty");
  CHECK(errorOf(demo.writeText("e.prokus.json", " \n\t")) == "InputError: e.prokus.json: is empty");
  CHECK(errorOf(demo.writeText("t.prokus.json", text.substr(0, text.size() / 2))).find("InputError: t.prokus.json: is not valid JSON") == 0);
  fs::create_directories(demo.tmp.path() / "d.prokus.json");
  CHECK(errorOf(demo.tmp.file("d.prokus.json")) == "InputError: d.prokus.json: is a folder, not a project file");
  {
    // A sparse file: 65 MB without writing them.
    const std::string big = demo.writeText("big.prokus.json", text);
    fs::resize_file(big, (std::uintmax_t(65) << 20));
    CHECK(errorOf(big) == "InputError: big.prokus.json: is 65 MB; a project file may be at most 64 MB");
  }
  nlohmann::json j = demo.demo;
  j["version"] = 2;
  CHECK(errorOf(demo.write("v.prokus.json", j)).find("v.prokus.json: was written by a newer prokus-map (project version 2)") != std::string::npos);
  j["version"] = 0;
  CHECK(errorOf(demo.write("v.prokus.json", j)) == "InputError: v.prokus.json: version: 0 is not a project version (this build reads 1)");
  j.erase("version");
  CHECK(errorOf(demo.write("v.prokus.json", j)) == "InputError: v.prokus.json: version: missing");
  CHECK(errorOf(demo.writeText("bom.prokus.json", "\xEF\xBB\xBF" + text)) == "no error");
}

TEST_CASE("every reproducer in the fuzz corpus loads or fails with an InputError or a section error") {
  // The corpus files name their data relative to the demo folder.
  DemoFolder demo;
  int files = 0;
  for (const auto& e : fs::directory_iterator(pk::test::sourceDir() / "tests/fuzz/corpus/project")) {
    CAPTURE(e.path().filename().string());
    const std::string copy = demo.tmp.file("corpus-" + e.path().filename().string());  // beside, not over, the demo
    fs::copy_file(e.path(), copy);
    (void)errorOf(copy);  // fails the test on a raw JSON library error; a crash ends it
    ++files;
  }
  CHECK(files >= 30);
}

TEST_CASE("looking for moved files does not trip over a layer role of the wrong type") {
  DemoFolder demo;
  nlohmann::json j = demo.demo;
  j["layers"][0]["role"] = 1;
  const std::string path = demo.write("role.prokus.json", j);
  CHECK_NOTHROW((void)missingProjectFiles(path));  // the window asks this before loading
  CHECK(errorOf(path) == "InputError: role.prokus.json: layers[0].role: expected text, not a number");
}
