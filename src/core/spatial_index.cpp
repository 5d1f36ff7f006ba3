#include "core/spatial_index.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/layer_cache.h"

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

namespace {

constexpr int kMaxGridSide = 8192;

// The grid cells an index of `layer` would take without a limit: fine cells make most cells lie
// wholly inside one polygon (answered without any test); about four cells per vertex keeps the
// edge-crossed cells short too, within a few MB for a regency. The national kecamatan reach the
// limit: 4M cells (about 30 MB) took a third less CPU than 262,144 there, and placing 10M points on
// 16M cells (about 80 MB) another 7% less.
size_t cellsWanted(const Layer& layer) {
  size_t vertices = 0;
  for (const auto& f : layer.features)
    for (const auto& part : f.polygon.parts)
      for (const auto& ring : part.rings) vertices += ring.size();
  return std::max(vertices, layer.features.size() * 16) * 4;
}

size_t gridCells(size_t wanted, size_t maxCells) {
  return std::clamp<size_t>(wanted, 4096, std::max<size_t>(maxCells, 4096));
}

}  // namespace

PolygonIndex::PolygonIndex(const Layer& layer, size_t maxCells) : layer_(&layer) {
  const size_t wanted = cellsWanted(layer);
  const size_t cells = gridCells(wanted, maxCells);
  // What a stored index is; bump when the index's layout or rules change. A grid other than the
  // default limit's is another kind, so that each is stored beside the other.
  std::string kind = "polygon index v2";
  if (cells != gridCells(wanted, kDefaultMaxCells)) kind += ", " + std::to_string(cells) + " cells";
  if (readDerivedCache(layer.derivedCache, kind, [&](CacheReader& r) { return load(r, layer); })) return;
  build(layer, cells);
  writeDerivedCache(layer.derivedCache, kind, [&](CacheWriter& w) { save(w); });
}

void PolygonIndex::setGrid(const BBox& bounds, int nx, int ny) {
  bounds_ = bounds;
  nx_ = nx;
  ny_ = ny;
  cellW_ = std::max(bounds_.width() / nx_, 1e-9);
  cellH_ = std::max(bounds_.height() / ny_, 1e-9);
}

void PolygonIndex::collectRings(const Layer& layer) {
  rings_.clear();
  for (const auto& f : layer.features)
    for (size_t pi = 0; pi < f.polygon.parts.size(); ++pi)
      for (const auto& ring : f.polygon.parts[pi].rings)
        if (!ring.empty()) rings_.push_back({ring.data(), std::uint32_t(ring.size()), std::int32_t(pi)});
}

void PolygonIndex::computeRunExtents() {
  for (EdgeRun& run : runs_) {
    const RingRef& ring = rings_[run.ring];
    double maxX = -INFINITY;
    for (std::uint32_t e = run.first; e < run.first + run.count; ++e)
      maxX = std::max({maxX, ring.points[e == 0 ? ring.size - 1 : e - 1].x, ring.points[e].x});
    run.maxX = maxX;
  }
}

void PolygonIndex::save(CacheWriter& w) const {
  w.pod<std::int32_t>(nx_);
  w.pod<std::int32_t>(ny_);
  w.array(cells_);
  w.array(cellEntries_);
  w.array(firstRow_);
  w.array(rowCount_);
  w.array(rowBase_);
  w.array(runStart_);
  w.array(runs_);
}

