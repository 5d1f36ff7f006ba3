// The dashboard window: GLFW 3.3 + OpenGL 3.3 core (libepoxy), Dear ImGui 1.86 for the panels and
// pk::MapRenderer for the map. Also the hidden test hook `--screenshot PATH --frames N`.
#include "ui/app_window.h"

#include <epoxy/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <dlfcn.h>
#include <link.h>
#include <stb_image_write.h>

#include <algorithm>
#include <chrono>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/cli.h"
#include "backends/imgui_impl_glfw.h"
#include "backends/imgui_impl_opengl3.h"
#include "core/font.h"
#include "core/i18n.h"
#include "core/layer_io.h"
#include "core/project_file.h"
#include "core/raster_export.h"
#include "imgui.h"
#include "render/gl_context.h"
#include "render/map_export.h"
#include "render/map_renderer.h"
#include "ui/dashboard.h"
#include "ui/ui_fonts.h"

namespace pk {

namespace {

struct DashboardOptions {
  std::vector<std::string> files;
  std::string screenshotPath;  // hidden: save the window's framebuffer as PNG after `frames` frames
  int frames = 0;              // hidden: run this many frames, then exit (0: run until closed)
  int windowWidth = 0, windowHeight = 0;  // hidden: --window-size WxH (benchmarks, tests)
  std::vector<std::string> openPanels;    // hidden: --open-panel overlays|table|import (screenshots)
  std::string saveProjectPath;            // hidden: save the project there after the last frame (tests)
  std::vector<std::string> exportTablePaths;  // hidden: --export-table FILE (.xlsx, .csv; ".id.csv": semicolon)
  std::vector<std::string> importPaths;   // hidden: --import FILE imports a beneficiary list as the dialog would
  bool present = false;        // hidden: --present starts in presentation mode (tests)
  int slide = 0;               // hidden: --slide N shows the N-th bookmark (1-based) as a slide
  bool planning = false;       // hidden: --planning opens the planning panel (tests, screenshots)
  // hidden: --select CODE / --hover CODE select the boundary polygon of that code, or hold the
  // pointer over it, on every frame (tests and screenshots of the highlight and the tooltip)
  std::string selectCode, hoverCode;
  bool snapshotDialog = false; // hidden: --snapshot-dialog opens the export dialog (screenshots)
  bool privacy = false;        // hidden: --privacy starts with the privacy view on
  std::string categoriesPath;  // hidden: --apply-categories FILE applies a business category list (JSON)
  std::string exportPackDir;   // hidden: --export-pack DIR runs File > Export meeting pack after the last frame
  std::string packFolder;      // hidden: --pack-folder DIR types DIR into the pack dialog and presses Write
  // hidden: --export-at-window-size PATH writes, after the last frame, the export of the map area
  // at its own size through the export dialog's code path (the pixel-for-pixel test of issue 5)
  std::string exportAtWindowSizePath;
  // hidden: --relocate-from DIR answers the "Files moved" dialog, each missing file with DIR/<its name>
  // as if picked in the browser, then presses Open (tests)
  std::string relocateFrom;
  // hidden: --keys F5,Right,Escape presses (and releases) these keys one after the other, a few
  // frames apart, from the fifth frame on, through the same callback as real key presses (tests)
  std::vector<int> keys;
  // hidden: --bookmark NAME adds a bookmark of the view as the bookmark window's Add does, at the
  // frame before the first scripted key (so after the planning panel computed what it shows)
  std::string bookmarkName;
  // hidden: --report-cut-text prints, after the last frame, how many labels and choices the
  // furniture panel measured and each one it shows cut (tests of the panel's layout)
  bool reportCutText = false;
  // hidden: --database SERVICE opens File > Open from database with that service and presses Connect;
  // --database-filter TEXT types the filter; --database-open TABLE then picks schema.table and presses
  // Open, once the dialog was drawn, and prints what the map's boundary layer holds (tests, screenshots)
  std::string databaseService, databaseFilter, databaseOpenTable;
};

// The key names --keys understands, as GLFW key codes; 0 for an unknown name.
int glfwKeyNamed(const std::string& name) {
  static const std::pair<const char*, int> kKeys[] = {
      {"Escape", GLFW_KEY_ESCAPE}, {"F5", GLFW_KEY_F5},     {"Right", GLFW_KEY_RIGHT},          {"Left", GLFW_KEY_LEFT},
      {"Up", GLFW_KEY_UP},         {"Down", GLFW_KEY_DOWN}, {"Home", GLFW_KEY_HOME},            {"PageDown", GLFW_KEY_PAGE_DOWN},
      {"PageUp", GLFW_KEY_PAGE_UP}, {"E", GLFW_KEY_E}};
  for (const auto& [keyName, key] : kKeys)
    if (name == keyName) return key;
  return 0;
}

bool parseSize(const std::string& text, int& w, int& h) {
  int parsedW = 0, parsedH = 0;
  char x = 0, extra = 0;
  if (std::sscanf(text.c_str(), "%d%c%d%c", &parsedW, &x, &parsedH, &extra) != 3 || (x != 'x' && x != 'X'))
    return false;
  if (parsedW < 64 || parsedH < 64 || parsedW > 16384 || parsedH > 16384) return false;
  w = parsedW;
  h = parsedH;
  return true;
}

bool parseOptions(const std::vector<std::string>& args, DashboardOptions& options, std::string& error) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto value = [&](const char* name) -> const std::string* {
      if (i + 1 >= args.size()) {
        error = std::string(name) + " needs a value";
        return nullptr;
      }
      return &args[++i];
    };
    if (arg == "--screenshot") {
      const std::string* v = value("--screenshot");
      if (!v) return false;
      options.screenshotPath = *v;
    } else if (arg == "--frames") {
      const std::string* v = value("--frames");
      if (!v) return false;
      try {
        size_t used = 0;
        options.frames = std::stoi(*v, &used);
        if (used != v->size() || options.frames < 1) throw std::invalid_argument("range");
      } catch (const std::exception&) {
        error = "--frames needs a positive whole number, got '" + *v + "'";
        return false;
      }
    } else if (arg == "--open-panel") {
      const std::string* v = value("--open-panel");
      if (!v) return false;
      if (*v != "overlays" && *v != "table" && *v != "import" && *v != "furniture" && *v != "bookmarks" &&
          *v != "pack" && *v != "categories") {
        error = "--open-panel needs overlays, table, import, furniture, bookmarks, pack or categories, got '" + *v + "'";
        return false;
      }
      options.openPanels.push_back(*v);
    } else if (arg == "--export-table") {
      const std::string* v = value("--export-table");
      if (!v) return false;
      options.exportTablePaths.push_back(*v);
    } else if (arg == "--import") {
      const std::string* v = value("--import");
      if (!v) return false;
      options.importPaths.push_back(*v);
    } else if (arg == "--relocate-from") {
      const std::string* v = value("--relocate-from");
      if (!v) return false;
      options.relocateFrom = *v;
    } else if (arg == "--save-project") {
      const std::string* v = value("--save-project");
      if (!v) return false;
      options.saveProjectPath = *v;
    } else if (arg == "--window-size") {
      const std::string* v = value("--window-size");
      if (!v) return false;
      if (!parseSize(*v, options.windowWidth, options.windowHeight)) {
        error = "--window-size needs WxH (64..16384), got '" + *v + "'";
        return false;
      }
    } else if (arg == "--present") {
      options.present = true;
    } else if (arg == "--slide") {
      const std::string* v = value("--slide");
      if (!v) return false;
      try {
        size_t used = 0;
        options.slide = std::stoi(*v, &used);
        if (used != v->size() || options.slide < 1) throw std::invalid_argument("range");
      } catch (const std::exception&) {
        error = "--slide needs a positive whole number, got '" + *v + "'";
        return false;
      }
    } else if (arg == "--keys") {
      const std::string* v = value("--keys");
      if (!v) return false;
      std::stringstream names(*v);
      std::string name;
      while (std::getline(names, name, ',')) {
        const int key = glfwKeyNamed(name);
        if (!key) {
          error = "--keys: unknown key '" + name + "' (Escape, F5, Right, Left, Up, Down, Home, PageDown, PageUp, E)";
          return false;
        }
        options.keys.push_back(key);
      }
    } else if (arg == "--bookmark") {
      const std::string* v = value("--bookmark");
      if (!v) return false;
      options.bookmarkName = *v;
    } else if (arg == "--database" || arg == "--database-filter" || arg == "--database-open") {
      const std::string* v = value(arg.c_str());
      if (!v) return false;
      (arg == "--database" ? options.databaseService
                           : arg == "--database-filter" ? options.databaseFilter : options.databaseOpenTable) = *v;
    } else if (arg == "--report-cut-text") {
      options.reportCutText = true;
    } else if (arg == "--planning") {
      options.planning = true;
    } else if (arg == "--select" || arg == "--hover") {
      const std::string* v = value(arg.c_str());
      if (!v) return false;
      (arg == "--select" ? options.selectCode : options.hoverCode) = *v;
    } else if (arg == "--snapshot-dialog") {
      options.snapshotDialog = true;
    } else if (arg == "--privacy") {
      options.privacy = true;
    } else if (arg == "--apply-categories") {
      const std::string* v = value("--apply-categories");
      if (!v) return false;
      options.categoriesPath = *v;
    } else if (arg == "--pack-folder") {
      const std::string* v = value("--pack-folder");
      if (!v) return false;
      options.packFolder = *v;
    } else if (arg == "--export-pack") {
      const std::string* v = value("--export-pack");
      if (!v) return false;
      options.exportPackDir = *v;
    } else if (arg == "--export-at-window-size") {
      const std::string* v = value("--export-at-window-size");
      if (!v) return false;
      options.exportAtWindowSizePath = *v;
    } else if (arg.size() > 1 && arg[0] == '-' && !std::filesystem::exists(arg)) {
      error = "unknown option '" + arg + "' (see prokus-map --help)";
      return false;
    } else {
      options.files.push_back(arg);
    }
  }
  if ((!options.screenshotPath.empty() || !options.exportAtWindowSizePath.empty()) && options.frames == 0)
    options.frames = 5;
  return true;
}

