// Polygon areas on the WGS 84 ellipsoid, the same wherever the polygon lies in the map projection.
#pragma once
#include "core/geometry.h"

class OGRSpatialReference;

namespace pk {

class MapProjection;

// Area in km² on the WGS 84 ellipsoid of a polygon with lon/lat vertices in degrees (x = lon).
// Holes subtract, parts add.
double geodesicAreaKm2(const MultiPolygon& lonLat);

// The same for a polygon in map coordinates, taken back to lon/lat first: for sources in a projected CRS
// and for geometry repaired in the map CRS (slower: PROJ's inverse projection of every vertex).
double geodesicAreaKm2(const MultiPolygon& mapPolygon, const MapProjection& projection);

// Whether coordinates in `srs` (traditional GIS order) are longitude/latitude in degrees, as the first
// geodesicAreaKm2 wants them.
bool holdsLonLatDegrees(const OGRSpatialReference& srs);

}  // namespace pk
