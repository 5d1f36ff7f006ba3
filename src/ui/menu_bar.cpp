// The main menu bar: File (open, projects, recent), View (fit, language, UI scale), Help (about),
// and their keyboard shortcuts.
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "core/i18n.h"
#include "core/table_io.h"
#include "imgui.h"
#include "ui/dashboard.h"

namespace pk {

namespace fs = std::filesystem;

namespace {

std::string browserStartFolder(const DashboardState& state) {
  if (!state.doc.projectPath.empty()) return fs::path(state.doc.projectPath).parent_path().string();
  return state.settings.lastDirectory;
}

void requestOpenData(DashboardState& state) { state.browser.open(BrowserPurpose::OpenData, browserStartFolder(state)); }
void requestOpenProject(DashboardState& state) {
  state.browser.open(BrowserPurpose::OpenProject, browserStartFolder(state));
}
void requestSaveAs(DashboardState& state) {
  std::string suggested = "peta.prokus.json";
  if (!state.doc.projectPath.empty()) suggested = fs::path(state.doc.projectPath).filename().string();
  state.browser.open(BrowserPurpose::SaveProject, browserStartFolder(state), suggested);
}
void requestSave(DashboardState& state) {
  if (state.doc.projectPath.empty())
    requestSaveAs(state);
  else
    saveProjectTo(state, state.doc.projectPath);
}

// ---- programme data (issue 3): File > Import, File > Save import template ----
void requestImport(DashboardState& state, ListKind kind) {
  FileBrowser& b = state.browser;
  b.custom = BrowserCustomTask{};
  b.custom.title = tr("menu.file.import_title");
  b.custom.label = std::string(tr("browser.filter_tables")) + " (csv, xlsx, ods, gpkg, geojson)";
  b.custom.extensions = {".csv", ".tsv", ".txt", ".xlsx", ".ods", ".gpkg", ".geojson", ".json"};
  b.custom.onChosen = [kind](DashboardState& s, const std::string& path) { beginImport(s, path, kind); };
  b.open(BrowserPurpose::Custom, browserStartFolder(state));
}

void requestImportTemplate(DashboardState& state, ListKind kind) {
  FileBrowser& b = state.browser;
  b.custom = BrowserCustomTask{};
  b.custom.title = tr("menu.file.template_title");
  b.custom.saving = true;
  b.custom.label = "CSV + XLSX (*.csv)";
  b.custom.extensions = {".csv"};
  b.custom.onChosen = [kind](DashboardState& s, const std::string& path) {
    // Both forms, side by side: name.csv and name.xlsx.
    const std::string xlsx = (fs::path(path).parent_path() / fs::path(path).stem()).string() + ".xlsx";
    try {
      refuseOverwritingInput(s, path);
      refuseOverwritingInput(s, xlsx);
      writeImportTemplate(path, kind);
      writeImportTemplate(xlsx, kind);
      showMessage(s, tr("menu.file.template_written"), path + "\n" + xlsx);
    } catch (const std::exception& e) {
      showMessage(s, tr("message.export_failed"), e.what());
    }
  };
  const char* name = kind == ListKind::Beneficiaries ? "template_penerima.csv"
                     : kind == ListKind::Mentors     ? "template_pendamping.csv"
                                                     : "template_tabel_kecamatan.csv";
  b.open(BrowserPurpose::Custom, browserStartFolder(state), name);
}

void drawProgrammeFileItems(DashboardState& state) {
  const bool canImport = state.doc.boundary() != nullptr;
  if (ImGui::BeginMenu(tr("menu.file.import"), canImport)) {
    if (ImGui::MenuItem(tr("import.kind.beneficiaries"))) requestImport(state, ListKind::Beneficiaries);
    if (ImGui::MenuItem(tr("import.kind.mentors"))) requestImport(state, ListKind::Mentors);
    if (ImGui::MenuItem(tr("import.kind.polygon_table"))) requestImport(state, ListKind::PolygonTable);
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(tr("menu.file.import_template"))) {
    if (ImGui::MenuItem(tr("import.kind.beneficiaries"))) requestImportTemplate(state, ListKind::Beneficiaries);
    if (ImGui::MenuItem(tr("import.kind.mentors"))) requestImportTemplate(state, ListKind::Mentors);
    if (ImGui::MenuItem(tr("import.kind.polygon_table"))) requestImportTemplate(state, ListKind::PolygonTable);
    ImGui::EndMenu();
  }
}

void drawProgrammeViewItems(DashboardState& state) {
  ImGui::MenuItem(tr("menu.view.overlay_panel"), nullptr, &state.programme.overlayPanelOpen);
  ImGui::MenuItem(tr("menu.view.table_panel"), nullptr, &state.programme.tablePanelOpen);
  ImGui::MenuItem(tr("menu.view.categories"), nullptr, &state.programme.categoriesEditor.open);
}
// ---- end programme data ----

void setUiScale(DashboardState& state, float chosen) {
  state.settings.uiScale = chosen;
  const float effective = chosen > 0 ? chosen : state.monitorScale;
  if (std::fabs(effective - state.uiScale) > 1e-3f) {
    state.uiScale = effective;
    state.fontRebuildRequested = true;
  }
  persistSettings(state);
}

void setLanguageChoice(DashboardState& state, Language chosen) {
  setLanguage(chosen);
  state.settings.language = chosen;
  persistSettings(state);
}

void handleShortcuts(DashboardState& state, bool& quitRequested) {
  const ImGuiIO& io = ImGui::GetIO();
  const bool popupOpen = ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel);
  if (!io.KeyCtrl || popupOpen) return;
  // ImGui 1.86 indexes KeysDown by GLFW key codes.
  if (ImGui::IsKeyPressed(GLFW_KEY_O, false)) {
    if (io.KeyShift)
      requestOpenProject(state);
    else
      requestOpenData(state);
  }
  if (ImGui::IsKeyPressed(GLFW_KEY_S, false) && !state.doc.layers.empty()) {
    if (io.KeyShift)
      requestSaveAs(state);
    else
      requestSave(state);
  }
  if (ImGui::IsKeyPressed(GLFW_KEY_Q, false)) quitRequested = true;
  // Planning, export and presentation (uiplan)
  if (ImGui::IsKeyPressed(GLFW_KEY_E, false) && state.viewValid) openSnapshotDialog(state);
}

}  // namespace

