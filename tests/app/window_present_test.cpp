// Presentation mode and the snapshot export, driven through the window's hidden test hooks under the
// existing DISPLAY (ctest runs under `xvfb-run -a`): `--present` starts in presentation mode,
// `--planning` opens the planning panel (its scores then stay on the map), and
// `--export-at-window-size PATH` writes the export dialog's image of the map area at its own size
// after the last frame, so it can be compared with the window's framebuffer pixel for pixel.
// Without a DISPLAY the cases skip themselves (PROKUS_REQUIRE_DISPLAY=1 makes that a failure).
#include <doctest/doctest.h>

#include <stb_image.h>
#include <sys/wait.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "window_test_support.h"

namespace fs = std::filesystem;
using namespace pk::window_test;

namespace {

const std::string kKecamatan = std::string(PROKUS_SHARED_GEODATA) + "/kbb_kecamatan.shp";
const std::string kDemoProject = std::string(PROKUS_SOURCE_DIR) + "/geodata/demo.prokus.json";

size_t distinctColours(const Image& image, int x0, int y0, int x1, int y1) {
  std::set<unsigned> colours;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) colours.insert(image.pixel(x, y));
  return colours.size();
}

size_t countColour(const Image& image, unsigned colour, int x0, int y0, int x1, int y1) {
  size_t n = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) n += image.pixel(x, y) == colour;
  return n;
}

// "map area WxH at (X,Y) exported to PATH", printed by the export hook.
bool parseMapArea(const std::string& text, int& w, int& h, int& x, int& y) {
  const auto at = text.find("map area ");
  return at != std::string::npos && std::sscanf(text.c_str() + at, "map area %dx%d at (%d,%d)", &w, &h, &x, &y) == 4;
}

// Pixels of `window` in the rectangle at (x, y) that differ from `exported`, in rows y0..y1 of it.
size_t differingPixels(const Image& window, const Image& exported, int x, int y, int y0, int y1) {
  size_t differ = 0;
  for (int row = y0; row < y1; ++row)
    for (int col = 0; col < exported.width; ++col) differ += window.pixel(x + col, y + row) != exported.pixel(col, row);
  return differ;
}

// One run of the window with its screenshot and the export of its map area at the window's size.
struct WindowAndExport {
  Image window, file;
  int w = 0, h = 0, x = 0, y = 0;  // the map area in the window
};
WindowAndExport runWithExport(const TempDir& dir, const std::string& args) {
  const fs::path shot = dir.path / "window.png", exported = dir.path / "export.png";
  fs::remove(shot);
  fs::remove(exported);
  const RunResult run = runBinary(dir, args + " --screenshot " + quoted(shot.string()) + " --export-at-window-size " +
                                           quoted(exported.string()));
  INFO("stderr: " << run.stderrText);
  REQUIRE(run.exitCode == 0);
  WindowAndExport r;
  REQUIRE(parseMapArea(run.stderrText, r.w, r.h, r.x, r.y));
  REQUIRE(r.window.load(shot));
  REQUIRE(r.file.load(exported));
  REQUIRE(r.x + r.w <= r.window.width);
  REQUIRE(r.y + r.h <= r.window.height);
  return r;
}

// The demo project's data copied into `dir`, and the project text with `edit` applied, written as
// NAME there. Returns its path.
fs::path demoProjectCopy(const TempDir& dir, const std::string& name, const std::function<void(std::string&)>& edit) {
  const fs::path source = fs::path(kDemoProject).parent_path();
  for (const char* file : {"kbb_kecamatan_schematic.geojson", "synthetic_kecamatan_pkh.csv",
                           "synthetic_kpm_beneficiaries.csv", "synthetic_mentors.csv"})
    if (!fs::exists(dir.path / file)) fs::copy_file(source / file, dir.path / file);
  std::string project = readFile(kDemoProject);
  edit(project);
  const fs::path path = dir.path / name;
  std::ofstream(path) << project;
  return path;
}

// Dark type (the title's) in the top band's middle of a map image at (x, y) of size w x h.
size_t darkPixelsInTitleBand(const Image& image, int x, int y, int w, int h) {
  size_t dark = 0;
  for (int row = y; row < y + h / 12; ++row)
    for (int col = x + w / 4; col < x + w * 3 / 4; ++col) dark += (image.pixel(col, row) & 0xFFFFFF) < 0x404040;
  return dark;
}

}  // namespace

