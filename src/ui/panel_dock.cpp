// Panels dock beside the map instead of floating over it: the overlay and planning panels and the
// bookmark window stack in a column on the map's right, the indicator table lies below the map, and
// the map area is what is left (the view fits it again when it was the fitted view). The map keeps
// most of the width: on a narrow window or at a large UI scale the layer panel turns into a narrow
// strip and the column narrows, rather than a panel hiding the map.
#include <algorithm>
#include <cmath>

#include "core/i18n.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "ui/dashboard.h"

namespace pk {

namespace {

// The share of the body's width the map keeps at least while panels are docked (most of it).
constexpr float kMapShareOfWidth = 0.52f;

// Each docked panel's ImGui window name (its "###" id) and the width it asks for, in em.
struct DockedPanelSpec {
  const char* windowId;
  float widthEm;
};
constexpr DockedPanelSpec kSpecs[kDockSlots] = {
    {"###overlaypanel", 21.0f},
    {"###planning", 38.0f},
    {"###tablepanel", 0.0f},  // below the map: the map's width
    {"###bookmarks", 24.0f},
};

// The right column's panels, top to bottom.
constexpr DockSlot kColumnSlots[] = {DockSlot::Overlays, DockSlot::Planning, DockSlot::Bookmarks};

bool slotOpen(const DashboardState& state, DockSlot slot) {
  switch (slot) {
    case DockSlot::Overlays: return state.programme.overlayPanelOpen;
    case DockSlot::Planning: return state.planning.panelOpen;
    case DockSlot::Table: return state.programme.tablePanelOpen;
    case DockSlot::Bookmarks: return state.presentation.bookmarksOpen;
  }
  return false;
}

// Collapsed by its title-bar arrow (as ImGui remembers it from the last frame).
bool slotCollapsed(DockSlot slot) {
  const ImGuiWindow* window = ImGui::FindWindowByName(kSpecs[static_cast<int>(slot)].windowId);
  return window && window->Collapsed;
}

float titleBarHeight() { return ImGui::GetFontSize() + ImGui::GetStyle().FramePadding.y * 2; }

float stripWidth() { return std::round(ImGui::GetFontSize() * 2.2f); }

// The narrow strip the layer panel turns into: one button that brings the panel back.
void drawLayerStrip(DashboardState& state, const ScreenRect& area) {
  ImGui::SetNextWindowPos(ImVec2(area.x, area.y));
  ImGui::SetNextWindowSize(ImVec2(area.w, area.h));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(2, ImGui::GetStyle().WindowPadding.y));
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                 ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                 ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoBringToFrontOnFocus;
  if (ImGui::Begin("##layerstrip", nullptr, flags)) {
    if (ImGui::Button("\xC2\xBB##showlayers", ImVec2(-1, 0))) state.dock.layerPanel = DockUi::LayerPanel::Open;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("dock.show_layers"));
  }
  ImGui::End();
  ImGui::PopStyleVar(2);
}

}  // namespace

void layoutDockedPanels(DashboardState& state, const ScreenRect& body) {
  DockUi& dock = state.dock;
  const float em = ImGui::GetFontSize();
  const float strip = stripWidth();
  for (ScreenRect& slot : dock.slots) slot = ScreenRect{};

  // The right column: as wide as its widest open panel asks, a strip when all of them are collapsed.
  float columnWanted = 0;
  bool anyExpanded = false;
  for (DockSlot slot : kColumnSlots) {
    if (!slotOpen(state, slot)) continue;
    columnWanted = std::max(columnWanted, em * kSpecs[static_cast<int>(slot)].widthEm);
    anyExpanded |= !slotCollapsed(slot);
  }
  if (columnWanted > 0 && !anyExpanded) columnWanted = std::max(strip, em * 7);

  const float roomForPanels = body.w * (1.0f - kMapShareOfWidth);
  const float layersWidth = std::min(state.sidePanelWidth, body.w);
  dock.layersAsStrip = dock.layerPanel == DockUi::LayerPanel::Strip ||
                       (dock.layerPanel == DockUi::LayerPanel::Auto && columnWanted > 0 &&
                        layersWidth + columnWanted > roomForPanels);
  const float leftW = dock.layersAsStrip ? strip : layersWidth;
  float columnW = 0;
  if (columnWanted > 0)
    columnW = std::min(columnWanted, std::max(roomForPanels - leftW, std::min(columnWanted, em * 16)));

  if (dock.layersAsStrip)
    drawLayerStrip(state, ScreenRect{body.x, body.y, leftW, body.h});
  else
    drawLayerPanel(state, ScreenRect{body.x, body.y, state.sidePanelWidth, body.h});  // may change sidePanelWidth
  const float left = dock.layersAsStrip ? strip : std::min(state.sidePanelWidth, body.w);

  const float mapX = body.x + left;
  const float mapW = std::max(0.0f, body.w - left - columnW);

  // The column: collapsed panels keep their title bar, the open ones share the rest (overlays above).
  if (columnW > 0) {
    const float columnX = mapX + mapW;
    int expanded = 0;
    float titleBars = 0;
    for (DockSlot slot : kColumnSlots) {
      if (!slotOpen(state, slot)) continue;
      if (slotCollapsed(slot))
        titleBars += titleBarHeight();
      else
        ++expanded;
    }
    const float shared = expanded > 0 ? std::max(0.0f, body.h - titleBars) / expanded : 0;
    float y = body.y;
    for (DockSlot slot : kColumnSlots) {
      if (!slotOpen(state, slot)) continue;
      const float h = slotCollapsed(slot) ? titleBarHeight() : shared;
      dock.slots[static_cast<int>(slot)] = ScreenRect{columnX, y, columnW, h};
      y += h;
    }
  }

  // The table below the map, as wide as the map.
  float mapH = body.h;
  if (slotOpen(state, DockSlot::Table)) {
    const float tableH = slotCollapsed(DockSlot::Table) ? titleBarHeight()
                                                         : std::min(std::max(em * 10, body.h * 0.34f), body.h * 0.5f);
    mapH = std::max(0.0f, body.h - tableH);
    dock.slots[static_cast<int>(DockSlot::Table)] = ScreenRect{mapX, body.y + mapH, mapW, tableH};
  }
  state.mapRect = ScreenRect{mapX, body.y, mapW, mapH};
}

void placeDockedPanel(const DashboardState& state, DockSlot slot) {
  const ScreenRect& r = state.dock.slots[static_cast<int>(slot)];
  ImGui::SetNextWindowPos(ImVec2(r.x, r.y), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(r.w, std::max(r.h, titleBarHeight())), ImGuiCond_Always);
}

int dockedPanelFlags() {
  return ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings |
         ImGuiWindowFlags_NoBringToFrontOnFocus;
}

}  // namespace pk
