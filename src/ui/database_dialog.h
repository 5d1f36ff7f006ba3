// File > Open from database...: connect with a libpq service (or host/port/database/user), list the
// database's tables (core/database_catalog.h), filter them and open one as File > Open opens a file.
// No password is ever typed here or stored: libpq takes it from ~/.pgpass or PGPASSWORD.
#pragma once
#include <future>
#include <string>
#include <vector>

#include "core/database_catalog.h"

namespace pk {

struct DashboardState;

struct DatabaseDialogUi {
  bool open = false;           // the dialog is shown
  bool openRequested = false;  // its popup opens on the next frame
  bool byService = true;       // connect by service name, else by host/port/database/user
  DatabaseConnectionFields fields;
  std::string connection;           // the PG: source the list came from
  std::vector<CatalogTable> tables; // its tables, as listed
  std::string filter;               // case-insensitive part of schema.table
  int selected = -1;                // index into tables; -1: none
  std::string error;                // one line, redacted: why Connect or Open failed
  // Connect under way, off the UI thread (a server that does not answer holds it up to libpq's
  // 10 s timeout): the listing, and the connection (and service, to remember) it was started with.
  std::future<std::vector<CatalogTable>> listing;
  std::string listingConnection, listingService;
};

// Opens the dialog, the service field filled with the remembered one.
void openDatabaseDialog(DashboardState& state);
// Connect: lists the tables of the fields' connection; a failure goes to the dialog's error line.
// A service that connects is remembered in the settings (its name only).
// The listing runs off the UI thread; finishDatabaseConnect takes its result.
void connectDatabaseDialog(DashboardState& state);
// Takes the result of Connect once it is there (or waits for it with `wait`): the tables, or the
// error line. False while it is still running (or when none was started).
bool finishDatabaseConnect(DashboardState& state, bool wait);
// Selects the listed table named `name` (schema.table); false when it is not listed.
bool selectDatabaseTable(DashboardState& state, const std::string& name);
// Open: the selected table opens as File > Open opens a file (plain tables go to the import dialog,
// as a dropped table file does), and the dialog closes; a failure stays in the dialog.
void openSelectedDatabaseTable(DashboardState& state);
void drawDatabaseDialog(DashboardState& state);

}  // namespace pk
