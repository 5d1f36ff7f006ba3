// File > Export meeting pack...: the same pack as `prokus-map export-pack PROJECT -o DIR`, written by
// that verb in a child process, so the window stays responsive while some twenty maps are drawn
// and a failure cannot take the planner's unsaved work with it. The child gets a snapshot of the
// project as it is now (overlays, bookmarks, scenarios, furniture, unsaved changes included) in a
// private temporary folder, and the window's language.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/furniture.h"
#include "core/i18n.h"
#include "core/pack_folder.h"
#include "imgui.h"
#include "ui/dashboard.h"

extern char** environ;

namespace pk {

namespace fs = std::filesystem;

namespace {

std::string ownExecutable() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("prokus-map") : self.string();
}

// The child's last lines of output: why it failed, in its own words (they name the file).
std::string lastLines(const std::string& path, size_t count) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(line);
  std::string out;
  for (size_t i = lines.size() > count ? lines.size() - count : 0; i < lines.size(); ++i)
    out += (out.empty() ? "" : "\n") + lines[i];
  return out;
}

void finish(DashboardState& state, int status) {
  MeetingPackUi& ui = state.meetingPack;
  ui.pid = 0;
  const std::string log = lastLines(ui.logPath, 6);
  const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (ok) {
    showMessage(state, tr("pack.written"),
                (fs::path(ui.outputDir) / "index.html").string() + "\n" + lastLines(ui.logPath, 1));
  } else {
    showMessage(state, tr("pack.failed"), ui.outputDir + ": " + (log.empty() ? std::string("exit ") +
                                                               std::to_string(WEXITSTATUS(status)) : log));
  }
  std::error_code ec;
  fs::remove_all(ui.workDir, ec);  // the project snapshot and the log
  ui.workDir.clear();
}

}  // namespace

void startMeetingPack(DashboardState& state, const std::string& outputDir, const MeetingPackOptions& options) {
  MeetingPackUi& ui = state.meetingPack;
  if (ui.pid > 0) return;  // one at a time
  if (!state.doc.boundary() || !state.doc.projection) {
    showMessage(state, tr("pack.failed"), outputDir + ": " + tr("snapshot.nothing_to_export"));
    return;
  }
  std::string pattern = (fs::temp_directory_path() / "prokus-pack-XXXXXX").string();
  if (!mkdtemp(pattern.data())) {
    showMessage(state, tr("pack.failed"), pattern + ": " + std::strerror(errno));
    return;
  }
  ui.workDir = pattern;
  ui.outputDir = fs::absolute(outputDir).lexically_normal().string();
  ui.logPath = (fs::path(ui.workDir) / "export-pack.log").string();
  const std::string snapshot = (fs::path(ui.workDir) / "pack.prokus.json").string();

  // The project as the planner sees it now, its paths relative to the snapshot; then back.
  const std::string projectPath = state.doc.projectPath;
  try {
    writeProjectFile(state, snapshot);
  } catch (const std::exception& e) {
    showMessage(state, tr("pack.failed"), e.what());
    std::error_code ec;
    fs::remove_all(ui.workDir, ec);
    return;
  }
  state.doc.projectPath = projectPath;
  storeProgrammeInDocument(state);

  const std::string exe = ownExecutable();
  const std::string language = pk::language() == Language::English ? "en" : "id";
  std::vector<std::string> args = {exe, "export-pack", snapshot, "-o", ui.outputDir, "--language", language, "--csv",
                                   options.indonesianCsv ? "indonesian" : "international"};
  if (options.withPersonalData) args.push_back("--with-personal-data");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, STDOUT_FILENO, ui.logPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&files, STDOUT_FILENO, STDERR_FILENO);
  posix_spawn_file_actions_addopen(&files, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, exe.c_str(), &files, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&files);
  if (rc != 0) {
    showMessage(state, tr("pack.failed"), exe + ": " + std::strerror(rc));
    std::error_code ec;
    fs::remove_all(ui.workDir, ec);
    return;
  }
  ui.pid = pid;
  ui.startedAt = ImGui::GetTime();
}

void pollMeetingPack(DashboardState& state, bool wait) {
  MeetingPackUi& ui = state.meetingPack;
  if (ui.pid <= 0) return;
  int status = 0;
  const pid_t done = waitpid(ui.pid, &status, wait ? 0 : WNOHANG);
  if (done == ui.pid) finish(state, status);
}

void requestMeetingPack(DashboardState& state) {
  MeetingPackUi& ui = state.meetingPack;
  ui.dialogOpen = true;
  ui.options.withPersonalData = false;  // chosen anew for every pack, never remembered
  fs::path start = state.settings.lastDirectory.empty() ? fs::current_path() : fs::path(state.settings.lastDirectory);
  if (!state.doc.projectPath.empty()) start = fs::path(state.doc.projectPath).parent_path();
  if (ui.folder.empty()) ui.folder = (start / ("bahan-rapat-" + todayIsoDate())).string();
}

void writeMeetingPackInto(DashboardState& state, const std::string& folder) {
  MeetingPackUi& ui = state.meetingPack;
  startMeetingPack(state, folder, ui.options);
  ui.options.withPersonalData = false;
  ui.dialogOpen = false;
  ui.notAPackFolder.clear();
}