TEST_CASE("--present starts in presentation mode: no menu, no side panel, the map fills the window") {
  if (!haveDisplay()) return;
  TempDir dir;
  const fs::path normalShot = dir.path / "normal.png", presentShot = dir.path / "present.png";
  const std::string common = "--window-size 1280x800 --frames 10 " + quoted(kKecamatan) + " --screenshot ";
  const RunResult normal = runBinary(dir, common + quoted(normalShot.string()));
  const RunResult present = runBinary(dir, common + quoted(presentShot.string()) + " --present");
  INFO("stderr: " << present.stderrText);
  REQUIRE(normal.exitCode == 0);
  REQUIRE(present.exitCode == 0);
  Image normalImage, presentImage;
  REQUIRE(normalImage.load(normalShot));
  REQUIRE(presentImage.load(presentShot));

  // The side panel's background colour (sampled in the normal window, below the menu bar) covers
  // most of the panel there, and none of that strip in presentation mode.
  const unsigned panelColour = normalImage.pixel(20, normalImage.height / 2);
  const int stripH = std::min(normalImage.height, presentImage.height) - 120;
  const size_t inNormal = countColour(normalImage, panelColour, 0, 60, 150, 60 + stripH);
  const size_t inPresent = countColour(presentImage, panelColour, 0, 60, 150, 60 + stripH);
  CAPTURE(panelColour);
  CAPTURE(inNormal);
  CAPTURE(inPresent);
  CHECK(inNormal > static_cast<size_t>(150 * stripH / 2));
  CHECK(inPresent < static_cast<size_t>(150 * stripH / 100));
  // The menu bar is gone too: its colour does not run along the top row.
  const unsigned menuColour = normalImage.pixel(normalImage.width - 5, 5);
  CHECK(countColour(presentImage, menuColour, 0, 0, presentImage.width, 3) < static_cast<size_t>(presentImage.width));
  // The map is there: the 16 kecamatan in their fills, outlines and labels.
  CHECK(distinctColours(presentImage, presentImage.width / 4, presentImage.height / 4, presentImage.width * 3 / 4,
                        presentImage.height * 3 / 4) >= 40);
}

TEST_CASE("an export at the window's size equals the window's framebuffer pixel for pixel") {
  if (!haveDisplay()) return;
  TempDir dir;
  const WindowAndExport r = runWithExport(dir, "--window-size 1280x800 --frames 8 " + quoted(kKecamatan));
  CHECK(r.file.width == r.w);
  CHECK(r.file.height == r.h);
  // The export is georeferenced like every raster export.
  CHECK(fs::exists(dir.path / "export.pgw"));
  CHECK(distinctColours(r.file, 0, 0, r.file.width, r.file.height) >= 40);  // not an empty map
  CHECK(differingPixels(r.window, r.file, r.x, r.y, 0, r.h) == 0);
}

TEST_CASE("with the suitability map on, presentation and export still agree pixel for pixel") {
  if (!haveDisplay()) return;
  TempDir dir;
  const WindowAndExport r =
      runWithExport(dir, "--window-size 1280x800 --frames 10 --present --planning " + quoted(kDemoProject));
  CHECK(r.x == 0);
  CHECK(r.y == 0);  // presentation: the map is the whole window
  REQUIRE(r.file.width == r.window.width);
  REQUIRE(r.file.height == r.window.height);
  // The scores are on the map: the Greens classes of the score legend (its dark green included).
  bool darkGreen = false;
  for (int row = 0; row < r.file.height && !darkGreen; row += 2)
    for (int col = 0; col < r.file.width && !darkGreen; col += 2) {
      const unsigned p = r.file.pixel(col, row);
      const int red = p >> 16, g = (p >> 8) & 255, b = p & 255;
      darkGreen = g > red + 40 && g > b + 20 && g < 140;
    }
  CHECK(darkGreen);
  // The title, legends, scale bar and sources are the map's furniture, in the file too; presentation
  // only adds its key hint at the bottom centre. Everything above that must equal the file.
  CHECK(differingPixels(r.window, r.file, 0, 0, 0, r.h * 94 / 100) == 0);
  CHECK(darkPixelsInTitleBand(r.file, 0, 0, r.w, r.h) > 200);  // the furniture's title is there
}

// The demo project with the business points on: exact in the planner's working view, displaced
// (core/privacy.h) in every export and in the privacy view.
TEST_CASE("the privacy view equals the export pixel for pixel; the working view shows the exact points") {
  if (!haveDisplay()) return;
  TempDir dir;
  const fs::path project = demoProjectCopy(dir, "points.prokus.json", [](std::string& text) {
    const std::string active = R"("active": [)";
    REQUIRE(text.find(active) != std::string::npos);
    text.insert(text.find(active) + active.size(), R"("business", )");
  });
  const std::string args = "--window-size 1280x800 --frames 8 " + quoted(project.string());
  const WindowAndExport privacy = runWithExport(dir, args + " --privacy");
  CHECK(differingPixels(privacy.window, privacy.file, privacy.x, privacy.y, 0, privacy.h) == 0);
  const WindowAndExport working = runWithExport(dir, args);
  CHECK(differingPixels(working.window, working.file, working.x, working.y, 0, working.h) > 50);  // moved points
}

