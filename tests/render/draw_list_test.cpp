// DrawList: appending one list to another keeps every kind of item (the overlays' point markers
// included: an earlier copy dropped them), moved by the offset.
#include <doctest/doctest.h>

#include "render/draw_list.h"

using namespace pk;

namespace {
// One item of every kind, at known places.
DrawList everyKind() {
  DrawList d;
  d.addTriangle({0, 0}, {10, 0}, {0, 10}, {255, 0, 0, 255});
  d.addHairline({1, 2}, {3, 4}, {0, 0, 0, 255});
  d.addLine({0, 0}, {5, 5}, 2.0f, {0, 0, 255, 255});
  d.addCircle({20, 20}, 4.0f, {0, 255, 0, 255});
  d.addMarker({30, 40}, 3.0f, {0, 0, 0, 255});
  auto pixel = std::make_shared<DrawImage>();
  pixel->width = pixel->height = 1;
  pixel->rgba = {255, 255, 255, 255};
  d.addImage(pixel, BBox{50, 60, 70, 80});
  return d;
}
}  // namespace

TEST_CASE("appendDrawList keeps every kind of item and moves it by the offset") {
  const DrawList from = everyKind();
  REQUIRE(from.solids.size() == 3);
  REQUIRE(from.segments.size() == 2);  // the hairline and the line
  REQUIRE(from.markers.size() == 1);
  DrawList to;
  to.addMarker({0, 0}, 1.0f, {0, 0, 0, 255});
  appendDrawList(to, from, {100, 200});
  CHECK(to.solids.size() == from.solids.size());
  CHECK(to.segments.size() == from.segments.size());
  CHECK(to.circles.size() == from.circles.size());
  CHECK(to.images.size() == from.images.size());
  REQUIRE(to.images.size() == 1);
  REQUIRE(to.markers.size() == 2);  // its own, then the appended one
  CHECK(to.markers[1].x == doctest::Approx(130));
  CHECK(to.markers[1].y == doctest::Approx(240));
  CHECK(to.solids[1].x == doctest::Approx(110));
  CHECK(to.segments[0].x0 == doctest::Approx(101));
  CHECK(to.segments[0].y1 == doctest::Approx(204));
  CHECK(to.circles[0].x == doctest::Approx(120));
  CHECK(to.segments[1].x1 == doctest::Approx(105));
  CHECK(to.images[0].x0 == doctest::Approx(150));
  CHECK(to.images[0].y1 == doctest::Approx(280));
  // Without an offset: the same places.
  DrawList same;
  appendDrawList(same, from);
  REQUIRE(same.markers.size() == 1);
  CHECK(same.markers[0].x == doctest::Approx(30));
  CHECK(same.segments.size() == 2);
}
