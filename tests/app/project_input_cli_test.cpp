// Bad project files on the command line: every verb exits 2 with one line naming the file and the
// key, never 1 with a raw JSON library error, never a crash.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "test_support.h"

using namespace pk;
using pk::test::quote;
using pk::test::runCommand;
using pk::test::TempDir;

namespace {

namespace fs = std::filesystem;

test::CommandResult verb(const std::string& args) {
  return runCommand(std::string("env -u DISPLAY -u WAYLAND_DISPLAY ") + quote(PROKUS_BINARY) + " " + args);
}

// The demo data with a mutated copy of its project.
std::string badProject(const TempDir& tmp, const std::string& name, const std::string& text) {
  for (const auto& e : fs::directory_iterator(pk::test::sourceDir() / "geodata"))
    fs::copy_file(e.path(), tmp.path() / e.path().filename(), fs::copy_options::skip_existing);
  pk::test::writeText(tmp.file(name), text);
  return tmp.file(name);
}

std::string mutatedDemo(const std::string& pointer, const nlohmann::json& value) {
  nlohmann::json j = nlohmann::json::parse(pk::test::readText((pk::test::sourceDir() / "geodata/demo.prokus.json").string()));
  j[nlohmann::json::json_pointer(pointer)] = value;
  return j.dump(1);
}

}  // namespace

TEST_CASE("render and export-pack exit 2 naming the file and the key on a bad project") {
  TempDir tmp;
  const std::string deep = "{\"format\":\"prokus-map project\",\"version\":1,"
                           "\"layers\":[{\"path\":\"kbb_kecamatan_schematic.geojson\"}],\"x\":" +
                           std::string(100000, '[') + std::string(100000, ']') + "}";
  struct Case {
    std::string file, text, message;
  };
  const Case cases[] = {
      {"deep.prokus.json", deep, "deep.prokus.json: JSON nested deeper than 64 levels"},
      {"fill.prokus.json", mutatedDemo("/layers/0/style/fill", 123), "fill.prokus.json: layers[0].style.fill: expected text, not a number"},
      {"crs.prokus.json", mutatedDemo("/map_crs_epsg", 4326),
       "crs.prokus.json: map_crs_epsg: 4326 is a geographic CRS; the map needs a projected CRS in metres, e.g. a UTM zone"},
      {"folder.prokus.json", mutatedDemo("/layers/0/path", "."), "folder.prokus.json: layers[0].path: '.' is a folder, not a data file"},
      {"pop.prokus.json", mutatedDemo("/programme/polygon_table/population_column", 7),
       "pop.prokus.json: programme.polygon_table.population_column: expected text, not a number"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.file);
    const std::string project = badProject(tmp, c.file, c.text);
    const auto r = verb("render " + quote(project) + " -o " + quote(tmp.file("out.png")));
    CHECK_MESSAGE(r.exitCode == 2, r.output);
    CHECK(r.output == "prokus-map render: " + c.message + "\n");
    const auto p = verb("export-pack " + quote(project) + " -o " + quote(tmp.file("pack")) + " --date 2025-03-12");
    CHECK_MESSAGE(p.exitCode == 2, p.output);
    CHECK(p.output.find(c.message) != std::string::npos);
    CHECK(p.output.find("json.exception") == std::string::npos);
  }
  fs::create_directories(tmp.path() / "dir.prokus.json");
  const auto r = verb("render " + quote(tmp.file("dir.prokus.json")) + " -o " + quote(tmp.file("out.png")));
  CHECK(r.exitCode == 2);
  CHECK(r.output == "prokus-map render: dir.prokus.json: is a folder, not a project file\n");
}
