// The table panel: one row per polygon with every indicator, from the same IndicatorTable the
// overlays draw (so filters apply to both), sortable by any column. Selecting a row selects the
// polygon and zooms to it; selecting on the map selects and scrolls to the row. Exports to XLSX and
// CSV (comma + decimal point, or semicolon + decimal comma for Excel in Bahasa Indonesia). The table
// holds polygon codes, names and aggregates only: never names or NIK of people; exports go through
// core/table_export (the project's privacy rules: small counts withheld).
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <numeric>
#include <string>

#include "core/database_output.h"
#include "core/database_source.h"
#include "core/i18n.h"
#include "core/privacy.h"
#include "core/table_export.h"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "ui/dashboard.h"

namespace pk {

namespace fs = std::filesystem;

namespace {

const char* columnLabel(const std::string& header) {
  if (header == "code") return tr("table.col.code");
  if (header == "name") return tr("table.col.name");
  if (header == "area_km2") return tr("table.col.area_km2");
  if (header == "beneficiaries") return tr("table.col.beneficiaries");
  if (header == "density_per_km2") return tr("table.col.density_per_km2");
  if (header == "mentors") return tr("table.col.mentors");
  if (header == "beneficiaries_per_mentor") return tr("table.col.beneficiaries_per_mentor");
  if (header == "covered_share") return tr("table.col.covered_share");
  if (header == "share") return tr("table.col.share");
  if (header == "placed_by_coordinates") return tr("table.col.placed_by_coordinates");
  if (header == "bsimu_total") return tr("table.col.bsimu_total");
  if (header == "rate_per_1000") return tr("table.col.rate_per_1000");
  if (header == "covered") return tr("table.col.covered");
  if (header == "median_distance_km") return tr("table.col.median_distance_km");
  if (header == "max_distance_km") return tr("table.col.max_distance_km");
  if (header == "mentors_approximate") return tr("table.col.mentors_approximate");
  if (header == "over_capacity") return tr("table.col.over_capacity");
  if (header == "mentors_over_capacity") return tr("table.col.mentors_over_capacity");
  if (header == "dominant_category") return tr("table.col.dominant_category");
  return header.c_str();  // status_*, cohort_*, category_*: named after the data
}

// A cell as a number for sorting ('.' or ',' decimal mark); NaN for text and empty cells.
double sortValue(const std::string& text, char decimalMark) {
  if (text.empty()) return NAN;
  std::string t = text;
  if (decimalMark == ',') {
    t.erase(std::remove(t.begin(), t.end(), '.'), t.end());  // no thousands separators are written, but be safe
    std::replace(t.begin(), t.end(), ',', '.');
  }
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(t.c_str(), &end);
  return (errno == 0 && end == t.c_str() + t.size()) ? v : NAN;
}

TextTable tableFor(const DashboardState& state, const IndicatorTable& indicators, char decimalMark) {
  return indicatorTextTable(*state.doc.boundary(), indicators, state.programme.exactData->beneficiaries, decimalMark);
}

void requestExport(DashboardState& state, bool xlsx) {
  FileBrowser& b = state.browser;
  b.custom = BrowserCustomTask{};
  b.custom.title = xlsx ? tr("table.export_xlsx_title") : tr("table.export_csv_title");
  b.custom.saving = true;
  b.custom.label = xlsx ? "Excel (*.xlsx)" : "CSV (*.csv)";
  b.custom.extensions = {xlsx ? ".xlsx" : ".csv"};
  b.custom.onChosen = [xlsx](DashboardState& s, const std::string& path) {
    exportIndicatorTableTo(s, path, xlsx, s.programme.tableDecimalComma == 1);
  };
  std::string folder = state.doc.projectPath.empty() ? state.settings.lastDirectory
                                                     : fs::path(state.doc.projectPath).parent_path().string();
  b.open(BrowserPurpose::Custom, folder, xlsx ? "indikator.xlsx" : "indikator.csv");
}

}  // namespace

bool exportIndicatorTableToDatabase(DashboardState& s, const std::string& connection, std::string table,
                                    bool overwrite) {
  const IndicatorTable* indicators = currentIndicators(s);
  const std::string where = redactSource(connection);
  if (!indicators || !s.doc.boundary() || !s.doc.projection) {
    showMessage(s, tr("message.export_failed"), where + ": " + tr("table.no_overlay"));
    return false;
  }
  if (table.empty()) table = sourceTable(connection);
  if (const std::string problem = outputTableNameProblem(table); !problem.empty()) {
    showMessage(s, tr("message.export_failed"), where + ": " + problem);
    return false;
  }
  try {
    // The same publication as the file exports: small counts withheld, no personal column; a decimal
    // point so the database types numeric columns as numbers.
    const int threshold = privacySettingsOf(s.doc).smallCountThreshold;
    const TextTable published = exportIndicatorTable(*s.doc.boundary(), *indicators,
                                                     s.programme.exactData->beneficiaries, threshold, '.');
    writeTableToDatabase(connection, table, published, *s.doc.boundary(), *s.doc.projection, overwrite,
                         {"table export", std::string("\"") + tr("table.export_db_overwrite") + "\""});
    return true;
  } catch (const std::exception& e) {
    showMessage(s, tr("message.export_failed"), e.what());
    return false;
  }
}

bool exportIndicatorTableTo(DashboardState& s, const std::string& path, bool xlsx, bool indonesianCsv) {
  if (isDatabaseSource(path)) return exportIndicatorTableToDatabase(s, path, "", false);
  const IndicatorTable* indicators = currentIndicators(s);
  if (!indicators || !s.doc.boundary()) {
    showMessage(s, tr("message.export_failed"), path + ": " + tr("table.no_overlay"));
    return false;
  }
  try {
    // The project's privacy rules (small counts withheld; no personal column) apply to every export.
    const int threshold = privacySettingsOf(s.doc).smallCountThreshold;
    const BeneficiaryPoints& points = s.programme.exactData->beneficiaries;
    refuseOverwritingInput(s, path);
    if (xlsx)
      writeIndicatorXlsx(path, *s.doc.boundary(), *indicators, points, threshold);
    else
      writeIndicatorCsv(path, *s.doc.boundary(), *indicators, points, threshold,
                        indonesianCsv ? CsvStyle::Indonesian : CsvStyle::International);
    return true;
  } catch (const std::exception& e) {
    showMessage(s, tr("message.export_failed"), e.what());
    return false;
  }
}

void drawTablePanel(DashboardState& state) {
  ProgrammeUi& p = state.programme;
  // The map selected another polygon: scroll its row into view (also while the panel is closed,
  // so opening it shows the row).
  if (state.selectedFeature != p.lastSelectedFeature) {
    p.lastSelectedFeature = state.selectedFeature;
    p.tableScrollToFeature = state.selectedFeature;
  }
  if (!p.tablePanelOpen) return;
  const float em = ImGui::GetFontSize();
  placeDockedPanel(state, DockSlot::Table);
  if (!ImGui::Begin((std::string(tr("table.title")) + "###tablepanel").c_str(), &p.tablePanelOpen,
                    dockedPanelFlags())) {
    ImGui::End();
    return;
  }
  const IndicatorTable* indicators = currentIndicators(state);
  if (!indicators || !state.doc.boundary()) {
    ImGui::TextWrapped("%s", p.builder.data() ? tr("table.no_overlay") : tr("overlay.no_data"));
    ImGui::End();
    return;
  }
  const char decimalMark = language() == Language::English ? '.' : ',';
  const TextTable table = tableFor(state, *indicators, decimalMark);

  // Export row.
  if (ImGui::Button(tr("table.export_xlsx"))) requestExport(state, true);
  ImGui::SameLine();
  if (ImGui::Button(tr("table.export_csv"))) requestExport(state, false);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(em * 16);
  const std::string formats = std::string(tr("table.csv_comma")) + '\0' + tr("table.csv_semicolon") + '\0';
  ImGui::Combo("##csvformat", &p.tableDecimalComma, formats.c_str());
  ImGui::SameLine();
  if (ImGui::Button(tr("table.export_db"))) {
    if (p.tableDbService.empty()) p.tableDbService = state.settings.databaseService;
    ImGui::OpenPopup("##tabledb");
  }
  if (ImGui::BeginPopup("##tabledb")) {
    ImGui::TextUnformatted(tr("table.export_db_title"));
    ImGui::SetNextItemWidth(em * 14);
    ImGui::InputText(tr("table.export_db_service"), &p.tableDbService);
    ImGui::SetNextItemWidth(em * 14);
    ImGui::InputText(tr("table.export_db_table"), &p.tableDbTable);
    ImGui::Checkbox(tr("table.export_db_overwrite"), &p.tableDbOverwrite);
    ImGui::PushTextWrapPos(em * 26);
    ImGui::TextDisabled("%s", tr("table.export_db_note"));
    ImGui::PopTextWrapPos();
    if (ImGui::Button(tr("table.export_db_write")) && !p.tableDbService.empty()) {
      const std::string connection = databaseSourceForTable("PG:service=" + p.tableDbService, p.tableDbTable);
      if (exportIndicatorTableToDatabase(state, connection, p.tableDbTable, p.tableDbOverwrite)) {
        showMessage(state, tr("table.export_db_done"), redactSource(connection));
        ImGui::CloseCurrentPopup();
      }
    }
    ImGui::EndPopup();
  }
  if (indicators->filteredOut > 0) {
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(0.75f, 0.4f, 0.0f, 1), "%s", tr("table.filtered"));
  }

