#include "core/geometry.h"

#include <algorithm>
#include <queue>

namespace pk {

BBox MultiPolygon::bbox() const {
  BBox b;
  for (const auto& part : parts)
    if (!part.rings.empty())
      for (const auto& p : part.rings[0]) b.add(p);
  return b;
}

double signedRingArea(const Ring& ring) {
  const size_t n = ring.size();
  if (n < 3) return 0;
  // Relative to the first vertex, to keep precision with large projected coordinates.
  const Vec2 o = ring[0];
  double twice = 0;
  for (size_t i = 1; i + 1 < n; ++i) {
    const Vec2 a = ring[i] - o, b = ring[i + 1] - o;
    twice += a.x * b.y - b.x * a.y;
  }
  return twice / 2;
}

double polygonArea(const Polygon& polygon) {
  if (polygon.rings.empty()) return 0;
  double area = std::abs(signedRingArea(polygon.rings[0]));
  for (size_t i = 1; i < polygon.rings.size(); ++i) area -= std::abs(signedRingArea(polygon.rings[i]));
  return area;
}

size_t MultiPolygon::vertexCount() const {
  size_t n = 0;
  for (const auto& part : parts)
    for (const auto& ring : part.rings) n += ring.size();
  return n;
}

double MultiPolygon::area() const {
  double a = 0;
  for (const auto& p : parts) a += polygonArea(p);
  return a;
}

bool pointInPolygon(const Polygon& polygon, Vec2 p) {
  // Crossing number with half-open edges (an edge owns its lower endpoint, not its upper), so a point
  // on an edge shared by two polygons is inside exactly one of them.
  bool inside = false;
  for (const auto& ring : polygon.rings) {
    const size_t n = ring.size();
    for (size_t i = 0, j = n - 1; i < n; j = i++) {
      const Vec2 a = ring[j], b = ring[i];
      if (edgeCrossesLine(a, b, p.y) && p.x < edgeCrossingX(a, b, p.y)) inside = !inside;
    }
  }
  return inside;
}

bool pointInMultiPolygon(const MultiPolygon& mp, Vec2 p) {
  for (const auto& part : mp.parts) {
    if (part.rings.empty()) continue;
    if (pointInPolygon(part, p)) return true;
  }
  return false;
}

static double segmentDistanceSq(Vec2 p, Vec2 a, Vec2 b) {
  const Vec2 ab = b - a, ap = p - a;
  const double len2 = ab.x * ab.x + ab.y * ab.y;
  double t = len2 > 0 ? (ap.x * ab.x + ap.y * ab.y) / len2 : 0;
  t = std::clamp(t, 0.0, 1.0);
  const Vec2 d = p - (a + ab * t);
  return d.x * d.x + d.y * d.y;
}

static double polygonBoundaryDistance(const Polygon& poly, Vec2 p) {
  double best = std::numeric_limits<double>::infinity();
  for (const auto& ring : poly.rings) {
    const size_t n = ring.size();
    for (size_t i = 0, j = n - 1; i < n; j = i++) best = std::min(best, segmentDistanceSq(p, ring[j], ring[i]));
  }
  return std::sqrt(best);
}

double distanceToBoundary(const MultiPolygon& mp, Vec2 p) {
  double best = std::numeric_limits<double>::infinity();
  for (const auto& part : mp.parts) best = std::min(best, polygonBoundaryDistance(part, p));
  return best;
}

// Pole of inaccessibility (the "polylabel" quadtree search): cells are refined while they could hold
// a point farther from the boundary than the best found so far.
static Vec2 poleOfInaccessibility(const Polygon& poly, double precision) {
  BBox b;
  for (const auto& p : poly.rings[0]) b.add(p);
  const double cellSize = std::min(b.width(), b.height());
  if (cellSize <= 0) return b.center();
  struct Cell {
    Vec2 c;
    double h, d, max;
  };
  auto makeCell = [&](Vec2 c, double h) {
    const double dist = polygonBoundaryDistance(poly, c) * (pointInPolygon(poly, c) ? 1 : -1);
    return Cell{c, h, dist, dist + h * std::sqrt(2.0)};
  };
  auto cmp = [](const Cell& a, const Cell& b) { return a.max < b.max; };
  std::priority_queue<Cell, std::vector<Cell>, decltype(cmp)> queue(cmp);
  double h = cellSize / 2;
  for (double x = b.minx; x < b.maxx; x += cellSize)
    for (double y = b.miny; y < b.maxy; y += cellSize) queue.push(makeCell({x + h, y + h}, h));
  // Start from the area centroid when it is inside, else the bbox centre.
  Cell best = makeCell(b.center(), 0);
  {
    double cx = 0, cy = 0, a2 = 0;
    const Ring& r = poly.rings[0];
    const Vec2 o = r[0];
    for (size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) {
      const Vec2 p1 = r[j] - o, p2 = r[i] - o;
      const double f = p1.x * p2.y - p2.x * p1.y;
      cx += (p1.x + p2.x) * f;
      cy += (p1.y + p2.y) * f;
      a2 += f;
    }
    if (a2 != 0) {
      Cell c = makeCell({o.x + cx / (3 * a2), o.y + cy / (3 * a2)}, 0);
      if (c.d > best.d) best = c;
    }
  }
  int iterations = 0;
  while (!queue.empty() && iterations++ < 100000) {
    Cell cell = queue.top();
    queue.pop();
    if (cell.d > best.d) best = cell;
    if (cell.max - best.d <= precision) continue;
    const double hh = cell.h / 2;
    queue.push(makeCell({cell.c.x - hh, cell.c.y - hh}, hh));
    queue.push(makeCell({cell.c.x + hh, cell.c.y - hh}, hh));
    queue.push(makeCell({cell.c.x - hh, cell.c.y + hh}, hh));
    queue.push(makeCell({cell.c.x + hh, cell.c.y + hh}, hh));
  }
  return best.c;
}

Vec2 labelPoint(const MultiPolygon& mp, double precision) {
  const Polygon* largest = nullptr;
  double largestArea = -1;
  for (const auto& part : mp.parts) {
    if (part.rings.empty() || part.rings[0].size() < 3) continue;
    const double a = polygonArea(part);
    if (a > largestArea) largestArea = a, largest = &part;
  }
  if (!largest) return mp.bbox().center();
  return poleOfInaccessibility(*largest, precision);
}

}  // namespace pk
