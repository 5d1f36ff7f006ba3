// Presentation mode (issue 5): F5 toggles full screen with every panel hidden and larger type on the
// map; the project's bookmarks are the slides (Right/Page Down next, Left/Page Up previous, what a
// presentation clicker sends); Esc leaves. Also the bookmark editor (add the current view with its
// overlay and title, rename, delete), saved in the project's "bookmarks" section.
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "core/i18n.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "ui/dashboard.h"

namespace pk {

namespace {

std::vector<Bookmark> readBookmarks(DashboardState& state) {
  try {
    return bookmarksOf(state.doc);
  } catch (const std::exception& e) {
    showMessage(state, tr("bookmarks.read_failed"), e.what());
    state.doc.extraSections.erase("bookmarks");  // unreadable: replaced by the next bookmark saved
    return {};
  }
}

// What a bookmark remembers of the overlays: the map state as the window shows it (the suitability
// score with its scenario inline, so the bookmark replays without the planning panel).
nlohmann::json currentOverlays(const DashboardState& state) { return state.programme.settings; }

void applyFullScreen(DashboardState& state, bool fullScreen) {
  PresentationUi& ui = state.presentation;
  GLFWwindow* window = state.window;
  if (!window || ui.fullscreenApplied == fullScreen) return;
  if (fullScreen) {
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
    if (!monitor || !mode) return;  // no monitor to fill: panels still hide, the window stays
    glfwGetWindowPos(window, &ui.savedX, &ui.savedY);
    glfwGetWindowSize(window, &ui.savedW, &ui.savedH);
    glfwSetWindowMonitor(window, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
    ui.fullscreenApplied = true;
  } else {
    glfwSetWindowMonitor(window, nullptr, ui.savedX, ui.savedY, std::max(ui.savedW, 320), std::max(ui.savedH, 240), 0);
    ui.fullscreenApplied = false;
  }
}

void inputString(const char* label, std::string& text, float width) {
  char buffer[256];
  std::snprintf(buffer, sizeof buffer, "%s", text.c_str());
  ImGui::SetNextItemWidth(width);
  if (ImGui::InputText(label, buffer, sizeof buffer)) text = buffer;
}

// The bookmark window's Add: the view with the map state as the window shows it.
Bookmark bookmarkOfWindow(const DashboardState& state, const std::string& name, const std::string& title) {
  Bookmark b = bookmarkOf(state.view, *state.doc.projection, name, title);
  b.overlays = currentOverlays(state);
  return b;
}

}  // namespace

bool addBookmarkOfWindow(DashboardState& state, const std::string& name, const std::string& title) {
  std::vector<Bookmark> bookmarks = readBookmarks(state);
  if (name.empty() || !state.viewValid || !state.doc.projection || findBookmark(bookmarks, name)) return false;
  bookmarks.push_back(bookmarkOfWindow(state, name, title));
  storeBookmarks(state.doc, bookmarks);
  return true;
}

std::string currentSlideTitle(DashboardState& state) {
  const PresentationUi& ui = state.presentation;
  if (!ui.active || ui.slide < 0) return "";
  const std::vector<Bookmark> bookmarks = readBookmarks(state);
  if (ui.slide >= static_cast<int>(bookmarks.size())) return "";
  return bookmarks[ui.slide].title.empty() ? bookmarks[ui.slide].name : bookmarks[ui.slide].title;
}

void setPresentationMode(DashboardState& state, bool active) {
  PresentationUi& ui = state.presentation;
  if (ui.active == active) return;
  ui.active = active;
  state.planning.pickMode = MapPickMode::None;
  state.hoverFeature = -1;
  if (active) {
    // A meeting room is a public place: presentation starts in the privacy view (P turns it off),
    // and the slides' overlays are shown on loan, given back on leaving.
    ui.privacyBefore = ui.privacy;
    ui.privacy = true;
    ui.overlaysBefore = state.programme.settings;
    if (state.viewValid) ui.viewBefore = state.view;
  } else {
    ui.privacy = ui.privacyBefore;
    if (ui.overlaysBefore && !(*ui.overlaysBefore == state.programme.settings)) {
      state.programme.settings = *ui.overlaysBefore;
      overlaySettingsChanged(state);
    }
    ui.overlaysBefore.reset();
    if (ui.viewBefore) {
      // The place and scale the planner left; the map area's size follows the window as usual.
      state.view.center = ui.viewBefore->center;
      state.view.metresPerPixel = ui.viewBefore->metresPerPixel;
      state.viewValid = true;
      state.furniture.legendCorner.forget();
    }
    ui.viewBefore.reset();
    ui.slide = -1;
  }
  ui.hintSince = ImGui::GetTime();
  applyFullScreen(state, active);
}

void showSlide(DashboardState& state, int index) {
  const std::vector<Bookmark> bookmarks = readBookmarks(state);
  if (bookmarks.empty() || !state.doc.projection) return;
  index = std::clamp(index, 0, static_cast<int>(bookmarks.size()) - 1);
  const Bookmark& b = bookmarks[index];
  const float pointScale = state.view.pixelsPerPoint;
  // bookmarkOf saved the window's scale at its dpi (96 x UI scale); shown back at that dpi, the slide
  // covers the ground it covered when it was saved. The window keeps its own point scale.
  MapView view = bookmarkView(b, *state.doc.projection, std::max(1, state.view.widthPx),
                              std::max(1, state.view.heightPx), 96.0 * state.uiScale);
  view.pixelsPerPoint = pointScale;
  state.view = view;
  state.viewValid = true;
  state.viewIsFit = false;
  state.furniture.legendCorner.forget();  // a slide is a view of its own, laid out as its export
  if (b.overlays.is_object()) {
    // The slide's map state: overlays, filters, classification and the suitability score.
    try {
      const OverlaySettings settings = b.overlays.get<OverlaySettings>();
      if (!(settings == state.programme.settings)) {
        state.programme.settings = settings;
        overlaySettingsChanged(state);
      }
    } catch (const std::exception& e) {
      showMessage(state, tr("bookmarks.read_failed"), b.name + ": " + e.what());
    }
  }
  state.presentation.slide = index;
  state.presentation.hintSince = ImGui::GetTime();
}

void closeFrontDialogOnEscape(DashboardState& state) {
  state.escapeTaken = false;
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput || !ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)) return;
  if (ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel)) return;
  struct Dialog {
    const char* windowId;  // the "###" part of the dialog's ImGui window name
    bool* open;
  };
  const Dialog dialogs[] = {{"###snapshot", &state.snapshot.open}, {"###meetingpack", &state.meetingPack.dialogOpen}};
  const Dialog* front = nullptr;
  int frontIndex = -1;
  for (const Dialog& d : dialogs) {
    ImGuiWindow* window = *d.open ? ImGui::FindWindowByName(d.windowId) : nullptr;
    // Only a dialog the planner sees: presentation hides the export dialog without closing it.
    if (!window || !window->WasActive) continue;
    const int index = ImGui::FindWindowDisplayIndex(window);
    if (index > frontIndex) {
      frontIndex = index;
      front = &d;
    }
  }
  if (!front) return;
  *front->open = false;
  if (front->open == &state.meetingPack.dialogOpen) state.meetingPack.notAPackFolder.clear();  // as Cancel does
  state.escapeTaken = true;
}

