#include "core/projection.h"

#include <ogr_spatialref.h>
#include <proj.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <string_view>
#include <stdexcept>
#include <vector>

namespace pk {

int utmEpsgFor(double lon, double lat) {
  int zone = static_cast<int>(std::floor((lon + 180.0) / 6.0)) + 1;
  zone = std::clamp(zone, 1, 60);
  return (lat < 0 ? 32700 : 32600) + zone;
}

// UTM, the usual grid for maps of one kabupaten, where the data fits in one zone: within a zone and
// a degree either side (a district astride a zone line) its scale error stays under 0.25%.
// Wider data gets one projection for all of it, so that the map is one picture; areas do not depend on it
// (they are geodesic, core/geodesic_area.h) and the scale bar measures geodesics too:
// - within 30° of the equator, World Mercator (EPSG:3395): conformal, so shapes and directions read as on
//   a UTM map; its scale grows as 1/cos(latitude), 1.9% at Indonesia's 11°S, the same in every direction;
// - elsewhere, Equal Earth (EPSG:8857): equal-area, so a choropleth's areas compare fairly across
//   latitudes where Mercator would inflate the poleward ones.
int mapCrsEpsgFor(const BBox& lonLatExtent) {
  if (lonLatExtent.empty()) return utmEpsgFor(107.5, -6.9);  // nothing to go by: the home region, UTM 48S
  const Vec2 centre = lonLatExtent.center();
  const int utm = utmEpsgFor(centre.x, centre.y);
  const double zoneWest = -180.0 + 6.0 * (utm % 100 - 1);
  constexpr double kZoneMarginDegrees = 1.0;
  if (lonLatExtent.minx >= zoneWest - kZoneMarginDegrees && lonLatExtent.maxx <= zoneWest + 6.0 + kZoneMarginDegrees)
    return utm;
  constexpr int kWorldMercator = 3395, kEqualEarth = 8857;
  constexpr double kMercatorLatitudeLimit = 30.0;
  const bool nearEquator = std::max(std::abs(lonLatExtent.miny), std::abs(lonLatExtent.maxy)) <= kMercatorLatitudeLimit;
  return nearEquator ? kWorldMercator : kEqualEarth;
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

namespace {

// How PROJ writes the operation from WGS 84 to a projection on the same datum (every map CRS
// mapCrsEpsgFor gives): degrees to radians, then the projection itself.
constexpr std::string_view kDegreesToRadiansFirst =
    "proj=pipeline step proj=unitconvert xy_in=deg xy_out=rad step ";
constexpr double kRadiansPerDegree = M_PI / 180;

void markFailures(size_t count, double* x, double* y) {
  for (size_t i = 0; i < count; ++i)
    if (!std::isfinite(x[i]) || !std::isfinite(y[i])) x[i] = y[i] = NAN;  // PROJ marks a failure HUGE_VAL
}

bool sameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0 || (std::isnan(a) && std::isnan(b)); }

// Lon/lat points over the whole globe (x = lon), for checking a quicker path against the reference
// before trusting it.
void globeSample(std::vector<double>& x, std::vector<double>& y) {
  for (double lon = -180; lon <= 180; lon += 3.7)
    for (double lat = -89.5; lat <= 89.5; lat += 2.9) {
      x.push_back(lon);
      y.push_back(lat);
    }
}

// World Mercator (EPSG:3395, the national map) as PROJ 9 computes its step, the same operations in the
// same order: y = asinh(sin φ / cos φ) - e·atanh(e·sin φ), sine and cosine from one sincos (asinh(tan φ)
// differs in the last bit for a fifth of points). Where PROJ's step does more than this (beyond ±180°
// or near a pole) it is left to PROJ.
constexpr std::string_view kWorldMercatorStep = "proj=merc lon_0=0 k=1 x_0=0 y_0=0 ellps=WGS84";
constexpr double kWgs84SemiMajor = 6378137.0, kWgs84Flattening = 1 / 298.257223563;
const double kWgs84Eccentricity = std::sqrt(kWgs84Flattening * (2 - kWgs84Flattening));
bool ownWorldMercatorCovers(double lon, double lat) { return std::abs(lon) <= 180 && std::abs(lat) <= 89; }
void ownWorldMercator(double lon, double lat, double& x, double& y) {
  const double lambda = lon * kRadiansPerDegree, phi = lat * kRadiansPerDegree;
  const double s = std::sin(phi), c = std::cos(phi);
  const double psi = std::asinh(s / c) - kWgs84Eccentricity * std::atanh(kWgs84Eccentricity * s);
  constexpr double kFalseOrigin = 0;  // PROJ adds it: -0 becomes +0, as there
  x = kWgs84SemiMajor * lambda + kFalseOrigin;
  y = kWgs84SemiMajor * psi + kFalseOrigin;
}

}  // namespace

LonLatToMapBatch::LonLatToMapBatch(const std::string& mapCrsWkt) : context_(proj_context_create()) {
  if (!context_) throw std::runtime_error("cannot start PROJ");
  proj_log_level(context_, PJ_LOG_NONE);  // a point it cannot transform is NaN, not a line on stderr
  PJ* operation = proj_create_crs_to_crs(context_, "EPSG:4326", mapCrsWkt.c_str(), nullptr);
  // Longitude first, as everywhere here (EPSG:4326 itself says latitude first).
  transform_ = operation ? proj_normalize_for_visualization(context_, operation) : nullptr;
  if (operation) proj_destroy(operation);
  if (!transform_) {
    proj_context_destroy(context_);
    throw std::runtime_error("cannot transform from WGS 84 to the map CRS");
  }
  useProjectionStep();
}

void LonLatToMapBatch::useProjectionStep() {
  // A third of each point's time goes to the pipeline's steps, not its arithmetic: where the
  // pipeline is degrees to radians then one projection, the projection alone is run on radians
  // converted here. Kept only when it gives the pipeline's numbers bit for bit on a sample that
  // spans the globe, beyond-range and NaN input included; else every point takes the pipeline.
  const char* definition = proj_pj_info(transform_).definition;
  const std::string_view pipeline = definition ? definition : "";
  if (!pipeline.starts_with(kDegreesToRadiansFirst)) return;
  const std::string_view rest = pipeline.substr(kDegreesToRadiansFirst.size());
  if (rest.find(" step") != std::string_view::npos || !rest.starts_with("proj=")) return;
  std::string arguments;
  for (size_t begin = 0; begin < rest.size();) {
    const size_t end = std::min(rest.find(' ', begin), rest.size());
    if (end > begin) arguments.append("+").append(rest.substr(begin, end - begin)).append(" ");
    begin = end + 1;
  }
  step_ = proj_create(context_, arguments.c_str());
  if (!step_) return;
  std::vector<double> x, y;
  globeSample(x, y);
  for (const double lat : {-95.0, 95.0, double(NAN)}) {
    x.push_back(107.5);
    y.push_back(lat);
  }
  std::vector<double> stepX = x, stepY = y;
  proj_trans_generic(transform_, PJ_FWD, x.data(), sizeof(double), x.size(), y.data(), sizeof(double), y.size(),
                     nullptr, 0, 0, nullptr, 0, 0);
  markFailures(x.size(), x.data(), y.data());
  transform(stepX.size(), stepX.data(), stepY.data());
  for (size_t i = 0; i < x.size(); ++i)
    if (!sameBits(x[i], stepX[i]) || !sameBits(y[i], stepY[i])) {
      proj_destroy(step_);
      step_ = nullptr;
      return;
    }
  if (rest == kWorldMercatorStep) useOwnWorldMercator();
}

void LonLatToMapBatch::useOwnWorldMercator() {
  // A quarter of loading a national layer went to PROJ's Mercator, half of it to calling it. Kept
  // only when it gives PROJ's step's numbers bit for bit, on the globe sample and on 100,000 random
  // points (checked once a process: the answer depends on PROJ and the maths library alone).
  static const bool same = [&] {
    std::vector<double> globeX, globeY, x, y;
    globeSample(globeX, globeY);
    for (size_t i = 0; i < globeX.size(); ++i)
      if (ownWorldMercatorCovers(globeX[i], globeY[i])) {
        x.push_back(globeX[i]);
        y.push_back(globeY[i]);
      }
    std::mt19937_64 random(20201);
    std::uniform_real_distribution<double> lon(-180, 180), lat(-89, 89);
    for (int i = 0; i < 100000; ++i) {
      x.push_back(lon(random));
      y.push_back(lat(random));
    }
    std::vector<double> ownX(x.size()), ownY(y.size());
    for (size_t i = 0; i < x.size(); ++i) ownWorldMercator(x[i], y[i], ownX[i], ownY[i]);
    for (size_t i = 0; i < x.size(); ++i) {
      x[i] *= kRadiansPerDegree;
      y[i] *= kRadiansPerDegree;
    }
    proj_trans_generic(step_, PJ_FWD, x.data(), sizeof(double), x.size(), y.data(), sizeof(double), y.size(), nullptr,
                       0, 0, nullptr, 0, 0);
    for (size_t i = 0; i < x.size(); ++i)
      if (!sameBits(x[i], ownX[i]) || !sameBits(y[i], ownY[i])) return false;
    return true;
  }();
  ownWorldMercator_ = same;
}

LonLatToMapBatch::~LonLatToMapBatch() {
  proj_destroy(step_);
  proj_destroy(transform_);
  proj_context_destroy(context_);
}

bool LonLatToMapBatch::usesProjectionStep() const { return step_ != nullptr; }
bool LonLatToMapBatch::usesOwnWorldMercator() const { return ownWorldMercator_; }

void LonLatToMapBatch::transform(size_t count, double* x, double* y) const {
  if (count == 0) return;
  if (ownWorldMercator_) {
    std::vector<size_t> toProj;  // points PROJ's step takes instead (none in a real layer)
    for (size_t i = 0; i < count; ++i) {
      if (ownWorldMercatorCovers(x[i], y[i])) ownWorldMercator(x[i], y[i], x[i], y[i]);
      else toProj.push_back(i);
    }
    if (toProj.empty()) return;
    std::vector<double> px, py;
    for (const size_t i : toProj) {
      px.push_back(x[i]);
      py.push_back(y[i]);
    }
    transformByProj(px.size(), px.data(), py.data());
    for (size_t k = 0; k < toProj.size(); ++k) {
      x[toProj[k]] = px[k];
      y[toProj[k]] = py[k];
    }
    return;
  }
  transformByProj(count, x, y);
}

void LonLatToMapBatch::transformByProj(size_t count, double* x, double* y) const {
  if (step_) {
    for (size_t i = 0; i < count; ++i) {
      x[i] *= kRadiansPerDegree;
      y[i] *= kRadiansPerDegree;
    }
  }
  proj_trans_generic(step_ ? step_ : transform_, PJ_FWD, x, sizeof(double), count, y, sizeof(double), count, nullptr,
                     0, 0, nullptr, 0, 0);
  markFailures(count, x, y);
}

namespace {

class BatchLonLatToMap final : public OGRCoordinateTransformation {
 public:
  BatchLonLatToMap(std::unique_ptr<LonLatToMapBatch> batch, OGRCoordinateTransformation& ogr)
      : batch_(std::move(batch)), ogr_(ogr) {}
  OGRSpatialReference* GetSourceCS() override { return ogr_.GetSourceCS(); }
  OGRSpatialReference* GetTargetCS() override { return ogr_.GetTargetCS(); }
  int Transform(int count, double* x, double* y, double* /*z: heights pass through*/, double* /*t*/,
                int* success) override {
    batch_->transform(size_t(std::max(count, 0)), x, y);
    int any = FALSE;
    for (int i = 0; i < count; ++i) {
      const int ok = std::isnan(x[i]) ? FALSE : TRUE;
      if (success) success[i] = ok;
      any |= ok;
    }
    return any;
  }
  // A batch serves one thread: copies and inverses are OGR's own.
  OGRCoordinateTransformation* Clone() const override { return ogr_.Clone(); }
  OGRCoordinateTransformation* GetInverse() const override { return ogr_.GetInverse(); }

