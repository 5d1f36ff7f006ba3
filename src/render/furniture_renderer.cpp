#include "render/furniture_renderer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "core/font.h"
#include "core/i18n.h"
#include "core/legend.h"

namespace pk {

namespace {

using M = FurnitureMetrics;

const Rgba kPanel{255, 255, 255, 228};
const Rgba kPanelBorder{160, 160, 160, 255};
const Rgba kInk{25, 25, 25, 255};
const Rgba kMuted{70, 70, 70, 255};
const Rgba kNoteInk{90, 40, 0, 255};      // as the renderer's own schematic note
const Rgba kNotePanel{255, 248, 225, 235};

// Text measured in points (the font scales linearly, so points in, points out).
struct TextPt {
  std::string text;
  float sizePt = 10;
  bool bold = false;
  double width = 0, height = 0;
};

TextPt measureTextPt(const std::string& text, float sizePt, bool bold) {
  TextPt t{text, sizePt, bold, 0, 0};
  const TextExtent e = Font::defaultFont(bold).measure(text, sizePt);
  t.width = e.width;
  t.height = e.height();
  return t;
}

// Shrinks `t` until it fits `maxWidthPt`, but not below `minFactor` of its size (then it stays too
// wide and the layout drops it rather than clip it).
TextPt fitTextPt(const std::string& text, float sizePt, bool bold, double maxWidthPt, float minFactor) {
  TextPt t = measureTextPt(text, sizePt, bold);
  if (t.width <= maxWidthPt || t.width <= 0) return t;
  const float factor = std::max(minFactor, static_cast<float>(maxWidthPt / t.width) * 0.999f);
  return measureTextPt(text, sizePt * factor, bold);
}

TextStyle styleFor(const TextPt& t, float ppp, Rgba color, float haloPt = 0) {
  TextStyle s;
  s.sizePx = t.sizePt * ppp;
  s.bold = t.bold;
  s.color = color;
  s.halo = {255, 255, 255, 230};
  s.haloPx = haloPt * ppp;
  return s;
}

BBox roundBox(const BBox& b) {
  return {std::round(b.minx), std::round(b.miny), std::round(b.maxx), std::round(b.maxy)};
}

void addFrame(DrawList& out, const BBox& box, float widthPx, Rgba color) {
  out.addRect({box.minx, box.miny, box.maxx, box.miny + widthPx}, color);
  out.addRect({box.minx, box.maxy - widthPx, box.maxx, box.maxy}, color);
  out.addRect({box.minx, box.miny + widthPx, box.minx + widthPx, box.maxy - widthPx}, color);
  out.addRect({box.maxx - widthPx, box.miny + widthPx, box.maxx, box.maxy - widthPx}, color);
}

// The scale bar's texts and its extent around the bar, points.
struct ScaleBarGeometry {
  TextPt zero, middle, end, unit;
  double barPt = 0;
  double leftPt = 0;   // from the box's left edge to the bar's start
  double widthPt = 0, heightPt = 0;
};

ScaleBarGeometry scaleBarGeometry(const ScaleBarChoice& choice, float ppp, float scale) {
  ScaleBarGeometry g;
  const float sizePt = M::kScaleTextPt * scale;
  const Language numbers = language();
  const double half = choice.labelValue / 2;
  const int halfDecimals = std::fabs(half - std::round(half)) > 1e-9 ? 1 : 0;
  g.zero = measureTextPt("0", sizePt, false);
  g.middle = measureTextPt(formatNumber(half, halfDecimals, numbers), sizePt, false);
  const int endDecimals = choice.labelValue < 1 ? 1 : 0;
  g.end = measureTextPt(formatNumber(choice.labelValue, endDecimals, numbers), sizePt, false);
  g.unit = measureTextPt(choice.unit, sizePt, false);
  g.barPt = choice.lengthPx / ppp;
  const double pad = M::kPaddingPt * scale, unitGap = 3 * scale;
  g.leftPt = pad + g.zero.width / 2;
  const double right = std::max(g.end.width / 2, unitGap + g.unit.width) + pad;
  g.widthPt = g.leftPt + g.barPt + right;
  g.heightPt = pad + g.zero.height + 1.5 * scale + M::kScaleBarHeightPt * scale + pad;
  return g;
}

}  // namespace

const BBox* FurnitureFrame::boxOf(FurnitureItem item) const {
  for (size_t i = 0; i < layoutPt.placed.size(); ++i)
    if (layoutPt.placed[i].item == item) return &boxesPx[i];
  return nullptr;
}

void buildFurniture(const FurnitureInput& in, FurnitureFrame& out) {
  out = FurnitureFrame{};
  const FurnitureSettings& s = in.settings;
  const MapView& view = in.view;
  const float ppp = view.pixelsPerPoint > 0 ? view.pixelsPerPoint : 1.0f;
  const float k = s.textScale > 0 ? s.textScale : 1.0f;
  const double pageW = view.widthPx / double(ppp), pageH = view.heightPx / double(ppp);
  const double pad = M::kPaddingPt * k;
  const double maxTextW = std::max(1.0, pageW - 2 * s.marginPt - 2 * pad);

  // Measure every shown item, points.
  TextPt title, subtitle, attribution, date, note;
  ScaleBarGeometry bar;
  std::vector<FurnitureBlock> blocks;
  auto add = [&](FurnitureItem item, double w, double h) {
    if (s[item].show && w > 0 && h > 0) blocks.push_back({item, s[item].corner, w, h});
  };
  if (!in.text.title.empty()) {
    title = fitTextPt(in.text.title, M::kTitlePt * k, true, maxTextW, 0.6f);
    add(FurnitureItem::Title, title.width + 2 * pad, title.height + pad);
  }
  if (!in.text.subtitle.empty()) {
    subtitle = fitTextPt(in.text.subtitle, M::kSubtitlePt * k, false, maxTextW, 0.6f);
    add(FurnitureItem::Subtitle, subtitle.width + 2 * pad, subtitle.height + pad);
  }
  if (s[FurnitureItem::NorthArrow].show) {
    const double w = std::max<double>(M::kNorthArrowWidthPt * k * 1.6, measureTextPt("N", M::kNorthLetterPt * k, true).width);
    const TextPt letter = measureTextPt(tr("furniture.north_letter"), M::kNorthLetterPt * k, true);
    add(FurnitureItem::NorthArrow, std::max(w, letter.width) + 2 * pad,
        letter.height + 2 * k + M::kNorthArrowLengthPt * k + 2 * pad);
  }
  if (s[FurnitureItem::Legend].show && in.legend.present())
    add(FurnitureItem::Legend, in.legend.boundsPx.width() / ppp, in.legend.boundsPx.height() / ppp);
  if (s[FurnitureItem::ScaleBar].show) {
    out.scaleBar = chooseScaleBar(view.metresPerPixel, in.geometry.groundPerMapMetre, view.widthPx);
    if (out.scaleBar.lengthPx > 0) {
      bar = scaleBarGeometry(out.scaleBar, ppp, k);
      add(FurnitureItem::ScaleBar, bar.widthPt, bar.heightPt);
    }
  }
  if (!in.text.schematicNote.empty()) {
    note = fitTextPt(in.text.schematicNote, 8.0f * k, false, maxTextW, 0.7f);
    add(FurnitureItem::SchematicNote, note.width + 2 * pad * 0.75, note.height + 2 * pad * 0.75);
  }
  if (!in.text.attribution.empty()) {
    attribution = fitTextPt(in.text.attribution, M::kSmallPt * k, false, maxTextW, 0.75f);
    add(FurnitureItem::Attribution, attribution.width + 2 * pad * 0.75, attribution.height + pad);
  }
  if (!in.text.date.empty()) {
    date = measureTextPt(in.text.date, M::kSmallPt * k, false);
    add(FurnitureItem::Date, date.width + 2 * pad * 0.75, date.height + pad);
  }

  out.layoutPt = layoutFurniture(blocks, pageW, pageH, s.marginPt, s.gapPt);
  // An automatic legend corner: the one hiding the least of the map (chooseLegendCorner), in the
  // window the one kept for its view until a fit or another legend (LegendCornerMemo).
  const auto legendAt = std::find_if(blocks.begin(), blocks.end(),
                                     [](const FurnitureBlock& b) { return b.item == FurnitureItem::Legend; });
  if (legendAt != blocks.end() && s[FurnitureItem::Legend].autoCorner && in.mapCoverage) {
    auto chooseNow = [&] {
      return chooseLegendCorner(blocks, pageW, pageH, s.marginPt, s.gapPt, [&](const BBox& boxPt) {
        return in.mapCoverage({boxPt.minx * ppp, boxPt.miny * ppp, boxPt.maxx * ppp, boxPt.maxy * ppp});
      });
    };
    FurnitureCorner corner;
    if (in.legendCornerMemo) {
      // What the choice depends on besides the view: page and legend size, the other items' corners.
      char key[96];
      std::snprintf(key, sizeof key, "%.1fx%.1f legend %.1fx%.1f", pageW, pageH, legendAt->widthPt, legendAt->heightPt);
      std::string layoutKey = key;
      for (const FurnitureBlock& b : blocks) layoutKey += " " + std::to_string(int(b.item)) + ":" + std::to_string(int(b.corner));
      corner = in.legendCornerMemo->choose(layoutKey, chooseNow);
    } else {
      corner = chooseNow();
    }
    legendAt->corner = corner;
    out.layoutPt = layoutFurniture(blocks, pageW, pageH, s.marginPt, s.gapPt);
  }
  out.dropped = out.layoutPt.dropped;

  DrawList& dl = out.list;
  const float border = std::max(1.0f, std::round(0.5f * ppp));
  for (const FurniturePlacement& p : out.layoutPt.placed) {
    const BBox box = roundBox({p.boxPt.minx * ppp, p.boxPt.miny * ppp, p.boxPt.maxx * ppp, p.boxPt.maxy * ppp});
    out.boxesPx.push_back(box);
    const Vec2 c = box.center();
    switch (p.item) {
      case FurnitureItem::Title:
        dl.addText(title.text, c, TextAnchor::Center, styleFor(title, ppp, kInk, 1.5f * k));
        break;
      case FurnitureItem::Subtitle:
        dl.addText(subtitle.text, c, TextAnchor::Center, styleFor(subtitle, ppp, kMuted, 1.2f * k));
        break;
      case FurnitureItem::Attribution:
        dl.addRect(box, kPanel);
        dl.addText(attribution.text, c, TextAnchor::Center, styleFor(attribution, ppp, kMuted));
        break;
      case FurnitureItem::Date:
        dl.addRect(box, kPanel);
        dl.addText(date.text, c, TextAnchor::Center, styleFor(date, ppp, kMuted));
        break;
      case FurnitureItem::SchematicNote:
        dl.addRect(box, kNotePanel);
        dl.addText(note.text, c, TextAnchor::Center, styleFor(note, ppp, kNoteInk));
        break;
      case FurnitureItem::Legend: {
        // Whole pixels, so the legend's type stays as crisp as where it was drawn.
        const Vec2 offset{std::round(box.minx - in.legend.boundsPx.minx), std::round(box.miny - in.legend.boundsPx.miny)};
        appendDrawList(dl, *in.legend.list, offset);
        break;
      }
      case FurnitureItem::NorthArrow: {
        dl.addRect(box, kPanel);
        const TextPt letter = measureTextPt(tr("furniture.north_letter"), M::kNorthLetterPt * k, true);
        const double top = box.miny + pad * ppp;
        dl.addText(letter.text, {c.x, top}, TextAnchor::Top, styleFor(letter, ppp, kInk));
        const double arrowTop = top + (letter.height + 2 * k) * ppp;
        const double len = M::kNorthArrowLengthPt * k * ppp, halfW = M::kNorthArrowWidthPt * k * ppp / 2;
        const Vec2 centre{c.x, arrowTop + len / 2};
        // Points to true north: grid north turned by the convergence at the map centre.
        const double a = in.geometry.northAngleRad;
        const Vec2 dir{std::sin(a), -std::cos(a)};
        const Vec2 right{std::cos(a), std::sin(a)};
        const Vec2 tip = centre + dir * (len / 2), base = centre - dir * (len / 2);
        const Vec2 notch = centre - dir * (len * 0.25);
        const Vec2 leftWing = base - right * halfW, rightWing = base + right * halfW;
        dl.addTriangle(tip, leftWing, notch, kInk);
        dl.addTriangle(tip, notch, rightWing, {255, 255, 255, 255});
        const float line = std::max(1.0f, 0.6f * ppp);
        dl.addPolyline({tip, rightWing, notch, leftWing}, line, kInk, true);
        dl.addLine(tip, notch, line, kInk);
        out.northArrowTipPx = tip;
        out.northArrowBasePx = base;
        break;
      }
      case FurnitureItem::ScaleBar: {
        dl.addRect(box, kPanel);
        const double x0 = box.minx + bar.leftPt * ppp;
        const double x1 = x0 + out.scaleBar.lengthPx;  // exactly the ground length, not rounded
        const double barH = M::kScaleBarHeightPt * k * ppp;
        const double y1 = std::round(box.maxy - pad * ppp), y0 = y1 - barH;
        out.scaleBarPx = {x0, y0, x1, y1};
        dl.addRect(out.scaleBarPx, kInk);
        const int n = std::max(1, out.scaleBar.segments);
        const double seg = (x1 - x0) / n;
        const double inset = border;
        for (int i = 1; i < n; i += 2)  // white boxes between the dark ones; the dark outline closes the end
          dl.addRect({x0 + i * seg, y0 + inset, x0 + (i + 1) * seg - (i + 1 == n ? inset : 0), y1 - inset},
                     {255, 255, 255, 255});
        const double labelY = y0 - 1.5 * k * ppp;
        dl.addText(bar.zero.text, {x0, labelY}, TextAnchor::Bottom, styleFor(bar.zero, ppp, kInk));
        dl.addText(bar.middle.text, {(x0 + x1) / 2, labelY}, TextAnchor::Bottom, styleFor(bar.middle, ppp, kInk));
        dl.addText(bar.end.text, {x1, labelY}, TextAnchor::Bottom, styleFor(bar.end, ppp, kInk));
        dl.addText(bar.unit.text, {x1 + 3 * k * ppp, (y0 + y1) / 2}, TextAnchor::Left, styleFor(bar.unit, ppp, kInk));
        break;
      }
    }
    if (p.item == FurnitureItem::NorthArrow || p.item == FurnitureItem::ScaleBar) addFrame(dl, box, border, kPanelBorder);
  }
}

}  // namespace pk
