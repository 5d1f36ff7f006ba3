// The window's planning panel (issue 4), snapshot export dialog and presentation mode (issue 5):
// their state and the functions the frame loop and the menu call. Computation lives in src/core
// (suitability, site_selection, scenario, snapshot_settings, bookmarks) and src/app/planning_cli
// (loading the programme data into criteria, shared with `prokus-map rank`); this is the view.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/planning_cli.h"
#include "core/bookmarks.h"
#include "core/overlay_settings.h"
#include "core/raster_export.h"
#include "core/scenario.h"
#include "core/site_selection.h"
#include "core/snapshot_settings.h"
#include "render/draw_list.h"
#include "render/furniture_renderer.h"
#include "render/overlays.h"
#include "render/score_overlay.h"

namespace pk {

struct DashboardState;
struct RenderOptions;
struct Layer;

enum class MapPickMode { None, Office, Exclude };

struct PlanningUi {
  bool panelOpen = false;

  // The programme data of the project, loaded into planning criteria (as `rank` does).
  std::optional<PlanningData> data;
  std::string dataError;             // why there is no data (one line, shown in the panel)
  std::string loadedKey;             // sources + radius + office + candidates column it was loaded with
  const Layer* loadedFor = nullptr;
  std::uint64_t loadedForRevision = 0;
  bool reloadRequested = false;
  std::vector<std::string> tableColumns;  // numeric columns of the per-kecamatan table

  // What the planner set: weights and constraints, R and P, the candidates column, the proposals
  // (a scenario). While the suitability map is on, the map state holds a copy (ScoreMapSettings).
  Scenario current;
  bool settingsInitialised = false;
  std::string officeText;            // "lon,lat" as typed
  std::optional<Vec2> officeLonLat;
  std::string officeError;
  MapPickMode pickMode = MapPickMode::None;

  // The result of the current settings.
  std::optional<SuitabilityResult> result;
  std::string resultError;
  bool dirty = true;                 // settings changed since `result`
  std::uint64_t resultRevision = 0;  // counts the results
  std::string syncedScenario;        // the panel's scenario as last written into the map state

  // The score the map state shows (state.programme.settings.score): the panel's result when the
  // state shows the panel's settings, else scored from the state alone (a slide, a bookmark, a
  // project saved with the score on), so nothing depends on the panel having been opened.
  std::optional<MapScore> mapScore;
  std::string mapScoreKey;
  std::string mapScoreError;

  // Proposed sites (map metres, greedy order) and their coverage.
  std::optional<SiteSelection> sites;
  std::vector<Vec2> siteMapPoints;
  std::string sitesError;
  std::vector<SiteLocation> siteLocations;  // kecamatan and desa of each proposed site
  std::string siteLocationsKey;             // the sites and layers they were found for

