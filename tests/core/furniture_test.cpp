// Map furniture as data and layout math: corners without overlap, nice scale bars whose length on
// the image is their ground length (measured independently through PROJ's geodesic and point scale
// factor), the north arrow's convergence, texts from the data, JSON of the project sections.
#include <doctest/doctest.h>

#include <geodesic.h>
#include <proj.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <random>
#include <stdexcept>

#include "core/bookmarks.h"
#include "core/export_preset.h"
#include "core/furniture.h"
#include "core/i18n.h"
#include "core/layer_io.h"
#include "core/map_document.h"
#include "core/projection.h"
#include "core/view.h"
#include "test_support.h"

using namespace pk;
using nlohmann::json;

namespace {

constexpr double kPi = 3.14159265358979323846;

double geodesicMetres(Vec2 lonlatA, Vec2 lonlatB) {
  geod_geodesic g;
  geod_init(&g, 6378137.0, 1 / 298.257223563);
  double s12 = 0;
  geod_inverse(&g, lonlatA.y, lonlatA.x, lonlatB.y, lonlatB.x, &s12, nullptr, nullptr);
  return s12;
}

bool overlapsWithGap(const BBox& a, const BBox& b, double gap) {
  return a.minx < b.maxx + gap - 1e-6 && a.maxx > b.minx - gap + 1e-6 && a.miny < b.maxy + gap - 1e-6 &&
         a.maxy > b.miny - gap + 1e-6;
}

void checkNoOverlapAndInside(const FurnitureLayout& layout, double w, double h, double margin, double gap) {
  for (size_t i = 0; i < layout.placed.size(); ++i) {
    const BBox& a = layout.placed[i].boxPt;
    CHECK(a.minx >= margin - 1e-6);
    CHECK(a.miny >= margin - 1e-6);
    CHECK(a.maxx <= w - margin + 1e-6);
    CHECK(a.maxy <= h - margin + 1e-6);
    for (size_t j = i + 1; j < layout.placed.size(); ++j) CHECK_FALSE(overlapsWithGap(a, layout.placed[j].boxPt, gap));
  }
}

// The real kecamatan, loaded as the app does, for an honest map extent and source field.
MapDocument realKecamatan() {
  initGdal();
  MapDocument doc;
  doc.openFile(pk::test::sharedGeodata("kbb_kecamatan.shp").string());
  return doc;
}

}  // namespace

TEST_CASE("each corner stacks its items from the edge inward, aligned to its side") {
  const double W = 800, H = 500, m = 8, gap = 4;
  std::vector<FurnitureBlock> blocks = {
      {FurnitureItem::Title, FurnitureCorner::TopCenter, 200, 20},
      {FurnitureItem::Subtitle, FurnitureCorner::TopCenter, 150, 14},
      {FurnitureItem::NorthArrow, FurnitureCorner::TopRight, 25, 40},
      {FurnitureItem::Legend, FurnitureCorner::BottomRight, 120, 100},
      {FurnitureItem::ScaleBar, FurnitureCorner::BottomLeft, 150, 20},
      {FurnitureItem::SchematicNote, FurnitureCorner::BottomLeft, 300, 12},
      {FurnitureItem::Attribution, FurnitureCorner::BottomRight, 200, 10},
      {FurnitureItem::Date, FurnitureCorner::BottomRight, 90, 10},
  };
  const FurnitureLayout layout = layoutFurniture(blocks, W, H, m, gap);
  REQUIRE(layout.placed.size() == blocks.size());
  CHECK(layout.dropped.empty());
  checkNoOverlapAndInside(layout, W, H, m, gap);

  const BBox title = layout.find(FurnitureItem::Title)->boxPt;
  CHECK(title.miny == doctest::Approx(m));
  CHECK(title.center().x == doctest::Approx(W / 2));
  const BBox subtitle = layout.find(FurnitureItem::Subtitle)->boxPt;
  CHECK(subtitle.miny == doctest::Approx(title.maxy + gap));
  const BBox arrow = layout.find(FurnitureItem::NorthArrow)->boxPt;
  CHECK(arrow.maxx == doctest::Approx(W - m));
  CHECK(arrow.miny == doctest::Approx(m));
  // Bottom right, from the bottom up: date, source line, legend.
  const BBox date = layout.find(FurnitureItem::Date)->boxPt;
  const BBox attribution = layout.find(FurnitureItem::Attribution)->boxPt;
  const BBox legend = layout.find(FurnitureItem::Legend)->boxPt;
  CHECK(date.maxy == doctest::Approx(H - m));
  CHECK(date.maxx == doctest::Approx(W - m));
  CHECK(attribution.maxy == doctest::Approx(date.miny - gap));
  CHECK(legend.maxy == doctest::Approx(attribution.miny - gap));
  CHECK(legend.maxx == doctest::Approx(W - m));
  // Bottom left: the note at the bottom, the scale bar above it.
  const BBox note = layout.find(FurnitureItem::SchematicNote)->boxPt;
  const BBox bar = layout.find(FurnitureItem::ScaleBar)->boxPt;
  CHECK(note.minx == doctest::Approx(m));
  CHECK(note.maxy == doctest::Approx(H - m));
  CHECK(bar.maxy == doctest::Approx(note.miny - gap));
}

