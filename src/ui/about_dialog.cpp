// Help > About: what the program is for, where its data comes from, and what it is built with.
#include <string>

#include "core/i18n.h"
#include "imgui.h"
#include "ui/dashboard.h"
#include "ui/ui_fonts.h"

namespace pk {

void drawAboutDialog(DashboardState& state) {
  const char* popupId = "###aboutdialog";
  if (state.aboutRequested) {
    state.aboutRequested = false;
    ImGui::OpenPopup(popupId);
  }
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f), ImGuiCond_Appearing,
                          ImVec2(0.5f, 0.5f));
  const std::string title = std::string(tr("about.title")) + popupId;
  if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32);
  ImGui::PushFont(boldFont());
  ImGui::TextUnformatted("ProKUS Map");
  ImGui::PopFont();
  ImGui::TextWrapped("%s", tr("about.purpose"));
  ImGui::Spacing();
  ImGui::TextWrapped("%s", tr("about.data"));
  ImGui::Spacing();
  ImGui::TextWrapped("%s", tr("about.built_with"));
  ImGui::TextDisabled("Dear ImGui %s", ImGui::GetVersion());
  ImGui::PopTextWrapPos();
  ImGui::Separator();
  if (ImGui::Button(tr("common.close"), ImVec2(ImGui::GetFontSize() * 6, 0)) ||
      ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false))
    ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

}  // namespace pk
