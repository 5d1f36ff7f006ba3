#include "core/spatial_index.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <string>

#include "core/layer_cache.h"
#include "core/parallel.h"

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

int findByScan(const Layer& layer, Vec2 p) {
  for (size_t i = 0; i < layer.features.size(); ++i)
    if (layer.features[i].bbox.contains(p) && pointInMultiPolygon(layer.features[i].polygon, p)) return int(i);
  return -1;
}

ScanOrIndex::ScanOrIndex(const Layer& layer) : features_(layer.features.size()) {
  for (const auto& f : layer.features) {
    const size_t n = f.polygon.vertexCount();
    vertices_ += n;
    largestFeature_ = std::max(largestFeature_, n);
  }
}

bool ScanOrIndex::scanCheaperFor(size_t points) const {
  constexpr double kIndexCostPerVertex = 20;  // in box or edge tests
  return double(points) * double(features_ + largestFeature_) <= kIndexCostPerVertex * double(vertices_);
}

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
  for (const auto& f : layer.features) vertices += f.polygon.vertexCount();
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
  parallelChunks(runs_.size(), threadCount(0, runs_.size()), [&](size_t begin, size_t end, int) {
    for (size_t k = begin; k < end; ++k) {
      EdgeRun& run = runs_[k];
      const RingRef& ring = rings_[run.ring];
      double maxX = -INFINITY;
      for (std::uint32_t e = run.first; e < run.first + run.count; ++e)
        maxX = std::max({maxX, ring.points[e == 0 ? ring.size - 1 : e - 1].x, ring.points[e].x});
      run.maxX = maxX;
    }
  });
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
  collectRings(layer);
  // Features are taken in parallel, in contiguous pieces put one after another in feature order.
  std::vector<std::uint32_t> firstRing(nFeatures + 1, 0);  // into rings_: the non-empty rings, in collectRings' order
  size_t vertices = 0;
  for (size_t fi = 0; fi < nFeatures; ++fi) {
    firstRing[fi + 1] = firstRing[fi];
    for (const auto& part : layer.features[fi].polygon.parts)
      for (const auto& ring : part.rings) {
        firstRing[fi + 1] += !ring.empty();
        vertices += ring.size();
      }
  }
  struct Piece {
    size_t begin = 0, end = 0;  // features
    std::vector<EdgeRun> runs;
    std::vector<std::uint32_t> rowEnd;  // per row of its features, where the row's runs end in `runs`
  };
  const int threads = threadCount(0, vertices);
  std::vector<Piece> pieces{size_t(threads)};
  parallelChunks(nFeatures, threads, [&](size_t begin, size_t end, int t) {
    Piece& piece = pieces[size_t(t)];
    piece.begin = begin;
    piece.end = end;
    std::vector<std::vector<EdgeRun>> rowRuns;  // of the feature being indexed, by row - firstRow
    for (size_t fi = begin; fi < end; ++fi) {
      const auto& parts = layer.features[fi].polygon.parts;
      int rowMin = ny_, rowMax = -1;
      for (const auto& part : parts)
        for (const auto& ring : part.rings)
          for (const Vec2& v : ring) {
            const int r = cellY(v.y);
            rowMin = std::min(rowMin, r);
            rowMax = std::max(rowMax, r);
          }
      rowBase_[fi] = std::uint32_t(piece.rowEnd.size());  // within the piece until put together
      if (rowMax < rowMin) continue;
      firstRow_[fi] = rowMin;
      rowCount_[fi] = rowMax - rowMin + 1;
      rowRuns.resize(size_t(rowCount_[fi]));
      for (auto& runs : rowRuns) runs.clear();
      std::uint32_t ringIndex = firstRing[fi];
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
        piece.runs.insert(piece.runs.end(), runs.begin(), runs.end());
        piece.rowEnd.push_back(std::uint32_t(piece.runs.size()));
      }
    }
  });
  size_t totalRuns = 0, totalRows = 0;
  for (const Piece& piece : pieces) {
    totalRuns += piece.runs.size();
    totalRows += piece.rowEnd.size();
  }
  runs_.reserve(totalRuns);
  runStart_.reserve(totalRows + 1);
  runStart_.push_back(0);
  for (Piece& piece : pieces) {
    const auto runBase = std::uint32_t(runs_.size()), rowBase = std::uint32_t(runStart_.size() - 1);
    for (size_t fi = piece.begin; fi < piece.end; ++fi) rowBase_[fi] += rowBase;
    for (const std::uint32_t rowEnd : piece.rowEnd) runStart_.push_back(runBase + rowEnd);
    runs_.insert(runs_.end(), piece.runs.begin(), piece.runs.end());
    piece = Piece();
  }
  computeRunExtents();
  buildCells(layer);
}

namespace {

// The grid's cells are built a band of rows at a time: a band's cells, entries and scratch take a few
// hundred KB whatever the grid's size, so they stay in cache, and bands are built in parallel.
constexpr int kBandRows = 16;

}  // namespace

