// Exact ring simplicity and polygon validity: never "valid" where GEOS says otherwise.
#include <doctest/doctest.h>

#include <cpl_error.h>
#include <ogr_geometry.h>

#include <cmath>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/simple_ring.h"

using namespace pk;

namespace {

struct Random {
  std::uint64_t state;
  double next() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return double(state >> 11) / double(1ULL << 53);
  }
};

// A star-shaped ring around (cx, cy), wavy and a little rough as a boundary is: simple whatever the
// radii (each vertex at its own angle).
Ring star(Random& r, size_t n, double cx, double cy, double radius) {
  Ring ring;
  for (size_t k = 0; k < n; ++k) {
    const double a = 2 * M_PI * double(k) / double(n);
    const double d = radius * (1 + 0.2 * std::sin(7 * a) + 0.01 * r.next());
    ring.push_back({cx + d * std::cos(a), cy + d * std::sin(a)});
  }
  return ring;
}

bool geosValid(const MultiPolygon& mp) {
  OGRMultiPolygon out;
  for (const Polygon& part : mp.parts) {
    OGRPolygon polygon;
    for (const Ring& ring : part.rings) {
      OGRLinearRing r;
      for (const Vec2& p : ring) r.addPoint(p.x, p.y);
      r.addPoint(ring[0].x, ring[0].y);
      polygon.addRing(&r);
    }
    out.addGeometry(&polygon);
  }
  CPLPushErrorHandler(CPLQuietErrorHandler);  // GEOS says where each ring crosses itself
  const bool valid = out.IsValid();
  CPLPopErrorHandler();
  return valid;
}

MultiPolygon of(std::vector<Ring> rings) {
  MultiPolygon mp;
  for (Ring& r : rings) mp.parts.push_back(Polygon{{std::move(r)}});
  return mp;
}

}  // namespace

TEST_CASE("star-shaped rings are certainly simple, small and large, and GEOS agrees") {
  Random r{7};
  for (size_t n : {3, 10, 64, 65, 1000, 20000}) {
    CAPTURE(n);
    const Ring ring = star(r, n, 1.2e7, -7.5e5, 3000);
    CHECK(certainlySimple(ring.data(), ring.size()));
    CHECK(certainlyValid(of({ring})));
    CHECK(geosValid(of({ring})));
  }
}

TEST_CASE("a crossing, a touch, a spike and a collinear vertex are never called simple") {
  Random r{11};
  for (size_t n : {40, 5000}) {  // both the pairwise and the grid search
    CAPTURE(n);
    const Ring base = star(r, n, 5e5, 9e6, 1000);
    Ring crossing = base;  // two vertices far apart swapped: their edges cross the star
    std::swap(crossing[n / 5], crossing[n / 2]);
    CHECK_FALSE(certainlySimple(crossing.data(), n));
    CHECK_FALSE(geosValid(of({crossing})));

    Ring touching = base;  // the ring passes through one point twice
    touching[n / 2] = touching[n / 5];
    CHECK_FALSE(certainlySimple(touching.data(), n));
    CHECK_FALSE(geosValid(of({touching})));

    Ring spike = base;  // out along a line and straight back
    const Vec2 a = spike[n / 3], b = spike[n / 3 + 1];
    spike.insert(spike.begin() + std::ptrdiff_t(n / 3) + 1, {a + (b - a) * 3.0, b});
    CHECK_FALSE(certainlySimple(spike.data(), spike.size()));
    CHECK_FALSE(geosValid(of({spike})));

    Ring collinear = base;  // valid for GEOS, but not what this check vouches for
    collinear[1] = {collinear[0].x + 8, collinear[0].y};
    collinear.insert(collinear.begin() + 1, Vec2{collinear[0].x + 4, collinear[0].y});
    CHECK_FALSE(certainlySimple(collinear.data(), collinear.size()));
  }
}

TEST_CASE("polygons are certainly valid only as single rings whose boxes stay apart") {
  Random r{3};
  const Ring one = star(r, 300, 0, 0, 100), apart = star(r, 300, 500, 0, 100), near = star(r, 300, 150, 0, 100);
  CHECK(certainlyValid(of({one, apart})));
  CHECK(geosValid(of({one, apart})));
  CHECK_FALSE(certainlyValid(of({one, near})));  // boxes meet: GEOS decides
  MultiPolygon withHole = of({one});
  withHole.parts[0].rings.push_back(star(r, 30, 0, 0, 10));
  CHECK_FALSE(certainlyValid(withHole));
  CHECK_FALSE(certainlyValid(MultiPolygon{}));
}

TEST_CASE("random rings: whatever is called valid, GEOS finds valid") {
  Random r{2026};
  size_t vouched = 0, tried = 0;
  for (int k = 0; k < 400; ++k) {
    const size_t n = 4 + size_t(r.next() * 200);
    Ring ring = star(r, n, 1e6 * r.next(), 1e6 * r.next(), 50);
    // Disturb some: random jumps make crossings, snapping makes touches and collinear runs.
    const int jumps = int(r.next() * 3);
    for (int j = 0; j < jumps; ++j) {
      Vec2& p = ring[size_t(r.next() * double(n))];
      p = p + Vec2{(r.next() - 0.5) * 120, (r.next() - 0.5) * 120};
    }
    if (r.next() < 0.3)
      for (Vec2& p : ring) p = {std::round(p.x / 8) * 8, std::round(p.y / 8) * 8};
    const MultiPolygon mp = of({ring});
    ++tried;
    if (certainlyValid(mp)) {
      ++vouched;
      CHECK(geosValid(mp));
    }
  }
  CHECK(vouched > tried / 4);  // it vouches for many (the undisturbed stars at least)
  CHECK(vouched < tried);
}
