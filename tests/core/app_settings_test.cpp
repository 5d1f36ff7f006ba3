// Dashboard settings: defaults, round trip, damaged files, the recent-project list; and the file
// browser's directory listing.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/app_settings.h"
#include "core/directory_listing.h"

namespace fs = std::filesystem;

namespace {
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("prokus-settings-test-" + std::to_string(std::rand()) + "-" +
                                        std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

void writeText(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}
}  // namespace

TEST_CASE("a missing settings file gives the defaults") {
  TempDir dir;
  std::string warning;
  const auto settings = pk::loadAppSettings((dir.path / "nope" / "settings.json").string(), &warning);
  CHECK(settings.language == pk::Language::Indonesian);
  CHECK(settings.uiScale == 0.0f);
  CHECK(settings.recentProjects.empty());
  CHECK(warning.empty());
}

TEST_CASE("settings round-trip through the file, and the folder is created") {
  TempDir dir;
  const std::string path = (dir.path / "prokus-map" / "settings.json").string();
  pk::AppSettings settings;
  settings.language = pk::Language::English;
  settings.uiScale = 1.5f;
  settings.rememberProject("/data/a.prokus.json");
  settings.rememberProject("/data/b.prokus.json");
  settings.lastDirectory = "/data";
  pk::saveAppSettings(settings, path);
  REQUIRE(fs::exists(path));
  // Atomic save: no temporary file is left beside it.
  int files = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(path).parent_path())) files += entry.is_regular_file();
  CHECK(files == 1);

  const auto loaded = pk::loadAppSettings(path);
  CHECK(loaded.language == pk::Language::English);
  CHECK(loaded.uiScale == doctest::Approx(1.5));
  REQUIRE(loaded.recentProjects.size() == 2);
  CHECK(loaded.recentProjects[0] == "/data/b.prokus.json");
  CHECK(loaded.recentProjects[1] == "/data/a.prokus.json");
  CHECK(loaded.lastDirectory == "/data");
}

TEST_CASE("a damaged settings file falls back to defaults with a warning naming it") {
  TempDir dir;
  const auto path = dir.path / "settings.json";
  writeText(path, "{ \"language\": \"en\", ");  // truncated
  std::string warning;
  const auto settings = pk::loadAppSettings(path.string(), &warning);
  CHECK(settings.language == pk::Language::Indonesian);
  CHECK(warning.find(path.string()) != std::string::npos);

  writeText(path, R"({"language": "en", "ui_scale": 99, "recent_projects": [1, "/x.prokus.json"]})");
  warning.clear();
  const auto odd = pk::loadAppSettings(path.string(), &warning);
  CHECK(warning.empty());
  CHECK(odd.language == pk::Language::English);
  CHECK(odd.uiScale == 0.0f);  // out of range: follow the monitor
  REQUIRE(odd.recentProjects.size() == 1);
  CHECK(odd.recentProjects[0] == "/x.prokus.json");
}

TEST_CASE("recent projects: most recent first, no repeats, bounded") {
  pk::AppSettings settings;
  for (int i = 0; i < 12; ++i) settings.rememberProject("/p" + std::to_string(i) + ".prokus.json");
  settings.rememberProject("/p5.prokus.json");
  CHECK(settings.recentProjects.size() == pk::AppSettings::kMaxRecentProjects);
  CHECK(settings.recentProjects.front() == "/p5.prokus.json");
  CHECK(settings.recentProjects[1] == "/p11.prokus.json");
  CHECK(std::count(settings.recentProjects.begin(), settings.recentProjects.end(), "/p5.prokus.json") == 1);
}

TEST_CASE("the settings path follows XDG_CONFIG_HOME, then HOME") {
  const char* oldXdg = std::getenv("XDG_CONFIG_HOME");
  const std::string savedXdg = oldXdg ? oldXdg : "";
  setenv("XDG_CONFIG_HOME", "/tmp/xdg-test", 1);
  CHECK(pk::defaultSettingsPath() == "/tmp/xdg-test/prokus-map/settings.json");
  unsetenv("XDG_CONFIG_HOME");
  const char* home = std::getenv("HOME");
  if (home) CHECK(pk::defaultSettingsPath() == std::string(home) + "/.config/prokus-map/settings.json");
  if (oldXdg) setenv("XDG_CONFIG_HOME", savedXdg.c_str(), 1);
}

TEST_CASE("directory listing: folders first, filtered by extension, case-insensitive, sorted") {
  TempDir dir;
  fs::create_directories(dir.path / "zeta");
  fs::create_directories(dir.path / "Alpha");
  fs::create_directories(dir.path / ".hidden_dir");
  for (const char* name : {"b.shp", "b.shx", "b.dbf", "A.GeoJSON", "c.gpkg", "notes.txt", "demo.prokus.json",
                           "roads.KML", "x.fgb", ".secret.shp"})
    writeText(dir.path / name, "x");

  std::vector<pk::DirectoryEntry> entries;
  std::string error;
  REQUIRE(pk::listDirectory(dir.path.string(), pk::dataFileExtensions(), false, entries, &error));
  std::vector<std::string> names;
  for (const auto& e : entries) names.push_back(e.name + (e.isDirectory ? "/" : ""));
  const std::vector<std::string> expected = {"Alpha/", "zeta/", "A.GeoJSON", "b.shp", "c.gpkg",
                                             "demo.prokus.json", "roads.KML", "x.fgb"};
  CHECK(names == expected);

  REQUIRE(pk::listDirectory(dir.path.string(), {pk::kProjectExtension}, true, entries, &error));
  names.clear();
  for (const auto& e : entries) names.push_back(e.name + (e.isDirectory ? "/" : ""));
  CHECK(names == std::vector<std::string>{".hidden_dir/", "Alpha/", "zeta/", "demo.prokus.json"});

  REQUIRE(pk::listDirectory(dir.path.string(), {}, false, entries, &error));
  CHECK(entries.size() == 2 + 9);  // every visible file and folder

  CHECK_FALSE(pk::listDirectory((dir.path / "missing").string(), {}, false, entries, &error));
  CHECK(error.find("missing") != std::string::npos);
}

TEST_CASE("extension matching") {
  CHECK(pk::hasExtension("Map.PROKUS.JSON", ".prokus.json"));
  CHECK(pk::hasExtension("a.shp", ".shp"));
  CHECK_FALSE(pk::hasExtension(".shp", ".shp"));  // a bare extension is not a file of that type
  CHECK_FALSE(pk::hasExtension("a.shx", ".shp"));
  CHECK_FALSE(pk::hasExtension("shp", ".shp"));
}

TEST_CASE("Open from database's service name is remembered, and only its name") {
  TempDir dir;
  const std::string path = (dir.path / "settings.json").string();
  pk::AppSettings settings;
  settings.databaseService = "prokus";
  pk::saveAppSettings(settings, path);
  std::ifstream in(path);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(text.find("\"database_service\": \"prokus\"") != std::string::npos);
  const auto loaded = pk::loadAppSettings(path);
  CHECK(loaded.databaseService == "prokus");
  CHECK_FALSE(loaded.extraSections.contains("database_service"));  // one place, not also kept verbatim
  pk::saveAppSettings(loaded, path);
  CHECK(pk::loadAppSettings(path).databaseService == "prokus");
}
