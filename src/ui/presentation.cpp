// Presentation mode (issue 5): F5 toggles full screen with every panel hidden and larger type on the
// map; the project's bookmarks are the slides (Right/Page Down next, Left/Page Up previous, what a
// presentation clicker sends); Esc leaves. Also the bookmark editor (add the current view with its
// overlay and title, rename, reorder, delete, each with a thumbnail rendered as its export), saved
// in the project's "bookmarks" section, whose order is the slide order.
#include <epoxy/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
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

namespace {

// What the slide of `b` shows in the map area now, scaled down to fit maxWidth x maxHeight pixels
// (the ground and the furniture's proportions kept, as the export dialog's preview does).
MapView thumbnailViewOf(const DashboardState& state, const Bookmark& b, int maxWidth, int maxHeight) {
  MapView slide = bookmarkView(b, *state.doc.projection, std::max(1, state.view.widthPx),
                               std::max(1, state.view.heightPx), 96.0 * state.uiScale);
  slide.pixelsPerPoint = state.view.pixelsPerPoint;
  return snapshotPreviewView(slide, maxWidth, maxHeight);
}

// The bookmark drawn as its export: through renderSnapshotImage with the bookmark's map state on
// loan (as a slide shows it), given back afterwards.
RgbaImage renderBookmarkThumbnail(DashboardState& state, const Bookmark& b, const MapView& view) {
  const OverlaySettings windowSettings = state.programme.settings;
  if (b.overlays.is_object()) {
    try {
      state.programme.settings = b.overlays.get<OverlaySettings>();
    } catch (const std::exception&) {
      // Drawn with the window's overlays; showing the slide says what is wrong with them.
    }
  }
  RgbaImage image;
  try {
    image = renderSnapshotImage(state, view, false);
  } catch (...) {
    state.programme.settings = windowSettings;
    throw;
  }
  state.programme.settings = windowSettings;
  return image;
}

void uploadThumbnail(PresentationUi::Thumbnail& thumbnail, const RgbaImage& image) {
  uploadImageTexture(thumbnail.texture, image);
  thumbnail.width = image.width;
  thumbnail.height = image.height;
}

// Renders the thumbnails whose bookmark (or the map area, or the document) changed, one a frame so
// opening a project with many bookmarks does not stall the window; drops those of deleted ones.
void updateThumbnails(DashboardState& state, const std::vector<Bookmark>& bookmarks, int maxWidth, int maxHeight) {
  auto& thumbnails = state.presentation.thumbnails;
  for (auto it = thumbnails.begin(); it != thumbnails.end();) {
    if (findBookmark(bookmarks, it->first) && findBookmark(bookmarks, it->first)->name == it->first) {
      ++it;
      continue;
    }
    if (it->second.texture) glDeleteTextures(1, &it->second.texture);
    it = thumbnails.erase(it);
  }
  if (!state.renderer || !state.viewValid || !state.doc.projection || state.view.widthPx <= 0) return;
  const std::string documentKey = state.doc.projectPath + "|" + std::to_string(state.doc.layers.size()) + "|" +
                                  std::to_string(state.view.widthPx) + "x" + std::to_string(state.view.heightPx) +
                                  "|" + std::to_string(maxWidth) + "x" + std::to_string(maxHeight);
  for (const Bookmark& b : bookmarks) {
    const std::string key = nlohmann::json(b).dump() + "|" + documentKey;
    PresentationUi::Thumbnail& thumbnail = thumbnails[b.name];
    if (thumbnail.key == key) continue;
    thumbnail.key = key;
    try {
      uploadThumbnail(thumbnail, renderBookmarkThumbnail(state, b, thumbnailViewOf(state, b, maxWidth, maxHeight)));
    } catch (const std::exception& e) {
      std::fprintf(stderr, "prokus-map: bookmark '%s': no thumbnail: %s\n", b.name.c_str(), e.what());
    }
    return;  // one a frame
  }
}

// A small button with its longer meaning as a tooltip.
bool smallButtonWithTip(const char* label, const char* tip) {
  const bool pressed = ImGui::SmallButton(label);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
  return pressed;
}

bool arrowButtonWithTip(const char* id, ImGuiDir dir, const char* tip) {
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(ImGui::GetStyle().FramePadding.x, 0));
  const bool pressed = ImGui::ArrowButton(id, dir);
  ImGui::PopStyleVar();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
  return pressed;
}

}  // namespace

void releaseBookmarkThumbnails(DashboardState& state) {
  for (auto& [name, thumbnail] : state.presentation.thumbnails)
    if (thumbnail.texture) glDeleteTextures(1, &thumbnail.texture);
  state.presentation.thumbnails.clear();
}

