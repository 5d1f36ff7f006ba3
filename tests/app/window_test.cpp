// The dashboard window, driven through its hidden test hook (`--screenshot PATH --frames N`) under the
// existing DISPLAY (ctest runs under `xvfb-run -a`). Without a DISPLAY the window cases skip themselves,
// unless PROKUS_REQUIRE_DISPLAY=1 says a display must be there.
#include <doctest/doctest.h>

#include <stb_image.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

namespace {

const std::string kBinary = PROKUS_BINARY;
const std::string kKecamatan = std::string(PROKUS_SHARED_GEODATA) + "/kbb_kecamatan.shp";
constexpr int kWidth = 1280, kHeight = 800;

struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("prokus-window-test-" + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct RunResult {
  int exitCode = -1;
  std::string stderrText;
};

// Runs the binary with its settings in `dir` (never the user's ~/.config), stderr captured.
RunResult runBinary(const TempDir& dir, const std::string& args, const std::string& envPrefix = "") {
  const fs::path errPath = dir.path / "stderr.txt";
  const std::string command = envPrefix + " XDG_CONFIG_HOME=" + quoted((dir.path / "config").string()) + " " +
                              quoted(kBinary) + " " + args + " >/dev/null 2>" + quoted(errPath.string());
  const int status = std::system(command.c_str());
  RunResult result;
  result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.stderrText = readFile(errPath);
  return result;
}

bool haveDisplay() {
  const char* display = std::getenv("DISPLAY");
  if (display && *display) return true;
  const char* require = std::getenv("PROKUS_REQUIRE_DISPLAY");
  if (require && std::string(require) == "1") {
    FAIL("PROKUS_REQUIRE_DISPLAY=1 but DISPLAY is not set: run the tests under xvfb-run -a");
  }
  MESSAGE("DISPLAY is not set: window test skipped (run under xvfb-run -a)");
  return false;
}

struct Image {
  int width = 0, height = 0;
  std::vector<unsigned char> rgb;
  bool load(const fs::path& path) {
    int channels = 0;
    unsigned char* data = stbi_load(path.string().c_str(), &width, &height, &channels, 3);
    if (!data) return false;
    rgb.assign(data, data + static_cast<size_t>(width) * height * 3);
    stbi_image_free(data);
    return true;
  }
  unsigned pixel(int x, int y) const {
    const size_t i = (static_cast<size_t>(y) * width + x) * 3;
    return (rgb[i] << 16) | (rgb[i + 1] << 8) | rgb[i + 2];
  }
  double luminance(int x, int y) const {
    const size_t i = (static_cast<size_t>(y) * width + x) * 3;
    return 0.299 * rgb[i] + 0.587 * rgb[i + 1] + 0.114 * rgb[i + 2];
  }
};

struct RegionStats {
  size_t distinctColours = 0;
  double meanLuminance = 0;
  double darkShare = 0;  // share of pixels darker than 100 (text, outlines)
};

RegionStats statsOf(const Image& image, int x0, int y0, int x1, int y1) {
  std::set<unsigned> colours;
  double sum = 0;
  size_t dark = 0, n = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) {
      colours.insert(image.pixel(x, y));
      const double l = image.luminance(x, y);
      sum += l;
      dark += l < 100;
      ++n;
    }
  return {colours.size(), n ? sum / n : 0, n ? static_cast<double>(dark) / n : 0};
}

// The map area lies right of the side panel (at most 60% of the width) and between the menu and status
// bars; these regions stay inside it and inside the panel whatever the exact panel width.
RegionStats mapRegion(const Image& image) {
  return statsOf(image, image.width * 62 / 100, 60, image.width - 10, image.height - 60);
}
RegionStats panelRegion(const Image& image) { return statsOf(image, 0, 40, 200, image.height - 60); }

std::string windowArgs(const fs::path& shot) {
  return "--window-size " + std::to_string(kWidth) + "x" + std::to_string(kHeight) + " --frames 8 --screenshot " +
         quoted(shot.string());
}

}  // namespace

