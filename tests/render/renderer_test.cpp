// The renderer in-process on a headless context: determinism, exact fills, highlight, selection,
// per-feature fill overrides, context layers above polygons, overlays, and the schematic note.
#include <doctest/doctest.h>

#include <memory>
#include <set>
#include <tuple>

#include "core/layer_io.h"
#include "core/map_document.h"
#include "render/draw_list.h"
#include "render/gl_context.h"
#include "render/map_export.h"
#include "render/map_renderer.h"
#include "test_support.h"

using namespace pk;

namespace {

struct Fixture {
  std::unique_ptr<HeadlessGlContext> gl;
  MapRenderer renderer;
  MapDocument doc;
  MapView view;
  Fixture() {
    initGdal();
    gl = HeadlessGlContext::create();
    renderer.init();
    doc.openFile(pk::test::sharedGeodata("kbb_kecamatan.shp").string());
    view = MapView::fit(doc.dataExtent(), 960, 540);
  }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

Rgba pixelAt(const RgbaImage& img, Vec2 px) {
  const int x = static_cast<int>(px.x), y = static_cast<int>(px.y);
  REQUIRE(x >= 0);
  REQUIRE(y >= 0);
  REQUIRE(x < img.width);
  REQUIRE(y < img.height);
  const auto* p = &img.pixels[(static_cast<size_t>(y) * img.width + x) * 4];
  return {p[0], p[1], p[2], p[3]};
}

long differingPixels(const RgbaImage& a, const RgbaImage& b) {
  long n = 0;
  for (size_t i = 0; i < a.pixels.size(); i += 4)
    n += a.pixels[i] != b.pixels[i] || a.pixels[i + 1] != b.pixels[i + 1] || a.pixels[i + 2] != b.pixels[i + 2];
  return n;
}

long pixelsOfColor(const RgbaImage& img, Rgba c) {
  long n = 0;
  for (size_t i = 0; i < img.pixels.size(); i += 4)
    n += img.pixels[i] == c.r && img.pixels[i + 1] == c.g && img.pixels[i + 2] == c.b;
  return n;
}

int largestFeature(const Layer& l) {
  int best = 0;
  for (size_t i = 0; i < l.features.size(); ++i)
    if (l.features[i].areaKm2 > l.features[best].areaKm2) best = static_cast<int>(i);
  return best;
}

// A document of side x side squares of kCell metres from (kX0, kY0) in UTM 48S, each its own feature
// (row by row), drawn as the boundary layer.
constexpr double kCell = 1000, kX0 = 780000, kY0 = 9200000;
MapDocument squareGrid(int side) {
  MapDocument doc;
  doc.projection = std::make_unique<MapProjection>(32748);
  auto grid = std::make_shared<Layer>();
  for (int row = 0; row < side; ++row)
    for (int col = 0; col < side; ++col) {
      const double x = kX0 + col * kCell, y = kY0 + row * kCell;
      Feature ft;
      ft.polygon.parts.push_back(Polygon{{Ring{{x, y}, {x + kCell, y}, {x + kCell, y + kCell}, {x, y + kCell}}}});
      ft.bbox = ft.polygon.bbox();
      grid->bbox.add(ft.bbox);
      grid->features.push_back(std::move(ft));
    }
  doc.layers.push_back(grid);
  doc.boundaryLayer = 0;
  return doc;
}

// Whether every square of `grid` (side x side) whose centre is in the image keeps its fill there, and
// every edge it shares with its right-hand neighbour is drawn (neither square's fill nor background).
// Counts the squares and edges checked.
void checkSquaresAndEdges(const RgbaImage& img, const MapView& view, const Layer& grid, int side, Rgba background,
                          int& squaresChecked, int& edgesChecked) {
  for (size_t i = 0; i < grid.features.size(); ++i) {
    const Vec2 px = view.toPixel(grid.features[i].bbox.center());
    if (px.x < 2 || px.y < 2 || px.x > view.widthPx - 3 || px.y > view.heightPx - 3) continue;
    CAPTURE(i);
    CHECK(pixelAt(img, px) == categoricalFill(i));
    ++squaresChecked;
    const Vec2 edge = view.toPixel({grid.features[i].bbox.maxx, grid.features[i].bbox.center().y});
    if (static_cast<int>(i % side) == side - 1 || edge.x > view.widthPx - 3) continue;
    const Rgba atEdge = pixelAt(img, edge);
    CHECK(atEdge != categoricalFill(i));
    CHECK(atEdge != categoricalFill(i + 1));
    CHECK(atEdge != background);
    ++edgesChecked;
  }
}

}  // namespace

TEST_CASE("the headless context is OpenGL 3.3+ and names its renderer") {
  auto& f = fixture();
  CHECK_FALSE(f.gl->rendererName().empty());
}

TEST_CASE("drawing the same scene twice gives identical images") {
  auto& f = fixture();
  RenderOptions o;
  o.hoverFeature = 3;
  o.selectedFeature = 5;
  const RgbaImage a = renderToImage(f.renderer, f.doc, f.view, o);
  const RgbaImage b = renderToImage(f.renderer, f.doc, f.view, o);
  REQUIRE(a.width == 960);
  REQUIRE(a.height == 540);
  CHECK(a.pixels == b.pixels);
  // A different size in between does not disturb the next frame either.
  renderToImage(f.renderer, f.doc, MapView::fit(f.doc.dataExtent(), 300, 200), o);
  CHECK(renderToImage(f.renderer, f.doc, f.view, o).pixels == a.pixels);
}

TEST_CASE("plain fills are exact flat colours at each polygon's interior point; the corners are background") {
  auto& f = fixture();
  RenderOptions o;
  o.plain = true;
  o.background = {10, 20, 30, 255};
  const RgbaImage img = renderToImage(f.renderer, f.doc, f.view, o);
  const Layer& l = *f.doc.boundary();
  for (size_t i = 0; i < l.features.size(); ++i) {
    CAPTURE(i);
    CHECK(pixelAt(img, f.view.toPixel(l.labelPoint(i))) == categoricalFill(i));
  }
  CHECK(pixelAt(img, {0, 0}) == o.background);
  CHECK(pixelAt(img, {959, 539}) == o.background);
  // Outlines are anti-aliased: there are intermediate shades, not only fills, outline and background.
  std::set<std::tuple<int, int, int>> colours;
  for (size_t i = 0; i < img.pixels.size(); i += 4) colours.insert({img.pixels[i], img.pixels[i + 1], img.pixels[i + 2]});
  CHECK(colours.size() > 100);
}

TEST_CASE("hover and selection outline the polygon and keep its fill; plain mode ignores both") {
  auto& f = fixture();
  const Layer& l = *f.doc.boundary();
  const int big = largestFeature(l);
  const Vec2 inside = f.view.toPixel(l.labelPoint(big));
  RenderOptions base;
  base.plain = false;
  const RgbaImage normal = renderToImage(f.renderer, f.doc, f.view, base);
  RenderOptions hover = base;
  hover.hoverFeature = big;
  const RgbaImage hovered = renderToImage(f.renderer, f.doc, f.view, hover);
  // The fill inside the hovered polygon is its own class colour, not a lighter (pink) wash of it.
  const Vec2 below{inside.x, inside.y + 25};
  CHECK(pixelAt(normal, below) == categoricalFill(big));
  CHECK(pixelAt(hovered, below) == categoricalFill(big));
  // A thick dark outline all around it instead.
  CHECK(differingPixels(normal, hovered) > 300);
  CHECK(pixelsOfColor(hovered, {20, 20, 20, 255}) > pixelsOfColor(normal, {20, 20, 20, 255}) + 300);
  // Other polygons are unchanged at their interior points.
  for (size_t i = 0; i < l.features.size(); ++i)
    if (static_cast<int>(i) != big) CHECK(pixelAt(hovered, f.view.toPixel(l.labelPoint(i))) ==
                                          pixelAt(normal, f.view.toPixel(l.labelPoint(i))));

  RenderOptions sel = base;
  sel.selectedFeature = big;
  sel.hoverFeature = big;  // hovered and selected at once: still the fill, the selection's outline
  const RgbaImage selected = renderToImage(f.renderer, f.doc, f.view, sel);
  CHECK(pixelAt(selected, below) == categoricalFill(big));
  const long changed = differingPixels(normal, selected);
  CHECK(changed > 500);  // a thick outline all around the polygon
  CHECK(pixelsOfColor(selected, {0, 92, 230, 255}) > 300);

  RenderOptions plainSel = sel;
  plainSel.plain = true;
  plainSel.hoverFeature = big;
  RenderOptions plain = base;
  plain.plain = true;
  CHECK(renderToImage(f.renderer, f.doc, f.view, plainSel).pixels ==
        renderToImage(f.renderer, f.doc, f.view, plain).pixels);
}

TEST_CASE("per-feature fill overrides (classification colours) replace the layer's fills") {
  auto& f = fixture();
  const Layer& l = *f.doc.boundary();
  std::vector<Rgba> fills(l.features.size());
  for (size_t i = 0; i < fills.size(); ++i) fills[i] = {static_cast<std::uint8_t>(i * 10), 200, 50, 255};
  RenderOptions o;
  o.plain = true;
  o.boundaryFills = &fills;
  const RgbaImage img = renderToImage(f.renderer, f.doc, f.view, o);
  for (size_t i = 0; i < l.features.size(); ++i) CHECK(pixelAt(img, f.view.toPixel(l.labelPoint(i))) == fills[i]);
  // The wrong size falls back to the style.
  std::vector<Rgba> wrong(3, Rgba{0, 0, 0, 255});
  o.boundaryFills = &wrong;
  const RgbaImage back = renderToImage(f.renderer, f.doc, f.view, o);
  CHECK(pixelAt(back, f.view.toPixel(l.labelPoint(0))) == categoricalFill(0));
}

TEST_CASE("context points and lines are drawn above the polygons; restyling a layer takes effect") {
  auto& f = fixture();
  const Layer& kec = *f.doc.boundary();
  MapDocument doc;
  doc.projection = std::make_unique<MapProjection>(32748);
  doc.layers = f.doc.layers;
  doc.boundaryLayer = f.doc.boundaryLayer;
  // Points 3 km south of the first three interior points (clear of the labels), and a line across
  // the largest polygon.
  const Vec2 south{0, -3000};
  auto pts = std::make_shared<Layer>();
  pts->kind = GeometryKind::Point;
  pts->style.fill = {200, 0, 0, 255};
  pts->style.pointSizePt = 12;
  for (int i = 0; i < 3; ++i) {
    Feature ft;
    ft.points.push_back(kec.labelPoint(i) + south);
    ft.bbox.add(kec.labelPoint(i) + south);
    pts->bbox.add(ft.bbox);
    pts->features.push_back(ft);
  }
  auto road = std::make_shared<Layer>();
  road->kind = GeometryKind::Line;
  road->style.outline = {0, 0, 200, 255};
  road->style.outlineWidthPt = 4;
  const Vec2 c = kec.labelPoint(largestFeature(kec));
  Feature lf;
  lf.lines.push_back({c + Vec2{-3000, 600}, c + Vec2{3000, 600}});
  lf.bbox.add(lf.lines[0][0]);
  lf.bbox.add(lf.lines[0][1]);
  road->bbox = lf.bbox;
  road->features.push_back(lf);
  // Context layers listed first must still be drawn above the polygons.
  doc.layers.insert(doc.layers.begin(), {pts, road});
  doc.boundaryLayer += 2;

  RenderOptions o;
  o.plain = false;
  RgbaImage img = renderToImage(f.renderer, doc, f.view, o);
  for (int i = 0; i < 3; ++i)
    CHECK(pixelAt(img, f.view.toPixel(kec.labelPoint(i) + south) + Vec2{0.5, 0.5}) == Rgba{200, 0, 0, 255});
  CHECK(pixelAt(img, f.view.toPixel(c + Vec2{0, 600})) == Rgba{0, 0, 200, 255});

  // Plain mode draws polygons only.
  o.plain = true;
  RgbaImage plain = renderToImage(f.renderer, doc, f.view, o);
  CHECK(pixelAt(plain, f.view.toPixel(kec.labelPoint(0))) == categoricalFill(0));

  // A style change needs no new revision; a geometry change does.
  pts->style.fill = {0, 160, 0, 255};
  o.plain = false;
  img = renderToImage(f.renderer, doc, f.view, o);
  CHECK(pixelAt(img, f.view.toPixel(kec.labelPoint(0) + south) + Vec2{0.5, 0.5}) == Rgba{0, 160, 0, 255});
  pts->features[0].points[0] = pts->features[0].points[0] + Vec2{5000, 0};
  pts->revision++;
  img = renderToImage(f.renderer, doc, f.view, o);
  CHECK(pixelAt(img, f.view.toPixel(kec.labelPoint(0) + south + Vec2{5000, 0}) + Vec2{0.5, 0.5}) ==
        Rgba{0, 160, 0, 255});
}

TEST_CASE("overlays and furniture from a DrawList are drawn; the schematic note appears only when flagged") {
  auto& f = fixture();
  RenderOptions o;
  const RgbaImage base = renderToImage(f.renderer, f.doc, f.view, o);
  DrawList overlay, furniture;
  overlay.addMapCircle(f.view, f.doc.boundary()->labelPoint(0), 2000, {255, 0, 255, 255}, {0, 0, 0, 0}, 0);
  furniture.addRect({900, 10, 950, 40}, {0, 255, 0, 255});
  o.overlay = &overlay;
  o.furniture = &furniture;
  const RgbaImage img = renderToImage(f.renderer, f.doc, f.view, o);
  CHECK(pixelAt(img, {925, 25}) == Rgba{0, 255, 0, 255});
  // 2 km radius circle: a point 1.5 km south of the centre (below the label) is inside it.
  CHECK(pixelAt(img, f.view.toPixel(f.doc.boundary()->labelPoint(0) + Vec2{0, -1500})) == Rgba{255, 0, 255, 255});

  // Schematic note: a box of text at the bottom-left corner.
  f.doc.schematicBoundaries = true;
  const RgbaImage noted = renderToImage(f.renderer, f.doc, f.view, RenderOptions{});
  f.doc.schematicBoundaries = false;
  long changedBottomLeft = 0, changedElsewhere = 0;
  for (int y = 0; y < 540; ++y)
    for (int x = 0; x < 960; ++x) {
      const size_t i = (static_cast<size_t>(y) * 960 + x) * 4;
      const bool diff = noted.pixels[i] != base.pixels[i] || noted.pixels[i + 1] != base.pixels[i + 1];
      (x < 700 && y > 500 ? changedBottomLeft : changedElsewhere) += diff;
    }
  CHECK(changedBottomLeft > 2000);
  CHECK(changedElsewhere == 0);
  // Plain renders never carry it.
  f.doc.schematicBoundaries = true;
  RenderOptions plain;
  plain.plain = true;
  const RgbaImage plainNoted = renderToImage(f.renderer, f.doc, f.view, plain);
  f.doc.schematicBoundaries = false;
  CHECK(plainNoted.pixels == renderToImage(f.renderer, f.doc, f.view, plain).pixels);
}

TEST_CASE("an image larger than the GL allows is refused with a clear error") {
  auto& f = fixture();
  MapView huge = MapView::fit(f.doc.dataExtent(), 100000, 100);
  CHECK_THROWS_WITH_AS(renderToImage(f.renderer, f.doc, huge, RenderOptions{}), doctest::Contains("100000x100"),
                       std::runtime_error);
}

TEST_CASE("zoomed in on a layer of 1,600 squares, every square in view keeps its fill and its outline") {
  // Enough features for the renderer to cut the level into spatial blocks and draw only those the
  // view meets: nothing in view may be left out, at any of these views.
  auto& f = fixture();
  constexpr int kSide = 40;
  MapDocument doc = squareGrid(kSide);
  const LayerPtr grid = doc.layers[0];
  RenderOptions o;
  o.plain = true;
  o.background = {10, 20, 30, 255};
  int squaresChecked = 0, edgesChecked = 0;
  for (const Vec2 centre : {Vec2{kX0 + 3300, kY0 + 2700}, Vec2{kX0 + 20500, kY0 + 19500},
                            Vec2{kX0 + 38800, kY0 + 36100}, Vec2{kX0 + 12000, kY0 + 31000}}) {
    MapView view;
    view.center = centre;
    view.widthPx = 640;
    view.heightPx = 400;
    view.metresPerPixel = 50;  // 32 x 20 squares of 20 px: several blocks across
    checkSquaresAndEdges(renderToImage(f.renderer, doc, view, o), view, *grid, kSide, o.background, squaresChecked,
                         edgesChecked);
  }
  // In tiles, each drawing only the blocks its own part of the view meets: the same pixels.
  MapView view;
  view.center = {kX0 + 20500, kY0 + 19500};
  view.widthPx = 640;
  view.heightPx = 400;
  view.metresPerPixel = 50;
  const RgbaImage whole = renderImageTiled(f.renderer, doc, view, o, 0);
  CHECK(renderImageTiled(f.renderer, doc, view, o, 128).pixels == whole.pixels);
  CHECK(squaresChecked >= 4 * 6 * 3 * 4);
  CHECK(edgesChecked >= 4 * 5 * 3 * 4);
}

TEST_CASE("outlines split over several segment textures and drawn in batches keep every edge") {
  // 130 x 130 squares: about 34,000 outline segments, more than one batch (the renderer finishes each
  // before the next); the second renderer keeps them in textures of 7,000 segments, so batches and
  // textures end at different segments. Both draw every square and every shared edge, alike.
  auto& f = fixture();
  constexpr int kSide = 130;
  MapDocument doc = squareGrid(kSide);
  RenderOptions o;
  o.plain = true;
  o.background = {10, 20, 30, 255};
  const MapView view = MapView::fit(doc.layers[0]->bbox, 1600, 1600);
  MapRenderer split;
  split.init();
  split.limitSegmentTexels(7000);
  const RgbaImage inPieces = renderToImage(split, doc, view, o);
  CHECK(split.lastStats().outlineSegments > 30000);
  const RgbaImage inOne = renderToImage(f.renderer, doc, view, o);
  for (const RgbaImage* img : {&inPieces, &inOne}) {
    int squaresChecked = 0, edgesChecked = 0;
    checkSquaresAndEdges(*img, view, *doc.layers[0], kSide, o.background, squaresChecked, edgesChecked);
    CHECK(squaresChecked == kSide * kSide);
    CHECK(edgesChecked == kSide * (kSide - 1));
  }
  CHECK(inOne.pixels == inPieces.pixels);
}
