// Which polygon holds a point: a uniform grid over the layer's extent, then exact tests.
#pragma once
#include <cstdint>
#include <future>
#include <memory>
#include <span>
#include <vector>

#include "core/cache_file.h"
#include "core/huge_page_allocator.h"
#include "core/layer.h"

namespace pk {

// The feature holding p as PolygonIndex::find answers it (the lowest feature index whose polygon
// holds p, or -1), found by testing, in order, each feature whose box holds p: for a few points on a
// big layer this costs far less than building the index.
int findByScan(const Layer& layer, Vec2 p);

// The work of scanning for `points` points against that of building an index over the layer: true
// when scanning is cheaper. A scan tests every feature's box and the edges of the features whose box
// holds the point (at most the largest feature's); building handles every vertex, at some 20 times
// the cost of a box or edge test.
class ScanOrIndex {
 public:
  explicit ScanOrIndex(const Layer& layer);
  bool scanCheaperFor(size_t points) const;

 private:
  size_t features_ = 0, vertices_ = 0, largestFeature_ = 0;
};

class PolygonIndex {
 public:
  // The most grid cells an index takes: about four per vertex up to this (a national kecamatan
  // layer has 7.3M vertices). A finer grid answers more points without an edge test, at 4 bytes a
  // cell: placing millions of points pays for it, hovering and legend placement would not.
  static constexpr size_t kDefaultMaxCells = size_t(1) << 22;
  static constexpr size_t kPlacementMaxCells = size_t(1) << 24;

  PolygonIndex() = default;
  // Built from the layer's features, or read back from the layer cache where the layer has a slot
  // there (a big file opened before: building takes longer than reading); a built index is stored
  // there for the next run.
  explicit PolygonIndex(const Layer& layer, size_t maxCells = kDefaultMaxCells);
  // Index of the feature containing p, or -1. A point on an edge shared by two polygons is
  // assigned to exactly one of them (the half-open crossing rule of pointInPolygon). Where polygons
  // overlap, the lowest feature index wins. Thread-safe (const, no caches).
  int find(Vec2 p) const;
  // find() for each of `count` points into `out`. The same answers, quicker for many scattered
  // points: the grid cells of the points a few places ahead are fetched from memory while the
  // current one is tested (a national layer's grid is far larger than the caches).
  void findMany(const Vec2* points, size_t count, int* out) const;

 private:
  // A ring of the layer, by reference: edges are read from the layer's own vertices, never copied.
  // `part` keeps the even-odd parity per polygon part, exactly as pointInMultiPolygon does.
  struct RingRef {
    const Vec2* points;
    std::uint32_t size;
    std::int32_t part;
  };
  // Consecutive edges of one ring: edge k runs from vertex k-1 (the last one for k = 0) to vertex k.
  struct EdgeRun {
    std::uint32_t ring;   // index into rings_
    std::uint32_t first;  // first edge
    std::uint32_t count;
    std::uint32_t padding = 0;  // stored in the layer cache: written as zeros, not as what the heap held
    // The largest x of the run's vertices: a point further right than that (by a margin above any
    // rounding of the crossing) is crossed by none of its edges, so the run is skipped untested.
    double maxX = 0;
  };
  static_assert(sizeof(EdgeRun) == 24, "no unnamed padding: runs are stored in the layer cache byte for byte");
  void build(const Layer& layer, size_t cellCount);
  // cells_ and cellEntries_ from the runs, a band of grid rows at a time (indexBand), in parallel.
  struct BandScratch;
  void buildCells(const Layer& layer);
  void indexBand(const Layer& layer, int band, std::span<const std::int32_t> features, std::vector<std::int32_t>& out,
                 BandScratch& scratch);
  // The index as stored in the layer cache, and back: false when what was read does not fit the
  // layer (every count and index is checked against it).
  void save(CacheWriter& w) const;
  bool load(CacheReader& r, const Layer& layer);
  // The rings of the layer in index order: every non-empty ring, feature by feature, part by part.
  void collectRings(const Layer& layer);
  void computeRunExtents();
  void setGrid(const BBox& bounds, int nx, int ny);
  // The grid cell of p, or -1 outside the layer's bounds.
  std::int64_t cellOf(Vec2 p) const;
  int cellX(double x) const;
  int cellY(double y) const;
  // pointInMultiPolygon(feature, p), computed from only the feature's edges that span row `row`.
  bool containsInRow(int feature, int row, Vec2 p) const;

  const Layer* layer_ = nullptr;
  BBox bounds_;
  int nx_ = 0, ny_ = 0;
  double cellW_ = 1, cellH_ = 1;
  // Per cell, one value, so a lookup in an edge-free cell touches one cache line:
  //   >= 0: the feature covering the whole cell (no test needed); -1: no feature;
  //   <= -2: the cell is crossed by edges; its entries start at cellEntries_[-value - 2].
  // Entries are `feature * 2 + needsTest`, lowest feature first, ending with -1: the features whose
  // edges cross the cell, cut off at the first feature that covers it whole (needsTest = 0).
  std::vector<std::int32_t, HugePageAllocator<std::int32_t>> cells_;  // up to 64 MB, looked up at random
  std::vector<std::int32_t> cellEntries_;
  // Edges by (feature, grid row): every edge whose y-range meets the row, in ring order, as runs.
  // A feature's rows are firstRow_[f] .. firstRow_[f] + rowCount_[f] - 1 (the rows its edges span);
  // their runs are runs_[runStart_[rowBase_[f] + r] .. runStart_[rowBase_[f] + r + 1]).
  std::vector<RingRef> rings_;
  std::vector<std::int32_t> firstRow_, rowCount_;
  std::vector<std::uint32_t> rowBase_;
  std::vector<std::uint32_t> runStart_;
  std::vector<EdgeRun> runs_;
};

// The index of a layer too big to index between two frames of the window (the national desa take
// 0.3 s): built on a thread of its own once start() is called (the window calls it once the map is
// drawn, so the first frame does not share the cores with it). A smaller layer's is built at once.
// Until it is ready, ready() is null: nothing is under the pointer yet. The layer is held (and must
// not change) while the index is built; destroying this waits for the build (as std::async's future does).
class BackgroundPolygonIndex {
 public:
  static constexpr size_t kInBackgroundFromVertices = 200000;
  explicit BackgroundPolygonIndex(std::shared_ptr<const Layer> layer, size_t inBackgroundFrom = kInBackgroundFromVertices);
  BackgroundPolygonIndex(const BackgroundPolygonIndex&) = delete;
  BackgroundPolygonIndex& operator=(const BackgroundPolygonIndex&) = delete;
  void start();  // once started or built, nothing
  const PolygonIndex* ready();
  bool building() const { return building_.valid(); }

 private:
  std::shared_ptr<const Layer> layer_;
  std::unique_ptr<PolygonIndex> index_;
  std::future<std::unique_ptr<PolygonIndex>> building_;
};

}  // namespace pk
