// One export of the map, shared by `prokus-map render`, the snapshot dialog and the meeting pack:
// the furniture laid out for the whole image, the image rendered in tiles where the GL limits (or
// the caller) require, and the metadata the file records. The dialog's preview is this image at a
// smaller size, through the same renderer.
#pragma once
#include <string>

#include "core/furniture.h"
#include "core/raster_export.h"
#include "core/view.h"
#include "render/furniture_renderer.h"
#include "render/map_renderer.h"

namespace pk {

struct MapDocument;

// Renders `view` (whole image, up to kMaxExportSide a side) in tiles no larger than the GL's
// framebuffer limit and `maxTileSide` (0: no extra limit). Labels and furniture are laid out once
// for the whole image, so the result equals an untiled render pixel for pixel.
RgbaImage renderImageTiled(MapRenderer& renderer, const MapDocument& doc, const MapView& view,
                           const RenderOptions& options, int maxTileSide = 0);

// The project's furniture for `view`: texts resolved (bookmark title, date), scale bar and north
// arrow from the map projection at the view's centre, the legend (if any) moved into its corner.
// Throws std::invalid_argument for a bad "furniture" section.
void buildDocumentFurniture(const MapDocument& doc, const MapView& view, FurnitureFrame& out,
                            const ExternalLegend& legend = {}, const std::string& bookmarkTitle = "",
                            const std::string& isoDate = "");
// The same with the caller's settings (the window moves items out from under its panels) and, in
// the window, the legend's automatic corner kept while the planner pans (null: chosen for `view`).
void buildDocumentFurniture(const MapDocument& doc, const FurnitureSettings& settings, const MapView& view,
                            FurnitureFrame& out, const ExternalLegend& legend = {},
                            const std::string& bookmarkTitle = "", const std::string& isoDate = "",
                            LegendCornerMemo* legendCornerMemo = nullptr);

// The data extent framed in a width x height image at `pixelsPerPoint`; with the furniture, framed
// in what its boxes (title band, legend, scale bar, north arrow, notes) leave free, the furniture's
// margin away from them, so no item sits on the polygons. `settings`: the furniture drawn (null: the
// document's); `legend`: the overlays' legend, whose box is kept free too.
MapView fitDocumentView(const MapDocument& doc, int widthPx, int heightPx, float pixelsPerPoint, bool withFurniture,
                        const std::string& bookmarkTitle = "", const FurnitureSettings* settings = nullptr,
                        const ExternalLegend& legend = {});
// The one furniture-aware fit behind fitDocumentView, for any `extent` (the data, one kecamatan):
// the window's Home fit, `render`, and every map of the meeting pack frame their map with it.
MapView fitAroundFurniture(const MapDocument& doc, const BBox& extent, int widthPx, int heightPx, float pixelsPerPoint,
                           const FurnitureSettings& settings, const ExternalLegend& legend = {},
                           const std::string& bookmarkTitle = "");

// The boundary labels keep clear of the furniture's boxes (RenderOptions::labelObstacles): window,
// render and export-pack all call this with the furniture they draw.
void keepLabelsClearOfFurniture(const FurnitureFrame& furniture, RenderOptions& options);

// Title, sources and date for the file's metadata, from the same texts the furniture shows.
ExportMetadata exportMetadataFor(const MapDocument& doc, double dotsPerInch, const std::string& bookmarkTitle = "",
                                 const std::string& isoDate = "");

}  // namespace pk
