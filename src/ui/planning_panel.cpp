// The planning panel (issue 4): criteria with weights (shown as shares of 100%), direction,
// normalisation, constraints and the missing-value policy; the office point (typed or picked on the
// map); the suitability choropleth and the ranked table with each criterion's contribution and the
// sensitivity share; proposed mentor sites; named scenarios and their side-by-side comparison.
// Scoring and site selection are src/core's; the data is loaded as `prokus-map rank` loads it.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "core/i18n.h"
#include "core/map_state.h"
#include "core/programme_project.h"
#include "imgui.h"
#include "render/map_renderer.h"
#include "ui/dashboard.h"
#include "ui/ui_fonts.h"

namespace pk {

namespace {

const ImVec4 kWarningColour{0.80f, 0.35f, 0.10f, 1.0f};
const ImVec4 kUpColour{0.10f, 0.55f, 0.20f, 1.0f};
const ImVec4 kDownColour{0.80f, 0.15f, 0.15f, 1.0f};

bool isBuiltIn(const std::string& name) {
  for (const auto& c : builtInCriteria())
    if (name == c.name) return true;
  return false;
}

// The same label as the score legend and the exports (core/planning_criteria.h).
std::string criterionLabel(const std::string& name) { return pk::criterionLabel(name, language()); }

bool sameColumn(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// The table column chosen as candidates is offered once, as "candidates": its own row is left out
// of the panel unless a scenario weights it by its column name.
bool hiddenAsCandidates(const PlanningUi& p, const CriterionSetting& c) {
  return !isBuiltIn(c.name) && sameColumn(c.name, p.current.candidatesColumn) && !(c.weight > 0);
}

const char* unavailableLabel(UnavailableReason reason) {
  switch (reason) {
    case UnavailableReason::NoCandidatesTable: return tr("planning.unavailable.no_table");
    case UnavailableReason::NoCandidatesColumn: return tr("planning.unavailable.no_column");
    case UnavailableReason::NoMentors: return tr("planning.unavailable.no_mentors");
    case UnavailableReason::NoOffice: return tr("planning.unavailable.no_office");
    case UnavailableReason::NoBusinessTypes: return tr("planning.unavailable.no_business_types");
  }
  return "";
}

const CriterionValues* findCriterion(const PlanningData& data, const std::string& name) {
  for (const auto& c : data.criteria.input.criteria)
    if (c.name == name) return &c;
  return nullptr;
}

CriterionSetting* findSetting(SuitabilitySettings& s, const std::string& name) {
  for (auto& c : s.criteria)
    if (c.name == name) return &c;
  return nullptr;
}

MinimumConstraint* findMinimum(SuitabilitySettings& s, const std::string& name) {
  for (auto& m : s.minimums)
    if (m.criterion == name) return &m;
  return nullptr;
}

std::string radiusKey(double km) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", km);
  return text;
}

void readScenarios(DashboardState& state) {
  PlanningUi& p = state.planning;
  p.scenarios.clear();
  p.scenariosError.clear();
  const auto it = state.doc.extraSections.find("scenarios");
  if (it == state.doc.extraSections.end()) return;
  try {
    p.scenarios = scenariosFromJson(*it);
  } catch (const std::exception& e) {
    p.scenariosError = e.what();
  }
}

void writeScenarios(DashboardState& state) {
  PlanningUi& p = state.planning;
  try {
    if (p.scenarios.empty())
      state.doc.extraSections.erase("scenarios");
    else
      state.doc.extraSections["scenarios"] = scenariosToJson(p.scenarios);
  } catch (const std::exception& e) {
    showMessage(state, tr("planning.scenario_save_failed"), e.what());
  }
}

// Every available criterion gets a row (weight 0 until the planner sets one).
void completeSettings(PlanningUi& p) {
  if (!p.data) return;
  for (const auto& c : p.data->criteria.input.criteria)
    if (!findSetting(p.current.suitability, c.name))
      p.current.suitability.criteria.push_back(defaultCriterionSetting(c.name, 0));
}

void initialiseSettings(PlanningUi& p) {
  if (p.settingsInitialised || !p.data) return;
  p.settingsInitialised = true;
  if (!p.scenarios.empty()) {
    p.current = p.scenarios.front();
  } else {
    // Until the planner decides: the programme's own criteria, equally weighted.
    for (const CriterionSetting& c : defaultPlanningScenario().suitability.criteria)
      if (findCriterion(*p.data, c.name)) p.current.suitability.criteria.push_back(c);
  }
  p.current.suitability.perturbations = 1000;
  completeSettings(p);
}

void ensurePlanningData(DashboardState& state) {
  PlanningUi& p = state.planning;
  const Layer* boundary = state.doc.boundary();
  if (!boundary || !state.doc.projection) {
    p.data.reset();
    p.result.reset();
    p.dataError = tr("planning.no_boundary");
    p.loadedKey.clear();
    return;
  }
  ProgrammeSources sources;
  try {
    sources = programmeSourcesOf(state.doc);
  } catch (const std::exception& e) {
    p.data.reset();
    p.dataError = e.what();
    return;
  }
  auto keyOf = [&](const std::string& candidatesColumn) {
    return sources.beneficiaries.path + "|" + sources.mentors.path + "|" + sources.polygonTable.path + "|" +
           radiusKey(p.current.radiusKm) + "|" + (p.officeLonLat ? p.officeText : "") + "|" + candidatesColumn;
  };
  const std::string key = keyOf(p.current.candidatesColumn);
  if (!p.reloadRequested && key == p.loadedKey && p.loadedFor == boundary && p.loadedForRevision == boundary->revision)
    return;
  p.reloadRequested = false;
  p.loadedKey = key;
  p.loadedFor = boundary;
  p.loadedForRevision = boundary->revision;
  p.dirty = true;
  p.sites.reset();  // coverage figures belong to the data they were computed on
  if (!sources.beneficiaries.present()) {
    p.data.reset();
    p.dataError = tr("planning.no_beneficiaries");
    return;
  }
  PlanningFlags flags;
  flags.candidates = sources.polygonTable.path;
  flags.candidatesColumn = p.current.candidatesColumn;
  flags.candidatesFallback = true;  // never a column the table lacks
  flags.populationColumn = sources.populationColumn;
  if (p.officeLonLat) flags.office = p.officeText;
  try {
    p.data = loadPlanningData(*boundary, *state.doc.projection, sources.beneficiaries.path, sources.mentors.path,
                              p.current.radiusKm, flags, stderr);
    p.dataError.clear();
  } catch (const std::exception& e) {
    p.data.reset();
    p.dataError = e.what();
    return;
  }
  p.tableColumns.clear();
  for (const auto& c : p.data->criteria.input.criteria)
    if (!isBuiltIn(c.name)) p.tableColumns.push_back(c.name);
  initialiseSettings(p);
  // The scenario's column when the table has it, else the table's first count column.
  if (!p.data->candidatesColumn.empty() && p.data->candidatesColumn != p.current.candidatesColumn) {
    p.current.candidatesColumn = p.data->candidatesColumn;
    p.loadedKey = keyOf(p.current.candidatesColumn);  // loaded with it already
  }
  completeSettings(p);
  // The proposals of the settings in use (e.g. the scenario opened with the project) go on the map.
  p.siteMapPoints.clear();
  for (const ProposedSite& site : p.current.proposedSites)
    p.siteMapPoints.push_back(state.doc.projection->fromLonLat({site.lon, site.lat}));
}

// The settings as scored: weighted criteria only (weight-0 rows are the panel's, not the planner's
// choice), and minimums only on criteria that exist.
SuitabilitySettings scoringSettings(const SuitabilitySettings& panel) {
  SuitabilitySettings s = panel;
  s.criteria.erase(std::remove_if(s.criteria.begin(), s.criteria.end(), [](const auto& c) { return !(c.weight > 0); }),
                   s.criteria.end());
  return s;
}

void rescore(PlanningUi& p) {
  if (!p.dirty || !p.data) return;
  p.dirty = false;
  try {
    const SuitabilitySettings s = scoringSettings(p.current.suitability);
    checkPlanningSettings(p.data->criteria, s);
    p.result = scoreSuitability(p.data->criteria.input, s);
    ++p.resultRevision;
    p.resultError.clear();
  } catch (const std::exception& e) {
    p.result.reset();
    p.resultError = e.what();
  }
}

// Why a polygon is excluded, in the interface's language (the core's reasons are English).
std::string exclusionText(const PlanningUi& p, size_t polygon) {
  if (!p.data) return {};
  const SuitabilitySettings& s = p.current.suitability;
  const std::string& code = p.data->criteria.input.codes[polygon];
  std::string text;
  auto add = [&](const std::string& part) { text += (text.empty() ? "" : "; ") + part; };
  if (std::find(s.excludedCodes.begin(), s.excludedCodes.end(), code) != s.excludedCodes.end())
    add(tr("planning.reason_excluded"));
  for (const auto& m : s.minimums) {
    const CriterionValues* c = findCriterion(*p.data, m.criterion);
    if (c && !std::isnan(c->values[polygon]) && c->values[polygon] < m.minimum) {
      char line[256];
      std::snprintf(line, sizeof line, tr("planning.reason_below_min"), criterionLabel(m.criterion).c_str(),
                    formatNumber(m.minimum, 2).c_str());
      add(line);
    }
  }
  if (s.missing == MissingPolicy::Exclude) {
    std::vector<std::string> names;
    for (const auto& c : s.criteria)
      if (c.weight > 0) names.push_back(c.name);
    for (const auto& m : s.minimums) names.push_back(m.criterion);
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    for (const auto& name : names) {
      const CriterionValues* c = findCriterion(*p.data, name);
      if (c && std::isnan(c->values[polygon])) {
        char line[256];
        std::snprintf(line, sizeof line, tr("planning.reason_missing"), criterionLabel(name).c_str());
        add(line);
      }
    }
  }
  return text;
}

void toggleExcluded(PlanningUi& p, const std::string& code) {
  auto& codes = p.current.suitability.excludedCodes;
  const auto it = std::find(codes.begin(), codes.end(), code);
  if (it == codes.end())
    codes.push_back(code);
  else
    codes.erase(it);
  p.dirty = true;
}

void helpMarker(const char* text) {
  ImGui::SameLine();
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

bool inputText(const char* label, std::string& text, ImGuiInputTextFlags flags = 0) {
  char buffer[256];
  std::snprintf(buffer, sizeof buffer, "%s", text.c_str());
  const bool changed = ImGui::InputText(label, buffer, sizeof buffer, flags);
  if (changed) text = buffer;
  return changed;
}

void drawDataSection(DashboardState& state) {
  PlanningUi& p = state.planning;
  if (!p.dataError.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kWarningColour);
    ImGui::TextWrapped("%s", p.dataError.c_str());
    ImGui::PopStyleColor();
  }
  if (p.data) {
    ImGui::Text(tr("planning.data_summary"), formatNumber(static_cast<double>(p.data->points.size()), 0).c_str(),
                formatNumber(static_cast<double>(p.data->mentorPoints.size()), 0).c_str());
  }
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
  double radius = p.current.radiusKm;
  ImGui::InputDouble(tr("planning.radius_km"), &radius, 0.5, 1.0, "%.1f");
  if (radius > 0 && radius <= 100 && radius != p.current.radiusKm) {
    p.current.radiusKm = radius;
    // Proposals were made for the old radius: they no longer answer the question asked.
    p.current.proposedSites.clear();
    p.siteMapPoints.clear();
    p.sites.reset();
  }
  helpMarker(tr("planning.radius_help"));

  if (!p.tableColumns.empty()) {
    // Only the table's own numeric columns, by their readable labels.
    const bool known = std::any_of(p.tableColumns.begin(), p.tableColumns.end(),
                                   [&](const std::string& name) { return sameColumn(name, p.current.candidatesColumn); });
    const std::string shown = known ? criterionLabel(p.current.candidatesColumn) : std::string("-");
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
    if (ImGui::BeginCombo(tr("planning.candidates_column"), shown.c_str())) {
      for (const auto& name : p.tableColumns)
        if (ImGui::Selectable((criterionLabel(name) + "##" + name).c_str(), sameColumn(name, p.current.candidatesColumn)))
          p.current.candidatesColumn = name;
      ImGui::EndCombo();
    }
    helpMarker(tr("planning.candidates_help"));
  }
  if (ImGui::Button(tr("planning.reload"))) p.reloadRequested = true;

  // Office point: typed as lon,lat or picked on the map.
  ImGui::Spacing();
  ImGui::TextUnformatted(tr("planning.office"));
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
  if (inputText("##office", p.officeText, ImGuiInputTextFlags_EnterReturnsTrue) || ImGui::IsItemDeactivatedAfterEdit()) {
    if (p.officeText.empty()) {
      p.officeLonLat.reset();
      p.officeError.clear();
    } else {
      try {
        p.officeLonLat = parseLonLat(p.officeText, "office");
        p.officeError.clear();
      } catch (const std::exception&) {
        p.officeError = tr("planning.office_invalid");
      }
    }
  }
  ImGui::SameLine();
  const bool picking = p.pickMode == MapPickMode::Office;
  if (ImGui::Button(picking ? tr("planning.pick_cancel") : tr("planning.pick_office")))
    p.pickMode = picking ? MapPickMode::None : MapPickMode::Office;
  if (picking) ImGui::TextDisabled("%s", tr("planning.pick_office_hint"));
  if (!p.officeError.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kWarningColour);
    ImGui::TextWrapped("%s", p.officeError.c_str());
    ImGui::PopStyleColor();
  }
}

void drawCriteriaSection(PlanningUi& p) {
  if (!p.data) return;
  SuitabilitySettings& s = p.current.suitability;
  double total = 0;
  for (const auto& c : s.criteria)
    if (c.weight > 0 && findCriterion(*p.data, c.name)) total += c.weight;

  // Fixed widths that fit their contents; a narrow panel scrolls sideways with the labels kept in view.
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit |
                                ImGuiTableFlags_ScrollX;
  const float rows = 1.0f + static_cast<float>(std::count_if(s.criteria.begin(), s.criteria.end(), [&](const auto& c) {
                      return findCriterion(*p.data, c.name) && !hiddenAsCandidates(p, c);
                    }));
  if (ImGui::BeginTable("criteria", 5, flags, ImVec2(0, rows * ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ScrollbarSize))) {
    const float em = ImGui::GetFontSize();
    // Labels are never clipped: the criterion column is as wide as its longest label.
    float labelWidth = ImGui::CalcTextSize(tr("planning.col_criterion")).x;
    for (const auto& c : s.criteria)
      if (findCriterion(*p.data, c.name) && !hiddenAsCandidates(p, c))
        labelWidth = std::max(labelWidth, ImGui::CalcTextSize(criterionLabel(c.name).c_str()).x);
    ImGui::TableSetupColumn(tr("planning.col_criterion"), ImGuiTableColumnFlags_WidthFixed, labelWidth);
    ImGui::TableSetupColumn(tr("planning.col_weight"), ImGuiTableColumnFlags_WidthFixed, em * 6);
    ImGui::TableSetupColumn(tr("planning.col_share"), ImGuiTableColumnFlags_WidthFixed, em * 3);
    const float directionWidth = std::max(ImGui::CalcTextSize(tr("planning.direction_higher")).x,
                                          ImGui::CalcTextSize(tr("planning.direction_lower")).x) +
                                 ImGui::GetStyle().FramePadding.x * 4 + ImGui::GetFrameHeight();
    ImGui::TableSetupColumn(tr("planning.col_direction"), ImGuiTableColumnFlags_WidthFixed, directionWidth);
    ImGui::TableSetupColumn(tr("planning.col_normalisation"), ImGuiTableColumnFlags_WidthFixed, em * 6.5f);
    ImGui::TableSetupScrollFreeze(1, 0);
    ImGui::TableHeadersRow();
    int row = 0;
    for (auto& c : s.criteria) {
      if (!findCriterion(*p.data, c.name) || hiddenAsCandidates(p, c)) continue;
      ImGui::PushID(row++);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted(criterionLabel(c.name).c_str());
      if (ImGui::IsItemHovered() && isBuiltIn(c.name)) ImGui::SetTooltip("%s", c.name.c_str());
      ImGui::TableNextColumn();
      float weight = static_cast<float>(c.weight);
      ImGui::SetNextItemWidth(-1);
      if (ImGui::SliderFloat("##w", &weight, 0.0f, 100.0f, "%.0f")) {
        c.weight = std::max(0.0f, weight);
        p.dirty = true;
      }
      ImGui::TableNextColumn();
      if (c.weight > 0 && total > 0)
        ImGui::Text("%s%%", formatNumber(100.0 * c.weight / total, 0).c_str());
      else
        ImGui::TextDisabled("-");
      ImGui::TableNextColumn();
      // Both directions spelled out, the one in force selected (a toggle button read as its state).
      ImGui::SetNextItemWidth(-1);
      const char* directions[] = {tr("planning.direction_higher"), tr("planning.direction_lower")};
      int direction = c.direction == Direction::MoreIsBetter ? 0 : 1;
      if (ImGui::Combo("##d", &direction, directions, 2)) {
        c.direction = direction == 0 ? Direction::MoreIsBetter : Direction::LessIsBetter;
        p.dirty = true;
      }
      ImGui::TableNextColumn();
      ImGui::SetNextItemWidth(-1);
      const char* normalisations[] = {tr("planning.minmax"), tr("planning.rank")};
      int n = c.normalisation == Normalisation::MinMax ? 0 : 1;
      if (ImGui::Combo("##n", &n, normalisations, 2)) {
        c.normalisation = n == 0 ? Normalisation::MinMax : Normalisation::Rank;
        p.dirty = true;
      }
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  if (p.result && !p.result->constantCriteria.empty()) {
    std::string names;
    for (const auto& n : p.result->constantCriteria) names += (names.empty() ? "" : ", ") + criterionLabel(n);
    ImGui::TextDisabled(tr("planning.constant_criteria"), names.c_str());
  }
  for (const auto& u : p.data->criteria.unavailable)
    ImGui::TextDisabled("%s: %s", criterionLabel(u.name).c_str(), unavailableLabel(u.reason));
}

void drawConstraintsSection(DashboardState& state) {
  PlanningUi& p = state.planning;
  if (!p.data) return;
  SuitabilitySettings& s = p.current.suitability;

  ImGui::TextUnformatted(tr("planning.missing_policy"));
  int missing = s.missing == MissingPolicy::Exclude ? 0 : 1;
  ImGui::SameLine();
  if (ImGui::RadioButton(tr("planning.missing_exclude"), &missing, 0)) p.dirty = true;
  ImGui::SameLine();
  if (ImGui::RadioButton(tr("planning.missing_worst"), &missing, 1)) p.dirty = true;
  s.missing = missing == 0 ? MissingPolicy::Exclude : MissingPolicy::Worst;

  ImGui::Spacing();
  ImGui::TextUnformatted(tr("planning.minimums"));
  int row = 0;
  for (const auto& criterion : p.data->criteria.input.criteria) {
    if (hiddenAsCandidates(p, defaultCriterionSetting(criterion.name)) && !findMinimum(s, criterion.name)) continue;
    ImGui::PushID(1000 + row++);
    MinimumConstraint* m = findMinimum(s, criterion.name);
    bool on = m != nullptr;
    if (ImGui::Checkbox(criterionLabel(criterion.name).c_str(), &on)) {
      if (on)
        s.minimums.push_back({criterion.name, 0});
      else
        s.minimums.erase(std::remove_if(s.minimums.begin(), s.minimums.end(),
                                        [&](const auto& x) { return x.criterion == criterion.name; }),
                         s.minimums.end());
      p.dirty = true;
      m = findMinimum(s, criterion.name);
    }
    if (m) {
      ImGui::SameLine();
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
      double value = m->minimum;
      if (ImGui::InputDouble("##min", &value, 0, 0, "%.2f") && std::isfinite(value)) {
        m->minimum = value;
        p.dirty = true;
      }
    }
    ImGui::PopID();
  }

  ImGui::Spacing();
  ImGui::TextUnformatted(tr("planning.excluded_polygons"));
  ImGui::SameLine();
  const bool picking = p.pickMode == MapPickMode::Exclude;
  if (ImGui::SmallButton(picking ? tr("planning.pick_cancel") : tr("planning.pick_exclude")))
    p.pickMode = picking ? MapPickMode::None : MapPickMode::Exclude;
  if (picking) ImGui::TextDisabled("%s", tr("planning.pick_exclude_hint"));
  const auto& codes = p.data->criteria.input.codes;
  const float listHeight = std::min(static_cast<float>(codes.size()), 8.0f) * ImGui::GetFrameHeightWithSpacing();
  if (ImGui::BeginChild("excluded", ImVec2(0, listHeight), true)) {
    for (size_t i = 0; i < codes.size(); ++i) {
      bool excluded = std::find(s.excludedCodes.begin(), s.excludedCodes.end(), codes[i]) != s.excludedCodes.end();
      const std::string label = p.data->criteria.names[i] + " (" + codes[i] + ")##x" + std::to_string(i);
      if (ImGui::Checkbox(label.c_str(), &excluded)) toggleExcluded(p, codes[i]);
    }
  }
  ImGui::EndChild();
}

void drawRankingSection(DashboardState& state) {
  PlanningUi& p = state.planning;
  bool onMap = state.programme.settings.score.on;
  if (ImGui::Checkbox(tr("planning.show_on_map"), &onMap)) {
    ScoreMapSettings& score = state.programme.settings.score;
    score.on = onMap;
    score.scenario = p.current;  // the map shows what the panel shows
    score.scenarioName.clear();
    p.syncedScenario = scenarioToJson(p.current).dump();
    overlaySettingsChanged(state);
  }
  ImGui::SameLine();
  int topN = p.current.suitability.topN;
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
  if (ImGui::InputInt(tr("planning.top_n"), &topN) && topN >= 1) {
    p.current.suitability.topN = topN;
    p.dirty = true;
  }
  helpMarker(tr("planning.sensitivity_help"));
  if (!p.resultError.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kWarningColour);
    ImGui::TextWrapped("%s", p.resultError.c_str());
    ImGui::PopStyleColor();
  }
  if (!p.result || !p.data) return;
  const SuitabilityResult& r = *p.result;
  const int columns = 5 + static_cast<int>(r.criteria.size());
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollX |
                                ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
  const float height = ImGui::GetTextLineHeightWithSpacing() * std::min<float>(r.polygons.size() + 2.0f, 14.0f);
  if (!ImGui::BeginTable("ranking", columns, flags, ImVec2(0, height))) return;
  ImGui::TableSetupScrollFreeze(2, 1);
  ImGui::TableSetupColumn(tr("planning.col_rank"));
  ImGui::TableSetupColumn(tr("planning.col_name"));
  ImGui::TableSetupColumn(tr("planning.col_score"));
  char header[64];
  std::snprintf(header, sizeof header, tr("planning.col_top_share"), r.topN);
  ImGui::TableSetupColumn(header);
  for (size_t c = 0; c < r.criteria.size(); ++c) {
    const std::string label = criterionLabel(r.criteria[c]) + " (" + formatNumber(r.sharesPercent[c], 0) + "%)";
    ImGui::TableSetupColumn(label.c_str());
  }
  ImGui::TableSetupColumn(tr("planning.col_excluded"));
  ImGui::TableHeadersRow();
  for (const int i : r.order) {
    const PolygonScore& score = r.polygons[i];
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    if (score.excluded)
      ImGui::TextDisabled("-");
    else
      ImGui::Text("%d", score.rank);
    ImGui::TableNextColumn();
    if (ImGui::Selectable((p.data->criteria.names[i] + "##r" + std::to_string(i)).c_str(), state.selectedFeature == i,
                          ImGuiSelectableFlags_SpanAllColumns))
      state.selectedFeature = i;
    ImGui::TableNextColumn();
    if (!score.excluded) ImGui::Text("%s", formatNumber(score.score, 1).c_str());
    ImGui::TableNextColumn();
    if (!score.excluded && !std::isnan(score.topShare)) ImGui::Text("%s%%", formatNumber(100 * score.topShare, 0).c_str());
    for (size_t c = 0; c < r.criteria.size(); ++c) {
      ImGui::TableNextColumn();
      if (!score.excluded && c < score.contributions.size())
        ImGui::Text("%s", formatNumber(score.contributions[c], 1).c_str());
    }
    ImGui::TableNextColumn();
    if (score.excluded) ImGui::TextUnformatted(exclusionText(p, i).c_str());
  }
  ImGui::EndTable();
}

void proposeSites(DashboardState& state) {
  PlanningUi& p = state.planning;
  p.sites.reset();
  p.siteMapPoints.clear();
  p.sitesError.clear();
  if (!p.data || !state.doc.boundary()) return;
  try {
    CoverageProblem problem;
    for (const Vec2& position : p.data->points.position)
      if (hasPosition(position)) problem.beneficiaries.push_back(position);
    for (const Vec2& position : p.data->mentorPoints.position)
      if (hasPosition(position)) problem.existingMentors.push_back(position);
    std::vector<MultiPolygon> areas;
    for (const auto& f : state.doc.boundary()->features) areas.push_back(f.polygon);
    problem.candidates = gridCandidates(areas, 1000);
    problem.radius = p.current.radiusKm * 1000;
    problem.newSites = p.current.newSites;
    const SiteSelection selection = selectSitesGreedy(problem);
    p.current.proposedSites.clear();
    for (size_t k = 0; k < selection.picks.size(); ++k) {
      const Vec2 site = problem.candidates[selection.picks[k]];
      p.siteMapPoints.push_back(site);
      const Vec2 lonLat = state.doc.projection->toLonLat(site);
      p.current.proposedSites.push_back({lonLat.x, lonLat.y, selection.newlyCovered[k]});
    }
    p.sites = selection;
  } catch (const std::exception& e) {
    p.sitesError = e.what();
  }
}

// The kecamatan and desa of each proposed site, recomputed when the sites or the layers change.
const std::vector<SiteLocation>& siteLocationsOf(DashboardState& state) {
  PlanningUi& p = state.planning;
  std::string key;
  std::vector<const Layer*> layers;
  if (state.doc.boundary()) layers.push_back(state.doc.boundary());
  for (const auto& layer : state.doc.layers)
    if (layer && layer.get() != state.doc.boundary() && layer->kind == GeometryKind::Polygon) layers.push_back(layer.get());
  for (const Layer* layer : layers)
    key += std::to_string(reinterpret_cast<std::uintptr_t>(layer)) + "#" + std::to_string(layer->revision) + ";";
  for (const ProposedSite& site : p.current.proposedSites)
    key += std::to_string(site.lon) + "," + std::to_string(site.lat) + ";";
  if (key != p.siteLocationsKey || !state.doc.projection) {
    p.siteLocationsKey = key;
    p.siteLocations.clear();
    if (state.doc.projection) {
      std::vector<Vec2> sites;
      for (const ProposedSite& site : p.current.proposedSites)
        sites.push_back(state.doc.projection->fromLonLat({site.lon, site.lat}));
      p.siteLocations = locateSites(sites, layers);
    }
  }
  return p.siteLocations;
}

void drawSitesSection(DashboardState& state) {
  PlanningUi& p = state.planning;
  if (!p.data) return;
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
  int sites = p.current.newSites;
  if (ImGui::InputInt(tr("planning.new_sites"), &sites) && sites >= 1 && sites <= 50) p.current.newSites = sites;
  ImGui::SameLine();
  if (ImGui::Button(tr("planning.propose"))) proposeSites(state);
  helpMarker(tr("planning.propose_help"));
  if (!p.sitesError.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kWarningColour);
    ImGui::TextWrapped("%s", p.sitesError.c_str());
    ImGui::PopStyleColor();
  }
  if (p.sites) {
    const SiteSelection& s = *p.sites;
    auto share = [&](double covered) { return s.totalWeight > 0 ? 100.0 * covered / s.totalWeight : 0.0; };
    ImGui::Text(tr("planning.coverage_before_after"), formatNumber(s.coveredBefore, 0).c_str(),
                formatNumber(share(s.coveredBefore), 1).c_str(), formatNumber(s.coveredAfter, 0).c_str(),
                formatNumber(share(s.coveredAfter), 1).c_str(), formatNumber(s.totalWeight, 0).c_str());
    if (s.stoppedEarly) ImGui::TextDisabled("%s", tr("planning.stopped_early"));
  }
  if (p.current.proposedSites.empty()) return;
  const std::vector<SiteLocation>& places = siteLocationsOf(state);
  bool anyDesa = false;
  for (const SiteLocation& place : places) anyDesa = anyDesa || !place.desa.empty();
  const int columns = anyDesa ? 6 : 5;
  if (ImGui::BeginTable("sites", columns, ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
    ImGui::TableSetupColumn(tr("planning.col_order"));
    ImGui::TableSetupColumn(tr("planning.col_kecamatan"));
    if (anyDesa) ImGui::TableSetupColumn(tr("planning.col_desa"));
    ImGui::TableSetupColumn(tr("planning.col_lon"));
    ImGui::TableSetupColumn(tr("planning.col_lat"));
    ImGui::TableSetupColumn(tr("planning.col_newly_covered"));
    ImGui::TableHeadersRow();
    for (size_t k = 0; k < p.current.proposedSites.size(); ++k) {
      const ProposedSite& site = p.current.proposedSites[k];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("%zu", k + 1);
      const SiteLocation place = k < places.size() ? places[k] : SiteLocation{};
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(place.kecamatan.empty() ? "-" : place.kecamatan.c_str());
      if (anyDesa) {
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(place.desa.empty() ? "-" : place.desa.c_str());
      }
      ImGui::TableNextColumn();
      ImGui::Text("%.5f", site.lon);
      ImGui::TableNextColumn();
      ImGui::Text("%.5f", site.lat);
      ImGui::TableNextColumn();
      ImGui::Text("%s", formatNumber(site.newlyCovered, 0).c_str());
    }
    ImGui::EndTable();
  }
}

void compareScenarios(PlanningUi& p) {
  p.comparison.clear();
  p.comparisonError.clear();
  if (!p.data || p.compareA < 0 || p.compareB < 0 || p.compareA >= static_cast<int>(p.scenarios.size()) ||
      p.compareB >= static_cast<int>(p.scenarios.size()))
    return;
  try {
    auto score = [&](const Scenario& scenario) {
      SuitabilitySettings s = scoringSettings(scenario.suitability);
      s.perturbations = 0;  // rank changes only
      checkPlanningSettings(p.data->criteria, s);
      return scoreSuitability(p.data->criteria.input, s);
    };
    p.compareResultA = score(p.scenarios[p.compareA]);
    p.compareResultB = score(p.scenarios[p.compareB]);
    p.comparison = compareRankings(*p.compareResultA, *p.compareResultB);
  } catch (const std::exception& e) {
    p.comparisonError = e.what();
  }
}

std::string polygonNameOf(const PlanningUi& p, const std::string& code) {
  if (!p.data) return code;
  const auto& codes = p.data->criteria.input.codes;
  const auto it = std::find(codes.begin(), codes.end(), code);
  return it == codes.end() ? code : p.data->criteria.names[it - codes.begin()];
}

void drawScenariosSection(DashboardState& state) {
  PlanningUi& p = state.planning;
  if (!p.scenariosError.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kWarningColour);
    ImGui::TextWrapped("%s", p.scenariosError.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
  inputText(tr("planning.scenario_name"), p.newScenarioName);
  ImGui::SameLine();
  const bool canSave = !p.newScenarioName.empty();
  if (!canSave) ImGui::BeginDisabled();
  if (ImGui::Button(tr("planning.scenario_save"))) {
    Scenario scenario = p.current;
    scenario.name = p.newScenarioName;
    scenario.suitability = scoringSettings(p.current.suitability);
    auto it = std::find_if(p.scenarios.begin(), p.scenarios.end(), [&](const auto& s) { return s.name == scenario.name; });
    if (it != p.scenarios.end())
      *it = scenario;
    else
      p.scenarios.push_back(scenario);
    writeScenarios(state);
    p.comparison.clear();
  }
  if (!canSave) ImGui::EndDisabled();
  helpMarker(tr("planning.scenario_help"));

  int removeIndex = -1;
  for (size_t i = 0; i < p.scenarios.size(); ++i) {
    ImGui::PushID(static_cast<int>(i) + 5000);
    ImGui::BulletText("%s", p.scenarios[i].name.c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton(tr("planning.scenario_load"))) {
      const double radiusBefore = p.current.radiusKm;
      p.current = p.scenarios[i];
      p.current.suitability.perturbations = 1000;
      completeSettings(p);
      p.newScenarioName = p.current.name;
      p.dirty = true;
      // The scenario's saved proposals go on the map (coverage figures come with the next proposal).
      p.sites.reset();
      p.siteMapPoints.clear();
      if (state.doc.projection)
        for (const ProposedSite& site : p.current.proposedSites)
          p.siteMapPoints.push_back(state.doc.projection->fromLonLat({site.lon, site.lat}));
      if (p.current.radiusKm != radiusBefore) p.reloadRequested = true;
    }
    ImGui::SameLine();
    if (ImGui::SmallButton(tr("planning.scenario_delete"))) removeIndex = static_cast<int>(i);
    ImGui::PopID();
  }
  if (removeIndex >= 0) {
    p.scenarios.erase(p.scenarios.begin() + removeIndex);
    p.compareA = p.compareB = -1;
    p.comparison.clear();
    writeScenarios(state);
  }

  if (p.scenarios.size() < 2) return;
  ImGui::Spacing();
  ImGui::TextUnformatted(tr("planning.compare"));
  auto combo = [&](const char* label, int& index) {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    bool changed = false;
    if (ImGui::BeginCombo(label, index >= 0 ? p.scenarios[index].name.c_str() : "-")) {
      for (size_t i = 0; i < p.scenarios.size(); ++i)
        if (ImGui::Selectable(p.scenarios[i].name.c_str(), index == static_cast<int>(i))) {
          changed = index != static_cast<int>(i);
          index = static_cast<int>(i);
        }
      ImGui::EndCombo();
    }
    return changed;
  };
  bool changed = combo("A", p.compareA);
  ImGui::SameLine();
  changed |= combo("B", p.compareB);
  if (changed || (p.comparison.empty() && p.compareA >= 0 && p.compareB >= 0 && p.comparisonError.empty()))
    compareScenarios(p);
  if (!p.comparisonError.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kWarningColour);
    ImGui::TextWrapped("%s", p.comparisonError.c_str());
    ImGui::PopStyleColor();
  }
  if (p.comparison.empty()) return;
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit |
                                ImGuiTableFlags_ScrollY;
  const float height = ImGui::GetTextLineHeightWithSpacing() * std::min<float>(p.comparison.size() + 2.0f, 14.0f);
  if (!ImGui::BeginTable("compare", 6, flags, ImVec2(0, height))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn(tr("planning.col_name"));
  ImGui::TableSetupColumn(tr("planning.col_rank_a"));
  ImGui::TableSetupColumn(tr("planning.col_score_a"));
  ImGui::TableSetupColumn(tr("planning.col_rank_b"));
  ImGui::TableSetupColumn(tr("planning.col_score_b"));
  ImGui::TableSetupColumn(tr("planning.col_change"));
  ImGui::TableHeadersRow();
  for (const RankChange& change : p.comparison) {
    ImGui::TableNextRow();
    if (change.changed())
      ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ImGui::GetColorU32(ImVec4(1.0f, 0.85f, 0.3f, 0.35f)));
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(polygonNameOf(p, change.code).c_str());
    auto rankCell = [](bool excluded, int rank, double score) {
      ImGui::TableNextColumn();
      if (excluded) {
        ImGui::TextDisabled("%s", tr("planning.excluded_short"));
        ImGui::TableNextColumn();
        return;
      }
      ImGui::Text("%d", rank);
      ImGui::TableNextColumn();
      ImGui::Text("%s", formatNumber(score, 1).c_str());
    };
    rankCell(change.excludedA, change.rankA, change.scoreA);
    rankCell(change.excludedB, change.rankB, change.scoreB);
    ImGui::TableNextColumn();
    if (change.change > 0)
      ImGui::TextColored(kUpColour, "\xE2\x96\xB2 %d", change.change);
    else if (change.change < 0)
      ImGui::TextColored(kDownColour, "\xE2\x96\xBC %d", -change.change);
    else if (change.excludedA != change.excludedB)
      ImGui::TextColored(kWarningColour, "%s", change.excludedB ? tr("planning.newly_excluded") : tr("planning.newly_included"));
    else
      ImGui::TextDisabled("=");
  }
  ImGui::EndTable();
}

}  // namespace

void resetPlanning(DashboardState& state) {
  PlanningUi& p = state.planning;
  const bool open = p.panelOpen;
  p = PlanningUi{};
  p.panelOpen = open;
  readScenarios(state);
}

void handlePlanningMapPick(DashboardState& state) {
  PlanningUi& p = state.planning;
  if (!state.mapClicked || p.pickMode == MapPickMode::None || !state.doc.projection) return;
  if (p.pickMode == MapPickMode::Office) {
    const Vec2 lonLat = state.doc.projection->toLonLat(state.clickedMap);
    char text[64];
    std::snprintf(text, sizeof text, "%.6f,%.6f", lonLat.x, lonLat.y);
    p.officeText = text;
    p.officeLonLat = lonLat;
    p.officeError.clear();
    p.pickMode = MapPickMode::None;  // one point
  } else if (p.pickMode == MapPickMode::Exclude && p.data && state.clickedFeature >= 0 &&
             state.clickedFeature < static_cast<int>(p.data->criteria.input.codes.size())) {
    toggleExcluded(p, p.data->criteria.input.codes[state.clickedFeature]);  // stays on: tick several
  }
}

namespace {

// The panel's settings go into the map state when the planner changes them (and, the first time the
// panel has data, the suitability map comes on, as the panel shows it). A slide's state is the
// slide's own.
void syncPanelToMapState(DashboardState& state) {
  PlanningUi& p = state.planning;
  if (!p.data || !p.settingsInitialised || (state.presentation.active && state.presentation.slide >= 0)) return;
  const std::string scenario = scenarioToJson(p.current).dump();
  if (scenario == p.syncedScenario) return;
  const bool first = p.syncedScenario.empty();
  p.syncedScenario = scenario;
  ScoreMapSettings& score = state.programme.settings.score;
  if (!first && !score.on) return;  // off: the map state keeps what it had
  score.on = true;
  score.scenario = p.current;
  score.scenarioName.clear();
  overlaySettingsChanged(state);
}

// The score the map state shows, from the panel when it holds the same settings, else computed
// from the state (once per state, boundary and programme).
void updateMapScore(DashboardState& state) {
  PlanningUi& p = state.planning;
  const ScoreMapSettings& score = state.programme.settings.score;
  const Layer* boundary = state.doc.boundary();
  if (!score.on || !boundary || !state.doc.projection) return;
  if (p.result && p.data && score.scenario && *score.scenario == p.current) {
    const std::string key = "panel#" + std::to_string(p.resultRevision);
    if (key == p.mapScoreKey) return;
    p.mapScoreKey = key;
    p.mapScore = MapScore{p.current, *p.result};
    p.mapScoreError.clear();
    return;
  }
  OverlaySettings keyed;
  keyed.score = score;
  const std::string key = nlohmann::json(keyed)["score"].dump() + "|" +
                          state.doc.extraSections.value("programme", nlohmann::json()).dump() + "|" +
                          state.doc.extraSections.value("scenarios", nlohmann::json()).dump() + "|" +
                          std::to_string(reinterpret_cast<std::uintptr_t>(boundary)) + "#" +
                          std::to_string(boundary->revision);
  if (key == p.mapScoreKey) return;
  p.mapScoreKey = key;
  p.mapScore.reset();
  try {
    p.mapScore = scoreOfMapState(state.doc, score, stderr);
    p.mapScoreError.clear();
  } catch (const std::exception& e) {
    p.mapScoreError = e.what();
    std::fprintf(stderr, "prokus-map: the suitability map cannot be shown: %s\n", e.what());
  }
}

}  // namespace

namespace {
bool mapScoreShown(const DashboardState& state) {
  const PlanningUi& p = state.planning;
  const Layer* boundary = state.doc.boundary();
  return state.programme.settings.score.on && p.mapScore && boundary && state.doc.projection &&
         p.mapScore->result.polygons.size() == boundary->features.size();
}
}  // namespace

ScoreOverlay windowScoreOverlay(const DashboardState& state, const MapView& view) {
  if (!mapScoreShown(state)) return {};
  const OverlaySettings& settings = state.programme.settings;
  return scoreOverlayOf(*state.planning.mapScore, settings.score, *state.doc.projection, view, settings.legends);
}

void applyPlanningToRender(DashboardState& state, const MapView& view, MapFrameExtras& extras, RenderOptions& options) {
  PlanningUi& p = state.planning;
  const bool score = mapScoreShown(state);
  const bool office = p.officeLonLat && state.doc.projection && p.panelOpen;
  extras.score = {};
  if (!score && !office) return;
  if (score) {
    extras.score = windowScoreOverlay(state, view);
    applyScoreOverlay(extras.score, options, extras.overlay);
  }
  if (office) {
    if (!score) {
      extras.overlay.clear();
      if (options.overlay) appendDrawList(extras.overlay, *options.overlay);
      options.overlay = &extras.overlay;
    }
    const float pt = view.pixelsPerPoint;
    const Vec2 at = view.toPixel(state.doc.projection->fromLonLat(*p.officeLonLat));
    const float r = 7.0f * pt;
    extras.overlay.addTriangle({at.x, at.y - r}, {at.x - r, at.y + r * 0.7}, {at.x + r, at.y + r * 0.7}, {200, 30, 30, 240});
  }
}

void updatePlanning(DashboardState& state) {
  PlanningUi& p = state.planning;
  // Nothing is loaded for the panel before the planner first opens it; the map state's score is
  // computed whenever the state shows it (slides, bookmarks, a project saved with it on).
  if (p.panelOpen || p.loadedFor) {
    ensurePlanningData(state);
    rescore(p);
    syncPanelToMapState(state);
  }
  updateMapScore(state);
}

void drawPlanningPanel(DashboardState& state) {
  PlanningUi& p = state.planning;
  if (!p.panelOpen) {
    p.pickMode = MapPickMode::None;
    return;
  }

  placeDockedPanel(state, DockSlot::Planning);
  if (!ImGui::Begin((std::string(tr("planning.title")) + "###planning").c_str(), &p.panelOpen, dockedPanelFlags())) {
    ImGui::End();
    return;
  }
  if (ImGui::CollapsingHeader(tr("planning.section_data"), ImGuiTreeNodeFlags_DefaultOpen)) drawDataSection(state);
  if (p.data) {
    if (ImGui::CollapsingHeader(tr("planning.section_criteria"), ImGuiTreeNodeFlags_DefaultOpen)) drawCriteriaSection(p);
    if (ImGui::CollapsingHeader(tr("planning.section_constraints"))) drawConstraintsSection(state);
    if (ImGui::CollapsingHeader(tr("planning.section_ranking"), ImGuiTreeNodeFlags_DefaultOpen)) drawRankingSection(state);
    if (ImGui::CollapsingHeader(tr("planning.section_sites"))) drawSitesSection(state);
    if (ImGui::CollapsingHeader(tr("planning.section_scenarios"))) drawScenariosSection(state);
  }
  ImGui::End();
  rescore(p);  // settings changed this frame: the map shows the new scores at once
  syncPanelToMapState(state);
  updateMapScore(state);
}

}  // namespace pk
