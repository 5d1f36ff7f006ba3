// Which polygon holds a point: a uniform grid over the layer's bounding boxes, then exact tests.
#pragma once
#include <vector>

#include "core/layer.h"

namespace pk {

class PolygonIndex {
 public:
  PolygonIndex() = default;
  explicit PolygonIndex(const Layer& layer);
  // Index of the feature containing p, or -1. A point on an edge shared by two polygons is
  // assigned to exactly one of them (the half-open crossing rule of pointInPolygon).
  int find(Vec2 p) const;
 private:
  const Layer* layer_ = nullptr;
  BBox bounds_;
  int nx_ = 0, ny_ = 0;
  double cellW_ = 1, cellH_ = 1;
  std::vector<std::vector<int>> cells_;
};

}  // namespace pk
