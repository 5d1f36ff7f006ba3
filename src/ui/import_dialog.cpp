// File > Import and dropped tables: the file's detected delimiter, encoding and header row, the
// column mapping (one combo per role, pre-filled by guessColumnMapping, saved in the project), then
// the import's summary and its unplaced rows (row, reason, location fields; never names or NIK)
// with a CSV export. A failed import shows its message with counts and keeps the current map.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <memory>
#include <filesystem>
#include <string>

#include "core/i18n.h"
#include "core/layer_io.h"
#include "imgui.h"
#include "ui/dashboard.h"

namespace pk {

namespace fs = std::filesystem;

namespace {

std::vector<ColumnRole> rolesFor(ListKind kind) {
  using R = ColumnRole;
  switch (kind) {
    case ListKind::Beneficiaries:
      return {R::Id, R::Name, R::Nik, R::Kecamatan, R::Desa, R::KecamatanCode, R::DesaCode, R::Lon, R::Lat,
              R::BusinessType, R::BusinessName, R::Cohort, R::Bsimu, R::MentorId, R::Status};
    case ListKind::Mentors:
      return {R::Id, R::Name, R::Kecamatan, R::Desa, R::KecamatanCode, R::DesaCode, R::Lon, R::Lat,
              R::Organisation, R::Capacity};
    case ListKind::PolygonTable:
      return {R::Kecamatan, R::Desa, R::KecamatanCode, R::DesaCode};
  }
  return {};
}

const char* roleLabel(ColumnRole role) {
  switch (role) {
    case ColumnRole::Id: return tr("import.role.id");
    case ColumnRole::Name: return tr("import.role.name");
    case ColumnRole::Nik: return tr("import.role.nik");
    case ColumnRole::Kecamatan: return tr("import.role.kecamatan");
    case ColumnRole::Desa: return tr("import.role.desa");
    case ColumnRole::KecamatanCode: return tr("import.role.kecamatan_code");
    case ColumnRole::DesaCode: return tr("import.role.desa_code");
    case ColumnRole::Lon: return tr("import.role.lon");
    case ColumnRole::Lat: return tr("import.role.lat");
    case ColumnRole::BusinessType: return tr("import.role.business_type");
    case ColumnRole::BusinessName: return tr("import.role.business_name");
    case ColumnRole::Cohort: return tr("import.role.cohort");
    case ColumnRole::Bsimu: return tr("import.role.bsimu");
    case ColumnRole::MentorId: return tr("import.role.mentor_id");
    case ColumnRole::Status: return tr("import.role.status");
    case ColumnRole::Organisation: return tr("import.role.organisation");
    case ColumnRole::Capacity: return tr("import.role.capacity");
    case ColumnRole::Count: break;
  }
  return "";
}

const char* kindLabel(ListKind kind) {
  switch (kind) {
    case ListKind::Beneficiaries: return tr("import.kind_name.beneficiaries");
    case ListKind::Mentors: return tr("import.kind_name.mentors");
    case ListKind::PolygonTable: return tr("import.kind_name.polygon_table");
  }
  return "";
}

std::string delimiterText(char d) {
  switch (d) {
    case ',': return tr("import.delimiter.comma");
    case ';': return tr("import.delimiter.semicolon");
    case '\t': return tr("import.delimiter.tab");
    default: return "\xE2\x80\x94";
  }
}

// Picks a population column for a polygon table: the first numeric-sounding known name.
std::string guessPopulationColumn(const Table& table) {
  for (const char* name : {"households", "population", "penduduk", "jumlah_penduduk", "keluarga", "kk", "rumah_tangga",
                           "pkh", "graduates", "jumlah"}) {
    for (const auto& c : table.columns)
      if (normaliseHeader(c) == name) return c;
  }
  for (const auto& c : table.columns) {
    const std::string n = normaliseHeader(c);
    if (n.find("household") != std::string::npos || n.find("penduduk") != std::string::npos ||
        n.find("keluarga") != std::string::npos)
      return c;
  }
  return {};
}

void exportUnplaced(DashboardState& state) {
  FileBrowser& b = state.browser;
  b.custom = BrowserCustomTask{};
  b.custom.title = tr("import.export_unplaced_title");
  b.custom.saving = true;
  b.custom.label = "CSV (*.csv)";
  b.custom.extensions = {".csv"};
  b.custom.onChosen = [](DashboardState& s, const std::string& path) {
    try {
      refuseOverwritingInput(s, path);
      writeUnplacedRowsCsv(path, s.programme.import.unplaced,
                           s.programme.import.summary.value_or(ImportSummary{}));
    } catch (const std::exception& e) {
      showMessage(s, tr("message.export_failed"), e.what());
    }
  };
  std::string stem = fs::path(state.programme.import.path).stem().string();
  b.open(BrowserPurpose::Custom, fs::path(state.programme.import.path).parent_path().string(),
         stem + "_unplaced.csv");
}

}  // namespace

void acceptImport(DashboardState& state) {
  ProgrammeUi& p = state.programme;
  ImportDialogState& d = p.import;
  const ProgrammeSources previous = p.sources;
  ProgrammeSource source{fs::absolute(d.path).lexically_normal().string(), d.mapping};
  if (d.kind == ListKind::Beneficiaries) p.sources.beneficiaries = source;
  if (d.kind == ListKind::Mentors) p.sources.mentors = source;
  if (d.kind == ListKind::PolygonTable) {
    p.sources.polygonTable = source;
    p.sources.populationColumn = d.populationColumn;
  }
  const Layer* boundary = state.doc.boundary();
  if (!boundary || !state.doc.projection) {
    p.sources = previous;
    showMessage(state, tr("message.import_failed"), d.path + ": " + tr("import.needs_boundary"));
    return;
  }
  try {
    LoadedProgramme loaded = loadProgramme(*boundary, *state.doc.projection, p.sources);
    d.summary.reset();
    d.unplaced.clear();
    d.resultNote.clear();
    if (d.kind == ListKind::Beneficiaries && loaded.beneficiaries) {
      d.summary = loaded.beneficiaries->summary;
      d.unplaced = loaded.beneficiaries->unplaced;
    } else if (d.kind == ListKind::Mentors && loaded.mentors) {
      d.summary = loaded.mentors->summary;
      d.unplaced = loaded.mentors->unplaced;
    } else if (d.kind == ListKind::PolygonTable) {
      // A table chosen by the planner that fits no polygon is refused here (a project's table is
      // skipped with a warning instead, so its lists still open).
      for (const ProgrammeNote& note : loaded.notes)
        if (note.kind == ProgrammeNote::Kind::TableMatchesNoPolygon) {
          p.sources = previous;
          showMessage(state, tr("message.import_failed"), programmeNoteText(note, language()));
          return;
        }
      size_t matched = 0;
      for (double v : loaded.population) matched += std::isnan(v) ? 0 : 1;
      d.resultNote = formatNumber(double(matched), 0) + " / " + formatNumber(double(boundary->features.size()), 0) +
                     " " + tr("import.polygons_with_value");
      for (const ProgrammeNote& note : loaded.notes) d.resultNote += "\n" + programmeNoteText(note, language());
    }
    // A population joined through the desa's kecamatan gives no rates: keep the map's indicator then.
    const bool anyPopulation =
        std::any_of(loaded.population.begin(), loaded.population.end(), [](double v) { return !std::isnan(v); });
    setLoadedProgramme(state, std::move(loaded));
    p.loadedFor = boundary;
    p.loadedForRevision = boundary->revision;
    if (d.kind == ListKind::Mentors) p.settings.mentors = true;
    if (d.kind == ListKind::PolygonTable && !d.populationColumn.empty() && anyPopulation)
      p.settings.choroplethSettings.indicator = OverlayIndicator::RatePer1000;
    overlaySettingsChanged(state);
    storeProgrammeInDocument(state);
    d.showResult = true;
    if (d.summary) std::fprintf(stderr, "prokus-map: imported %s\n", d.summary->oneLine().c_str());
  } catch (const std::exception& e) {
    p.sources = previous;  // the map keeps what it showed
    showMessage(state, tr("message.import_failed"), e.what());
  }
}

namespace {

void drawMappingStep(DashboardState& state) {
  ImportDialogState& d = state.programme.import;
  const Table& t = *d.table;
  const float em = ImGui::GetFontSize();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + em * 38);  // a fixed wrap: the summary-only dialog fits its text
  ImGui::TextUnformatted(d.path.c_str());
  ImGui::PopTextWrapPos();
  ImGui::Separator();
  // What was detected.
  ImGui::Text("%s: %s", tr("import.format"), t.format.c_str());
  if (t.delimiter) {
    ImGui::SameLine(em * 12);
    ImGui::Text("%s: %s", tr("import.delimiter"), delimiterText(t.delimiter).c_str());
  }
  ImGui::Text("%s: %s", tr("import.encoding"), t.encoding.c_str());
  ImGui::SameLine(em * 12);
  ImGui::Text("%s: %d", tr("import.header_row"), t.headerRowNumber);
  ImGui::Text("%s: %s, %s: %s", tr("import.rows"), formatNumber(double(t.rowCount()), 0).c_str(), tr("import.columns"),
              formatNumber(double(t.columnCount()), 0).c_str());
  for (const auto& note : t.notes) ImGui::TextColored(ImVec4(0.75f, 0.4f, 0.0f, 1), "%s", note.c_str());

  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr("import.list_kind"));
  ImGui::SameLine(em * 12);
  ImGui::SetNextItemWidth(em * 16);
  if (ImGui::BeginCombo("##kind", kindLabel(d.kind))) {
    for (ListKind k : {ListKind::Beneficiaries, ListKind::Mentors, ListKind::PolygonTable})
      if (ImGui::Selectable(kindLabel(k), k == d.kind)) {
        d.kind = k;
        d.mapping = guessColumnMapping(t, k);
        if (k == ListKind::PolygonTable) d.populationColumn = guessPopulationColumn(t);
      }
    ImGui::EndCombo();
  }

