// Speed features of the renderer must not change what is drawn: the window's layer cache gives the
// same pixels as a full draw, is dropped when anything it depends on changes, and levels of detail
// keep every polygon's interior colour.
#include <doctest/doctest.h>

#include <cstdlib>
#include <memory>

#include "core/layer_io.h"
#include "core/map_document.h"
#include "core/raster_export.h"
#include "render/gl_context.h"
#include "render/map_renderer.h"
#include "test_support.h"

using namespace pk;

namespace {

struct Fixture {
  std::unique_ptr<HeadlessGlContext> gl;
  MapRenderer renderer;
  Fixture() {
    initGdal();
    gl = HeadlessGlContext::create();
    renderer.init();
  }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

// Pixels where some channel differs by more than `tolerance`.
long differingPixels(const RgbaImage& a, const RgbaImage& b, int tolerance = 0) {
  REQUIRE(a.pixels.size() == b.pixels.size());
  long n = 0;
  for (size_t i = 0; i < a.pixels.size(); i += 4) {
    bool differs = false;
    for (size_t c = 0; c < 4; ++c) differs = differs || std::abs(int(a.pixels[i + c]) - int(b.pixels[i + c])) > tolerance;
    n += differs;
  }
  return n;
}

Rgba pixelAt(const RgbaImage& img, Vec2 px) {
  const int x = static_cast<int>(px.x), y = static_cast<int>(px.y);
  const auto* p = &img.pixels[(static_cast<size_t>(y) * img.width + x) * 4];
  return {p[0], p[1], p[2], p[3]};
}

}  // namespace

TEST_CASE("cached layers: a hover-only frame equals a full draw, and changes drop the cache") {
  auto& f = fixture();
  MapDocument doc;
  doc.openFile(pk::test::sharedGeodata("kbb_kecamatan.shp").string());
  const MapView view = MapView::fit(doc.dataExtent(), 800, 500);
  RenderOptions cached;
  cached.cacheLayers = true;
  cached.hoverFeature = 2;
  cached.selectedFeature = 7;
  const RgbaImage first = renderToImage(f.renderer, doc, view, cached);
  CHECK_FALSE(f.renderer.lastStats().layersFromCache);

  cached.hoverFeature = 5;
  const RgbaImage fromCache = renderToImage(f.renderer, doc, view, cached);
  CHECK(f.renderer.lastStats().layersFromCache);
  RenderOptions full = cached;
  full.cacheLayers = false;
  const RgbaImage reference = renderToImage(f.renderer, doc, view, full);
  CHECK(differingPixels(fromCache, reference) == 0);
  CHECK(differingPixels(first, reference) > 100);  // the hover moved: the test can see a difference

  // A restyle must not be served from the cache.
  doc.boundary()->style.fillMode = FillMode::Single;
  const RgbaImage restyled = renderToImage(f.renderer, doc, view, cached);
  CHECK_FALSE(f.renderer.lastStats().layersFromCache);
  CHECK(differingPixels(restyled, renderToImage(f.renderer, doc, view, full)) == 0);
  CHECK(differingPixels(restyled, reference) > 10000);

  // Nor a new view, nor new per-feature colours.
  MapView moved = view;
  moved.panByPixels({40, 0});
  renderToImage(f.renderer, doc, moved, cached);
  CHECK_FALSE(f.renderer.lastStats().layersFromCache);
  std::vector<Rgba> fills(doc.boundary()->features.size(), Rgba{200, 10, 10, 255});
  cached.boundaryFills = &fills;
  renderToImage(f.renderer, doc, moved, cached);
  CHECK_FALSE(f.renderer.lastStats().layersFromCache);
  renderToImage(f.renderer, doc, moved, cached);
  CHECK(f.renderer.lastStats().layersFromCache);
  fills[0] = Rgba{10, 200, 10, 255};
  renderToImage(f.renderer, doc, moved, cached);
  CHECK_FALSE(f.renderer.lastStats().layersFromCache);
}

TEST_CASE("levels of detail keep every desa's interior colour and change only pixels at edges") {
  auto& f = fixture();
  MapDocument doc;
  doc.openFile(pk::test::sharedGeodata("kbb_desa.shp").string());
  const Layer& layer = *doc.boundary();
  for (auto [w, h] : {std::pair{1920, 1080}, std::pair{900, 600}}) {
    const MapView view = MapView::fit(doc.dataExtent(), w, h);
    RenderOptions plain;
    plain.plain = true;
    f.renderer.setLevelsOfDetail(false);
    const RgbaImage exact = renderToImage(f.renderer, doc, view, plain);
    f.renderer.setLevelsOfDetail(true);
    const RgbaImage detailed = renderToImage(f.renderer, doc, view, plain);
    const RenderStats stats = f.renderer.lastStats();
    INFO(w << "x" << h << ": tolerance " << stats.detailTolerance << " m, " << stats.fillTriangles << " triangles");
    CHECK(stats.detailTolerance > 0);
    CHECK(stats.fillTriangles < 60000);  // the exact desa need 90,817
    // Interior points (each feature's label anchor, when 2 px or more from its boundary) keep their
    // exact colour.
    int checked = 0;
    for (size_t i = 0; i < layer.features.size(); ++i) {
      const Vec2 px = view.toPixel(layer.labelPoint(i));
      if (distanceToBoundary(layer.features[i].polygon, layer.labelPoint(i)) < 2 * view.metresPerPixel) continue;
      const Rgba a = pixelAt(exact, px), b = pixelAt(detailed, px);
      CHECK((a == b));
      ++checked;
    }
    CHECK(checked > 150);
    // Anti-aliased outlines move by at most half a pixel, which shifts their edge shading a little;
    // strong changes come only where an outline meets a contrasting background, one pixel at a time,
    // and where the exact level's dense outlines of an intricate shore pile up (its vertices closer
    // than a pixel).
    const long changed = differingPixels(exact, detailed, 100);
    if (std::getenv("PK_DUMP")) {
      writeGeoreferencedImage(exact, view, *doc.projection, "/tmp/perf-exact-" + std::to_string(w) + ".png");
      writeGeoreferencedImage(detailed, view, *doc.projection, "/tmp/perf-lod-" + std::to_string(w) + ".png");
    }
    INFO("pixels changed by more than 100: " << changed << ", at all: " << differingPixels(exact, detailed));
    CHECK(changed < static_cast<long>(w) * h / 300);
  }
}
