// The "Files moved" dialog: a project whose data files are not where it says lists them, each with a
// Find button (the file browser, nested in this modal); finding one finds the others of the same name
// in its folder. Open reads them from there; the project file is only written by a later save.
#include <cstdio>
#include <filesystem>
#include <string>

#include "core/i18n.h"
#include "imgui.h"
#include "ui/dashboard.h"
#include "ui/ui_fonts.h"

namespace pk {

namespace fs = std::filesystem;

namespace {

const char* roleLabel(ProjectFileRole role) {
  switch (role) {
    case ProjectFileRole::BoundaryLayer: return tr("relocate.role.boundary_layer");
    case ProjectFileRole::ContextLayer: return tr("relocate.role.context_layer");
    case ProjectFileRole::Beneficiaries: return tr("import.kind_name.beneficiaries");
    case ProjectFileRole::Mentors: return tr("import.kind_name.mentors");
    case ProjectFileRole::PolygonTable: return tr("import.kind_name.polygon_table");
  }
  return "";
}

bool allLocated(const RelocationUi& r) {
  for (const auto& m : r.missing)
    if (!r.located.count(m.resolvedPath)) return false;
  return true;
}

// The browser starts where the last file was found, else in the project's folder.
std::string findStartFolder(const DashboardState& state) {
  const RelocationUi& r = state.relocation;
  for (const auto& m : r.missing)
    if (auto it = r.located.find(m.resolvedPath); it != r.located.end())
      return fs::path(it->second).parent_path().string();
  return fs::path(r.projectPath).parent_path().string();
}

void findFile(DashboardState& state, size_t index) {
  const MissingProjectFile& m = state.relocation.missing[index];
  const std::string name = fs::path(m.resolvedPath).filename().string();
  const std::string extension = fs::path(name).extension().string();
  FileBrowser& b = state.browser;
  b.custom = BrowserCustomTask{};
  b.custom.title = std::string(tr("relocate.find_title")) + ": " + name;
  b.custom.label = extension.empty() ? name : "*" + extension;
  if (!extension.empty()) b.custom.extensions = {extension};
  b.custom.onChosen = [index](DashboardState& s, const std::string& path) { locateMovedFile(s, index, path); };
  b.open(BrowserPurpose::Custom, findStartFolder(state), name);
}

void drawFileTable(DashboardState& state) {
  RelocationUi& r = state.relocation;
  const float em = ImGui::GetFontSize();
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("##movedfiles", 4, flags)) return;
  ImGui::TableSetupColumn("##state");
  ImGui::TableSetupColumn(tr("relocate.column_role"));
  ImGui::TableSetupColumn(tr("relocate.column_file"), ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn("##find");
  ImGui::TableHeadersRow();
  for (size_t i = 0; i < r.missing.size(); ++i) {
    const MissingProjectFile& m = r.missing[i];
    const auto found = r.located.find(m.resolvedPath);
    const bool located = found != r.located.end();
    ImGui::PushID(static_cast<int>(i));
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    // A filled dot once located (the UI font has no tick mark), an empty one while still missing.
    if (located)
      ImGui::TextColored(ImVec4(0.1f, 0.55f, 0.2f, 1), "\xE2\x97\x8F");
    else
      ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "\xE2\x97\x8B");
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(roleLabel(m.role));
    ImGui::TableNextColumn();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + em * 30);
    ImGui::TextUnformatted(m.recordedPath.c_str());
    if (located)
      ImGui::TextDisabled("\xE2\x86\x92 %s", found->second.c_str());
    else
      ImGui::TextDisabled("%s", tr("relocate.not_located"));
    ImGui::PopTextWrapPos();
    ImGui::TableNextColumn();
    if (ImGui::Button(tr("relocate.find"))) findFile(state, i);
    ImGui::PopID();
  }
  ImGui::EndTable();
}

void drawAskStep(DashboardState& state) {
  RelocationUi& r = state.relocation;
  const float em = ImGui::GetFontSize();
  ImGui::PushTextWrapPos(em * 44);
  ImGui::TextUnformatted(tr("relocate.intro"));
  ImGui::TextDisabled("%s", r.projectPath.c_str());
  ImGui::PopTextWrapPos();
  ImGui::Spacing();
  drawFileTable(state);
  ImGui::PushTextWrapPos(em * 44);
  if (!r.note.empty()) ImGui::TextColored(ImVec4(0.1f, 0.5f, 0.2f, 1), "%s", r.note.c_str());
  if (!r.error.empty()) ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "%s", r.error.c_str());
  ImGui::Spacing();
  ImGui::TextDisabled("%s", tr("relocate.open_without_note"));
  ImGui::PopTextWrapPos();
  ImGui::Separator();
  const bool canOpen = allLocated(r);
  if (!canOpen) ImGui::BeginDisabled();
  if (ImGui::Button(tr("relocate.open"), ImVec2(em * 7, 0))) openRelocatedProject(state, false);
  if (!canOpen) ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button(tr("relocate.open_without"))) openRelocatedProject(state, true);
  ImGui::SameLine();
  if (ImGui::Button(tr("common.cancel"), ImVec2(em * 7, 0))) {
    state.relocation = RelocationUi{};
    ImGui::CloseCurrentPopup();
  }
}

