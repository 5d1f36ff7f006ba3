// Helpers shared by the window tests (tests/app/window*_test.cpp): run the binary with its settings in
// a temporary folder, skip without a display, and read back the PNG its screenshot hook writes.
#pragma once
#include <doctest/doctest.h>

#include <stb_image.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace pk::window_test {

namespace fs = std::filesystem;

inline const std::string kBinary = PROKUS_BINARY;

struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("prokus-window-test-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

inline std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

inline std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct RunResult {
  int exitCode = -1;
  std::string stderrText;
};

// What the binary says when the X server refused its connection (it then falls back to a headless
// snapshot): a hiccup of the test's Xvfb under parallel load, not of the program under test.
inline bool windowRefused(const std::string& stderrText) {
  return stderrText.find("cannot open a window (X11: Failed to open display") != std::string::npos;
}

// Runs the binary with its settings in `dir` (never the user's ~/.config), stderr captured. A run
// the X server refused is tried again (twice at most, a second apart).
inline RunResult runBinary(const TempDir& dir, const std::string& args, const std::string& envPrefix = "") {
  const fs::path errPath = dir.path / "stderr.txt";
  const std::string command = envPrefix + " XDG_CONFIG_HOME=" + quoted((dir.path / "config").string()) + " " +
                              quoted(kBinary) + " " + args + " >/dev/null 2>" + quoted(errPath.string());
  RunResult result;
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (attempt > 0) std::system("sleep 1");
    const int status = std::system(command.c_str());
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.stderrText = readFile(errPath);
    if (!windowRefused(result.stderrText)) break;
  }
  return result;
}

// True with a DISPLAY; otherwise the case skips itself, unless PROKUS_REQUIRE_DISPLAY=1 makes it fail.
inline bool haveDisplay() {
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

// The window's screenshot after `frames` frames of `args` (window 1280x800), read back.
inline Image screenshotAfter(const TempDir& dir, const std::string& args, const std::string& name, int frames) {
  const fs::path shot = dir.path / name;
  const RunResult run = runBinary(dir, "--window-size 1280x800 --frames " + std::to_string(frames) + " " + args +
                                           " --screenshot " + quoted(shot.string()));
  INFO("stderr: " << run.stderrText);
  REQUIRE(run.exitCode == 0);
  Image image;
  REQUIRE(image.load(shot));
  return image;
}

}  // namespace pk::window_test