// The project's "furniture" section (what View > Map furniture writes) rules the window as it rules
// exports: the title hidden there is gone from both.
TEST_CASE("the window shows the project's furniture settings, as the export does") {
  if (!haveDisplay()) return;
  TempDir dir;
  const std::string args = "--window-size 1280x800 --frames 6 ";
  const fs::path shown = demoProjectCopy(dir, "shown.prokus.json", [](std::string&) {});
  const WindowAndExport a = runWithExport(dir, args + quoted(shown.string()));
  CHECK(darkPixelsInTitleBand(a.window, a.x, a.y, a.w, a.h) > 200);
  const fs::path hidden = demoProjectCopy(dir, "hidden.prokus.json", [](std::string& text) {
    text.insert(text.find('{') + 1, R"("furniture": {"title": {"show": false}},)");
  });
  const WindowAndExport b = runWithExport(dir, args + quoted(hidden.string()));
  CHECK(darkPixelsInTitleBand(b.window, b.x, b.y, b.w, b.h) < 20);
  CHECK(differingPixels(b.window, b.file, b.x, b.y, 0, b.h) == 0);
}

TEST_CASE("bookmarks are slides: each shows its view, title and overlay") {
  if (!haveDisplay()) return;
  TempDir dir;
  // The demo project with three bookmarks: the south with the suitability map, Lembang without an
  // overlay, Lembang with the density choropleth.
  const fs::path projectPath = demoProjectCopy(dir, "slides.prokus.json", [](std::string& project) {
    project.insert(project.find('{') + 1, R"(
  "bookmarks": [
    {"name": "Selatan", "center_lonlat": [107.40, -7.02], "metres_per_pixel_at_96dpi": 25,
     "title": "Usulan lokasi di selatan", "overlays": {"active": ["score"]}},
    {"name": "Lembang", "center_lonlat": [107.62, -6.80], "metres_per_pixel_at_96dpi": 15,
     "title": "Lembang", "overlays": {"active": []}},
    {"name": "Lembang kepadatan", "center_lonlat": [107.62, -6.80], "metres_per_pixel_at_96dpi": 15,
     "title": "Lembang", "overlays": {"active": ["choropleth"]}}
  ],)");
  });
  auto shoot = [&](int slide, const fs::path& shot) {
    const RunResult run = runBinary(dir, "--window-size 1280x800 --frames 10 --present --planning --slide " +
                                             std::to_string(slide) + " " + quoted(projectPath.string()) +
                                             " --screenshot " + quoted(shot.string()));
    INFO("stderr: " << run.stderrText);
    CHECK(run.exitCode == 0);
  };
  const fs::path first = dir.path / "slide1.png", second = dir.path / "slide2.png";
  shoot(1, first);
  shoot(2, second);
  Image a, b;
  REQUIRE(a.load(first));
  REQUIRE(b.load(second));
  REQUIRE(a.width == b.width);
  REQUIRE(a.height == b.height);
  auto hasDarkGreen = [](const Image& image) {
    for (int row = 0; row < image.height; row += 2)
      for (int col = 0; col < image.width; col += 2) {
        const unsigned p = image.pixel(col, row);
        const int r = p >> 16, g = (p >> 8) & 255, bl = p & 255;
        if (g > r + 40 && g > bl + 20 && g < 140) return true;
      }
    return false;
  };
  CHECK(hasDarkGreen(a));        // slide 1 has the suitability map (its dark classes)
  CHECK_FALSE(hasDarkGreen(b));  // slide 2 has the project's own fills
  // Two different places: most of the map differs.
  size_t differ = 0;
  for (int row = 0; row < a.height; row += 4)
    for (int col = 0; col < a.width; col += 4) differ += a.pixel(col, row) != b.pixel(col, row);
  CHECK(differ > static_cast<size_t>(a.width / 4) * (a.height / 4) / 3);

  // Slides 2 and 3: the same view and title, their own overlays (none, then the density choropleth).
  const fs::path third = dir.path / "slide3.png";
  shoot(3, third);
  Image c;
  REQUIRE(c.load(third));
  REQUIRE(c.width == b.width);
  size_t overlayDiffer = 0;
  for (int row = 0; row < b.height; row += 4)
    for (int col = 0; col < b.width; col += 4) overlayDiffer += b.pixel(col, row) != c.pixel(col, row);
  CHECK(overlayDiffer > static_cast<size_t>(b.width / 4) * (b.height / 4) / 4);
}

