#include "core/simplify.h"

#include <cmath>
#include <utility>

namespace pk {

namespace {

double distanceToSegmentSq(Vec2 p, Vec2 a, Vec2 b) {
  const Vec2 ab = b - a, ap = p - a;
  const double len2 = ab.x * ab.x + ab.y * ab.y;
  double t = len2 > 0 ? (ap.x * ab.x + ap.y * ab.y) / len2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const Vec2 d = p - (a + ab * t);
  return d.x * d.x + d.y * d.y;
}

// Marks the points to keep between first and last (inclusive ends already kept), iteratively.
void douglasPeucker(const Vec2* pts, size_t n, size_t first, size_t last, double tol2, std::vector<char>& keep) {
  std::vector<std::pair<size_t, size_t>> stack{{first, last}};
  while (!stack.empty()) {
    auto [i, j] = stack.back();
    stack.pop_back();
    if (j <= i + 1) continue;
    double worst = -1;
    size_t worstAt = i;
    for (size_t k = i + 1; k < j; ++k) {
      const double d = distanceToSegmentSq(pts[k], pts[i], pts[j % n]);
      if (d > worst) {
        worst = d;
        worstAt = k;
      }
    }
    if (worst > tol2) {
      keep[worstAt] = 1;
      stack.push_back({i, worstAt});
      stack.push_back({worstAt, j});
    }
  }
}

}  // namespace

void simplifyLineMask(const Vec2* points, size_t n, double tolerance, bool closed, std::vector<char>& keep) {
  if (tolerance <= 0 || n <= (closed ? 4u : 2u)) {
    keep.assign(n, 1);
    return;
  }
  const double tol2 = tolerance * tolerance;
  keep.assign(n, 0);
  keep[0] = 1;
  if (closed) {
    // Split the ring at the point farthest from its first point, then simplify both halves; index
    // n stands for the first point again.
    size_t far = 1;
    double farD = -1;
    for (size_t k = 1; k < n; ++k) {
      const Vec2 d = points[k] - points[0];
      const double dd = d.x * d.x + d.y * d.y;
      if (dd > farD) {
        farD = dd;
        far = k;
      }
    }
    keep[far] = 1;
    douglasPeucker(points, n, 0, far, tol2, keep);
    douglasPeucker(points, n, far, n, tol2, keep);
  } else {
    keep[n - 1] = 1;
    douglasPeucker(points, n, 0, n - 1, tol2, keep);
  }
}

std::vector<Vec2> simplifyLine(const std::vector<Vec2>& points, double tolerance, bool closed) {
  std::vector<char> keep;
  simplifyLineMask(points.data(), points.size(), tolerance, closed, keep);
  std::vector<Vec2> out;
  for (size_t k = 0; k < points.size(); ++k)
    if (keep[k]) out.push_back(points[k]);
  return out;
}

}  // namespace pk