TEST_CASE("an item that would overlap another corner's moves along its stack, or is dropped, never overlapping") {
  // A wide title across the top pushes the top-left item below it.
  const FurnitureLayout layout = layoutFurniture({{FurnitureItem::Title, FurnitureCorner::TopCenter, 380, 30},
                                                  {FurnitureItem::NorthArrow, FurnitureCorner::TopLeft, 30, 40}},
                                                 400, 300, 8, 4);
  REQUIRE(layout.placed.size() == 2);
  CHECK(layout.find(FurnitureItem::NorthArrow)->boxPt.miny == doctest::Approx(8 + 30 + 4));

  // Too tall for what is left of the page: dropped, and reported.
  const FurnitureLayout full = layoutFurniture({{FurnitureItem::Legend, FurnitureCorner::TopLeft, 100, 200},
                                                {FurnitureItem::ScaleBar, FurnitureCorner::BottomLeft, 100, 90}},
                                               400, 280, 8, 4);
  CHECK(full.placed.size() == 1);
  REQUIRE(full.dropped.size() == 1);
  CHECK(full.dropped[0] == FurnitureItem::ScaleBar);
  // Wider than the page: dropped rather than clipped.
  const FurnitureLayout wide = layoutFurniture({{FurnitureItem::Attribution, FurnitureCorner::BottomRight, 500, 10}},
                                               400, 300, 8, 4);
  CHECK(wide.placed.empty());
  CHECK(wide.dropped.size() == 1);
}

TEST_CASE("random furniture on random pages never overlaps and stays inside the margins") {
  std::mt19937 rng(20240531);
  std::uniform_real_distribution<double> page(120, 1600), side(4, 400);
  std::uniform_int_distribution<int> corner(0, 5);
  int droppedSome = 0, placedTotal = 0;
  for (int trial = 0; trial < 400; ++trial) {
    const double W = page(rng), H = page(rng);
    std::vector<FurnitureBlock> blocks;
    for (FurnitureItem item : allFurnitureItems())
      blocks.push_back({item, static_cast<FurnitureCorner>(corner(rng)), side(rng), side(rng) / 3});
    const FurnitureLayout layout = layoutFurniture(blocks, W, H, 8, 4);
    checkNoOverlapAndInside(layout, W, H, 8, 4);
    CHECK(layout.placed.size() + layout.dropped.size() == blocks.size());
    droppedSome += !layout.dropped.empty();
    placedTotal += int(layout.placed.size());
  }
  // Both branches exercised.
  CHECK(droppedSome > 0);
  CHECK(placedTotal > 400);
}

