#include "core/geodesic_area.h"

#include <ogr_spatialref.h>

#include <cmath>


namespace pk {

namespace {

// WGS 84.
constexpr double kSemiMajorAxis = 6378137.0;
constexpr double kFlattening = 1 / 298.257223563;
constexpr double kEccentricitySquared = kFlattening * (2 - kFlattening);
constexpr double kRadiansPerDegree = M_PI / 180.0;

// Snyder's q(φ) (Map Projections: A Working Manual, eq. 3-12): Lambert's cylindrical equal-area projection
// of the ellipsoid maps (λ, φ) to (a·λ, a·q/2) and keeps every area exactly. Its atanh(e·sinφ)/e is summed
// as s·Σ (e²s²)^k/(2k+1): e²s² < 0.0067, so eight terms reach double precision, and cost less than atanh.
double authalicQ(double latitudeDegrees) {
  const double s = std::sin(latitudeDegrees * kRadiansPerDegree);
  const double x = kEccentricitySquared * s * s;
  double series = 1.0 / 15;
  for (int k = 6; k >= 0; --k) series = 1.0 / (2 * k + 1) + x * series;
  return (1 - kEccentricitySquared) * s * (1 / (1 - x) + series);
}

// The ring's area in that projection: a²/4 times the trapezoid sum of Δλ·(q + q next) over its edges.
// Longitude steps are taken the short way round, so a ring across the antimeridian measures right; q is
// taken relative to the first vertex (the sum is the same for a closed ring) to keep the digits of small rings.
double ringAreaKm2(const Ring& ring) {
  const size_t n = ring.size();
  if (n < 3) return 0;
  const double q0 = authalicQ(ring[0].y);
  double sum = 0, previousQ = 0;  // the first vertex: q - q0 = 0
  for (size_t i = 1; i <= n; ++i) {
    const Vec2 a = ring[i - 1], b = ring[i % n];
    const double q = i < n ? authalicQ(b.y) - q0 : 0;
    double dLon = b.x - a.x;
    if (dLon > 180) dLon -= 360;
    else if (dLon < -180) dLon += 360;
    sum += dLon * (q + previousQ);
    previousQ = q;
  }
  return std::abs(sum) * kRadiansPerDegree * kSemiMajorAxis * kSemiMajorAxis / 4 / 1e6;
}

}  // namespace

// The area of the polygon with its vertices joined straight in Lambert's cylindrical equal-area projection,
// which keeps areas exactly. Joined by geodesics instead (geod_polygonarea), a 1° edge at 9°S bows 38 m off
// the parallel and a 1°x1° square changes by 0.0025%; with edges of a few km a polygon changes by about
// 0.001%, with a boundary's real edges (metres to a few hundred) by far less: this is the geodesic area. It costs a sine per vertex; a geodesic per edge
// (geod_polygonarea) costs about 60 times as much (bench/geodesic_area_bench).
double geodesicAreaKm2(const MultiPolygon& lonLat) {
  double km2 = 0;
  for (const Polygon& polygon : lonLat.parts) {
    if (polygon.rings.empty()) continue;
    km2 += ringAreaKm2(polygon.rings[0]);
    for (size_t h = 1; h < polygon.rings.size(); ++h) km2 -= ringAreaKm2(polygon.rings[h]);
  }
  return km2;
}

bool holdsLonLatDegrees(const OGRSpatialReference& srs) {
  return srs.IsGeographic() && std::abs(srs.GetAngularUnits() - kRadiansPerDegree) < 1e-12;
}

}  // namespace pk
