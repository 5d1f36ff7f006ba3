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
  // The score legend sits top left; the other legends keep to the bottom right then, as in `render`.
  return furnitureForMapState(settings, state.programme.settings);
}

// The part of `view` the furniture is laid out in: in the window, the map left of a panel over
// its right side (same scale and pixel grid, so the scale bar and the legend stay true).
MapView furnitureViewFor(const DashboardState& state, const MapView& view, MapTarget target) {
  if (target != MapTarget::Window || !rightPanelCoversMap(state)) return view;
  const float coveredPx = (state.mapRect.x + state.mapRect.w - state.mapCoveredFromX) * state.framebufferScaleX;
  const int visible = static_cast<int>(std::lround(view.widthPx - coveredPx));
  if (visible < view.widthPx / 3) return view;  // too narrow: better partly hidden than unreadable
  MapView part = view;
  part.widthPx = visible;
  part.center.x -= (view.widthPx - visible) / 2.0 * view.metresPerPixel;
  return part;
}

}  // namespace

bool windowShowsPrivacyView(const DashboardState& state) { return state.presentation.privacy; }

bool rightPanelCoversMap(const DashboardState& state) {
  return !state.presentation.active && state.mapCoveredFromX > 0 &&
         state.mapCoveredFromX < state.mapRect.x + state.mapRect.w;
}

void noteMapCover(DashboardState& state, float x, float w) {
  const ScreenRect& map = state.mapRect;
  // Docked panels leave a small gap at the map's edge: reaching its last twentieth counts.
  const bool overRightHalf = x > map.x + map.w * 0.5f && x < map.x + map.w && x + w >= map.x + map.w * 0.95f;
  if (!overRightHalf) return;
  state.mapCoveredFromX = state.mapCoveredFromX > 0 ? std::min(state.mapCoveredFromX, x) : x;
}

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

  // The window keeps its automatic legend corner while the planner pans; an export chooses its own.
  buildDocumentFurniture(state.doc, furnitureSettingsForMap(state), furnitureViewFor(state, view, target),
                         out.furniture, legend, currentSlideTitle(state), "",
                         window ? &state.furniture.legendCorner : nullptr);
  out.top.clear();
  if (options.furniture) appendDrawList(out.top, *options.furniture);  // business glyphs, score legend
  appendDrawList(out.top, out.furniture.list);
  options.furniture = &out.top;
  options.schematicNote = false;  // the furniture places the note (or the planner turned it off)
  keepLabelsClearOfFurniture(out.furniture, options);
}

}  // namespace pk
