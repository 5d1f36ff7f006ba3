// The side panel: one section per layer (visibility, boundary choice, fill, outline, opacity, labels,
// name/code fields, remove) and the selected polygon's attributes.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>

#include "core/i18n.h"
#include "core/map_state.h"
#include "imgui.h"
#include "ui/dashboard.h"
#include "ui/ui_fonts.h"

namespace pk {

namespace {

bool editColour(const char* label, Rgba& colour) {
  float rgb[3] = {colour.r / 255.0f, colour.g / 255.0f, colour.b / 255.0f};
  if (!ImGui::ColorEdit3(label, rgb, ImGuiColorEditFlags_NoInputs)) return false;
  auto channel = [](float v) { return static_cast<std::uint8_t>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f)); };
  colour.r = channel(rgb[0]);
  colour.g = channel(rgb[1]);
  colour.b = channel(rgb[2]);
  return true;
}

// A combo over the layer's fields with a "none" entry; returns true when the choice changed.
bool fieldCombo(const char* label, const Layer& layer, int& field) {
  const char* preview = field >= 0 && field < static_cast<int>(layer.fieldNames.size())
                            ? layer.fieldNames[field].c_str()
                            : tr("layer.field_none");
  bool changed = false;
  if (ImGui::BeginCombo(label, preview)) {
    if (ImGui::Selectable(tr("layer.field_none"), field < 0)) {
      changed = field != -1;
      field = -1;
    }
    for (int i = 0; i < static_cast<int>(layer.fieldNames.size()); ++i) {
      ImGui::PushID(i);
      if (ImGui::Selectable(layer.fieldNames[i].c_str(), field == i)) {
        changed = field != i;
        field = i;
      }
      ImGui::PopID();
    }
    ImGui::EndCombo();
  }
  return changed;
}

const char* kindLabel(GeometryKind kind) {
  switch (kind) {
    case GeometryKind::Polygon: return tr("layer.kind_polygon");
    case GeometryKind::Line: return tr("layer.kind_line");
    case GeometryKind::Point: return tr("layer.kind_point");
  }
  return "";
}

// A property row: the label in the left column, the widget (with a hidden "##" label) filling the rest,
// so long Indonesian labels are never clipped by the widget.
void propertyLabel(const char* label) {
  const float labelColumn = ImGui::GetContentRegionAvail().x * 0.45f;
  const float startX = ImGui::GetCursorPosX();
  ImGui::AlignTextToFramePadding();
  ImGui::PushTextWrapPos(startX + labelColumn - ImGui::GetStyle().ItemSpacing.x);
  ImGui::TextUnformatted(label);
  ImGui::PopTextWrapPos();
  ImGui::SameLine(startX + labelColumn);
  ImGui::SetNextItemWidth(-1);
}

// A layer to move in the draw order: its index and +1 (up) or -1 (down).
using LayerMove = std::optional<std::pair<size_t, int>>;