std::string lastGlfwError;
void onGlfwError(int code, const char* description) {
  lastGlfwError = description ? description : "unknown error";
  (void)code;
}

// Counts input events so that the loop can sleep when nothing happens (software GL is not free).
unsigned long long gEventCounter = 0;
void countEvent() { ++gEventCounter; }

// ImGui 1.86 reads key state once per frame, so a key pressed and released between two frames (a quick
// tap, a shortcut sent by a remote desktop or a test tool) would be lost, and so would Ctrl when it is
// let go just before the O of Ctrl+O. So once a key went down since the last frame, every release waits
// until that frame has seen the keys down; releases are delivered, in order, before the next events.
struct DeferredKey {
  int key, scancode, mods;
};
bool gKeyPressedSinceFrame = false;
std::vector<DeferredKey> gDeferredReleases;

// A scripted run (the test hook, --frames N) takes no input from the X server: tests share one
// server, and another test's window or pointer would otherwise take focus (which clears ImGui's keys)
// or hover over this map, so that the same script drew different pixels.
bool gScriptedInputOnly = false;

void onKey(GLFWwindow* window, int key, int scancode, int action, int mods) {
  if (action == GLFW_RELEASE && (gKeyPressedSinceFrame || !gDeferredReleases.empty())) {
    gDeferredReleases.push_back({key, scancode, mods});
    countEvent();
    return;
  }
  if (action == GLFW_PRESS) gKeyPressedSinceFrame = true;
  ImGui_ImplGlfw_KeyCallback(window, key, scancode, action, mods);
}

