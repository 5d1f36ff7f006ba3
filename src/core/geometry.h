// Plain planar geometry in map units (metres of the map projection). No GDAL, no GL.
#pragma once
#include <cmath>
#include <limits>
#include <vector>

namespace pk {

struct Vec2 {
  double x = 0, y = 0;
  friend Vec2 operator+(Vec2 a, Vec2 b) { return {a.x + b.x, a.y + b.y}; }
  friend Vec2 operator-(Vec2 a, Vec2 b) { return {a.x - b.x, a.y - b.y}; }
  friend Vec2 operator*(Vec2 a, double s) { return {a.x * s, a.y * s}; }
  friend bool operator==(Vec2 a, Vec2 b) { return a.x == b.x && a.y == b.y; }
};

struct BBox {
  double minx = std::numeric_limits<double>::infinity();
  double miny = std::numeric_limits<double>::infinity();
  double maxx = -std::numeric_limits<double>::infinity();
  double maxy = -std::numeric_limits<double>::infinity();
  bool empty() const { return !(minx <= maxx && miny <= maxy); }
  double width() const { return maxx - minx; }
  double height() const { return maxy - miny; }
  Vec2 center() const { return {(minx + maxx) / 2, (miny + maxy) / 2}; }
  void add(Vec2 p) {
    minx = std::min(minx, p.x); miny = std::min(miny, p.y);
    maxx = std::max(maxx, p.x); maxy = std::max(maxy, p.y);
  }
  void add(const BBox& b) {
    if (b.empty()) return;
    add(Vec2{b.minx, b.miny}); add(Vec2{b.maxx, b.maxy});
  }
  bool contains(Vec2 p) const { return p.x >= minx && p.x <= maxx && p.y >= miny && p.y <= maxy; }
  bool intersects(const BBox& o) const {
    return !(o.minx > maxx || o.maxx < minx || o.miny > maxy || o.maxy < miny);
  }
};

// A ring is stored open: the closing point is not repeated.
using Ring = std::vector<Vec2>;

// rings[0] is the outer ring, the rest are holes.
struct Polygon {
  std::vector<Ring> rings;
};

struct MultiPolygon {
  std::vector<Polygon> parts;
  BBox bbox() const;
  // Planar area, holes subtracted (absolute values, orientation independent).
  double area() const;
  size_t vertexCount() const;  // of every ring
};

// Signed shoelace area: positive for counter-clockwise rings.
double signedRingArea(const Ring& ring);
double polygonArea(const Polygon& polygon);

// The crossing test of pointInPolygon for one edge (a, b) and the horizontal line through y: whether
// the edge crosses it (half-open: an edge owns its lower endpoint, not its upper), and where. Every
// inside test that must agree with pointInPolygon to the bit (the polygon index) uses these.
inline bool edgeCrossesLine(Vec2 a, Vec2 b, double y) { return (a.y > y) != (b.y > y); }
inline double edgeCrossingX(Vec2 a, Vec2 b, double y) { return a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y); }

// Even-odd point-in-polygon over all rings of the polygon (holes count as outside).
// A point exactly on an edge follows the half-open rule of the crossing test, so that of two polygons
// sharing an edge exactly one contains it.
bool pointInPolygon(const Polygon& polygon, Vec2 p);
bool pointInMultiPolygon(const MultiPolygon& mp, Vec2 p);

// Distance from p to the nearest edge of the polygon's rings.
double distanceToBoundary(const MultiPolygon& mp, Vec2 p);

// A point well inside the polygon for labels: the pole of inaccessibility of the largest part
// (the point farthest from every edge), to `precision` map units.
Vec2 labelPoint(const MultiPolygon& mp, double precision);

}  // namespace pk
