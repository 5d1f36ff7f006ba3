// The map area's interaction: pan by dragging, zoom at the cursor (wheel, +/-), Home to fit,
// hover highlight with a tooltip, click to select. Map input is ignored whenever ImGui wants it.
#include <algorithm>
#include <cmath>
#include <optional>

#include "core/feature_info.h"
#include "core/i18n.h"
#include "core/privacy.h"
#include "imgui.h"
#include "render/score_overlay.h"
#include "ui/dashboard.h"
#include "ui/ui_fonts.h"

namespace pk {

namespace {
constexpr double kWheelZoomStep = 1.25;  // per wheel notch
constexpr double kKeyZoomStep = 1.5;     // per +/- press
constexpr double kArrowPanFraction = 0.1;

Vec2 mapPixelAt(const DashboardState& state, ImVec2 displayPos) {
  return {displayPos.x * state.framebufferScaleX - state.mapFramebufferX,
          displayPos.y * state.framebufferScaleY - state.mapFramebufferY};
}

Vec2 mapCentrePixel(const DashboardState& state) { return {state.view.widthPx / 2.0, state.view.heightPx / 2.0}; }

MapView fitted(const BBox& extent, const MapView& current, double margin) {
  MapView view = MapView::fit(extent, std::max(1, current.widthPx), std::max(1, current.heightPx), margin);
  view.pixelsPerPoint = current.pixelsPerPoint;
  return view;
}
}  // namespace

void fitToData(DashboardState& state) {
  const BBox extent = state.doc.dataExtent();
  if (extent.empty() || state.view.widthPx <= 0 || state.view.heightPx <= 0) return;
  state.view = fitWindowView(state, extent, state.view.widthPx, state.view.heightPx, state.view.pixelsPerPoint);
  state.viewValid = true;
  state.viewIsFit = true;
  state.furniture.legendCorner.forget();  // chosen anew for the fitted view
}

void zoomToSelection(DashboardState& state) {
  const Layer* boundary = state.doc.boundary();
  if (!boundary || state.selectedFeature < 0 || state.selectedFeature >= static_cast<int>(boundary->features.size()))
    return;
  state.view = fitted(boundary->features[state.selectedFeature].bbox, state.view, 0.15);
  state.viewValid = true;
  state.viewIsFit = false;
}

void refreshHitIndex(DashboardState& state) {
  const LayerPtr boundary = state.doc.boundaryLayer >= 0 ? state.doc.layers[state.doc.boundaryLayer] : nullptr;
  if (!boundary || boundary->kind != GeometryKind::Polygon) {
    state.hitIndex.reset();
    state.hitIndexLayer.reset();
    state.hoverFeature = state.selectedFeature = -1;
    return;
  }
  if (boundary == state.hitIndexLayer && boundary->revision == state.hitIndexRevision && state.hitIndex) return;
  if (boundary != state.hitIndexLayer || boundary->revision != state.hitIndexRevision)
    state.hoverFeature = state.selectedFeature = -1;  // feature numbers refer to another geometry now
  state.hitIndex.reset();  // waits for a build under way, of what is no longer shown
  state.hitIndex = std::make_unique<BackgroundPolygonIndex>(boundary);
  state.hitIndexLayer = boundary;
  state.hitIndexRevision = boundary->revision;
}

void updateMapView(DashboardState& state) {
  const ScreenRect& r = state.mapRect;
  const int x0 = static_cast<int>(std::lround(r.x * state.framebufferScaleX));
  const int y0 = static_cast<int>(std::lround(r.y * state.framebufferScaleY));
  const int x1 = static_cast<int>(std::lround((r.x + r.w) * state.framebufferScaleX));
  const int y1 = static_cast<int>(std::lround((r.y + r.h) * state.framebufferScaleY));
  state.mapFramebufferX = x0;
  state.mapFramebufferY = y0;
  const int w = std::max(0, x1 - x0), h = std::max(0, y1 - y0);
  // A panel docked or undocked (or the window resized) while the map shows the fitted view: fit the
  // new map area. Otherwise a resize keeps the centre and the ground resolution, like every map viewer.
  if (state.viewIsFit && state.viewValid && (w != state.view.widthPx || h != state.view.heightPx))
    state.fitRequested = true;
  state.view.widthPx = w;
  state.view.heightPx = h;
  state.view.pixelsPerPoint = static_cast<float>(96.0 / 72.0 * state.uiScale);
  if (w <= 0 || h <= 0) return;

  if (state.applySavedViewRequested) {
    state.applySavedViewRequested = false;
    if (state.doc.savedView && state.doc.savedView->widthPx > 0 && state.doc.savedView->heightPx > 0) {
      const float pointScale = state.view.pixelsPerPoint;
      state.view = state.doc.savedView->resized(w, h);
      state.view.pixelsPerPoint = pointScale;
      state.viewValid = true;
      state.viewIsFit = false;
    } else {
      state.fitRequested = true;
    }
  }
  if (state.fitRequested || (!state.viewValid && !state.doc.layers.empty())) {
    state.fitRequested = false;
    fitToData(state);
  }
}

void handleMapInput(DashboardState& state) {
  ImGuiIO& io = ImGui::GetIO();
  const bool haveMap = state.viewValid && state.view.widthPx > 0 && state.view.heightPx > 0;
  const bool popupOpen = ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel);
  const bool pointerOnMap = haveMap && !popupOpen && !io.WantCaptureMouse &&
                            state.mapRect.contains(io.MousePos.x, io.MousePos.y) && ImGui::IsMousePosValid();

