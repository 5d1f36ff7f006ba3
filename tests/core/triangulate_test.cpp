#include <doctest/doctest.h>

#include <cmath>
#include <random>

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

namespace {

// How many of `tris` hold p strictly inside (p on no triangle's edge: the probes avoid edges).
int trianglesHolding(const std::vector<Triangle>& tris, Vec2 p) {
  int count = 0;
  for (const auto& t : tris) {
    auto side = [](Vec2 a, Vec2 b, Vec2 c) { return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x); };
    const double s1 = side(t.a, t.b, p), s2 = side(t.b, t.c, p), s3 = side(t.c, t.a, p);
    if ((s1 > 0 && s2 > 0 && s3 > 0) || (s1 < 0 && s2 < 0 && s3 < 0)) ++count;
  }
  return count;
}

// Ear clipping of `ring` succeeded and tiles it: the areas agree and each of 2,000 random points in
// its bounding box lies in exactly one triangle when inside the ring, none when outside.
void checkTiles(const Ring& ring, unsigned seed) {
  std::vector<Triangle> tris;
  REQUIRE(triangulateSimpleRing(ring, tris));
  CHECK(tris.size() == ring.size() - 2);
  const Polygon polygon{{ring}};
  CHECK(trianglesArea(tris) == doctest::Approx(polygonArea(polygon)).epsilon(1e-9));
  BBox box;
  for (Vec2 p : ring) box.add(p);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> ux(box.minx, box.maxx), uy(box.miny, box.maxy);
  for (int k = 0; k < 2000; ++k) {
    const Vec2 p{ux(rng), uy(rng)};
    INFO("probe " << p.x << ", " << p.y);
    CHECK(trianglesHolding(tris, p) == (pointInPolygon(polygon, p) ? 1 : 0));
  }
}

}  // namespace

TEST_CASE("ear clipping tiles simple rings exactly, either orientation") {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> radius(0.2, 1.0);
  for (int trial = 0; trial < 50; ++trial) {
    // A star-shaped ring (concave almost everywhere), far from the origin as map metres are.
    const size_t n = 3 + size_t(trial) % 60;
    Ring ring;
    for (size_t i = 0; i < n; ++i) {
      const double a = 2 * M_PI * double(i) / double(n), r = 1000 * radius(rng);
      ring.push_back({700000 + r * std::cos(a), 9200000 + r * std::sin(a)});
    }
    INFO("trial " << trial << ", " << n << " vertices");
    checkTiles(ring, unsigned(trial));
    checkTiles(Ring(ring.rbegin(), ring.rend()), unsigned(trial) + 100);  // clockwise
  }
  // A comb: deep notches, where most vertices are not ears.
  Ring comb{{0, 0}, {90, 0}, {90, 50}};
  for (int t = 8; t >= 0; --t) {
    comb.push_back({10.0 * t + 7, 50});
    comb.push_back({10.0 * t + 7, 5});
    comb.push_back({10.0 * t + 3, 5});
    comb.push_back({10.0 * t + 3, 50});
  }
  comb.push_back({0, 50});
  checkTiles(comb, 1);
}

TEST_CASE("ear clipping declines what it cannot vouch for, and triangulate still covers those") {
  std::vector<Triangle> tris;
  const Ring bowtie{{0, 0}, {10, 10}, {10, 0}, {0, 10}};
  CHECK_FALSE(triangulateSimpleRing(bowtie, tris));
  const Ring collinear{{0, 0}, {5, 0}, {10, 0}, {10, 10}, {0, 10}};
  CHECK_FALSE(triangulateSimpleRing(collinear, tris));
  const Ring repeated{{0, 0}, {10, 0}, {10, 0}, {10, 10}, {0, 10}};
  CHECK_FALSE(triangulateSimpleRing(repeated, tris));
  // Two lobes touching at one vertex (valid as a ring in GIS files, not simple here).
  const Ring touching{{0, 0}, {10, 0}, {5, 5}, {10, 10}, {0, 10}, {5, 5}};
  CHECK_FALSE(triangulateSimpleRing(touching, tris));
  Ring large;
  for (size_t i = 0; i <= kEarClippingMaxVertices; ++i) {
    const double a = 2 * M_PI * double(i) / double(kEarClippingMaxVertices + 1);
    large.push_back({std::cos(a), std::sin(a)});
  }
  CHECK_FALSE(triangulateSimpleRing(large, tris));
  CHECK(tris.empty());
  for (const Ring& ring : {collinear, repeated, large}) {
    const MultiPolygon mp{{Polygon{{ring}}}};
    CHECK(trianglesArea(triangulate(mp)) == doctest::Approx(mp.area()).epsilon(1e-9));
  }
}

TEST_CASE("ear clipping on thinned real desa rings: exact tiles, or declined when thinning made them cross") {
  MapProjection utm(32748);
  LayerPtr layer = loadBoundaryLayer(pk::test::sharedGeodata("kbb_desa.shp").string(), utm);
  size_t accepted = 0, declined = 0;
  for (size_t f = 0; f < layer->features.size(); ++f)
    for (const Polygon& part : layer->features[f].polygon.parts) {
      const Ring& outer = part.rings[0];
      // Every k-th vertex, k chosen so at most 40 remain: crossings appear as on a coarse level.
      const size_t step = std::max<size_t>(1, (outer.size() + 39) / 40);
      Ring thinned;
      for (size_t i = 0; i < outer.size(); i += step) thinned.push_back(outer[i]);
      if (thinned.size() < 3) continue;
      INFO(layer->featureName(f) << ": " << thinned.size() << " vertices");
      std::vector<Triangle> tris;
      if (triangulateSimpleRing(thinned, tris)) {
        ++accepted;
        checkTiles(thinned, unsigned(f));
      } else {
        ++declined;
      }
    }
  CHECK(accepted > 100);  // most thinned rings are still simple
  MESSAGE(accepted << " thinned desa rings clipped, " << declined << " declined");
}