void onRealKey(GLFWwindow* window, int key, int scancode, int action, int mods) {
  countEvent();
  if (!gScriptedInputOnly) onKey(window, key, scancode, action, mods);
}

// After the backend's NewFrame: forget the pointer, buttons, wheel and typed text it read from X.
void dropRealInput(ImGuiIO& io) {
  io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  for (bool& down : io.MouseDown) down = false;
  io.MouseWheel = io.MouseWheelH = 0;
  io.InputQueueCharacters.resize(0);
}

void deliverDeferredKeyReleases(GLFWwindow* window) {
  gKeyPressedSinceFrame = false;
  std::vector<DeferredKey> releases;
  releases.swap(gDeferredReleases);
  for (const auto& k : releases) ImGui_ImplGlfw_KeyCallback(window, k.key, k.scancode, GLFW_RELEASE, k.mods);
}

void onDrop(GLFWwindow* window, int count, const char** paths) {
  auto* state = static_cast<DashboardState*>(glfwGetWindowUserPointer(window));
  if (!state) return;
  for (int i = 0; i < count; ++i) state->droppedPaths.emplace_back(paths[i]);
  countEvent();
}

// Installed before ImGui's backend, which chains to them; they only wake the loop.
void installWakeCallbacks(GLFWwindow* window) {
  glfwSetCursorPosCallback(window, [](GLFWwindow*, double, double) { countEvent(); });
  glfwSetMouseButtonCallback(window, [](GLFWwindow*, int, int, int) { countEvent(); });
  glfwSetScrollCallback(window, [](GLFWwindow*, double, double) { countEvent(); });
  glfwSetKeyCallback(window, [](GLFWwindow*, int, int, int, int) { countEvent(); });
  glfwSetCharCallback(window, [](GLFWwindow*, unsigned int) { countEvent(); });
  glfwSetCursorEnterCallback(window, [](GLFWwindow*, int) { countEvent(); });
  glfwSetWindowFocusCallback(window, [](GLFWwindow*, int) { countEvent(); });
  glfwSetFramebufferSizeCallback(window, [](GLFWwindow*, int, int) { countEvent(); });
  glfwSetWindowRefreshCallback(window, [](GLFWwindow*) { countEvent(); });
  glfwSetWindowContentScaleCallback(window, [](GLFWwindow* w, float xs, float) {
    auto* state = static_cast<DashboardState*>(glfwGetWindowUserPointer(w));
    if (state) {
      state->monitorScale = xs > 0 ? xs : 1.0f;
      if (state->settings.uiScale <= 0) {
        state->uiScale = state->monitorScale;
        state->fontRebuildRequested = true;
      }
    }
    countEvent();
  });
  glfwSetDropCallback(window, onDrop);
}

