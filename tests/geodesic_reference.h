// The reference for polygon areas on the WGS 84 ellipsoid in tests: GeographicLib's geod_polygonarea
// (through PROJ) on every ring of an OGR polygon geometry in lon/lat, holes subtracted.
#pragma once
#include <geodesic.h>
#include <ogr_geometry.h>

#include <cmath>
#include <vector>

namespace pk::test {

inline double geodesicRingAreaKm2(const OGRLinearRing& ring) {
  geod_geodesic g;
  geod_init(&g, 6378137.0, 1 / 298.257223563);
  std::vector<double> lats, lons;
  for (const OGRPoint& p : ring) lons.push_back(p.getX()), lats.push_back(p.getY());
  if (lons.size() > 1 && lons.front() == lons.back() && lats.front() == lats.back()) lons.pop_back(), lats.pop_back();
  double area = 0, perimeter = 0;
  geod_polygonarea(&g, lats.data(), lons.data(), int(lats.size()), &area, &perimeter);
  return std::abs(area) / 1e6;
}

// `lonLat`: x = longitude, y = latitude in degrees; polygons, multipolygons and collections of them.
inline double geodesicAreaKm2(const OGRGeometry& lonLat) {
  double km2 = 0;
  if (const auto* polygon = dynamic_cast<const OGRPolygon*>(&lonLat)) {
    for (int r = 0; r < polygon->getNumInteriorRings() + 1; ++r) {
      const OGRLinearRing* ring = r == 0 ? polygon->getExteriorRing() : polygon->getInteriorRing(r - 1);
      if (ring) km2 += (r == 0 ? 1 : -1) * geodesicRingAreaKm2(*ring);
    }
  } else if (const auto* collection = dynamic_cast<const OGRGeometryCollection*>(&lonLat)) {
    for (const OGRGeometry* part : *collection) km2 += geodesicAreaKm2(*part);
  }
  return km2;
}

}  // namespace pk::test
