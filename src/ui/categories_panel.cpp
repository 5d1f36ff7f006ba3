// View > Business categories: the category list and its keywords (issue 3: "the list and mapping are
// editable and saved in the project"). The planner edits a working copy and sees, live, which
// category each business type of the beneficiary list would get; Apply recategorises the loaded
// list, redraws the overlays and writes the list into the project's "programme" section.
#include <algorithm>
#include <cstdio>
#include <string>

#include "core/i18n.h"
#include "imgui.h"
#include "ui/dashboard.h"

namespace pk {

namespace {

BusinessCategories currentCategories(const DashboardState& state) {
  const ProgrammeUi& p = state.programme;
  if (p.loaded) return p.loaded->categories;
  return p.sources.categories.value_or(BusinessCategories::defaults());
}

void beginEditing(CategoriesEditor& e, const BusinessCategories& categories) {
  e.working = categories;
  e.keywordTexts.clear();
  for (const auto& c : categories.categories) e.keywordTexts.push_back(joinKeywords(c.keywords));
  e.loaded = true;
}

// The working copy with the keyword fields parsed, as it would be applied.
BusinessCategories editedCategories(const CategoriesEditor& e) {
  BusinessCategories out = e.working;
  for (size_t i = 0; i < out.categories.size() && i < e.keywordTexts.size(); ++i)
    out.categories[i].keywords = parseKeywordList(e.keywordTexts[i]);
  return out;
}

bool sameCategories(const BusinessCategories& a, const BusinessCategories& b) {
  if (a.fallbackIndex() != b.fallbackIndex() || a.categories.size() != b.categories.size()) return false;
  for (size_t i = 0; i < a.categories.size(); ++i)
    if (a.categories[i].key != b.categories[i].key || a.categories[i].label != b.categories[i].label ||
        a.categories[i].keywords != b.categories[i].keywords)
      return false;
  return true;
}

// Category filters name keys: removed keys go, new ones are shown (a filter lists what it keeps).
void followCategoryFilter(OverlaySettings& settings, const BusinessCategories& before, const BusinessCategories& after) {
  auto& keep = settings.filters.categories;
  if (keep.empty()) return;
  std::vector<std::string> next;
  for (const auto& c : after.categories) {
    const bool wasThere = before.indexOfKey(c.key) >= 0;
    if (!wasThere || std::find(keep.begin(), keep.end(), c.key) != keep.end()) next.push_back(c.key);
  }
  keep = next.size() == after.categories.size() ? std::vector<std::string>{} : next;
  if (keep.empty() && next.empty()) keep.push_back("");  // nothing ticked stays nothing ticked
}

bool inputText(const char* id, std::string& text, float width) {
  char buffer[2048];
  std::snprintf(buffer, sizeof buffer, "%s", text.c_str());
  ImGui::SetNextItemWidth(width);
  if (!ImGui::InputText(id, buffer, sizeof buffer)) return false;
  text = buffer;
  return true;
}

}  // namespace

void applyBusinessCategories(DashboardState& state, const BusinessCategories& categories) {
  ProgrammeUi& p = state.programme;
  const BusinessCategories before = currentCategories(state);
  p.sources.categories = categories;
  followCategoryFilter(p.settings, before, categories);
  overlaySettingsChanged(state);
  if (p.loaded) {
    LoadedProgramme loaded = std::move(*p.loaded);
    loaded.categories = categories;
    if (loaded.beneficiaries) loaded.beneficiaries->recategorise(categories);
    setLoadedProgramme(state, std::move(loaded));
  }
  storeProgrammeInDocument(state);
  if (!p.sources.any()) setProgrammeSources(state.doc, p.sources);  // no lists yet: keep the list anyway
}

void drawCategoriesPanel(DashboardState& state) {
  CategoriesEditor& e = state.programme.categoriesEditor;
  if (!e.open || state.presentation.active) {
    e.loaded = false;  // opened again: starts from what the map uses
    return;
  }
  if (!e.loaded) beginEditing(e, currentCategories(state));
  const float em = ImGui::GetFontSize();
  ImGui::SetNextWindowSize(ImVec2(em * 46, em * 34), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowPos(ImVec2(state.mapRect.x + em, state.mapRect.y + em), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin((std::string(tr("categories.title")) + "###categories").c_str(), &e.open)) {
    ImGui::End();
    return;
  }
  ImGui::TextWrapped("%s", tr("categories.help"));
  BusinessCategories& w = e.working;
  int remove = -1;
  const int fallback = w.fallbackIndex();
  if (ImGui::BeginTable("categorylist", 4, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg |
                                               ImGuiTableFlags_BordersInnerH)) {
    ImGui::TableSetupColumn(tr("categories.column_label"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn(tr("categories.column_keywords"), ImGuiTableColumnFlags_WidthStretch, 2.2f);
    ImGui::TableSetupColumn(tr("categories.column_fallback"), ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableHeadersRow();
    for (size_t i = 0; i < w.categories.size(); ++i) {
      ImGui::PushID(static_cast<int>(i));
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      inputText("##label", w.categories[i].label, -1);
      ImGui::TableNextColumn();
      inputText("##keywords", e.keywordTexts[i], -1);
      ImGui::TableNextColumn();
      if (ImGui::RadioButton("##fallback", fallback == static_cast<int>(i))) w.fallback = static_cast<int>(i);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("categories.fallback_tip"));
      ImGui::TableNextColumn();
      if (w.categories.size() <= 1) ImGui::BeginDisabled();
      if (ImGui::SmallButton(tr("categories.remove"))) remove = static_cast<int>(i);
      if (w.categories.size() <= 1) ImGui::EndDisabled();
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  if (remove >= 0) {
    w.categories.erase(w.categories.begin() + remove);
    e.keywordTexts.erase(e.keywordTexts.begin() + remove);
    if (w.fallback == remove) w.fallback = -1;          // the last one again
    else if (w.fallback > remove) --w.fallback;
  }
  inputText("##newlabel", e.newLabel, em * 14);
  ImGui::SameLine();
  const bool canAdd = !e.newLabel.empty();
  if (!canAdd) ImGui::BeginDisabled();
  if (ImGui::Button(tr("categories.add"))) {
    // Before the fallback when it is last, so "lainnya" stays at the end of legends.
    const int at = w.fallbackIndex() == static_cast<int>(w.categories.size()) - 1 ? w.fallbackIndex()
                                                                                 : static_cast<int>(w.categories.size());
    w.categories.insert(w.categories.begin() + at, {newCategoryKey(e.newLabel, w), e.newLabel, {}});
    e.keywordTexts.insert(e.keywordTexts.begin() + at, "");
    if (w.fallback >= at) ++w.fallback;
    e.newLabel.clear();
  }
  if (!canAdd) ImGui::EndDisabled();

  const BusinessCategories edited = editedCategories(e);
  const bool changed = !sameCategories(edited, currentCategories(state));
  ImGui::Spacing();
  if (!changed) ImGui::BeginDisabled();
  if (ImGui::Button(tr("categories.apply"))) applyBusinessCategories(state, edited);
  ImGui::SameLine();
  if (ImGui::Button(tr("categories.undo"))) beginEditing(e, currentCategories(state));
  if (!changed) ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button(tr("categories.defaults"))) beginEditing(e, BusinessCategories::defaults());

  // What the list's business types would become.
  ImGui::Separator();
  const auto& loaded = state.programme.loaded;
  if (!loaded || !loaded->beneficiaries || loaded->beneficiaries->businessTypes.empty()) {
    ImGui::TextDisabled("%s", tr("categories.no_types"));
  } else {
    const auto counts = businessTypeCounts(*loaded->beneficiaries, edited);
    size_t toFallback = 0;
    for (const auto& c : counts) toFallback += c.category == edited.fallbackIndex() ? c.rows : 0;
    ImGui::Text(tr("categories.types_summary"), counts.size(), formatNumber(double(toFallback), 0).c_str(),
                edited.categories[edited.fallbackIndex()].label.c_str());
    if (ImGui::BeginTable("businesstypes", 3, ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp,
                          ImVec2(0, std::max(em * 6, ImGui::GetContentRegionAvail().y)))) {
      ImGui::TableSetupScrollFreeze(0, 1);
      ImGui::TableSetupColumn(tr("categories.column_type"), ImGuiTableColumnFlags_WidthStretch, 1.6f);
      ImGui::TableSetupColumn(tr("categories.column_rows"), ImGuiTableColumnFlags_WidthFixed);
      ImGui::TableSetupColumn(tr("categories.column_label"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
      ImGui::TableHeadersRow();
      ImGuiListClipper clipper;
      clipper.Begin(static_cast<int>(counts.size()));
      while (clipper.Step())
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
          const auto& c = counts[r];
          ImGui::TableNextRow();
          ImGui::TableNextColumn();
          ImGui::TextUnformatted(c.text.c_str());
          ImGui::TableNextColumn();
          ImGui::TextUnformatted(formatNumber(double(c.rows), 0).c_str());
          ImGui::TableNextColumn();
          const bool isFallback = c.category == edited.fallbackIndex();
          if (isFallback) ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.7f, 0.35f, 0.0f, 1.0f));
          ImGui::TextUnformatted(edited.categories[c.category].label.c_str());
          if (isFallback) ImGui::PopStyleColor();
        }
      ImGui::EndTable();
    }
  }
  ImGui::End();
}

}  // namespace pk
