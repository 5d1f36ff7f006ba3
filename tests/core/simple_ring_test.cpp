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

TEST_CASE("polygons are certainly valid only with parts whose boxes stay apart") {
  Random r{3};
  const Ring one = star(r, 300, 0, 0, 100), apart = star(r, 300, 500, 0, 100), near = star(r, 300, 150, 0, 100);
  CHECK(certainlyValid(of({one, apart})));
  CHECK(geosValid(of({one, apart})));
  CHECK_FALSE(certainlyValid(of({one, near})));  // boxes meet: GEOS decides
  CHECK_FALSE(certainlyValid(MultiPolygon{}));
}

namespace {

// A shell (a wavy star of radius 1000 around the origin) and holes.
MultiPolygon shellWith(Random& r, const std::vector<Ring>& holes) {
  MultiPolygon mp = of({star(r, 2000, 0, 0, 1000)});
  for (const Ring& hole : holes) mp.parts[0].rings.push_back(hole);
  return mp;
}

}  // namespace

TEST_CASE("holes inside the shell and apart from it and each other are certainly valid, and GEOS agrees") {
  Random r{5};
  for (size_t n : {30, 400}) {  // the pairwise and the grid search
    CAPTURE(n);
    const MultiPolygon valid = shellWith(r, {star(r, n, 300, 0, 100), star(r, n, -300, 0, 100), star(r, n, 0, 400, 150)});
    CHECK(certainlyValid(valid));
    CHECK(geosValid(valid));
    // With an island part beside it, boxes apart.
    MultiPolygon withIsland = valid;
    withIsland.parts.push_back(Polygon{{star(r, n, 3000, 0, 200)}});
    CHECK(certainlyValid(withIsland));
    CHECK(geosValid(withIsland));
  }
}

TEST_CASE("a hole outside its shell, across it, touching it, nested or crossing another is never called valid") {
  Random r{6};
  for (size_t n : {30, 400}) {
    CAPTURE(n);
    const Ring inside = star(r, n, 300, 0, 100);
    const MultiPolygon outside = shellWith(r, {inside, star(r, n, 3000, 0, 100)});
    CHECK_FALSE(certainlyValid(outside));
    CHECK_FALSE(geosValid(outside));
    const MultiPolygon across = shellWith(r, {star(r, n, 1000, 0, 150)});
    CHECK_FALSE(certainlyValid(across));
    CHECK_FALSE(geosValid(across));
    const MultiPolygon nested = shellWith(r, {inside, star(r, n, 300, 0, 30)});
    CHECK_FALSE(certainlyValid(nested));
    CHECK_FALSE(geosValid(nested));
    const MultiPolygon crossing = shellWith(r, {inside, star(r, n, 400, 0, 100)});
    CHECK_FALSE(certainlyValid(crossing));
    CHECK_FALSE(geosValid(crossing));
    Ring touching = inside;  // a hole vertex on a shell vertex: GEOS may accept it, it is left to GEOS
    MultiPolygon touches = shellWith(r, {});
    touching[0] = touches.parts[0].rings[0][0];
    touches.parts[0].rings.push_back(touching);
    CHECK_FALSE(certainlyValid(touches));
  }
  // A hole in the shell's bay: inside the shell's box, outside the shell. The shell is a U.
  const Ring u = {{0, 0}, {300, 0}, {300, 300}, {200, 300}, {200, 100}, {100, 100}, {100, 300}, {0, 300}};
  const Ring inBay = {{130, 200}, {170, 200}, {170, 250}, {130, 250}};
  const Ring inArm = {{30, 200}, {70, 200}, {70, 250}, {30, 250}};
  MultiPolygon bay = of({u});
  bay.parts[0].rings.push_back(inBay);
  CHECK_FALSE(certainlyValid(bay));
  CHECK_FALSE(geosValid(bay));
  MultiPolygon arm = of({u});
  arm.parts[0].rings.push_back(inArm);
  CHECK(certainlyValid(arm));
  CHECK(geosValid(arm));
}

TEST_CASE("random holes: whatever is called valid, GEOS finds valid") {
  Random r{2027};
  size_t vouched = 0, tried = 0;
  for (int k = 0; k < 150; ++k) {
    std::vector<Ring> holes;
    const int count = 1 + int(r.next() * 5);
    for (int h = 0; h < count; ++h) {
      // Anywhere from well inside to beyond the shell, small to large: some nest, cross or touch.
      const double angle = 2 * M_PI * r.next(), distance = 1100 * r.next(), radius = 20 + 300 * r.next();
      Ring hole = star(r, 8 + size_t(r.next() * 120), distance * std::cos(angle), distance * std::sin(angle), radius);
      if (r.next() < 0.2)
        for (Vec2& p : hole) p = {std::round(p.x / 8) * 8, std::round(p.y / 8) * 8};
      holes.push_back(std::move(hole));
    }
    const MultiPolygon mp = shellWith(r, holes);
    ++tried;
    if (certainlyValid(mp)) {
      ++vouched;
      CHECK(geosValid(mp));
    }
  }
  CHECK(vouched > tried / 10);  // some holes fall inside and apart
  CHECK(vouched < tried);
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