void drawBookmarkWindow(DashboardState& state) {
  PresentationUi& ui = state.presentation;
  if (!ui.bookmarksOpen || ui.active) return;
  const float em = ImGui::GetFontSize();
  placeDockedPanel(state, DockSlot::Bookmarks);
  if (!ImGui::Begin((std::string(tr("bookmarks.title")) + "###bookmarks").c_str(), &ui.bookmarksOpen,
                    dockedPanelFlags())) {
    ImGui::End();
    return;
  }
  ImGui::TextWrapped("%s", tr("bookmarks.help"));
  inputString(tr("bookmarks.name"), ui.newBookmarkName, em * 12);
  inputString(tr("bookmarks.slide_title"), ui.newBookmarkTitle, em * 12);
  {
    const std::vector<Bookmark> current = readBookmarks(state);
    const bool canAdd = !ui.newBookmarkName.empty() && state.viewValid && state.doc.projection &&
                        !findBookmark(current, ui.newBookmarkName);
    if (!canAdd) ImGui::BeginDisabled();
    if (ImGui::Button(tr("bookmarks.add")) && addBookmarkOfWindow(state, ui.newBookmarkName, ui.newBookmarkTitle)) {
      ui.newBookmarkName.clear();
      ui.newBookmarkTitle.clear();
    }
    if (!canAdd) ImGui::EndDisabled();
    if (!ui.newBookmarkName.empty() && findBookmark(current, ui.newBookmarkName))
      ImGui::TextDisabled("%s", tr("bookmarks.name_taken"));
  }
  std::vector<Bookmark> bookmarks = readBookmarks(state);
  bool changed = false;

  // One compact row per bookmark: its thumbnail, name and slide title, and small buttons.
  const int thumbMaxW = static_cast<int>(std::lround(em * 6.5f)), thumbMaxH = static_cast<int>(std::lround(em * 5));
  updateThumbnails(state, bookmarks, thumbMaxW, thumbMaxH);
  ImGui::Separator();
  int removeIndex = -1, moveFrom = -1, moveBy = 0;
  if (ImGui::BeginTable("bookmarklist", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
    ImGui::TableSetupColumn("thumbnail", ImGuiTableColumnFlags_WidthFixed, static_cast<float>(thumbMaxW));
    ImGui::TableSetupColumn("bookmark", ImGuiTableColumnFlags_WidthStretch);
    for (size_t i = 0; i < bookmarks.size(); ++i) {
      const int index = static_cast<int>(i);
      Bookmark& b = bookmarks[i];
      ImGui::PushID(index);
      ImGui::TableNextRow(ImGuiTableRowFlags_None, static_cast<float>(thumbMaxH));
      ImGui::TableNextColumn();
      const auto thumbnail = ui.thumbnails.find(b.name);
      if (thumbnail != ui.thumbnails.end() && thumbnail->second.texture) {
        const PresentationUi::Thumbnail& t = thumbnail->second;
        ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(t.texture)),
                     ImVec2(static_cast<float>(t.width), static_cast<float>(t.height)));
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("bookmarks.show"));
        if (ImGui::IsItemClicked()) showSlide(state, index);
      }
      ImGui::TableNextColumn();
      if (ui.renameIndex == index) {
        inputString(tr("bookmarks.name"), ui.renameName, em * 8);
        inputString(tr("bookmarks.slide_title"), ui.renameTitle, em * 8);
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
        if (!b.title.empty()) ImGui::TextDisabled("%s", b.title.c_str());
        if (arrowButtonWithTip("show", ImGuiDir_Right, tr("bookmarks.show"))) showSlide(state, index);
        ImGui::SameLine();
        if (index == 0) ImGui::BeginDisabled();
        if (arrowButtonWithTip("up", ImGuiDir_Up, tr("bookmarks.move_up"))) moveFrom = index, moveBy = -1;
        if (index == 0) ImGui::EndDisabled();
        ImGui::SameLine();
        if (index + 1 == static_cast<int>(bookmarks.size())) ImGui::BeginDisabled();
        if (arrowButtonWithTip("down", ImGuiDir_Down, tr("bookmarks.move_down"))) moveFrom = index, moveBy = 1;
        if (index + 1 == static_cast<int>(bookmarks.size())) ImGui::EndDisabled();
        ImGui::SameLine();
        if (smallButtonWithTip("\xC3\x97", tr("bookmarks.delete"))) removeIndex = index;
        if (smallButtonWithTip(tr("bookmarks.update_short"), tr("bookmarks.update_view")) && state.doc.projection) {
          Bookmark updated = bookmarkOf(state.view, *state.doc.projection, b.name, b.title);
          updated.overlays = currentOverlays(state);
          b = updated;
          changed = true;
        }
        ImGui::SameLine();
        if (smallButtonWithTip(tr("bookmarks.rename"), tr("bookmarks.rename_tip"))) {
          ui.renameIndex = index;
          ui.renameName = b.name;
          ui.renameTitle = b.title;
        }
      }
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  if (moveFrom >= 0 && moveBookmark(bookmarks, moveFrom, moveBy) >= 0) changed = true;
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
