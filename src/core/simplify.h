// Douglas-Peucker simplification for outline levels of detail: at a given zoom, vertices closer
// than a fraction of a pixel to the simplified line cannot be seen, but cost GPU time.
#pragma once
#include <vector>

#include "core/geometry.h"

namespace pk {

// Keeps the points needed so that no dropped point lies farther than `tolerance` from the result.
// A closed ring (stored open, as in pk::Ring) stays closed; open polylines keep both ends.
std::vector<Vec2> simplifyLine(const std::vector<Vec2>& points, double tolerance, bool closed);

// The same simplification as a mask: keep[k] becomes 1 for every point of points[0, n) that
// simplifyLine would keep, 0 otherwise (`keep` is resized to n). For callers that hold their points
// elsewhere (e.g. as ids into a shared vertex table).
void simplifyLineMask(const Vec2* points, size_t n, double tolerance, bool closed, std::vector<char>& keep);

}  // namespace pk