// Reads the window's back buffer (after ImGui drew) as an opaque image, top row first.
RgbaImage captureWindow(int width, int height) {
  RgbaImage image;
  image.width = width;
  image.height = height;
  image.pixels.resize(static_cast<size_t>(width) * height * 4);
  std::vector<std::uint8_t> bottomUp(image.pixels.size());
  glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
  glReadBuffer(GL_BACK);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, bottomUp.data());
  const size_t row = static_cast<size_t>(width) * 4;
  for (int y = 0; y < height; ++y)
    std::copy_n(bottomUp.data() + (height - 1 - y) * row, row, image.pixels.data() + y * row);
  for (size_t i = 3; i < image.pixels.size(); i += 4) image.pixels[i] = 255;
  return image;
}

void writePlainPng(const RgbaImage& image, const std::string& path) {
  std::string encoded;
  auto append = [](void* context, void* data, int size) {
    static_cast<std::string*>(context)->append(static_cast<const char*>(data), size);
  };
  if (!stbi_write_png_to_func(append, &encoded, image.width, image.height, 4, image.pixels.data(), image.width * 4))
    throw std::runtime_error(path + ": PNG encoding failed");
  writeFileAtomically(path, encoded);
}

// No display (no X server, or GLFW cannot start): draw the same map headlessly and say where it went,
// so `prokus-map PROJECT` still gives the planner something to look at.
int writeSnapshotWithoutDisplay(DashboardState& state, const DashboardOptions& options) {
  std::fprintf(stderr, "prokus-map: cannot open a window (%s)\n",
               lastGlfwError.empty() ? "no display" : lastGlfwError.c_str());
  if (options.files.empty()) {
    std::fprintf(stderr, "prokus-map: give a boundary or project file to get a snapshot instead, "
                         "or run 'prokus-map render INPUT -o OUT'\n");
    return kExitFailure;
  }
  openPaths(state, options.files);
  state.messages.clear();  // already echoed on stderr
  if (state.doc.layers.empty() || !state.doc.projection) {
    std::fprintf(stderr, "prokus-map: nothing could be opened, so no snapshot was written\n");
    return kExitBadInput;
  }
  const std::string out = options.screenshotPath.empty() ? "prokus-map-snapshot.png" : options.screenshotPath;
  try {
    for (const std::string& file : {out, worldFilePathFor(out), out + ".aux.xml"})
      if (!file.empty()) refuseOverwritingInput(state, file);
    auto context = HeadlessGlContext::create();
    MapRenderer renderer;
    renderer.init();
    // The export path of the window (furniture, privacy rules), at 1920 x 1080 and 96 dpi.
    const float pointScale = 96.0f / 72.0f;
    MapView view = state.doc.savedView ? state.doc.savedView->resized(1920, 1080)
                                       : fitDocumentView(state.doc, 1920, 1080, pointScale, true);
    view.pixelsPerPoint = pointScale;
    RenderOptions renderOptions;
    MapComposition composition;
    composeMap(state, view, MapTarget::Export, composition, renderOptions);
    const RgbaImage image = renderImageTiled(renderer, state.doc, view, renderOptions);
    writeGeoreferencedImage(image, view, *state.doc.projection, out, exportMetadataFor(state.doc, 96.0));
    keepLoadedLibrariesUntilExit();  // before the EGL context goes and unloads the driver
  } catch (const std::exception& e) {
    std::fprintf(stderr, "prokus-map: %s: snapshot failed: %s\n", out.c_str(), e.what());
    return kExitFailure;
  }
  std::fprintf(stderr, "prokus-map: no display; wrote a snapshot of the map to %s\n",
               std::filesystem::absolute(out).string().c_str());
  return kExitOk;
}