  ImGui::Spacing();
  ImGui::TextUnformatted(tr("import.mapping"));
  const char* none = tr("import.no_column");
  // The mapping fills the dialog down to the warning line and the buttons.
  const float tableH = ImGui::GetContentRegionAvail().y - ImGui::GetFrameHeightWithSpacing() * 2.2f;
  if (ImGui::BeginTable("##mapping", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY,
                        ImVec2(0, std::max(tableH, em * 6)))) {
    ImGui::TableSetupColumn(tr("import.role"), ImGuiTableColumnFlags_WidthFixed, em * 12);
    ImGui::TableSetupColumn(tr("import.column"), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableHeadersRow();
    for (ColumnRole role : rolesFor(d.kind)) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted(roleLabel(role));
      if (isPersonalRole(role)) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", tr("import.personal"));
      }
      ImGui::TableNextColumn();
      ImGui::PushID(static_cast<int>(role));
      ImGui::SetNextItemWidth(-1);
      const int current = d.mapping[role];
      const char* shown = current >= 0 && current < int(t.columns.size()) ? t.columns[current].c_str() : none;
      if (ImGui::BeginCombo("##col", shown)) {
        if (ImGui::Selectable(none, current < 0)) d.mapping.set(role, -1, t.columns);
        for (int c = 0; c < int(t.columns.size()); ++c) {
          ImGui::PushID(c);
          if (ImGui::Selectable(t.columns[c].c_str(), c == current)) d.mapping.set(role, c, t.columns);
          ImGui::PopID();
        }
        ImGui::EndCombo();
      }
      ImGui::PopID();
    }
    if (d.kind == ListKind::PolygonTable) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted(tr("import.population_column"));
      ImGui::TableNextColumn();
      ImGui::SetNextItemWidth(-1);
      if (ImGui::BeginCombo("##population", d.populationColumn.empty() ? none : d.populationColumn.c_str())) {
        if (ImGui::Selectable(none, d.populationColumn.empty())) d.populationColumn.clear();
        for (const auto& c : t.columns)
          if (ImGui::Selectable(c.c_str(), c == d.populationColumn)) d.populationColumn = c;
        ImGui::EndCombo();
      }
    }
    ImGui::EndTable();
  }
  if (!d.mapping.hasLocation())
    ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "%s", tr("import.no_location"));

  const bool can = d.mapping.hasLocation();
  if (!can) ImGui::BeginDisabled();
  if (ImGui::Button(tr("import.import"), ImVec2(em * 8, 0))) acceptImport(state);
  if (!can) ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button(tr("common.cancel"), ImVec2(em * 8, 0))) {
    d.table.reset();
    ImGui::CloseCurrentPopup();
  }
}

