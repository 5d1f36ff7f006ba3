// Hand-made boundary layers for core tests: rectangles in map metres with a code and a name field,
// where every area and distance is known.
#pragma once
#include <string>
#include <vector>

#include "core/layer.h"
#include "core/layer_io.h"
#include "core/projection.h"
#include "test_support.h"

namespace pk::test {

// A rectangle from (x0, y0) to (x1, y1), its area and its code and name values.
inline Feature rectangle(double x0, double y0, double x1, double y1, const std::string& code, const std::string& name) {
  Feature f;
  Polygon poly;
  poly.rings.push_back({{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}});
  f.polygon.parts.push_back(poly);
  f.bbox = f.polygon.bbox();
  f.areaKm2 = f.polygon.area() / 1e6;
  f.values = {code, name};
  return f;
}

// A layer of `features` (in this order) with fields "code" and "name", as a boundary layer has them.
inline Layer codeNameLayer(std::vector<Feature> features) {
  Layer layer;
  layer.fieldNames = {"code", "name"};
  layer.codeField = 0;
  layer.nameField = 1;
  layer.features = std::move(features);
  for (const auto& f : layer.features) layer.bbox.add(f.bbox);
  return layer;
}

// The real kecamatan and desa of ../shared/geodata in UTM 48S (EPSG:32748), loaded once per test
// program.
inline const MapProjection& utm() {
  static MapProjection p(32748);
  return p;
}
inline const Layer& kecamatanLayer() {
  static LayerPtr layer = loadBoundaryLayer(sharedGeodata("kbb_kecamatan.shp").string(), utm());
  return *layer;
}
inline const Layer& desaLayer() {
  static LayerPtr layer = loadBoundaryLayer(sharedGeodata("kbb_desa.shp").string(), utm());
  return *layer;
}

}  // namespace pk::test
