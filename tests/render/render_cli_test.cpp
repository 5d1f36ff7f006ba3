// The headless snapshot verb, end to end: run the built binary with no DISPLAY, then check the file's
// pixels, size and georeferencing with GDAL's own tools, as a GIS user would.
#include <doctest/doctest.h>

#include <gdal_priv.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/layer_io.h"
#include "core/map_document.h"
#include "core/style.h"
#include "render/map_export.h"
#include "test_support.h"

using namespace pk;
using pk::test::quote;
using pk::test::runCommand;
using pk::test::TempDir;

namespace {

std::string geodata(const std::string& f) { return pk::test::sharedGeodata(f).string(); }

test::CommandResult render(const std::string& args) { return test::runRenderVerb(args); }

struct Rgb {
  int r = -1, g = -1, b = -1;
  friend bool operator==(const Rgb&, const Rgb&) = default;
  friend bool operator<(const Rgb& a, const Rgb& b) {
    return std::tie(a.r, a.g, a.b) < std::tie(b.r, b.g, b.b);
  }
};

std::string describe(const Rgb& c) {
  return "(" + std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b) + ")";
}

// Colours at lon/lat points through `gdallocationinfo -wgs84 -valonly`, as the issue states the check.
std::vector<Rgb> colorsAt(const std::string& png, const std::vector<Vec2>& lonLat, const TempDir& dir) {
  std::ostringstream in;
  in.precision(10);
  for (Vec2 p : lonLat) in << p.x << ' ' << p.y << '\n';
  const std::string input = dir.file("points.txt");
  pk::test::writeText(input, in.str());
  auto r = runCommand("gdallocationinfo -wgs84 -valonly " + quote(png) + " < " + quote(input));
  REQUIRE_MESSAGE(r.exitCode == 0, r.output);
  std::istringstream out(r.output);
  std::vector<Rgb> colors;
  for (size_t i = 0; i < lonLat.size(); ++i) {
    Rgb c;
    out >> c.r >> c.g >> c.b;
    colors.push_back(c);
  }
  return colors;
}

struct DesaPoint {
  std::string kecCode;
  std::string name;
  Vec2 lonLat;
};

// The reference desa points with their lon/lat as numbers.
std::vector<DesaPoint> desaPoints() {
  std::vector<DesaPoint> pts;
  for (const auto& d : pk::test::desaPoints()) pts.push_back({d.kecCode, d.name, {std::stod(d.lon), std::stod(d.lat)}});
  return pts;
}

Rgb toRgb(Rgba c) { return {c.r, c.g, c.b}; }

}  // namespace

TEST_CASE("render --plain of the real kecamatan: every desa point shows its kecamatan's fill, the reservoir the background") {
  initGdal();
  TempDir dir;
  const std::string png = dir.file("map.png");
  auto r = render(quote(geodata("kbb_kecamatan.shp")) + " -o " + quote(png) + " --plain");
  REQUIRE_MESSAGE(r.exitCode == 0, r.output);
  CHECK(r.output.find(png) != std::string::npos);  // says where it wrote

  // Fill colour of each kecamatan: categoricalFill(feature index) in the layer's order.
  const MapProjection utm(32748);
  LayerPtr kec = loadBoundaryLayer(geodata("kbb_kecamatan.shp"), utm);
  REQUIRE(kec->features.size() == 16);
  std::map<std::string, Rgb> fillByCode;
  std::set<Rgb> distinct;
  for (size_t i = 0; i < kec->features.size(); ++i) {
    fillByCode[kec->featureCode(i)] = toRgb(categoricalFill(i));
    distinct.insert(toRgb(categoricalFill(i)));
  }
  REQUIRE(distinct.size() == 16);  // otherwise the check below could not tell kecamatan apart
  const Rgb background{255, 255, 255};
  CHECK(distinct.count(background) == 0);

  const auto points = desaPoints();
  REQUIRE(points.size() == 165);
  std::vector<Vec2> lonLat;
  for (const auto& p : points) lonLat.push_back(p.lonLat);
  const auto colors = colorsAt(png, lonLat, dir);
  int matches = 0;
  for (size_t i = 0; i < points.size(); ++i) {
    REQUIRE(fillByCode.count(points[i].kecCode) == 1);
    const Rgb expected = fillByCode[points[i].kecCode];
    CHECK_MESSAGE(colors[i] == expected, points[i].name, " in ", points[i].kecCode, ": got ", describe(colors[i]),
                  ", expected ", describe(expected));
    matches += colors[i] == expected;
  }
  CHECK(matches == 165);

  // The reservoir water that belongs to no kecamatan: its most interior point (pole of inaccessibility).
  LayerPtr water = loadBoundaryLayer(geodata("kbb_waduk_unassigned.geojson"), utm);
  REQUIRE(!water->features.empty());
  size_t widestIndex = 0;
  for (size_t i = 0; i < water->features.size(); ++i)
    if (water->features[i].areaKm2 > water->features[widestIndex].areaKm2) widestIndex = i;
  const Feature* widest = &water->features[widestIndex];
  const Vec2 waterPoint = water->labelPoint(widestIndex);
  // The point must be clear of the shore by several pixels (~48 m each), or the check means nothing.
  CHECK(distanceToBoundary(widest->polygon, waterPoint) > 150);
  const auto waterColor = colorsAt(png, {utm.toLonLat(waterPoint)}, dir);
  CHECK_MESSAGE(waterColor[0] == background, "reservoir: got ", describe(waterColor[0]));
}

