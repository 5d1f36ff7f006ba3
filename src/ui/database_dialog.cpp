// File > Open from database...: a service (remembered) or host/port/database/user, Connect, the
// database's tables with their geometry type, row estimate and SRID, a filter, Open. The chosen table
// opens through openPaths, the same call as File > Open's file browser.
#include "ui/database_dialog.h"

#include <algorithm>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <string>

#include "core/database_source.h"
#include "core/i18n.h"
#include "core/layer_io.h"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "ui/dashboard.h"

namespace pk {

namespace {

const char* const kPopupId = "###databasedialog";

std::string firstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

const char* kindLabel(CatalogTableKind kind) {
  switch (kind) {
    case CatalogTableKind::Geometry: return "";
    case CatalogTableKind::LonLatColumns: return tr("database.kind.lonlat");
    case CatalogTableKind::NameColumns: return tr("database.kind.names");
    case CatalogTableKind::NoGeometry: return tr("database.kind.none");
  }
  return "";
}

// A table with two geometry columns is listed once per column: the column tells them apart.
std::string tableLabel(const CatalogTable& table, const std::vector<CatalogTable>& all) {
  const bool several = std::count_if(all.begin(), all.end(), [&](const CatalogTable& t) {
                         return t.schema == table.schema && t.table == table.table;
                       }) > 1;
  return table.qualifiedName() + (several && !table.geometryColumn.empty() ? " (" + table.geometryColumn + ")" : "");
}

void drawConnectionFields(DashboardState& state) {
  DatabaseDialogUi& ui = state.databaseDialog;
  const float em = ImGui::GetFontSize();
  if (ImGui::RadioButton(tr("database.by_service"), ui.byService)) ui.byService = true;
  ImGui::SameLine();
  if (ImGui::RadioButton(tr("database.by_host"), !ui.byService)) ui.byService = false;
  const float labelWidth = em * 8;
  auto field = [&](const char* label, const char* id, std::string& value, float width) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label);
    ImGui::SameLine(labelWidth);
    ImGui::SetNextItemWidth(width);
    return ImGui::InputText(id, &value, ImGuiInputTextFlags_EnterReturnsTrue);
  };
  bool enter = false;
  if (ui.byService) {
    enter |= field(tr("database.service"), "##service", ui.fields.service, em * 16);
  } else {
    enter |= field(tr("database.host"), "##host", ui.fields.host, em * 16);
    enter |= field(tr("database.port"), "##port", ui.fields.port, em * 6);
    enter |= field(tr("database.database"), "##dbname", ui.fields.dbname, em * 16);
    enter |= field(tr("database.user"), "##user", ui.fields.user, em * 16);
  }
  ImGui::PushTextWrapPos(em * 44);
  ImGui::TextDisabled("%s", tr("database.password_note"));
  ImGui::PopTextWrapPos();
  const bool connecting = ui.listing.valid();
  if (connecting) ImGui::BeginDisabled();
  if (ImGui::Button(tr("database.connect"), ImVec2(em * 8, 0)) || (enter && !connecting)) connectDatabaseDialog(state);
  if (connecting) {
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::TextDisabled("%s", tr("database.connecting"));
  }
}

void drawTableList(DashboardState& state) {
  DatabaseDialogUi& ui = state.databaseDialog;
  const float em = ImGui::GetFontSize();
  if (ui.tables.empty()) {
    ImGui::TextDisabled("%s", tr("database.no_tables"));
    return;
  }
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr("database.filter"));
  ImGui::SameLine(em * 8);
  ImGui::SetNextItemWidth(em * 16);
  ImGui::InputTextWithHint("##filter", tr("database.filter_hint"), &ui.filter);
  int shown = 0;
  for (const auto& table : ui.tables) shown += catalogTableMatches(table, ui.filter);
  ImGui::SameLine();
  char count[128];
  std::snprintf(count, sizeof count, tr("database.tables_shown"), shown, static_cast<int>(ui.tables.size()));
  ImGui::TextDisabled("%s", count);

  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersV |
                                ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
  // Twelve rows, fewer where the window is short (a large UI scale): the buttons below stay on screen.
  const float rowHeight = ImGui::GetTextLineHeightWithSpacing();
  const float room = ImGui::GetIO().DisplaySize.y - ImGui::GetCursorScreenPos().y - ImGui::GetFrameHeightWithSpacing() * 3;
  const float rowsShown = std::clamp(std::floor(room / rowHeight) - 1.5f, 3.0f, 12.0f);
  if (!ImGui::BeginTable("##databasetables", 4, flags, ImVec2(std::min(em * 44, ImGui::GetIO().DisplaySize.x - em * 3), rowHeight * (rowsShown + 1.5f)))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn(tr("database.column_table"), ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn(tr("database.column_geometry"));
  ImGui::TableSetupColumn(tr("database.column_rows"));
  ImGui::TableSetupColumn(tr("database.column_srid"));
  ImGui::TableHeadersRow();
  for (size_t i = 0; i < ui.tables.size(); ++i) {
    const CatalogTable& table = ui.tables[i];
    if (!catalogTableMatches(table, ui.filter)) continue;
    ImGui::PushID(static_cast<int>(i));
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    const bool isSelected = ui.selected == static_cast<int>(i);
    if (ImGui::Selectable(tableLabel(table, ui.tables).c_str(), isSelected,
                          ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowDoubleClick)) {
      ui.selected = static_cast<int>(i);
      if (ImGui::IsMouseDoubleClicked(0)) openSelectedDatabaseTable(state);
    }
    ImGui::TableNextColumn();
    if (table.kind == CatalogTableKind::Geometry)
      ImGui::TextUnformatted(table.geometryType.c_str());
    else
      ImGui::TextDisabled("%s", kindLabel(table.kind));
    ImGui::TableNextColumn();
    if (table.rowEstimate < 0)
      ImGui::TextDisabled("%s", tr("database.rows_unknown"));
    else
      ImGui::TextUnformatted(formatNumber(static_cast<double>(table.rowEstimate), 0).c_str());
    ImGui::TableNextColumn();
    if (table.kind == CatalogTableKind::Geometry) ImGui::Text("%d", table.srid);
    ImGui::PopID();
  }
  ImGui::EndTable();
}

}  // namespace

