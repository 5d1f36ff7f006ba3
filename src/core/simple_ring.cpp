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

size_t nextOf(size_t i, size_t n) { return i + 1 == n ? 0 : i + 1; }

struct EdgeBox {
  double minX, maxX, minY, maxY;
};

EdgeBox edgeBox(const Vec2* v, size_t n, size_t i) {
  const Vec2 a = v[i], b = v[nextOf(i, n)];
  return {std::min(a.x, b.x), std::max(a.x, b.x), std::min(a.y, b.y), std::max(a.y, b.y)};
}

// Edges whose boxes are apart do not meet: the first test of edgesApart, also made on boxes kept
// beside a grid's entries.
bool boxesApart(const EdgeBox& a, const EdgeBox& b) {
  return b.maxX < a.minX || b.minX > a.maxX || b.maxY < a.minY || b.minY > a.maxY;
}

// Edges i and j (not sharing a vertex) certainly do not meet.
bool edgesApart(const Vec2* v, size_t n, size_t i, size_t j) {
  if (boxesApart(edgeBox(v, n, i), edgeBox(v, n, j))) return true;
  const Vec2 a = v[i], b = v[nextOf(i, n)], c = v[j], d = v[nextOf(j, n)];
  const int o1 = certainOrientation(a, b, c), o2 = certainOrientation(a, b, d);
  const int o3 = certainOrientation(c, d, a), o4 = certainOrientation(c, d, b);
  if (o1 == 0 || o2 == 0 || o3 == 0 || o4 == 0) return false;  // touching, or too close to tell
  return o1 == o2 || o3 == o4;                                 // else crossing
}

bool shareVertex(size_t n, size_t i, size_t j) { return j == nextOf(i, n) || i == nextOf(j, n); }

// Every pair of edges: for small rings, where a grid costs more than it saves.
constexpr size_t kPairwiseMaxVertices = 64;

bool pairwiseApart(const Vec2* v, size_t n) {
  for (size_t i = 0; i < n; ++i)
    for (size_t j = i + 2; j < n; ++j)
      if (!shareVertex(n, i, j) && !edgesApart(v, n, i, j)) return false;
  return true;
}

// Edges sorted into a grid of about n cells by their boxes: edges whose boxes meet share a cell
// (a vertex's cell never decreases as its coordinate grows), so only pairs within a cell are tested.
bool gridApart(const Vec2* v, size_t n) {
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
    const size_t k = nextOf(i, n);
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
    const EdgeBox box = edgeBox(v, n, i);
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
        if (!shareVertex(n, i, j) && !edgesApart(v, n, i, j)) return false;
      }
  return true;
}

}  // namespace

bool certainlySimple(const Vec2* v, size_t n) {
  if (n < 3) return false;
  if (certainOrientation(v[n - 1], v[0], v[1]) == 0 || certainOrientation(v[n - 2], v[n - 1], v[0]) == 0) return false;
  for (size_t i = 1; i + 1 < n; ++i)
    if (certainOrientation(v[i - 1], v[i], v[i + 1]) == 0) return false;
  return n <= kPairwiseMaxVertices ? pairwiseApart(v, n) : gridApart(v, n);
}

bool certainlyValid(const MultiPolygon& mp) {
  constexpr size_t kMaxParts = 64;
  if (mp.parts.empty() || mp.parts.size() > kMaxParts) return false;
  std::vector<BBox> boxes;
  for (const Polygon& part : mp.parts) {
    if (part.rings.size() != 1) return false;
    const Ring& ring = part.rings[0];
    if (!certainlySimple(ring.data(), ring.size())) return false;
    BBox b;
    for (const Vec2& p : ring) b.add(p);
    for (const BBox& other : boxes)
      if (!(b.maxx < other.minx || other.maxx < b.minx || b.maxy < other.miny || other.maxy < b.miny)) return false;
    boxes.push_back(b);
  }
  return true;
}

}  // namespace pk
