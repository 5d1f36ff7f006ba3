// The in-memory layer: features reprojected into the map CRS, their attributes, and the planner's
// choices for it (name/code fields, style). Shared by analysis, the renderer and the UI.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/geometry.h"
#include "core/style.h"

namespace pk {

enum class GeometryKind { Polygon, Line, Point };

struct Feature {
  MultiPolygon polygon;              // GeometryKind::Polygon
  std::vector<std::vector<Vec2>> lines;  // GeometryKind::Line (each an open polyline)
  std::vector<Vec2> points;          // GeometryKind::Point
  BBox bbox;
  std::vector<std::string> values;   // attribute values as text, one per Layer::fieldNames
  double areaKm2 = 0;                // on the WGS 84 ellipsoid (polygons), whatever the map projection
  Vec2 labelAt;                      // label anchor inside the polygon (polygons)
};

// Something odd in the file that loading handled on its own (and that the planner should know about):
// what it was and which features (by "name (code)" label, in file order).
enum class LoadIssue {
  RepairedGeometry,  // invalid polygon (self-intersection, twisted ring) repaired with GEOS MakeValid
  ZeroArea,          // polygon without area (degenerate ring, line-shaped): kept, no density
  NoGeometry,        // empty or NULL geometry: left out of the layer
  DuplicateCode,     // the same code on several features (joins by code pick the first)
};
struct LoadWarning {
  LoadIssue issue;
  std::vector<std::string> features;
};

struct Layer {
  std::string path;          // absolute path of the source file
  std::string layerName;     // GDAL layer name inside the file
  std::string displayName;   // shown in the layer panel
  std::string sourceCrs;     // human-readable name of the file's CRS
  GeometryKind kind = GeometryKind::Polygon;
  std::vector<std::string> fieldNames;
  std::vector<Feature> features;
  int nameField = -1;        // index into fieldNames, -1 if none
  int codeField = -1;
  LayerStyle style;
  bool visible = true;
  std::uint64_t revision = 0;  // bumped whenever geometry changes, so GPU caches know to rebuild
  BBox bbox;
  std::vector<LoadWarning> loadWarnings;  // from loading; shown once by whoever opened the file

  std::string featureName(size_t i) const;   // name field's value, or "#i"
  std::string featureCode(size_t i) const;   // code field's value, or ""
  int fieldIndex(const std::string& name) const;  // case-insensitive; -1 if absent
};

using LayerPtr = std::shared_ptr<Layer>;

}  // namespace pk
