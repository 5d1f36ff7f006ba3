// Everything that is on the map right now: the projection, the layers in draw order, the view, and
// the selection. The window and the CLI both build one; the renderer draws one.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/layer.h"
#include "core/projection.h"
#include "core/view.h"

namespace pk {

struct MapDocument {
  std::unique_ptr<MapProjection> projection;  // null until the first layer is opened
  std::vector<LayerPtr> layers;               // polygons first; context layers drawn above
  int boundaryLayer = -1;                     // index of the boundary (polygon) layer
  std::optional<MapView> savedView;           // from a project file; else fit to data
  std::string projectPath;                    // the .prokus.json this came from, if any
  std::string title;
  bool schematicBoundaries = false;           // demo boundaries: the map says so
  // Project-file sections owned by later features (overlays, scenarios, furniture...), kept verbatim
  // so that a save never drops what this build does not know.
  nlohmann::json extraSections = nlohmann::json::object();

  // Chooses the projection from the file's extent when none exists yet, then loads it to be drawn.
  // Polygon layers become the boundary layer if there is none; others are context layers.
  // Throws InputError; on error the document is unchanged.
  void openFile(const std::string& path);
  // Replaces the boundary layer with the polygon layer of `path` (InputError if it has none).
  void openBoundary(const std::string& path);

  // Adds already-loaded layers (polygons before context layers). The first polygon layer becomes the
  // boundary layer when there is none.
  void addLayers(std::vector<LayerPtr> loaded);
  // Makes `index` the boundary (analysis) layer; it must be a polygon layer.
  void setBoundaryLayer(int index);
  void removeLayer(int index);

  BBox dataExtent() const;
  Layer* boundary() { return boundaryLayer >= 0 ? layers[boundaryLayer].get() : nullptr; }
  const Layer* boundary() const { return boundaryLayer >= 0 ? layers[boundaryLayer].get() : nullptr; }
};

}  // namespace pk
