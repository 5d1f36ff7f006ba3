#include "core/spatial_index.h"

#include <algorithm>
#include <cmath>

namespace pk {

namespace {

// Does segment ab meet the closed rectangle r? (Liang-Barsky clipping.)
bool segmentMeetsRect(Vec2 a, Vec2 b, const BBox& r) {
  double t0 = 0, t1 = 1;
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double p[4] = {-dx, dx, -dy, dy};
  const double q[4] = {a.x - r.minx, r.maxx - a.x, a.y - r.miny, r.maxy - a.y};
  for (int i = 0; i < 4; ++i) {
    if (p[i] == 0) {
      if (q[i] < 0) return false;
    } else {
      const double t = q[i] / p[i];
      if (p[i] < 0) t0 = std::max(t0, t);
      else t1 = std::min(t1, t);
      if (t0 > t1) return false;
    }
  }
  return true;
}

}  // namespace

int PolygonIndex::cellX(double x) const { return std::clamp(int((x - bounds_.minx) / cellW_), 0, nx_ - 1); }
int PolygonIndex::cellY(double y) const { return std::clamp(int((y - bounds_.miny) / cellH_), 0, ny_ - 1); }

PolygonIndex::PolygonIndex(const Layer& layer) : layer_(&layer) {
  const size_t nFeatures = layer.features.size();
  size_t vertices = 0;
  for (const auto& f : layer.features) {
    bounds_.add(f.bbox);
    for (const auto& part : f.polygon.parts)
      for (const auto& ring : part.rings) vertices += ring.size();
  }
  if (bounds_.empty()) return;
  // Fine cells make most cells lie wholly inside one polygon (answered without any test); about
  // four cells per vertex keeps the edge-crossed cells short too, within a few MB for real layers.
  const double cells = std::clamp<double>(double(std::max(vertices, nFeatures * 16)) * 4, 4096, 262144);
  const double aspect = std::max(bounds_.width(), 1e-9) / std::max(bounds_.height(), 1e-9);
  nx_ = std::clamp(int(std::sqrt(cells * aspect)), 1, 4096);
  ny_ = std::clamp(int(cells / nx_), 1, 4096);
  cellW_ = std::max(bounds_.width() / nx_, 1e-9);
  cellH_ = std::max(bounds_.height() / ny_, 1e-9);

  // Edges per (feature, row). The crossing test counts an edge only for p.y in [min y, max y), and
  // cellY is monotonic, so every row between the rows of the edge's end heights may need it.
  std::vector<std::uint32_t> count(nFeatures * ny_ + 1, 0);
  auto forEachEdge = [&](size_t fi, auto&& visit) {
    const auto& parts = layer.features[fi].polygon.parts;
    for (size_t pi = 0; pi < parts.size(); ++pi)
      for (const auto& ring : parts[pi].rings) {
        const size_t n = ring.size();
        for (size_t i = 0, j = n - 1; i < n; j = i++) visit(Edge{ring[j], ring[i], int(pi)});
      }
  };
  for (size_t fi = 0; fi < nFeatures; ++fi)
    forEachEdge(fi, [&](const Edge& e) {
      const int r0 = cellY(std::min(e.a.y, e.b.y)), r1 = cellY(std::max(e.a.y, e.b.y));
      for (int r = r0; r <= r1; ++r) ++count[fi * ny_ + r];
    });
  rowEdgeStart_.assign(count.size(), 0);
  for (size_t k = 1; k < count.size(); ++k) rowEdgeStart_[k] = rowEdgeStart_[k - 1] + count[k - 1];
  rowEdges_.resize(rowEdgeStart_.back());
  {
    std::vector<std::uint32_t> fill(rowEdgeStart_.begin(), rowEdgeStart_.end() - 1);
    for (size_t fi = 0; fi < nFeatures; ++fi)
      forEachEdge(fi, [&](const Edge& e) {
        const int r0 = cellY(std::min(e.a.y, e.b.y)), r1 = cellY(std::max(e.a.y, e.b.y));
        for (int r = r0; r <= r1; ++r) rowEdges_[fill[fi * ny_ + r]++] = e;
      });
  }

  // Cell entries. A point maps to a cell through a floating division, so a cell's rectangle is
  // widened by a hair before asking whether an edge meets it.
  const double marginX = cellW_ * 1e-6, marginY = cellH_ * 1e-6;
  auto cellRect = [&](int x, int y) {
    BBox r;
    r.minx = bounds_.minx + x * cellW_ - marginX;
    r.maxx = bounds_.minx + (x + 1) * cellW_ + marginX;
    r.miny = bounds_.miny + y * cellH_ - marginY;
    r.maxy = bounds_.miny + (y + 1) * cellH_ + marginY;
    return r;
  };
  const size_t nCells = size_t(nx_) * ny_;
  std::vector<std::int32_t> crossedBy(nCells, -1);  // last feature whose edge meets the cell
  std::vector<std::pair<std::uint32_t, std::int32_t>> entries;  // (cell, entry), features ascending
  for (size_t fi = 0; fi < nFeatures; ++fi) {
    const BBox& b = layer.features[fi].bbox;
    if (b.empty()) continue;
    forEachEdge(fi, [&](const Edge& e) {
      const int x0 = cellX(std::min(e.a.x, e.b.x) - marginX), x1 = cellX(std::max(e.a.x, e.b.x) + marginX);
      const int y0 = cellY(std::min(e.a.y, e.b.y) - marginY), y1 = cellY(std::max(e.a.y, e.b.y) + marginY);
      for (int y = y0; y <= y1; ++y)
        for (int x = x0; x <= x1; ++x) {
          const size_t c = size_t(y) * nx_ + x;
          if (crossedBy[c] == int(fi)) continue;
          if ((x0 == x1 && y0 == y1) || segmentMeetsRect(e.a, e.b, cellRect(x, y))) crossedBy[c] = int(fi);
        }
    });
    const int x0 = cellX(b.minx), x1 = cellX(b.maxx), y0 = cellY(b.miny), y1 = cellY(b.maxy);
    for (int y = y0; y <= y1; ++y)
      for (int x = x0; x <= x1; ++x) {
        const size_t c = size_t(y) * nx_ + x;
        if (crossedBy[c] == int(fi)) {
          entries.push_back({std::uint32_t(c), std::int32_t(fi * 2 + 1)});
        } else {
          // No edge of this feature meets the cell: it covers all of it or none of it.
          const Vec2 center{bounds_.minx + (x + 0.5) * cellW_, bounds_.miny + (y + 0.5) * cellH_};
          if (containsInRow(int(fi), cellY(center.y), center)) entries.push_back({std::uint32_t(c), std::int32_t(fi * 2)});
        }
      }
  }
  // Group by cell keeping feature order (stable counting sort), then cut each list after the first
  // feature covering the whole cell: nothing after it can be returned.
  std::vector<std::uint32_t> start(nCells + 1, 0);
  for (const auto& e : entries) ++start[e.first + 1];
  for (size_t c = 0; c < nCells; ++c) start[c + 1] += start[c];
  std::vector<std::int32_t> grouped(entries.size());
  {
    std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
    for (const auto& e : entries) grouped[fill[e.first]++] = e.second;
  }
  cells_.assign(nCells, -1);
  for (size_t c = 0; c < nCells; ++c) {
    if (start[c] == start[c + 1]) continue;
    if ((grouped[start[c]] & 1) == 0) {
      cells_[c] = grouped[start[c]] >> 1;  // covered whole by its first feature
      continue;
    }
    cells_[c] = -2 - std::int32_t(cellEntries_.size());
    for (std::uint32_t k = start[c]; k < start[c + 1]; ++k) {
      cellEntries_.push_back(grouped[k]);
      if ((grouped[k] & 1) == 0) break;
    }
    cellEntries_.push_back(-1);
  }
  cellEntries_.shrink_to_fit();
}

bool PolygonIndex::containsInRow(int feature, int row, Vec2 p) const {
  // The same crossing test as pointInPolygon, over the subset of edges that can count at p.y.
  const size_t k = size_t(feature) * ny_ + row;
  const Edge* e = rowEdges_.data() + rowEdgeStart_[k];
  const Edge* end = rowEdges_.data() + rowEdgeStart_[k + 1];
  int part = -1;
  bool inside = false;
  for (; e != end; ++e) {
    if (e->part != part) {
      if (inside) return true;
      part = e->part;
    }
    const Vec2 a = e->a, b = e->b;
    if ((a.y > p.y) != (b.y > p.y)) {
      const double xCross = a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y);
      if (p.x < xCross) inside = !inside;
    }
  }
  return inside;
}

int PolygonIndex::find(Vec2 p) const {
  if (!layer_ || !bounds_.contains(p)) return -1;
  const int x = cellX(p.x), y = cellY(p.y);
  const std::int32_t cell = cells_[size_t(y) * nx_ + x];
  if (cell >= -1) return cell;
  for (const std::int32_t* entry = cellEntries_.data() + (-cell - 2); *entry >= 0; ++entry) {
    const int feature = *entry >> 1;
    if ((*entry & 1) == 0) return feature;
    if (layer_->features[feature].bbox.contains(p) && containsInRow(feature, y, p)) return feature;
  }
  return -1;
}

}  // namespace pk
