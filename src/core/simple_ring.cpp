#include "core/simple_ring.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace pk {

int certainOrientation(Vec2 a, Vec2 b, Vec2 c) {
  // Shewchuk's first-stage error bound for the determinant computed in double precision from the
  // coordinates as given.
  const double left = (b.x - a.x) * (c.y - a.y), right = (b.y - a.y) * (c.x - a.x);
  const double det = left - right;
  const double bound = 3.3306690738754716e-16 * (std::abs(left) + std::abs(right));
  if (det > bound) return 1;
  if (det < -bound) return -1;
  return 0;
}

namespace {

// The vertex after each vertex of the rings checked: within one ring, the next one or its first.
// One ring needs no table; several (a shell and its holes) are laid end to end with one.
struct OneRing {
  size_t n;
  size_t operator()(size_t i) const { return i + 1 == n ? 0 : i + 1; }
};
struct RingsEndToEnd {
  std::vector<std::uint32_t> next;
  size_t operator()(size_t i) const { return next[i]; }
};

struct EdgeBox {
  double minX, maxX, minY, maxY;
};

template <class Next>
EdgeBox edgeBox(const Vec2* v, const Next& next, size_t i) {
  const Vec2 a = v[i], b = v[next(i)];
  return {std::min(a.x, b.x), std::max(a.x, b.x), std::min(a.y, b.y), std::max(a.y, b.y)};
}

// Edges whose boxes are apart do not meet: the first test of edgesApart, also made on boxes kept
// beside a grid's entries.
bool boxesApart(const EdgeBox& a, const EdgeBox& b) {
  return b.maxX < a.minX || b.minX > a.maxX || b.maxY < a.minY || b.minY > a.maxY;
}

// Edges i and j (not sharing a vertex) certainly do not meet.
template <class Next>
bool edgesApart(const Vec2* v, const Next& next, size_t i, size_t j) {
  if (boxesApart(edgeBox(v, next, i), edgeBox(v, next, j))) return true;
  const Vec2 a = v[i], b = v[next(i)], c = v[j], d = v[next(j)];
  const int o1 = certainOrientation(a, b, c), o2 = certainOrientation(a, b, d);
  const int o3 = certainOrientation(c, d, a), o4 = certainOrientation(c, d, b);
  if (o1 == 0 || o2 == 0 || o3 == 0 || o4 == 0) return false;  // touching, or too close to tell
  return o1 == o2 || o3 == o4;                                 // else crossing
}

// Edges of one ring that follow each other share a vertex, and meet only there.
template <class Next>
bool shareVertex(const Next& next, size_t i, size_t j) {
  return j == next(i) || i == next(j);
}

// Every pair of edges: for small rings, where a grid costs more than it saves.
constexpr size_t kPairwiseMaxVertices = 64;

template <class Next>
bool pairwiseApart(const Vec2* v, size_t n, const Next& next) {
  for (size_t i = 0; i < n; ++i)
    for (size_t j = i + 2; j < n; ++j)
      if (!shareVertex(next, i, j) && !edgesApart(v, next, i, j)) return false;
  return true;
}

// Edges sorted into a grid of about n cells by their boxes: edges whose boxes meet share a cell
// (a vertex's cell never decreases as its coordinate grows), so only pairs within a cell are tested.
template <class Next>
bool gridApart(const Vec2* v, size_t n, const Next& next) {
  BBox box;
  for (size_t i = 0; i < n; ++i) box.add(v[i]);
  if (!(box.width() > 0) || !(box.height() > 0)) return false;
  const int side = std::max(1, static_cast<int>(std::sqrt(double(n))));
  const double sx = side / box.width(), sy = side / box.height();
  // Scratch kept per thread: layers are checked a ring at a time on the loading threads.
  thread_local std::vector<std::uint32_t> cellX, cellY, start, edges, fill;
  thread_local std::vector<EdgeBox> boxes;  // per entry, beside `edges`: a cell's boxes lie together
  cellX.resize(n);
  cellY.resize(n);
  for (size_t i = 0; i < n; ++i) {
    cellX[i] = std::uint32_t(std::clamp(static_cast<int>((v[i].x - box.minx) * sx), 0, side - 1));
    cellY[i] = std::uint32_t(std::clamp(static_cast<int>((v[i].y - box.miny) * sy), 0, side - 1));
  }
  start.assign(size_t(side) * side + 1, 0);
  size_t entries = 0;
  auto span = [&](size_t i, auto&& visit) {
    const size_t k = next(i);
    const std::uint32_t x0 = std::min(cellX[i], cellX[k]), x1 = std::max(cellX[i], cellX[k]);
    const std::uint32_t y0 = std::min(cellY[i], cellY[k]), y1 = std::max(cellY[i], cellY[k]);
    for (std::uint32_t y = y0; y <= y1; ++y)
      for (std::uint32_t x = x0; x <= x1; ++x) visit(size_t(y) * side + x);
  };
  for (size_t i = 0; i < n; ++i) {
    span(i, [&](size_t cell) { ++start[cell + 1], ++entries; });
    if (entries > 16 * n) return false;  // long edges over much of the ring: not worth it
  }
  for (size_t c = 1; c < start.size(); ++c) start[c] += start[c - 1];
  edges.resize(entries);
  boxes.resize(entries);
  fill.assign(start.begin(), start.end() - 1);
  for (size_t i = 0; i < n; ++i) {
    const EdgeBox box = edgeBox(v, next, i);
    span(i, [&](size_t cell) {
      const std::uint32_t at = fill[cell]++;
      edges[at] = std::uint32_t(i);
      boxes[at] = box;
    });
  }
  // Most pairs in a cell have boxes apart (edgesApart's first answer): told from the boxes side by
  // side, without fetching the edges' vertices.
  size_t tests = 0;
  for (size_t c = 0; c + 1 < start.size(); ++c)
    for (size_t p = start[c]; p < start[c + 1]; ++p)
      for (size_t q = p + 1; q < start[c + 1]; ++q) {
        if (++tests > 64 * n) return false;  // edges crowded into few cells
        if (boxesApart(boxes[p], boxes[q])) continue;
        const size_t i = edges[p], j = edges[q];
        if (!shareVertex(next, i, j) && !edgesApart(v, next, i, j)) return false;
      }
  return true;
}

template <class Next>
bool edgesCertainlyApart(const Vec2* v, size_t n, const Next& next) {
  return n <= kPairwiseMaxVertices ? pairwiseApart(v, n, next) : gridApart(v, n, next);
}

// At least 3 vertices, each turning certainly left or right (no two neighbours in line with it).
bool turnsAtEveryVertex(const Vec2* v, size_t n) {
  if (n < 3) return false;
  if (certainOrientation(v[n - 1], v[0], v[1]) == 0 || certainOrientation(v[n - 2], v[n - 1], v[0]) == 0) return false;
  for (size_t i = 1; i + 1 < n; ++i)
    if (certainOrientation(v[i - 1], v[i], v[i + 1]) == 0) return false;
  return true;
}

// Whether p is inside the ring (1) or outside (0), by the crossings of a ray to +x whose side of each
// edge is an orientation test rounding cannot flip; -1 when one could (p on an edge or nearly).
int certainlyInside(const Ring& ring, Vec2 p) {
  bool inside = false;
  for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    const Vec2 a = ring[j], b = ring[i];
    if ((a.y > p.y) == (b.y > p.y)) continue;  // half-open in y, as pointInPolygon: exact
    const int side = a.y < b.y ? certainOrientation(a, b, p) : certainOrientation(b, a, p);
    if (side == 0) return -1;
    if (side > 0) inside = !inside;  // p left of the upward edge: the ray crosses it
  }
  return inside ? 1 : 0;
}

