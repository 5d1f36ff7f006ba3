#include "core/projection.h"

#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace pk {

int utmEpsgFor(double lon, double lat) {
  int zone = static_cast<int>(std::floor((lon + 180.0) / 6.0)) + 1;
  zone = std::clamp(zone, 1, 60);
  return (lat < 0 ? 32700 : 32600) + zone;
}

MapProjection::MapProjection(int epsg)
    : epsg_(epsg), srs_(std::make_unique<OGRSpatialReference>()), wgs84_(std::make_unique<OGRSpatialReference>()) {
  if (srs_->importFromEPSG(epsg) != OGRERR_NONE)
    throw std::runtime_error("unknown map CRS EPSG:" + std::to_string(epsg));
  wgs84_->importFromEPSG(4326);
  srs_->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  wgs84_->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  toMap_.reset(OGRCreateCoordinateTransformation(wgs84_.get(), srs_.get()));
  toLonLat_.reset(OGRCreateCoordinateTransformation(srs_.get(), wgs84_.get()));
  if (!toMap_ || !toLonLat_) throw std::runtime_error("cannot transform between WGS 84 and EPSG:" + std::to_string(epsg));
}

MapProjection::~MapProjection() = default;

std::string MapProjection::wkt() const {
  char* text = nullptr;
  const char* options[] = {"FORMAT=WKT2_2018", nullptr};
  srs_->exportToWkt(&text, options);
  std::string out = text ? text : "";
  CPLFree(text);
  return out;
}

std::string MapProjection::name() const {
  const char* n = srs_->GetName();
  return n ? n : ("EPSG:" + std::to_string(epsg_));
}

Vec2 MapProjection::fromLonLat(Vec2 lonlat) const {
  double x = lonlat.x, y = lonlat.y;
  if (!toMap_->Transform(1, &x, &y)) return {NAN, NAN};
  return {x, y};
}

Vec2 MapProjection::toLonLat(Vec2 map) const {
  double x = map.x, y = map.y;
  if (!toLonLat_->Transform(1, &x, &y)) return {NAN, NAN};
  return {x, y};
}

}  // namespace pk
