// The programme overlays in-process on a headless context, on the demo project and its synthetic
// lists: the legend's colours are the map's, coverage circles have their ground radius, coincident
// points are spread, the heatmap follows its bandwidth (and panning re-uploads nothing), no personal
// data reaches any drawn text, and the render verb draws each overlay.
#include <doctest/doctest.h>

#include <gdal_priv.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <set>
#include <tuple>

#include "core/layer_io.h"
#include "core/map_document.h"
#include "core/programme_project.h"
#include "core/project_file.h"
#include "core/spatial_index.h"
#include "render/gl_context.h"
#include "render/map_renderer.h"
#include "render/overlays.h"
#include "test_support.h"

using namespace pk;

namespace {

std::string demoFile(const std::string& name) { return (test::sourceDir() / "geodata" / name).string(); }

struct Fixture {
  std::unique_ptr<HeadlessGlContext> gl;
  MapRenderer renderer;
  MapDocument doc;
  LoadedProgramme programme;
  std::shared_ptr<const OverlayData> data;
  MapView view;
  Fixture() {
    initGdal();
    gl = HeadlessGlContext::create();
    renderer.init();
    doc = loadProject(demoFile("demo.prokus.json"));
    programme = loadProgramme(*doc.boundary(), *doc.projection, programmeSourcesOf(doc));
    data = std::make_shared<OverlayData>(overlayDataOf(programme));
    view = MapView::fit(doc.dataExtent(), 960, 720);
  }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

using Key = std::tuple<int, int, int>;
Key keyOf(Rgba c) { return {c.r, c.g, c.b}; }

Rgba pixelAt(const RgbaImage& img, int x, int y) {
  const auto* p = &img.pixels[(static_cast<size_t>(y) * img.width + x) * 4];
  return {p[0], p[1], p[2], p[3]};
}

RgbaImage render(Fixture& f, const MapView& view, const OverlayFrame& frame, bool labels = true) {
  RenderOptions o;
  frame.applyTo(o);
  Layer& b = *f.doc.boundary();
  const bool showLabels = b.style.showLabels;
  b.style.showLabels = labels;
  RgbaImage img = renderToImage(f.renderer, f.doc, view, o);
  b.style.showLabels = showLabels;
  return img;
}

long differingPixels(const RgbaImage& a, const RgbaImage& b) {
  long n = 0;
  for (size_t i = 0; i < a.pixels.size(); i += 4)
    n += a.pixels[i] != b.pixels[i] || a.pixels[i + 1] != b.pixels[i + 1] || a.pixels[i + 2] != b.pixels[i + 2];
  return n;
}

OverlaySettings only() {
  OverlaySettings s;
  s.choropleth = s.business = s.mentors = s.heatmap = false;
  return s;
}

double haversineMetres(Vec2 a, Vec2 b) {
  const double R = 6371008.8, d2r = M_PI / 180;
  const double dphi = (b.y - a.y) * d2r, dl = (b.x - a.x) * d2r;
  const double h = std::sin(dphi / 2) * std::sin(dphi / 2) +
                   std::cos(a.y * d2r) * std::cos(b.y * d2r) * std::sin(dl / 2) * std::sin(dl / 2);
  return 2 * R * std::asin(std::sqrt(h));
}

}  // namespace

TEST_CASE("the demo programme loads with people to protect") {
  Fixture& f = fixture();
  REQUIRE(f.programme.beneficiaries);
  REQUIRE(f.programme.mentors);
  CHECK(f.programme.beneficiaries->rows.size() > 285);
  CHECK(f.programme.mentors->mentors.size() == 19);
  CHECK(f.data->beneficiaries.size() == f.programme.beneficiaries->rows.size());
  CHECK(f.data->hasMentors);
}

TEST_CASE("choropleth: every polygon is drawn in its legend class's colour, the very colour of the swatch") {
  Fixture& f = fixture();
  for (ClassMethod method : {ClassMethod::Quantile, ClassMethod::NaturalBreaks, ClassMethod::EqualInterval}) {
    CAPTURE(classMethodName(method));
    OverlayBuilder builder;
    builder.setData(f.data);
    OverlaySettings s = only();
    s.choropleth = true;
    s.choroplethSettings.method = method;
    s.choroplethSettings.classes = 5;
    builder.setSettings(s);
    OverlayFrame frame;
    builder.build(f.doc, f.view, frame);
    const Legend* legend = builder.choroplethLegend();
    REQUIRE(legend);
    REQUIRE(legend->classification.classCount() >= 3);
    const RgbaImage img = render(f, f.view, frame, /*labels=*/false);

    // The swatches as drawn: one per legend entry, each pixel its entry's colour.
    std::vector<Rgba> swatchPixels;
    for (const auto& sw : frame.swatches) {
      if (sw.overlay != "density") continue;
      const Vec2 c = sw.box.center();
      const Rgba px = pixelAt(img, int(c.x), int(c.y));
      CHECK(keyOf(px) == keyOf(sw.color));
      swatchPixels.push_back(px);
    }
    REQUIRE(swatchPixels.size() == legend->entries.size());

    // Each polygon's most common pixel colour (away from the legend) is its class's swatch pixel.
    const Layer& b = *f.doc.boundary();
    const PolygonIndex index(b);
    std::vector<std::map<Key, int>> histogram(b.features.size());
    for (int y = 1; y < img.height; y += 2)
      for (int x = 1; x < img.width; x += 2) {
        bool inLegend = false;
        for (const auto& box : frame.legendBoxes) inLegend |= box.contains({double(x), double(y)});
        if (inLegend) continue;
        const int feature = index.find(f.view.toMap({x + 0.5, y + 0.5}));
        if (feature >= 0) ++histogram[feature][keyOf(pixelAt(img, x, y))];
      }
    const std::vector<PolygonIndicators>& rows = builder.indicators()->polygons;
    std::set<int> classesSeen;
    for (size_t i = 0; i < b.features.size(); ++i) {
      CAPTURE(b.featureName(i));
      REQUIRE(!histogram[i].empty());
      const auto mode = std::max_element(histogram[i].begin(), histogram[i].end(),
                                         [](auto& a, auto& c) { return a.second < c.second; });
      const int cls = legend->classification.classOf(rows[i].densityPerKm2);
      REQUIRE(cls >= 0);
      classesSeen.insert(cls);
      CHECK(mode->first == keyOf(swatchPixels[size_t(cls)]));
    }
    // Every class holding polygons was seen on the map.
    for (int c = 0; c < legend->classification.classCount(); ++c)
      if (legend->classification.counts[size_t(c)] > 0) CHECK(classesSeen.count(c) == 1);
  }
}

TEST_CASE("mentor coverage circles have the ground radius R at any zoom") {
  Fixture& f = fixture();
  // One mentor in the middle of the map, beneficiaries far north of it, and no fill, so the circle
  // is the only thing on its row.
  const BBox ext = f.doc.dataExtent();
  const Vec2 centre = ext.center();
  auto d = std::make_shared<OverlayData>();
  d->hasMentors = true;
  d->mentors.add(0, centre);
  d->beneficiaries.categoryNames = {"a"};
  d->categoryKeys = {"a"};
  d->beneficiaries.add(0, {centre.x, centre.y + 20000}, 0, 2020, -1, kNoValue, 0);
  Layer& b = *f.doc.boundary();
  const LayerStyle saved = b.style;
  b.style.fillOpacity = 0;
  b.style.outline.a = 0;
  for (double radiusKm : {2.0, 5.0, 7.5}) {
    for (double mpp : {12.0, 25.0}) {
      CAPTURE(radiusKm);
      CAPTURE(mpp);
      OverlayBuilder builder;
      builder.setData(d);
      OverlaySettings s = only();
      s.mentors = true;
      s.mentorLines = false;
      s.mentorChoropleth = false;
      s.legends = false;
      s.radiusKm = radiusKm;
      builder.setSettings(s);
      MapView view;
      view.center = centre;
      view.metresPerPixel = mpp;
      view.widthPx = 1400;
      view.heightPx = 1400;
      OverlayFrame frame;
      builder.build(f.doc, view, frame);
      const double expected = radiusKm * 1000 / mpp;
      int circles = 0;
      for (const auto& c : frame.overlay.circles)
        if (c.radius > 20) {
          ++circles;
          CHECK(std::abs(c.radius - expected) <= 0.01 * expected);
        }
      CHECK(circles == 1);

      // In the pixels: the stroke's darkest point on the row through the centre, right and left.
      const RgbaImage img = render(f, view, frame, /*labels=*/false);
      const Vec2 c = view.toPixel(centre);
      const int row = int(c.y);
      auto darkest = [&](int dir) {
        int best = -1, bestValue = 1000;
        for (int k = 20; k < int(expected * 1.3); ++k) {
          const int x = int(c.x) + dir * k;
          if (x < 0 || x >= img.width) break;
          const Rgba p = pixelAt(img, x, row);
          if (p.r < bestValue) {
            bestValue = p.r;
            best = k;
          }
        }
        return best;
      };
      const double measured = (darkest(+1) + darkest(-1)) / 2.0;
      CHECK(std::abs(measured - expected) <= 0.01 * expected + 0.5);
      // And the radius in pixels is R on the ground (geodesic distance, not map units).
      const Vec2 edge = view.toMap({c.x + measured, c.y});
      const double ground = haversineMetres(f.doc.projection->toLonLat(centre), f.doc.projection->toLonLat(edge));
      CHECK(std::abs(ground - radiusKm * 1000) <= 0.01 * radiusKm * 1000);
    }
  }
  b.style = saved;
}

TEST_CASE("coincident beneficiaries are spread apart, deterministically, so each stays visible") {
  Fixture& f = fixture();
  const Vec2 p = f.doc.boundary()->labelPoint(0);
  auto d = std::make_shared<OverlayData>();
  d->beneficiaries.categoryNames = {"Makanan", "Jasa"};
  d->categoryKeys = {"makanan_minuman", "jasa"};
  constexpr int kSame = 12;
  for (int i = 0; i < kSame; ++i) d->beneficiaries.add(0, p, i % 2, 2020);
  d->beneficiaries.add(0, {p.x + 3000, p.y}, 0, 2020);  // a lone point stays where it is
  OverlaySettings s = only();
  s.business = true;
  s.legends = false;
  auto centres = [&](const MapView& view) {
    OverlayBuilder builder;
    builder.setData(d);
    builder.setSettings(s);
    OverlayFrame frame;
    builder.build(f.doc, view, frame);
    std::vector<DrawList::Circle> out = frame.overlay.markers;
    return out;
  };
  MapView view = f.view;
  view.pixelsPerPoint = 2.0f;  // the spiral is in points: it scales with the export's DPI
  const auto circles = centres(view);
  REQUIRE(circles.size() == kSame + 1);
  const Vec2 at = view.toPixel(p);
  int atCentre = 0;
  for (size_t i = 0; i < kSame; ++i) {
    atCentre += std::hypot(circles[i].x - at.x, circles[i].y - at.y) < 0.01;
    for (size_t j = i + 1; j < kSame; ++j) {
      const double dist = std::hypot(circles[i].x - circles[j].x, circles[i].y - circles[j].y);
      CHECK(dist >= circles[i].radius + circles[j].radius);  // fills do not overlap
    }
    CHECK(std::hypot(circles[i].x - at.x, circles[i].y - at.y) < 30 * view.pixelsPerPoint);  // still close
  }
  CHECK(atCentre == 1);
  const Vec2 lone = view.toPixel({p.x + 3000, p.y});
  CHECK(circles[kSame].x == doctest::Approx(lone.x));
  CHECK(circles[kSame].y == doctest::Approx(lone.y));
  // Same input, same picture.
  const auto again = centres(view);
  for (size_t i = 0; i < circles.size(); ++i) {
    CHECK(again[i].x == circles[i].x);
    CHECK(again[i].y == circles[i].y);
  }
}

TEST_CASE("heatmap: a new bandwidth changes the map; panning reuses the texture") {
  Fixture& f = fixture();
  OverlayBuilder builder;
  builder.setData(f.data);
  OverlaySettings s = only();
  s.heatmap = true;
  s.heatmapBandwidthKm = 1;
  builder.setSettings(s);
  OverlayFrame frame;
  builder.build(f.doc, f.view, frame);
  REQUIRE(builder.heatmapGrid());
  CHECK(builder.heatmapGrid()->totalWeight > 285);
  REQUIRE(frame.overlay.images.size() == 1);
  const RgbaImage narrow = render(f, f.view, frame);
  const auto narrowImage = builder.heatmapImage();
  const std::uint64_t uploads = f.renderer.imageUploads();

  // Panning and zooming: no new density grid, no new upload, the same image.
  MapView moved = f.view;
  moved.panByPixels({120, -40});
  moved.zoomAt({480, 360}, 1.7);
  builder.build(f.doc, moved, frame);
  render(f, moved, frame);
  CHECK(builder.heatmapComputations() == 1);
  CHECK(f.renderer.imageUploads() == uploads);
  CHECK(builder.heatmapImage() == narrowImage);

  s.heatmapBandwidthKm = 4;
  builder.setSettings(s);
  builder.build(f.doc, f.view, frame);
  CHECK(builder.heatmapComputations() == 2);
  const RgbaImage wide = render(f, f.view, frame);
  CHECK(f.renderer.imageUploads() == uploads + 1);
  CHECK(differingPixels(narrow, wide) > 20000);
  // A wider kernel spreads the same people: a lower peak.
  OverlayBuilder narrowAgain;
  narrowAgain.setData(f.data);
  s.heatmapBandwidthKm = 1;
  narrowAgain.setSettings(s);
  narrowAgain.build(f.doc, f.view, frame);
  CHECK(builder.heatmapGrid()->maxValue < narrowAgain.heatmapGrid()->maxValue);

  // Filters recompute it too: one cohort only.
  s.filters.cohortYears = {2021};
  builder.setSettings(s);
  builder.build(f.doc, f.view, frame);
  CHECK(builder.heatmapComputations() == 3);
  CHECK(builder.heatmapGrid()->totalWeight < 285);
  CHECK(builder.heatmapGrid()->totalWeight > 0);
}

TEST_CASE("the window's cached symbols look like the export's, and panning within the margin reuses them") {
  Fixture& f = fixture();
  OverlaySettings s;
  s.business = s.mentors = s.heatmap = true;
  s.choroplethSettings.countLabels = true;
  OverlayBuilder direct, cached;
  direct.setData(f.data);
  cached.setData(f.data);
  direct.setSettings(s);
  cached.setSettings(s);
  OverlayBuildOptions windowOptions;
  windowOptions.cacheForPanning = true;
  cached.setOptions(windowOptions);
  OverlayFrame a, b;
  direct.build(f.doc, f.view, a);
  cached.build(f.doc, f.view, b);
  REQUIRE(b.cachedOverlay);
  CHECK(b.cachedView.widthPx > f.view.widthPx);
  CHECK(a.overlay.markers.size() > 300);
  CHECK(b.overlay.markers.empty());
  const RgbaImage imageA = render(f, f.view, a), imageB = render(f, f.view, b);
  long different = 0;
  int worst = 0;
  for (size_t i = 0; i < imageA.pixels.size(); ++i) {
    const int diff = std::abs(int(imageA.pixels[i]) - int(imageB.pixels[i]));
    different += diff > 0;
    worst = std::max(worst, diff);
  }
  CHECK(worst <= 3);  // 8-bit rounding of premultiplied colours, nothing more
  CHECK(different < long(imageA.pixels.size() / 20));

  // Panning a little keeps the cache; leaving its margin or zooming rebuilds it.
  const std::uint64_t key = b.cachedKey;
  MapView moved = f.view;
  moved.panByPixels({40, -25});
  cached.build(f.doc, moved, b);
  CHECK(b.cachedKey == key);
  const RgbaImage movedB = render(f, moved, b);
  OverlayFrame movedA;
  direct.build(f.doc, moved, movedA);
  const RgbaImage movedImageA = render(f, moved, movedA);
  worst = 0;
  for (size_t i = 0; i < movedB.pixels.size(); ++i)
    worst = std::max(worst, std::abs(int(movedB.pixels[i]) - int(movedImageA.pixels[i])));
  CHECK(worst <= 3);
  moved.panByPixels({f.view.widthPx * 0.6, 0});
  cached.build(f.doc, moved, b);
  CHECK(b.cachedKey != key);
  const std::uint64_t key2 = b.cachedKey;
  moved.zoomAt({100, 100}, 1.1);
  cached.build(f.doc, moved, b);
  CHECK(b.cachedKey != key2);
}

TEST_CASE("no beneficiary or mentor name, NIK or business name reaches any drawn text") {
  Fixture& f = fixture();
  const auto& personal = f.programme.beneficiaries->personal;
  REQUIRE(personal.names.size() > 285);
  REQUIRE(personal.niks.size() == personal.names.size());
  std::vector<std::string> secrets = personal.names;
  secrets.insert(secrets.end(), personal.niks.begin(), personal.niks.end());
  secrets.insert(secrets.end(), personal.businessNames.begin(), personal.businessNames.end());
  secrets.insert(secrets.end(), f.programme.mentors->names.begin(), f.programme.mentors->names.end());
  std::erase_if(secrets, [](const std::string& s) { return s.size() < 4; });
  REQUIRE(secrets.size() > 600);

  OverlaySettings s;
  s.choropleth = s.business = s.mentors = s.heatmap = true;
  s.choroplethSettings.countLabels = true;
  for (OverlayIndicator indicator : allOverlayIndicators()) {
    s.choroplethSettings.indicator = indicator;
    for (GlyphKind glyph : {GlyphKind::Pie, GlyphKind::Bar}) {
      s.glyph = glyph;
      OverlayBuilder builder;
      builder.setData(f.data);
      builder.setSettings(s);
      OverlayFrame frame;
      builder.build(f.doc, f.view, frame);
      std::vector<std::string> drawn = frame.overlay.strings;
      drawn.insert(drawn.end(), frame.furniture.strings.begin(), frame.furniture.strings.end());
      REQUIRE(drawn.size() > 20);  // legends and count labels are there to check
      for (const auto& text : drawn)
        for (const auto& secret : secrets)
          if (text.find(secret) != std::string::npos) FAIL_CHECK("drawn text '" << text << "' holds personal data");
    }
  }
}

TEST_CASE("settings round-trip through the project file's overlays section") {
  OverlaySettings s;
  s.business = s.heatmap = true;
  s.choroplethSettings.indicator = OverlayIndicator::CoveredShare;
  s.choroplethSettings.method = ClassMethod::Manual;
  s.choroplethSettings.manualBreaks = {0, 25, 50, 100};
  s.choroplethSettings.palette = "Blues";
  s.choroplethSettings.reversed = true;
  s.radiusKm = 3.5;
  s.heatmapBandwidthKm = 1.25;
  s.glyph = GlyphKind::Bar;
  s.filters.cohortYears = {2021};
  s.filters.categories = {"jasa"};
  s.filters.organisations = {"Oorange Unpad"};
  nlohmann::json j = s;
  CHECK(j.at("radius_km") == 3.5);
  CHECK(j.at("choropleth").at("indicator") == "covered_share");
  CHECK(j.get<OverlaySettings>() == s);
  CHECK_THROWS_WITH_AS(nlohmann::json::parse(R"({"active": ["sparkles"]})").get<OverlaySettings>(),
                       doctest::Contains("unknown overlay 'sparkles'"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(nlohmann::json::parse(R"({"radius_km": -1})").get<OverlaySettings>(),
                       doctest::Contains("radius_km"), std::invalid_argument);
}

TEST_CASE("legends are sized in points and keep to a corner, clear of most of the map") {
  Fixture& f = fixture();
  OverlaySettings s;
  s.business = s.mentors = s.heatmap = true;
  OverlayBuilder builder;
  builder.setData(f.data);
  builder.setSettings(s);
  OverlayFrame small, large;
  MapView a = f.view, b = f.view.resized(1920, 1440);
  b.pixelsPerPoint = a.pixelsPerPoint * 2;
  builder.build(f.doc, a, small);
  builder.build(f.doc, b, large);
  REQUIRE(!small.legendBoxes.empty());
  REQUIRE(small.legendBoxes.size() == large.legendBoxes.size());
  for (size_t i = 0; i < small.legendBoxes.size(); ++i) {
    const BBox& s1 = small.legendBoxes[i];
    const BBox& s2 = large.legendBoxes[i];
    CHECK(s2.width() == doctest::Approx(2 * s1.width()).epsilon(0.04));
    CHECK(s2.height() == doctest::Approx(2 * s1.height()).epsilon(0.04));
    CHECK(s1.minx >= 0);
    CHECK(s1.miny >= 0);
    CHECK(s1.maxx <= a.widthPx);
    CHECK(s1.maxy <= a.heightPx);
  }
  // The legend covers less of the boundary than the same box in the worst corner would.
  const PolygonIndex index(*f.doc.boundary());
  auto coverage = [&](const BBox& box) {
    int in = 0, all = 0;
    for (double y = box.miny; y < box.maxy; y += 4)
      for (double x = box.minx; x < box.maxx; x += 4, ++all) in += index.find(a.toMap({x, y})) >= 0;
    return all ? double(in) / all : 0.0;
  };
  BBox all;
  for (const auto& box : small.legendBoxes) all.add(box);
  double worst = 0;
  for (int corner = 0; corner < 4; ++corner) {
    const double x0 = corner % 2 ? a.widthPx - all.width() : 0, y0 = corner / 2 ? a.heightPx - all.height() : 0;
    worst = std::max(worst, coverage({x0, y0, x0 + all.width(), y0 + all.height()}));
  }
  CHECK(coverage(all) < worst);
}

// ---- the render verb ----

namespace {

struct PngPixels {
  int width = 0, height = 0;
  std::vector<std::uint8_t> rgb;  // interleaved
};

PngPixels readPng(const std::string& path) {
  PngPixels out;
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  REQUIRE(ds);
  out.width = ds->GetRasterXSize();
  out.height = ds->GetRasterYSize();
  out.rgb.resize(size_t(out.width) * out.height * 3);
  int bands[] = {1, 2, 3};
  REQUIRE(ds->RasterIO(GF_Read, 0, 0, out.width, out.height, out.rgb.data(), out.width, out.height, GDT_Byte, 3, bands,
                       3, out.width * 3, 1) == CE_None);
  return out;
}

long differing(const PngPixels& a, const PngPixels& b) {
  long n = 0;
  for (size_t i = 0; i < a.rgb.size(); i += 3)
    n += a.rgb[i] != b.rgb[i] || a.rgb[i + 1] != b.rgb[i + 1] || a.rgb[i + 2] != b.rgb[i + 2];
  return n;
}

test::CommandResult renderVerb(const std::string& args) { return test::runRenderVerb(args); }

}  // namespace

TEST_CASE("render verb: the demo project with each overlay, and with flags instead of a project") {
  initGdal();
  test::TempDir dir;
  const std::string project = test::quote(demoFile("demo.prokus.json"));
  auto r = renderVerb(project + " --plain --size 960x720 -o " + test::quote(dir.file("plain.png")));
  REQUIRE_MESSAGE(r.exitCode == 0, r.output);
  const PngPixels plain = readPng(dir.file("plain.png"));
  std::map<std::string, PngPixels> images;
  for (const std::string overlay : {"density", "business", "mentors", "heatmap", "density,business,mentors,heatmap"}) {
    CAPTURE(overlay);
    const std::string out = dir.file("overlay-" + std::to_string(images.size()) + ".png");
    r = renderVerb(project + " --overlay " + overlay + " --size 960x720 -o " + test::quote(out));
    REQUIRE_MESSAGE(r.exitCode == 0, r.output);
    CHECK(r.output.find("overlays: ") != std::string::npos);
    const PngPixels img = readPng(out);
    CHECK(img.width == 960);
    CHECK(img.height == 720);
    // Not blank, and not just the plain map.
    std::set<std::tuple<int, int, int>> colors;
    for (size_t i = 0; i < img.rgb.size(); i += 3) colors.insert({img.rgb[i], img.rgb[i + 1], img.rgb[i + 2]});
    CHECK(colors.size() > 20);
    CHECK(differing(img, plain) > 960 * 720 / 50);
    for (const auto& [name, other] : images) {
      CAPTURE(name);
      CHECK(differing(img, other) > 2000);
    }
    images[overlay] = img;
  }
  // The project without --overlay draws its own setting (density), like --overlay density.
  r = renderVerb(project + " --size 960x720 -o " + test::quote(dir.file("default.png")));
  REQUIRE_MESSAGE(r.exitCode == 0, r.output);
  CHECK(differing(readPng(dir.file("default.png")), images["density"]) == 0);

  // A boundary file with the lists as flags.
  const std::string flags = test::quote(demoFile("kbb_kecamatan_schematic.geojson")) + " --beneficiaries " +
                            test::quote(demoFile("synthetic_kpm_beneficiaries.csv")) + " --mentors " +
                            test::quote(demoFile("synthetic_mentors.csv"));
  r = renderVerb(flags + " --overlay mentors --radius-km 3 --size 800x600 -o " + test::quote(dir.file("flags.png")));
  REQUIRE_MESSAGE(r.exitCode == 0, r.output);
  CHECK(r.output.find("beneficiaries: ") != std::string::npos);

  // Bad input: one line, exit 2.
  r = renderVerb(project + " --overlay sparkles -o " + test::quote(dir.file("x.png")));
  CHECK(r.exitCode == 2);
  CHECK(r.output.find("--overlay 'sparkles'") != std::string::npos);
  r = renderVerb(test::quote(demoFile("kbb_kecamatan_schematic.geojson")) + " --overlay density -o " +
                 test::quote(dir.file("x.png")));
  CHECK(r.exitCode == 2);
  CHECK(r.output.find("--beneficiaries") != std::string::npos);
  r = renderVerb(project + " --radius-km 0 -o " + test::quote(dir.file("x.png")));
  CHECK(r.exitCode == 2);
}

TEST_CASE("mentor coverage fill: areas with beneficiaries and no mentor are the worst class, counted in the legend") {
  Fixture& f = fixture();
  OverlayBuilder builder;
  builder.setData(f.data);
  OverlaySettings s = only();
  s.mentors = true;
  s.mentorChoropleth = true;
  builder.setSettings(s);
  OverlayFrame frame;
  builder.build(f.doc, f.view, frame);
  const Legend* legend = builder.choroplethLegend();
  REQUIRE(legend);
  REQUIRE(legend->classification.classCount() >= 1);
  const std::vector<PolygonIndicators>& rows = builder.indicators()->polygons;
  size_t noMentor = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    CAPTURE(f.doc.boundary()->featureName(i));
    if (rows[i].mentors == 0 && rows[i].beneficiaries > 0) {
      ++noMentor;
      CHECK(keyOf(frame.boundaryFills[i]) == keyOf(legend->classColors.back()));
      CHECK_FALSE(keyOf(frame.boundaryFills[i]) == keyOf(legend->missingColor));
    }
  }
  REQUIRE(noMentor > 0);  // the demo has such kecamatan
  size_t rowCount = 0;
  for (const LegendEntry& e : legend->entries)
    if (e.kind == LegendEntryKind::Unbounded) {
      CHECK(e.count == noMentor);
      CHECK(e.label.find("Tanpa pendamping") == 0);
      ++rowCount;
    }
  CHECK(rowCount == 1);
  // The swatch drawn for it is the worst class colour.
  size_t worstSwatches = 0;
  for (const auto& sw : frame.swatches)
    if (sw.overlay == "mentors" && keyOf(sw.color) == keyOf(legend->classColors.back())) ++worstSwatches;
  CHECK(worstSwatches == 2);  // the top class and the "no mentor" row
}

TEST_CASE("switching the language rebuilds the legend: English decimal points, Indonesian decimal commas, translated words") {
  Fixture& f = fixture();
  OverlayBuilder builder;
  builder.setData(f.data);
  OverlaySettings s = only();
  s.choropleth = true;
  s.heatmap = true;
  s.mentors = true;
  s.mentorChoropleth = true;
  s.radiusKm = 2.5;
  s.heatmapBandwidthKm = 1.5;
  builder.setSettings(s);
  auto texts = [&](Language language) {
    OverlayBuildOptions o;
    o.language = language;
    builder.setOptions(o);
    OverlayFrame frame;
    builder.build(f.doc, f.view, frame);
    std::string all;
    for (const auto& t : frame.furniture.strings) all += t + " ";  // wrapped lines rejoin at their spaces
    return std::make_pair(all, builder.choroplethLegend()->entries.front().label);
  };
  const auto [idText, idLabel] = texts(Language::Indonesian);
  const auto [enText, enLabel] = texts(Language::English);  // the same builder: its caches must follow
  CAPTURE(idText);
  CAPTURE(enText);
  CHECK(idLabel.find(',') != std::string::npos);   // density per km² below 1: "0,128 – ..."
  CHECK(idLabel.find('.') == std::string::npos);
  CHECK(enLabel.find('.') != std::string::npos);
  CHECK(enLabel.find(',') == std::string::npos);
  CHECK(idText.find("2,5 km") != std::string::npos);
  CHECK(enText.find("2.5 km") != std::string::npos);
  CHECK(idText.find("lebar pita 1,5 km") != std::string::npos);
  CHECK(enText.find("bandwidth 1.5 km") != std::string::npos);
  CHECK(idText.find("bandwidth") == std::string::npos);
  const auto [backText, backLabel] = texts(Language::Indonesian);
  CHECK(backLabel == idLabel);
}
