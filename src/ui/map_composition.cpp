// What the map draws besides the document, composed once for every target: the window, the export
// dialog's file and preview, presentation mode and the export hook. The window and an export of the
// same view and privacy setting therefore hold the same pixels.
#include <algorithm>
#include <cmath>
#include <string>

#include "core/furniture.h"
#include "core/i18n.h"
#include "core/map_state.h"
#include "render/map_export.h"
#include "render/map_renderer.h"
#include "render/score_overlay.h"
#include "ui/dashboard.h"

namespace pk {

namespace {

FurnitureSettings furnitureSettingsForMap(DashboardState& state) {
  FurnitureSettings settings;
  try {
    settings = furnitureSettingsOf(state.doc);
    state.furniture.reportedError.clear();
  } catch (const std::exception& e) {
    // The defaults until the planner fixes the section (the furniture panel rewrites it); said once.
    if (state.furniture.reportedError != e.what()) {
      state.furniture.reportedError = e.what();
      showMessage(state, tr("furniture.read_failed"), state.doc.projectPath + ": " + e.what());
    }
  }
  return settings;
}

// The programme overlays' legend as the window's furniture places it (empty: no legend).
ExternalLegend windowLegend(const DashboardState& state) {
  ExternalLegend legend;
  const OverlayFrame& programme = state.programme.frame;
  if (programme.legend.empty()) return legend;
  for (const BBox& box : programme.legendBoxes) legend.boundsPx.add(box);
  legend.list = &programme.legend;
  return legend;
}

Vec2 legendSize(const ExternalLegend& legend) {
  return legend.boundsPx.empty() ? Vec2{0, 0} : Vec2{legend.boundsPx.width(), legend.boundsPx.height()};
}

}  // namespace

MapView fitWindowView(DashboardState& state, const BBox& extent, int widthPx, int heightPx, float pixelsPerPoint) {
  // The legend block as composeMap builds it: the score legend's size depends only on the point scale.
  MapView sized;
  sized.widthPx = widthPx;
  sized.heightPx = heightPx;
  sized.pixelsPerPoint = pixelsPerPoint;
  const ScoreOverlay score = windowScoreOverlay(state, sized);
  DrawList block;
  const ExternalLegend legend = mapLegendBlock(&score, windowLegend(state), pixelsPerPoint, block);
  state.fitLegendSize = legendSize(legend);
  return fitAroundFurniture(state.doc, extent, widthPx, heightPx, pixelsPerPoint, furnitureSettingsForMap(state), legend,
                            currentSlideTitle(state));
}

bool windowShowsPrivacyView(const DashboardState& state) { return state.presentation.privacy; }

void composeMap(DashboardState& state, const MapView& view, MapTarget target, MapComposition& out,
                RenderOptions& options) {
  const bool window = target == MapTarget::Window;
  const bool privacy = !window || windowShowsPrivacyView(state);
  // Presentation and the privacy view show the map exactly as exports show it: no highlight.
  if (window && !privacy && !state.presentation.active) {
    options.hoverFeature = state.hoverFeature;
    options.selectedFeature = state.selectedFeature;
  }
  ExternalLegend legend;
  const OverlayFrame* programme = nullptr;
  if (window) {
    applyProgrammeOverlays(state, privacy, options);
    programme = &state.programme.frame;
  } else {
    applyProgrammeOverlaysForExport(state, view, out.programme, options);
    programme = &out.programme;
    options.cachedOverlay = nullptr;  // exports draw every symbol at their own resolution
  }
  if (!programme->legend.empty()) {
    for (const BBox& box : programme->legendBoxes) legend.boundsPx.add(box);
    legend.list = &programme->legend;
  }
  applyPlanningToRender(state, view, out.planning, options);
  // One legend block: the score's above the programme overlays'.
  legend = mapLegendBlock(&out.planning.score, legend, view.pixelsPerPoint, out.legendBlock);
  // The fitted view keeps the legend's room: a legend that appeared, went or changed size since
  // the fit (an overlay or the score turned on, the lists loaded after the project opened) fits again.
  if (window && state.viewIsFit) {
    const Vec2 size = legendSize(legend), fitted = state.fitLegendSize;
    if (std::abs(size.x - fitted.x) > 1 || std::abs(size.y - fitted.y) > 1) state.fitRequested = true;
  }

  // The window keeps its automatic legend corner while the planner pans; an export chooses its own.
  buildDocumentFurniture(state.doc, furnitureSettingsForMap(state), view,
                         out.furniture, legend, currentSlideTitle(state), "",
                         window ? &state.furniture.legendCorner : nullptr);
  out.top.clear();
  if (options.furniture) appendDrawList(out.top, *options.furniture);  // business glyphs
  appendDrawList(out.top, out.furniture.list);
  options.furniture = &out.top;
  options.schematicNote = false;  // the furniture places the note (or the planner turned it off)
  keepLabelsClearOfFurniture(out.furniture, options);
}

}  // namespace pk