  // Scenarios of the project ("scenarios" section).
  std::vector<Scenario> scenarios;
  std::string scenariosError;
  std::string newScenarioName;
  int compareA = -1, compareB = -1;
  std::optional<SuitabilityResult> compareResultA, compareResultB;
  std::vector<RankChange> comparison;
  std::string comparisonError;
};

struct SnapshotUi {
  bool open = false;
  bool settingsLoaded = false;
  SnapshotSettings settings;
  std::string path;                  // the file to write
  // The preview: the export rendered at a small size, as a GL texture.
  unsigned previewTexture = 0;
  int previewWidth = 0, previewHeight = 0;
  std::string lastMessage;           // "written to ..." or the error
};

struct FurnitureUi {
  bool panelOpen = false;            // the map furniture panel (furniture_panel.cpp)
  std::string reportedError;         // the unreadable "furniture" section already shown in a message
  // The window's automatic legend corner, chosen on a fit, on opening data or when the overlays
  // change, then kept while panning (core/furniture.h).
  LegendCornerMemo legendCorner;
  // The panel's last frame: how many labels and choices it measured, and those shown cut (the
  // hidden hook --report-cut-text prints them).
  int labelsChecked = 0;
  std::vector<std::string> cutLabels;
};

struct PresentationUi {
  bool active = false;
  bool privacy = false;              // the privacy view: the window shows the map as exports show it
  bool privacyBefore = false;        // the privacy view before presentation switched it on
  std::optional<OverlaySettings> overlaysBefore;  // the map state before the slides changed it
  std::optional<MapView> viewBefore;  // the window's view before the slides moved it
  double hintSince = -100;           // ImGui time the key hint was last shown from
  static constexpr double kHintSeconds = 4.0;
  int slide = -1;                    // index into the project's bookmarks; -1 = the current view
  bool bookmarksOpen = false;        // the bookmark editor window
  std::string newBookmarkName, newBookmarkTitle;
  int renameIndex = -1;
  std::string renameName, renameTitle;
  // Each bookmark's thumbnail (by name): a GL texture of its view, rendered again when `key` (the
  // bookmark, the map area's size and the document) changes.
  struct Thumbnail {
    std::string key;
    unsigned texture = 0;
    int width = 0, height = 0;
  };
  std::map<std::string, Thumbnail> thumbnails;
  // The window's place before full screen.
  int savedX = 0, savedY = 0, savedW = 0, savedH = 0;
  bool fullscreenApplied = false;
  float typeScale = 1.5f;            // presentation's large type (map labels and slide titles)
};

// Everything a map image needs besides the document, kept alive while it is drawn.
struct MapFrameExtras {
  ScoreOverlay score;
  DrawList overlay;                  // proposed sites and office point
};

// Everything one map image draws besides the document: the programme overlays (exports), the
// planning extras and the map furniture with the legends in it. Kept alive while the map is drawn.
struct MapComposition {
  OverlayFrame programme;            // exports only; the window's frame lives in ProgrammeUi
  MapFrameExtras planning;
  FurnitureFrame furniture;
  DrawList legendBlock;              // the score legend above the programme's (mapLegendBlock)
  DrawList top;                      // the overlays' glyphs, then the furniture
};

enum class MapTarget { Window, Export };

// ---- map_composition.cpp ----
// Fills `options` for drawing the map through `view`: one function for the window, the export
// dialog's file and preview, presentation and the export hook, so they agree pixel for pixel.
// Window: hover and selection, cached layers and overlays; exact data unless the privacy view is on.
// Export: always the privacy rules (displaced points, small counts withheld). Both: the project's
// furniture (title, legends, scale bar, north arrow, sources, date, schematic note); in the window,
// items in the right-hand corners move left while a panel covers the map's right side.
void composeMap(DashboardState& state, const MapView& view, MapTarget target, MapComposition& out,
                RenderOptions& options);
// The window's fit of `extent` (Home, a project opened, the map area resized): the same
// furniture-aware fit as `render`, with the furniture and legend the window draws kept clear.
MapView fitWindowView(DashboardState& state, const BBox& extent, int widthPx, int heightPx, float pixelsPerPoint);
// The privacy view is on: the window shows the map exactly as exports show it.
bool windowShowsPrivacyView(const DashboardState& state);
// The title furniture shows for the current slide in presentation mode; empty otherwise.
std::string currentSlideTitle(DashboardState& state);

// ---- planning_panel.cpp ----
// Once a frame: loads the programme data when the sources, R, office or boundary changed, and
// rescores when the settings changed (from the first opening of the panel on).
void updatePlanning(DashboardState& state);
void drawPlanningPanel(DashboardState& state);
// A project was opened or the document replaced: forget loaded data, read the scenarios.
void resetPlanning(DashboardState& state);
// After handleMapInput: a click on the map while picking (office point, exclusion) is taken here.
void handlePlanningMapPick(DashboardState& state);
// Fills `options` (boundary fills, overlay) and extras.score (whose legend the furniture places)
// for a map drawn through `view`: the same call for the window, the export and its preview.
void applyPlanningToRender(DashboardState& state, const MapView& view, MapFrameExtras& extras, RenderOptions& options);
// The map state's score overlay through `view` (empty while the score is off or not computed):
// what applyPlanningToRender draws, and what the window's fit sizes the legend block with.
ScoreOverlay windowScoreOverlay(const DashboardState& state, const MapView& view);

// ---- map_area.cpp (what the window says about a polygon) ----
// The indicators of boundary feature `feature` as a two-column table (translated labels, numbers
// in the language's format, the privacy view's rules): under the pointer the values the overlays
// that are on map (`mappedOnly`), for the selection every indicator. Nothing without programme
// data and without the score.
void drawFeatureIndicators(DashboardState& state, size_t feature, bool mappedOnly);

// ---- export_dialog.cpp ----
void openSnapshotDialog(DashboardState& state);
void drawSnapshotDialog(DashboardState& state);
// The map as the export draws it: the document through `view` with the window's overlays and
// furniture, no hover or selection highlight, transparent background on request.
RgbaImage renderSnapshotImage(DashboardState& state, const MapView& view, bool transparent);
// Uploads `image` into the GL texture `texture` (made on first use), for ImGui::Image: the export
// preview and the bookmark thumbnails.
void uploadImageTexture(unsigned& texture, const RgbaImage& image);
// Renders `view` and writes `path` (format from the extension). Throws like writeGeoreferencedImage.
void writeSnapshot(DashboardState& state, const MapView& view, const std::string& path, bool transparent);
void releaseSnapshotPreview(DashboardState& state);  // GL texture; call while the context is current

// ---- presentation.cpp ----
// Esc closes the frontmost dialog shown (export, meeting pack) before anything else; then it is
// taken for the frame (DashboardState::escapeTaken). Modal popups handle their own Esc.
void closeFrontDialogOnEscape(DashboardState& state);
// F5, arrows, Page Up/Down and Esc; call once a frame before the panels are laid out, after
// closeFrontDialogOnEscape.
void handlePresentationKeys(DashboardState& state);
void setPresentationMode(DashboardState& state, bool active);
// Presentation's slide title, slide number and hint over the map.
void drawPresentationOverlay(DashboardState& state);
void drawBookmarkWindow(DashboardState& state);
void releaseBookmarkThumbnails(DashboardState& state);  // GL textures; call while the context is current
// What the bookmark window's Add does: appends the current view and map state under `name` to the
// project's bookmarks. False (nothing added) without a view or when the name is taken.
bool addBookmarkOfWindow(DashboardState& state, const std::string& name, const std::string& title);
void showSlide(DashboardState& state, int index);

}  // namespace pk
