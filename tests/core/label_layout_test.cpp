#include <doctest/doctest.h>

#include "core/label_layout.h"

using namespace pk;

namespace {

MultiPolygon square(double x0, double y0, double size) {
  MultiPolygon mp;
  mp.parts.push_back(Polygon{{Ring{{x0, y0}, {x0 + size, y0}, {x0 + size, y0 + size}, {x0, y0 + size}}}});
  return mp;
}

// 1 metre per pixel, 1000 x 1000 pixels centred on (500, 500): pixel (x, y) = map (x, 1000 - y).
MapView unitView() {
  MapView v;
  v.center = {500, 500};
  v.metresPerPixel = 1;
  v.widthPx = 1000;
  v.heightPx = 1000;
  return v;
}

bool overlap(const BBox& a, const BBox& b) {
  return a.minx < b.maxx && b.minx < a.maxx && a.miny < b.maxy && b.miny < a.maxy;
}

}  // namespace

TEST_CASE("a label that fits goes at its anchor, centred") {
  const MultiPolygon poly = square(100, 100, 400);
  LabelCandidate c{7, {300, 300}, 80, 16, 1.0, &poly};
  const auto placed = layoutLabels({c}, unitView());
  REQUIRE(placed.size() == 1);
  CHECK(placed[0].id == 7);
  CHECK(placed[0].centerPx.x == doctest::Approx(300));
  CHECK(placed[0].centerPx.y == doctest::Approx(700));
  CHECK(placed[0].boxPx.width() == doctest::Approx(80));
  CHECK(placed[0].boxPx.height() == doctest::Approx(16));
}

TEST_CASE("a label wider than its polygon is dropped; without a polygon it is kept") {
  const MultiPolygon narrow = square(100, 100, 50);
  LabelCandidate c{1, {125, 125}, 80, 16, 1.0, &narrow};
  CHECK(layoutLabels({c}, unitView()).empty());
  c.polygon = nullptr;
  CHECK(layoutLabels({c}, unitView()).size() == 1);
}

TEST_CASE("of two overlapping labels the higher priority (larger area) stays") {
  const MultiPolygon big = square(0, 0, 1000);
  LabelCandidate small{1, {500, 500}, 100, 20, 5.0, &big};
  LabelCandidate large{2, {520, 505}, 100, 20, 50.0, &big};
  LabelLayoutOptions noFallback;
  noFallback.tryFallbackPositions = false;
  auto placed = layoutLabels({small, large}, unitView(), noFallback);
  REQUIRE(placed.size() == 1);
  CHECK(placed[0].id == 2);
  // The order of the input does not matter.
  placed = layoutLabels({large, small}, unitView(), noFallback);
  REQUIRE(placed.size() == 1);
  CHECK(placed[0].id == 2);
}

TEST_CASE("with fallback positions a blocked label moves nearby instead, still inside and not overlapping") {
  const MultiPolygon big = square(0, 0, 1000);
  LabelCandidate a{1, {500, 500}, 100, 20, 50.0, &big};
  LabelCandidate b{2, {510, 500}, 100, 20, 5.0, &big};
  const auto placed = layoutLabels({a, b}, unitView());
  REQUIRE(placed.size() == 2);
  CHECK(!overlap(placed[0].boxPx, placed[1].boxPx));
  CHECK(placed[0].id == 1);
  CHECK(placed[0].centerPx.x == doctest::Approx(500));
}

TEST_CASE("many labels: none overlap and all lie inside the viewport and their polygons") {
  std::vector<MultiPolygon> polys;
  polys.reserve(100);
  std::vector<LabelCandidate> cands;
  for (int i = 0; i < 100; ++i) {
    const double x = (i % 10) * 100.0, y = (i / 10) * 100.0;
    polys.push_back(square(x, y, 100));
    // Labels of varying widths, some wider than their square: those must go.
    cands.push_back({i, {x + 50, y + 50}, 40.0 + (i % 7) * 12, 14, double(i % 13), &polys.back()});
  }
  const auto placed = layoutLabels(cands, unitView());
  CHECK(placed.size() > 30);
  CHECK(placed.size() < 100);
  for (size_t i = 0; i < placed.size(); ++i) {
    CHECK(pixelBoxInsidePolygon(placed[i].boxPx, polys[placed[i].id], unitView()));
    CHECK(placed[i].boxPx.minx >= 0);
    CHECK(placed[i].boxPx.maxy <= 1000);
    for (size_t j = i + 1; j < placed.size(); ++j) CHECK(!overlap(placed[i].boxPx, placed[j].boxPx));
  }
}

TEST_CASE("labels outside the viewport are not placed") {
  const MultiPolygon big = square(-5000, -5000, 20000);
  LabelCandidate off{1, {2000, 500}, 60, 14, 1.0, &big};
  LabelCandidate edge{2, {995, 500}, 60, 14, 1.0, &big};
  LabelLayoutOptions o;
  o.tryFallbackPositions = false;
  CHECK(layoutLabels({off, edge}, unitView(), o).empty());
}

TEST_CASE("the inside test sees a hole") {
  MultiPolygon withHole = square(0, 0, 1000);
  withHole.parts[0].rings.push_back(Ring{{400, 400}, {600, 400}, {600, 600}, {400, 600}});
  const MapView v = unitView();
  CHECK_FALSE(pixelBoxInsidePolygon({450, 450, 550, 470}, withHole, v));  // over the hole
  CHECK(pixelBoxInsidePolygon({100, 100, 200, 120}, withHole, v));
}