TEST_CASE("scale bars have 1-2-5 lengths spanning 15-25 % of the width whenever such a length exists") {
  for (double mpp = 0.05; mpp < 5000; mpp *= 1.137) {
    for (int width : {320, 1240, 1920, 4961, 16384}) {
      const ScaleBarChoice c = chooseScaleBar(mpp, 1.0004, width);
      REQUIRE(c.groundMetres > 0);
      const double exponent = std::floor(std::log10(c.groundMetres) + 1e-9);
      const double mantissa = c.groundMetres / std::pow(10.0, exponent);
      CHECK((std::fabs(mantissa - 1) < 1e-9 || std::fabs(mantissa - 2) < 1e-9 || std::fabs(mantissa - 5) < 1e-9));
      const double fraction = c.lengthPx / width;
      CHECK(c.lengthPx == doctest::Approx(c.groundMetres / (mpp * 1.0004)));
      // Independently: does any 1-2-5 length fall in 15-25 %?
      bool exists = false;
      for (int e = -3; e <= 8; ++e)
        for (double m : {1.0, 2.0, 5.0}) {
          const double f = m * std::pow(10.0, e) / (mpp * 1.0004) / width;
          exists |= f >= 0.15 && f <= 0.25;
        }
      if (exists) {
        CHECK(fraction >= 0.15 - 1e-9);
        CHECK(fraction <= 0.25 + 1e-9);
      } else {
        CHECK(fraction >= 0.12);
        CHECK(fraction <= 0.32);
      }
    }
  }
  setLanguage(Language::Indonesian);
  CHECK(chooseScaleBar(10, 1, 1000).label == "2 km");  // 2 km = 200 px = 20 %
  CHECK(chooseScaleBar(1, 1, 1000).label == "200 m");
}

TEST_CASE("the point scale factor and the convergence agree with PROJ's own factors") {
  MapProjection utm(32748);
  PJ* tm = proj_create(PJ_DEFAULT_CTX, "+proj=utm +zone=48 +south +ellps=WGS84");
  REQUIRE(tm != nullptr);
  for (Vec2 lonlat : {Vec2{107.45, -6.9}, Vec2{105.0, -6.9}, Vec2{108.9, -2.0}, Vec2{101.5, -9.5}}) {
    const Vec2 p = utm.fromLonLat(lonlat);
    const PJ_FACTORS f = proj_factors(tm, proj_coord(lonlat.x * kPi / 180, lonlat.y * kPi / 180, 0, 0));
    CAPTURE(lonlat.x);
    CHECK(1 / groundMetresPerMapMetre(utm, p) == doctest::Approx(f.parallel_scale).epsilon(1e-6));
    // Analytic transverse-Mercator convergence, as a second, simpler reference: true north lies
    // clockwise of grid north by -atan(tan(dlon) sin(lat)).
    const double dlon = (lonlat.x - 105.0) * kPi / 180, lat = lonlat.y * kPi / 180;
    const double analytic = -std::atan(std::tan(dlon) * std::sin(lat));
    CHECK(trueNorthAngleFromGridNorth(utm, p) == doctest::Approx(analytic).epsilon(0.01).scale(1e-4));
    CHECK(std::fabs(trueNorthAngleFromGridNorth(utm, p)) == doctest::Approx(std::fabs(f.meridian_convergence)).epsilon(0.01).scale(1e-4));
  }
  proj_destroy(tm);
  // East of the central meridian in the southern hemisphere true north leans right (clockwise).
  CHECK(trueNorthAngleFromGridNorth(utm, utm.fromLonLat({107.45, -6.9})) > 0.003);
}