  state.cursorOnMap = pointerOnMap;
  state.hoverFeature = -1;
  state.mapClicked = false;
  if (pointerOnMap) {
    state.cursorMap = state.view.toMap(mapPixelAt(state, io.MousePos));
    if (const PolygonIndex* index = state.hitIndex ? state.hitIndex->ready() : nullptr)
      state.hoverFeature = index->find(state.cursorMap);
  }

  // Dragging: started on the map, continues wherever the pointer goes until the button is released.
  if (state.dragging) {
    if (io.MouseDown[0]) {
      const Vec2 delta{io.MouseDelta.x * state.framebufferScaleX, io.MouseDelta.y * state.framebufferScaleY};
      if (delta.x != 0 || delta.y != 0) {
        state.view.panByPixels(delta);
        state.viewIsFit = false;
        state.dragTravel += static_cast<float>(std::hypot(io.MouseDelta.x, io.MouseDelta.y));
      }
    } else {
      state.dragging = false;
      // A press and release without real movement is a click: select what is under it (or nothing).
      if (state.dragTravel < 4.0f * state.uiScale && pointerOnMap) {
        state.mapClicked = true;
        state.clickedMap = state.cursorMap;
        state.clickedFeature = state.hoverFeature;
        // While the planning panel picks a point or a polygon, the click is its, not a selection.
        if (state.planning.pickMode == MapPickMode::None) state.selectedFeature = state.hoverFeature;
      }
    }
  } else if (pointerOnMap && ImGui::IsMouseClicked(0)) {
    state.dragging = true;
    state.dragTravel = 0;
  }
  if (state.dragging) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeAll);
  else if (state.hoverFeature >= 0) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);

  if (pointerOnMap && io.MouseWheel != 0) {
    state.view.zoomAt(mapPixelAt(state, io.MousePos), std::pow(kWheelZoomStep, io.MouseWheel));
    state.viewIsFit = false;
  }

  // In presentation mode the arrow keys and Esc belong to the slides (presentation.cpp).
  if (!haveMap || popupOpen || io.WantCaptureKeyboard || state.presentation.active) return;
  // +/- arrive as characters, so they work on any keyboard layout and on the keypad.
  for (const ImWchar c : io.InputQueueCharacters) {
    if (c == '+' || c == '=')
      state.view.zoomAt(mapCentrePixel(state), kKeyZoomStep);
    else if (c == '-')
      state.view.zoomAt(mapCentrePixel(state), 1.0 / kKeyZoomStep);
    else
      continue;
    state.viewIsFit = false;
  }
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Home), false)) fitToData(state);
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false) && !state.escapeTaken) state.selectedFeature = -1;
  const double stepX = state.view.widthPx * kArrowPanFraction, stepY = state.view.heightPx * kArrowPanFraction;
  const Vec2 arrowPans[] = {{stepX, 0}, {-stepX, 0}, {0, stepY}, {0, -stepY}};
  const ImGuiKey arrows[] = {ImGuiKey_LeftArrow, ImGuiKey_RightArrow, ImGuiKey_UpArrow, ImGuiKey_DownArrow};
  for (int i = 0; i < 4; ++i)
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(arrows[i]))) {
      state.view.panByPixels(arrowPans[i]);
      state.viewIsFit = false;
    }
}