TEST_CASE("render writes exactly the requested size, opaque, with CRS and geotransform that gdalinfo reports") {
  initGdal();
  TempDir dir;
  const std::string png = dir.file("sized.png");
  auto r = render(quote(geodata("kbb_kecamatan.shp")) + " -o " + quote(png) + " --size 1000x640");
  REQUIRE_MESSAGE(r.exitCode == 0, r.output);
  CHECK(std::filesystem::exists(dir.file("sized.pgw")));
  CHECK(std::filesystem::exists(dir.file("sized.png.aux.xml")));

  std::unique_ptr<GDALDataset> ds(GDALDataset::Open(png.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  REQUIRE(ds);
  CHECK(ds->GetRasterXSize() == 1000);
  CHECK(ds->GetRasterYSize() == 640);
  CHECK(ds->GetRasterCount() == 3);  // opaque: no alpha band

  // The geotransform is the fitted view: the whole regency inside, clear of the furniture with a margin.
  MapDocument doc;
  doc.openFile(geodata("kbb_kecamatan.shp"));
  const MapView view = fitDocumentView(doc, 1000, 640, 96.0f / 72.0f, true);
  double gt[6];
  REQUIRE(ds->GetGeoTransform(gt) == CE_None);
  CHECK(gt[0] == doctest::Approx(view.toMap({0, 0}).x).epsilon(1e-9));
  CHECK(gt[3] == doctest::Approx(view.toMap({0, 0}).y).epsilon(1e-9));
  CHECK(gt[1] == doctest::Approx(view.metresPerPixel));
  CHECK(gt[5] == doctest::Approx(-view.metresPerPixel));
  const BBox data = doc.dataExtent();
  CHECK(gt[0] < data.minx);
  CHECK(gt[3] > data.maxy);
  CHECK(gt[0] + 1000 * gt[1] > data.maxx);
  CHECK(gt[3] + 640 * gt[5] < data.miny);

  auto info = runCommand("gdalinfo " + quote(png));
  REQUIRE_MESSAGE(info.exitCode == 0, info.output);
  CHECK(info.output.find("Size is 1000, 640") != std::string::npos);
  CHECK(info.output.find("UTM zone 48S") != std::string::npos);
  CHECK(info.output.find("ID[\"EPSG\",32748]") != std::string::npos);
  CHECK(info.output.find("Origin = (") != std::string::npos);
  CHECK(info.output.find("Pixel Size = (") != std::string::npos);

  // Rendering again overwrites in place.
  r = render(quote(geodata("kbb_kecamatan.shp")) + " -o " + quote(png) + " --size 300x200 --plain");
  REQUIRE_MESSAGE(r.exitCode == 0, r.output);
  ds.reset(GDALDataset::Open(png.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  REQUIRE(ds);
  CHECK(ds->GetRasterXSize() == 300);
}

TEST_CASE("the default size is 1920x1080 and the non-plain map carries labels (dark text pixels)") {
  initGdal();
  TempDir dir;
  const std::string plain = dir.file("plain.png"), full = dir.file("full.png");
  REQUIRE(render(quote(geodata("kbb_kecamatan.shp")) + " -o " + quote(plain) + " --plain").exitCode == 0);
  REQUIRE(render(quote(geodata("kbb_kecamatan.shp")) + " -o " + quote(full)).exitCode == 0);
  auto readRgb = [](const std::string& path) {
    std::unique_ptr<GDALDataset> ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    REQUIRE(ds);
    CHECK(ds->GetRasterXSize() == 1920);
    CHECK(ds->GetRasterYSize() == 1080);
    const int w = ds->GetRasterXSize(), h = ds->GetRasterYSize();
    std::vector<std::uint8_t> rgb(static_cast<size_t>(w) * h * 3);
    int bands[] = {1, 2, 3};
    REQUIRE(ds->RasterIO(GF_Read, 0, 0, w, h, rgb.data(), w, h, GDT_Byte, 3, bands, 3, w * 3, 1) == CE_None);
    return rgb;
  };
  const auto a = readRgb(plain), b = readRgb(full);
  REQUIRE(a.size() == b.size());
  // Text ink: pixels much darker in the labelled map than in the plain one (outlines are the same
  // in both; halos only lighten).
  long ink = 0;
  for (size_t i = 0; i < a.size(); i += 3) ink += (a[i] + a[i + 1] + a[i + 2]) - (b[i] + b[i + 1] + b[i + 2]) > 150;
  CHECK(ink > 1500);
}

TEST_CASE("bad input exits 2 with one line naming the file; nothing is written") {
  initGdal();
  TempDir dir;
  const std::string out = dir.file("out.png");
  auto expectBad = [&](const std::string& args, const std::string& named) {
    CAPTURE(args);
    auto r = render(args);
    CHECK_MESSAGE(r.exitCode == 2, r.output);
    CHECK_MESSAGE(r.output.find(named) != std::string::npos, r.output);
    // One line.
    std::string trimmed = r.output;
    while (!trimmed.empty() && trimmed.back() == '\n') trimmed.pop_back();
    CHECK_MESSAGE(trimmed.find('\n') == std::string::npos, r.output);
    CHECK_FALSE(std::filesystem::exists(out));
  };

  expectBad(quote(dir.file("missing.shp")) + " -o " + quote(out), "missing.shp");

  pk::test::writeText(dir.file("notes.shp"), "this is a text file, not a shapefile\n");
  expectBad(quote(dir.file("notes.shp")) + " -o " + quote(out), "notes.shp");

  // A point layer cannot be the boundary layer.
  pk::test::writeText(dir.file("offices.geojson"),
                      R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Kantor"},)"
                      R"("geometry":{"type":"Point","coordinates":[107.5,-6.85]}}]})");
  expectBad(quote(dir.file("offices.geojson")) + " -o " + quote(out), "offices.geojson");

  // A truncated .shp with its companions.
  for (const char* ext : {".shx", ".dbf", ".prj"})
    std::filesystem::copy_file(geodata(std::string("kbb_kecamatan") + ext), dir.file(std::string("cut") + ext));
  {
    const std::string whole = pk::test::readText(geodata("kbb_kecamatan.shp"));
    pk::test::writeText(dir.file("cut.shp"), whole.substr(0, whole.size() / 3));
  }
  expectBad(quote(dir.file("cut.shp")) + " -o " + quote(out), "cut.shp");

  // A .shp without its .shx and .dbf.
  std::filesystem::copy_file(geodata("kbb_kecamatan.shp"), dir.file("lonely.shp"));
  expectBad(quote(dir.file("lonely.shp")) + " -o " + quote(out), "lonely.shp");

  // Usage problems: unsupported output format, bad size, missing -o, output folder missing.
  expectBad(quote(geodata("kbb_kecamatan.shp")) + " -o " + quote(dir.file("out.bmp")), "out.bmp");
  expectBad(quote(geodata("kbb_kecamatan.shp")) + " -o " + quote(out) + " --size 12by5", "--size");
  expectBad(quote(geodata("kbb_kecamatan.shp")) + " -o " + quote(out) + " --size 0x100", "--size");
  expectBad(quote(geodata("kbb_kecamatan.shp")), "output");
  expectBad(quote(geodata("kbb_kecamatan.shp")) + " -o " + quote(dir.file("nowhere/out.png")), "out.png");

  // A broken project file.
  pk::test::writeText(dir.file("broken.prokus.json"), "{ not json");
  expectBad(quote(dir.file("broken.prokus.json")) + " -o " + quote(out), "broken.prokus.json");
}

TEST_CASE("render --help exits 0 and describes the options") {
  auto r = render("--help");
  CHECK(r.exitCode == 0);
  CHECK(r.output.find("--size") != std::string::npos);
  CHECK(r.output.find("--plain") != std::string::npos);
}

TEST_CASE("render of the demo project on real desa boundaries: lists load, the kecamatan table joins through kec_code") {
  TempDir dir;
  // The demo project with its boundary swapped for the real desa file (paths absolute: the project
  // lives in the temporary folder).
  nlohmann::json project = nlohmann::json::parse(test::readText((test::sourceDir() / "geodata" / "demo.prokus.json").string()));
  project["layers"][0]["path"] = geodata("kbb_desa.geojson");
  project["layers"][0].erase("name_field");
  project["layers"][0].erase("code_field");
  for (const char* list : {"beneficiaries", "mentors", "polygon_table"})
    project["programme"][list]["path"] =
        (test::sourceDir() / "geodata" / project["programme"][list]["path"].get<std::string>()).string();
  const std::string path = dir.file("desa.prokus.json");
  test::writeText(path, project.dump(2));
  const std::string png = dir.file("desa.png");
  const auto r = render(quote(path) + " -o " + quote(png) + " --size 800x600 --code-field code --name-field name");
  INFO(r.output);
  REQUIRE(r.exitCode == 0);
  CHECK(r.output.find("beneficiaries: synthetic_kpm_beneficiaries.csv") != std::string::npos);
  CHECK(r.output.find("mentors: synthetic_mentors.csv") != std::string::npos);
  CHECK(r.output.find("through the kecamatan field 'kec_code'") != std::string::npos);
  CHECK(r.output.find("no row matches") == std::string::npos);
  CHECK(std::filesystem::exists(png));

  const auto bad = render(quote(path) + " -o " + quote(dir.file("x.png")) + " --name-field nama_x");
  CHECK(bad.exitCode == 2);
  CHECK(bad.output.find("'nama_x' (--name-field)") != std::string::npos);
}

TEST_CASE("polygons only a few pixels across keep their fills visible: their outlines fade") {
  initGdal();
  TempDir dir;
  // The 165 real desa at 128x72: the median desa is about 5 px across, as 82,468 desa are on a
  // 3840-pixel map of Indonesia.
  const std::string small = dir.file("small.png");
  REQUIRE(render(quote(geodata("kbb_desa.shp")) + " -o " + quote(small) + " --plain --size 128x72").exitCode == 0);
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open(small.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  REQUIRE(ds);
  const int w = ds->GetRasterXSize(), h = ds->GetRasterYSize();
  std::vector<std::uint8_t> rgb(static_cast<size_t>(w) * h * 3);
  int bands[] = {1, 2, 3};
  REQUIRE(ds->RasterIO(GF_Read, 0, 0, w, h, rgb.data(), w, h, GDT_Byte, 3, bands, 3, w * 3, 1) == CE_None);
  long mapPixels = 0, dark = 0;
  for (size_t i = 0; i < rgb.size(); i += 3) {
    const int sum = rgb[i] + rgb[i + 1] + rgb[i + 2];
    if (sum >= 3 * 250) continue;  // background
    ++mapPixels;
    dark += sum < 3 * 120;         // outline ink, not a fill
  }
  REQUIRE(mapPixels > 1500);
  MESSAGE("dark share " << double(dark) / double(mapPixels));
  CHECK(dark * 4 < mapPixels);  // outlines at full strength darken two thirds of such a map
}