bool PolygonIndex::load(CacheReader& r, const Layer& layer) {
  BBox bounds;
  for (const auto& f : layer.features) bounds.add(f.bbox);
  const int nx = r.pod<std::int32_t>(), ny = r.pod<std::int32_t>();
  r.array(cells_);
  r.array(cellEntries_);
  r.array(firstRow_);
  r.array(rowCount_);
  r.array(rowBase_);
  r.array(runStart_);
  r.array(runs_);
  if (!r.ok || bounds.empty() || nx < 1 || ny < 1 || nx > kMaxGridSide || ny > kMaxGridSide) return false;
  setGrid(bounds, nx, ny);
  collectRings(layer);
  // Everything find() follows must stay inside what it indexes.
  const auto nFeatures = std::int64_t(layer.features.size());
  if (cells_.size() != size_t(nx_) * ny_ || cellEntries_.empty() || cellEntries_.back() != -1) return false;
  for (const std::int32_t cell : cells_)
    if (cell >= nFeatures || (cell <= -2 && std::int64_t(-cell - 2) >= std::int64_t(cellEntries_.size()))) return false;
  for (const std::int32_t entry : cellEntries_)
    if (entry < -1 || (entry >> 1) >= nFeatures) return false;
  if (firstRow_.size() != layer.features.size() || rowCount_.size() != layer.features.size() ||
      rowBase_.size() != layer.features.size() || runStart_.empty() || runStart_.front() != 0 ||
      runStart_.back() != runs_.size() || !std::is_sorted(runStart_.begin(), runStart_.end()))
    return false;
  for (size_t f = 0; f < layer.features.size(); ++f)
    if (rowCount_[f] < 0 || firstRow_[f] < 0 || std::uint64_t(rowBase_[f]) + std::uint64_t(rowCount_[f]) >= runStart_.size())
      return false;
  for (const EdgeRun& run : runs_)
    if (run.ring >= rings_.size() || std::uint64_t(run.first) + run.count > rings_[run.ring].size) return false;
  computeRunExtents();  // from the layer's own vertices, not the file
  layer_ = &layer;
  return true;
}

