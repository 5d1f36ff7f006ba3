#include <doctest/doctest.h>

#include "core/view.h"

using namespace pk;

TEST_CASE("fit frames the extent with a margin and keeps the aspect") {
  BBox extent;
  extent.add(Vec2{1000, 2000});
  extent.add(Vec2{61000, 50000});  // 60 km x 48 km
  const MapView v = MapView::fit(extent, 1920, 1080, 0.05);
  const BBox visible = v.visibleExtent();
  CHECK(visible.minx < extent.minx);
  CHECK(visible.maxx > extent.maxx);
  CHECK(visible.miny < extent.miny);
  CHECK(visible.maxy > extent.maxy);
  // Height limits here: 48 km over 1080 - 2*54 px.
  CHECK(v.metresPerPixel == doctest::Approx(48000.0 / (1080 - 2 * 54)));
}

TEST_CASE("pixel and map conversions are inverse, with y down on screen") {
  MapView v;
  v.center = {500000, 9200000};
  v.metresPerPixel = 25;
  v.widthPx = 800;
  v.heightPx = 600;
  const Vec2 px = v.toPixel({500000 + 250, 9200000 + 250});
  CHECK(px.x == doctest::Approx(410));
  CHECK(px.y == doctest::Approx(290));
  const Vec2 back = v.toMap(px);
  CHECK(back.x == doctest::Approx(500250));
  CHECK(back.y == doctest::Approx(9200250));
}

TEST_CASE("zoom at the cursor keeps the point under it fixed") {
  MapView v;
  v.center = {0, 0};
  v.metresPerPixel = 10;
  v.widthPx = 1000;
  v.heightPx = 800;
  const Vec2 cursor{123, 456};
  const Vec2 before = v.toMap(cursor);
  v.zoomAt(cursor, 2.0);
  CHECK(v.metresPerPixel == doctest::Approx(5));
  const Vec2 after = v.toMap(cursor);
  CHECK(after.x == doctest::Approx(before.x));
  CHECK(after.y == doctest::Approx(before.y));
}

TEST_CASE("pan moves the map with the mouse") {
  MapView v;
  v.metresPerPixel = 2;
  v.panByPixels({10, 5});
  CHECK(v.center.x == doctest::Approx(-20));
  CHECK(v.center.y == doctest::Approx(10));
}

TEST_CASE("resized keeps the ground extent and scale denominator follows dpi") {
  MapView v;
  v.metresPerPixel = 10;
  v.widthPx = 1000;
  v.heightPx = 500;
  const MapView big = v.resized(4000, 2000);
  CHECK(big.metresPerPixel == doctest::Approx(2.5));
  CHECK(big.visibleExtent().width() == doctest::Approx(v.visibleExtent().width()));
  // 10 m per pixel at 96 dpi: a pixel is 0.2646 mm, so 1 : 37,795.
  CHECK(v.scaleDenominator(96) == doctest::Approx(37795.275).epsilon(1e-6));
}