TEST_CASE("the window shows the real kecamatan with its panels, and the test hook exits 0") {
  if (!haveDisplay()) return;
  TempDir dir;
  const fs::path shot = dir.path / "window.png";
  const RunResult run = runBinary(dir, windowArgs(shot) + " " + quoted(kKecamatan));
  INFO("stderr: " << run.stderrText);
  CHECK(run.exitCode == 0);
  Image image;
  REQUIRE(image.load(shot));
  CHECK(image.width == kWidth);
  CHECK(image.height == kHeight);

  // 16 kecamatan in distinct fills, anti-aliased outlines and labels: many colours in the map area.
  const RegionStats map = mapRegion(image);
  CAPTURE(map.distinctColours);
  CHECK(map.distinctColours >= 40);
  // The side panel is there: mostly its light background, with dark text on it.
  const RegionStats panel = panelRegion(image);
  CAPTURE(panel.meanLuminance);
  CAPTURE(panel.darkShare);
  CHECK(panel.meanLuminance > 200);
  CHECK(panel.darkShare > 0.002);
  // The map's legibility needs outlines and labels too, darker than the fills.
  CHECK(map.darkShare > 0.001);
}

TEST_CASE("a bad file on the command line shows a message, keeps the map, and still exits 0") {
  if (!haveDisplay()) return;
  TempDir dir;
  const fs::path bad = dir.path / "not_a_shapefile.shp";
  {
    std::ofstream out(bad);
    out << "this is a text file renamed .shp\n";
  }
  const fs::path goodShot = dir.path / "good.png";
  const fs::path badShot = dir.path / "bad.png";
  const RunResult good = runBinary(dir, windowArgs(goodShot) + " " + quoted(kKecamatan));
  const RunResult run = runBinary(dir, windowArgs(badShot) + " " + quoted(kKecamatan) + " " + quoted(bad.string()));
  INFO("stderr: " << run.stderrText);
  CHECK(good.exitCode == 0);
  CHECK(run.exitCode == 0);
  // The message names the file (it is also shown in the popup).
  CHECK(run.stderrText.find("not_a_shapefile.shp") != std::string::npos);

  Image goodImage, badImage;
  REQUIRE(goodImage.load(goodShot));
  REQUIRE(badImage.load(badShot));
  // The current map is kept: still many colours where the map is.
  const RegionStats badMap = mapRegion(badImage);
  CHECK(badMap.distinctColours >= 40);
  // The message is a modal popup: it dims everything behind it, and its light box covers the centre.
  const RegionStats goodCorner = statsOf(goodImage, kWidth - 200, 60, kWidth - 10, 200);
  const RegionStats badCorner = statsOf(badImage, kWidth - 200, 60, kWidth - 10, 200);
  CAPTURE(goodCorner.meanLuminance);
  CAPTURE(badCorner.meanLuminance);
  CHECK(badCorner.meanLuminance < goodCorner.meanLuminance - 20);
  const RegionStats centre = statsOf(badImage, kWidth / 2 - 40, kHeight / 2 - 5, kWidth / 2 + 40, kHeight / 2 + 5);
  CHECK(centre.meanLuminance > 200);
}

TEST_CASE("only a bad file: message, empty map, exit 0, no crash") {
  if (!haveDisplay()) return;
  TempDir dir;
  const fs::path shot = dir.path / "window.png";
  const RunResult run = runBinary(dir, windowArgs(shot) + " " + quoted((dir.path / "missing.gpkg").string()));
  INFO("stderr: " << run.stderrText);
  CHECK(run.exitCode == 0);
  CHECK(run.stderrText.find("missing.gpkg") != std::string::npos);
  CHECK(fs::exists(shot));
}

TEST_CASE("bad test-hook options exit 2 with a message") {
  TempDir dir;
  RunResult run = runBinary(dir, "--frames abc " + quoted(kKecamatan));
  CHECK(run.exitCode == 2);
  CHECK(run.stderrText.find("--frames") != std::string::npos);
  run = runBinary(dir, "--no-such-option");
  CHECK(run.exitCode == 2);
  CHECK(run.stderrText.find("--no-such-option") != std::string::npos);
}

TEST_CASE("without a display, opening a file writes a snapshot instead and says where") {
  TempDir dir;
  const fs::path shot = dir.path / "snapshot.png";
  const RunResult run = runBinary(dir, "--screenshot " + quoted(shot.string()) + " " + quoted(kKecamatan),
                                  "env -u DISPLAY -u WAYLAND_DISPLAY");
  INFO("stderr: " << run.stderrText);
  CHECK(run.exitCode == 0);
  CHECK(run.stderrText.find(shot.string()) != std::string::npos);
  Image image;
  REQUIRE(image.load(shot));
  CHECK(image.width == 1920);
  CHECK(image.height == 1080);
  CHECK(statsOf(image, 0, 0, image.width, image.height).distinctColours >= 16);
}
