#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "core/simplify.h"

using namespace pk;

namespace {
double distanceToPolyline(Vec2 p, const std::vector<Vec2>& line, bool closed) {
  double best = INFINITY;
  const size_t n = line.size();
  for (size_t i = 0; i + (closed ? 0 : 1) < n; ++i) {
    Vec2 a = line[i], b = line[(i + 1) % n];
    Vec2 ab = b - a, ap = p - a;
    double len2 = ab.x * ab.x + ab.y * ab.y;
    double t = len2 > 0 ? std::clamp((ap.x * ab.x + ap.y * ab.y) / len2, 0.0, 1.0) : 0;
    Vec2 d = p - (a + ab * t);
    best = std::min(best, std::hypot(d.x, d.y));
  }
  return best;
}
}  // namespace

TEST_CASE("simplification drops nearly collinear points and keeps corners") {
  const std::vector<Vec2> line{{0, 0}, {1, 0.01}, {2, -0.01}, {3, 0}, {3, 5}};
  const auto s = simplifyLine(line, 0.1, false);
  REQUIRE(s.size() == 3);
  CHECK(s[0] == Vec2{0, 0});
  CHECK(s[1] == Vec2{3, 0});
  CHECK(s[2] == Vec2{3, 5});
  CHECK(simplifyLine(line, 0, false) == line);
}

TEST_CASE("every dropped point of a wiggly ring stays within the tolerance of the simplified ring") {
  std::vector<Vec2> ring;
  for (int i = 0; i < 720; ++i) {
    const double a = i * M_PI / 360, r = 1000 + 8 * std::sin(a * 37) + 3 * std::cos(a * 101);
    ring.push_back({r * std::cos(a), r * std::sin(a)});
  }
  for (double tol : {0.5, 2.0, 8.0, 32.0}) {
    CAPTURE(tol);
    const auto s = simplifyLine(ring, tol, true);
    CHECK(s.size() < ring.size());
    CHECK(s.size() >= 3);
    for (Vec2 p : ring) CHECK(distanceToPolyline(p, s, true) <= tol + 1e-9);
  }
  CHECK(simplifyLine(ring, 32, true).size() < simplifyLine(ring, 2, true).size());
}
