// The programme data's life in the window: loaded with the project, reloaded when the boundary
// layer changes, turned into overlays for each frame, and written back into the project on save.
#include <algorithm>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "core/i18n.h"
#include "core/layer_io.h"
#include "core/privacy.h"
#include "core/table_export.h"
#include "render/map_renderer.h"
#include "ui/dashboard.h"

namespace pk {

namespace {

void clearProgrammeData(ProgrammeUi& p) {
  p.loaded.reset();
  p.exactData.reset();
  p.privateData.reset();
  p.builder.setData(nullptr);
  p.exportBuilder.setData(nullptr);
}

// The window's builder on the exact or the private data; switching drops its caches, which only
// happens when the planner toggles the privacy view.
void useWindowData(ProgrammeUi& p, bool privacy) {
  const auto& wanted = privacy ? p.privateData : p.exactData;
  if (p.builder.data() != wanted) p.builder.setData(wanted);
}

void loadLists(DashboardState& state) {
  ProgrammeUi& p = state.programme;
  p.reloadRequested = false;
  const Layer* boundary = state.doc.boundary();
  p.loadedFor = boundary;
  p.loadedForRevision = boundary ? boundary->revision : 0;
  if (!p.sources.any() || !boundary || !state.doc.projection) {
    clearProgrammeData(p);
    return;
  }
  try {
    LoadedProgramme loaded = loadProgramme(*boundary, *state.doc.projection, p.sources);
    // Warnings (a table skipped) need the planner's eye; the other notes are for the import summary.
    std::string warnings;
    for (const ProgrammeNote& note : loaded.notes)
      if (note.warning()) warnings += (warnings.empty() ? "" : "\n") + programmeNoteText(note, language());
    setLoadedProgramme(state, std::move(loaded));
    if (!warnings.empty()) showMessage(state, tr("message.programme_notes"), warnings);
  } catch (const std::exception& e) {
    clearProgrammeData(p);
    showMessage(state, tr("message.programme_failed"), e.what());
  }
}

}  // namespace

void setLoadedProgramme(DashboardState& state, LoadedProgramme loaded) {
  ProgrammeUi& p = state.programme;
  auto exact = std::make_shared<OverlayData>(overlayDataOf(loaded));
  auto displaced = std::make_shared<OverlayData>(*exact);
  if (loaded.beneficiaries && state.doc.boundary()) {
    PrivacySettings privacy;
    try {
      privacy = privacySettingsOf(state.doc);
    } catch (const std::exception& e) {
      showMessage(state, tr("message.programme_failed"), state.doc.projectPath + ": " + e.what());
    }
    displaceBeneficiaryPoints(displaced->beneficiaries, *loaded.beneficiaries, *state.doc.boundary(), privacy);
  }
  p.exactData = exact;
  p.privateData = displaced;
  p.builder.setData(exact);  // the export builder takes the private data when it next draws
  p.loaded = std::move(loaded);
}

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
      p.settings = extra["overlays"].get<OverlaySettings>();  // the map state, the score included
    } catch (const std::exception& e) {
      showMessage(state, tr("message.programme_failed"), state.doc.projectPath + ": overlays: " + e.what());
    }
  }
  p.builder.setSettings(p.settings);
  state.furniture.legendCorner.forget();  // another legend set: its corner is chosen anew
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

namespace {
// The publication of the exact indicator table for the data and settings the map shows: made once
// and kept until they change (publishing a desa table takes seconds, a frame must not).
std::shared_ptr<const PublishedIndicators> currentPublication(DashboardState& state, int threshold) {
  ProgrammeUi& p = state.programme;
  const Layer* boundary = state.doc.boundary();
  const std::string key = std::to_string(reinterpret_cast<std::uintptr_t>(p.exactData.get())) + "|" +
                          std::to_string(reinterpret_cast<std::uintptr_t>(boundary)) + "|" +
                          std::to_string(threshold) + "|" + std::to_string(p.settings.radiusKm) + "|" +
                          nlohmann::json(p.settings).value("filters", nlohmann::json()).dump();
  if (!p.publication || p.publicationKey != key) {
    const IndicatorTable exact = exactIndicatorsFor(state.doc, p.exactData, p.settings);
    p.publication = std::make_shared<const PublishedIndicators>(
        publishIndicatorTable(*boundary, exact, p.exactData->beneficiaries, threshold));
    p.publicationKey = key;
  }
  return p.publication;
}

// How the overlays are built; with `privacy` (the privacy view and every export) their legend
// counts are the exact data through the one publication step (issue 11), so the privacy view and
// the export print the same numbers.
OverlayBuildOptions overlayBuildOptions(DashboardState& state, bool privacy) {
  OverlayBuildOptions build;
  build.language = language();
  build.separateLegend = true;  // the map furniture places the legends
  if (privacy) {
    try {
      build.smallCountThreshold = privacySettingsOf(state.doc).smallCountThreshold;
    } catch (const std::exception&) {
      build.smallCountThreshold = PrivacySettings{}.smallCountThreshold;  // reported when the lists loaded
    }
    ProgrammeUi& p = state.programme;
    if (p.exactData && state.doc.boundary() && build.smallCountThreshold > 0) {
      build.publication = currentPublication(state, build.smallCountThreshold);
      build.publicationFilters = p.settings.filters;
      build.publicationRadiusKm = p.settings.radiusKm;
    }
  }
  return build;
}
}  // namespace

void applyProgrammeOverlays(DashboardState& state, bool privacy, RenderOptions& options) {
  ProgrammeUi& p = state.programme;
  options.cacheLayers = true;  // hover and selection frames reuse the drawn layers
  useWindowData(p, privacy);
  if (!p.builder.data()) {
    p.frame.clear();
    return;
  }
  OverlayBuildOptions build = overlayBuildOptions(state, privacy);
  // The privacy view draws its symbols directly, as exports do: a cached texture blends their soft
  // edges a rounding step differently, and this view must equal the export pixel for pixel.
  build.cacheForPanning = !privacy;
  p.builder.setOptions(build);
  p.builder.build(state.doc, state.view, p.frame);
  p.frame.applyTo(options);
}

void applyProgrammeOverlaysForExport(DashboardState& state, const MapView& view, OverlayFrame& frame,
                                     RenderOptions& options) {
  ProgrammeUi& p = state.programme;
  frame.clear();
  if (!p.privateData) return;
  if (p.exportBuilder.data() != p.privateData) p.exportBuilder.setData(p.privateData);
  p.exportBuilder.setSettings(p.settings);
  const OverlayBuildOptions build = overlayBuildOptions(state, true);
  p.exportBuilder.setOptions(build);
  p.exportBuilder.build(state.doc, view, frame);
  frame.applyTo(options);
}

const IndicatorTable* currentIndicators(const DashboardState& state) {
  return state.programme.builder.data() ? state.programme.builder.indicators() : nullptr;
}

}  // namespace pk
