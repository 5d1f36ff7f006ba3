// The in-memory layer: features reprojected into the map CRS, their attributes, and the planner's
// choices for it (name/code fields, style). Shared by analysis, the renderer and the UI.
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/geometry.h"
#include "core/polygon_topology.h"
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
};

// The label anchor of a feature: the pole of inaccessibility of its largest polygon part (to 1/200 of
// its bbox's smaller side, at least 1 map unit), or its bbox centre when it has no polygon.
Vec2 computeLabelPoint(const Feature& feature);

// Label anchors computed on first use and kept (the pole of inaccessibility of every polygon costs
// more than loading a national layer, and most uses want a few). Reading and filling are safe from
// several threads; the anchors follow the layer's features and revision, a copy starts empty.
class LabelPointCache {
 public:
  LabelPointCache() = default;
  LabelPointCache(const LabelPointCache&) {}
  LabelPointCache& operator=(const LabelPointCache&);
  ~LabelPointCache();

  const Vec2& get(const std::vector<Feature>& features, std::uint64_t revision, size_t i) const;

 private:
  struct Slot {
    std::atomic<bool> ready{false};
    Vec2 at;
  };
  struct Table {
    std::uint64_t revision = 0;
    size_t size = 0;
    std::unique_ptr<Slot[]> slots;
  };
  Table& tableFor(const std::vector<Feature>& features, std::uint64_t revision) const;

  mutable std::mutex mutex_;
  mutable std::atomic<Table*> current_{nullptr};
  // Tables of earlier revisions stay alive until the layer is copied over or destroyed, so a
  // reference handed out by get() stays valid while another thread replaces the table.
  mutable std::vector<std::unique_ptr<Table>> tables_;
};

// The drawing topology of a layer numbered while its file was read for drawing, handed once to the
// first to draw the layer, and only while the layer's features are still those it was fed (same
// array, size and revision; a builder fed another number of features is not kept). A copy of the
// layer starts empty: it has features of its own.
class LoadedTopology {
 public:
  LoadedTopology() = default;
  LoadedTopology(const LoadedTopology&) {}
  LoadedTopology& operator=(const LoadedTopology&);
  ~LoadedTopology();

  void keep(PolygonTopology::Builder builder, const std::vector<Feature>& features, std::uint64_t revision);
  // The builder, once; nullopt when none was kept or the features changed since.
  std::optional<PolygonTopology::Builder> take(const std::vector<Feature>& features, std::uint64_t revision) const;

 private:
  mutable std::mutex mutex_;
  mutable std::optional<PolygonTopology::Builder> builder_;
  const Feature* features_ = nullptr;
  size_t size_ = 0;
  std::uint64_t revision_ = 0;
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

// Where the layer cache keeps what is derived from a layer's geometry (the renderer's shared-arc
// topology): the cache entry of the file the layer came from, that entry's identity (the file as it
// is, the map CRS, the loader's version) and which of the file's layers it is.
struct DerivedCacheSlot {
  std::string entryPath;  // empty: not cached (a small file, a database table, the cache off)
  std::string identity;
  size_t layerIndex = 0;
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
  DerivedCacheSlot derivedCache;          // set by loadVectorFile for a file it caches
  LoadedTopology loadedTopology;          // set by loadVectorFile for a layer read to be drawn

  std::string featureName(size_t i) const;   // name field's value, or "#i"
  std::string featureCode(size_t i) const;   // code field's value, or ""
  int fieldIndex(const std::string& name) const;  // case-insensitive; -1 if absent

  // Label anchor of feature i (computeLabelPoint), computed on first use; safe from several threads.
  const Vec2& labelPoint(size_t i) const;
  // Computes the label anchors of `indices` on 2 threads, so the callers that need many (labels of a
  // whole view) get them at once.
  void prepareLabelPoints(const std::vector<size_t>& indices) const;

 private:
  LabelPointCache labelPoints_;
};

using LayerPtr = std::shared_ptr<Layer>;

}  // namespace pk
