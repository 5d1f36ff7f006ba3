#include "ui/ui_fonts.h"

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "backends/imgui_impl_opengl3.h"
#include "imgui.h"

#ifndef PROKUS_FONT_DIR
#define PROKUS_FONT_DIR "/usr/share/fonts/truetype/dejavu"
#endif

namespace pk {

namespace {
ImFont* gBold = nullptr;

// Latin (Indonesian and English need no more), Latin Extended-A for names, general punctuation for
// the ellipsis and dashes, superscripts for km², arrows for the file browser.
const ImWchar kGlyphRanges[] = {0x0020, 0x00FF, 0x0100, 0x017F, 0x2010, 0x205E, 0x2070, 0x209F,
                                0x2190, 0x21FF, 0x25A0, 0x25FF, 0};

constexpr float kBaseFontPixels = 15.0f;
}  // namespace

ImFont* boldFont() { return gBold ? gBold : ImGui::GetFont(); }

bool rebuildFontsAndStyle(float uiScale, bool backendReady) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  gBold = nullptr;
  const float pixels = std::round(kBaseFontPixels * uiScale);
  const std::string regular = std::string(PROKUS_FONT_DIR) + "/DejaVuSans.ttf";
  const std::string bold = std::string(PROKUS_FONT_DIR) + "/DejaVuSans-Bold.ttf";
  bool ok = true;
  if (std::filesystem::exists(regular) && io.Fonts->AddFontFromFileTTF(regular.c_str(), pixels, nullptr, kGlyphRanges)) {
    if (std::filesystem::exists(bold)) gBold = io.Fonts->AddFontFromFileTTF(bold.c_str(), pixels, nullptr, kGlyphRanges);
  } else {
    std::fprintf(stderr, "prokus-map: %s not found (install fonts-dejavu-core); using the built-in font\n",
                 regular.c_str());
    ImFontConfig config;
    config.SizePixels = std::round(13.0f * uiScale);
    io.Fonts->AddFontDefault(&config);
    ok = false;
  }
  io.Fonts->Build();
  if (backendReady) {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }

  ImGuiStyle style;
  ImGui::StyleColorsLight(&style);
  style.WindowRounding = 4.0f;
  style.FrameRounding = 3.0f;
  style.PopupRounding = 3.0f;
  style.GrabRounding = 3.0f;
  style.WindowBorderSize = 1.0f;
  // White fields on white dialogs vanish without a border.
  style.FrameBorderSize = 1.0f;
  style.Colors[ImGuiCol_WindowBg] = ImVec4(0.96f, 0.96f, 0.95f, 1.0f);
  style.Colors[ImGuiCol_PopupBg] = ImVec4(0.97f, 0.97f, 0.96f, 1.0f);
  style.Colors[ImGuiCol_Border] = ImVec4(0.0f, 0.0f, 0.0f, 0.22f);
  style.Colors[ImGuiCol_MenuBarBg] = ImVec4(0.90f, 0.91f, 0.90f, 1.0f);
  style.Colors[ImGuiCol_ModalWindowDimBg] = ImVec4(0.15f, 0.15f, 0.15f, 0.35f);
  style.ScaleAllSizes(uiScale);
  ImGui::GetStyle() = style;
  return ok;
}

}  // namespace pk
