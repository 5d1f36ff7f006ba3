#include "render/score_overlay.h"

#include <algorithm>
#include <cmath>

#include "core/classify.h"
#include "core/i18n.h"
#include "core/planning_criteria.h"
#include "render/map_renderer.h"

namespace pk {

namespace {

// Same look as the programme overlays' legends (render/overlays.cpp), in points.
constexpr float kTitlePt = 8.5f, kTextPt = 7.5f, kNotePt = 6.5f, kPadPt = 5.0f, kRowGapPt = 2.2f;
constexpr float kSwatchWPt = 12.0f, kSwatchHPt = 8.0f, kGapPt = 4.0f;
constexpr float kStackGapPt = 4.0f;  // between the score legend and the programme's below it
const Rgba kBackground{255, 255, 255, 236};
const Rgba kBorder{150, 150, 150, 255};
const Rgba kText{25, 25, 25, 255};
const Rgba kMuted{90, 90, 90, 255};
const Rgba kSiteFill{120, 40, 160, 235};
const Rgba kSiteOutline{255, 255, 255, 255};
constexpr float kSiteRadiusPt = 8.0f, kSiteOutlinePt = 1.5f, kSiteLabelPt = 9.0f;

// A numbered site marker centred on `at` with radius `radiusPx`.
void addSiteMarker(DrawList& d, Vec2 at, float ppp, float radiusPx, const std::string& number) {
  d.addCircle(at, radiusPx, kSiteFill, kSiteOutline, kSiteOutlinePt * ppp * radiusPx / (kSiteRadiusPt * ppp));
  TextStyle label;
  label.sizePx = kSiteLabelPt * ppp * radiusPx / (kSiteRadiusPt * ppp);
  label.bold = true;
  label.color = {255, 255, 255, 255};
  label.haloPx = 0;
  if (!number.empty()) d.addText(number, at, TextAnchor::Center, label);
}

const char* t(const ScoreOverlayOptions& o, const char* id, const char* en) { return o.language == Language::English ? en : id; }

// "Bobot: Kandidat 40%, Celah jangkauan 60%" (the labels the planning panel shows), wrapped after
// ~40 characters.
std::vector<std::string> weightLines(const SuitabilityResult& r, const ScoreOverlayOptions& o) {
  std::vector<std::string> lines{t(o, "Bobot:", "Weights:")};
  for (size_t c = 0; c < r.criteria.size(); ++c) {
    std::string item = criterionLabel(r.criteria[c], o.language) + " " + formatNumber(r.sharesPercent[c], 0, o.language) + "%";
    if (c + 1 < r.criteria.size()) item += ",";
    if (lines.back().size() + 1 + item.size() > 40) lines.push_back(item);
    else lines.back() += " " + item;
  }
  return lines;
}

}  // namespace

const std::vector<double>& scoreClassBounds() {
  static const std::vector<double> bounds = {0, 20, 40, 60, 80, 100};
  return bounds;
}

ScoreOverlay buildScoreOverlay(const SuitabilityResult& result, const MapView& view, const ScoreOverlayOptions& options) {
  ScoreOverlay out;
  std::vector<double> scores(result.polygons.size());
  for (size_t i = 0; i < scores.size(); ++i) {
    const auto& p = result.polygons[i];
    scores[i] = p.excluded || std::isnan(p.score) ? std::nan("") : std::clamp(p.score, 0.0, 100.0);
  }
  const Classification cls = classifyManual(scores, scoreClassBounds());
  LegendOptions lo;
  lo.palette = options.palette;
  lo.language = options.language;
  lo.decimals = 0;
  lo.missingLabel = t(options, "Dikecualikan", "Excluded");
  out.legend = buildLegend(cls, lo);
  out.fills.resize(scores.size());
  for (size_t i = 0; i < scores.size(); ++i) out.fills[i] = out.legend.colorFor(scores[i]);
  const float p = view.pixelsPerPoint;
  for (size_t k = 0; k < options.sites.size(); ++k)
    addSiteMarker(out.markers, view.toPixel(options.sites[k]), p, kSiteRadiusPt * p, std::to_string(k + 1));
  if (!options.legend) return out;

  // The panel: title, weights, then the classes from the most suitable down, then "excluded", then
  // the proposed sites.
  TextStyle title, text, muted, note;
  title.sizePx = kTitlePt * p;
  title.bold = true;
  title.color = kText;
  title.haloPx = 0;
  text.sizePx = kTextPt * p;
  text.color = kText;
  text.haloPx = 0;
  muted = text;
  muted.color = kMuted;
  note = muted;
  note.sizePx = kNotePt * p;
  const float pad = kPadPt * p, rowGap = kRowGapPt * p, swW = kSwatchWPt * p, swH = kSwatchHPt * p, gap = kGapPt * p;

  const std::string heading = t(options, "Skor kesesuaian (0\u2013100)", "Suitability score (0\u2013100)");
  const std::vector<std::string> notes = weightLines(result, options);
  std::vector<const LegendEntry*> rows;
  for (auto it = out.legend.entries.rbegin(); it != out.legend.entries.rend(); ++it)
    if (it->kind == LegendEntryKind::Class) rows.push_back(&*it);
  for (const auto& e : out.legend.entries)
    if (e.kind == LegendEntryKind::Missing) rows.push_back(&e);

  double innerW = DrawList::measureText(heading, {0, 0}, TextAnchor::TopLeft, title).width();
  double h = DrawList::measureText(heading, {0, 0}, TextAnchor::TopLeft, title).height();
  for (const auto& n : notes) {
    const BBox b = DrawList::measureText(n, {0, 0}, TextAnchor::TopLeft, note);
    innerW = std::max(innerW, b.width());
    h += rowGap + b.height();
  }
  const double rowH = std::max<double>(DrawList::measureText("Ag", {0, 0}, TextAnchor::TopLeft, text).height(), swH);
  double labelW = 0, countW = 0;
  for (const LegendEntry* e : rows) {
    labelW = std::max(labelW, DrawList::measureText(e->label, {0, 0}, TextAnchor::TopLeft, text).width());
    countW = std::max(countW, DrawList::measureText(std::to_string(e->count), {0, 0}, TextAnchor::TopLeft, muted).width());
    h += rowGap + rowH;
  }
  const std::string sitesLabel = translate("map.legend.proposed_sites", options.language);
  if (!options.sites.empty()) {
    labelW = std::max(labelW, DrawList::measureText(sitesLabel, {0, 0}, TextAnchor::TopLeft, text).width());
    h += rowGap + rowH;
  }
  innerW = std::max(innerW, swW + gap + labelW + 2 * gap + countW);
  const double w = innerW + 2 * pad, boxH = h + 2 * pad;
  // At the origin: the furniture moves it to its place (mapLegendBlock, buildFurniture).
  const double x0 = 0, y0 = 0;
  const BBox box{x0, y0, x0 + w, y0 + boxH};
  DrawList& d = out.furniture;
  d.addRect(box, kBackground);
  const float border = std::max(1.0f, 0.5f * p);
  d.addRect({box.minx, box.miny, box.maxx, box.miny + border}, kBorder);
  d.addRect({box.minx, box.maxy - border, box.maxx, box.maxy}, kBorder);
  d.addRect({box.minx, box.miny, box.minx + border, box.maxy}, kBorder);
  d.addRect({box.maxx - border, box.miny, box.maxx, box.maxy}, kBorder);
  const double x = x0 + pad;
  double y = d.addText(heading, {x, y0 + pad}, TextAnchor::TopLeft, title).maxy;
  for (const auto& n : notes) y = d.addText(n, {x, y + rowGap}, TextAnchor::TopLeft, note).maxy;
  for (const LegendEntry* e : rows) {
    y += rowGap;
    const double mid = y + rowH / 2;
    d.addRect({x, mid - swH / 2, x + swW, mid + swH / 2}, e->color);
    d.addText(e->label, {x + swW + gap, mid}, TextAnchor::Left, text);
    d.addText(std::to_string(e->count), {box.maxx - pad, mid}, TextAnchor::Right, muted);
    y += rowH;
  }
  if (!options.sites.empty()) {
    y += rowGap;
    const double mid = y + rowH / 2;
    addSiteMarker(d, {x + swW / 2, mid}, p, static_cast<float>(std::min<double>(swW, rowH) / 2), "1");
    d.addText(sitesLabel, {x + swW + gap, mid}, TextAnchor::Left, text);
    d.addText(std::to_string(options.sites.size()), {box.maxx - pad, mid}, TextAnchor::Right, muted);
    y += rowH;
  }
  out.legendBox = box;
  return out;
}

void applyScoreOverlay(const ScoreOverlay& score, RenderOptions& options, DrawList& overlay) {
  overlay.clear();
  if (options.overlay) appendDrawList(overlay, *options.overlay);
  appendDrawList(overlay, score.markers);
  options.boundaryFills = &score.fills;
  options.overlay = &overlay;
}

ExternalLegend mapLegendBlock(const ScoreOverlay* score, const ExternalLegend& programme, float pixelsPerPoint,
                              DrawList& out) {
  out.clear();
  ExternalLegend scoreLegend;
  if (score && !score->furniture.empty()) {
    scoreLegend.list = &score->furniture;
    scoreLegend.boundsPx = score->legendBox;
  }
  if (!scoreLegend.present()) return programme;
  if (!programme.present()) return scoreLegend;
  // One block: the score first (it colours the polygons), the programme's legend below it.
  const double below = score->legendBox.maxy + kStackGapPt * pixelsPerPoint;
  appendDrawList(out, score->furniture);
  appendDrawList(out, *programme.list,
                 {std::round(score->legendBox.minx - programme.boundsPx.minx), std::round(below - programme.boundsPx.miny)});
  ExternalLegend both;
  both.list = &out;
  both.boundsPx = score->legendBox;
  both.boundsPx.add({score->legendBox.minx, std::round(below), score->legendBox.minx + programme.boundsPx.width(),
                     std::round(below) + programme.boundsPx.height()});
  return both;
}

}  // namespace pk