  const int columns = static_cast<int>(table.header.size());
  // Areas read to one decimal of km² here (files keep three, and sorting uses them).
  const int areaColumn =
      static_cast<int>(std::find(table.header.begin(), table.header.end(), "area_km2") - table.header.begin());
  if (columns == 0 || columns > 64) {
    ImGui::End();
    return;
  }
  const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders |
                                ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable |
                                ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_Reorderable | ImGuiTableFlags_Hideable;
  if (ImGui::BeginTable("##indicators", columns, flags)) {
    ImGui::TableSetupScrollFreeze(2, 1);  // code and name stay in view
    for (int c = 0; c < columns; ++c) {
      ImGuiTableColumnFlags cf = ImGuiTableColumnFlags_None;
      if (c == 0) cf |= ImGuiTableColumnFlags_DefaultSort;
      ImGui::TableSetupColumn(columnLabel(table.header[c]), cf, 0, static_cast<ImGuiID>(c));
    }
    ImGui::TableHeadersRow();

    // Sort by the chosen column: numbers as numbers, text as text, empty cells last.
    std::vector<int> order(table.rows.size());
    std::iota(order.begin(), order.end(), 0);
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsCount > 0) {
      const int col = static_cast<int>(specs->Specs[0].ColumnUserID);
      const bool descending = specs->Specs[0].SortDirection == ImGuiSortDirection_Descending;
      std::vector<double> key(table.rows.size());
      bool numeric = true;
      for (size_t r = 0; r < table.rows.size(); ++r) {
        const std::string& cell = table.rows[r][col];
        key[r] = sortValue(cell, decimalMark);
        if (!cell.empty() && std::isnan(key[r])) numeric = false;
      }
      std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        const std::string& ta = table.rows[a][col];
        const std::string& tb = table.rows[b][col];
        if (ta.empty() != tb.empty()) return tb.empty();  // empty last either way
        if (numeric) {
          if (key[a] == key[b]) return false;
          return descending ? key[a] > key[b] : key[a] < key[b];
        }
        return descending ? tb < ta : ta < tb;
      });
      specs->SpecsDirty = false;
    }

    for (int r : order) {
      const int feature = table.featureOfRow[r];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      const bool selected = feature == state.selectedFeature;
      ImGui::PushID(feature);
      if (ImGui::Selectable(table.rows[r][0].c_str(), selected,
                            ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap)) {
        state.selectedFeature = feature;
        p.lastSelectedFeature = feature;  // chosen here: no scrolling needed
        zoomToSelection(state);
      }
      if (p.tableScrollToFeature >= 0 && p.tableScrollToFeature == feature) {
        ImGui::SetScrollHereY(0.5f);
        p.tableScrollToFeature = -1;
      }
      ImGui::PopID();
      for (int c = 1; c < columns; ++c) {
        ImGui::TableNextColumn();
        if (c == areaColumn && !table.rows[r][c].empty())
          ImGui::TextUnformatted(formatNumber(state.doc.boundary()->features[feature].areaKm2, 1).c_str());
        else
          ImGui::TextUnformatted(table.rows[r][c].c_str());
      }
    }
    ImGui::EndTable();
  }
  ImGui::End();
}

}  // namespace pk
