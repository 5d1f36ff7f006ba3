#include <doctest/doctest.h>

#include <algorithm>
#include <numeric>
#include <thread>

#include "layer_fixtures.h"

using namespace pk;

namespace {

// The label anchor as loading used to compute it for every polygon: the pole of inaccessibility to
// 1/200 of the bbox's smaller side (at least a metre), or the bbox centre without a polygon.
Vec2 eagerLabelPoint(const Feature& f) {
  const double precision = std::max(1.0, std::min(f.bbox.width(), f.bbox.height()) / 200.0);
  return f.polygon.parts.empty() ? f.bbox.center() : labelPoint(f.polygon, precision);
}

std::vector<size_t> allIndices(const Layer& layer) {
  std::vector<size_t> out(layer.features.size());
  std::iota(out.begin(), out.end(), size_t(0));
  return out;
}

}  // namespace

TEST_CASE("label points asked for one at a time are the ones loading computed for every KBB desa") {
  const Layer& desa = pk::test::desaLayer();
  REQUIRE(desa.features.size() > 100);
  for (size_t i = 0; i < desa.features.size(); ++i) {
    const Vec2 expected = eagerLabelPoint(desa.features[i]);
    CHECK(desa.labelPoint(i) == expected);
    CHECK(&desa.labelPoint(i) == &desa.labelPoint(i));  // kept, not searched again
  }
}

TEST_CASE("label points prepared on 2 threads, or asked from several threads at once, are the same") {
  // A copy starts without label points of its own.
  const Layer fresh = pk::test::desaLayer();
  const std::vector<size_t> all = allIndices(fresh);
  std::vector<size_t> reversed(all.rbegin(), all.rend());
  fresh.prepareLabelPoints(reversed);
  const Layer racing = pk::test::desaLayer();
  {
    std::vector<std::jthread> askers;
    for (int t = 0; t < 4; ++t)
      askers.emplace_back([&] {
        for (size_t i : all) racing.labelPoint(i);
      });
  }
  for (size_t i : all) {
    const Vec2 expected = eagerLabelPoint(fresh.features[i]);
    CHECK(fresh.labelPoint(i) == expected);
    CHECK(racing.labelPoint(i) == expected);
  }
}

TEST_CASE("label points follow the features: new geometry with a new revision, or more features") {
  Layer layer = pk::test::codeNameLayer({pk::test::rectangle(0, 0, 4000, 1000, "1", "A")});
  const Vec2 before = layer.labelPoint(0);
  CHECK(before == eagerLabelPoint(layer.features[0]));
  layer.features[0] = pk::test::rectangle(10000, 0, 11000, 3000, "1", "A");
  ++layer.revision;
  CHECK(layer.labelPoint(0) == eagerLabelPoint(layer.features[0]));
  CHECK(layer.labelPoint(0).x > 10000);
  layer.features.push_back(pk::test::rectangle(20000, 0, 21000, 1000, "2", "B"));
  CHECK(layer.labelPoint(1) == eagerLabelPoint(layer.features[1]));
  // A layer without polygons anchors its features at their box's centre.
  Feature line;
  line.lines.push_back({{0, 0}, {100, 50}});
  line.bbox.add(Vec2{0, 0});
  line.bbox.add(Vec2{100, 50});
  Layer lines;
  lines.kind = GeometryKind::Line;
  lines.features.push_back(line);
  CHECK(lines.labelPoint(0) == Vec2{50, 25});
}
