#include <doctest/doctest.h>

#include <filesystem>
#include <unistd.h>

#include "core/layer_io.h"
#include "core/project_file.h"
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
