// The overlay panel: which programme overlays are on (they combine), the choropleth's indicator and
// classification (method, classes 3-9, ColorBrewer palette with the colour-blind-safe ones marked,
// reversed, manual breaks, count labels), the coverage radius, the heatmap bandwidth, the business
// glyph, and the filters every overlay and the table follow.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>
#include <sstream>
#include <string>

#include "core/i18n.h"
#include "core/palette.h"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "ui/dashboard.h"

namespace pk {

namespace {

const char* indicatorLabel(OverlayIndicator i) {
  switch (i) {
    case OverlayIndicator::Beneficiaries: return tr("indicator.beneficiaries");
    case OverlayIndicator::Density: return tr("indicator.density");
    case OverlayIndicator::Share: return tr("indicator.share");
    case OverlayIndicator::RatePer1000: return tr("indicator.rate_per_1000");
    case OverlayIndicator::BsimuTotal: return tr("indicator.bsimu_total");
    case OverlayIndicator::Mentors: return tr("indicator.mentors");
    case OverlayIndicator::BeneficiariesPerMentor: return tr("indicator.beneficiaries_per_mentor");
    case OverlayIndicator::CoveredShare: return tr("indicator.covered_share");
    case OverlayIndicator::MedianDistanceKm: return tr("indicator.median_distance_km");
    case OverlayIndicator::MaxDistanceKm: return tr("indicator.max_distance_km");
    case OverlayIndicator::OverCapacity: return tr("indicator.over_capacity");
  }
  return "";
}

const char* methodLabel(ClassMethod m) {
  switch (m) {
    case ClassMethod::EqualInterval: return tr("classify.equal");
    case ClassMethod::Quantile: return tr("classify.quantile");
    case ClassMethod::NaturalBreaks: return tr("classify.jenks");
    case ClassMethod::Pretty: return tr("classify.pretty");
    case ClassMethod::Manual: return tr("classify.manual");
  }
  return "";
}

const char* reasonLabel(ClassReason r) {
  switch (r) {
    case ClassReason::NoValues: return tr("classify.reason.no_values");
    case ClassReason::AllValuesEqual: return tr("classify.reason.all_equal");
    case ClassReason::FewDistinctValues: return tr("classify.reason.few_distinct");
    case ClassReason::TiedValues: return tr("classify.reason.tied");
    case ClassReason::PrettyCountDiffers: return tr("classify.reason.pretty_count");
    case ClassReason::ClassCountOutOfRange: return tr("classify.reason.count_range");
    case ClassReason::InvalidManualBreaks: return tr("classify.reason.invalid_breaks");
    case ClassReason::ValuesOutsideBreaks: return tr("classify.reason.outside_breaks");
  }
  return "";
}

std::string breaksText(const std::vector<double>& breaks) {
  std::string s;
  for (double b : breaks) {
    std::ostringstream o;
    o << b;
    s += (s.empty() ? "" : "; ") + o.str();
  }
  return s;
}

// "0; 2.5; 10" (or decimal commas, "0; 2,5; 10"): false when a field is not a number.
bool parseBreaks(const std::string& text, std::vector<double>& out) {
  out.clear();
  std::string field;
  std::istringstream in(text);
  while (std::getline(in, field, ';')) {
    std::replace(field.begin(), field.end(), ',', '.');
    const auto first = field.find_first_not_of(" \t");
    if (first == std::string::npos) continue;
    char* end = nullptr;
    const double v = std::strtod(field.c_str() + first, &end);
    while (end && (*end == ' ' || *end == '\t')) ++end;
    if (!end || *end != '\0' || !std::isfinite(v)) return false;
    out.push_back(v);
  }
  return !out.empty();
}

// Filter rows: an empty list keeps every value, so "all ticked" is stored as empty.
template <typename T>
bool filterCheckbox(const char* label, const T& value, std::vector<T>& list, const std::vector<T>& all) {
  bool on = list.empty() || std::find(list.begin(), list.end(), value) != list.end();
  if (!ImGui::Checkbox(label, &on)) return false;
  if (list.empty()) list = all;
  if (on) {
    if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
  } else {
    list.erase(std::remove(list.begin(), list.end(), value), list.end());
    if (list.empty()) list.push_back(T{});  // nothing ticked: keeps no row (a value no row has)
  }
  bool allOn = true;
  for (const auto& v : all) allOn = allOn && std::find(list.begin(), list.end(), v) != list.end();
  if (allOn) list.clear();
  return true;
}

std::vector<int> cohortYearsOf(const OverlayData& data) {
  std::set<int> years;
  for (auto y : data.beneficiaries.cohort)
    if (y > 0) years.insert(y);
  return {years.begin(), years.end()};
}

}  // namespace

void drawOverlayPanel(DashboardState& state) {
  ProgrammeUi& p = state.programme;
  if (!p.overlayPanelOpen) return;
  const float em = ImGui::GetFontSize();
  placeDockedPanel(state, DockSlot::Overlays);
  if (!ImGui::Begin((std::string(tr("overlay.title")) + "###overlaypanel").c_str(), &p.overlayPanelOpen,
                    dockedPanelFlags())) {
    ImGui::End();
    return;
  }
  const auto data = p.builder.data();
  if (!data) {
    ImGui::TextWrapped("%s", tr("overlay.no_data"));
    ImGui::End();
    return;
  }
  OverlaySettings s = p.settings;
  ChoroplethSettings& c = s.choroplethSettings;

  ImGui::TextUnformatted(tr("overlay.layers"));
  ImGui::Checkbox(tr("overlay.choropleth"), &s.choropleth);
  ImGui::Checkbox(tr("overlay.business"), &s.business);
  if (!data->hasMentors) ImGui::BeginDisabled();
  ImGui::Checkbox(tr("overlay.mentors"), &s.mentors);
  if (!data->hasMentors) {
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::TextDisabled("(%s)", tr("overlay.no_mentors"));
  }
  ImGui::Checkbox(tr("overlay.heatmap"), &s.heatmap);
  ImGui::Checkbox(tr("overlay.legends"), &s.legends);

  const float labelW = em * 6;
  auto label = [&](const char* text) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(text);
    ImGui::SameLine(labelW);
    ImGui::SetNextItemWidth(-1);
  };

