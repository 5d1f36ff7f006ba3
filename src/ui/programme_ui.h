// The programme data in the window (issue 3): the lists a project opens, the overlays drawn from
// them, and the state of the import dialog, the overlay panel and the table panel. The data model
// and every computation live in src/core and src/render; this is the view's state.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/column_mapping.h"
#include "core/overlay_settings.h"
#include "core/programme_project.h"
#include "core/table_io.h"
#include "render/overlays.h"

namespace pk {

struct DashboardState;
struct Layer;
struct RenderOptions;

// The import dialog: a file read and its column mapping, then the result of the import.
struct ImportDialogState {
  bool openRequested = false;
  ListKind kind = ListKind::Beneficiaries;
  std::string path;
  std::optional<Table> table;           // the file as read (cells stay in memory only)
  ColumnMapping mapping;
  std::string populationColumn;         // polygon table: the column holding the population
  bool showResult = false;              // false: the mapping step; true: the summary step
  std::optional<ImportSummary> summary; // of the list just imported
  std::vector<UnplacedRow> unplaced;    // its unplaced rows (no names, no NIK)
  std::string resultNote;               // e.g. the polygon table's matched count
};

// The business categories window's working copy (categories_panel.cpp).
struct CategoriesEditor {
  bool open = false;
  bool loaded = false;                   // the copy was taken since the window opened
  BusinessCategories working;
  std::vector<std::string> keywordTexts; // as typed, parallel to working.categories
  std::string newLabel;
};

struct ProgrammeUi {
  ProgrammeSources sources;             // what the project lists (absolute paths)
  std::optional<LoadedProgramme> loaded;
  const Layer* loadedFor = nullptr;     // the boundary layer the lists were placed into
  std::uint64_t loadedForRevision = 0;
  bool reloadRequested = false;

  OverlaySettings settings;
  // The overlays' data twice: exact (the planner's working view) and as every export draws it
  // (beneficiary points displaced inside their polygon, core/privacy.h). No names or NIK in either.
  std::shared_ptr<const OverlayData> exactData, privateData;
  // The one publication of the exact table (privacy view and exports), kept while its key holds.
  std::shared_ptr<const PublishedIndicators> publication;
  std::string publicationKey;
  OverlayBuilder builder;               // the window's (exact, or private with the privacy view on)
  OverlayFrame frame;                   // the last frame's overlays (alive while the map draws)
  OverlayBuilder exportBuilder;         // the private data drawn directly, for snapshots

  bool overlayPanelOpen = false;
  bool tablePanelOpen = false;
  int tableScrollToFeature = -1;        // the map selected a polygon: scroll its row into view
  int lastSelectedFeature = -1;
  int tableDecimalComma = 0;            // export: 0 comma + point, 1 semicolon + decimal comma
  // Export to database popup: the service (the Open from database dialog's, remembered in the settings),
  // the schema.table to write, whether to replace a table this program wrote.
  std::string tableDbService, tableDbTable = "prokus.indikator";
  bool tableDbOverwrite = false;

  ImportDialogState import;
  CategoriesEditor categoriesEditor;
  std::string manualBreaksText;         // the overlay panel's editable manual breaks
};

// ---- programme_actions.cpp ----
// After a project was opened (or the document replaced): reads its "programme" and "overlays"
// sections and loads the lists. Problems become messages; the map stays.
void loadProgrammeOfDocument(DashboardState& state);
// Takes freshly loaded lists: the exact and the displaced overlay data, and the builders on them.
void setLoadedProgramme(DashboardState& state, LoadedProgramme loaded);
// Once a frame: reloads when the boundary layer changed or a reload was asked for.
void refreshProgramme(DashboardState& state);
// Writes the sources and overlay settings into the document's sections (before saving).
void storeProgrammeInDocument(DashboardState& state);
// The overlays for the window's view (cached for panning; private data and withheld small counts
// when `privacy`), legends apart in frame.legend for the furniture to place; `options` points at them.
void applyProgrammeOverlays(DashboardState& state, bool privacy, RenderOptions& options);
// The same overlays for an export of `view` (private data, drawn directly, not cached); `frame` must
// outlive the draw.
void applyProgrammeOverlaysForExport(DashboardState& state, const MapView& view, OverlayFrame& frame,
                                     RenderOptions& options);
// Settings changed in a panel: the builder follows, and the project records them.
void overlaySettingsChanged(DashboardState& state);
// The indicator table the overlays use (null before the first build or with no overlay on).
const IndicatorTable* currentIndicators(const DashboardState& state);

// ---- import_dialog.cpp ----
// Reads `path` as a list of `kind` and opens the import dialog on it; a file that cannot be read
// becomes a message and the map stays.
void beginImport(DashboardState& state, const std::string& path, ListKind kind);
// True for files the import dialog takes when dropped (CSV, TSV, XLSX, ODS).
bool isImportTablePath(const std::string& path);
void drawImportDialog(DashboardState& state);
// The dialog's Import button: imports the read file with the dialog's mapping. On failure a message
// (with counts) and the lists and map stay as they were; on success the summary step shows.
void acceptImport(DashboardState& state);
// Translated text for a reason a row was not placed.
const char* unplacedReasonLabel(UnplacedReason reason);

// ---- categories_panel.cpp ----
void drawCategoriesPanel(DashboardState& state);
// Recategorises the loaded list with `categories`, redraws the overlays (category filters follow)
// and keeps the list in the project's "programme" section.
void applyBusinessCategories(DashboardState& state, const BusinessCategories& categories);

// ---- overlay_panel.cpp / table_panel.cpp ----
void drawOverlayPanel(DashboardState& state);
void drawTablePanel(DashboardState& state);
// The table panel's export: XLSX, or CSV (comma + point, or semicolon + decimal comma), through
// core/table_export with the project's privacy rules. False (and a message) on failure.
bool exportIndicatorTableTo(DashboardState& state, const std::string& path, bool xlsx, bool indonesianCsv);
// The same published table into PostGIS: `connection` a PG: source (its tables= names the table to write
// when `table` is empty), with geometry, in one transaction (core/database_output.h). Shows a message on failure.
bool exportIndicatorTableToDatabase(DashboardState& state, const std::string& connection, std::string table,
                                    bool overwrite);

}  // namespace pk