void layoutAndDrawPanels(DashboardState& state, bool& quitRequested) {
  const ImGuiIO& io = ImGui::GetIO();
  closeFrontDialogOnEscape(state);
  handlePresentationKeys(state);
  if (state.presentation.active) {
    // Presentation: the map fills the window; no menu, status bar or panels.
    state.mapRect = ScreenRect{0, 0, io.DisplaySize.x, io.DisplaySize.y};
    return;
  }
  drawMenuBar(state, quitRequested);
  const float menuH = menuBarHeight();
  const float statusH = statusBarHeight();
  const float displayW = io.DisplaySize.x, displayH = io.DisplaySize.y;
  const float bodyH = std::max(0.0f, displayH - menuH - statusH);

  drawStatusBar(state, ScreenRect{0, displayH - statusH, displayW, statusH});
  layoutDockedPanels(state, ScreenRect{0, menuH, displayW, bodyH});
}

}  // namespace

int runDashboard(const std::vector<std::string>& args) {
  DashboardOptions options;
  std::string optionError;
  if (!parseOptions(args, options, optionError)) {
    std::fprintf(stderr, "prokus-map: %s\n", optionError.c_str());
    return kExitBadInput;
  }
  initGdal();
  // The map's lettering is baked while the window opens and the data loads, not in the first frame.
  const std::jthread lettering = Font::bakeDefaultFontsAhead();

  DashboardState state;
  state.settingsPath = defaultSettingsPath();
  std::string settingsWarning;
  state.settings = loadAppSettings(state.settingsPath, &settingsWarning);
  if (!settingsWarning.empty()) std::fprintf(stderr, "prokus-map: %s\n", settingsWarning.c_str());
  setLanguage(state.settings.language);

  glfwSetErrorCallback(onGlfwError);
  if (!glfwInit()) return writeSnapshotWithoutDisplay(state, options);

  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);

  float monitorScale = 1.0f;
  int workW = 0, workH = 0;
  if (GLFWmonitor* monitor = glfwGetPrimaryMonitor()) {
    float ys = 1;
    glfwGetMonitorContentScale(monitor, &monitorScale, &ys);
    int wx = 0, wy = 0;
    glfwGetMonitorWorkarea(monitor, &wx, &wy, &workW, &workH);
  }
  if (!(monitorScale > 0)) monitorScale = 1.0f;
  int windowW = options.windowWidth, windowH = options.windowHeight;
  if (windowW == 0) {
    // A comfortable default that fits the screen (GLFW_SCALE_TO_MONITOR scales it on HiDPI).
    windowW = 1280;
    windowH = 800;
    if (workW > 0) windowW = std::min(windowW, static_cast<int>(workW / monitorScale));
    if (workH > 0) windowH = std::min(windowH, static_cast<int>(workH / monitorScale));
  }
  GLFWwindow* window = glfwCreateWindow(windowW, windowH, "ProKUS Map", nullptr, nullptr);
  if (!window) {
    glfwTerminate();
    return writeSnapshotWithoutDisplay(state, options);
  }
  state.window = window;
  glfwSetWindowUserPointer(window, &state);
  glfwMakeContextCurrent(window);
  glfwSwapInterval(options.frames > 0 ? 0 : 1);  // the test hook runs as fast as it can
  {
    float xs = 1, ys = 1;
    glfwGetWindowContentScale(window, &xs, &ys);
    state.monitorScale = xs > 0 ? xs : monitorScale;
  }
  state.uiScale = state.settings.uiScale > 0 ? state.settings.uiScale : state.monitorScale;

  installWakeCallbacks(window);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the layout is fixed; nothing to remember in an imgui.ini
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  glfwSetKeyCallback(window, onRealKey);  // in front of ImGui's, which it calls (see onKey)
  gScriptedInputOnly = options.frames > 0;
  state.provisionalDetail = options.frames == 0;
  if (gScriptedInputOnly) glfwSetWindowFocusCallback(window, [](GLFWwindow*, int) { countEvent(); });
  ImGui_ImplOpenGL3_Init("#version 330 core");
  rebuildFontsAndStyle(state.uiScale, false);
  state.sidePanelWidth = std::round(330.0f * state.uiScale);
  float appliedScale = state.uiScale;  // the scale the fonts and panel width were built for

  int exitCode = kExitOk;
  MapFramebuffer mapFramebuffer;
  try {
    state.renderer = std::make_unique<MapRenderer>();
    state.renderer->init();
  } catch (const std::exception& e) {
    // Without the renderer the panels still work, and the planner learns why the map is missing.
    state.renderer.reset();
    showMessage(state, tr("message.renderer_failed"), e.what());
  }

  openPaths(state, options.files);
  setWindowTitle(state);
  for (const auto& path : options.importPaths) {
    beginImport(state, path, ListKind::Beneficiaries);
    if (state.programme.import.table) acceptImport(state);
  }
  for (const auto& panel : options.openPanels) {
    if (panel == "overlays") state.programme.overlayPanelOpen = true;
    if (panel == "table") state.programme.tablePanelOpen = true;
    if (panel == "furniture") state.furniture.panelOpen = true;
    if (panel == "bookmarks") state.presentation.bookmarksOpen = true;
    if (panel == "pack") {
      requestMeetingPack(state);
      if (!options.packFolder.empty()) {
        state.meetingPack.folder = options.packFolder;
        pressMeetingPackWrite(state);
      }
    }
    if (panel == "categories") state.programme.categoriesEditor.open = true;
    if (panel == "import" && state.programme.sources.beneficiaries.present())
      beginImport(state, state.programme.sources.beneficiaries.path, ListKind::Beneficiaries);
  }
  if (options.planning) state.planning.panelOpen = true;
  if (options.snapshotDialog) openSnapshotDialog(state);
  if (!options.categoriesPath.empty()) {
    // As the categories window's Apply does.
    try {
      std::ifstream in(options.categoriesPath);
      if (!in) throw std::runtime_error("cannot be read");
      applyBusinessCategories(state, nlohmann::json::parse(in).get<BusinessCategories>());
    } catch (const std::exception& e) {
      std::fprintf(stderr, "prokus-map: %s: %s\n", options.categoriesPath.c_str(), e.what());
      exitCode = kExitBadInput;
    }
  }
  if (options.privacy) state.presentation.privacy = true;
  if (options.present) setPresentationMode(state, true);
  if (!options.databaseService.empty()) {
    openDatabaseDialog(state);
    state.databaseDialog.byService = true;
    state.databaseDialog.fields.service = options.databaseService;
    connectDatabaseDialog(state);
    finishDatabaseConnect(state, true);
    state.databaseDialog.filter = options.databaseFilter;
    if (!state.databaseDialog.error.empty()) exitCode = kExitBadInput;
    // What the dialog's list shows with that filter, one line per table (tests).
    for (const CatalogTable& table : filterCatalogTables(state.databaseDialog.tables, options.databaseFilter))
      std::fprintf(stderr, "prokus-map: listed %s %s rows %lld srid %d\n", table.qualifiedName().c_str(),
                   table.kind == CatalogTableKind::Geometry ? table.geometryType.c_str() : "(no geometry)",
                   table.rowEstimate, table.srid);
  }

  using Clock = std::chrono::steady_clock;
  double frameSeconds = 0, firstFrameSeconds = 0;
  int framesDone = 0;
  int quietFrames = 0;
  unsigned long long seenEvents = gEventCounter;
  bool quitRequested = false;
  while (!glfwWindowShouldClose(window) && !quitRequested) {
    // Sleep when idle; after any input keep drawing a few frames so ImGui settles (hover, popups).
    deliverDeferredKeyReleases(window);
    // A level of detail being built off the GL thread is shown by the first frame after it is done.
    // So is the table list of a database being connected to.
    const bool busy = (state.renderer && state.renderer->detailPending()) || state.databaseDialog.listing.valid();
    if (options.frames == 0 && quietFrames >= 3 && state.droppedPaths.empty())
      glfwWaitEventsTimeout(busy ? 0.03 : 0.5);
    else
      glfwPollEvents();
    quietFrames = gEventCounter != seenEvents ? 0 : quietFrames + 1;
    seenEvents = gEventCounter;
    constexpr int kFirstKeyFrame = 5, kFramesPerKey = 3;
    if (!options.bookmarkName.empty() && framesDone == kFirstKeyFrame - 1) {
      state.presentation.bookmarksOpen = true;
      if (!addBookmarkOfWindow(state, options.bookmarkName, ""))
        std::fprintf(stderr, "prokus-map: --bookmark %s: no view to bookmark, or the name is taken\n",
                     options.bookmarkName.c_str());
    }
    const int keyFrame = framesDone - kFirstKeyFrame;
    if (keyFrame >= 0 && keyFrame % kFramesPerKey == 0 && keyFrame / kFramesPerKey < static_cast<int>(options.keys.size())) {
      // A tap: the release waits until a frame has seen the key down (onKey).
      const int key = options.keys[keyFrame / kFramesPerKey];
      onKey(window, key, glfwGetKeyScancode(key), GLFW_PRESS, 0);
      onKey(window, key, glfwGetKeyScancode(key), GLFW_RELEASE, 0);
    }
    const auto frameStart = Clock::now();

    if (!state.droppedPaths.empty()) {
      std::vector<std::string> dropped, maps;
      dropped.swap(state.droppedPaths);
      // Tables (CSV, XLSX, ODS) go to the import dialog; maps and projects open as before.
      for (auto& path : dropped) {
        if (isImportTablePath(path))
          beginImport(state, path, ListKind::Beneficiaries);
        else
          maps.push_back(std::move(path));
      }
      openPaths(state, maps);
      setWindowTitle(state);
      quietFrames = 0;
    }
    if (state.fontRebuildRequested) {
      state.fontRebuildRequested = false;
      rebuildFontsAndStyle(state.uiScale, true);
      state.sidePanelWidth = std::round(state.sidePanelWidth * state.uiScale / appliedScale);
      state.sidePanelWidthForced = true;
      appliedScale = state.uiScale;
      quietFrames = 0;
    }

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    if (gScriptedInputOnly) dropRealInput(io);
    ImGui::NewFrame();
    state.framebufferScaleX = io.DisplayFramebufferScale.x > 0 ? io.DisplayFramebufferScale.x : 1.0f;
    state.framebufferScaleY = io.DisplayFramebufferScale.y > 0 ? io.DisplayFramebufferScale.y : 1.0f;

    layoutAndDrawPanels(state, quitRequested);
    refreshProgramme(state);
    refreshHitIndex(state);
    updateMapView(state);
    if (state.presentation.active) state.view.pixelsPerPoint *= state.presentation.typeScale;  // large type
    if (!options.relocateFrom.empty() && framesDone > 0 && state.relocation.active()) {
      // After the dialog was drawn once, as the planner would answer it.
      for (size_t i = 0; i < state.relocation.missing.size(); ++i)
        if (!state.relocation.located.count(state.relocation.missing[i].resolvedPath))
          locateMovedFile(state, i,
                          (std::filesystem::path(options.relocateFrom) /
                           std::filesystem::path(state.relocation.missing[i].resolvedPath).filename())
                              .string());
      openRelocatedProject(state, false);
      if (!state.relocation.opened)
        std::fprintf(stderr, "prokus-map: --relocate-from %s: not every moved file is there, so nothing was opened\n",
                     options.relocateFrom.c_str());
      options.relocateFrom.clear();
    }
    if (!options.databaseOpenTable.empty() && framesDone > 0) {
      // After the dialog was drawn once, as the planner would pick the table and press Open.
      if (!selectDatabaseTable(state, options.databaseOpenTable)) {
        std::fprintf(stderr, "prokus-map: --database-open %s: not listed\n", options.databaseOpenTable.c_str());
        exitCode = kExitBadInput;
      } else {
        openSelectedDatabaseTable(state);
        if (!state.databaseDialog.error.empty()) exitCode = kExitBadInput;
      }
      if (const Layer* boundary = state.doc.boundary())
        std::fprintf(stderr, "prokus-map: boundary layer %s: %zu features\n", boundary->displayName.c_str(),
                     boundary->features.size());
      options.databaseOpenTable.clear();
    }
    if (options.slide > 0 && state.viewValid) {
      showSlide(state, options.slide - 1);
      options.slide = 0;
    }
    handleMapInput(state);
    for (const auto& [code, feature] : {std::pair{&options.selectCode, &state.selectedFeature},
                                        std::pair{&options.hoverCode, &state.hoverFeature}})
      if (!code->empty() && state.doc.boundary())
        for (size_t i = 0; i < state.doc.boundary()->features.size(); ++i)
          if (state.doc.boundary()->featureCode(i) == *code) *feature = static_cast<int>(i);
    handlePlanningMapPick(state);
    updatePlanning(state);
    if (state.presentation.active) {
      drawPresentationOverlay(state);
    } else {
      drawHoverTooltip(state);
      drawPlanningPanel(state);
      drawSnapshotDialog(state);
      drawBookmarkWindow(state);
      drawFurniturePanel(state);
      drawCategoriesPanel(state);
    }
    pollMeetingPack(state);
    drawMeetingPackStatus(state);
    drawMapHints(state);
    drawOverlayPanel(state);
    drawTablePanel(state);
    drawImportDialog(state);
    drawRelocateDialog(state);  // before the browser: it opens the browser inside itself
    drawDatabaseDialog(state);
    drawFileBrowser(state);
    drawAboutDialog(state);
    drawMessagePopup(state);
    ImGui::Render();

    int fbW = 0, fbH = 0;
    glfwGetFramebufferSize(window, &fbW, &fbH);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glViewport(0, 0, fbW, fbH);
    glDisable(GL_SCISSOR_TEST);
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    mapFramebuffer.drawMap(state, fbH);  // the map first, then the panels over the rest
    if (state.hitIndex) state.hitIndex->start();  // a big layer's, once its map is drawn
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glViewport(0, 0, fbW, fbH);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glFinish();  // so the frame time below measures the drawing, not only its submission
    const double thisFrame = std::chrono::duration<double>(Clock::now() - frameStart).count();
    if (framesDone == 0) firstFrameSeconds = thisFrame;  // uploads and triangulation happen here
    frameSeconds += thisFrame;
    ++framesDone;

    if (options.frames > 0 && framesDone >= options.frames) {
      for (const auto& path : options.exportTablePaths) {
        const bool xlsx = hasExtension(path, ".xlsx");
        if (!exportIndicatorTableTo(state, path, xlsx, hasExtension(path, ".id.csv"))) exitCode = kExitFailure;
      }
      if (!options.saveProjectPath.empty()) {
        const size_t before = state.messages.size();
        saveProjectTo(state, options.saveProjectPath);
        if (state.messages.size() != before) exitCode = kExitFailure;
      }
      if (!options.screenshotPath.empty()) {
        try {
          writePlainPng(captureWindow(fbW, fbH), options.screenshotPath);
        } catch (const std::exception& e) {
          std::fprintf(stderr, "prokus-map: %s\n", e.what());
          exitCode = kExitFailure;
        }
      }
      if (!options.exportAtWindowSizePath.empty()) {
        // The export dialog's path at the map area's own size and point scale: the same view.
        try {
          const MapView view = snapshotView(state.view, state.view.widthPx, state.view.heightPx,
                                            72.0 * state.view.pixelsPerPoint);
          writeSnapshot(state, view, options.exportAtWindowSizePath, false);
          std::fprintf(stderr, "prokus-map: map area %dx%d at (%d,%d) exported to %s\n", view.widthPx, view.heightPx,
                       state.mapFramebufferX, state.mapFramebufferY, options.exportAtWindowSizePath.c_str());
          // Where the window's furniture sits in the map area (tests check the fit keeps it off the polygons).
          MapComposition shown;
          RenderOptions shownOptions;
          composeMap(state, state.view, MapTarget::Window, shown, shownOptions);
          for (size_t i = 0; i < shown.furniture.layoutPt.placed.size(); ++i) {
            const BBox& box = shown.furniture.boxesPx[i];
            std::fprintf(stderr, "prokus-map: furniture %s at %.0f,%.0f to %.0f,%.0f px\n",
                         std::string(furnitureItemName(shown.furniture.layoutPt.placed[i].item)).c_str(), box.minx,
                         box.miny, box.maxx, box.maxy);
          }
        } catch (const std::exception& e) {
          std::fprintf(stderr, "prokus-map: %s: %s\n", options.exportAtWindowSizePath.c_str(), e.what());
          exitCode = kExitFailure;
        }
      }
      if (!options.exportPackDir.empty()) {
        const size_t before = state.messages.size();
        startMeetingPack(state, options.exportPackDir);
        pollMeetingPack(state, true);
        bool failed = state.messages.size() == before;  // finishing always says how it went
        for (size_t i = before; i < state.messages.size(); ++i) failed |= state.messages[i].heading == tr("pack.failed");
        if (failed) exitCode = kExitFailure;
      }
      if (options.reportCutText) {
        std::fprintf(stderr, "prokus-map: furniture panel: %d labels checked, %zu cut\n", state.furniture.labelsChecked,
                     state.furniture.cutLabels.size());
        for (const std::string& label : state.furniture.cutLabels)
          std::fprintf(stderr, "prokus-map: furniture panel: text cut: %s\n", label.c_str());
      }
      std::fprintf(stderr, "prokus-map: %d frames at %dx%d: first %.1f ms, then mean %.2f ms\n", framesDone, fbW,
                   fbH, 1000.0 * firstFrameSeconds,
                   framesDone > 1 ? 1000.0 * (frameSeconds - firstFrameSeconds) / (framesDone - 1) : 0.0);
      quitRequested = true;
    }
    glfwSwapBuffers(window);
  }

  pollMeetingPack(state, true);  // a pack being written is finished, and its temporary folder removed
  keepLoadedLibrariesUntilExit();
  mapFramebuffer.release();
  releaseSnapshotPreview(state);
  releaseBookmarkThumbnails(state);
  state.renderer.reset();  // its GL objects go while the context is still current
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return exitCode;
}

}  // namespace pk
