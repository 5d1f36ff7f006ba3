// The map furniture panel (issue 5): the texts (title, subtitle, source line, date), and for each
// item whether it shows and in which corner. Changes go straight into the project's "furniture"
// section, so the window, every export and `prokus-map render` of the saved project agree.
#include <cstdio>
#include <string>

#include "core/furniture.h"
#include "core/i18n.h"
#include "imgui.h"
#include "ui/dashboard.h"

namespace pk {

namespace {

const char* itemLabel(FurnitureItem item) {
  switch (item) {
    case FurnitureItem::Title: return tr("furniture.item.title");
    case FurnitureItem::Subtitle: return tr("furniture.item.subtitle");
    case FurnitureItem::NorthArrow: return tr("furniture.item.north_arrow");
    case FurnitureItem::Legend: return tr("furniture.item.legend");
    case FurnitureItem::ScaleBar: return tr("furniture.item.scale_bar");
    case FurnitureItem::SchematicNote: return tr("furniture.item.schematic_note");
    case FurnitureItem::Attribution: return tr("furniture.item.attribution");
    case FurnitureItem::Date: return tr("furniture.item.date");
  }
  return "";
}

const char* cornerLabel(FurnitureCorner corner) {
  switch (corner) {
    case FurnitureCorner::TopLeft: return tr("furniture.corner.top_left");
    case FurnitureCorner::TopCenter: return tr("furniture.corner.top_center");
    case FurnitureCorner::TopRight: return tr("furniture.corner.top_right");
    case FurnitureCorner::BottomLeft: return tr("furniture.corner.bottom_left");
    case FurnitureCorner::BottomCenter: return tr("furniture.corner.bottom_center");
    case FurnitureCorner::BottomRight: return tr("furniture.corner.bottom_right");
  }
  return "";
}

constexpr FurnitureCorner kCorners[] = {FurnitureCorner::TopLeft,    FurnitureCorner::TopCenter,
                                        FurnitureCorner::TopRight,   FurnitureCorner::BottomLeft,
                                        FurnitureCorner::BottomCenter, FurnitureCorner::BottomRight};

// A text field whose empty value means "automatic", shown as the hint.
bool textWithHint(const char* id, const std::string& hint, std::string& text) {
  char buffer[512];
  std::snprintf(buffer, sizeof buffer, "%s", text.c_str());
  ImGui::SetNextItemWidth(-1);
  if (!ImGui::InputTextWithHint(id, hint.c_str(), buffer, sizeof buffer)) return false;
  text = buffer;
  return true;
}

}  // namespace

void drawFurniturePanel(DashboardState& state) {
  FurnitureUi& ui = state.furniture;
  if (!ui.panelOpen || state.presentation.active) return;
  const float em = ImGui::GetFontSize();
  ImGui::SetNextWindowSize(ImVec2(em * 26, em * 30), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowPos(ImVec2(state.mapRect.x + em, state.mapRect.y + em * 2), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin((std::string(tr("furniture.title")) + "###furniture").c_str(), &ui.panelOpen)) {
    ImGui::End();
    return;
  }
  FurnitureSettings settings;
  try {
    settings = furnitureSettingsOf(state.doc);
  } catch (const std::exception& e) {
    // The defaults; the section is rewritten with the first change made here.
    ImGui::TextWrapped("%s: %s", tr("furniture.read_failed"), e.what());
  }
  const FurnitureSettings before = settings;
  const FurnitureText automatic = furnitureTextFor(FurnitureSettings{}, state.doc);

  ImGui::TextWrapped("%s", tr("furniture.help"));
  ImGui::Spacing();
  ImGui::TextUnformatted(tr("furniture.item.title"));
  textWithHint("##title", automatic.title, settings[FurnitureItem::Title].text);
  ImGui::TextUnformatted(tr("furniture.item.subtitle"));
  textWithHint("##subtitle", tr("furniture.subtitle_hint"), settings[FurnitureItem::Subtitle].text);
  ImGui::TextUnformatted(tr("furniture.item.attribution"));
  textWithHint("##attribution", automatic.attribution, settings[FurnitureItem::Attribution].text);
  ImGui::TextUnformatted(tr("furniture.item.date"));
  textWithHint("##date", automatic.date, settings[FurnitureItem::Date].text);

  ImGui::Spacing();
  if (ImGui::BeginTable("furnitureitems", 2, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg)) {
    ImGui::TableSetupColumn(tr("furniture.column_item"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn(tr("furniture.column_corner"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableHeadersRow();
    for (FurnitureItem item : allFurnitureItems()) {
      FurnitureItemSettings& s = settings[item];
      ImGui::PushID(static_cast<int>(item));
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Checkbox(itemLabel(item), &s.show);
      ImGui::TableNextColumn();
      const bool legend = item == FurnitureItem::Legend;
      const std::string current = legend && s.autoCorner ? tr("furniture.corner.auto") : cornerLabel(s.corner);
      ImGui::SetNextItemWidth(-1);
      if (ImGui::BeginCombo("##corner", current.c_str())) {
        if (legend && ImGui::Selectable(tr("furniture.corner.auto"), s.autoCorner)) s.autoCorner = true;
        for (FurnitureCorner corner : kCorners)
          if (ImGui::Selectable(cornerLabel(corner), !(legend && s.autoCorner) && s.corner == corner)) {
            s.corner = corner;
            s.autoCorner = false;
          }
        ImGui::EndCombo();
      }
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  if (ImGui::Button(tr("furniture.reset"))) settings = FurnitureSettings{};
  if (!(settings == before)) storeFurnitureSettings(state.doc, settings);
  ImGui::End();
}

}  // namespace pk
