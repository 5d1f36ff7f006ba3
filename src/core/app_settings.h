// The dashboard's own settings (language, UI scale, recent projects, last folder), kept in
// $XDG_CONFIG_HOME/prokus-map/settings.json (~/.config/... when unset). No GUI code here so it is testable.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/i18n.h"

namespace pk {

struct AppSettings {
  Language language = Language::Indonesian;
  float uiScale = 0.0f;                     // 0: follow the monitor's content scale
  std::vector<std::string> recentProjects;  // most recent first, absolute paths
  std::string lastDirectory;                // where the file browser opens next time
  std::string databaseService;              // Open from database's last service name (never a password)
  // Sections owned by other features (e.g. "snapshot": the export dialog's last settings), kept
  // verbatim so a save never drops what this code does not know.
  nlohmann::json extraSections = nlohmann::json::object();

  static constexpr size_t kMaxRecentProjects = 8;
  // Moves `path` to the front of the recent list (no duplicates, at most kMaxRecentProjects).
  void rememberProject(const std::string& path);
};

// $XDG_CONFIG_HOME/prokus-map/settings.json, or $HOME/.config/prokus-map/settings.json.
// Empty if neither variable is set.
std::string defaultSettingsPath();

// Reads the settings file. A missing file gives the defaults; a damaged file gives the defaults and
// a one-line warning in *warning (the file is then replaced on the next save).
AppSettings loadAppSettings(const std::string& path, std::string* warning = nullptr);

// Writes the settings atomically, creating the folder if needed. Throws std::runtime_error.
void saveAppSettings(const AppSettings& settings, const std::string& path);

}  // namespace pk
