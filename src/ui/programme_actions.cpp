// The programme data's life in the window: loaded with the project, reloaded when the boundary
// layer changes, turned into overlays for each frame, and written back into the project on save.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/i18n.h"
#include "core/layer_io.h"
#include "render/map_renderer.h"
#include "ui/dashboard.h"

namespace pk {

namespace {

void loadLists(DashboardState& state) {
  ProgrammeUi& p = state.programme;
  p.reloadRequested = false;
  const Layer* boundary = state.doc.boundary();
  p.loadedFor = boundary;
  p.loadedForRevision = boundary ? boundary->revision : 0;
  if (!p.sources.any() || !boundary || !state.doc.projection) {
    p.loaded.reset();
    p.builder.setData(nullptr);
    return;
  }
  try {
    LoadedProgramme loaded = loadProgramme(*boundary, *state.doc.projection, p.sources);
    p.builder.setData(std::make_shared<OverlayData>(overlayDataOf(loaded)));
    p.loaded = std::move(loaded);
  } catch (const std::exception& e) {
    p.loaded.reset();
    p.builder.setData(nullptr);
    showMessage(state, tr("message.programme_failed"), e.what());
  }
}

}  // namespace

void loadProgrammeOfDocument(DashboardState& state) {
  ProgrammeUi& p = state.programme;
  p.sources = ProgrammeSources{};
  p.settings = OverlaySettings{};
  p.import = ImportDialogState{};
  p.manualBreaksText.clear();
  const auto& extra = state.doc.extraSections;
  try {
    p.sources = programmeSourcesOf(state.doc);
  } catch (const std::exception& e) {
    showMessage(state, tr("message.programme_failed"), e.what());
  }
  if (extra.is_object() && extra.contains("overlays")) {
    try {
      // "score" (the planning panel's suitability map, kept in bookmarks) is not a programme overlay.
      nlohmann::json section = extra["overlays"];
      if (section.is_object() && section.contains("active") && section["active"].is_array()) {
        auto& active = section["active"];
        active.erase(std::remove(active.begin(), active.end(), nlohmann::json("score")), active.end());
      }
      p.settings = section.get<OverlaySettings>();
    } catch (const std::exception& e) {
      showMessage(state, tr("message.programme_failed"), state.doc.projectPath + ": overlays: " + e.what());
    }
  }
  p.builder.setSettings(p.settings);
  loadLists(state);
}

void refreshProgramme(DashboardState& state) {
  ProgrammeUi& p = state.programme;
  const Layer* boundary = state.doc.boundary();
  const bool boundaryChanged =
      boundary != p.loadedFor || (boundary && boundary->revision != p.loadedForRevision);
  if (p.reloadRequested || (boundaryChanged && p.sources.any())) loadLists(state);
  else if (boundaryChanged) p.loadedFor = boundary;
}

void storeProgrammeInDocument(DashboardState& state) {
  ProgrammeUi& p = state.programme;
  if (!state.doc.extraSections.is_object()) state.doc.extraSections = nlohmann::json::object();
  if (p.sources.any() || p.sources.categories) setProgrammeSources(state.doc, p.sources);
  if (p.sources.any() || state.doc.extraSections.contains("overlays"))
    state.doc.extraSections["overlays"] = p.settings;
}

void overlaySettingsChanged(DashboardState& state) {
  ProgrammeUi& p = state.programme;
  p.builder.setSettings(p.settings);
  // The project (and bookmarks, which copy this section) always hold what the map shows.
  if (!state.doc.extraSections.is_object()) state.doc.extraSections = nlohmann::json::object();
  state.doc.extraSections["overlays"] = p.settings;
}

void applyProgrammeOverlays(DashboardState& state, RenderOptions& options) {
  ProgrammeUi& p = state.programme;
  options.cacheLayers = true;  // hover and selection frames reuse the drawn layers
  if (!p.builder.data()) {
    p.frame.clear();
    return;
  }
  OverlayBuildOptions build;
  build.cacheForPanning = true;
  build.english = language() == Language::English;
  build.numbers = build.english ? NumberStyle::English : NumberStyle::Indonesian;
  // The overlay panel covers the map's right side: the legends move to the left then.
  if (p.overlayPanelOpen) build.legendCorner = LegendCorner::TopLeft;
  p.builder.setOptions(build);
  p.builder.build(state.doc, state.view, p.frame);
  p.frame.applyTo(options);
}

void applyProgrammeOverlaysForExport(DashboardState& state, const MapView& view, OverlayFrame& frame,
                                     RenderOptions& options) {
  ProgrammeUi& p = state.programme;
  frame.clear();
  if (!p.builder.data()) return;
  if (p.exportBuilder.data() != p.builder.data()) p.exportBuilder.setData(p.builder.data());
  p.exportBuilder.setSettings(p.settings);
  OverlayBuildOptions build;
  build.english = language() == Language::English;
  build.numbers = build.english ? NumberStyle::English : NumberStyle::Indonesian;
  if (p.overlayPanelOpen) build.legendCorner = LegendCorner::TopLeft;  // as in the window
  p.exportBuilder.setOptions(build);
  p.exportBuilder.build(state.doc, view, frame);
  frame.applyTo(options);
}

const IndicatorTable* currentIndicators(const DashboardState& state) {
  return state.programme.builder.data() ? state.programme.builder.indicators() : nullptr;
}

}  // namespace pk
