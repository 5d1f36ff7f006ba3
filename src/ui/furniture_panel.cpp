// The map furniture panel (issue 5): the texts (title, subtitle, source line, date), and for each
// item whether it shows and in which corner. Changes go straight into the project's "furniture"
// section, so the window, every export and `prokus-map render` of the saved project agree.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <string>

#include "core/furniture.h"
#include "core/i18n.h"
#include "imgui.h"
#include "imgui_internal.h"
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

// Records `text` as cut when the item just drawn does not show it whole: it reaches past the
// space its window or table cell shows, or (`textWidth` > 0) it is narrower than the text needs.
void checkLabelFits(FurnitureUi& ui, const std::string& text, float neededWidth = 0) {
  ++ui.labelsChecked;
  const ImGuiWindow* window = ImGui::GetCurrentWindow();
  const bool pastEdge = ImGui::GetItemRectMax().x > window->ClipRect.Max.x + 0.5f;
  const bool tooNarrow = neededWidth > 0 && ImGui::GetItemRectSize().x + 0.5f < neededWidth;
  if (pastEdge || tooNarrow) {
    char where[96];
    std::snprintf(where, sizeof where, " (%.1f px wide, needs %.1f; reaches %.1f, shown to %.1f)", ImGui::GetItemRectSize().x,
                  neededWidth, ImGui::GetItemRectMax().x, window->ClipRect.Max.x);
    ui.cutLabels.push_back(text + where);
  }
}

// The width a combo needs to show `text` whole: the text, its frame padding and the arrow button.
float comboWidthFor(const char* text) {
  return ImGui::CalcTextSize(text).x + ImGui::GetStyle().FramePadding.x * 2 + ImGui::GetFrameHeight();
}

// A text field (as wide as the panel, its label above it) whose empty value means "automatic", shown as the hint.
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
  ui.labelsChecked = 0;
  ui.cutLabels.clear();
  const float em = ImGui::GetFontSize();
  const ImGuiStyle& style = ImGui::GetStyle();
  // The table's columns as wide as their longest text (item names after their check box; the
  // longest corner choice in its combo), in the language shown; the panel never narrower.
  float itemWidth = ImGui::CalcTextSize(tr("furniture.column_item")).x;
  for (FurnitureItem item : allFurnitureItems())
    itemWidth = std::max(itemWidth, ImGui::GetFrameHeight() + style.ItemInnerSpacing.x + ImGui::CalcTextSize(itemLabel(item)).x);
  float cornerWidth = std::max(ImGui::CalcTextSize(tr("furniture.column_corner")).x, comboWidthFor(tr("furniture.corner.auto")));
  for (FurnitureCorner corner : kCorners) cornerWidth = std::max(cornerWidth, comboWidthFor(cornerLabel(corner)));
  // Whole pixels: the table floors its column widths, which would cut the last fraction of a glyph.
  itemWidth = std::ceil(itemWidth);
  cornerWidth = std::ceil(cornerWidth);
  const float tableWidth = itemWidth + cornerWidth + style.CellPadding.x * 4;
  const float panelWidth = tableWidth + style.WindowPadding.x * 2 + style.ScrollbarSize;
  ImGui::SetNextWindowSizeConstraints(ImVec2(panelWidth, em * 10), ImVec2(FLT_MAX, FLT_MAX));
  ImGui::SetNextWindowSize(ImVec2(panelWidth, em * 36), ImGuiCond_FirstUseEver);
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
  checkLabelFits(ui, tr("furniture.item.title"));
  textWithHint("##title", automatic.title, settings[FurnitureItem::Title].text);
  ImGui::TextUnformatted(tr("furniture.item.subtitle"));
  checkLabelFits(ui, tr("furniture.item.subtitle"));
  textWithHint("##subtitle", tr("furniture.subtitle_hint"), settings[FurnitureItem::Subtitle].text);
  ImGui::TextUnformatted(tr("furniture.item.attribution"));
  checkLabelFits(ui, tr("furniture.item.attribution"));
  textWithHint("##attribution", automatic.attribution, settings[FurnitureItem::Attribution].text);
  ImGui::TextUnformatted(tr("furniture.item.date"));
  checkLabelFits(ui, tr("furniture.item.date"));
  textWithHint("##date", automatic.date, settings[FurnitureItem::Date].text);

  ImGui::Spacing();
  if (ImGui::BeginTable("furnitureitems", 2, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg)) {
    ImGui::TableSetupColumn(tr("furniture.column_item"), ImGuiTableColumnFlags_WidthFixed, itemWidth);
    ImGui::TableSetupColumn(tr("furniture.column_corner"), ImGuiTableColumnFlags_WidthFixed, cornerWidth);
    ImGui::TableHeadersRow();
    for (FurnitureItem item : allFurnitureItems()) {
      FurnitureItemSettings& s = settings[item];
      ImGui::PushID(static_cast<int>(item));
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Checkbox(itemLabel(item), &s.show);
      checkLabelFits(ui, itemLabel(item));
      ImGui::TableNextColumn();
      const bool legend = item == FurnitureItem::Legend;
      const std::string current = legend && s.autoCorner ? tr("furniture.corner.auto") : cornerLabel(s.corner);
      ImGui::SetNextItemWidth(-FLT_MIN);  // the whole column (-1 would leave its last pixel out)
      if (ImGui::BeginCombo("##corner", current.c_str())) {
        if (legend && ImGui::Selectable(tr("furniture.corner.auto"), s.autoCorner)) s.autoCorner = true;
        for (FurnitureCorner corner : kCorners)
          if (ImGui::Selectable(cornerLabel(corner), !(legend && s.autoCorner) && s.corner == corner)) {
            s.corner = corner;
            s.autoCorner = false;
          }
        ImGui::EndCombo();
      }
      float longestChoice = legend ? comboWidthFor(tr("furniture.corner.auto")) : 0;
      for (FurnitureCorner corner : kCorners) longestChoice = std::max(longestChoice, comboWidthFor(cornerLabel(corner)));
      checkLabelFits(ui, current, longestChoice);
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  if (ImGui::Button(tr("furniture.reset"))) settings = FurnitureSettings{};
  if (!(settings == before)) storeFurnitureSettings(state.doc, settings);
  ImGui::End();
}

}  // namespace pk
