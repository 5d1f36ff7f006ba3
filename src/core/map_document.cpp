#include "core/map_document.h"

#include <algorithm>

#include "core/layer_io.h"
#include "core/map_state.h"

namespace pk {

void MapDocument::openFile(const std::string& path) {
  std::unique_ptr<MapProjection> chosen;
  const MapProjection* proj = projection.get();
  if (!proj) {
    const BBox ll = lonLatExtentOf(path);
    chosen = std::make_unique<MapProjection>(mapCrsEpsgFor(ll));
    proj = chosen.get();
  }
  LoadedLayers loaded = loadVectorFile(path, *proj, LoadFor::Drawing);  // throws before anything changes
  if (chosen) projection = std::move(chosen);
  addLayers(std::move(loaded.layers));
}

void MapDocument::openBoundary(const std::string& path) {
  std::unique_ptr<MapProjection> chosen;
  const MapProjection* proj = projection.get();
  if (!proj) {
    const BBox ll = lonLatExtentOf(path);
    chosen = std::make_unique<MapProjection>(mapCrsEpsgFor(ll));
    proj = chosen.get();
  }
  LayerPtr layer = loadBoundaryLayer(path, *proj, LoadFor::Drawing);
  if (chosen) projection = std::move(chosen);
  const LayerStyle ownStyle = layer->style;  // the new boundary is no context layer: it keeps its fill
  addLayers({layer});
  layer->style = ownStyle;
  for (size_t i = 0; i < layers.size(); ++i)
    if (layers[i] == layer) boundaryLayer = int(i);
}

void MapDocument::addLayers(std::vector<LayerPtr> loaded) {
  LayerPtr currentBoundary = boundaryLayer >= 0 ? layers[boundaryLayer] : nullptr;
  for (auto& layer : loaded) {
    if (layer->kind == GeometryKind::Polygon) {
      // Polygons go below every context layer.
      auto firstContext = std::find_if(layers.begin(), layers.end(),
                                       [](const LayerPtr& l) { return l->kind != GeometryKind::Polygon; });
      if (currentBoundary) styleAsContextPolygons(layer->style);  // a second polygon layer: outlines over the first
      layers.insert(firstContext, layer);
      if (!currentBoundary) currentBoundary = layer;
    } else {
      layers.push_back(layer);
    }
  }
  boundaryLayer = -1;
  for (size_t i = 0; i < layers.size(); ++i)
    if (layers[i] == currentBoundary) boundaryLayer = int(i);
}

void MapDocument::setBoundaryLayer(int index) {
  if (index >= 0 && index < int(layers.size()) && layers[index]->kind == GeometryKind::Polygon) boundaryLayer = index;
}

void MapDocument::removeLayer(int index) {
  if (index < 0 || index >= int(layers.size())) return;
  LayerPtr currentBoundary = boundaryLayer >= 0 ? layers[boundaryLayer] : nullptr;
  layers.erase(layers.begin() + index);
  boundaryLayer = -1;
  for (size_t i = 0; i < layers.size(); ++i)
    if (layers[i] == currentBoundary) boundaryLayer = int(i);
  if (boundaryLayer < 0)
    for (size_t i = 0; i < layers.size(); ++i)
      if (layers[i]->kind == GeometryKind::Polygon) { boundaryLayer = int(i); break; }
}

BBox MapDocument::dataExtent() const {
  BBox b;
  for (const auto& l : layers)
    if (l->visible) b.add(l->bbox);
  if (b.empty())
    for (const auto& l : layers) b.add(l->bbox);
  return b;
}

}  // namespace pk
