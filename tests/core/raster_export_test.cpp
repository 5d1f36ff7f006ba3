#include <doctest/doctest.h>

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <filesystem>
#include <sstream>

#include "core/layer_io.h"
#include "core/raster_export.h"
#include "test_support.h"

using namespace pk;
using pk::test::TempDir;

namespace {

RgbaImage testImage(int w, int h) {
  RgbaImage img;
  img.width = w;
  img.height = h;
  img.pixels.resize(static_cast<size_t>(w) * h * 4);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      auto* p = &img.pixels[(static_cast<size_t>(y) * w + x) * 4];
      p[0] = static_cast<std::uint8_t>(x * 10);
      p[1] = static_cast<std::uint8_t>(y * 20);
      p[2] = static_cast<std::uint8_t>(100 + x + y);
      p[3] = static_cast<std::uint8_t>(x == 0 ? 128 : 255);
    }
  return img;
}

MapView testView(int w, int h) {
  MapView v;
  v.center = {780000.5, 9240000.25};
  v.metresPerPixel = 12.5;
  v.widthPx = w;
  v.heightPx = h;
  return v;
}

const MapProjection& utm48s() {
  static MapProjection p(32748);
  return p;
}

}  // namespace

TEST_CASE("a PNG is written with its pixels, a pixel-centre world file and the CRS in the sidecar") {
  initGdal();
  TempDir dir;
  const std::string out = dir.file("map.png");
  const RgbaImage img = testImage(7, 5);
  const MapView view = testView(7, 5);
  writeGeoreferencedImage(img, view, utm48s(), out);

  REQUIRE(std::filesystem::exists(out));
  REQUIRE(std::filesystem::exists(dir.file("map.pgw")));
  REQUIRE(std::filesystem::exists(dir.file("map.png.aux.xml")));
  // No temporary files remain.
  int files = 0;
  for (auto& e : std::filesystem::directory_iterator(dir.path())) {
    ++files;
    CHECK(e.path().filename().string().find(".tmp") == std::string::npos);
  }
  CHECK(files == 3);

  std::unique_ptr<GDALDataset> ds(GDALDataset::Open(out.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  REQUIRE(ds);
  CHECK(ds->GetRasterXSize() == 7);
  CHECK(ds->GetRasterYSize() == 5);
  CHECK(ds->GetRasterCount() == 3);  // opaque: RGB
  for (int b = 0; b < 3; ++b) {
    std::vector<std::uint8_t> band(35);
    REQUIRE(ds->GetRasterBand(b + 1)->RasterIO(GF_Read, 0, 0, 7, 5, band.data(), 7, 5, GDT_Byte, 0, 0) == CE_None);
    for (int i = 0; i < 35; ++i) CHECK(band[i] == img.pixels[i * 4 + b]);
  }
  double gt[6];
  REQUIRE(ds->GetGeoTransform(gt) == CE_None);
  CHECK(gt[0] == doctest::Approx(780000.5 - 3.5 * 12.5));
  CHECK(gt[1] == doctest::Approx(12.5));
  CHECK(gt[2] == 0);
  CHECK(gt[3] == doctest::Approx(9240000.25 + 2.5 * 12.5));
  CHECK(gt[4] == 0);
  CHECK(gt[5] == doctest::Approx(-12.5));
  const OGRSpatialReference* srs = ds->GetSpatialRef();
  REQUIRE(srs != nullptr);
  OGRSpatialReference expected;
  expected.importFromEPSG(32748);
  CHECK(srs->IsSame(&expected));
  ds.reset();

  // World file: pixel size, rotation terms, then the centre of the top-left pixel.
  std::istringstream world(pk::test::readText(dir.file("map.pgw")));
  double w[6];
  for (double& v : w) REQUIRE(static_cast<bool>(world >> v));
  CHECK(w[0] == doctest::Approx(12.5));
  CHECK(w[1] == 0);
  CHECK(w[2] == 0);
  CHECK(w[3] == doctest::Approx(-12.5));
  CHECK(w[4] == doctest::Approx(780000.5 - 3.5 * 12.5 + 6.25));
  CHECK(w[5] == doctest::Approx(9240000.25 + 2.5 * 12.5 - 6.25));

  // The image says in words which projection it was drawn in (a national map is not in UTM).
  const std::string png = pk::test::readText(out);
  const size_t keyword = png.find(std::string("Map projection") + '\0');  // an iTXt chunk
  REQUIRE(keyword != std::string::npos);
  // keyword, NUL, compression flag and method, empty language and translated keyword (NUL each), text
  CHECK(png.find("WGS 84 / UTM zone 48S (EPSG:32748)", keyword) == keyword + 19);
  CHECK(pk::test::readText(dir.file("map.png.aux.xml")).find("key=\"Map projection\">WGS 84 / UTM zone 48S (EPSG:32748)<") !=
        std::string::npos);
}

TEST_CASE("writing again replaces the files; a transparent PNG keeps its alpha band") {
  initGdal();
  TempDir dir;
  const std::string out = dir.file("snap.png");
  pk::test::writeText(out, "old contents");
  pk::test::writeText(dir.file("snap.pgw"), "old");
  writeGeoreferencedImage(testImage(4, 3), testView(4, 3), utm48s(), out, /*opaque=*/false);
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open(out.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  REQUIRE(ds);
  CHECK(ds->GetRasterCount() == 4);
  std::uint8_t alpha[12];
  REQUIRE(ds->GetRasterBand(4)->RasterIO(GF_Read, 0, 0, 4, 3, alpha, 4, 3, GDT_Byte, 0, 0) == CE_None);
  CHECK(alpha[0] == 128);
  CHECK(alpha[1] == 255);
  CHECK(pk::test::readText(dir.file("snap.pgw")) != "old");
}

TEST_CASE("a GeoTIFF holds its georeferencing itself") {
  initGdal();
  TempDir dir;
  const std::string out = dir.file("snap.tif");
  writeGeoreferencedImage(testImage(4, 3), testView(4, 3), utm48s(), out);
  CHECK(std::filesystem::exists(dir.file("snap.tfw")));
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open(out.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  REQUIRE(ds);
  double gt[6];
  REQUIRE(ds->GetGeoTransform(gt) == CE_None);
  CHECK(gt[1] == doctest::Approx(12.5));
  REQUIRE(ds->GetSpatialRef() != nullptr);
}

TEST_CASE("unsupported formats and missing folders are clear errors naming the file") {
  initGdal();
  TempDir dir;
  CHECK_FALSE(supportedRasterPath("map.bmp"));
  CHECK(supportedRasterPath("MAP.PNG"));
  CHECK_THROWS_WITH_AS(writeGeoreferencedImage(testImage(2, 2), testView(2, 2), utm48s(), dir.file("map.bmp")),
                       doctest::Contains("map.bmp"), InputError);
  CHECK_THROWS_WITH_AS(
      writeGeoreferencedImage(testImage(2, 2), testView(2, 2), utm48s(), dir.file("no/such/folder/map.png")),
      doctest::Contains("map.png"), std::runtime_error);
  CHECK(worldFilePathFor("/a/b/map.png") == "/a/b/map.pgw");
  CHECK(worldFilePathFor("x.jpg") == "x.jgw");
  CHECK(worldFilePathFor("x.tif") == "x.tfw");
}