TEST_CASE("the scale bar's length on the image equals its ground distance within 1 % at several sizes and DPIs") {
  const MapDocument doc = realKecamatan();
  REQUIRE(doc.projection);
  struct Case {
    int w, h;
    double dpi;
  };
  for (const Case c : {Case{1920, 1080, 96}, Case{4961, 3508, 300}, Case{1240, 1754, 150}, Case{800, 600, 200},
                       Case{16384, 9000, 600}}) {
    MapView view = MapView::fit(doc.dataExtent(), c.w, c.h);
    view.pixelsPerPoint = float(c.dpi / 72);
    const MapGeometryAtCentre g = mapGeometryAtCentre(*doc.projection, view);
    const ScaleBarChoice bar = chooseScaleBar(view.metresPerPixel, g.groundPerMapMetre, c.w);
    // The bar where it is drawn: bottom left, 20 pt in.
    const double x0 = 20 * view.pixelsPerPoint, y = c.h - 20 * view.pixelsPerPoint;
    const Vec2 a = doc.projection->toLonLat(view.toMap({x0, y}));
    const Vec2 b = doc.projection->toLonLat(view.toMap({x0 + bar.lengthPx, y}));
    const double measured = geodesicMetres(a, b);
    CAPTURE(c.w);
    CAPTURE(c.dpi);
    CHECK(measured == doctest::Approx(bar.groundMetres).epsilon(0.01));
    CHECK(bar.lengthPx / c.w >= 0.12);
    CHECK(bar.lengthPx / c.w <= 0.32);
  }
}

TEST_CASE("in a strongly distorting CRS the scale factor keeps the bar true (Web Mercator at 60 N)") {
  MapProjection mercator(3857);
  MapView view;
  view.center = mercator.fromLonLat({10.75, 59.9});  // Oslo
  view.metresPerPixel = 40;  // map (Mercator) metres
  view.widthPx = 1600;
  view.heightPx = 900;
  const MapGeometryAtCentre g = mapGeometryAtCentre(mercator, view);
  CHECK(g.groundPerMapMetre == doctest::Approx(std::cos(59.9 * kPi / 180)).epsilon(0.01));
  const ScaleBarChoice bar = chooseScaleBar(view.metresPerPixel, g.groundPerMapMetre, view.widthPx);
  const Vec2 a = mercator.toLonLat(view.toMap({800 - bar.lengthPx / 2, 450}));
  const Vec2 b = mercator.toLonLat(view.toMap({800 + bar.lengthPx / 2, 450}));
  CHECK(geodesicMetres(a, b) == doctest::Approx(bar.groundMetres).epsilon(0.01));
  // Without the correction the bar would be twice too long.
  CHECK(bar.groundMetres / view.metresPerPixel < 0.6 * bar.lengthPx);
}

TEST_CASE("the source line comes from the data") {
  setLanguage(Language::Indonesian);
  MapDocument real = realKecamatan();
  CHECK(automaticAttribution(real) == "Batas wilayah: BPS 2020 / OCHA HDX (CC BY-IGO)");
  setLanguage(Language::English);
  CHECK(automaticAttribution(real) == "Boundaries: BPS 2020 / OCHA HDX (CC BY-IGO)");
  setLanguage(Language::Indonesian);
  real.schematicBoundaries = true;
  CHECK(automaticAttribution(real) == "Batas skematis dari titik desa BPS/OCHA HDX (CC BY-IGO)");

  // Another source is quoted; a file without a source field is named.
  pk::test::TempDir dir;
  auto polygonFile = [&](const std::string& name, const std::string& properties) {
    pk::test::writeText(dir.file(name), R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":)" +
                                            properties +
                                            R"(,"geometry":{"type":"Polygon","coordinates":[[[107.4,-6.9],[107.5,-6.9],[107.5,-6.8],[107.4,-6.9]]]}}]})");
    MapDocument d;
    d.openFile(dir.file(name));
    return d;
  };
  CHECK(automaticAttribution(polygonFile("big.geojson", R"j({"name":"A","source":"BIG 2023 (RBI)"})j")) ==
        "Batas wilayah: BIG 2023 (RBI)");
  CHECK(automaticAttribution(polygonFile("batas_desa.geojson", R"({"name":"A"})")) ==
        "Batas wilayah: batas_desa.geojson");
  // The waduk file credits HDX in its source field, so it gets the standard credit too.
  MapDocument waduk;
  waduk.openFile(pk::test::sharedGeodata("kbb_waduk_unassigned.geojson").string());
  CHECK(automaticAttribution(waduk) == "Batas wilayah: BPS 2020 / OCHA HDX (CC BY-IGO)");

  // The planner's text wins; the date reads as a date; the title falls back to the bookmark's, then the project's.
  FurnitureSettings s;
  s[FurnitureItem::Attribution].text = "Batas: BIG 2023";
  real.title = "Peta KBB";
  FurnitureText t = furnitureTextFor(s, real, "", "2025-03-12");
  CHECK(t.attribution == "Batas: BIG 2023");
  CHECK(t.date == "Tanggal peta: 12 Maret 2025");
  CHECK(t.title == "Peta KBB");
  CHECK(furnitureTextFor(s, real, "Slide 2").title == "Slide 2");
  CHECK_FALSE(t.schematicNote.empty());
  setLanguage(Language::English);
  CHECK(furnitureTextFor(s, real, "", "2025-03-12").date == "Map date: 12 March 2025");
  setLanguage(Language::Indonesian);
}

