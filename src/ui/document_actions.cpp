// Opening and saving from the dashboard: files, projects, settings. Problems become messages for the
// popup and the map on screen is kept.
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "core/database_source.h"
#include "core/i18n.h"
#include "core/layer_io.h"
#include "core/project_file.h"
#include "ui/dashboard.h"

namespace pk {

namespace fs = std::filesystem;

namespace {
std::string absolutePath(const std::string& path) {
  if (isDatabaseSource(path)) return path;  // PG:service=... names a table, not a file
  std::error_code ec;
  const fs::path absolute = fs::absolute(path, ec);
  return ec ? path : absolute.lexically_normal().string();
}

bool isProjectPath(const std::string& path) { return hasExtension(path, kProjectExtension); }

void resetInteraction(DashboardState& state) {
  state.hoverFeature = -1;
  state.selectedFeature = -1;
  state.dragging = false;
  state.hitIndex.reset();
  state.hitIndexLayer.reset();
}

void openDataFile(DashboardState& state, const std::string& path) {
  const bool wasEmpty = state.doc.layers.empty();
  const std::string absolute = absolutePath(path);
  const std::vector<LayerPtr> before = state.doc.layers;
  try {
    state.doc.openFile(absolute);
  } catch (const InputError& e) {
    showMessage(state, tr("message.open_failed"), e.what());
    return;
  } catch (const std::exception& e) {
    showMessage(state, tr("message.open_failed"), absolute + ": " + e.what());
    return;
  }
  for (const auto& layer : state.doc.layers)
    if (std::find(before.begin(), before.end(), layer) == before.end()) showLoadWarnings(state, *layer);
  if (wasEmpty || !state.viewValid) state.fitRequested = true;
  state.furniture.legendCorner.forget();  // other data: the legend's corner is chosen anew
  if (!isDatabaseSource(absolute)) state.settings.lastDirectory = fs::path(absolute).parent_path().string();
}
}  // namespace

void showMessage(DashboardState& state, const std::string& heading, const std::string& detail) {
  std::fprintf(stderr, "prokus-map: %s\n", detail.c_str());
  state.messages.push_back(UiMessage{heading, detail});
}

void showLoadWarnings(DashboardState& state, const Layer& layer) {
  // The log gets the English line (like the CLI); the popup the planner's language.
  const std::vector<std::string> english = loadWarningLines(layer), shown = loadWarningLines(layer, language());
  for (size_t i = 0; i < shown.size(); ++i) {
    std::fprintf(stderr, "prokus-map: warning: %s\n", english[i].c_str());
    state.messages.push_back(UiMessage{tr("message.load_warnings"), shown[i], true});
  }
}

void openProjectFile(DashboardState& state, const std::string& path) {
  const std::string absolute = absolutePath(path);
  std::vector<MissingProjectFile> missing;
  try {
    missing = missingProjectFiles(absolute);
  } catch (const InputError& e) {
    showMessage(state, tr("message.open_project_failed"), e.what());
    return;
  } catch (const std::exception& e) {
    showMessage(state, tr("message.open_project_failed"), absolute + ": " + e.what());
    return;
  }
  // Data files that moved are asked for before anything is opened.
  if (!missing.empty()) {
    askForMovedFiles(state, absolute, std::move(missing));
    return;
  }
  const std::string problem = openProjectWithMovedFiles(state, absolute, {});
  if (!problem.empty()) showMessage(state, tr("message.open_project_failed"), problem);
}

std::string openProjectWithMovedFiles(DashboardState& state, const std::string& path, const PathRemap& moved) {
  const std::string absolute = absolutePath(path);
  try {
    MapDocument loaded = loadProject(absolute, moved);
    loaded.projectPath = absolute;
    state.doc = std::move(loaded);
  } catch (const InputError& e) {
    return e.what();
  } catch (const std::exception& e) {
    return absolute + ": " + e.what();
  }
  resetInteraction(state);
  for (const auto& layer : state.doc.layers) showLoadWarnings(state, *layer);
  loadProgrammeOfDocument(state);  // the project's beneficiary/mentor lists and overlays
  resetPlanning(state);  // the new project's scenarios and programme data
  state.applySavedViewRequested = true;
  state.furniture.legendCorner.forget();
  state.settings.rememberProject(absolute);
  state.settings.lastDirectory = fs::path(absolute).parent_path().string();
  persistSettings(state);
  return {};
}

void openPaths(DashboardState& state, const std::vector<std::string>& paths) {
  for (const auto& path : paths) {
    if (isProjectPath(path))
      openProjectFile(state, path);
    else
      openDataFile(state, path);
  }
}

void refuseOverwritingInput(const DashboardState& state, const std::string& path, bool isProjectSave) {
  InputFiles inputs;
  for (const auto& layer : state.doc.layers)
    if (layer && !layer->path.empty()) inputs.addDataset(layer->path);
  if (!isProjectSave && !state.doc.projectPath.empty()) inputs.add(state.doc.projectPath);
  const ProgrammeSources& sources = state.programme.sources;
  for (const ProgrammeSource* source : {&sources.beneficiaries, &sources.mentors, &sources.polygonTable})
    if (source->present()) inputs.addDataset(source->path);
  if (!state.programme.import.path.empty()) inputs.addDataset(state.programme.import.path);
  inputs.checkOutput(path);
}

void writeProjectFile(DashboardState& state, const std::string& target) {
  // The project remembers what the planner is looking at.
  if (state.viewValid) state.doc.savedView = state.view;
  // The programme's list paths are written relative to the new project file (save-as rebases them).
  const std::string previousPath = state.doc.projectPath;
  state.doc.projectPath = target;
  try {
    storeProgrammeInDocument(state);
    saveProject(state.doc, target);
  } catch (...) {
    state.doc.projectPath = previousPath;
    storeProgrammeInDocument(state);
    throw;
  }
}

void saveProjectTo(DashboardState& state, const std::string& path) {
  std::string target = absolutePath(path);
  if (!isProjectPath(target)) target += kProjectExtension;
  try {
    refuseOverwritingInput(state, target, true);
    writeProjectFile(state, target);
  } catch (const std::exception& e) {
    showMessage(state, tr("message.save_failed"), e.what());
    return;
  }
  state.settings.rememberProject(target);
  state.settings.lastDirectory = fs::path(target).parent_path().string();
  persistSettings(state);
  setWindowTitle(state);
}

void removeLayer(DashboardState& state, size_t index) {
  auto& doc = state.doc;
  if (index >= doc.layers.size()) return;
  const bool wasBoundary = static_cast<int>(index) == doc.boundaryLayer;
  doc.layers.erase(doc.layers.begin() + static_cast<std::ptrdiff_t>(index));
  if (wasBoundary) {
    doc.boundaryLayer = -1;
    for (size_t i = 0; i < doc.layers.size(); ++i)
      if (doc.layers[i]->kind == GeometryKind::Polygon) {
        doc.boundaryLayer = static_cast<int>(i);
        break;
      }
    resetInteraction(state);
  } else if (doc.boundaryLayer > static_cast<int>(index)) {
    --doc.boundaryLayer;
  }
}

void persistSettings(DashboardState& state) {
  if (state.settingsPath.empty()) return;
  try {
    saveAppSettings(state.settings, state.settingsPath);
  } catch (const std::exception& e) {
    // Not worth interrupting the planner with a popup: the map works without saved settings.
    std::fprintf(stderr, "prokus-map: %s\n", e.what());
  }
}

void setWindowTitle(DashboardState& state) {
  if (!state.window) return;
  std::string title = "ProKUS Map";
  if (!state.doc.projectPath.empty())
    title += " \xE2\x80\x94 " + fs::path(state.doc.projectPath).filename().string();
  else if (const Layer* boundary = state.doc.boundary())
    title += " \xE2\x80\x94 " + fs::path(boundary->path).filename().string();
  glfwSetWindowTitle(state.window, title.c_str());
}

}  // namespace pk