void handlePresentationKeys(DashboardState& state) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;
  PresentationUi& ui = state.presentation;
  if (ImGui::IsKeyPressed(GLFW_KEY_F5, false)) {
    setPresentationMode(state, !ui.active);
    return;
  }
  if (!ui.active) return;
  if (ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false) && !state.escapeTaken) {
    setPresentationMode(state, false);
    return;
  }
  const bool next = ImGui::IsKeyPressed(GLFW_KEY_RIGHT) || ImGui::IsKeyPressed(GLFW_KEY_PAGE_DOWN) ||
                    ImGui::IsKeyPressed(GLFW_KEY_SPACE);
  const bool previous = ImGui::IsKeyPressed(GLFW_KEY_LEFT) || ImGui::IsKeyPressed(GLFW_KEY_PAGE_UP);
  if (next) showSlide(state, ui.slide + 1);
  if (previous) showSlide(state, ui.slide <= 0 ? 0 : ui.slide - 1);
  if (ImGui::IsKeyPressed(GLFW_KEY_P, false)) {
    ui.privacy = !ui.privacy;
    ui.hintSince = ImGui::GetTime();  // the footer says which view is on
  }
}

void drawPresentationOverlay(DashboardState& state) {
  if (!state.presentation.active) return;
  const std::vector<Bookmark> bookmarks = readBookmarks(state);
  ImDrawList* draw = ImGui::GetForegroundDrawList();
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const float em = ImGui::GetFontSize();
  // The title is the map furniture's (it is in the export too). Here only the slide number and, for
  // a few seconds after each change, the keys: small, at the bottom centre, which the furniture
  // leaves free by default.
  std::string footer;
  if (state.presentation.slide >= 0 && !bookmarks.empty()) {
    char text[64];
    std::snprintf(text, sizeof text, "%d / %zu", state.presentation.slide + 1, bookmarks.size());
    footer = text;
  }
  if (ImGui::GetTime() - state.presentation.hintSince < PresentationUi::kHintSeconds) {
    if (!footer.empty()) footer += "   ";
    if (state.presentation.privacy) footer += std::string(tr("present.privacy_on")) + "   ";
    footer += bookmarks.empty() ? tr("present.hint_no_slides") : tr("present.hint");
  }
  if (footer.empty()) return;
  const ImVec2 extent = ImGui::CalcTextSize(footer.c_str());
  const ImVec2 at((display.x - extent.x) * 0.5f, display.y - extent.y - em * 0.4f);
  draw->AddRectFilled(ImVec2(at.x - em * 0.3f, at.y - em * 0.15f), ImVec2(at.x + extent.x + em * 0.3f, at.y + extent.y + em * 0.15f),
                      IM_COL32(255, 255, 255, 190), em * 0.2f);
  draw->AddText(at, IM_COL32(60, 60, 60, 255), footer.c_str());
}