void drawOpenedStep(DashboardState& state) {
  const float em = ImGui::GetFontSize();
  ImGui::PushTextWrapPos(em * 36);
  ImGui::TextUnformatted(tr("relocate.opened"));
  ImGui::PopTextWrapPos();
  ImGui::Separator();
  bool close = false;
  if (ImGui::Button(tr("relocate.save_now"))) {
    saveProjectTo(state, state.doc.projectPath);  // a failure becomes a message, shown once this closes
    close = true;
  }
  ImGui::SameLine();
  if (ImGui::Button(tr("common.close"), ImVec2(em * 7, 0))) close = true;
  if (close) {
    state.relocation = RelocationUi{};
    ImGui::CloseCurrentPopup();
  }
}

}  // namespace

void askForMovedFiles(DashboardState& state, const std::string& projectPath, std::vector<MissingProjectFile> missing) {
  std::fprintf(stderr, "prokus-map: %s: %zu data file(s) not where the project says; asking where they are:\n",
               projectPath.c_str(), missing.size());
  for (const auto& m : missing)
    std::fprintf(stderr, "prokus-map:   %s %s (looked for %s)\n", projectFileRoleName(m.role), m.recordedPath.c_str(),
                 m.resolvedPath.c_str());
  state.relocation = RelocationUi{};
  state.relocation.projectPath = projectPath;
  state.relocation.missing = std::move(missing);
  state.relocation.openRequested = true;
}

void locateMovedFile(DashboardState& state, size_t index, const std::string& path) {
  RelocationUi& r = state.relocation;
  if (!r.active() || r.opened || index >= r.missing.size()) return;
  std::error_code ec;
  const std::string absolute = fs::absolute(path, ec).lexically_normal().string();
  if (!fs::is_regular_file(absolute, ec)) {
    r.error = absolute + ": " + tr("browser.not_found");
    return;
  }
  r.error.clear();
  r.located[r.missing[index].resolvedPath] = absolute;
  const auto foundToo = findMovedFilesNextTo(absolute, r.missing, r.located);
  r.note.clear();
  if (!foundToo.empty()) {
    char text[256];
    std::snprintf(text, sizeof text, tr("relocate.found_more"), static_cast<int>(foundToo.size()));
    r.note = text;
  }
}

void openRelocatedProject(DashboardState& state, bool leaveMissingOut) {
  RelocationUi& r = state.relocation;
  if (!r.active() || r.opened) return;
  PathRemap moved = r.located;
  if (leaveMissingOut)
    for (const auto& m : r.missing) moved.try_emplace(m.resolvedPath, std::string());  // empty: left out
  else if (!allLocated(r))
    return;
  const std::string problem = openProjectWithMovedFiles(state, r.projectPath, moved);
  if (!problem.empty()) {
    // Shown in the dialog, so that another file can be picked; the map on screen is kept.
    std::fprintf(stderr, "prokus-map: %s\n", problem.c_str());
    r.error = problem;
    return;
  }
  setWindowTitle(state);
  size_t relocated = 0, leftOut = 0;
  for (const auto& [from, to] : moved) (to.empty() ? leftOut : relocated) += 1;
  std::fprintf(stderr,
               "prokus-map: %s: opened with %zu moved file(s) from their new places and %zu left out; "
               "the project file is unchanged until it is saved\n",
               r.projectPath.c_str(), relocated, leftOut);
  r.error.clear();
  r.note.clear();
  r.opened = true;
}

void drawRelocateDialog(DashboardState& state) {
  RelocationUi& r = state.relocation;
  const char* popupId = "###relocatedialog";
  if (!r.active()) return;
  // Reopened, too, if another dialog took its place: a waiting project is never left without its dialog.
  if (r.openRequested ||
      (!ImGui::IsPopupOpen(popupId) && !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel))) {
    r.openRequested = false;
    ImGui::OpenPopup(popupId);
  }
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f), ImGuiCond_Appearing,
                          ImVec2(0.5f, 0.5f));
  const std::string title = std::string(tr("relocate.title")) + popupId;
  bool open = true;
  if (!ImGui::BeginPopupModal(title.c_str(), &open, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) {
    if (!open) state.relocation = RelocationUi{};  // closed with its X: as Cancel
    return;
  }
  if (r.opened)
    drawOpenedStep(state);
  else
    drawAskStep(state);
  // The browser opens inside this modal, so both stay open (a popup opened beside a modal replaces it).
  drawFileBrowser(state);
  ImGui::EndPopup();
}

}  // namespace pk
