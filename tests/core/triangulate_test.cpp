#include <doctest/doctest.h>

#include "core/layer_io.h"
#include "core/triangulate.h"
#include "test_support.h"

using namespace pk;

TEST_CASE("triangles cover a polygon with a hole exactly") {
  Polygon p{{Ring{{0, 0}, {10, 0}, {10, 10}, {0, 10}}, Ring{{3, 3}, {6, 3}, {6, 6}, {3, 6}}}};
  MultiPolygon mp{{p}};
  const auto tris = triangulate(mp);
  CHECK(tris.size() >= 8);
  CHECK(trianglesArea(tris) == doctest::Approx(91));
  // No triangle covers the hole's centre.
  for (const auto& t : tris) {
    Polygon tri{{Ring{t.a, t.b, t.c}}};
    CHECK_FALSE(pointInPolygon(tri, {4.5, 4.5}));
  }
}

TEST_CASE("triangulation area equals polygon area for all real kecamatan and desa features") {
  MapProjection utm(32748);
  for (const char* file : {"kbb_kecamatan.shp", "kbb_desa.shp"}) {
    LayerPtr layer = loadBoundaryLayer(pk::test::sharedGeodata(file).string(), utm);
    CHECK(layer->features.size() == (std::string(file) == "kbb_desa.shp" ? 166u : 16u));
    for (size_t i = 0; i < layer->features.size(); ++i) {
      INFO(file << " feature " << layer->featureName(i));
      const MultiPolygon& mp = layer->features[i].polygon;
      const double area = mp.area();
      const double triArea = trianglesArea(triangulate(mp));
      CHECK(std::abs(triArea - area) <= area * 1e-9 + 1e-3);
    }
  }
}
