// State shared by the dashboard's panels, and one draw function per panel (each in its own file).
// The data model lives in src/core; these files are only the view and its input handling.
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "core/app_settings.h"
#include "core/map_document.h"
#include "core/project_relocation.h"
#include "core/spatial_index.h"
#include "core/view.h"
#include "ui/database_dialog.h"
#include "ui/file_browser.h"
#include "ui/programme_ui.h"
#include "ui/planning_ui.h"

struct GLFWwindow;

namespace pk {

class MapRenderer;

// A message for the popup: a translated heading and the detail line (e.g. InputError::what(), which
// names the file and the problem).
struct UiMessage {
  std::string heading;
  std::string detail;
  bool mapChanged = false;  // a warning about what was opened, not a failure that kept the map
};

// A rectangle in ImGui display coordinates (window points, origin top-left).
struct ScreenRect {
  float x = 0, y = 0, w = 0, h = 0;
  bool contains(float px, float py) const { return px >= x && py >= y && px < x + w && py < y + h; }
};

// Panels beside the map, never over it (panel_dock.cpp): the overlay and planning panels stack in
// a column right of the map, the indicator table lies below it; the map area is what is left. On a
// narrow window (or a large UI scale) the layer panel becomes a narrow strip so that the map keeps
// most of the width; a docked panel collapsed by its title-bar arrow keeps only its title bar.
enum class DockSlot { Overlays, Planning, Table, Bookmarks };
constexpr int kDockSlots = 4;
struct DockUi {
  enum class LayerPanel { Auto, Open, Strip };
  LayerPanel layerPanel = LayerPanel::Auto;  // Auto: a strip only while the docked panels need the room
  bool layersAsStrip = false;                // this frame
  ScreenRect slots[kDockSlots];              // each docked panel's place this frame (w 0: closed)
};

// File > Export meeting pack...: the `export-pack` child process writing it (meeting_pack.cpp).
struct MeetingPackOptions {
  bool indonesianCsv = false;     // table.csv with semicolons and decimal commas
  bool withPersonalData = false;  // beneficiaries-personal.csv, with a warning; never remembered
};
struct MeetingPackUi {
  bool dialogOpen = false;   // the dialog: folder, CSV style, personal data switch
  std::string folder;
  std::string notAPackFolder;   // the folder chosen is the planner's own: the dialog asks what to do
  std::string folderProblem;    // why the chosen folder cannot take a pack (names it)
  MeetingPackOptions options;
  int pid = 0;               // running child; 0: none
  std::string workDir;       // its private temporary folder (project snapshot, log)
  std::string outputDir, logPath;
  double startedAt = 0;
};

// ---- a project whose data files moved: the "Files moved" dialog (relocate_dialog.cpp) ----
struct DashboardState;
struct RelocationUi {
  bool openRequested = false;               // the dialog opens on the next frame
  std::string projectPath;                  // absolute; empty when no project waits for its files
  std::vector<MissingProjectFile> missing;  // as the project records them
  PathRemap located;                        // missing[i].resolvedPath -> where the planner found it
  std::string note;                         // e.g. how many more were found next to the last one
  std::string error;                        // why the last pick or Open failed (names the file)
  bool opened = false;                      // the project is open: the dialog says what a save does
  bool active() const { return !projectPath.empty(); }
};
// Asks for the `missing` files of `projectPath` instead of opening it; the map on screen stays.
void askForMovedFiles(DashboardState& state, const std::string& projectPath, std::vector<MissingProjectFile> missing);
// The planner found missing[index] at `path` (the browser's answer); others of the same name in that
// folder are found with it.
void locateMovedFile(DashboardState& state, size_t index, const std::string& path);
// Opens the waiting project with the files located; `leaveMissingOut`: without those still missing.
void openRelocatedProject(DashboardState& state, bool leaveMissingOut);
void drawRelocateDialog(DashboardState& state);
// Opens the project reading moved files where `moved` says (document_actions.cpp). Returns the problem,
// naming the file, or "" once open; on a problem the map on screen is kept and nothing is shown.
std::string openProjectWithMovedFiles(DashboardState& state, const std::string& path, const PathRemap& moved);

struct DashboardState {
  GLFWwindow* window = nullptr;
  MapDocument doc;
  std::unique_ptr<MapRenderer> renderer;
  // A zoom into a level of detail not built yet draws the nearest built level until it is ready
  // (RenderOptions::provisionalDetail). A scripted run (--frames) waits instead, so that its
  // screenshots are the exact map that exports draw.
  bool provisionalDetail = true;

