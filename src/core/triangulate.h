// Triangles that cover a polygon exactly (holes excluded), for the GPU fill.
#pragma once
#include <vector>

#include "core/geometry.h"

namespace pk {

struct Triangle {
  Vec2 a, b, c;
};

// Triangles covering every part: a part that is one small ring, certainly simple, by ear clipping
// (triangulateSimpleRing); any other part by GEOS's constrained Delaunay triangulation. Throws
// std::runtime_error on invalid input that GEOS cannot repair.
std::vector<Triangle> triangulate(const MultiPolygon& mp);

// The most vertices a ring may have for ear clipping, a bound on its quadratic cost (the simplicity
// check and the ear search). Most rings of a coarse level are far smaller: on the national desa level
// drawn at 3840x2160, 128 built it no faster than 64 (lod_bench: 74 vs 71 ms).
constexpr size_t kEarClippingMaxVertices = 64;

// Ear clipping of one ring (no holes) into `out` (appended): true when done. False, with `out`
// untouched, for a ring it cannot vouch for: too large, with collinear or repeated vertices, not
// certainly simple, or where rounding could decide a test. Every orientation test it relies on
// has a sign that rounding cannot flip, so the triangles it gives tile the ring exactly.
bool triangulateSimpleRing(const Ring& ring, std::vector<Triangle>& out);

double trianglesArea(const std::vector<Triangle>& tris);

}  // namespace pk
