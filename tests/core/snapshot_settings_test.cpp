// The export dialog's data: presets, remembered settings, export and preview views.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/app_settings.h"
#include "core/snapshot_settings.h"

namespace fs = std::filesystem;

TEST_CASE("snapshot presets: the sizes issue 5 lists, paper sizes exact") {
  const auto& presets = pk::snapshotPresets();
  REQUIRE(presets.size() == 10);
  CHECK(presets[0].preset.size() == pk::PixelSize{1920, 1080});
  CHECK(presets[1].preset.size() == pk::PixelSize{3840, 2160});
  bool a3Landscape300 = false, a4Portrait150 = false;
  for (const auto& p : presets) {
    if (p.preset.paper == pk::Paper::A3 && p.preset.landscape && p.preset.dpi == 300) {
      a3Landscape300 = true;
      CHECK(p.preset.size() == pk::PixelSize{4961, 3508});
      CHECK(p.preset.width == 4961);
    }
    if (p.preset.paper == pk::Paper::A4 && !p.preset.landscape && p.preset.dpi == 150) {
      a4Portrait150 = true;
      CHECK(p.preset.size() == pk::PixelSize{1240, 1754});
    }
  }
  CHECK(a3Landscape300);
  CHECK(a4Portrait150);
}

TEST_CASE("snapshot settings: custom sizes clamp to 16384, transparency only for PNG") {
  pk::SnapshotSettings s;
  s.presetIndex = -1;
  s.custom.width = 20000;
  s.custom.height = 0;
  s.format = "jpg";
  s.transparent = true;
  const pk::ExportPreset p = s.effective();
  CHECK(p.width == 16384);
  CHECK(p.height == 1);
  CHECK(p.format == "jpg");
  CHECK_FALSE(p.transparent);
  s.format = "png";
  CHECK(s.effective().transparent);
  s.presetIndex = 1;
  CHECK(s.effective().size() == pk::PixelSize{3840, 2160});
}

TEST_CASE("snapshot settings round-trip through JSON and survive damage") {
  pk::SnapshotSettings s;
  s.presetIndex = -1;
  s.custom.width = 2500;
  s.custom.height = 1200;
  s.custom.dpi = 200;
  s.format = "tif";
  s.transparent = true;
  s.lastPath = "/tmp/peta.tif";
  CHECK(pk::snapshotSettingsFromJson(pk::snapshotSettingsToJson(s)) == s);

  const auto damaged = nlohmann::json::parse(R"({"preset": 99, "width": -3, "format": "bmp", "dpi": "x"})");
  const pk::SnapshotSettings d = pk::snapshotSettingsFromJson(damaged);
  CHECK(d.presetIndex == 0);
  CHECK(d.custom.width == 1920);
  CHECK(d.custom.dpi == 96);
  CHECK(d.format == "png");
  CHECK(pk::snapshotSettingsFromJson(nlohmann::json("nonsense")) == pk::SnapshotSettings{});
}

TEST_CASE("the app settings file keeps the snapshot section between runs") {
  const fs::path dir = fs::temp_directory_path() / ("prokus-snapshot-settings-" + std::to_string(std::rand()));
  const std::string path = (dir / "settings.json").string();
  pk::AppSettings settings;
  pk::SnapshotSettings s;
  s.presetIndex = 7;
  s.format = "pdf";
  settings.extraSections["snapshot"] = pk::snapshotSettingsToJson(s);
  pk::saveAppSettings(settings, path);
  pk::AppSettings loaded = pk::loadAppSettings(path);
  REQUIRE(loaded.extraSections.contains("snapshot"));
  CHECK(pk::snapshotSettingsFromJson(loaded.extraSections["snapshot"]) == s);
  // Saved again by code that only changes the language: the section is still there.
  loaded.language = pk::Language::English;
  pk::saveAppSettings(loaded, path);
  CHECK(pk::snapshotSettingsFromJson(pk::loadAppSettings(path).extraSections["snapshot"]) == s);
  fs::remove_all(dir);
}

