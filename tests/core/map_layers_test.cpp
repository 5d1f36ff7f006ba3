// The map state's layer rules: the draw order survives the project file, a second polygon layer is
// outlines only, the base fill turns neutral under points and heat (unless the planner chose it),
// labels keep clear of the furniture and the fit view keeps the furniture's boxes free.
#include <doctest/doctest.h>

#include "core/label_layout.h"
#include "core/layer_io.h"
#include "core/map_document.h"
#include "core/map_state.h"
#include "core/project_file.h"
#include "core/view.h"
#include "test_support.h"

using namespace pk;

namespace {
std::string geodata(const std::string& f) { return pk::test::sharedGeodata(f).string(); }
}  // namespace

TEST_CASE("desa opened over kecamatan is outlines only; the order moved up/down survives save and load") {
  initGdal();
  MapDocument doc;
  doc.openFile(geodata("kbb_kecamatan.geojson"));
  doc.openFile(geodata("kbb_desa.geojson"));
  REQUIRE(doc.layers.size() == 2);
  CHECK(doc.layers[0]->style.fillOpacity == 1.0f);  // the boundary keeps its fill
  CHECK(doc.layers[1]->style.fillOpacity == 0.0f);  // the desa over it: outlines
  const Layer* kecamatan = doc.layers[0].get();

  CHECK_FALSE(moveLayer(doc, 1, +1));  // already on top
  REQUIRE(moveLayer(doc, 1, -1));      // desa below kecamatan
  CHECK(doc.layers[1].get() == kecamatan);
  CHECK(doc.boundary() == kecamatan);  // the boundary stays the boundary

  pk::test::TempDir dir;
  const std::string path = dir.file("order.prokus.json");
  saveProject(doc, path);
  const MapDocument loaded = loadProject(path);
  REQUIRE(loaded.layers.size() == 2);
  CHECK(loaded.layers[0]->displayName == doc.layers[0]->displayName);
  CHECK(loaded.layers[1]->displayName == kecamatan->displayName);
  CHECK(loaded.boundaryLayer == 1);
  CHECK(loaded.layers[0]->style.fillOpacity == 0.0f);
}

TEST_CASE("the base fill turns neutral under points and heat unless an overlay fills or the planner chose the fill") {
  const MapDataPresent data{true, true, 0};
  LayerStyle style;
  OverlaySettings s;
  s.choropleth = false;
  s.heatmap = true;
  CHECK(baseFillIsNeutral(s, data, style));
  s.heatmap = false;
  s.business = true;
  CHECK(baseFillIsNeutral(s, data, style));
  s.businessPoints = false;  // glyphs only: no points to lose
  CHECK_FALSE(baseFillIsNeutral(s, data, style));
  s.businessPoints = true;
  s.choropleth = true;  // the choropleth fills: no base fill to see
  CHECK_FALSE(baseFillIsNeutral(s, data, style));
  s.choropleth = false;
  s.score.on = true;
  CHECK_FALSE(baseFillIsNeutral(s, data, style));
  s.score.on = false;
  style.fillChosen = true;  // the planner's explicit fill is kept
  CHECK_FALSE(baseFillIsNeutral(s, data, style));
  style.fillChosen = false;
  CHECK_FALSE(baseFillIsNeutral(s, MapDataPresent{}, style));  // no programme data: nothing drawn over it
  OverlaySettings none;
  none.choropleth = false;
  CHECK_FALSE(baseFillIsNeutral(none, data, style));  // plain boundaries keep their colours
}

TEST_CASE("labels avoid the furniture's boxes") {
  MapView view;
  view.center = {0, 0};
  view.metresPerPixel = 1;
  view.widthPx = 400;
  view.heightPx = 300;
  LabelCandidate c;
  c.id = 7;
  c.anchor = {0, 0};  // pixel (200, 150)
  c.widthPx = 60;
  c.heightPx = 12;
  LabelLayoutOptions options;
  REQUIRE(layoutLabels({c}, view, options).size() == 1);
  options.obstaclesPx = {BBox{150, 130, 250, 170}};  // a legend over the anchor
  const auto placed = layoutLabels({c}, view, options);
  for (const PlacedLabel& p : placed) {
    const BBox& b = p.boxPx;
    CHECK_FALSE((b.minx < 250 && 150 < b.maxx && b.miny < 170 && 130 < b.maxy));
  }
}

TEST_CASE("the fit view keeps the title band and corner boxes free, a margin away") {
  BBox extent{0, 0, 1000, 1000};
  const int W = 1000, H = 700;
  const BBox title{350, 8, 650, 40}, scale{8, 640, 300, 692}, legend{760, 500, 992, 692};
  const double margin = 10;
  const MapView v = MapView::fitAround(extent, W, H, {title, scale, legend}, margin);
  const Vec2 topLeft = v.toPixel({0, 1000}), bottomRight = v.toPixel({1000, 0});
  const BBox data{topLeft.x, topLeft.y, bottomRight.x, bottomRight.y};
  CHECK(data.miny >= title.maxy + margin - 1e-6);
  CHECK(data.minx >= margin - 1e-6);
  CHECK(data.maxx <= W - margin + 1e-6);
  CHECK(data.maxy <= H - margin + 1e-6);
  for (const BBox& b : {title, scale, legend})
    CHECK_FALSE((data.minx < b.maxx && b.minx < data.maxx && data.miny < b.maxy && b.miny < data.maxy));
  // As large as the free room allows: the square data fills the height between the band and the bottom margin
  // or sits beside the corner boxes.
  CHECK(data.height() > 0.6 * H);
}
