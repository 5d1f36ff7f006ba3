// The map projection: a metric CRS chosen from the data's extent, and transforms into and out of it.
#pragma once
#include <memory>
#include <string>

#include "core/geometry.h"

class OGRSpatialReference;
class OGRCoordinateTransformation;
struct PJconsts;
struct pj_ctx;

namespace pk {

// EPSG code of the UTM zone containing (lon, lat): 326zz north of the equator, 327zz south.
int utmEpsgFor(double lon, double lat);

// EPSG code of the map CRS for data spanning `lonLatExtent` (degrees, x = lon): the UTM zone of its centre
// when the data lies in that zone, else one projection for the whole extent (see projection.cpp).
int mapCrsEpsgFor(const BBox& lonLatExtent);

// Holds the map CRS and converts lon/lat (WGS 84, x = lon) to map metres and back.
// Every GDAL CRS here uses OAMS_TRADITIONAL_GIS_ORDER, so x is always easting/longitude.
class MapProjection {
 public:
  explicit MapProjection(int epsg);
  ~MapProjection();
  MapProjection(const MapProjection&) = delete;
  MapProjection& operator=(const MapProjection&) = delete;

  int epsg() const { return epsg_; }
  std::string wkt() const;       // of the map CRS, for sidecar files
  std::string name() const;      // e.g. "WGS 84 / UTM zone 48S"
  const OGRSpatialReference& srs() const { return *srs_; }

  Vec2 fromLonLat(Vec2 lonlat) const;
  Vec2 toLonLat(Vec2 map) const;

 private:
  int epsg_;
  std::unique_ptr<OGRSpatialReference> srs_;
  std::unique_ptr<OGRSpatialReference> wgs84_;
  std::unique_ptr<OGRCoordinateTransformation> toMap_;
  std::unique_ptr<OGRCoordinateTransformation> toLonLat_;
};

// Lon/lat (WGS 84, x = lon) to map metres for many points at once, straight through PROJ's
// proj_trans_generic: the pipeline OGR's transformation runs, so the same numbers bit for bit
// (projection_test checks), without OGR's per-call work (a fifth of placing 10M points). Made from
// MapProjection::wkt(), taken on the thread that owns the projection; then used on one thread only,
// as a PROJ context serves one thread.
class LonLatToMapBatch {
 public:
  explicit LonLatToMapBatch(const std::string& mapCrsWkt);
  ~LonLatToMapBatch();
  LonLatToMapBatch(const LonLatToMapBatch&) = delete;
  LonLatToMapBatch& operator=(const LonLatToMapBatch&) = delete;
  // In place: x = lon, y = lat in, map metres out; a point PROJ cannot transform becomes NaN, NaN.
  void transform(size_t count, double* x, double* y) const;
  // Whether the projection step runs alone (see useProjectionStep), and whether World Mercator is
  // computed here (see useOwnWorldMercator); for tests.
  bool usesProjectionStep() const;
  bool usesOwnWorldMercator() const;

 private:
  void useProjectionStep();
  void useOwnWorldMercator();
  void transformByProj(size_t count, double* x, double* y) const;
  pj_ctx* context_ = nullptr;
  PJconsts* transform_ = nullptr;  // the whole pipeline
  PJconsts* step_ = nullptr;       // its projection step alone, on radians, when that gives the same numbers
  bool ownWorldMercator_ = false;
};

// The source-to-map transformation `ogr` (from a geographic source, x = lon) as OGR geometries call
// it, a ring at a time, run through LonLatToMapBatch instead: half OGR's time a point (loading a
// national layer projects 7-16M vertices). Null unless it gives `ogr`'s numbers bit for bit on a
// sample over the globe (a source on another datum needs a shift the batch does not make). `ogr`
// must outlive the result; one thread at a time, as `ogr`.
std::unique_ptr<OGRCoordinateTransformation> fasterLonLatToMap(OGRCoordinateTransformation& ogr,
                                                               const MapProjection& projection);

}  // namespace pk