void PolygonIndex::build(const Layer& layer, size_t cellCount) {
  *this = PolygonIndex();  // nothing left of a stored index that did not fit
  layer_ = &layer;
  const size_t nFeatures = layer.features.size();
  BBox bounds;
  for (const auto& f : layer.features) bounds.add(f.bbox);
  if (bounds.empty()) return;
  const double cells = double(cellCount);
  const double aspect = std::max(bounds.width(), 1e-9) / std::max(bounds.height(), 1e-9);
  const int nx = std::clamp(int(std::sqrt(cells * aspect)), 1, kMaxGridSide);
  setGrid(bounds, nx, std::clamp(int(cells / nx), 1, kMaxGridSide));

  // Edges per (feature, row), as runs of consecutive edges of a ring. The crossing test counts an
  // edge only for p.y in [min y, max y), and cellY is monotonic, so every row between the rows of
  // the edge's end heights may need it.
  firstRow_.assign(nFeatures, 0);
  rowCount_.assign(nFeatures, 0);
  rowBase_.assign(nFeatures, 0);
  runStart_.push_back(0);
  collectRings(layer);
  std::uint32_t ringIndex = 0;  // into rings_: the non-empty rings in the order collectRings takes them
  std::vector<std::vector<EdgeRun>> rowRuns;  // of the feature being indexed, by row - firstRow
  for (size_t fi = 0; fi < nFeatures; ++fi) {
    const auto& parts = layer.features[fi].polygon.parts;
    int rowMin = ny_, rowMax = -1;
    for (const auto& part : parts)
      for (const auto& ring : part.rings)
        for (const Vec2& v : ring) {
          const int r = cellY(v.y);
          rowMin = std::min(rowMin, r);
          rowMax = std::max(rowMax, r);
        }
    rowBase_[fi] = std::uint32_t(runStart_.size() - 1);
    if (rowMax < rowMin) continue;
    firstRow_[fi] = rowMin;
    rowCount_[fi] = rowMax - rowMin + 1;
    rowRuns.resize(size_t(rowCount_[fi]));
    for (auto& runs : rowRuns) runs.clear();
    for (const auto& part : parts)
      for (const auto& ring : part.rings) {
        const size_t n = ring.size();
        if (n == 0) continue;
        for (size_t i = 0, j = n - 1; i < n; j = i++) {
          const int r0 = cellY(std::min(ring[j].y, ring[i].y)), r1 = cellY(std::max(ring[j].y, ring[i].y));
          for (int r = r0; r <= r1; ++r) {
            auto& runs = rowRuns[size_t(r - rowMin)];
            if (!runs.empty() && runs.back().ring == ringIndex && runs.back().first + runs.back().count == i)
              ++runs.back().count;
            else
              runs.push_back({ringIndex, std::uint32_t(i), 1});
          }
        }
        ++ringIndex;
      }
    for (const auto& runs : rowRuns) {
      runs_.insert(runs_.end(), runs.begin(), runs.end());
      runStart_.push_back(std::uint32_t(runs_.size()));
    }
  }
  runs_.shrink_to_fit();
  computeRunExtents();
  runStart_.shrink_to_fit();
  auto forEachEdge = [&](size_t fi, auto&& visit) {
    for (const auto& part : layer.features[fi].polygon.parts)
      for (const auto& ring : part.rings) {
        const size_t n = ring.size();
        for (size_t i = 0, j = n - 1; i < n; j = i++) visit(ring[j], ring[i]);
      }
  };

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
    forEachEdge(fi, [&](Vec2 a, Vec2 b) {
      const int x0 = cellX(std::min(a.x, b.x) - marginX), x1 = cellX(std::max(a.x, b.x) + marginX);
      const int y0 = cellY(std::min(a.y, b.y) - marginY), y1 = cellY(std::max(a.y, b.y) + marginY);
      for (int y = y0; y <= y1; ++y)
        for (int x = x0; x <= x1; ++x) {
          const size_t c = size_t(y) * nx_ + x;
          if (crossedBy[c] == int(fi)) continue;
          if ((x0 == x1 && y0 == y1) || segmentMeetsRect(a, b, cellRect(x, y))) crossedBy[c] = int(fi);
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
  const int r = row - firstRow_[feature];
  if (r < 0 || r >= rowCount_[feature]) return false;
  const size_t k = rowBase_[feature] + size_t(r);
  int part = -1;
  bool inside = false;
  for (const EdgeRun* run = runs_.data() + runStart_[k], *end = runs_.data() + runStart_[k + 1]; run != end; ++run) {
    const RingRef& ring = rings_[run->ring];
    if (ring.part != part) {
      if (inside) return true;
      part = ring.part;
    }
    // The crossing's x rounds to at most a few ulps beyond the run's largest x; 1e-12 of the
    // coordinates is far above that, so a skipped run could never have counted.
    if (p.x > run->maxX + (std::abs(run->maxX) + std::abs(p.x)) * 1e-12) continue;
    const Vec2* points = ring.points;
    for (std::uint32_t e = run->first, stop = run->first + run->count; e < stop; ++e) {
      const Vec2 a = points[e == 0 ? ring.size - 1 : e - 1], b = points[e];
      if ((a.y > p.y) != (b.y > p.y)) {
        const double xCross = a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y);
        if (p.x < xCross) inside = !inside;
      }
    }
  }
  return inside;
}

std::int64_t PolygonIndex::cellOf(Vec2 p) const {
  if (!layer_ || !bounds_.contains(p)) return -1;
  return std::int64_t(cellY(p.y)) * nx_ + cellX(p.x);
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

void PolygonIndex::findMany(const Vec2* points, size_t count, int* out) const {
  // Two steps ahead: the cell's slot 16 points on, then (once it has arrived) the cell's entries
  // 8 points on. Hints only: find() answers as it always does.
  constexpr size_t kSlotAhead = 16, kEntriesAhead = 8;
  for (size_t i = 0; i < count; ++i) {
    if (i + kSlotAhead < count)
      if (const std::int64_t c = cellOf(points[i + kSlotAhead]); c >= 0) __builtin_prefetch(&cells_[size_t(c)]);
    if (i + kEntriesAhead < count)
      if (const std::int64_t c = cellOf(points[i + kEntriesAhead]); c >= 0)
        if (const std::int32_t cell = cells_[size_t(c)]; cell <= -2) __builtin_prefetch(&cellEntries_[size_t(-cell - 2)]);
    out[i] = find(points[i]);
  }
}

}  // namespace pk
