#include "render/map_export.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "core/database_source.h"
#include "core/layer.h"
#include "core/map_document.h"

namespace pk {

RgbaImage renderImageTiled(MapRenderer& renderer, const MapDocument& doc, const MapView& view,
                           const RenderOptions& options, int maxTileSide) {
  renderer.init();
  int tile = renderer.maxFramebufferSide();
  if (maxTileSide > 0) tile = std::min(tile, maxTileSide);
  if (tile <= 0) throw std::runtime_error("OpenGL reports no usable framebuffer size");
  if (view.widthPx <= tile && view.heightPx <= tile) {
    RenderOptions whole = options;
    whole.tileWidth = whole.tileHeight = 0;
    return renderer.drawToImage(doc, view, whole);
  }
  RgbaImage image;
  image.width = view.widthPx;
  image.height = view.heightPx;
  image.pixels.resize(static_cast<size_t>(image.width) * image.height * 4);
  const size_t fullRow = static_cast<size_t>(image.width) * 4;
  for (int ty = 0; ty < view.heightPx; ty += tile)
    for (int tx = 0; tx < view.widthPx; tx += tile) {
      RenderOptions part = options;
      part.tileX = tx;
      part.tileY = ty;
      part.tileWidth = std::min(tile, view.widthPx - tx);
      part.tileHeight = std::min(tile, view.heightPx - ty);
      const RgbaImage piece = renderer.drawToImage(doc, view, part);
      const size_t pieceRow = static_cast<size_t>(piece.width) * 4;
      for (int y = 0; y < piece.height; ++y)
        std::memcpy(image.pixels.data() + (ty + y) * fullRow + static_cast<size_t>(tx) * 4,
                    piece.pixels.data() + y * pieceRow, pieceRow);
    }
  return image;
}

void buildDocumentFurniture(const MapDocument& doc, const MapView& view, FurnitureFrame& out,
                            const ExternalLegend& legend, const std::string& bookmarkTitle,
                            const std::string& isoDate) {
  buildDocumentFurniture(doc, furnitureSettingsOf(doc), view, out, legend, bookmarkTitle, isoDate);
}

void buildDocumentFurniture(const MapDocument& doc, const FurnitureSettings& settings, const MapView& view,
                            FurnitureFrame& out, const ExternalLegend& legend, const std::string& bookmarkTitle,
                            const std::string& isoDate, LegendCornerMemo* legendCornerMemo) {
  FurnitureInput in;
  in.legendCornerMemo = legendCornerMemo;
  in.settings = settings;
  in.text = furnitureTextFor(in.settings, doc, bookmarkTitle, isoDate);
  in.view = view;
  if (doc.projection) in.geometry = mapGeometryAtCentre(*doc.projection, view);
  in.legend = legend;
  if (const Layer* boundary = doc.boundary()) {
    // Share of a box over the boundary polygons, from a 12 x 12 sample of points.
    in.mapCoverage = [boundary, view](const BBox& box) {
      constexpr int kSamples = 12;
      int inside = 0;
      for (int sy = 0; sy < kSamples; ++sy)
        for (int sx = 0; sx < kSamples; ++sx) {
          const Vec2 p = view.toMap({box.minx + box.width() * (sx + 0.5) / kSamples,
                                     box.miny + box.height() * (sy + 0.5) / kSamples});
          for (const Feature& f : boundary->features)
            if (f.bbox.contains(p) && pointInMultiPolygon(f.polygon, p)) {
              ++inside;
              break;
            }
        }
      return double(inside) / (kSamples * kSamples);
    };
  }
  buildFurniture(in, out);
}

MapView fitDocumentView(const MapDocument& doc, int widthPx, int heightPx, float pixelsPerPoint, bool withFurniture,
                        const std::string& bookmarkTitle, const FurnitureSettings* settings, const ExternalLegend& legend) {
  if (!withFurniture) {
    MapView view = MapView::fit(doc.dataExtent(), widthPx, heightPx);
    view.pixelsPerPoint = pixelsPerPoint;
    return view;
  }
  return fitAroundFurniture(doc, doc.dataExtent(), widthPx, heightPx, pixelsPerPoint,
                            settings ? *settings : furnitureSettingsOf(doc), legend, bookmarkTitle);
}

MapView fitAroundFurniture(const MapDocument& doc, const BBox& extent, int widthPx, int heightPx, float pixelsPerPoint,
                           const FurnitureSettings& settings, const ExternalLegend& legend,
                           const std::string& bookmarkTitle) {
  MapView view = MapView::fit(extent, widthPx, heightPx);
  view.pixelsPerPoint = pixelsPerPoint;
  // The furniture laid out for the plain fit (its boxes hardly depend on the scale), then the
  // extent framed in what the boxes leave free, a furniture margin away from them.
  FurnitureFrame furniture;
  buildDocumentFurniture(doc, settings, view, furniture, legend, bookmarkTitle);
  MapView fitted = MapView::fitAround(extent, widthPx, heightPx, furniture.boxesPx, settings.marginPt * pixelsPerPoint);
  fitted.pixelsPerPoint = pixelsPerPoint;
  return fitted;
}

void keepLabelsClearOfFurniture(const FurnitureFrame& furniture, RenderOptions& options) {
  options.labelObstacles = furniture.boxesPx;
}

ExportMetadata exportMetadataFor(const MapDocument& doc, double dotsPerInch, const std::string& bookmarkTitle,
                                 const std::string& isoDate) {
  FurnitureSettings settings;
  try {
    settings = furnitureSettingsOf(doc);
  } catch (const std::exception&) {
    // Metadata still names the sources when the furniture section is unreadable.
  }
  const FurnitureText text = furnitureTextFor(settings, doc, bookmarkTitle, isoDate);
  ExportMetadata meta;
  meta.dotsPerInch = dotsPerInch;
  meta.title = text.title;
  meta.date = isoDate.empty() ? todayIsoDate() : isoDate;
  // The credit the boundary licence asks for, then every file the map was drawn from.
  std::string files;
  for (const auto& layer : doc.layers) {
    const std::string name = sourceName(layer->path);
    if (name.empty() || files.find(name) != std::string::npos) continue;
    files += (files.empty() ? "" : ", ") + name;
  }
  meta.sources = text.attribution;
  if (!files.empty()) meta.sources += (meta.sources.empty() ? "" : "; ") + std::string("files: ") + files;
  return meta;
}

}  // namespace pk
