// Exact answers or none: whether a ring is simple, and whether polygons are valid as GEOS judges
// them, decided by orientation tests whose sign rounding cannot flip, and "cannot tell" wherever one
// could. Ear clipping relies on the first; loading a layer on the second, asking GEOS only when it
// cannot tell (GEOS's validity check took a third of loading a national layer).
#pragma once
#include <cstddef>

#include "core/geometry.h"

namespace pk {

// The sign of the orientation of (a, b, c): +1 counter-clockwise, -1 clockwise, 0 when rounding
// could have decided it (the points are collinear or nearly so).
int certainOrientation(Vec2 a, Vec2 b, Vec2 c);

// Whether the closed ring v[0..n) (without its closing vertex) is certainly simple: at least 3
// vertices, none with collinear neighbours, and no two edges that meet other than at the vertex
// they share. False when any test is one rounding could decide, or (for a ring whose edges crowd
// together past what a grid sorts out cheaply) when it would cost more than a few tests per edge.
bool certainlySimple(const Vec2* v, size_t n);

// True only when GEOS would find `mp` valid: every ring certainly simple, no edge of a part's shell
// or holes meeting another of them, each hole inside its shell and outside the other holes, and the
// parts' boxes apart. False when it cannot tell so (rings touching or too close to call, parts
// whose boxes meet, collinear vertices, more than 64 parts or 256 holes): ask GEOS then.
bool certainlyValid(const MultiPolygon& mp);

}  // namespace pk