  if (ImGui::CollapsingHeader(tr("overlay.choropleth"), ImGuiTreeNodeFlags_DefaultOpen)) {
    label(tr("overlay.indicator"));
    if (ImGui::BeginCombo("##indicator", indicatorLabel(c.indicator))) {
      for (auto i : allOverlayIndicators())
        if (ImGui::Selectable(indicatorLabel(i), i == c.indicator)) c.indicator = i;
      ImGui::EndCombo();
    }
    label(tr("overlay.method"));
    if (ImGui::BeginCombo("##method", methodLabel(c.method))) {
      for (auto m : {ClassMethod::EqualInterval, ClassMethod::Quantile, ClassMethod::NaturalBreaks, ClassMethod::Pretty,
                     ClassMethod::Manual})
        if (ImGui::Selectable(methodLabel(m), m == c.method)) {
          c.method = m;
          if (m == ClassMethod::Manual && c.manualBreaks.empty()) {
            // Start from the breaks the map shows now, so editing begins from something sensible.
            if (const Legend* legend = p.builder.choroplethLegend()) c.manualBreaks = legend->classification.bounds;
            p.manualBreaksText = breaksText(c.manualBreaks);
          }
        }
      ImGui::EndCombo();
    }
    if (c.method == ClassMethod::Manual) {
      label(tr("overlay.breaks"));
      if (p.manualBreaksText.empty() && !c.manualBreaks.empty()) p.manualBreaksText = breaksText(c.manualBreaks);
      if (ImGui::InputText("##breaks", &p.manualBreaksText, ImGuiInputTextFlags_EnterReturnsTrue)) {
        std::vector<double> breaks;
        if (parseBreaks(p.manualBreaksText, breaks)) c.manualBreaks = breaks;
      }
      ImGui::TextDisabled("%s", tr("overlay.breaks_hint"));
    } else {
      label(tr("overlay.classes"));
      ImGui::SliderInt("##classes", &c.classes, kMinClasses, kMaxClasses);
    }
    label(tr("overlay.palette"));
    const int k = std::clamp(c.classes, kMinClasses, kMaxClasses);
    const std::string current = c.palette.empty() ? std::string(defaultPalette(PaletteKind::Sequential, k)) : c.palette;
    auto paletteLabel = [&](std::string_view name) {
      std::string text(name);
      if (isColorBlindSafe(name, k)) text += " (" + std::string(tr("overlay.colorblind_safe")) + ")";
      return text;
    };
    // Wide enough for the name, its colour-blind note and the colour strip.
    ImGui::SetNextWindowSizeConstraints(ImVec2(em * 19, 0), ImVec2(em * 40, em * 24));
    if (ImGui::BeginCombo("##palette", paletteLabel(current).c_str())) {
      for (auto kind : {PaletteKind::Sequential, PaletteKind::Diverging}) {
        ImGui::TextDisabled("%s", kind == PaletteKind::Sequential ? tr("overlay.sequential") : tr("overlay.diverging"));
        for (auto name : paletteNames(kind)) {
          const std::string text = paletteLabel(name);
          ImGui::PushID(std::string(name).c_str());
          if (ImGui::Selectable(text.c_str(), name == current)) c.palette = std::string(name);
          // A strip of the palette's colours beside its name.
          const auto colors = paletteColors(name, k, c.reversed);
          const ImVec2 max = ImGui::GetItemRectMax();
          const float sw = em * 0.6f;
          ImDrawList* dl = ImGui::GetWindowDrawList();
          for (size_t i = 0; i < colors.size(); ++i) {
            const float x0 = max.x - sw * float(colors.size() - i);
            dl->AddRectFilled(ImVec2(x0, max.y - em * 0.95f), ImVec2(x0 + sw, max.y - em * 0.15f),
                              IM_COL32(colors[i].r, colors[i].g, colors[i].b, 255));
          }
          ImGui::PopID();
        }
      }
      ImGui::EndCombo();
    }
    ImGui::Checkbox(tr("overlay.reversed"), &c.reversed);
    ImGui::Checkbox(tr("overlay.count_labels"), &c.countLabels);
    // Why the map has fewer classes than asked, in the planner's language.
    if (const Legend* legend = p.builder.choroplethLegend()) {
      for (ClassReason r : legend->classification.reasons)
        ImGui::TextColored(ImVec4(0.75f, 0.4f, 0.0f, 1), "%s", reasonLabel(r));
    }
  }

