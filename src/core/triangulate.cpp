#include "core/triangulate.h"

#include <geos_c.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <stdexcept>

#include "core/simple_ring.h"

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

bool triangulateSimpleRing(const Ring& ring, std::vector<Triangle>& out) {
  const size_t n = ring.size();
  if (n < 3 || n > kEarClippingMaxVertices) return false;
  // Tests run on coordinates relative to the first vertex (smaller numbers, tighter bounds); the
  // triangles keep the ring's own vertices.
  std::array<Vec2, kEarClippingMaxVertices> rel;
  for (size_t i = 0; i < n; ++i) rel[i] = ring[i] - ring[0];
  if (!certainlySimple(rel.data(), n)) return false;
  const double area = signedRingArea(ring);
  if (area == 0) return false;
  // The vertices still on the ring, counter-clockwise.
  std::array<std::uint8_t, kEarClippingMaxVertices> left;
  for (size_t i = 0; i < n; ++i) left[i] = static_cast<std::uint8_t>(area > 0 ? i : n - 1 - i);
  const size_t firstTriangle = out.size();
  size_t m = n, i = 0, sinceLastEar = 0;
  while (m > 3) {
    const size_t prev = left[(i + m - 1) % m], cur = left[i], next = left[(i + 1) % m];
    bool ear = certainOrientation(rel[prev], rel[cur], rel[next]) > 0;
    // No other vertex inside or on the candidate, nor any that rounding could place there.
    for (size_t k = 0; ear && k < m; ++k) {
      const size_t r = left[k];
      if (r == prev || r == cur || r == next) continue;
      ear = certainOrientation(rel[prev], rel[cur], rel[r]) < 0 || certainOrientation(rel[cur], rel[next], rel[r]) < 0 ||
            certainOrientation(rel[next], rel[prev], rel[r]) < 0;
    }
    if (ear) {
      out.push_back({ring[prev], ring[cur], ring[next]});
      std::copy(left.begin() + i + 1, left.begin() + m, left.begin() + i);
      --m;
      if (i == m) i = 0;
      sinceLastEar = 0;
    } else {
      i = (i + 1) % m;
      if (++sinceLastEar > m) {  // a whole turn without an ear: rounding stands in the way
        out.resize(firstTriangle);
        return false;
      }
    }
  }
  if (certainOrientation(rel[left[0]], rel[left[1]], rel[left[2]]) <= 0) {
    out.resize(firstTriangle);
    return false;
  }
  out.push_back({ring[left[0]], ring[left[1]], ring[left[2]]});
  return true;
}

std::vector<Triangle> triangulate(const MultiPolygon& mp) {
  static thread_local GeosContext ctx;
  GEOSContextHandle_t h = ctx.h;
  std::vector<Triangle> out;
  for (const auto& part : mp.parts) {
    if (part.rings.empty() || part.rings[0].size() < 3) continue;
    if (part.rings.size() == 1 && triangulateSimpleRing(part.rings[0], out)) continue;
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