TEST_CASE("furniture settings, bookmarks and export presets round-trip through JSON; bad values name the key") {
  FurnitureSettings s;
  s[FurnitureItem::Legend] = {true, FurnitureCorner::TopLeft, ""};
  s[FurnitureItem::Title] = {true, FurnitureCorner::BottomCenter, "Judul"};
  s[FurnitureItem::Date].show = false;
  s.marginPt = 12;
  const json j = s;
  CHECK(j["legend"]["corner"] == "top_left");
  CHECK(j.get<FurnitureSettings>() == s);
  CHECK(json::parse(R"({"scale_bar": false})").get<FurnitureSettings>()[FurnitureItem::ScaleBar].show == false);
  CHECK_THROWS_WITH_AS(json::parse(R"({"legend": {"corner": "middle"}})").get<FurnitureSettings>(),
                       doctest::Contains("furniture.legend.corner"), std::invalid_argument);

  Bookmark b{"Selatan", {107.35, -7.0}, 25.5, "Kecamatan selatan", json{{"heatmap", true}}};
  CHECK(json(b).get<Bookmark>() == b);
  CHECK_THROWS_WITH_AS(json::parse(R"({"name": "X", "center_lonlat": [1]})").get<Bookmark>(),
                       doctest::Contains("bookmark 'X'"), std::invalid_argument);

  ExportPreset p;
  p.paper = Paper::A3;
  p.dpi = 300;
  p.format = "pdf";
  CHECK(json(p).get<ExportPreset>() == p);
  CHECK(p.size() == PixelSize{4961, 3508});
  CHECK_THROWS_WITH_AS(json::parse(R"({"width": 20000})").get<ExportPreset>(), doctest::Contains("export.width"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(json::parse(R"({"format": "gif"})").get<ExportPreset>(), doctest::Contains("export.format"),
                       std::invalid_argument);

  // Through a document's sections, as the project file keeps them.
  MapDocument doc;
  storeFurnitureSettings(doc, s);
  storeBookmarks(doc, {b});
  storeExportPreset(doc, p);
  CHECK(furnitureSettingsOf(doc) == s);
  REQUIRE(bookmarksOf(doc).size() == 1);
  CHECK(findBookmark(bookmarksOf(doc), "selatan") != nullptr);
  CHECK(findBookmark(bookmarksOf(doc), "utara") == nullptr);
  CHECK(exportPresetOf(doc) == p);
}

TEST_CASE("paper sizes are exact: round(mm / 25.4 x dpi)") {
  CHECK(paperPixels(Paper::A3, 300, true) == PixelSize{4961, 3508});
  CHECK(paperPixels(Paper::A3, 300, false) == PixelSize{3508, 4961});
  CHECK(paperPixels(Paper::A4, 150, false) == PixelSize{1240, 1754});
  CHECK(paperPixels(Paper::A4, 150, true) == PixelSize{1754, 1240});
  CHECK(paperPixels(Paper::A4, 300, false) == PixelSize{2480, 3508});
  CHECK(paperPixels(Paper::A3, 150, true) == PixelSize{2480, 1754});
}

TEST_CASE("a bookmark keeps its scale physical: at 300 dpi a pixel covers 96/300 of its 96-dpi ground") {
  MapProjection utm(32748);
  const Bookmark b{"Lembang", {107.62, -6.81}, 40, "", nullptr};
  const MapView v = bookmarkView(b, utm, 4961, 3508, 300);
  CHECK(v.metresPerPixel == doctest::Approx(40 * 96.0 / 300));
  CHECK(v.pixelsPerPoint == doctest::Approx(300 / 72.0));
  const Vec2 ll = utm.toLonLat(v.center);
  CHECK(ll.x == doctest::Approx(107.62));
  CHECK(ll.y == doctest::Approx(-6.81));
  const Bookmark back = bookmarkOf(v, utm, "again");
  CHECK(back.metresPerPixelAt96dpi == doctest::Approx(40));
}

namespace {

// A page of 400 x 300 pt with the legend (automatic corner) and a scale bar bottom left; the map's
// polygons are a vertical band 300 pt wide in the middle of the page, moved `panPt` to the right.
struct PannedPage {
  std::vector<FurnitureBlock> blocks{{FurnitureItem::Legend, FurnitureCorner::BottomRight, 90, 60},
                                     {FurnitureItem::ScaleBar, FurnitureCorner::TopCenter, 80, 20}};
  double panPt = 0;
  double coverage(const BBox& box) const {
    const double bandMin = 50 + panPt, bandMax = 350 + panPt;
    const double overlap = std::max(0.0, std::min(box.maxx, bandMax) - std::max(box.minx, bandMin));
    return overlap / box.width();
  }
  FurnitureCorner chooseNow() const {
    return chooseLegendCorner(blocks, 400, 300, 8, 4, [this](const BBox& b) { return coverage(b); });
  }
};

}  // namespace

TEST_CASE("the automatic legend corner hides the least of the map; the window keeps it while panning") {
  PannedPage page;
  // Centred data: the right corners hide as much as the left; the right one wins the tie.
  CHECK(page.chooseNow() == FurnitureCorner::BottomRight);
  // Chosen afresh for every view, a pan of 2 pt already moves the legend to the other side ...
  page.panPt = 2;
  CHECK(page.chooseNow() == FurnitureCorner::BottomLeft);
  page.panPt = -2;
  CHECK(page.chooseNow() == FurnitureCorner::BottomRight);

  // ... so the window keeps the choice it made for its view while the planner pans.
  LegendCornerMemo memo;
  const std::string layout = "page 400x300, legend 90x60";
  page.panPt = 0;
  CHECK(memo.choose(layout, [&] { return page.chooseNow(); }) == FurnitureCorner::BottomRight);
  for (double pan : {2.0, -3.0, 5.0, 12.0}) {
    page.panPt = pan;
    CAPTURE(pan);
    CHECK(memo.choose(layout, [&] { return page.chooseNow(); }) == FurnitureCorner::BottomRight);
  }
  // A fit (or data opened, or overlays changed) forgets it: chosen for the view then.
  memo.forget();
  CHECK(memo.choose(layout, [&] { return page.chooseNow(); }) == FurnitureCorner::BottomLeft);
  // Another legend (a different size) or page size is chosen for at once.
  page.panPt = -5;
  CHECK(memo.choose("page 400x300, legend 90x70", [&] { return page.chooseNow(); }) == FurnitureCorner::BottomRight);
}
