// The message popup: problems opening or saving files, one at a time, oldest first. The map behind it
// is unchanged.
#include <algorithm>
#include <string>

#include "core/i18n.h"
#include "imgui.h"
#include "ui/dashboard.h"
#include "ui/ui_fonts.h"

namespace pk {

void drawMessagePopup(DashboardState& state) {
  const char* popupId = "###messagepopup";
  if (state.messages.empty()) return;
  // Other dialogs go first; the message opens once they are closed.
  if (!ImGui::IsPopupOpen(popupId) &&
      !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel))
    ImGui::OpenPopup(popupId);

  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f), ImGuiCond_Appearing,
                          ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSizeConstraints(ImVec2(ImGui::GetFontSize() * 24, 0),
                                      ImVec2(std::max(ImGui::GetFontSize() * 24, io.DisplaySize.x * 0.8f),
                                             io.DisplaySize.y * 0.8f));
  const std::string title = std::string(tr("message.title")) + popupId;
  if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  const UiMessage& message = state.messages.front();
  ImGui::PushFont(boldFont());
  ImGui::TextUnformatted(message.heading.c_str());
  ImGui::PopFont();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 40);
  ImGui::TextUnformatted(message.detail.c_str());
  ImGui::PopTextWrapPos();
  ImGui::Spacing();
  if (!message.mapChanged) ImGui::TextDisabled("%s", tr("message.map_kept"));
  if (state.messages.size() > 1)
    ImGui::TextDisabled("%s: %zu", tr("message.more_waiting"), state.messages.size() - 1);
  ImGui::Separator();
  // Not on the frame it appears: the Enter that confirmed a file in the browser must not dismiss the
  // message about that file before anyone saw it.
  const bool enter = !ImGui::IsWindowAppearing() && (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) ||
                     ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter), false) ||
                     ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false));
  if (ImGui::Button(tr("common.ok"), ImVec2(ImGui::GetFontSize() * 6, 0)) || enter) {
    state.messages.pop_front();
    ImGui::CloseCurrentPopup();
  }
  ImGui::SetItemDefaultFocus();
  ImGui::EndPopup();
}

}  // namespace pk