namespace {

// The demo project with two bookmarks far from its fitted view (slides that move the map).
fs::path slidesProject(const TempDir& dir) {
  return demoProjectCopy(dir, "slides.prokus.json", [](std::string& project) {
    project.insert(project.find('{') + 1, R"(
  "bookmarks": [
    {"name": "Selatan", "center_lonlat": [107.40, -7.02], "metres_per_pixel_at_96dpi": 25, "title": "Selatan"},
    {"name": "Lembang", "center_lonlat": [107.62, -6.80], "metres_per_pixel_at_96dpi": 15, "title": "Lembang"}
  ],)");
  });
}

// The "view" a project saved by the window's --save-project hook records.
nlohmann::json savedViewAfter(const TempDir& dir, const fs::path& project, const std::string& keys) {
  const fs::path saved = dir.path / "saved.prokus.json";
  fs::remove(saved);
  const RunResult run = runBinary(dir, "--window-size 1280x800 --frames 40 " + quoted(project.string()) +
                                           (keys.empty() ? "" : " --keys " + keys) + " --save-project " +
                                           quoted(saved.string()));
  INFO("stderr: " << run.stderrText);
  REQUIRE(run.exitCode == 0);
  return nlohmann::json::parse(readFile(saved)).at("view");
}

// The window's screenshot after `args` (a few frames after its last scripted key).
Image windowAfter(const TempDir& dir, const std::string& args, const std::string& name) {
  return screenshotAfter(dir, args, name, 30);
}

// Pixels that differ above the status bar (whose pointer position depends on where the X server left
// the pointer after full screen).
size_t differingPixels(const Image& a, const Image& b) {
  REQUIRE(a.width == b.width);
  REQUIRE(a.height == b.height);
  size_t differ = 0;
  for (int y = 0; y < a.height - 32; ++y)
    for (int x = 0; x < a.width; ++x) differ += a.pixel(x, y) != b.pixel(x, y);
  return differ;
}

}  // namespace

TEST_CASE("leaving presentation (Esc) gives back the view the window had before the slides") {
  if (!haveDisplay()) return;
  TempDir dir;
  const fs::path project = slidesProject(dir);
  const nlohmann::json before = savedViewAfter(dir, project, "");
  const nlohmann::json onSlide = savedViewAfter(dir, project, "F5,Right,Right");
  const nlohmann::json after = savedViewAfter(dir, project, "F5,Right,Right,Escape");
  CAPTURE(before.dump());
  CAPTURE(onSlide.dump());
  CAPTURE(after.dump());
  // The slides moved the map (else the case would prove nothing) ...
  CHECK(std::abs(onSlide.at("metres_per_pixel").get<double>() - before.at("metres_per_pixel").get<double>()) >
        before.at("metres_per_pixel").get<double>() * 0.05);
  // ... and leaving brought back the same place and scale.
  CHECK(after.at("metres_per_pixel").get<double>() == doctest::Approx(before.at("metres_per_pixel").get<double>()).epsilon(1e-9));
  CHECK(after.at("center_lonlat")[0].get<double>() == doctest::Approx(before.at("center_lonlat")[0].get<double>()).epsilon(1e-9));
  CHECK(after.at("center_lonlat")[1].get<double>() == doctest::Approx(before.at("center_lonlat")[1].get<double>()).epsilon(1e-9));
}

TEST_CASE("Esc closes the export and meeting pack dialogs, frontmost first, and a closed dialog stays closed after presenting") {
  if (!haveDisplay()) return;
  TempDir dir;
  const std::string data = quoted(slidesProject(dir).string());
  const Image plain = windowAfter(dir, data, "plain.png");
  const Image exportOpen = windowAfter(dir, data + " --snapshot-dialog", "export-open.png");
  CHECK(differingPixels(plain, exportOpen) > 10000);  // the dialog is there to be closed
  CHECK(differingPixels(plain, windowAfter(dir, data + " --snapshot-dialog --keys Escape", "export-esc.png")) == 0);
  // Closed before presenting, closed after it; the view is the one before the slides.
  CHECK(differingPixels(plain, windowAfter(dir, data + " --snapshot-dialog --keys Escape,F5,Right,Escape",
                                           "export-esc-present.png")) == 0);
  // Both dialogs: one Esc closes one of them (the map's selection and the other dialog stay), two close both.
  const std::string both = data + " --snapshot-dialog --open-panel pack";
  CHECK(differingPixels(plain, windowAfter(dir, both + " --keys Escape", "both-esc.png")) > 10000);
  CHECK(differingPixels(plain, windowAfter(dir, both + " --keys Escape,Escape", "both-esc-esc.png")) == 0);
}