void openDatabaseDialog(DashboardState& state) {
  DatabaseDialogUi& ui = state.databaseDialog;
  ui.open = true;
  ui.openRequested = true;
  ui.error.clear();
  if (ui.fields.service.empty()) ui.fields.service = state.settings.databaseService;
}

void connectDatabaseDialog(DashboardState& state) {
  DatabaseDialogUi& ui = state.databaseDialog;
  if (ui.listing.valid()) return;  // one Connect at a time
  DatabaseConnectionFields fields = ui.fields;
  if (ui.byService)
    fields.host = fields.port = fields.dbname = fields.user = "";
  else
    fields.service = "";
  const std::string connection = databaseConnectionSource(fields);
  ui.tables.clear();
  ui.selected = -1;
  ui.connection.clear();
  if (connection.empty()) {
    ui.error = tr("database.connecting_needs");
    return;
  }
  ui.error.clear();
  ui.listingService = fields.service;  // empty when connecting by host
  ui.listingConnection = connection;
  ui.listing = std::async(std::launch::async, [connection] { return listDatabaseTables(connection); });
}

bool finishDatabaseConnect(DashboardState& state, bool wait) {
  DatabaseDialogUi& ui = state.databaseDialog;
  if (!ui.listing.valid()) return false;
  if (!wait && ui.listing.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return false;
  const std::string connection = std::move(ui.listingConnection), service = std::move(ui.listingService);
  try {
    ui.tables = ui.listing.get();
  } catch (const std::exception& e) {
    // InputError names the redacted connection; libpq's messages carry no password.
    ui.error = firstLine(e.what());
    std::fprintf(stderr, "prokus-map: %s\n", ui.error.c_str());
    return true;
  }
  ui.error.clear();
  ui.connection = connection;
  std::fprintf(stderr, "prokus-map: %s: %zu tables listed\n", redactSource(connection).c_str(), ui.tables.size());
  if (!service.empty() && state.settings.databaseService != service) {
    state.settings.databaseService = service;
    persistSettings(state);
  }
  return true;
}

bool selectDatabaseTable(DashboardState& state, const std::string& name) {
  DatabaseDialogUi& ui = state.databaseDialog;
  for (size_t i = 0; i < ui.tables.size(); ++i)
    if (ui.tables[i].qualifiedName() == name || tableLabel(ui.tables[i], ui.tables) == name) {
      ui.selected = static_cast<int>(i);
      return true;
    }
  return false;
}

void openSelectedDatabaseTable(DashboardState& state) {
  DatabaseDialogUi& ui = state.databaseDialog;
  if (ui.selected < 0 || ui.selected >= static_cast<int>(ui.tables.size())) return;
  const CatalogTable& table = ui.tables[ui.selected];
  const std::string source = databaseSourceForCatalogTable(ui.connection, table, ui.tables);
  std::fprintf(stderr, "prokus-map: opening %s\n", redactSource(source).c_str());
  const size_t messagesBefore = state.messages.size();
  if (table.kind == CatalogTableKind::Geometry) {
    openPaths(state, {source});  // as File > Open does with a chosen file
    setWindowTitle(state);
  } else {
    beginImport(state, source, ListKind::Beneficiaries);  // as a dropped table file does
  }
  // A failure stays in the dialog, on one line, so another table can be picked; load warnings
  // (the map changed) go to the message popup once the dialog is closed.
  for (size_t i = messagesBefore; i < state.messages.size(); ++i)
    if (!state.messages[i].mapChanged) {
      ui.error = firstLine(state.messages[i].detail);
      state.messages.erase(state.messages.begin() + static_cast<long>(i));
      return;
    }
  ui.error.clear();
  ui.open = false;
}

void drawDatabaseDialog(DashboardState& state) {
  DatabaseDialogUi& ui = state.databaseDialog;
  if (!ui.open) return;
  if (ui.openRequested) {
    ui.openRequested = false;
    ImGui::OpenPopup(kPopupId);
  }
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f), ImGuiCond_Appearing,
                          ImVec2(0.5f, 0.5f));
  const std::string title = std::string(tr("database.title")) + kPopupId;
  bool keepOpen = true;
  if (!ImGui::BeginPopupModal(title.c_str(), &keepOpen,
                              ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) {
    ui.open = keepOpen && ImGui::IsPopupOpen(kPopupId);
    return;
  }
  const float em = ImGui::GetFontSize();
  finishDatabaseConnect(state, false);
  drawConnectionFields(state);
  if (!ui.error.empty()) {
    ImGui::PushTextWrapPos(em * 44);
    ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "%s", ui.error.c_str());
    ImGui::PopTextWrapPos();
  }
  if (!ui.connection.empty()) {
    ImGui::Separator();
    drawTableList(state);
  }
  ImGui::Separator();
  const bool canOpen = ui.selected >= 0 && catalogTableMatches(ui.tables[ui.selected], ui.filter);
  if (!canOpen) ImGui::BeginDisabled();
  if (ImGui::Button(tr("database.open"), ImVec2(em * 8, 0))) openSelectedDatabaseTable(state);
  if (!canOpen) ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button(tr("common.cancel"), ImVec2(em * 8, 0))) ui.open = false;
  if (!ui.open) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

}  // namespace pk