namespace {

// The score the map shows for `feature`, with its class as the score legend names it.
std::optional<FeatureScoreInfo> featureScore(const DashboardState& state, size_t feature) {
  const PlanningUi& p = state.planning;
  if (!state.programme.settings.score.on || !p.mapScore || feature >= p.mapScore->result.polygons.size()) return {};
  const PolygonScore& polygon = p.mapScore->result.polygons[feature];
  FeatureScoreInfo info;
  info.excluded = polygon.excluded || std::isnan(polygon.score);
  if (info.excluded) return info;
  info.score = polygon.score;
  info.rank = polygon.rank;
  const std::vector<double>& bounds = scoreClassBounds();
  const double clamped = std::clamp(polygon.score, bounds.front(), bounds.back());
  size_t k = 0;
  while (k + 2 < bounds.size() && clamped >= bounds[k + 1]) ++k;
  info.classLabel = formatNumber(bounds[k], 0) + "\xE2\x80\x93" + formatNumber(bounds[k + 1], 0);
  return info;
}

FeatureInfoOptions featureInfoOptions(const DashboardState& state) {
  FeatureInfoOptions options;
  options.language = language();
  options.privacy = windowShowsPrivacyView(state);
  // The publication the privacy view's overlays were built with (programme_actions.cpp), so hover
  // and selection withhold what the view's legends and every export withhold.
  if (options.privacy) options.publication = state.programme.publication.get();
  try {
    options.smallCountThreshold = privacySettingsOf(state.doc).smallCountThreshold;
  } catch (const std::exception&) {
    // A malformed privacy section is reported where it is read; the default threshold stands.
  }
  return options;
}

}  // namespace

void drawFeatureIndicators(DashboardState& state, size_t feature, bool mappedOnly) {
  const IndicatorTable* indicators = currentIndicators(state);
  const std::optional<FeatureScoreInfo> score = featureScore(state, feature);
  const FeatureInfoOptions options = featureInfoOptions(state);
  const std::vector<FeatureInfoRow> rows =
      mappedOnly ? mappedValueRows(state.programme.settings, indicators, feature, score, options)
                 : indicatorRows(indicators, feature, score, options);
  if (rows.empty()) return;
  if (!ImGui::BeginTable("##indicators", 2, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_NoSavedSettings)) return;
  for (const FeatureInfoRow& row : rows) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", row.label.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(row.value.c_str());
  }
  ImGui::EndTable();
}

void drawHoverTooltip(DashboardState& state) {
  const Layer* boundary = state.doc.boundary();
  if (!boundary || state.dragging || state.hoverFeature < 0 ||
      state.hoverFeature >= static_cast<int>(boundary->features.size()))
    return;
  const size_t i = static_cast<size_t>(state.hoverFeature);
  ImGui::BeginTooltip();
  ImGui::PushFont(boldFont());
  ImGui::TextUnformatted(boundary->featureName(i).c_str());
  ImGui::PopFont();
  const std::string code = boundary->featureCode(i);
  if (!code.empty()) ImGui::Text("%s: %s", tr("feature.code"), code.c_str());
  ImGui::Text("%s: %s km\xC2\xB2", tr("feature.area"), formatNumber(boundary->features[i].areaKm2, 2).c_str());
  drawFeatureIndicators(state, i, true);  // what the overlays that are on show here
  ImGui::EndTooltip();
}

void drawMapHints(DashboardState& state) {
  if (!state.doc.layers.empty() || state.mapRect.w <= 0 || state.mapRect.h <= 0) return;
  // Drawn behind every window, so a dialog would not dim it: leave it out while one is open.
  if (ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel)) return;
  // An empty map says how to fill it.
  ImDrawList* drawList = ImGui::GetBackgroundDrawList();
  const char* lines[] = {tr("map.empty_title"), tr("map.empty_hint")};
  float y = state.mapRect.y + state.mapRect.h * 0.45f;
  for (const char* line : lines) {
    const ImVec2 size = ImGui::CalcTextSize(line);
    drawList->AddText(ImVec2(state.mapRect.x + (state.mapRect.w - size.x) * 0.5f, y), IM_COL32(90, 90, 90, 255), line);
    y += size.y * 1.6f;
  }
}

}  // namespace pk