TEST_CASE("the export view shows the screen's ground extent; at the screen's size it is the screen's view") {
  pk::MapView screen;
  screen.center = {780000, 9240000};
  screen.metresPerPixel = 25;
  screen.widthPx = 1000;
  screen.heightPx = 600;
  screen.pixelsPerPoint = 96.0f / 72.0f;
  const pk::MapView same = pk::snapshotView(screen, 1000, 600, 96);
  CHECK(same.metresPerPixel == screen.metresPerPixel);
  CHECK(same.center.x == screen.center.x);
  CHECK(same.pixelsPerPoint == screen.pixelsPerPoint);

  // A portrait page: the width decides, the whole screen extent stays visible.
  const pk::MapView page = pk::snapshotView(screen, 1240, 1754, 150);
  CHECK(page.metresPerPixel == doctest::Approx(25.0 * 1000 / 1240));
  CHECK(page.visibleExtent().width() >= screen.visibleExtent().width() - 1e-6);
  CHECK(page.visibleExtent().height() >= screen.visibleExtent().height() - 1e-6);
  CHECK(page.pixelsPerPoint == doctest::Approx(150.0 / 72.0));
}

TEST_CASE("the preview is the export scaled down: same extent, same point-to-pixel ratio") {
  pk::MapView exportView;
  exportView.center = {0, 0};
  exportView.metresPerPixel = 10;
  exportView.widthPx = 4961;
  exportView.heightPx = 3508;
  exportView.pixelsPerPoint = 300.0f / 72.0f;
  const pk::MapView preview = pk::snapshotPreviewView(exportView, 400, 400);
  CHECK(preview.widthPx == 400);
  CHECK(preview.heightPx == std::lround(3508 * 400.0 / 4961));
  CHECK(preview.metresPerPixel * preview.widthPx == doctest::Approx(exportView.metresPerPixel * exportView.widthPx));
  // Point sizes shrink with the image: a 10-pt label is the same fraction of the width.
  CHECK(preview.pixelsPerPoint / preview.widthPx == doctest::Approx(exportView.pixelsPerPoint / exportView.widthPx));
  // Never enlarged.
  const pk::MapView small = pk::snapshotPreviewView(preview, 1000, 1000);
  CHECK(small.widthPx == preview.widthPx);
}

TEST_CASE("the file name follows the chosen format") {
  CHECK(pk::withFormatExtension("/tmp/peta.png", "jpg") == "/tmp/peta.jpg");
  CHECK(pk::withFormatExtension("/tmp/peta.JPEG", "pdf") == "/tmp/peta.pdf");
  CHECK(pk::withFormatExtension("/tmp/peta", "tif") == "/tmp/peta.tif");
  CHECK(pk::withFormatExtension("/tmp/peta.v2", "png") == "/tmp/peta.v2.png");
}

TEST_CASE("a project's export preset selects the matching offered size, else a custom one") {
  pk::SnapshotSettings remembered;
  remembered.lastPath = "/tmp/peta.png";
  remembered.presetIndex = 0;
  // A3 landscape at 300 dpi as a project writes it: the offered A3 preset of that size.
  pk::ExportPreset a3;
  a3.paper = pk::Paper::A3;
  a3.landscape = true;
  a3.dpi = 300;
  a3.format = "pdf";
  const pk::SnapshotSettings fromA3 = pk::withProjectPreset(remembered, a3);
  REQUIRE(fromA3.presetIndex >= 0);
  CHECK(pk::snapshotPresets()[fromA3.presetIndex].preset.size() == pk::PixelSize{4961, 3508});
  CHECK(fromA3.effective().dpi == doctest::Approx(300));
  CHECK(fromA3.format == "pdf");
  CHECK(fromA3.lastPath == "/tmp/peta.png");
  // A size the dialog does not offer: custom, exactly that size, transparency kept for PNG.
  pk::ExportPreset odd;
  odd.width = 1000;
  odd.height = 700;
  odd.dpi = 120;
  odd.transparent = true;
  const pk::SnapshotSettings fromOdd = pk::withProjectPreset(remembered, odd);
  CHECK(fromOdd.presetIndex == -1);
  CHECK(fromOdd.effective().size() == pk::PixelSize{1000, 700});
  CHECK(fromOdd.effective().dpi == doctest::Approx(120));
  CHECK(fromOdd.effective().transparent);
  // Round trip: what the dialog exports is what the project asked for.
  CHECK(pk::withProjectPreset(remembered, fromOdd.effective()).effective() == fromOdd.effective());
}
