// Draws the map furniture (title, subtitle, legend, scale bar, north arrow, source line, date, note
// on schematic boundaries) into a DrawList for RenderOptions::furniture. Sizes are in points and
// become pixels through view.pixelsPerPoint, so a 300-dpi export is the screen's layout, only sharper.
// Everything is laid out once for the whole image, in whole-image pixels: tiles of a tiled export
// draw the same list and join seamlessly.
//
// The legend's content belongs to the overlays (src/render/overlays): they draw it anywhere into
// their own DrawList; buildFurniture reserves a box of its size in the legend's corner, stacked with
// the other items without overlap, and moves it there.
#pragma once
#include <functional>
#include <vector>

#include "core/furniture.h"
#include "core/view.h"
#include "render/draw_list.h"

namespace pk {

class MapProjection;

// A legend drawn by someone else, in image pixels, and the box it occupies.
struct ExternalLegend {
  const DrawList* list = nullptr;
  BBox boundsPx;
  bool present() const { return list && !boundsPx.empty() && boundsPx.width() > 0 && boundsPx.height() > 0; }
};

struct FurnitureInput {
  FurnitureSettings settings;
  FurnitureText text;
  MapView view;                   // the whole image
  MapGeometryAtCentre geometry;   // scale factor and convergence at the view's centre
  ExternalLegend legend;
  // How much of the map a box (image pixels) would hide, 0..1: chooses the legend's corner when it
  // is automatic. Null: the legend's fallback corner.
  std::function<double(const BBox&)> mapCoverage;
  // The window's kept choice of that corner (null: chosen for this view, as exports do).
  LegendCornerMemo* legendCornerMemo = nullptr;
};

struct FurnitureFrame {
  DrawList list;
  FurnitureLayout layoutPt;        // where each item went, points
  std::vector<BBox> boxesPx;       // parallel to layoutPt.placed, pixels
  ScaleBarChoice scaleBar;
  BBox scaleBarPx;                 // the bar from 0 to its ground length, pixels
  Vec2 northArrowBasePx, northArrowTipPx;
  std::vector<FurnitureItem> dropped;  // shown items that did not fit
  const BBox* boxOf(FurnitureItem item) const;
};

// Fills `out` (cleared first).
void buildFurniture(const FurnitureInput& in, FurnitureFrame& out);


// Sizes of the furniture's type, points (before FurnitureSettings::textScale).
struct FurnitureMetrics {
  static constexpr float kTitlePt = 15.0f;
  static constexpr float kSubtitlePt = 10.5f;
  static constexpr float kSmallPt = 7.0f;      // source line, date
  static constexpr float kScaleTextPt = 7.5f;
  static constexpr float kScaleBarHeightPt = 4.0f;
  static constexpr float kNorthLetterPt = 9.0f;
  static constexpr float kNorthArrowLengthPt = 22.0f;
  static constexpr float kNorthArrowWidthPt = 11.0f;
  static constexpr float kPaddingPt = 4.0f;
};

}  // namespace pk
