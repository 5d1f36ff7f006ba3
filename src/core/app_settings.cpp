#include "core/app_settings.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/database_source.h"
#include "core/project_file.h"

namespace pk {

namespace fs = std::filesystem;

void AppSettings::rememberProject(const std::string& path) {
  // Settings never hold a password: a database source is remembered without it.
  const std::string kept = redactSource(path);
  recentProjects.erase(std::remove(recentProjects.begin(), recentProjects.end(), kept), recentProjects.end());
  recentProjects.insert(recentProjects.begin(), kept);
  if (recentProjects.size() > kMaxRecentProjects) recentProjects.resize(kMaxRecentProjects);
}

std::string defaultSettingsPath() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  if (xdg && *xdg) return (fs::path(xdg) / "prokus-map" / "settings.json").string();
  const char* home = std::getenv("HOME");
  if (home && *home) return (fs::path(home) / ".config" / "prokus-map" / "settings.json").string();
  return {};
}

AppSettings loadAppSettings(const std::string& path, std::string* warning) {
  AppSettings settings;
  if (path.empty()) return settings;
  std::ifstream in(path, std::ios::binary);
  if (!in) return settings;  // first run: no file yet
  std::stringstream text;
  text << in.rdbuf();
  try {
    const auto json = nlohmann::json::parse(text.str());
    if (!json.is_object()) throw std::runtime_error("not a JSON object");
    const std::string lang = json.value("language", std::string("id"));
    settings.language = lang == "en" ? Language::English : Language::Indonesian;
    const double scale = json.value("ui_scale", 0.0);
    // Out-of-range values (a hand edit, a damaged file) fall back to following the monitor.
    settings.uiScale = (scale >= 0.5 && scale <= 4.0) ? static_cast<float>(scale) : 0.0f;
    if (json.contains("recent_projects") && json["recent_projects"].is_array())
      for (const auto& item : json["recent_projects"])
        if (item.is_string() && settings.recentProjects.size() < AppSettings::kMaxRecentProjects)
          settings.recentProjects.push_back(item.get<std::string>());
    settings.lastDirectory = json.value("last_directory", std::string());
    for (const auto& [key, value] : json.items())
      if (key != "language" && key != "ui_scale" && key != "recent_projects" && key != "last_directory")
        settings.extraSections[key] = value;
  } catch (const std::exception& e) {
    if (warning) *warning = path + ": settings file is damaged (" + e.what() + "); using defaults";
    return AppSettings{};
  }
  return settings;
}

void saveAppSettings(const AppSettings& settings, const std::string& path) {
  if (path.empty()) throw std::runtime_error("no settings path: neither XDG_CONFIG_HOME nor HOME is set");
  nlohmann::json json = settings.extraSections.is_object() ? settings.extraSections : nlohmann::json::object();
  json["language"] = settings.language == Language::English ? "en" : "id";
  json["ui_scale"] = settings.uiScale;
  json["recent_projects"] = nlohmann::json::array();
  for (const std::string& recent : settings.recentProjects) json["recent_projects"].push_back(redactSource(recent));
  json["last_directory"] = settings.lastDirectory;
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  if (ec) throw std::runtime_error(path + ": cannot create folder (" + ec.message() + ")");
  writeFileAtomically(path, json.dump(2) + "\n");
}

}  // namespace pk