void drawResultStep(DashboardState& state) {
  ImportDialogState& d = state.programme.import;
  const float em = ImGui::GetFontSize();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + em * 38);  // a fixed wrap: the summary-only dialog fits its text
  ImGui::TextUnformatted(d.path.c_str());
  ImGui::PopTextWrapPos();
  ImGui::Separator();
  if (!d.resultNote.empty()) ImGui::TextUnformatted(d.resultNote.c_str());
  if (d.summary) {
    const ImportSummary& s = *d.summary;
    auto n = [](size_t v) { return formatNumber(double(v), 0); };
    ImGui::Text("%s: %s", tr("import.rows_read"), n(s.rowsRead).c_str());
    ImGui::Text("%s: %s", tr("import.placed_by_coordinates"), n(s.placedByCoordinates).c_str());
    ImGui::Text("%s: %s", tr("import.placed_by_name"), n(s.placedByName).c_str());
    if (s.swappedCorrected) ImGui::Text("%s: %s", tr("import.swapped_corrected"), n(s.swappedCorrected).c_str());
    ImGui::Text("%s: %s", tr("import.unplaced"), n(s.unplaced()).c_str());
    for (size_t r = 0; r < kUnplacedReasonCount; ++r)
      if (s.unplacedByReason[r])
        ImGui::BulletText("%s: %s", unplacedReasonLabel(static_cast<UnplacedReason>(r)), n(s.unplacedByReason[r]).c_str());
  }
  if (!d.unplaced.empty()) {
    ImGui::Spacing();
    ImGui::TextUnformatted(tr("import.unplaced_rows"));
    const float h = std::max(em * 6, ImGui::GetContentRegionAvail().y - ImGui::GetFrameHeightWithSpacing() * 1.5f);
    if (ImGui::BeginTable("##unplaced", 6,
                          ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable,
                          ImVec2(0, h))) {
      ImGui::TableSetupColumn(tr("import.col.row"), ImGuiTableColumnFlags_WidthFixed, em * 3.5f);
      ImGui::TableSetupColumn(tr("import.col.reason"), ImGuiTableColumnFlags_WidthStretch);
      ImGui::TableSetupColumn(tr("import.role.kecamatan"), ImGuiTableColumnFlags_WidthFixed, em * 6.5f);
      ImGui::TableSetupColumn(tr("import.role.desa"), ImGuiTableColumnFlags_WidthFixed, em * 6.5f);
      ImGui::TableSetupColumn(tr("import.role.lon"), ImGuiTableColumnFlags_WidthFixed, em * 4.5f);
      ImGui::TableSetupColumn(tr("import.role.lat"), ImGuiTableColumnFlags_WidthFixed, em * 4.5f);
      ImGui::TableSetupScrollFreeze(0, 1);
      ImGui::TableHeadersRow();
      ImGuiListClipper clipper;
      clipper.Begin(static_cast<int>(d.unplaced.size()));
      while (clipper.Step())
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
          const UnplacedRow& u = d.unplaced[i];
          ImGui::TableNextRow();
          ImGui::TableNextColumn();
          ImGui::Text("%d", u.row);
          ImGui::TableNextColumn();
          if (u.detail.empty())
            ImGui::TextUnformatted(unplacedReasonLabel(u.reason));
          else
            ImGui::Text("%s (%s)", unplacedReasonLabel(u.reason), u.detail.c_str());
          if (ImGui::IsItemHovered() && !u.detail.empty())
            ImGui::SetTooltip("%s (%s)", unplacedReasonLabel(u.reason), u.detail.c_str());
          ImGui::TableNextColumn();
          ImGui::TextUnformatted(u.kecamatan.c_str());
          ImGui::TableNextColumn();
          ImGui::TextUnformatted(u.desa.c_str());
          ImGui::TableNextColumn();
          ImGui::TextUnformatted(u.lon.c_str());
          ImGui::TableNextColumn();
          ImGui::TextUnformatted(u.lat.c_str());
        }
      ImGui::EndTable();
    }
    if (d.summary && d.summary->unplacedNotListed > 0)
      ImGui::TextWrapped(tr("import.unplaced_not_listed"), formatNumber(double(d.summary->unplacedNotListed), 0).c_str());
    if (ImGui::Button(tr("import.export_unplaced"))) exportUnplaced(state);
    ImGui::SameLine();
  }
  if (ImGui::Button(tr("common.close"), ImVec2(em * 8, 0))) {
    d.table.reset();
    ImGui::CloseCurrentPopup();
  }
}

}  // namespace