void pressMeetingPackWrite(DashboardState& state) {
  MeetingPackUi& ui = state.meetingPack;
  ui.folderProblem.clear();
  try {
    // The planner's own folder is never written into: the dialog asks instead.
    if (packFolderState(ui.folder) == PackFolderState::Other)
      ui.notAPackFolder = ui.folder;
    else
      writeMeetingPackInto(state, ui.folder);
  } catch (const std::exception& e) {
    ui.folderProblem = e.what();
  }
}

void drawMeetingPackDialog(DashboardState& state) {
  MeetingPackUi& ui = state.meetingPack;
  if (!ui.dialogOpen) return;
  const float em = ImGui::GetFontSize();
  const ImVec2 centre(ImGui::GetIO().DisplaySize.x * 0.5f, ImGui::GetIO().DisplaySize.y * 0.5f);
  ImGui::SetNextWindowPos(centre, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(em * 34, 0), ImGuiCond_Appearing);
  if (!ImGui::Begin((std::string(tr("pack.title")) + "###meetingpack").c_str(), &ui.dialogOpen,
                    ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse)) {
    ImGui::End();
    return;
  }
  ImGui::TextWrapped("%s", tr("pack.help"));
  ImGui::Spacing();
  ImGui::TextUnformatted(tr("pack.folder_label"));
  char buffer[1024];
  std::snprintf(buffer, sizeof buffer, "%s", ui.folder.c_str());
  ImGui::SetNextItemWidth(-em * 6);
  if (ImGui::InputText("##folder", buffer, sizeof buffer)) ui.folder = buffer;
  ImGui::SameLine();
  if (ImGui::Button(tr("pack.browse"))) {
    FileBrowser& b = state.browser;
    b.custom = BrowserCustomTask{};
    b.custom.title = tr("pack.choose_folder");
    b.custom.saving = true;  // a new folder's name may be typed
    b.custom.label = tr("pack.folder_label");
    b.custom.onChosen = [](DashboardState& s, const std::string& path) { s.meetingPack.folder = path; };
    const fs::path current(ui.folder);
    b.open(BrowserPurpose::Custom, current.parent_path().string(), current.filename().string());
  }
  ImGui::Spacing();
  ImGui::TextUnformatted(tr("pack.csv_style"));
  if (ImGui::RadioButton(tr("pack.csv_international"), !ui.options.indonesianCsv)) ui.options.indonesianCsv = false;
  if (ImGui::RadioButton(tr("pack.csv_indonesian"), ui.options.indonesianCsv)) ui.options.indonesianCsv = true;
  ImGui::Spacing();
  ImGui::Checkbox(tr("pack.with_personal_data"), &ui.options.withPersonalData);
  ImGui::PushStyleColor(ImGuiCol_Text, ui.options.withPersonalData ? ImVec4(0.75f, 0.1f, 0.05f, 1.0f)
                                                                   : ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
  ImGui::TextWrapped("%s", ui.options.withPersonalData ? tr("privacy.personal_data_warning") : tr("pack.privacy_note"));
  ImGui::PopStyleColor();
  ImGui::Spacing();
  const bool canWrite = !ui.folder.empty() && ui.pid == 0;
  if (!canWrite) ImGui::BeginDisabled();
  auto write = [&](const std::string& folder) { writeMeetingPackInto(state, folder); };
  if (!ui.notAPackFolder.empty()) {
    // The planner's own folder is never written into: offer a new folder inside it instead.
    const std::string inside = packSubfolderIn(ui.notAPackFolder, "bahan-rapat-" + todayIsoDate());
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.75f, 0.1f, 0.05f, 1.0f));
    ImGui::TextWrapped(tr("pack.not_a_pack"), ui.notAPackFolder.c_str());
    ImGui::PopStyleColor();
    ImGui::TextWrapped(tr("pack.use_subfolder_question"), inside.c_str());
    if (ImGui::Button(tr("pack.use_subfolder"))) {
      ui.folder = inside;
      write(inside);
    }
    ImGui::SameLine();
    if (ImGui::Button(tr("pack.choose_other"))) ui.notAPackFolder.clear();
  } else {
    if (!ui.folderProblem.empty()) ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.05f, 1.0f), "%s", ui.folderProblem.c_str());
    if (ImGui::Button(tr("pack.write"))) pressMeetingPackWrite(state);
  }
  if (!canWrite) ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button(tr("common.cancel"))) {
    ui.dialogOpen = false;
    ui.notAPackFolder.clear();
  }
  ImGui::End();
}

void drawMeetingPackStatus(DashboardState& state) {
  drawMeetingPackDialog(state);
  const MeetingPackUi& ui = state.meetingPack;
  if (ui.pid <= 0) return;
  const float em = ImGui::GetFontSize();
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y - em * 3), ImGuiCond_Always, ImVec2(0.5f, 1.0f));
  ImGui::SetNextWindowBgAlpha(0.92f);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                 ImGuiWindowFlags_NoNav;
  if (ImGui::Begin("##meetingpack", nullptr, flags)) {
    const int seconds = static_cast<int>(ImGui::GetTime() - ui.startedAt);
    ImGui::Text(tr("pack.running"), ui.outputDir.c_str(), seconds);
  }
  ImGui::End();
}

}  // namespace pk