BBox boxOf(const Ring& ring) {
  BBox b;
  for (const Vec2& p : ring) b.add(p);
  return b;
}

bool boxesMeet(const BBox& a, const BBox& b) {
  return !(a.maxx < b.minx || b.maxx < a.minx || a.maxy < b.miny || b.maxy < a.miny);
}

// A shell with holes, valid as GEOS finds it: every ring turning at every vertex, no two edges of its
// rings meeting (but neighbours in a ring, at their vertex), so that each hole lies wholly inside or
// outside each other ring; then every hole inside the shell and outside every other hole. Rings that
// touch are valid to GEOS in some ways; they are left to it. `shell` is the shell's box.
bool certainlyValidWithHoles(const Polygon& part, const BBox& shell) {
  constexpr size_t kMaxHoles = 256;  // holes are compared pairwise
  if (part.rings.size() > kMaxHoles + 1) return false;
  std::vector<BBox> boxes{shell};
  for (size_t r = 0; r < part.rings.size(); ++r) {
    const Ring& ring = part.rings[r];
    if (!turnsAtEveryVertex(ring.data(), ring.size())) return false;
    if (r > 0) boxes.push_back(boxOf(ring));
  }
  for (size_t h = 1; h < boxes.size(); ++h)
    if (!(boxes[h].minx > shell.minx && boxes[h].maxx < shell.maxx && boxes[h].miny > shell.miny && boxes[h].maxy < shell.maxy))
      return false;  // out of the shell's box: outside it, or touching it
  thread_local std::vector<Vec2> vertices;
  thread_local RingsEndToEnd next;
  vertices.clear();
  next.next.clear();
  for (const Ring& ring : part.rings) {
    const auto first = std::uint32_t(vertices.size());
    vertices.insert(vertices.end(), ring.begin(), ring.end());
    for (size_t k = 1; k < ring.size(); ++k) next.next.push_back(first + std::uint32_t(k));
    next.next.push_back(first);
  }
  if (!edgesCertainlyApart(vertices.data(), vertices.size(), next)) return false;
  for (size_t h = 1; h < part.rings.size(); ++h) {
    if (certainlyInside(part.rings[0], part.rings[h][0]) != 1) return false;
    for (size_t other = 1; other < part.rings.size(); ++other)
      if (other != h && boxesMeet(boxes[h], boxes[other]) && certainlyInside(part.rings[other], part.rings[h][0]) != 0)
        return false;  // nested in another hole, or too close to tell
  }
  return true;
}

}  // namespace

bool certainlySimple(const Vec2* v, size_t n) {
  return turnsAtEveryVertex(v, n) && edgesCertainlyApart(v, n, OneRing{n});
}

bool certainlyValid(const MultiPolygon& mp) {
  constexpr size_t kMaxParts = 64;
  if (mp.parts.empty() || mp.parts.size() > kMaxParts) return false;
  std::vector<BBox> boxes;
  for (const Polygon& part : mp.parts) {
    if (part.rings.empty()) return false;
    const Ring& shell = part.rings[0];
    const BBox b = boxOf(shell);
    if (part.rings.size() == 1 ? !certainlySimple(shell.data(), shell.size()) : !certainlyValidWithHoles(part, b))
      return false;
    for (const BBox& other : boxes)
      if (boxesMeet(b, other)) return false;
    boxes.push_back(b);
  }
  return true;
}

}  // namespace pk