const char* unplacedReasonLabel(UnplacedReason reason) {
  switch (reason) {
    case UnplacedReason::DuplicateId: return tr("unplaced.duplicate_id");
    case UnplacedReason::OutsideBoundary: return tr("unplaced.outside_boundary");
    case UnplacedReason::UnreadableCoordinates: return tr("unplaced.unreadable_coordinates");
    case UnplacedReason::ProjectedCoordinates: return tr("unplaced.projected_coordinates");
    case UnplacedReason::NoLocation: return tr("unplaced.no_location");
    case UnplacedReason::UnknownKecamatan: return tr("unplaced.unknown_kecamatan");
    case UnplacedReason::UnknownDesa: return tr("unplaced.unknown_desa");
    case UnplacedReason::AmbiguousName: return tr("unplaced.ambiguous_name");
    case UnplacedReason::NoKecamatan: return tr("unplaced.no_kecamatan");
    case UnplacedReason::NoDesa: return tr("unplaced.no_desa");
    case UnplacedReason::ShiftedCells: return tr("unplaced.shifted_cells");
    case UnplacedReason::Count: break;
  }
  return "";
}

bool isImportTablePath(const std::string& path) {
  for (const char* e : {".csv", ".tsv", ".txt", ".xlsx", ".ods", ".xls"})
    if (hasExtension(path, e)) return true;
  return false;
}

