// The map renderer's levels of detail: built off the GL thread for the window, waited for by exports.
#include <doctest/doctest.h>

#include <chrono>
#include <memory>
#include <thread>

#include "core/layer_io.h"
#include "core/map_document.h"
#include "render/gl_context.h"
#include "render/map_renderer.h"
#include "test_support.h"

using namespace pk;

namespace {

struct Scene {
  std::unique_ptr<HeadlessGlContext> context;
  MapDocument doc;
  MapView whole, zoomed;
  Scene() {
    initGdal();
    context = HeadlessGlContext::create();
    doc.openFile(pk::test::sharedGeodata("kbb_desa.shp").string());
    whole = MapView::fit(doc.boundary()->bbox, 800, 600);
    zoomed = whole;
    zoomed.metresPerPixel /= 16;  // four levels of detail finer
  }
};
Scene& scene() {
  static Scene s;
  return s;
}

RenderOptions windowOptions() {
  RenderOptions o;
  o.plain = true;
  o.provisionalDetail = true;
  return o;
}

RenderOptions exportOptions() {
  RenderOptions o;
  o.plain = true;
  return o;
}

// Draws `view` until the level built off the GL thread has been taken up (at most 30 s).
void drawUntilSettled(MapRenderer& renderer, const MapView& view) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (renderer.detailPending() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    renderer.drawToImage(scene().doc, view, windowOptions());
  }
}

}  // namespace

TEST_CASE("the window zooms into an unbuilt level without waiting, then draws exactly what an export draws") {
  Scene& s = scene();
  MapRenderer reference;
  reference.init();
  const RgbaImage wholeExact = reference.drawToImage(s.doc, s.whole, exportOptions());
  const double wholeTolerance = reference.lastStats().detailTolerance;
  const RgbaImage zoomedExact = reference.drawToImage(s.doc, s.zoomed, exportOptions());
  const double zoomedTolerance = reference.lastStats().detailTolerance;
  REQUIRE(wholeTolerance > zoomedTolerance);

  MapRenderer window;
  window.init();
  // Nothing built yet: the first frame waits for its level (there is nothing to stand in).
  CHECK(window.drawToImage(s.doc, s.whole, windowOptions()).pixels == wholeExact.pixels);
  CHECK_FALSE(window.detailPending());

  // Zoomed in: the level built so far stands in while the new one is built.
  window.drawToImage(s.doc, s.zoomed, windowOptions());
  CHECK(window.detailPending());
  CHECK(window.lastStats().detailTolerance == wholeTolerance);
  drawUntilSettled(window, s.zoomed);
  REQUIRE_FALSE(window.detailPending());
  const RgbaImage settled = window.drawToImage(s.doc, s.zoomed, windowOptions());
  CHECK(window.lastStats().detailTolerance == zoomedTolerance);
  CHECK(settled.pixels == zoomedExact.pixels);
}

TEST_CASE("an export while a level is being built waits for it: the file holds the exact level") {
  Scene& s = scene();
  MapRenderer reference;
  reference.init();
  const RgbaImage zoomedExact = reference.drawToImage(s.doc, s.zoomed, exportOptions());

  MapRenderer window;
  window.init();
  window.drawToImage(s.doc, s.whole, windowOptions());
  window.drawToImage(s.doc, s.zoomed, windowOptions());
  REQUIRE(window.detailPending());
  // The snapshot goes through the same renderer without provisionalDetail.
  const RgbaImage exported = window.drawToImage(s.doc, s.zoomed, exportOptions());
  CHECK(exported.pixels == zoomedExact.pixels);
  CHECK_FALSE(window.detailPending());
}

TEST_CASE("a renderer that lets the topology go draws every scale as one that keeps it") {
  Scene& s = scene();
  MapRenderer keeping;
  keeping.init();
  const RgbaImage wholeKept = keeping.drawToImage(s.doc, s.whole, exportOptions());
  CHECK(keeping.levelSourceBytes() > 0);
  const RgbaImage zoomedKept = keeping.drawToImage(s.doc, s.zoomed, exportOptions());

  MapRenderer oneView;
  oneView.init();
  oneView.setKeepLevelSources(false);
  CHECK(oneView.drawToImage(s.doc, s.whole, exportOptions()).pixels == wholeKept.pixels);
  CHECK(oneView.levelSourceBytes() == 0);
  // Another scale builds (or reads back) the topology again, and lets it go again.
  CHECK(oneView.drawToImage(s.doc, s.zoomed, exportOptions()).pixels == zoomedKept.pixels);
  CHECK(oneView.levelSourceBytes() == 0);
}

TEST_CASE("new fill colours reach a level already drawn, and the old ones are gone") {
  Scene& s = scene();
  MapRenderer renderer;
  renderer.init();
  const size_t n = s.doc.boundary()->features.size();
  auto countColour = [](const RgbaImage& image, Rgba c) {
    size_t count = 0;
    for (size_t i = 0; i + 3 < image.pixels.size(); i += 4)
      count += image.pixels[i] == c.r && image.pixels[i + 1] == c.g && image.pixels[i + 2] == c.b;
    return count;
  };
  const Rgba red{200, 30, 30, 255}, blue{30, 30, 200, 255};
  const std::vector<Rgba> reds(n, red), blues(n, blue);
  RenderOptions o = exportOptions();
  o.boundaryFills = &reds;
  const RgbaImage first = renderer.drawToImage(s.doc, s.whole, o);
  o.boundaryFills = &blues;
  const RgbaImage second = renderer.drawToImage(s.doc, s.whole, o);
  const size_t pixels = first.pixels.size() / 4;
  CHECK(countColour(first, red) > pixels / 5);
  CHECK(countColour(second, blue) == countColour(first, red));  // the same level, only recoloured
  CHECK(countColour(second, red) == 0);
}