// Returns true if the planner asked to remove the layer; an up/down click goes into `move`.
bool drawLayerSection(DashboardState& state, size_t index, LayerMove& move) {
  Layer& layer = *state.doc.layers[index];
  LayerStyle& style = layer.style;
  const bool isBoundary = static_cast<int>(index) == state.doc.boundaryLayer;
  bool removeRequested = false;

  ImGui::PushID(static_cast<int>(index));
  ImGui::Checkbox("##visible", &layer.visible);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("layer.visible"));
  // Draw order: the list shows the top layer first; up draws the layer above its neighbour.
  ImGui::SameLine();
  if (ImGui::ArrowButton("##up", ImGuiDir_Up)) move = {{index, +1}};
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("layer.move_up"));
  ImGui::SameLine(0, 2);
  if (ImGui::ArrowButton("##down", ImGuiDir_Down)) move = {{index, -1}};
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("layer.move_down"));
  ImGui::SameLine();
  const std::string header = layer.displayName + "###layer";
  const bool open = ImGui::CollapsingHeader(header.c_str(), isBoundary ? ImGuiTreeNodeFlags_DefaultOpen : 0);
  if (open) {
    ImGui::Indent();
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
    ImGui::TextWrapped("%s \xC2\xB7 %s %s \xC2\xB7 %s", kindLabel(layer.kind),
                       formatNumber(static_cast<double>(layer.features.size()), 0).c_str(), tr("layer.features"),
                       std::filesystem::path(layer.path).filename().string().c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", layer.path.c_str());
    ImGui::TextWrapped("%s: %s", tr("layer.source_crs"), layer.sourceCrs.c_str());
    ImGui::PopStyleColor();

    if (layer.kind == GeometryKind::Polygon) {
      if (isBoundary) {
        ImGui::TextColored(ImVec4(0.1f, 0.4f, 0.2f, 1.0f), "%s", tr("layer.is_boundary"));
      } else if (ImGui::SmallButton(tr("layer.make_boundary"))) {
        state.doc.boundaryLayer = static_cast<int>(index);
      }
      int mode = style.fillMode == FillMode::ByFeature ? 0 : 1;
      const char* modes[] = {tr("layer.fill_by_feature"), tr("layer.fill_single")};
      propertyLabel(tr("layer.fill_mode"));
      // A fill the planner chose is kept under points and heat (core/map_state.h, baseFillIsNeutral).
      if (ImGui::Combo("##fillmode", &mode, modes, 2)) {
        style.fillMode = mode == 0 ? FillMode::ByFeature : FillMode::Single;
        style.fillChosen = true;
      }
      if (style.fillMode == FillMode::Single) {
        propertyLabel(tr("layer.fill_colour"));
        if (editColour("##fill", style.fill)) style.fillChosen = true;
      }
      float opacityPercent = style.fillOpacity * 100.0f;
      propertyLabel(tr("layer.fill_opacity"));
      if (ImGui::SliderFloat("##opacity", &opacityPercent, 0.0f, 100.0f, "%.0f%%")) {
        style.fillOpacity = std::clamp(opacityPercent / 100.0f, 0.0f, 1.0f);
        style.fillChosen = true;
      }
    }
    if (layer.kind == GeometryKind::Point) {
      propertyLabel(tr("layer.point_colour"));
      editColour("##pointcolour", style.fill);
      propertyLabel(tr("layer.point_size"));
      ImGui::SliderFloat("##pointsize", &style.pointSizePt, 1.0f, 20.0f, "%.1f pt");
    }
    propertyLabel(tr("layer.outline_colour"));
    editColour("##outline", style.outline);
    propertyLabel(tr("layer.outline_width"));
    ImGui::SliderFloat("##outlinewidth", &style.outlineWidthPt, 0.0f, 5.0f, "%.2f pt");

    if (layer.kind == GeometryKind::Polygon) {
      propertyLabel(tr("layer.show_labels"));
      ImGui::Checkbox("##labels", &style.showLabels);
      if (style.showLabels) {
        propertyLabel(tr("layer.label_size"));
        ImGui::SliderFloat("##labelsize", &style.labelSizePt, 5.0f, 24.0f, "%.1f pt");
      }
    }
    // The app guessed these from common field names; the planner has the last word.
    propertyLabel(tr("layer.name_field"));
    fieldCombo("##namefield", layer, layer.nameField);  // labels and tooltips read it every frame
    propertyLabel(tr("layer.code_field"));
    fieldCombo("##codefield", layer, layer.codeField);

    if (ImGui::Button(tr("layer.remove"))) removeRequested = true;
    ImGui::Unindent();
    ImGui::Spacing();
  }
  ImGui::PopID();
  return removeRequested;
}

// Attribute text as the planner wants to read it: a real number stored with binary noise
// ("52.854999999999997") shows as "52.855"; everything else exactly as in the file.
std::string readableValue(const std::string& value) {
  if (value.size() < 12 || value.find('.') == std::string::npos) return value;
  char* end = nullptr;
  const double number = std::strtod(value.c_str(), &end);
  if (!end || *end != '\0' || !std::isfinite(number)) return value;
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.10g", number);
  return buffer;
}

