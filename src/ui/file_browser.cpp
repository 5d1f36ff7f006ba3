// The file browser dialog (ImGui has none): folder navigation, a typed path, format filters, and
// open/save. Listing is pk::listDirectory from core.
#include "ui/file_browser.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "core/i18n.h"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "ui/dashboard.h"
#include "ui/ui_fonts.h"

namespace pk {

namespace fs = std::filesystem;

namespace {

struct FormatFilter {
  std::string label;
  std::vector<std::string> extensions;  // empty: all files
};

std::vector<FormatFilter> filtersFor(BrowserPurpose purpose) {
  const std::string project = std::string(tr("browser.filter_project")) + " (*.prokus.json)";
  const std::string allFiles = std::string(tr("browser.filter_all_files")) + " (*)";
  if (purpose == BrowserPurpose::SaveProject) return {{project, {kProjectExtension}}};
  if (purpose == BrowserPurpose::OpenProject) return {{project, {kProjectExtension}}, {allFiles, {}}};
  std::vector<std::string> supported = dataFileExtensions();
  supported.push_back(kProjectExtension);  // .json already covers it; kept for clarity of intent
  return {
      {std::string(tr("browser.filter_supported")) + " (shp, gpkg, geojson, json, fgb, kml, prokus.json)", supported},
      {"Shapefile (*.shp)", {".shp"}},
      {"GeoPackage (*.gpkg)", {".gpkg"}},
      {"GeoJSON (*.geojson, *.json)", {".geojson", ".json"}},
      {"FlatGeobuf (*.fgb)", {".fgb"}},
      {"KML (*.kml)", {".kml"}},
      {project, {kProjectExtension}},
      {allFiles, {}},
  };
}

const char* titleFor(BrowserPurpose purpose) {
  switch (purpose) {
    case BrowserPurpose::OpenData: return tr("browser.title_open");
    case BrowserPurpose::OpenProject: return tr("browser.title_open_project");
    case BrowserPurpose::SaveProject: return tr("browser.title_save_project");
  }
  return "";
}

std::string expandHome(const std::string& path) {
  if (path.size() >= 1 && path[0] == '~' && (path.size() == 1 || path[1] == '/')) {
    if (const char* home = std::getenv("HOME")) return std::string(home) + path.substr(1);
  }
  return path;
}

std::string humanSize(std::uintmax_t bytes) {
  if (bytes < 1024) return formatNumber(static_cast<double>(bytes), 0) + " B";
  if (bytes < 1024 * 1024) return formatNumber(bytes / 1024.0, 1) + " KB";
  return formatNumber(bytes / (1024.0 * 1024.0), 1) + " MB";
}

// Acts on the chosen file; returns true when the dialog should close.
bool accept(DashboardState& state, const std::string& path) {
  FileBrowser& browser = state.browser;
  switch (browser.purpose) {
    case BrowserPurpose::OpenData:
      openPaths(state, {path});
      setWindowTitle(state);
      return true;
    case BrowserPurpose::OpenProject:
      openProjectFile(state, path);
      setWindowTitle(state);
      return true;
    case BrowserPurpose::SaveProject: {
      std::string target = path;
      if (!hasExtension(target, kProjectExtension)) target += kProjectExtension;
      std::error_code ec;
      if (fs::exists(target, ec) && browser.confirmOverwrite != target) {
        browser.confirmOverwrite = target;  // ask first; the next press of Save replaces it
        return false;
      }
      saveProjectTo(state, target);
      return true;
    }
  }
  return true;
}

}  // namespace

void FileBrowser::open(BrowserPurpose newPurpose, const std::string& startDirectory, const std::string& suggestedName) {
  purpose = newPurpose;
  std::error_code ec;
  std::string start = startDirectory;
  if (start.empty() || !fs::is_directory(start, ec)) start = fs::current_path(ec).string();
  navigate(start);
  fileName = suggestedName;
  filterIndex = 0;
  confirmOverwrite.clear();
  openRequested = true;
}

void FileBrowser::navigate(const std::string& newDirectory) {
  std::error_code ec;
  fs::path target = fs::absolute(expandHome(newDirectory), ec).lexically_normal();
  std::string text = target.string();
  if (text.size() > 1 && text.back() == '/') text.pop_back();
  directory = text;
  pathField = text;
  listingStale = true;
  confirmOverwrite.clear();
}

void drawFileBrowser(DashboardState& state) {
  FileBrowser& browser = state.browser;
  const char* popupId = "###filebrowser";
  if (browser.openRequested) {
    browser.openRequested = false;
    ImGui::OpenPopup(popupId);
  }
  const ImGuiIO& io = ImGui::GetIO();
  const float em = ImGui::GetFontSize();
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f), ImGuiCond_Appearing,
                          ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(io.DisplaySize.x * 0.9f, em * 48), std::min(io.DisplaySize.y * 0.85f, em * 32)),
                           ImGuiCond_Appearing);
  const std::string title = std::string(titleFor(browser.purpose)) + popupId;
  if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings)) return;

  const std::vector<FormatFilter> filters = filtersFor(browser.purpose);
  if (browser.filterIndex < 0 || browser.filterIndex >= static_cast<int>(filters.size())) browser.filterIndex = 0;
  if (browser.listingStale) {
    browser.listingStale = false;
    browser.listingError.clear();
    listDirectory(browser.directory, filters[browser.filterIndex].extensions, browser.showHidden, browser.entries,
                  &browser.listingError);
  }

  bool close = false;
  std::string chosenPath;

  // Navigation row: up, home, and the typed path.
  if (ImGui::Button("\xE2\x86\x91")) browser.navigate(fs::path(browser.directory).parent_path().string());
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("browser.up"));
  ImGui::SameLine();
  if (ImGui::Button(tr("browser.home"))) {
    if (const char* home = std::getenv("HOME")) browser.navigate(home);
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1);
  if (ImGui::InputText("##path", &browser.pathField, ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll)) {
    const std::string typed = expandHome(browser.pathField);
    std::error_code ec;
    if (fs::is_directory(typed, ec)) {
      browser.navigate(typed);
    } else if (fs::is_regular_file(typed, ec) || browser.purpose == BrowserPurpose::SaveProject) {
      chosenPath = fs::absolute(typed, ec).string();
    } else {
      browser.listingError = typed + ": " + tr("browser.not_found");
    }
  }

  // The listing.
  const float footer = ImGui::GetFrameHeightWithSpacing() * 3 + ImGui::GetStyle().ItemSpacing.y +
                       (browser.confirmOverwrite.empty() ? 0 : ImGui::GetFrameHeightWithSpacing());
  if (ImGui::BeginChild("##entries", ImVec2(0, -footer), true)) {
    if (!browser.listingError.empty()) ImGui::TextColored(ImVec4(0.7f, 0.1f, 0.1f, 1), "%s", browser.listingError.c_str());
    if (browser.entries.empty() && browser.listingError.empty()) ImGui::TextDisabled("%s", tr("browser.empty"));
    std::string navigateTo;
    for (const auto& entry : browser.entries) {
      const bool selected = !entry.isDirectory && entry.name == browser.fileName;
      const std::string label = (entry.isDirectory ? "\xE2\x96\xB8 " + entry.name + "/" : "   " + entry.name);
      if (ImGui::Selectable(label.c_str(), selected, ImGuiSelectableFlags_AllowDoubleClick | ImGuiSelectableFlags_DontClosePopups)) {
        if (entry.isDirectory) {
          if (ImGui::IsMouseDoubleClicked(0)) navigateTo = (fs::path(browser.directory) / entry.name).string();
        } else {
          browser.fileName = entry.name;
          browser.confirmOverwrite.clear();
          if (ImGui::IsMouseDoubleClicked(0)) chosenPath = (fs::path(browser.directory) / entry.name).string();
        }
      }
      if (!entry.isDirectory) {
        const std::string size = humanSize(entry.sizeBytes);
        ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - ImGui::CalcTextSize(size.c_str()).x);
        ImGui::TextDisabled("%s", size.c_str());
      }
    }
    if (!navigateTo.empty()) browser.navigate(navigateTo);
  }
  ImGui::EndChild();

  // File name and type, labels in one column.
  const float labelColumn = std::max(ImGui::CalcTextSize(tr("browser.file_name")).x,
                                     ImGui::CalcTextSize(tr("browser.file_type")).x) +
                            ImGui::GetStyle().ItemSpacing.x * 2;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr("browser.file_name"));
  ImGui::SameLine(labelColumn);
  ImGui::SetNextItemWidth(-1);
  const bool enterOnName = ImGui::InputText("##filename", &browser.fileName, ImGuiInputTextFlags_EnterReturnsTrue);
  if (ImGui::IsItemEdited()) browser.confirmOverwrite.clear();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr("browser.file_type"));
  ImGui::SameLine(labelColumn);
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##filter", filters[browser.filterIndex].label.c_str())) {
    for (int i = 0; i < static_cast<int>(filters.size()); ++i)
      if (ImGui::Selectable(filters[i].label.c_str(), i == browser.filterIndex, ImGuiSelectableFlags_DontClosePopups)) {
        browser.filterIndex = i;
        browser.listingStale = true;
      }
    ImGui::EndCombo();
  }

  if (!browser.confirmOverwrite.empty())
    ImGui::TextColored(ImVec4(0.7f, 0.35f, 0.0f, 1), "%s", tr("browser.confirm_replace"));

  if (ImGui::Checkbox(tr("browser.show_hidden"), &browser.showHidden)) browser.listingStale = true;
  const char* acceptLabel = browser.purpose == BrowserPurpose::SaveProject
                                ? (browser.confirmOverwrite.empty() ? tr("browser.save") : tr("browser.replace"))
                                : tr("browser.open");
  const float buttonWidth = em * 7;
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - buttonWidth * 2 - ImGui::GetStyle().ItemSpacing.x);
  const bool canAccept = !browser.fileName.empty();
  if (!canAccept) ImGui::BeginDisabled();
  if ((ImGui::Button(acceptLabel, ImVec2(buttonWidth, 0)) || enterOnName) && canAccept)
    chosenPath = (fs::path(browser.directory) / browser.fileName).string();
  if (!canAccept) ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button(tr("common.cancel"), ImVec2(buttonWidth, 0)) ||
      ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false))
    close = true;

  if (!chosenPath.empty()) {
    std::error_code ec;
    if (fs::is_directory(chosenPath, ec)) {
      browser.navigate(chosenPath);
    } else {
      // A message from opening the file shows once this dialog has closed.
      if (accept(state, chosenPath)) close = true;
    }
  }
  if (close) {
    state.settings.lastDirectory = browser.directory;
    persistSettings(state);
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace pk