 private:
  std::unique_ptr<LonLatToMapBatch> batch_;
  OGRCoordinateTransformation& ogr_;
};

}  // namespace

std::unique_ptr<OGRCoordinateTransformation> fasterLonLatToMap(OGRCoordinateTransformation& ogr,
                                                               const MapProjection& projection) {
  OGRSpatialReference* source = ogr.GetSourceCS();
  if (!source || !source->IsGeographic()) return nullptr;
  std::unique_ptr<LonLatToMapBatch> batch;
  try {
    batch = std::make_unique<LonLatToMapBatch>(projection.wkt());
  } catch (const std::exception&) {
    return nullptr;
  }
  std::vector<double> x, y;
  globeSample(x, y);
  std::vector<double> bx = x, by = y, z(x.size(), 0.0);
  std::vector<int> ok(x.size(), FALSE);
  ogr.Transform(int(x.size()), x.data(), y.data(), z.data(), nullptr, ok.data());
  batch->transform(bx.size(), bx.data(), by.data());
  for (size_t i = 0; i < x.size(); ++i) {
    const bool batchOk = !std::isnan(bx[i]);
    if (bool(ok[i]) != batchOk || (batchOk && (!sameBits(x[i], bx[i]) || !sameBits(y[i], by[i])))) return nullptr;
  }
  return std::make_unique<BatchLonLatToMap>(std::move(batch), ogr);
}

Vec2 MapProjection::toLonLat(Vec2 map) const {
  double x = map.x, y = map.y;
  if (!toLonLat_->Transform(1, &x, &y)) return {NAN, NAN};
  return {x, y};
}

}  // namespace pk