struct PolygonIndex::BandScratch {
  std::vector<std::int32_t> crossedBy;  // per cell of the band: the last feature whose edge meets it
  std::vector<std::pair<std::uint32_t, std::int32_t>> entries;  // (cell in the band, entry), features ascending
  std::vector<std::pair<double, std::int32_t>> crossings;       // (x, part) where a row's centre line crosses edges
  std::vector<std::uint8_t> oddParts;                           // per part: crossed an odd number of times so far
  std::vector<std::uint32_t> start;
};

void PolygonIndex::buildCells(const Layer& layer) {
  const size_t nFeatures = layer.features.size();
  const int nBands = (ny_ + kBandRows - 1) / kBandRows;
  // The features whose bounding box meets each band, in feature order.
  std::vector<std::uint32_t> bandStart(size_t(nBands) + 1, 0);
  auto forEachBand = [&](const BBox& b, auto&& visit) {
    if (b.empty()) return;
    for (int band = cellY(b.miny) / kBandRows, last = cellY(b.maxy) / kBandRows; band <= last; ++band) visit(band);
  };
  for (const Feature& f : layer.features) forEachBand(f.bbox, [&](int band) { ++bandStart[size_t(band) + 1]; });
  for (size_t b = 0; b < size_t(nBands); ++b) bandStart[b + 1] += bandStart[b];
  std::vector<std::int32_t> bandFeatures(bandStart.back());
  {
    std::vector<std::uint32_t> fill(bandStart.begin(), bandStart.end() - 1);
    for (size_t fi = 0; fi < nFeatures; ++fi)
      forEachBand(layer.features[fi].bbox, [&](int band) { bandFeatures[fill[size_t(band)]++] = std::int32_t(fi); });
  }

  const size_t nCells = size_t(nx_) * ny_;
  cells_.assign(nCells, -1);
  // Each band's entries, indexed from the band's own start until they are put one after another.
  std::vector<std::vector<std::int32_t>> bandEntries{size_t(nBands)};
  std::atomic<int> nextBand{0};
  const int threads = std::min(threadCount(0, nCells), nBands);
  parallelChunks(size_t(threads), threads, [&](size_t, size_t, int) {
    BandScratch scratch;
    for (int band; (band = nextBand++) < nBands;)
      indexBand(layer, band, {bandFeatures.data() + bandStart[size_t(band)], bandFeatures.data() + bandStart[size_t(band) + 1]},
                bandEntries[size_t(band)], scratch);
  });
  size_t total = 0;
  for (const auto& entries : bandEntries) total += entries.size();
  cellEntries_.reserve(total);
  for (int band = 0; band < nBands; ++band) {
    const auto base = std::int32_t(cellEntries_.size());
    if (base > 0)
      for (size_t c = size_t(band) * kBandRows * nx_, end = std::min(nCells, c + size_t(kBandRows) * nx_); c < end; ++c)
        if (cells_[c] <= -2) cells_[c] -= base;
    auto& entries = bandEntries[size_t(band)];
    cellEntries_.insert(cellEntries_.end(), entries.begin(), entries.end());
    std::vector<std::int32_t>().swap(entries);
  }
}

