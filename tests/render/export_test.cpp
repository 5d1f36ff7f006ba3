// Snapshot exports end to end: exact pixel sizes (paper sizes too) and DPI recorded in each format's
// own header, georeferencing, sources and date in the metadata, tiled renders equal to untiled ones
// pixel for pixel, the scale bar as drawn matching its ground distance, bookmarks by name.
#include <doctest/doctest.h>

#include <gdal_priv.h>
#include <sys/stat.h>
#include <geodesic.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>

#include "core/furniture.h"
#include "core/i18n.h"
#include "core/layer_io.h"
#include "core/map_document.h"
#include "core/project_file.h"
#include "render/gl_context.h"
#include "render/map_export.h"
#include "render/map_renderer.h"
#include "test_support.h"

using namespace pk;
using nlohmann::json;
using pk::test::quote;
using pk::test::runCommand;
using pk::test::TempDir;

namespace {

const std::string kDemoBoundaries = (pk::test::sourceDir() / "geodata/kbb_kecamatan_schematic.geojson").string();

test::CommandResult render(const std::string& args) { return test::runRenderVerb(args); }

// The demo project, written into `dir` with extra sections (its layer path made absolute).
std::string demoProject(const TempDir& dir, const json& extra = json::object(), const std::string& name = "demo.prokus.json") {
  std::ifstream in(pk::test::sourceDir() / "geodata/demo.prokus.json");
  json j = json::parse(in);
  j["layers"][0]["path"] = kDemoBoundaries;
  // Programme lists (when the demo has them) by absolute path too, so the copy draws the same overlays.
  if (j.contains("programme") && j["programme"].is_object())
    for (auto& [key, entry] : j["programme"].items())
      if (entry.is_object() && entry.contains("path"))
        entry["path"] = (pk::test::sourceDir() / "geodata" / entry["path"].get<std::string>()).string();
  for (auto it = extra.begin(); it != extra.end(); ++it) j[it.key()] = it.value();
  const std::string path = dir.file(name);
  pk::test::writeText(path, j.dump(2));
  return path;
}

std::unique_ptr<GDALDataset> open(const std::string& path) {
  initGdal();
  return std::unique_ptr<GDALDataset>(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
}

std::string bytesOf(const std::string& path) { return pk::test::readText(path); }

std::uint32_t bigEndian32(const std::string& s, size_t at) {
  return (std::uint32_t(std::uint8_t(s[at])) << 24) | (std::uint32_t(std::uint8_t(s[at + 1])) << 16) |
         (std::uint32_t(std::uint8_t(s[at + 2])) << 8) | std::uint32_t(std::uint8_t(s[at + 3]));
}

// DPI from the PNG's pHYs chunk (pixels per metre), read from the bytes themselves; 0 if absent.
double pngDpi(const std::string& path) {
  const std::string png = bytesOf(path);
  size_t at = 8;
  while (at + 12 <= png.size()) {
    const std::uint32_t length = bigEndian32(png, at);
    const std::string type = png.substr(at + 4, 4);
    if (type == "pHYs" && png[at + 16] == 1) return bigEndian32(png, at + 8) * 0.0254;
    if (type == "IDAT") break;
    at += 12 + length;
  }
  return 0;
}

// DPI from the JPEG's JFIF header; 0 unless its unit is inches.
double jpegDpi(const std::string& path) {
  const std::string jpg = bytesOf(path);
  if (jpg.size() < 18 || jpg.compare(6, 5, std::string("JFIF\0", 5)) != 0 || jpg[13] != 1) return 0;
  return (std::uint8_t(jpg[14]) << 8) | std::uint8_t(jpg[15]);
}

struct Size {
  int w = 0, h = 0;
};
Size sizeOf(const std::string& path) {
  auto ds = open(path);
  REQUIRE_MESSAGE(ds, path);
  return {ds->GetRasterXSize(), ds->GetRasterYSize()};
}

RgbaImage pixelsOf(const std::string& path) {
  auto ds = open(path);
  REQUIRE(ds);
  RgbaImage img;
  img.width = ds->GetRasterXSize();
  img.height = ds->GetRasterYSize();
  img.pixels.assign(static_cast<size_t>(img.width) * img.height * 4, 255);
  for (int b = 1; b <= std::min(3, ds->GetRasterCount()); ++b)
    REQUIRE(ds->GetRasterBand(b)->RasterIO(GF_Read, 0, 0, img.width, img.height, img.pixels.data() + (b - 1),
                                           img.width, img.height, GDT_Byte, 4, static_cast<GSpacing>(img.width) * 4) ==
            CE_None);
  return img;
}

bool georeferenced(GDALDataset& ds) {
  double gt[6];
  return ds.GetGeoTransform(gt) == CE_None && gt[1] > 0 && gt[5] < 0 && ds.GetSpatialRef() &&
         ds.GetSpatialRef()->GetEPSGGeogCS() == 4326;
}

struct Gl {
  std::unique_ptr<HeadlessGlContext> context;
  MapRenderer renderer;
  Gl() {
    initGdal();
    context = HeadlessGlContext::create();
    renderer.init();
  }
};
Gl& gl() {
  static Gl g;
  return g;
}

double geodesicMetres(Vec2 a, Vec2 b) {
  geod_geodesic g;
  geod_init(&g, 6378137.0, 1 / 298.257223563);
  double s12 = 0;
  geod_inverse(&g, a.y, a.x, b.y, b.x, &s12, nullptr, nullptr);
  return s12;
}

}  // namespace

TEST_CASE("paper exports have exactly the paper's pixels and record the DPI in the PNG") {
  TempDir dir;
  const std::string project = demoProject(dir);
  auto r = render(quote(project) + " -o " + quote(dir.file("a3.png")) + " --paper A3 --landscape --dpi 300");
  REQUIRE_MESSAGE(r.exitCode == 0, r.output);
  const Size a3 = sizeOf(dir.file("a3.png"));
  CHECK(a3.w == 4961);
  CHECK(a3.h == 3508);
  CHECK(pngDpi(dir.file("a3.png")) == doctest::Approx(300).epsilon(0.001));
  CHECK(std::filesystem::exists(dir.file("a3.pgw")));
  CHECK(std::filesystem::exists(dir.file("a3.png.aux.xml")));
  CHECK(georeferenced(*open(dir.file("a3.png"))));

  r = render(quote(project) + " -o " + quote(dir.file("a4.png")) + " --paper a4 --dpi 150");
  REQUIRE_MESSAGE(r.exitCode == 0, r.output);
  const Size a4 = sizeOf(dir.file("a4.png"));
  CHECK(a4.w == 1240);
  CHECK(a4.h == 1754);
  CHECK(pngDpi(dir.file("a4.png")) == doctest::Approx(150).epsilon(0.001));

  // --dpi with --size: the metadata (and the point scale), not the size.
  r = render(quote(project) + " -o " + quote(dir.file("custom.png")) + " --size 640x480 --dpi 200");
  REQUIRE_MESSAGE(r.exitCode == 0, r.output);
  const Size custom = sizeOf(dir.file("custom.png"));
  CHECK(custom.w == 640);
  CHECK(custom.h == 480);
  CHECK(pngDpi(dir.file("custom.png")) == doctest::Approx(200).epsilon(0.001));
}

TEST_CASE("without a size: the project's export preset, else 1920x1080 at 96 dpi") {
  TempDir dir;
  auto r = render(quote(demoProject(dir)) + " -o " + quote(dir.file("default.png")));
  REQUIRE_MESSAGE(r.exitCode == 0, r.output);
  CHECK(sizeOf(dir.file("default.png")).w == 1920);
  CHECK(sizeOf(dir.file("default.png")).h == 1080);
  CHECK(pngDpi(dir.file("default.png")) == doctest::Approx(96).epsilon(0.001));

  const std::string preset = demoProject(dir, {{"export", {{"width", 1000}, {"height", 750}, {"dpi", 120}, {"format", "png"}}}},
                                         "preset.prokus.json");
  r = render(quote(preset) + " -o " + quote(dir.file("preset.png")));
  REQUIRE_MESSAGE(r.exitCode == 0, r.output);
  CHECK(sizeOf(dir.file("preset.png")).w == 1000);
  CHECK(sizeOf(dir.file("preset.png")).h == 750);
  CHECK(pngDpi(dir.file("preset.png")) == doctest::Approx(120).epsilon(0.001));

  const std::string bad = demoProject(dir, {{"export", {{"width", 99999}}}}, "bad.prokus.json");
  r = render(quote(bad) + " -o " + quote(dir.file("bad.png")));
  CHECK(r.exitCode == 2);
  CHECK(r.output.find("export.width") != std::string::npos);
  CHECK(r.output.find("bad.prokus.json") != std::string::npos);
}

TEST_CASE("JPEG, GeoTIFF and PDF are written, georeferenced, with DPI, sources and date") {
  TempDir dir;
  const std::string project = demoProject(dir);
  const std::string common = " --paper A4 --dpi 150 --date 2025-03-12";

  auto r = render(quote(project) + " -o " + quote(dir.file("map.jpg")) + common);
  REQUIRE_MESSAGE(r.exitCode == 0, r.output);
  CHECK(std::filesystem::exists(dir.file("map.jgw")));
  CHECK(std::filesystem::exists(dir.file("map.jpg.aux.xml")));
  CHECK(jpegDpi(dir.file("map.jpg")) == 150);
  {
    auto ds = open(dir.file("map.jpg"));
    REQUIRE(ds);
    CHECK(ds->GetRasterXSize() == 1240);
    CHECK(georeferenced(*ds));
    CHECK(std::string(ds->GetMetadataItem("EXIF_Copyright") ? ds->GetMetadataItem("EXIF_Copyright") : "")
              .find("BPS/OCHA HDX") != std::string::npos);
  }

  r = render(quote(project) + " -o " + quote(dir.file("map.tif")) + common);
  REQUIRE_MESSAGE(r.exitCode == 0, r.output);
  // The georeferencing is inside: it survives without any sidecar.
  std::filesystem::remove(dir.file("map.tfw"));
  std::filesystem::remove(dir.file("map.tif.aux.xml"));
  {
    auto ds = open(dir.file("map.tif"));
    REQUIRE(ds);
    CHECK(ds->GetRasterXSize() == 1240);
    CHECK(ds->GetRasterYSize() == 1754);
    CHECK(georeferenced(*ds));
    CHECK(std::atof(ds->GetMetadataItem("TIFFTAG_XRESOLUTION")) == doctest::Approx(150));
    CHECK(std::string(ds->GetMetadataItem("TIFFTAG_RESOLUTIONUNIT")).find('2') != std::string::npos);
    CHECK(std::string(ds->GetMetadataItem("TIFFTAG_COPYRIGHT")).find("BPS/OCHA HDX") != std::string::npos);
    CHECK(std::string(ds->GetMetadataItem("TIFFTAG_DATETIME")) == "2025:03:12 00:00:00");
  }

  r = render(quote(project) + " -o " + quote(dir.file("map.pdf")) + common);
  REQUIRE_MESSAGE(r.exitCode == 0, r.output);
  CHECK_FALSE(std::filesystem::exists(dir.file("map.pfw")));
  {
    // The page is A4 (210 x 297 mm = 595.3 x 841.9 pt).
    const std::string pdf = bytesOf(dir.file("map.pdf"));
    std::smatch m;
    REQUIRE(std::regex_search(pdf, m, std::regex(R"(MediaBox\s*\[\s*0\s+0\s+([0-9.]+)\s+([0-9.]+))")));
    CHECK(std::stod(m[1]) == doctest::Approx(210 / 25.4 * 72).epsilon(0.002));
    CHECK(std::stod(m[2]) == doctest::Approx(297 / 25.4 * 72).epsilon(0.002));
    auto ds = open(dir.file("map.pdf"));
    REQUIRE(ds);
    CHECK(georeferenced(*ds));
    CHECK(std::string(ds->GetMetadataItem("TITLE")).find("Bandung Barat") != std::string::npos);
    CHECK(std::string(ds->GetMetadataItem("KEYWORDS")).find("BPS/OCHA HDX") != std::string::npos);
    CHECK(std::string(ds->GetMetadataItem("CREATION_DATE")).find("20250312") != std::string::npos);
  }

  r = render(quote(project) + " -o " + quote(dir.file("map.png")) + common);
  REQUIRE_MESSAGE(r.exitCode == 0, r.output);
  const std::string png = bytesOf(dir.file("map.png"));
  CHECK(png.find("BPS/OCHA HDX (CC BY-IGO)") != std::string::npos);  // PNG text chunks
  CHECK(png.find("2025-03-12") != std::string::npos);
}

TEST_CASE("a transparent PNG keeps its alpha; bad combinations are usage errors") {
  TempDir dir;
  const std::string project = demoProject(dir);
  auto r = render(quote(project) + " -o " + quote(dir.file("t.png")) + " --size 400x300 --transparent");
  REQUIRE_MESSAGE(r.exitCode == 0, r.output);
  {
    auto ds = open(dir.file("t.png"));
    REQUIRE(ds);
    REQUIRE(ds->GetRasterCount() == 4);
    std::uint8_t corner = 255;
    REQUIRE(ds->GetRasterBand(4)->RasterIO(GF_Read, 0, 0, 1, 1, &corner, 1, 1, GDT_Byte, 0, 0) == CE_None);
    CHECK(corner == 0);
  }
  CHECK(render(quote(project) + " -o " + quote(dir.file("t.jpg")) + " --transparent").exitCode == 2);
  CHECK(render(quote(project) + " -o " + quote(dir.file("x.png")) + " --size 100x100 --paper A4").exitCode == 2);
  CHECK(render(quote(project) + " -o " + quote(dir.file("x.png")) + " --landscape").exitCode == 2);
  CHECK(render(quote(project) + " -o " + quote(dir.file("x.png")) + " --paper A5").exitCode == 2);
  CHECK(render(quote(project) + " -o " + quote(dir.file("x.png")) + " --size 16385x10").exitCode == 2);
  CHECK(render(quote(project) + " -o " + quote(dir.file("x.gif"))).exitCode == 2);
}

TEST_CASE("bookmarks: a saved view by name; an unknown name exits 2 listing the bookmarks") {
  TempDir dir;
  const json bookmarks = json::array(
      {{{"name", "Lembang"}, {"center_lonlat", {107.62, -6.81}}, {"metres_per_pixel_at_96dpi", 30}, {"title", "Lembang dan sekitarnya"}},
       {{"name", "Selatan"}, {"center_lonlat", {107.35, -7.02}}, {"metres_per_pixel_at_96dpi", 45}}});
  const std::string project = demoProject(dir, {{"bookmarks", bookmarks}});

  auto r = render(quote(project) + " -o " + quote(dir.file("x.png")) + " --bookmark Utara");
  CHECK(r.exitCode == 2);
  CHECK(r.output.find("Utara") != std::string::npos);
  CHECK(r.output.find("'Lembang'") != std::string::npos);
  CHECK(r.output.find("'Selatan'") != std::string::npos);
  CHECK(std::count(r.output.begin(), r.output.end(), '\n') == 1);  // one line
  CHECK_FALSE(std::filesystem::exists(dir.file("x.png")));

  r = render(quote(kDemoBoundaries) + " -o " + quote(dir.file("x.png")) + " --bookmark Lembang");
  CHECK(r.exitCode == 2);

  // A known bookmark: its centre and its scale at the export's DPI.
  r = render(quote(project) + " -o " + quote(dir.file("lembang.png")) + " --bookmark lembang --size 900x600 --dpi 192");
  REQUIRE_MESSAGE(r.exitCode == 0, r.output);
  auto ds = open(dir.file("lembang.png"));
  REQUIRE(ds);
  double gt[6];
  REQUIRE(ds->GetGeoTransform(gt) == CE_None);
  CHECK(gt[1] == doctest::Approx(30 * 96.0 / 192));
  MapProjection utm(32748);
  const Vec2 centre = utm.toLonLat({gt[0] + 450 * gt[1], gt[3] + 300 * gt[5]});
  CHECK(centre.x == doctest::Approx(107.62).epsilon(1e-6));
  CHECK(centre.y == doctest::Approx(-6.81).epsilon(1e-6));
}

TEST_CASE("a tiled render equals the untiled render pixel for pixel, furniture and labels included") {
  Gl& g = gl();
  TempDir dir;
  MapDocument doc = loadProject(demoProject(dir));
  for (auto [w, h, dpi] : {std::tuple{1000, 700, 144.0}, std::tuple{733, 1021, 96.0}}) {
    MapView view = fitDocumentView(doc, w, h, float(dpi / 72), true);
    FurnitureFrame furniture;
    buildDocumentFurniture(doc, view, furniture, {}, "", "2025-03-12");
    REQUIRE(furniture.boxOf(FurnitureItem::ScaleBar));
    REQUIRE(furniture.boxOf(FurnitureItem::Title));
    RenderOptions options;
    options.furniture = &furniture.list;
    options.schematicNote = false;
    const RgbaImage whole = renderImageTiled(g.renderer, doc, view, options, 0);
    for (int tile : {256, 97}) {
      const RgbaImage tiled = renderImageTiled(g.renderer, doc, view, options, tile);
      REQUIRE(tiled.width == w);
      REQUIRE(tiled.height == h);
      long differing = 0;
      for (size_t i = 0; i < whole.pixels.size(); ++i) differing += whole.pixels[i] != tiled.pixels[i];
      CAPTURE(tile);
      CHECK(differing == 0);
    }
  }
  // Through the command line too.
  const std::string project = demoProject(dir);
  // Every overlay on (markers, thin lines, circles, the heatmap image, legends) where the demo has them.
  const std::string overlays = doc.extraSections.contains("programme") ? " --overlay density,business,mentors,heatmap" : "";
  auto r = render(quote(project) + " -o " + quote(dir.file("whole.png")) + " --size 1200x800 --date 2025-03-12" + overlays);
  REQUIRE_MESSAGE(r.exitCode == 0, r.output);
  r = render(quote(project) + " -o " + quote(dir.file("tiles.png")) + " --size 1200x800 --date 2025-03-12 --max-tile 300" +
             overlays);
  REQUIRE_MESSAGE(r.exitCode == 0, r.output);
  CHECK(pixelsOf(dir.file("whole.png")).pixels == pixelsOf(dir.file("tiles.png")).pixels);
}

namespace {

// The files kept beside a cache entry at `dir`/entry.bin, with their inodes (a rewrite changes them).
std::map<std::string, ino_t> derivedFiles(const TempDir& dir) {
  std::map<std::string, ino_t> files;
  for (const auto& e : std::filesystem::directory_iterator(dir.path()))
    if (e.path().filename().string().starts_with("entry-")) {
      struct stat st {};
      if (::stat(e.path().c_str(), &st) == 0) files[e.path().filename().string()] = st.st_ino;
    }
  return files;
}

// Drawn by a renderer of its own: nothing kept from earlier draws but what the layer cache holds.
RgbaImage drawnByNewRenderer(const MapDocument& doc, const MapView& view, const RenderOptions& options) {
  MapRenderer renderer;
  renderer.init();
  return renderImageTiled(renderer, doc, view, options, 0);
}

// The demo project with a layer cache slot, as loadVectorFile gives a big cached file (the demo is
// too small to be cached itself), and the view and options the cache tests draw it with.
struct CachedDemo {
  TempDir dir;
  MapDocument doc;
  MapView view;
  RenderOptions options;
  CachedDemo() : doc(loadProject(demoProject(dir))) {
    withSlot(doc);
    view = fitDocumentView(doc, 900, 640, 1, true);
    options.schematicNote = false;
  }
  void withSlot(MapDocument& d) const { d.boundary()->derivedCache = {dir.file("entry.bin"), "test identity\n", 0}; }
};

}  // namespace

TEST_CASE("a layer's topology and drawn level kept in the layer cache are read back by the next renderer: same pixels") {
  Gl& g = gl();
  CachedDemo demo;
  auto& [dir, doc, view, options] = demo;
  const RgbaImage built = renderImageTiled(g.renderer, doc, view, options, 0);
  const auto stored = derivedFiles(dir);
  REQUIRE_MESSAGE(stored.size() == 2, "the topology and the drawn level are stored beside the entry");

  MapRenderer fresh;
  fresh.init();
  const RgbaImage cached = renderImageTiled(fresh, doc, view, options, 0);
  CHECK(derivedFiles(dir) == stored);  // read, not built and written again
  REQUIRE(cached.pixels.size() == built.pixels.size());
  CHECK(cached.pixels == built.pixels);
  long inked = 0;
  for (size_t i = 0; i + 3 < built.pixels.size(); i += 4) inked += built.pixels[i] < 200;
  CHECK(inked > 10000);  // a map was drawn, not an empty frame

  // Zoomed in, a level not stored yet: built from the stored topology and stored too.
  MapView zoomed = view;
  zoomed.metresPerPixel /= 8;
  const RgbaImage zoomedBuilt = renderImageTiled(fresh, doc, zoomed, options, 0);
  CHECK(derivedFiles(dir).size() == 3);
  CHECK(drawnByNewRenderer(doc, zoomed, options).pixels == zoomedBuilt.pixels);
}

TEST_CASE("a stored level that does not fit the layer is not drawn: the level is built again") {
  Gl& g = gl();
  CachedDemo demo;
  auto& [dir, doc, view, options] = demo;
  renderImageTiled(g.renderer, doc, view, options, 0);
  REQUIRE(derivedFiles(dir).size() == 2);

  // The same slot on a layer with one feature fewer (as if the identity had failed to tell them
  // apart): the stored ranges and feature numbers no longer fit, so nothing stored is used.
  MapDocument fewer = loadProject(demoProject(dir));
  fewer.boundary()->features.pop_back();
  ++fewer.boundary()->revision;
  const RgbaImage expected = drawnByNewRenderer(fewer, view, options);
  demo.withSlot(fewer);
  CHECK(drawnByNewRenderer(fewer, view, options).pixels == expected.pixels);
}

TEST_CASE("the scale bar as drawn spans its ground distance within 1 %, and grows with the DPI") {
  Gl& g = gl();
  MapDocument doc;
  doc.openFile(pk::test::sharedGeodata("kbb_kecamatan.shp").string());
  FurnitureSettings only;
  for (FurnitureItem item : allFurnitureItems()) only[item].show = item == FurnitureItem::ScaleBar;
  storeFurnitureSettings(doc, only);
  double heightAt96 = 0;
  for (auto [w, h, dpi] : {std::tuple{1920, 1080, 96.0}, std::tuple{1240, 1754, 150.0}, std::tuple{800, 600, 200.0},
                           std::tuple{4961, 3508, 300.0}}) {
    CAPTURE(w);
    MapView view = MapView::fit(doc.dataExtent(), w, h);
    view.pixelsPerPoint = float(dpi / 72);
    FurnitureFrame furniture;
    buildDocumentFurniture(doc, view, furniture);
    const BBox* box = furniture.boxOf(FurnitureItem::ScaleBar);
    REQUIRE(box);
    RenderOptions options;
    options.furniture = &furniture.list;
    const RgbaImage img = renderImageTiled(g.renderer, doc, view, options);
    // The bar's outline is the longest run of dark ink inside its box.
    int bestRun = 0, bestStart = 0, bestRow = 0;
    for (int y = int(box->miny); y < int(box->maxy); ++y) {
      int run = 0;
      for (int x = int(box->minx); x < int(box->maxx); ++x) {
        const std::uint8_t* p = &img.pixels[(static_cast<size_t>(y) * w + x) * 4];
        const bool ink = p[0] < 60 && p[1] < 60 && p[2] < 60;
        run = ink ? run + 1 : 0;
        if (run > bestRun) {
          bestRun = run;
          bestStart = x - run + 1;
          bestRow = y;
        }
      }
    }
    CHECK(bestRun == doctest::Approx(furniture.scaleBar.lengthPx).epsilon(0.005));
    const Vec2 a = doc.projection->toLonLat(view.toMap({double(bestStart), bestRow + 0.5}));
    const Vec2 b = doc.projection->toLonLat(view.toMap({double(bestStart + bestRun), bestRow + 0.5}));
    CHECK(geodesicMetres(a, b) == doctest::Approx(furniture.scaleBar.groundMetres).epsilon(0.01));
    // Sized in points: its box is as tall, in pixels, as the DPI says.
    if (dpi == 96) heightAt96 = box->height();
    else CHECK(box->height() == doctest::Approx(heightAt96 * dpi / 96).epsilon(0.06));
  }
}

TEST_CASE("an automatic legend corner avoids the map; a fixed one stays where the planner put it") {
  DrawList legendList;
  legendList.addRect({10, 10, 210, 160}, {0, 0, 0, 255});
  FurnitureInput in;
  in.view.widthPx = 1200;
  in.view.heightPx = 800;
  in.view.pixelsPerPoint = 1;
  in.legend = {&legendList, {10, 10, 210, 160}};
  // The map fills the right half and the bottom band: only the top-left corner is free.
  in.mapCoverage = [](const BBox& b) { return (b.maxx > 600 || b.maxy > 600) ? 1.0 : 0.0; };
  FurnitureFrame out;
  buildFurniture(in, out);
  const BBox* legend = out.boxOf(FurnitureItem::Legend);
  REQUIRE(legend);
  CHECK(legend->maxx < 600);
  CHECK(legend->maxy < 600);
  // The moved legend's own drawing moved with it.
  REQUIRE(out.list.solids.size() >= 6);
  BBox drawn;
  for (const auto& v : out.list.solids) drawn.add(Vec2{v.x, v.y});
  CHECK(drawn.contains({legend->minx + 1, legend->miny + 1}));

  in.settings[FurnitureItem::Legend].autoCorner = false;
  in.settings[FurnitureItem::Legend].corner = FurnitureCorner::BottomRight;
  buildFurniture(in, out);
  REQUIRE(out.boxOf(FurnitureItem::Legend));
  CHECK(out.boxOf(FurnitureItem::Legend)->maxx == doctest::Approx(1200 - 8).epsilon(0.001));
}