  // The view of the map area; widthPx/heightPx follow the map area in framebuffer pixels.
  MapView view;
  bool viewValid = false;   // false until the first layer is framed
  bool fitRequested = false;
  ScreenRect mapRect;       // the map area: the window minus menu bar, docked panels and status bar
  DockUi dock;
  bool viewIsFit = false;   // the view is the fitted one: a new map-area size fits again
  Vec2 fitLegendSize;       // the overlays' legend box the fit kept free (0 x 0: none)
  int mapFramebufferX = 0, mapFramebufferY = 0;  // its top-left corner in framebuffer pixels (y down)
  float framebufferScaleX = 1, framebufferScaleY = 1;  // framebuffer pixels per display point
  bool applySavedViewRequested = false;  // a project was opened: show its saved view

  // Pointer interaction on the map.
  bool dragging = false;
  float dragTravel = 0;     // how far the pointer moved since the press, to tell a click from a drag
  bool cursorOnMap = false;
  Vec2 cursorMap;           // map coordinates under the cursor when cursorOnMap
  int hoverFeature = -1;    // boundary-layer feature under the cursor
  int selectedFeature = -1;
  bool escapeTaken = false;  // this frame's Esc closed a dialog: nothing else acts on it

  // Hit-testing index of the boundary layer, rebuilt when the layer or its geometry changes.
  std::unique_ptr<BackgroundPolygonIndex> hitIndex;  // a big layer's is built while the map is drawn
  LayerPtr hitIndexLayer;   // held so the index never points at a removed layer
  std::uint64_t hitIndexRevision = 0;

  // Messages waiting to be shown (errors from opening files, saves, ...), oldest first.
  std::deque<UiMessage> messages;

  AppSettings settings;
  std::string settingsPath;
  float uiScale = 1.0f;        // effective scale (settings.uiScale, or the monitor's when that is 0)
  float monitorScale = 1.0f;   // the window's content scale reported by GLFW
  bool fontRebuildRequested = false;

  FileBrowser browser;
  bool aboutRequested = false;
  float sidePanelWidth = 0;    // in display points; set from the UI scale on first use, then by the user
  bool sidePanelWidthForced = true;  // apply sidePanelWidth on the next frame (first frame, new UI scale)
  std::vector<std::string> droppedPaths;  // from the drop callback, opened at the start of the next frame