float menuBarHeight() { return ImGui::GetFrameHeight(); }

void drawMenuBar(DashboardState& state, bool& quitRequested) {
  handleShortcuts(state, quitRequested);
  if (!ImGui::BeginMainMenuBar()) return;

  if (ImGui::BeginMenu(tr("menu.file"))) {
    if (ImGui::MenuItem(tr("menu.file.open"), "Ctrl+O")) requestOpenData(state);
    if (ImGui::MenuItem(tr("menu.file.open_project"), "Ctrl+Shift+O")) requestOpenProject(state);
    if (ImGui::MenuItem(tr("menu.file.open_database"))) openDatabaseDialog(state);
    ImGui::Separator();
    drawProgrammeFileItems(state);
    ImGui::Separator();
    if (ImGui::MenuItem(tr("menu.file.save_project"), "Ctrl+S", false, !state.doc.layers.empty()))
      requestSave(state);
    if (ImGui::MenuItem(tr("menu.file.save_project_as"), "Ctrl+Shift+S", false, !state.doc.layers.empty()))
      requestSaveAs(state);
    // ---- export (uiplan) ----
    ImGui::Separator();
    if (ImGui::MenuItem(tr("menu.file.export_snapshot"), "Ctrl+E", false, state.viewValid)) openSnapshotDialog(state);
    if (ImGui::MenuItem(tr("menu.file.export_pack"), nullptr, false,
                        state.viewValid && state.doc.boundary() && state.meetingPack.pid == 0))
      requestMeetingPack(state);
    ImGui::Separator();
    if (ImGui::BeginMenu(tr("menu.file.recent"), !state.settings.recentProjects.empty())) {
      std::string chosen;
      for (const auto& path : state.settings.recentProjects)
        if (ImGui::MenuItem(path.c_str())) chosen = path;
      ImGui::Separator();
      if (ImGui::MenuItem(tr("menu.file.recent_clear"))) {
        state.settings.recentProjects.clear();
        persistSettings(state);
      }
      ImGui::EndMenu();
      if (!chosen.empty()) {
        openProjectFile(state, chosen);
        setWindowTitle(state);
      }
    }
    ImGui::Separator();
    if (ImGui::MenuItem(tr("menu.file.quit"), "Ctrl+Q")) quitRequested = true;
    ImGui::EndMenu();
  }

  if (ImGui::BeginMenu(tr("menu.view"))) {
    if (ImGui::MenuItem(tr("menu.view.fit"), "Home", false, state.viewValid)) fitToData(state);
    if (ImGui::MenuItem(tr("menu.view.zoom_selection"), nullptr, false, state.selectedFeature >= 0))
      zoomToSelection(state);
    // ---- planning, bookmarks, presentation (uiplan) ----
    ImGui::Separator();
    bool layerPanelShown = !state.dock.layersAsStrip;
    if (ImGui::MenuItem(tr("menu.view.layer_panel"), nullptr, &layerPanelShown))
      state.dock.layerPanel = layerPanelShown ? DockUi::LayerPanel::Open : DockUi::LayerPanel::Strip;
    ImGui::MenuItem(tr("menu.view.planning"), nullptr, &state.planning.panelOpen, state.doc.boundary() != nullptr);
    ImGui::MenuItem(tr("menu.view.bookmarks"), nullptr, &state.presentation.bookmarksOpen, state.viewValid);
    if (ImGui::MenuItem(tr("menu.view.present"), "F5", false, state.viewValid)) setPresentationMode(state, true);
    ImGui::MenuItem(tr("menu.view.furniture"), nullptr, &state.furniture.panelOpen, state.viewValid);
    ImGui::MenuItem(tr("menu.view.privacy"), nullptr, &state.presentation.privacy);
    ImGui::Separator();
    drawProgrammeViewItems(state);
    ImGui::Separator();
    if (ImGui::BeginMenu(tr("menu.view.language"))) {
      if (ImGui::MenuItem("Bahasa Indonesia", nullptr, language() == Language::Indonesian))
        setLanguageChoice(state, Language::Indonesian);
      if (ImGui::MenuItem("English", nullptr, language() == Language::English))
        setLanguageChoice(state, Language::English);
      ImGui::EndMenu();
    }
    if (ImGui::BeginMenu(tr("menu.view.ui_scale"))) {
      const std::string automatic = std::string(tr("menu.view.ui_scale_auto")) + " (" +
                                    formatNumber(state.monitorScale * 100.0, 0) + "%)";
      if (ImGui::MenuItem(automatic.c_str(), nullptr, state.settings.uiScale <= 0)) setUiScale(state, 0);
      for (const float scale : {1.0f, 1.25f, 1.5f, 1.75f, 2.0f, 2.5f}) {
        const std::string label = formatNumber(scale * 100.0, 0) + "%";
        if (ImGui::MenuItem(label.c_str(), nullptr, std::fabs(state.settings.uiScale - scale) < 1e-3f))
          setUiScale(state, scale);
      }
      ImGui::EndMenu();
    }
    ImGui::EndMenu();
  }

  if (ImGui::BeginMenu(tr("menu.help"))) {
    if (ImGui::MenuItem(tr("menu.help.about"))) state.aboutRequested = true;
    ImGui::EndMenu();
  }
  ImGui::EndMainMenuBar();
}

}  // namespace pk