void beginImport(DashboardState& state, const std::string& path, ListKind kind) {
  ImportDialogState& d = state.programme.import;
  try {
    TableReadOptions options;
    options.knownHeaders = allRecognisedHeaders();
    Table table = readTable(path, options);
    d = ImportDialogState{};
    d.kind = kind;
    d.path = path;
    d.mapping = guessColumnMapping(table, kind);
    // A mapping saved in the project for this kind of list is offered again.
    const ProgrammeSources& s = state.programme.sources;
    const ProgrammeSource* saved = kind == ListKind::Beneficiaries ? &s.beneficiaries
                                   : kind == ListKind::Mentors     ? &s.mentors
                                                                   : &s.polygonTable;
    if (saved->mapping) {
      ColumnMapping m = *saved->mapping;
      if (m.bindTo(table.columns).empty() && m.hasLocation()) d.mapping = m;
    }
    if (kind == ListKind::PolygonTable) d.populationColumn = guessPopulationColumn(table);
    d.table = std::move(table);
    d.openRequested = true;
  } catch (const std::exception& e) {
    showMessage(state, tr("message.import_failed"), e.what());
  }
}

void drawImportDialog(DashboardState& state) {
  ImportDialogState& d = state.programme.import;
  const char* id = "###importdialog";
  if (d.openRequested) {
    d.openRequested = false;
    ImGui::OpenPopup(id);
  }
  if (!d.table) return;
  const ImGuiIO& io = ImGui::GetIO();
  const float em = ImGui::GetFontSize();
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  // The summary alone (no unplaced rows to list) is a few lines: the dialog fits them.
  const bool summaryOnly = d.showResult && d.unplaced.empty();
  ImGuiWindowFlags flags = ImGuiWindowFlags_NoSavedSettings;
  if (summaryOnly) {
    ImGui::SetNextWindowSizeConstraints(ImVec2(em * 24, 0), ImVec2(std::min(io.DisplaySize.x * 0.92f, em * 40), FLT_MAX));
    flags |= ImGuiWindowFlags_AlwaysAutoResize;
  } else {
    ImGui::SetNextWindowSize(ImVec2(std::min(io.DisplaySize.x * 0.92f, em * 50), std::min(io.DisplaySize.y * 0.85f, em * 34)),
                             ImGuiCond_Appearing);
  }
  const std::string title = std::string(tr("import.title")) + id;
  bool open = true;
  if (!ImGui::BeginPopupModal(title.c_str(), &open, flags)) {
    if (!open) d.table.reset();
    return;
  }
  if (d.showResult)
    drawResultStep(state);
  else if (d.table)
    drawMappingStep(state);
  ImGui::EndPopup();
}

}  // namespace pk
