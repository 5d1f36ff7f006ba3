// Polygon areas on the WGS 84 ellipsoid, the same wherever the polygon lies in the map projection.
#pragma once
#include "core/geometry.h"

class OGRSpatialReference;

namespace pk {

// Area in km² on the WGS 84 ellipsoid of a polygon with lon/lat vertices in degrees (x = lon).
// Holes subtract, parts add.
double geodesicAreaKm2(const MultiPolygon& lonLat);

// Whether coordinates in `srs` (traditional GIS order) are longitude/latitude in degrees, as
// geodesicAreaKm2 wants them.
bool holdsLonLatDegrees(const OGRSpatialReference& srs);

}  // namespace pk