void drawSelection(DashboardState& state) {
  const Layer* boundary = state.doc.boundary();
  if (!boundary || state.selectedFeature < 0 || state.selectedFeature >= static_cast<int>(boundary->features.size()))
    return;
  const size_t i = static_cast<size_t>(state.selectedFeature);
  const Feature& feature = boundary->features[i];
  ImGui::Separator();
  ImGui::PushFont(boldFont());
  ImGui::TextUnformatted(tr("panel.selection"));
  ImGui::PopFont();
  ImGui::TextWrapped("%s", boundary->featureName(i).c_str());
  ImGui::Text("%s: %s km\xC2\xB2", tr("feature.area"), formatNumber(feature.areaKm2, 2).c_str());
  if (ImGui::SmallButton(tr("panel.zoom_to_selection"))) zoomToSelection(state);
  ImGui::SameLine();
  if (ImGui::SmallButton(tr("panel.clear_selection"))) state.selectedFeature = -1;
  // The indicators, as the map and the table show them; the file's own fields only on request.
  drawFeatureIndicators(state, i, false);
  if (ImGui::CollapsingHeader(tr("panel.file_fields")) &&
      ImGui::BeginTable("##attributes", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
    ImGui::TableSetupColumn(tr("panel.field"), ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn(tr("panel.value"), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    for (size_t f = 0; f < boundary->fieldNames.size() && f < feature.values.size(); ++f) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::TextUnformatted(boundary->fieldNames[f].c_str());
      ImGui::TableSetColumnIndex(1);
      ImGui::TextWrapped("%s", readableValue(feature.values[f]).c_str());  // long values wrap in the column
    }
    ImGui::EndTable();
  }
}

}  // namespace

void drawLayerPanel(DashboardState& state, const ScreenRect& area) {
  const float minWidth = std::round(220.0f * state.uiScale);
  const float maxWidth = std::max(minWidth, ImGui::GetIO().DisplaySize.x * 0.6f);
  state.sidePanelWidth = std::clamp(state.sidePanelWidth, minWidth, maxWidth);
  ImGui::SetNextWindowPos(ImVec2(area.x, area.y));
  ImGui::SetNextWindowSize(ImVec2(state.sidePanelWidth, area.h),
                           state.sidePanelWidthForced ? ImGuiCond_Always : ImGuiCond_Appearing);
  state.sidePanelWidthForced = false;
  // Only the width can be changed (by dragging the right edge); the height follows the window.
  ImGui::SetNextWindowSizeConstraints(ImVec2(minWidth, area.h), ImVec2(maxWidth, area.h));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                 ImGuiWindowFlags_NoBringToFrontOnFocus;
  if (ImGui::Begin("##layerpanel", nullptr, flags)) {
    state.sidePanelWidth = ImGui::GetWindowWidth();
    ImGui::PushFont(boldFont());
    ImGui::TextUnformatted(tr("panel.layers"));
    ImGui::PopFont();
    ImGui::Separator();
    if (state.doc.layers.empty()) {
      ImGui::TextWrapped("%s", tr("panel.no_layers"));
    }
    std::optional<size_t> toRemove;
    LayerMove move;
    // Top layer first (drawn last), as GIS layer lists read.
    for (size_t k = state.doc.layers.size(); k-- > 0;)
      if (drawLayerSection(state, k, move)) toRemove = k;
    if (move) moveLayer(state.doc, static_cast<int>(move->first), move->second);
    if (toRemove) removeLayer(state, *toRemove);
    if (ImGui::Button(tr("panel.add_layer"))) state.browser.open(BrowserPurpose::OpenData, state.settings.lastDirectory);
    drawSelection(state);
  }
  ImGui::End();
  ImGui::PopStyleVar();
}

}  // namespace pk
