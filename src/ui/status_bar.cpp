// The status bar: cursor lon/lat, map scale 1:N and the map CRS. (The schematic-boundaries note is
// drawn on the map itself by the renderer, so exports carry it too.)
#include <string>

#include "core/i18n.h"
#include "imgui.h"
#include "ui/dashboard.h"

namespace pk {

float statusBarHeight() { return ImGui::GetFrameHeight(); }

void drawStatusBar(DashboardState& state, const ScreenRect& area) {
  const ImGuiStyle& style = ImGui::GetStyle();
  ImGui::SetNextWindowPos(ImVec2(area.x, area.y));
  ImGui::SetNextWindowSize(ImVec2(area.w, area.h));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(style.WindowPadding.x, style.FramePadding.y));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, style.Colors[ImGuiCol_MenuBarBg]);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                                 ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoScrollWithMouse;
  if (ImGui::Begin("##statusbar", nullptr, flags)) {
    const MapProjection* projection = state.doc.projection.get();
    if (projection && state.cursorOnMap) {
      const Vec2 lonLat = projection->toLonLat(state.cursorMap);
      ImGui::Text("%s %s\xC2\xB0  %s %s\xC2\xB0", tr("status.lon"), formatNumber(lonLat.x, 5).c_str(), tr("status.lat"),
                  formatNumber(lonLat.y, 5).c_str());
    } else {
      ImGui::TextDisabled("%s", tr("status.cursor_off_map"));
    }
    if (state.viewValid) {
      ImGui::SameLine(0, style.ItemSpacing.x * 4);
      // The window counts 96 dpi times its UI scale, as the renderer does for point sizes.
      const double denominator = state.view.scaleDenominator(96.0 * state.uiScale);
      ImGui::Text("%s 1:%s", tr("status.scale"), formatNumber(denominator, 0).c_str());
    }
    if (projection) {
      ImGui::SameLine(0, style.ItemSpacing.x * 4);
      // PROJ names the CRS in English ("WGS 84 / UTM zone 48S"): the word "zone" follows the UI language.
      std::string crs = projection->name();
      if (const size_t at = crs.find("UTM zone "); at != std::string::npos) crs.replace(at + 4, 4, tr("status.utm_zone"));
      ImGui::TextUnformatted(crs.c_str());
    }
    // The privacy view moves the points: say so, or a planner may read displaced points as real.
    if (windowShowsPrivacyView(state)) {
      ImGui::SameLine(0, style.ItemSpacing.x * 4);
      ImGui::TextColored(ImVec4(0.1f, 0.35f, 0.7f, 1.0f), "%s", tr("status.privacy_view"));
    }
  }
  ImGui::End();
  ImGui::PopStyleColor();
  ImGui::PopStyleVar(2);
}

}  // namespace pk