  // ---- programme data (issue 3): lists, overlays, import dialog, overlay and table panels ----
  ProgrammeUi programme;
  // ---- planning panel, snapshot export, presentation mode (issues 4, 5; planning_ui.h) ----
  PlanningUi planning;
  SnapshotUi snapshot;
  PresentationUi presentation;
  FurnitureUi furniture;
  MeetingPackUi meetingPack;
  // A click (press and release without a drag) on the map this frame: where, and on which polygon.
  bool mapClicked = false;
  Vec2 clickedMap;
  int clickedFeature = -1;
  RelocationUi relocation;  // a project whose data files moved (relocate_dialog.cpp)
  DatabaseDialogUi databaseDialog;  // File > Open from database (database_dialog.cpp)
};

// ---- document actions (document_actions.cpp) ----
// Opens each path: a *.prokus.json replaces the document, anything else is added as a layer.
// Problems become messages; the current map is kept.
void openPaths(DashboardState& state, const std::vector<std::string>& paths);
void openProjectFile(DashboardState& state, const std::string& path);
void saveProjectTo(DashboardState& state, const std::string& path);
// Writes the document as a project file at `target` (absolute): the current view as its saved
// view, the programme lists' paths relative to `target`. Afterwards doc.projectPath is `target`; on
// failure it is unchanged and the error is thrown. saveProjectTo and the meeting pack's snapshot.
void writeProjectFile(DashboardState& state, const std::string& target);
// Throws InputError when path is a file the window has open (a layer, a list, a table, the project
// itself unless it is the file being saved), under any name: no save or export may overwrite one.
void refuseOverwritingInput(const DashboardState& state, const std::string& path, bool isProjectSave = false);
void removeLayer(DashboardState& state, size_t index);
// Adds a message for the popup and echoes the detail on stderr (for logs and support).
void showMessage(DashboardState& state, const std::string& heading, const std::string& detail);
// One message per load warning of `layer` (repaired or skipped geometry, duplicate codes), in the GUI language.
void showLoadWarnings(DashboardState& state, const Layer& layer);
// Writes the settings file; a failure becomes a message.
void persistSettings(DashboardState& state);
void setWindowTitle(DashboardState& state);

// ---- panels ----
void drawMenuBar(DashboardState& state, bool& quitRequested);      // menu_bar.cpp
void drawLayerPanel(DashboardState& state, const ScreenRect& area);  // layer_panel.cpp
void drawStatusBar(DashboardState& state, const ScreenRect& area);   // status_bar.cpp
void drawMessagePopup(DashboardState& state);                        // message_popup.cpp
void drawAboutDialog(DashboardState& state);                         // about_dialog.cpp
void drawFileBrowser(DashboardState& state);                         // file_browser.cpp

// ---- docked panels (panel_dock.cpp) ----
// Lays out the body (below the menu bar, above the status bar): the layer panel or its strip on
// the left, the docked panels, and state.mapRect. Draws the layer panel or its strip.
void layoutDockedPanels(DashboardState& state, const ScreenRect& body);
// Call right before the panel's ImGui::Begin: puts it at its docked place this frame.
void placeDockedPanel(const DashboardState& state, DockSlot slot);
// The window flags of a docked panel (fixed place and size; it can be collapsed and closed).
int dockedPanelFlags();

// ---- map furniture panel (furniture_panel.cpp) ----
void drawFurniturePanel(DashboardState& state);

// ---- meeting pack (meeting_pack.cpp) ----
void requestMeetingPack(DashboardState& state);  // opens the dialog (folder, CSV style, personal data)
// The dialog's Write button: starts the pack, or asks first when the folder is the planner's own.
void pressMeetingPackWrite(DashboardState& state);
void startMeetingPack(DashboardState& state, const std::string& outputDir, const MeetingPackOptions& options = {});
// Once a frame (wait: block until the child is done, for quitting and tests): a finished pack
// becomes a message naming index.html, or the child's own error lines.
void pollMeetingPack(DashboardState& state, bool wait = false);
void drawMeetingPackStatus(DashboardState& state);  // the dialog, and the progress line while writing

// ---- the map area (map_area.cpp) ----
// Pan, zoom, hover and selection from ImGui's input, when ImGui does not want the mouse/keyboard.
void handleMapInput(DashboardState& state);
void drawHoverTooltip(DashboardState& state);
void drawMapHints(DashboardState& state);  // what to do when nothing is open yet
// Keeps state.view's pixel size and point scale in step with state.mapRect; fits when requested.
void updateMapView(DashboardState& state);
void fitToData(DashboardState& state);
void zoomToSelection(DashboardState& state);
// Rebuilds the hit-testing index when the boundary layer changed; clears a stale hover/selection.
void refreshHitIndex(DashboardState& state);

// The map's offscreen framebuffer: MapRenderer draws the map area into it, then it is copied into
// the window at the map area's place, before ImGui draws the panels over the rest.
class MapFramebuffer {
 public:
  MapFramebuffer() = default;
  MapFramebuffer(const MapFramebuffer&) = delete;
  MapFramebuffer& operator=(const MapFramebuffer&) = delete;
  ~MapFramebuffer();
  void drawMap(DashboardState& state, int windowFramebufferHeight);  // map_canvas.cpp
  void release();  // frees the GL objects; call while the context is current
 private:
  unsigned fbo_ = 0, color_ = 0, depthStencil_ = 0;
  int width_ = 0, height_ = 0;
};

// Status-bar height and menu-bar height in display points, from the current font and style.
float statusBarHeight();
float menuBarHeight();

}  // namespace pk
