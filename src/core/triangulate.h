// Triangles that cover a polygon exactly (holes excluded), for the GPU fill.
#pragma once
#include <vector>

#include "core/geometry.h"

namespace pk {

struct Triangle {
  Vec2 a, b, c;
};

// Constrained Delaunay triangulation through GEOS. Throws std::runtime_error on invalid input that
// GEOS cannot repair.
std::vector<Triangle> triangulate(const MultiPolygon& mp);

double trianglesArea(const std::vector<Triangle>& tris);

}  // namespace pk
