// Layer order, neutral base fill and furniture room through the real `prokus-map render`, on the demo
// project and on the real kecamatan + desa boundaries.
#include <doctest/doctest.h>

#include <gdal_priv.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/layer_io.h"
#include "core/map_state.h"
#include "test_support.h"

using namespace pk;
using pk::test::quote;
using pk::test::runCommand;
using pk::test::TempDir;

namespace {

std::string geodata(const std::string& f) { return pk::test::sharedGeodata(f).string(); }

test::CommandResult render(const std::string& args) { return test::runRenderVerb(args); }

struct Image {
  int w = 0, h = 0;
  std::vector<std::uint8_t> rgb;
  const std::uint8_t* at(int x, int y) const { return &rgb[(static_cast<size_t>(y) * w + x) * 3]; }
};

Image readRgb(const std::string& path) {
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  REQUIRE(ds);
  Image im;
  im.w = ds->GetRasterXSize();
  im.h = ds->GetRasterYSize();
  im.rgb.resize(static_cast<size_t>(im.w) * im.h * 3);
  int bands[] = {1, 2, 3};
  REQUIRE(ds->RasterIO(GF_Read, 0, 0, im.w, im.h, im.rgb.data(), im.w, im.h, GDT_Byte, 3, bands, 3, im.w * 3, 1) ==
          CE_None);
  return im;
}

long countColour(const Image& im, Rgba c, int tolerance = 2) {
  long n = 0;
  for (int y = 0; y < im.h; ++y)
    for (int x = 0; x < im.w; ++x) {
      const auto* p = im.at(x, y);
      n += std::abs(p[0] - c.r) <= tolerance && std::abs(p[1] - c.g) <= tolerance && std::abs(p[2] - c.b) <= tolerance;
    }
  return n;
}

// The demo project with its paths absolute, written into `dir` with `overlays` active.
std::string demoWith(const TempDir& dir, const std::vector<std::string>& overlays) {
  const std::filesystem::path demo = pk::test::sourceDir() / "geodata" / "demo.prokus.json";
  nlohmann::json j = nlohmann::json::parse(std::ifstream(demo));
  for (auto& l : j["layers"]) l["path"] = (demo.parent_path() / l["path"].get<std::string>()).string();
  for (auto& [k, v] : j["programme"].items()) v["path"] = (demo.parent_path() / v["path"].get<std::string>()).string();
  j["overlays"]["active"] = overlays;
  const std::string path = dir.file("demo.prokus.json");
  std::ofstream(path) << j.dump(1);
  return path;
}

}  // namespace

TEST_CASE("kecamatan and desa: the desa layer is drawn as outlines, so the kecamatan fill shows") {
  initGdal();
  TempDir dir;
  nlohmann::json project = {
      {"format", "prokus-map project"},
      {"version", 1},
      {"title", "Kecamatan dan desa"},
      {"layers",
       {{{"path", geodata("kbb_kecamatan.geojson")}, {"role", "boundary"},
         {"style", {{"fill_mode", "single"}, {"fill", "#ff00ff"}}}},
        {{"path", geodata("kbb_desa.geojson")}, {"role", "context"}}}}};
  const std::string path = dir.file("kd.prokus.json"), png = dir.file("kd.png");
  std::ofstream(path) << project.dump();
  auto r = render(quote(path) + " -o " + quote(png) + " --size 960x540");
  REQUIRE_MESSAGE(r.exitCode == 0, r.output);
  const Image im = readRgb(png);
  // The regency covers about a fifth of the image: most of it must be the kecamatan's magenta.
  CHECK(countColour(im, {255, 0, 255, 255}) > im.w * im.h / 10);
}

TEST_CASE("with the heatmap and business points on, the base fill is the neutral grey, not a colour per kecamatan") {
  initGdal();
  TempDir dir;
  const std::string png = dir.file("heat.png");
  auto r = render(quote(demoWith(dir, {"heatmap", "business"})) + " -o " + quote(png) + " --size 960x540");
  REQUIRE_MESSAGE(r.exitCode == 0, r.output);
  const Image im = readRgb(png);
  CHECK(countColour(im, kNeutralBaseFill) > im.w * im.h / 20);
}

TEST_CASE("demo and real boundaries: no polygon under the title band, the scale bar or the schematic note") {
  initGdal();
  TempDir dir;
  for (const std::string& input : {demoWith(dir, {"choropleth"}), geodata("kbb_kecamatan.geojson")}) {
    const std::string png = dir.file("furniture.png");
    auto r = render(quote(input) + " -o " + quote(png) + " --size 1000x700");
    REQUIRE_MESSAGE(r.exitCode == 0, r.output);
    const Image im = readRgb(png);
    // Polygon fill pixels (choropleth or colour per kecamatan: clearly coloured) and outline pixels
    // (dark) in the bottom-left corner, where the scale bar and the note stand, and dark pixels in the
    // title band left of the title.
    long underBottomLeft = 0, inTitleBand = 0;
    for (int y = static_cast<int>(im.h * 0.93); y < im.h; ++y)
      for (int x = 0; x < static_cast<int>(im.w * 0.3); ++x) {
        const auto* p = im.at(x, y);
        const int hi = std::max({p[0], p[1], p[2]}), lo = std::min({p[0], p[1], p[2]});
        underBottomLeft += hi - lo > 60 && hi > 180 && !(p[0] > 240 && p[1] > 230);  // not the note (cream, brown text)
      }
    for (int y = 0; y < static_cast<int>(im.h * 0.05); ++y)
      for (int x = 0; x < static_cast<int>(im.w * 0.2); ++x) {
        const auto* p = im.at(x, y);
        inTitleBand += p[0] < 120 && p[1] < 120 && p[2] < 120;
      }
    CHECK_MESSAGE(underBottomLeft < 50, input);
    CHECK_MESSAGE(inTitleBand == 0, input);
  }
}
