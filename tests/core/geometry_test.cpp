#include <doctest/doctest.h>

#include "core/geometry.h"

using namespace pk;

namespace {
Polygon square(double x0, double y0, double size) {
  return Polygon{{Ring{{x0, y0}, {x0 + size, y0}, {x0 + size, y0 + size}, {x0, y0 + size}}}};
}
}  // namespace

TEST_CASE("ring area is signed by orientation and polygon area subtracts holes") {
  Polygon p = square(0, 0, 10);
  CHECK(signedRingArea(p.rings[0]) == doctest::Approx(100));
  Ring reversed(p.rings[0].rbegin(), p.rings[0].rend());
  CHECK(signedRingArea(reversed) == doctest::Approx(-100));
  p.rings.push_back(square(2, 2, 3).rings[0]);
  CHECK(polygonArea(p) == doctest::Approx(91));
  MultiPolygon mp{{p, square(100, 100, 2)}};
  CHECK(mp.area() == doctest::Approx(95));
  CHECK(mp.bbox().maxx == 102);
}

TEST_CASE("area keeps precision at UTM-sized coordinates") {
  Polygon p = square(700000.0, 9200000.0, 1.0);
  CHECK(polygonArea(p) == doctest::Approx(1.0).epsilon(1e-9));
}

TEST_CASE("point in polygon respects holes and multiple parts") {
  Polygon p = square(0, 0, 10);
  p.rings.push_back(square(2, 2, 3).rings[0]);
  CHECK(pointInPolygon(p, {1, 1}));
  CHECK_FALSE(pointInPolygon(p, {3, 3}));  // in the hole
  CHECK_FALSE(pointInPolygon(p, {11, 1}));
  MultiPolygon mp{{p, square(20, 0, 5)}};
  CHECK(pointInMultiPolygon(mp, {22, 2}));
  CHECK_FALSE(pointInMultiPolygon(mp, {15, 2}));
}

TEST_CASE("a point on a shared edge belongs to exactly one of the two polygons") {
  const Polygon left = square(0, 0, 10), right = square(10, 0, 10), above = square(0, 10, 10);
  for (double y : {0.5, 3.0, 7.25, 9.999}) {
    const Vec2 onEdge{10, y};
    CHECK(int(pointInPolygon(left, onEdge)) + int(pointInPolygon(right, onEdge)) == 1);
  }
  for (double x : {0.5, 5.0, 9.5}) {
    const Vec2 onEdge{x, 10};
    CHECK(int(pointInPolygon(left, onEdge)) + int(pointInPolygon(above, onEdge)) == 1);
  }
}

TEST_CASE("label point lies inside a concave polygon, away from its edges") {
  // A U shape: the bbox centre (5, 5) is outside (in the notch).
  Polygon u{{Ring{{0, 0}, {10, 0}, {10, 10}, {7, 10}, {7, 3}, {3, 3}, {3, 10}, {0, 10}}}};
  MultiPolygon mp{{u}};
  const Vec2 p = labelPoint(mp, 0.01);
  CHECK(pointInMultiPolygon(mp, p));
  CHECK(distanceToBoundary(mp, p) > 1.2);
}

TEST_CASE("label point goes to the largest part") {
  MultiPolygon mp{{square(0, 0, 1), square(50, 50, 10)}};
  const Vec2 p = labelPoint(mp, 0.01);
  CHECK(p.x == doctest::Approx(55).epsilon(0.01));
  CHECK(p.y == doctest::Approx(55).epsilon(0.01));
}