  if (ImGui::CollapsingHeader(tr("overlay.settings"), ImGuiTreeNodeFlags_DefaultOpen)) {
    float radius = float(s.radiusKm), bandwidth = float(s.heatmapBandwidthKm);
    label(tr("overlay.radius_km"));
    if (ImGui::DragFloat("##radius", &radius, 0.1f, 0.5f, 50.0f, "%.1f km")) s.radiusKm = std::clamp(radius, 0.5f, 50.0f);
    label(tr("overlay.bandwidth_km"));
    if (ImGui::DragFloat("##bandwidth", &bandwidth, 0.05f, 0.2f, 20.0f, "%.2f km"))
      s.heatmapBandwidthKm = std::clamp(bandwidth, 0.2f, 20.0f);
    label(tr("overlay.glyph"));
    int glyph = s.glyph == GlyphKind::Pie ? 0 : 1;
    const std::string items = std::string(tr("overlay.glyph_pie")) + '\0' + tr("overlay.glyph_bar") + '\0';
    if (ImGui::Combo("##glyph", &glyph, items.c_str())) s.glyph = glyph == 0 ? GlyphKind::Pie : GlyphKind::Bar;
    ImGui::Checkbox(tr("overlay.business_points"), &s.businessPoints);
    ImGui::Checkbox(tr("overlay.mentor_lines"), &s.mentorLines);
  }

  if (ImGui::CollapsingHeader(tr("overlay.filters"), ImGuiTreeNodeFlags_DefaultOpen)) {
    OverlayFilters& f = s.filters;
    static const OverlayData* cachedFor = nullptr;
    static std::vector<int> years;
    if (cachedFor != data.get()) {
      years = cohortYearsOf(*data);
      cachedFor = data.get();
    }
    if (!years.empty() && ImGui::TreeNodeEx(tr("overlay.filter_cohort"), ImGuiTreeNodeFlags_DefaultOpen)) {
      for (int y : years) filterCheckbox(std::to_string(y).c_str(), y, f.cohortYears, years);
      ImGui::TreePop();
    }
    const auto& keys = data->categoryKeys;
    if (!keys.empty() && ImGui::TreeNodeEx(tr("overlay.filter_category"), ImGuiTreeNodeFlags_DefaultOpen)) {
      for (size_t i = 0; i < keys.size(); ++i) {
        ImGui::PushID(int(i));
        const std::string& name = i < data->beneficiaries.categoryNames.size() ? data->beneficiaries.categoryNames[i] : keys[i];
        filterCheckbox(name.c_str(), keys[i], f.categories, keys);
        ImGui::PopID();
      }
      ImGui::TreePop();
    }
    const auto& statuses = data->beneficiaries.statusNames;
    if (!statuses.empty() && ImGui::TreeNodeEx(tr("overlay.filter_status"), ImGuiTreeNodeFlags_DefaultOpen)) {
      for (size_t i = 0; i < statuses.size(); ++i) {
        ImGui::PushID(int(i));
        filterCheckbox(statuses[i].c_str(), statuses[i], f.statuses, statuses);
        ImGui::PopID();
      }
      ImGui::TreePop();
    }
    const auto& orgs = data->mentors.organisationNames;
    if (data->hasMentors && !orgs.empty() && ImGui::TreeNodeEx(tr("overlay.filter_organisation"), ImGuiTreeNodeFlags_DefaultOpen)) {
      for (size_t i = 0; i < orgs.size(); ++i) {
        ImGui::PushID(int(i));
        filterCheckbox(orgs[i].c_str(), orgs[i], f.organisations, orgs);
        ImGui::PopID();
      }
      ImGui::TreePop();
    }
    if (f.active() && ImGui::Button(tr("overlay.clear_filters"))) f = OverlayFilters{};
    if (const IndicatorTable* t = currentIndicators(state))
      ImGui::TextDisabled("%s: %s, %s: %s", tr("overlay.counted"), formatNumber(double(t->counted), 0).c_str(),
                          tr("overlay.filtered_out"), formatNumber(double(t->filteredOut), 0).c_str());
  }

  if (!(s == p.settings)) {
    p.settings = s;
    overlaySettingsChanged(state);
  }
  ImGui::End();
}

}  // namespace pk