void drawBookmarkWindow(DashboardState& state) {
  PresentationUi& ui = state.presentation;
  if (!ui.bookmarksOpen || ui.active) return;
  const float em = ImGui::GetFontSize();
  ImGui::SetNextWindowSize(ImVec2(em * 30, em * 22), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowPos(ImVec2(state.mapRect.x + em, state.mapRect.y + em), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin((std::string(tr("bookmarks.title")) + "###bookmarks").c_str(), &ui.bookmarksOpen)) {
    ImGui::End();
    return;
  }
  std::vector<Bookmark> bookmarks = readBookmarks(state);
  bool changed = false;

  ImGui::TextWrapped("%s", tr("bookmarks.help"));
  inputString(tr("bookmarks.name"), ui.newBookmarkName, em * 14);
  inputString(tr("bookmarks.slide_title"), ui.newBookmarkTitle, em * 14);
  const bool canAdd = !ui.newBookmarkName.empty() && state.viewValid && state.doc.projection &&
                      !findBookmark(bookmarks, ui.newBookmarkName);
  if (!canAdd) ImGui::BeginDisabled();
  if (ImGui::Button(tr("bookmarks.add"))) {
    bookmarks.push_back(bookmarkOfWindow(state, ui.newBookmarkName, ui.newBookmarkTitle));
    ui.newBookmarkName.clear();
    ui.newBookmarkTitle.clear();
    changed = true;
  }
  if (!canAdd) ImGui::EndDisabled();
  if (!ui.newBookmarkName.empty() && findBookmark(bookmarks, ui.newBookmarkName))
    ImGui::TextDisabled("%s", tr("bookmarks.name_taken"));

  ImGui::Separator();
  int removeIndex = -1;
  for (size_t i = 0; i < bookmarks.size(); ++i) {
    ImGui::PushID(static_cast<int>(i));
    Bookmark& b = bookmarks[i];
    if (ui.renameIndex == static_cast<int>(i)) {
      inputString(tr("bookmarks.name"), ui.renameName, em * 10);
      inputString(tr("bookmarks.slide_title"), ui.renameTitle, em * 10);
      if (ImGui::SmallButton(tr("bookmarks.done")) && !ui.renameName.empty()) {
        const Bookmark* other = findBookmark(bookmarks, ui.renameName);
        if (!other || other == &b) {
          b.name = ui.renameName;
          b.title = ui.renameTitle;
          changed = true;
        }
        ui.renameIndex = -1;
      }
    } else {
      ImGui::Text("%zu. %s", i + 1, b.name.c_str());
      if (!b.title.empty()) {
        ImGui::SameLine();
        ImGui::TextDisabled("(%s)", b.title.c_str());
      }
      if (ImGui::SmallButton(tr("bookmarks.show"))) showSlide(state, static_cast<int>(i));
      ImGui::SameLine();
      if (ImGui::SmallButton(tr("bookmarks.update_view")) && state.doc.projection) {
        Bookmark updated = bookmarkOf(state.view, *state.doc.projection, b.name, b.title);
        updated.overlays = currentOverlays(state);
        b = updated;
        changed = true;
      }
      ImGui::SameLine();
      if (ImGui::SmallButton(tr("bookmarks.rename"))) {
        ui.renameIndex = static_cast<int>(i);
        ui.renameName = b.name;
        ui.renameTitle = b.title;
      }
      ImGui::SameLine();
      if (ImGui::SmallButton(tr("bookmarks.delete"))) removeIndex = static_cast<int>(i);
    }
    ImGui::PopID();
  }
  if (removeIndex >= 0) {
    bookmarks.erase(bookmarks.begin() + removeIndex);
    changed = true;
  }
  if (changed) storeBookmarks(state.doc, bookmarks);

  ImGui::Separator();
  ImGui::Checkbox(tr("present.privacy"), &ui.privacy);
  if (ImGui::Button(tr("present.start"))) {
    setPresentationMode(state, true);
    if (!bookmarks.empty()) showSlide(state, 0);
  }
  ImGui::End();
}

}  // namespace pk