void PolygonIndex::indexBand(const Layer& layer, int band, std::span<const std::int32_t> features,
                             std::vector<std::int32_t>& out, BandScratch& s) {
  const int row0 = band * kBandRows, row1 = std::min(ny_, row0 + kBandRows) - 1;
  const size_t bandCells = size_t(row1 - row0 + 1) * nx_;
  s.crossedBy.assign(bandCells, -1);
  s.entries.clear();
  // A point maps to a cell through a floating division, so a cell's rectangle is widened by a hair
  // before asking whether an edge meets it.
  const double marginX = cellW_ * 1e-6, marginY = cellH_ * 1e-6;
  auto cellRect = [&](int x, int y) {
    BBox r;
    r.minx = bounds_.minx + x * cellW_ - marginX;
    r.maxx = bounds_.minx + (x + 1) * cellW_ + marginX;
    r.miny = bounds_.miny + y * cellH_ - marginY;
    r.maxy = bounds_.miny + (y + 1) * cellH_ + marginY;
    return r;
  };
  auto forEachRunEdge = [&](size_t fi, int row, auto&& visit) {
    const size_t k = rowBase_[fi] + size_t(row - firstRow_[fi]);
    for (const EdgeRun* run = runs_.data() + runStart_[k], *end = runs_.data() + runStart_[k + 1]; run != end; ++run) {
      const RingRef& ring = rings_[run->ring];
      for (std::uint32_t e = run->first, stop = run->first + run->count; e < stop; ++e)
        visit(ring.points[e == 0 ? ring.size - 1 : e - 1], ring.points[e], ring.part);
    }
  };

  for (const std::int32_t feature : features) {
    const auto fi = size_t(feature);
    // The cells of the band that the feature's edges meet. An edge can reach one row beyond those it
    // spans (the margin), and is listed under every row it spans: it is taken in the first of them
    // that can reach the band.
    const int firstRow = firstRow_[fi], lastRow = firstRow + rowCount_[fi] - 1;
    for (int row = std::max(firstRow, row0 - 1), to = std::min(lastRow, row1 + 1); row <= to; ++row)
      forEachRunEdge(fi, row, [&](Vec2 a, Vec2 b, std::int32_t) {
        if (std::max(cellY(std::min(a.y, b.y)), row0 - 1) != row) return;
        const int x0 = cellX(std::min(a.x, b.x) - marginX), x1 = cellX(std::max(a.x, b.x) + marginX);
        const int y0 = cellY(std::min(a.y, b.y) - marginY), y1 = cellY(std::max(a.y, b.y) + marginY);
        const bool oneCell = x0 == x1 && y0 == y1;
        for (int y = std::max(y0, row0), yEnd = std::min(y1, row1); y <= yEnd; ++y)
          for (int x = x0; x <= x1; ++x) {
            const size_t c = size_t(y - row0) * nx_ + x;
            if (s.crossedBy[c] == feature) continue;
            if (oneCell || segmentMeetsRect(a, b, cellRect(x, y))) s.crossedBy[c] = feature;
          }
      });

    // The band's cells in the feature's box. A cell no edge meets lies wholly inside or outside: its
    // centre says which, by the crossing test of containsInRow, made once per row for all its cells
    // (the crossings right of a point have the parity of those left of it, as each ring crosses a
    // line an even number of times).
    const BBox& box = layer.features[fi].bbox;
    const int xb0 = cellX(box.minx), xb1 = cellX(box.maxx);
    const size_t parts = layer.features[fi].polygon.parts.size();
    if (s.oddParts.size() < parts) s.oddParts.resize(parts, 0);
    for (int y = std::max(row0, cellY(box.miny)), yEnd = std::min(row1, cellY(box.maxy)); y <= yEnd; ++y) {
      const double centerY = bounds_.miny + (y + 0.5) * cellH_;
      s.crossings.clear();
      if (const int row = cellY(centerY); row >= firstRow && row <= lastRow)
        forEachRunEdge(fi, row, [&](Vec2 a, Vec2 b, std::int32_t part) {
          if (edgeCrossesLine(a, b, centerY)) s.crossings.push_back({edgeCrossingX(a, b, centerY), part});
        });
      std::sort(s.crossings.begin(), s.crossings.end());
      size_t next = 0;
      int oddCount = 0;
      for (int x = xb0; x <= xb1; ++x) {
        const double centerX = bounds_.minx + (x + 0.5) * cellW_;
        for (; next < s.crossings.size() && s.crossings[next].first <= centerX; ++next) {
          std::uint8_t& odd = s.oddParts[size_t(s.crossings[next].second)];
          odd ^= 1;
          oddCount += odd ? 1 : -1;
        }
        const size_t c = size_t(y - row0) * nx_ + x;
        if (s.crossedBy[c] == feature) s.entries.push_back({std::uint32_t(c), feature * 2 + 1});
        else if (oddCount > 0) s.entries.push_back({std::uint32_t(c), feature * 2});
      }
      for (const auto& crossing : s.crossings) s.oddParts[size_t(crossing.second)] = 0;
    }
  }

  // Group by cell keeping feature order (stable counting sort), then cut each list after the first
  // feature covering the whole cell: nothing after it can be returned.
  s.start.assign(bandCells + 1, 0);
  for (const auto& e : s.entries) ++s.start[e.first + 1];
  for (size_t c = 0; c < bandCells; ++c) s.start[c + 1] += s.start[c];
  std::vector<std::int32_t> grouped(s.entries.size());
  for (const auto& e : s.entries) grouped[s.start[e.first]++] = e.second;  // start[c] becomes the end of c
  std::int32_t* cells = cells_.data() + size_t(row0) * nx_;
  for (size_t c = 0, begin = 0; c < bandCells; begin = s.start[c++]) {
    const size_t end = s.start[c];
    if (begin == end) continue;
    if ((grouped[begin] & 1) == 0) {
      cells[c] = grouped[begin] >> 1;  // covered whole by its first feature
      continue;
    }
    cells[c] = -2 - std::int32_t(out.size());
    for (size_t k = begin; k < end; ++k) {
      out.push_back(grouped[k]);
      if ((grouped[k] & 1) == 0) break;
    }
    out.push_back(-1);
  }
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
      if (edgeCrossesLine(a, b, p.y) && p.x < edgeCrossingX(a, b, p.y)) inside = !inside;
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

BackgroundPolygonIndex::BackgroundPolygonIndex(std::shared_ptr<const Layer> layer, size_t inBackgroundFrom)
    : layer_(std::move(layer)) {
  size_t vertices = 0;
  for (const auto& f : layer_->features) vertices += f.polygon.vertexCount();
  if (vertices < inBackgroundFrom) index_ = std::make_unique<PolygonIndex>(*layer_);
}

void BackgroundPolygonIndex::start() {
  if (index_ || building_.valid()) return;
  building_ = std::async(std::launch::async, [layer = layer_] { return std::make_unique<PolygonIndex>(*layer); });
}

const PolygonIndex* BackgroundPolygonIndex::ready() {
  if (building_.valid() && building_.wait_for(std::chrono::seconds(0)) == std::future_status::ready)
    index_ = building_.get();  // rethrows a failure of the build (out of memory) here, on the caller's thread
  return index_.get();
}

}  // namespace pk
