#include "core/triangulate.h"

#include <geos_c.h>

#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <stdexcept>

namespace pk {

namespace {

void geosMessage(const char* fmt, ...) {
  // GEOS notices are not errors we act on; errors surface as null results.
  (void)fmt;
}

struct GeosContext {
  GEOSContextHandle_t h;
  GeosContext() : h(GEOS_init_r()) {
    GEOSContext_setNoticeHandler_r(h, geosMessage);
    GEOSContext_setErrorHandler_r(h, geosMessage);
  }
  ~GeosContext() { GEOS_finish_r(h); }
};

GEOSGeometry* makeRing(GEOSContextHandle_t h, const Ring& ring, Vec2 origin) {
  const unsigned n = unsigned(ring.size());
  GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, n + 1, 2);
  for (unsigned i = 0; i <= n; ++i) {
    const Vec2 p = ring[i % n] - origin;
    GEOSCoordSeq_setXY_r(h, seq, i, p.x, p.y);
  }
  return GEOSGeom_createLinearRing_r(h, seq);
}

void collectTriangles(GEOSContextHandle_t h, const GEOSGeometry* g, Vec2 origin, std::vector<Triangle>& out) {
  const int n = GEOSGetNumGeometries_r(h, g);
  for (int i = 0; i < n; ++i) {
    const GEOSGeometry* tri = GEOSGetGeometryN_r(h, g, i);
    if (GEOSGeomTypeId_r(h, tri) != GEOS_POLYGON) continue;
    const GEOSGeometry* shell = GEOSGetExteriorRing_r(h, tri);
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, shell);
    unsigned size = 0;
    GEOSCoordSeq_getSize_r(h, seq, &size);
    if (size < 3) continue;
    Vec2 v[3];
    for (unsigned k = 0; k < 3; ++k) GEOSCoordSeq_getXY_r(h, seq, k, &v[k].x, &v[k].y);
    out.push_back({v[0] + origin, v[1] + origin, v[2] + origin});
  }
}

}  // namespace

std::vector<Triangle> triangulate(const MultiPolygon& mp) {
  static thread_local GeosContext ctx;
  GEOSContextHandle_t h = ctx.h;
  std::vector<Triangle> out;
  for (const auto& part : mp.parts) {
    if (part.rings.empty() || part.rings[0].size() < 3) continue;
    // Work relative to the part's first vertex: GEOS's robustness is better near the origin.
    const Vec2 origin = part.rings[0][0];
    GEOSGeometry* shell = makeRing(h, part.rings[0], origin);
    std::vector<GEOSGeometry*> holes;
    for (size_t r = 1; r < part.rings.size(); ++r)
      if (part.rings[r].size() >= 3) holes.push_back(makeRing(h, part.rings[r], origin));
    GEOSGeometry* poly = GEOSGeom_createPolygon_r(h, shell, holes.data(), unsigned(holes.size()));
    if (!poly) throw std::runtime_error("cannot build polygon for triangulation");
    GEOSGeometry* tris = GEOSConstrainedDelaunayTriangulation_r(h, poly);
    if (!tris || GEOSGetNumGeometries_r(h, tris) == 0) {
      // Self-intersecting input: repair it, then triangulate what is left.
      if (tris) GEOSGeom_destroy_r(h, tris);
      GEOSGeometry* valid = GEOSMakeValid_r(h, poly);
      tris = valid ? GEOSConstrainedDelaunayTriangulation_r(h, valid) : nullptr;
      if (valid) GEOSGeom_destroy_r(h, valid);
    }
    GEOSGeom_destroy_r(h, poly);
    if (!tris) throw std::runtime_error("polygon could not be triangulated");
    collectTriangles(h, tris, origin, out);
    GEOSGeom_destroy_r(h, tris);
  }
  return out;
}

double trianglesArea(const std::vector<Triangle>& tris) {
  double sum = 0;
  for (const auto& t : tris) {
    const Vec2 ab = t.b - t.a, ac = t.c - t.a;
    sum += std::abs(ab.x * ac.y - ac.x * ab.y) / 2;
  }
  return sum;
}

}  // namespace pk
