// Which polygon holds a point: a uniform grid over the layer's extent, then exact tests.
#pragma once
#include <cstdint>
#include <vector>

#include "core/layer.h"

namespace pk {

class PolygonIndex {
 public:
  PolygonIndex() = default;
  explicit PolygonIndex(const Layer& layer);
  // Index of the feature containing p, or -1. A point on an edge shared by two polygons is
  // assigned to exactly one of them (the half-open crossing rule of pointInPolygon). Where polygons
  // overlap, the lowest feature index wins. Thread-safe (const, no caches).
  int find(Vec2 p) const;

 private:
  // One ring edge, copied so a row's edges sit together in memory. `part` keeps the even-odd parity
  // per polygon part, exactly as pointInMultiPolygon does.
  struct Edge {
    Vec2 a, b;
    int part;
  };
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
  std::vector<std::int32_t> cells_;
  std::vector<std::int32_t> cellEntries_;
  // Edges by (feature, grid row): every edge whose y-range meets the row, in ring order.
  std::vector<std::uint32_t> rowEdgeStart_;  // features * ny_ + 1 offsets into rowEdges_
  std::vector<Edge> rowEdges_;
};

}  // namespace pk
