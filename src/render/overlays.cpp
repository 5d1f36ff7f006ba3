#include "render/overlays.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <unordered_map>

#include "core/i18n.h"
#include "core/indicator_input.h"
#include "core/map_document.h"
#include "core/map_state.h"
#include "core/privacy.h"
#include "core/programme_project.h"
#include "render/map_renderer.h"

namespace pk {

namespace {

// ---- sizes in points (pixels = points x view.pixelsPerPoint, so exports at any DPI match) ----
constexpr float kPointRadiusPt = 2.4f;
constexpr float kPointStrokePt = 0.5f;
constexpr float kSpreadStepPt = 5.4f;  // Vogel spiral: no two points closer than this (> a point's width)
constexpr float kPlainDotRadiusPt = 1.6f;
constexpr float kUncoveredRadiusPt = 3.8f;
constexpr float kUncoveredStrokePt = 1.3f;
constexpr float kMentorRadiusPt = 4.6f;
constexpr float kMentorStrokePt = 1.4f;
constexpr float kMentorLinePt = 0.6f;
constexpr float kCoverageStrokePt = 0.9f;
constexpr float kGlyphMinRadiusPt = 5.0f;
constexpr float kGlyphMaxRadiusPt = 13.0f;
constexpr float kBarWidthPt = 3.6f;
constexpr float kBarHeightPt = 20.0f;
constexpr float kCountLabelPt = 7.5f;
constexpr float kLegendTitlePt = 8.5f;
constexpr float kLegendTextPt = 7.5f;
constexpr float kLegendNotePt = 6.5f;
constexpr float kLegendPadPt = 5.0f;
constexpr float kLegendRowGapPt = 2.2f;
constexpr float kLegendSwatchWPt = 12.0f;
constexpr float kLegendSwatchHPt = 8.0f;
constexpr float kLegendMarginPt = 8.0f;
constexpr float kLegendGapPt = 5.0f;

const Rgba kMentorFill{30, 30, 30, 255};
const Rgba kWhite{255, 255, 255, 255};
const Rgba kCoverageFill{0, 114, 178, 34};
const Rgba kCoverageStroke{0, 114, 178, 190};
const Rgba kMentorLine{60, 60, 60, 110};
const Rgba kUncovered{213, 94, 0, 255};   // Okabe-Ito vermillion
const Rgba kPlainDot{70, 70, 70, 200};
const Rgba kLegendBackground{255, 255, 255, 236};
const Rgba kLegendBorder{150, 150, 150, 255};
const Rgba kLegendText{25, 25, 25, 255};
const Rgba kLegendMuted{90, 90, 90, 255};
constexpr const char* kFillPaletteMentors = "YlGn";

// ---- texts (Bahasa Indonesia default, English on request) ----
struct Texts {
  bool en;
  const char* t(const char* id, const char* en_) const { return en ? en_ : id; }
};

std::string indicatorTitle(OverlayIndicator i, const Texts& T) {
  switch (i) {
    case OverlayIndicator::Beneficiaries: return T.t("Jumlah penerima (KPM)", "Beneficiaries (KPM)");
    case OverlayIndicator::Density: return T.t("Kepadatan penerima (per km\u00b2)", "Beneficiary density (per km\u00b2)");
    case OverlayIndicator::Share: return T.t("Bagian dari total penerima (%)", "Share of all beneficiaries (%)");
    case OverlayIndicator::RatePer1000: return T.t("Penerima per 1.000 penduduk", "Beneficiaries per 1,000 population");
    case OverlayIndicator::BsimuTotal: return T.t("Total BSIMu (juta Rp)", "BSIMu total (million Rp)");
    case OverlayIndicator::Mentors: return T.t("Jumlah pendamping", "Mentors");
    case OverlayIndicator::BeneficiariesPerMentor: return T.t("Penerima per pendamping", "Beneficiaries per mentor");
    case OverlayIndicator::CoveredShare: return T.t("Dalam jangkauan pendamping (%)", "Within reach of a mentor (%)");
    case OverlayIndicator::MedianDistanceKm: return T.t("Jarak median ke pendamping (km)", "Median distance to a mentor (km)");
    case OverlayIndicator::MaxDistanceKm: return T.t("Jarak maks. ke pendamping (km)", "Largest distance to a mentor (km)");
    case OverlayIndicator::OverCapacity: return T.t("Penerima di atas kapasitas", "Beneficiaries above capacity");
  }
  return {};
}

std::string reasonText(const Classification& c, const Texts& T) {
  if (c.reasons.empty()) return {};
  switch (c.reasons.front()) {
    case ClassReason::NoValues: return T.t("Tidak ada nilai untuk dipetakan", "No values to map");
    case ClassReason::AllValuesEqual: return T.t("Semua nilai sama: satu kelas", "All values equal: one class");
    case ClassReason::FewDistinctValues:
    case ClassReason::TiedValues:
      return std::string(T.t("Nilai berbeda terlalu sedikit: ", "Too few distinct values: ")) +
             std::to_string(c.classCount()) + T.t(" kelas", " classes");
    case ClassReason::PrettyCountDiffers:
      return std::to_string(c.classCount()) + T.t(" kelas (pembulatan)", " classes (rounded bounds)");
    case ClassReason::ClassCountOutOfRange: return T.t("Jumlah kelas disesuaikan ke 3\u20139", "Class count set to 3\u20139");
    case ClassReason::InvalidManualBreaks: return T.t("Batas kelas manual tidak valid", "Manual breaks are not valid");
    case ClassReason::ValuesOutsideBreaks: return T.t("Sebagian nilai di luar batas kelas", "Some values lie outside the breaks");
  }
  return {};
}

bool keepsValue(const std::vector<int>& allowed, int v) {
  return allowed.empty() || std::find(allowed.begin(), allowed.end(), v) != allowed.end();
}

// Pixel centre of a cached position plus its spread offset.
inline Vec2 pixelOf(const MapView& view, Vec2 map, Vec2 offsetPt) {
  Vec2 p = view.toPixel(map);
  return {p.x + offsetPt.x * view.pixelsPerPoint, p.y + offsetPt.y * view.pixelsPerPoint};
}

// The per-polygon table's column of an indicator (its withheld state in a publication).
std::string indicatorColumn(OverlayIndicator indicator) {
  switch (indicator) {
    case OverlayIndicator::Beneficiaries: return "beneficiaries";
    case OverlayIndicator::Density: return "density_per_km2";
    case OverlayIndicator::Share: return "share";
    case OverlayIndicator::RatePer1000: return "rate_per_1000";
    case OverlayIndicator::BsimuTotal: return "bsimu_total";
    case OverlayIndicator::Mentors: return "mentors";
    case OverlayIndicator::BeneficiariesPerMentor: return "beneficiaries_per_mentor";
    case OverlayIndicator::CoveredShare: return "covered_share";
    case OverlayIndicator::MedianDistanceKm: return "median_distance_km";
    case OverlayIndicator::MaxDistanceKm: return "max_distance_km";
    case OverlayIndicator::OverCapacity: return "over_capacity";
  }
  return "";
}

// ---- legend blocks ----
enum class SwatchKind { Box, Dot, Ring, Line, Mentor, MentorApprox, Coverage, Ramp, None };

struct LegendRow {
  SwatchKind kind = SwatchKind::Box;
  Rgba color, stroke;
  std::string label, count;
};

struct LegendBlock {
  std::string overlay;
  std::string title;
  std::vector<std::string> notes;  // small lines under the title
  std::vector<LegendRow> rows;
  std::vector<Rgba> ramp;          // SwatchKind::Ramp rows draw this
};

struct LegendStyles {
  TextStyle title, text, muted, note;
  float pad, rowGap, swW, swH, gap, ppp;
  explicit LegendStyles(float p) : ppp(p) {
    title.sizePx = kLegendTitlePt * p;
    title.bold = true;
    title.color = kLegendText;
    title.haloPx = 0;
    text.sizePx = kLegendTextPt * p;
    text.color = kLegendText;
    text.haloPx = 0;
    muted = text;
    muted.color = kLegendMuted;
    note = text;
    note.sizePx = kLegendNotePt * p;
    note.color = kLegendMuted;
    pad = kLegendPadPt * p;
    rowGap = kLegendRowGapPt * p;
    swW = kLegendSwatchWPt * p;
    swH = kLegendSwatchHPt * p;
    gap = 4 * p;
  }
};

struct BlockSize {
  double w = 0, h = 0, labelW = 0, countW = 0, rowH = 0;
};

BlockSize measureBlock(const LegendBlock& b, const LegendStyles& s) {
  BlockSize z;
  const BBox title = DrawList::measureText(b.title, {0, 0}, TextAnchor::TopLeft, s.title);
  double inner = title.width();
  double h = title.height();
  for (const auto& n : b.notes) {
    const BBox nb = DrawList::measureText(n, {0, 0}, TextAnchor::TopLeft, s.note);
    inner = std::max(inner, nb.width());
    h += s.rowGap + nb.height();
  }
  const double textH = DrawList::measureText("Ag", {0, 0}, TextAnchor::TopLeft, s.text).height();
  z.rowH = std::max<double>(textH, s.swH);
  for (const auto& r : b.rows) {
    z.labelW = std::max(z.labelW, DrawList::measureText(r.label, {0, 0}, TextAnchor::TopLeft, s.text).width());
    if (!r.count.empty())
      z.countW = std::max(z.countW, DrawList::measureText(r.count, {0, 0}, TextAnchor::TopLeft, s.muted).width());
    h += s.rowGap + z.rowH;
  }
  const double rowW = s.swW + s.gap + z.labelW + (z.countW > 0 ? s.gap * 2 + z.countW : 0);
  inner = std::max(inner, rowW);
  z.w = inner + 2 * s.pad;
  z.h = h + 2 * s.pad;
  return z;
}

void drawSwatch(DrawList& out, const LegendRow& r, const LegendBlock& b, const BBox& box, const LegendStyles& s,
                std::vector<LegendSwatch>& swatches) {
  const Vec2 c = box.center();
  const float ppp = s.ppp;
  switch (r.kind) {
    case SwatchKind::Box:
      out.addRect(box, r.color);
      swatches.push_back({box, r.color, b.overlay});
      break;
    case SwatchKind::Dot:
      out.addCircle(c, kPointRadiusPt * ppp * 1.2f, r.color, r.stroke, kPointStrokePt * ppp);
      break;
    case SwatchKind::Ring:
      out.addCircle(c, kUncoveredRadiusPt * ppp, {0, 0, 0, 0}, r.color, kUncoveredStrokePt * ppp);
      break;
    case SwatchKind::Line:
      out.addLine({box.minx, c.y}, {box.maxx, c.y}, std::max(1.0f, kMentorLinePt * ppp * 1.5f), r.color);
      break;
    case SwatchKind::Mentor:
      out.addCircle(c, kMentorRadiusPt * ppp, kMentorFill, kWhite, kMentorStrokePt * ppp);
      out.addCircle(c, 1.3f * ppp, kWhite);
      break;
    case SwatchKind::MentorApprox:
      out.addCircle(c, kMentorRadiusPt * ppp, kWhite, kMentorFill, kMentorStrokePt * ppp);
      break;
    case SwatchKind::Coverage:
      out.addCircle(c, static_cast<float>(box.height() * 0.6), kCoverageFill, kCoverageStroke, kCoverageStrokePt * ppp);
      break;
    case SwatchKind::Ramp: {
      const size_t n = b.ramp.size();
      if (n == 0) break;
      // Vertex colours interpolate across the bar; the solid shader is flat, so draw thin steps.
      const int steps = 24;
      for (int i = 0; i < steps; ++i) {
        const double t0 = double(i) / steps, t1 = double(i + 1) / steps;
        const double pos = (t0 + t1) / 2 * (n - 1);
        const size_t k = std::min(n - 2, size_t(std::floor(pos)));
        const double f = n == 1 ? 0 : pos - k;
        auto mix = [&](std::uint8_t a, std::uint8_t bb) { return std::uint8_t(std::lround(a + (bb - a) * f)); };
        const Rgba a = b.ramp[k], e = b.ramp[std::min(n - 1, k + 1)];
        const Rgba col{mix(a.r, e.r), mix(a.g, e.g), mix(a.b, e.b), 255};
        out.addRect({box.minx + box.width() * t0, box.miny, box.minx + box.width() * t1 + 0.5, box.maxy}, col);
      }
      break;
    }
    case SwatchKind::None: break;
  }
}

// Draws a block with its top-left at `at`; returns its box.
BBox drawBlock(DrawList& out, const LegendBlock& b, const BlockSize& z, double columnW, Vec2 at, const LegendStyles& s,
               std::vector<LegendSwatch>& swatches) {
  const BBox box{at.x, at.y, at.x + columnW, at.y + z.h};
  out.addRect(box, kLegendBackground);
  const float border = std::max(1.0f, 0.5f * s.ppp);
  out.addRect({box.minx, box.miny, box.maxx, box.miny + border}, kLegendBorder);
  out.addRect({box.minx, box.maxy - border, box.maxx, box.maxy}, kLegendBorder);
  out.addRect({box.minx, box.miny, box.minx + border, box.maxy}, kLegendBorder);
  out.addRect({box.maxx - border, box.miny, box.maxx, box.maxy}, kLegendBorder);
  double y = at.y + s.pad;
  const double x = at.x + s.pad;
  y = out.addText(b.title, {x, y}, TextAnchor::TopLeft, s.title).maxy;
  for (const auto& n : b.notes) y = out.addText(n, {x, y + s.rowGap}, TextAnchor::TopLeft, s.note).maxy;
  for (const auto& r : b.rows) {
    y += s.rowGap;
    const double midY = y + z.rowH / 2;
    const BBox sw{x, midY - s.swH / 2, x + s.swW, midY + s.swH / 2};
    drawSwatch(out, r, b, sw, s, swatches);
    out.addText(r.label, {x + s.swW + s.gap, midY}, TextAnchor::Left, s.text);
    if (!r.count.empty()) out.addText(r.count, {box.maxx - s.pad, midY}, TextAnchor::Right, s.muted);
    y += z.rowH;
  }
  return box;
}

// ---- glyphs (solids only, so a legend panel added later covers them cleanly) ----
void addDisc(DrawList& out, Vec2 c, double r, Rgba color, double a0 = 0, double a1 = 2 * std::numbers::pi) {
  const double span = a1 - a0;
  const int n = std::max(2, int(std::ceil(span / (std::numbers::pi / 24))));
  for (int i = 0; i < n; ++i) {
    const double t0 = a0 + span * i / n, t1 = a0 + span * (i + 1) / n;
    // Angles clockwise from north, as pie charts are read.
    out.addTriangle(c, {c.x + r * std::sin(t0), c.y - r * std::cos(t0)}, {c.x + r * std::sin(t1), c.y - r * std::cos(t1)},
                    color);
  }
}

// The first `count` features of `layer` whose label point lies in `extent`, in order. Only features
// whose box meets the extent ask for their label point (computed on first use), on 2 threads.
std::vector<size_t> labelPointsWithin(const Layer& layer, size_t count, const BBox& extent) {
  std::vector<size_t> near;
  for (size_t f = 0; f < count && f < layer.features.size(); ++f)
    if (layer.features[f].bbox.intersects(extent)) near.push_back(f);
  layer.prepareLabelPoints(near);
  std::erase_if(near, [&](size_t f) { return !extent.contains(layer.labelPoint(f)); });
  return near;
}

}  // namespace

// ---- data ----

OverlayData overlayDataOf(const LoadedProgramme& p) {
  OverlayData d;
  const MentorList* mentors = p.mentors ? &*p.mentors : nullptr;
  if (p.beneficiaries) d.beneficiaries = beneficiaryPointsOf(*p.beneficiaries, p.categories, mentors);
  else for (const auto& c : p.categories.categories) d.beneficiaries.categoryNames.push_back(c.label);
  for (const auto& c : p.categories.categories) d.categoryKeys.push_back(c.key);
  if (mentors) {
    d.mentors = mentorPointsOf(*mentors);
    d.hasMentors = true;
  }
  d.population = p.population;
  return d;
}

std::vector<Rgba> businessCategoryColors(size_t count, int fallbackIndex) {
  // Okabe-Ito without black (too close to the mentor symbol) and yellow last (weak on light fills);
  // then ColorBrewer Dark2 for long lists.
  static const Rgba kColors[] = {{230, 159, 0, 255},  {86, 180, 233, 255}, {0, 158, 115, 255},  {204, 121, 167, 255},
                                 {0, 114, 178, 255},  {213, 94, 0, 255},   {240, 228, 66, 255},  {27, 158, 119, 255},
                                 {217, 95, 2, 255},   {117, 112, 179, 255}, {231, 41, 138, 255}, {102, 166, 30, 255},
                                 {230, 171, 2, 255},  {166, 118, 29, 255}};
  const Rgba kFallback{150, 150, 150, 255};
  std::vector<Rgba> out(count);
  size_t next = 0;
  for (size_t i = 0; i < count; ++i) {
    if (int(i) == fallbackIndex) {
      out[i] = kFallback;
      continue;
    }
    out[i] = kColors[next % std::size(kColors)];
    ++next;
  }
  return out;
}

void OverlayFrame::applyTo(RenderOptions& o) const {
  o.boundaryFills = boundaryFills.empty() ? nullptr : &boundaryFills;
  o.overlay = overlay.empty() ? nullptr : &overlay;
  o.furniture = furniture.empty() ? nullptr : &furniture;
  o.cachedOverlay = cachedOverlay && !cachedOverlay->empty() ? cachedOverlay : nullptr;
  o.cachedOverlayView = cachedView;
  o.cachedOverlayKey = cachedKey;
}

void OverlayFrame::clear() {
  overlay.clear();
  furniture.clear();
  legend.clear();
  boundaryFills.clear();
  swatches.clear();
  legendBoxes.clear();
  legendNumbers.clear();
  cachedOverlay = nullptr;
  cachedKey = 0;
}

// ---- builder ----

struct OverlayBuilder::Cache {
  const Layer* boundary = nullptr;
  std::uint64_t boundaryRevision = 0;
  size_t featureCount = 0;

  // Filters and indicators.
  bool indicatorsValid = false;
  OverlayFilters filters;
  double radiusKm = 0;
  IndicatorTable table;
  std::vector<std::uint8_t> kept;          // per beneficiary: counted (in a polygon, passes filters)
  std::vector<std::uint8_t> mentorKept;    // per mentor: passes the organisation filter
  std::vector<Vec2> spreadPt;              // per beneficiary: offset in points from its position
  std::vector<std::uint32_t> positioned;   // kept rows with a position, in row order

  // Polygon fill.
  bool fillValid = false;
  Language fillLanguage = Language::Indonesian;  // the legend labels' language and number format
  bool fillOn = false;
  OverlayIndicator fillIndicator = OverlayIndicator::Density;
  ChoroplethSettings fillSettings;
  std::vector<double> values;
  std::vector<std::string> withheldText;   // per feature: the marker of a withheld mapped value, else ""
  const PublishedIndicators* fillPublication = nullptr;
  Legend legend;
  std::vector<Rgba> fills;

  // Heatmap.
  bool heatValid = false;
  double bandwidthKm = 0;
  DensityGrid grid;
  std::shared_ptr<DrawImage> image;

  std::vector<std::uint32_t> uncoveredRows;  // positioned kept rows beyond R of every kept mentor

  // Map symbols cached for panning (OverlayBuildOptions::cacheForPanning).
  DrawList symbols;
  MapView symbolsView;
  std::uint64_t symbolsKey = 0;
  OverlaySettings symbolsSettings;
  int symbolsThreshold = 0;
  Language symbolsLanguage = Language::Indonesian;

  std::unique_ptr<PolygonIndex> index;     // legend placement: which screen areas hold the map
};

OverlayBuilder::OverlayBuilder() : cache_(std::make_unique<Cache>()) {}
OverlayBuilder::~OverlayBuilder() = default;

void OverlayBuilder::setData(std::shared_ptr<const OverlayData> data) {
  data_ = std::move(data);
  cache_ = std::make_unique<Cache>();
}

void OverlayBuilder::setSettings(const OverlaySettings& settings) { settings_ = programmeOverlaysDrawn(settings); }

const IndicatorTable* OverlayBuilder::indicators() const {
  return cache_->indicatorsValid ? &cache_->table : nullptr;
}
const Legend* OverlayBuilder::choroplethLegend() const {
  return cache_->fillValid && cache_->fillOn ? &cache_->legend : nullptr;
}
std::shared_ptr<const DrawImage> OverlayBuilder::heatmapImage() const { return cache_->image; }
const DensityGrid* OverlayBuilder::heatmapGrid() const { return cache_->heatValid ? &cache_->grid : nullptr; }

void OverlayBuilder::build(const MapDocument& doc, const MapView& view, OverlayFrame& out) {
  out.clear();
  const Layer* boundary = doc.boundary();
  if (!data_ || !boundary || !settings_.anyActive()) return;
  const OverlayData& d = *data_;
  const BeneficiaryPoints& ben = d.beneficiaries;
  const MentorPoints& men = d.mentors;
  Cache& C = *cache_;
  const Texts T{options_.language == Language::English};
  const float ppp = view.pixelsPerPoint;

  if (C.boundary != boundary || C.boundaryRevision != boundary->revision ||
      C.featureCount != boundary->features.size()) {
    *cache_ = Cache{};
    C.boundary = boundary;
    C.boundaryRevision = boundary->revision;
    C.featureCount = boundary->features.size();
  }

  // --- filters and indicators ---
  if (!C.indicatorsValid || !(C.filters == settings_.filters) || C.radiusKm != settings_.radiusKm) {
    const bool filtersChanged = !(C.filters == settings_.filters) || !C.indicatorsValid;
    IndicatorOptions io;
    io.radiusKm = settings_.radiusKm;
    io.population = d.population;
    const OverlayFilters& f = settings_.filters;
    // Values the data lacks resolve to an index no row has, so such a filter keeps nothing.
    constexpr int kNone = -1000;
    io.filter.cohortYears = f.cohortYears;
    for (const auto& key : f.categories) {
      auto it = std::find(d.categoryKeys.begin(), d.categoryKeys.end(), key);
      io.filter.categories.push_back(it == d.categoryKeys.end() ? kNone : int(it - d.categoryKeys.begin()));
    }
    for (const auto& s : f.statuses) {
      auto it = std::find(ben.statusNames.begin(), ben.statusNames.end(), s);
      io.filter.statuses.push_back(it == ben.statusNames.end() ? kNone : int(it - ben.statusNames.begin()));
    }
    for (const auto& o : f.organisations) {
      auto it = std::find(men.organisationNames.begin(), men.organisationNames.end(), o);
      io.filter.organisations.push_back(it == men.organisationNames.end() ? kNone
                                                                          : int(it - men.organisationNames.begin()));
    }
    C.table = computeIndicators(*boundary, ben, d.hasMentors ? &men : nullptr, io);
    // The same rule as the indicators, per row, for drawing.
    const size_t n = ben.size(), nm = d.hasMentors ? men.size() : 0;
    C.mentorKept.assign(nm, 0);
    for (size_t m = 0; m < nm; ++m) C.mentorKept[m] = keepsValue(io.filter.organisations, men.organisation[m]);
    C.kept.assign(n, 0);
    C.positioned.clear();
    for (size_t i = 0; i < n; ++i) {
      const int p = ben.polygon[i];
      if (p < 0 || size_t(p) >= C.featureCount) continue;
      bool k = keepsValue(io.filter.cohortYears, ben.cohort[i]) && keepsValue(io.filter.categories, ben.category[i]) &&
               keepsValue(io.filter.statuses, ben.status[i]);
      if (k && !io.filter.organisations.empty()) {
        const int m = ben.mentor[i];
        k = m >= 0 && size_t(m) < nm && C.mentorKept[m];
      }
      C.kept[i] = k;
      if (k && hasPosition(ben.position[i])) C.positioned.push_back(std::uint32_t(i));
    }
    // Coincident points (same coordinates, e.g. one household or a geocoded village centre) get a
    // small Vogel spiral in points around their position, in row order, so each stays visible.
    if (filtersChanged || C.spreadPt.size() != n) {
      C.spreadPt.assign(n, Vec2{0, 0});
      struct PosHash {
        size_t operator()(const Vec2& v) const {
          return std::hash<double>()(v.x) * 1000003u ^ std::hash<double>()(v.y);
        }
      };
      struct PosEq {
        bool operator()(const Vec2& a, const Vec2& b) const { return a.x == b.x && a.y == b.y; }
      };
      std::unordered_map<Vec2, int, PosHash, PosEq> seen;
      seen.reserve(C.positioned.size());
      constexpr double kGoldenAngle = 2.399963229728653;
      for (std::uint32_t i : C.positioned) {
        const int k = seen[ben.position[i]]++;
        if (k == 0) continue;
        const double r = kSpreadStepPt * std::sqrt(double(k));
        C.spreadPt[i] = {r * std::cos(k * kGoldenAngle), r * std::sin(k * kGoldenAngle)};
      }
    }
    C.uncoveredRows.clear();
    if (d.hasMentors)
      for (std::uint32_t i : C.positioned) {
        const double km = i < C.table.nearestMentorKm.size() ? C.table.nearestMentorKm[i] : kNoValue;
        if (hasValue(km) && km > settings_.radiusKm) C.uncoveredRows.push_back(i);
      }
    C.filters = settings_.filters;
    C.radiusKm = settings_.radiusKm;
    C.indicatorsValid = true;
    C.fillValid = false;
    if (filtersChanged) C.heatValid = false;
  }
  const IndicatorTable& table = C.table;

  // --- polygon fill: the choropleth, else beneficiaries per mentor under the mentor overlay ---
  bool fillOn = false;
  OverlayIndicator fillIndicator = settings_.choroplethSettings.indicator;
  ChoroplethSettings fillSettings = settings_.choroplethSettings;
  if (settings_.choropleth) {
    fillOn = true;
  } else if (settings_.mentors && settings_.mentorChoropleth && d.hasMentors) {
    fillOn = true;
    fillIndicator = OverlayIndicator::BeneficiariesPerMentor;
    fillSettings = ChoroplethSettings{};
    fillSettings.indicator = fillIndicator;
    fillSettings.palette = kFillPaletteMentors;
  }
  // The publication that covers this map's counts, if any (same filters and radius as the table's).
  const PublishedIndicators* publication =
      options_.smallCountThreshold > 0 && options_.publication && options_.publicationFilters == settings_.filters &&
              options_.publicationRadiusKm == settings_.radiusKm
          ? options_.publication.get()
          : nullptr;
  // The published text table's row of each feature.
  std::vector<int> publishedRow;
  if (publication) {
    publishedRow.assign(C.featureCount, -1);
    for (size_t r = 0; r < publication->table.featureOfRow.size(); ++r) {
      const int f = publication->table.featureOfRow[r];
      if (f >= 0 && size_t(f) < C.featureCount) publishedRow[size_t(f)] = int(r);
    }
  }
  auto publishedCell = [&](size_t f, const std::string& column) -> std::string {
    if (!publication || publishedRow[f] < 0) return "";
    const TextTable& t = publication->table;
    auto it = std::find(t.header.begin(), t.header.end(), column);
    if (it == t.header.end()) return "";
    const auto& row = t.rows[size_t(publishedRow[f])];
    const size_t c = size_t(it - t.header.begin());
    return c < row.size() ? row[c] : "";
  };
  if (!C.fillValid || C.fillOn != fillOn || C.fillIndicator != fillIndicator || !(C.fillSettings == fillSettings) ||
      C.fillLanguage != options_.language || C.fillPublication != publication) {
    C.fillPublication = publication;
    C.fillOn = fillOn;
    C.fillLanguage = options_.language;
    C.fillIndicator = fillIndicator;
    C.fillSettings = fillSettings;
    C.values.assign(C.featureCount, kNoValue);
    C.fills.clear();
    if (fillOn) {
      for (size_t f = 0; f < C.featureCount; ++f) {
        const PolygonIndicators& r = table.polygons[f];
        double v = kNoValue;
        switch (fillIndicator) {
          case OverlayIndicator::Beneficiaries: v = double(r.beneficiaries); break;
          case OverlayIndicator::Density: v = r.densityPerKm2; break;
          case OverlayIndicator::Share: v = r.share * 100; break;
          case OverlayIndicator::RatePer1000: v = r.ratePer1000; break;
          case OverlayIndicator::BsimuTotal: v = table.hasBsimu ? r.bsimuTotal / 1e6 : kNoValue; break;
          case OverlayIndicator::Mentors: v = table.hasMentors ? double(r.mentors) : kNoValue; break;
          case OverlayIndicator::BeneficiariesPerMentor:
            // Beneficiaries and no mentor: infinitely many per mentor, the worst served, not "no data".
            v = !table.hasMentors         ? kNoValue
                : r.mentors > 0           ? r.beneficiariesPerMentor
                : r.beneficiaries > 0     ? std::numeric_limits<double>::infinity()
                                          : kNoValue;
            break;
          case OverlayIndicator::CoveredShare: v = table.hasMentors ? r.coveredShare * 100 : kNoValue; break;
          case OverlayIndicator::MedianDistanceKm: v = table.hasMentors ? r.medianDistanceKm : kNoValue; break;
          case OverlayIndicator::MaxDistanceKm: v = table.hasMentors ? r.maxDistanceKm : kNoValue; break;
          case OverlayIndicator::OverCapacity: v = table.hasMentors ? double(r.overCapacity) : kNoValue; break;
        }
        C.values[f] = v;
      }
      // A withheld value is no class member: the classes (and their bounds) are made of published
      // values, and the polygon is filled as missing, labelled with its marker.
      C.withheldText.assign(C.featureCount, std::string());
      bool anyWithheld = false;
      if (publication) {
        const std::string column = indicatorColumn(fillIndicator);
        for (size_t f = 0; f < C.featureCount; ++f) {
          const std::string cell = publishedCell(f, column);
          if (!isWithheldCell(cell)) continue;
          C.withheldText[f] = cell;
          C.values[f] = kNoValue;
          anyWithheld = true;
        }
      }
      const Classification cls = fillSettings.method == ClassMethod::Manual
                                     ? classifyManual(C.values, fillSettings.manualBreaks)
                                     : classify(C.values, fillSettings.method, fillSettings.classes);
      LegendOptions lo;
      lo.palette = fillSettings.palette;
      lo.paletteKind = PaletteKind::Sequential;
      lo.reversed = fillSettings.reversed;
      lo.language = options_.language;
      lo.missingLabel = anyWithheld ? T.t("Tidak ada data atau disembunyikan", "No data or withheld")
                                    : T.t("Tidak ada data", "No data");
      lo.outsideLabel = T.t("Di luar batas kelas", "Outside the breaks");
      // A classification with no classes still needs a legend that says so.
      lo.showMissingWhenNone = cls.classCount() == 0 && cls.unboundedCount == 0;
      if (fillIndicator == OverlayIndicator::BeneficiariesPerMentor)
        lo.unboundedLabel = translate("map.legend.no_mentor", T.en ? Language::English : Language::Indonesian);
      C.legend = buildLegend(cls, lo);
      C.fills.resize(C.featureCount);
      for (size_t f = 0; f < C.featureCount; ++f) C.fills[f] = C.legend.colorFor(C.values[f]);
    }
    C.fillValid = true;
  }
  if (fillOn) out.boundaryFills = C.fills;
  else if (baseFillIsNeutral(settings_, {true, d.hasMentors, 0}, boundary->style))
    out.boundaryFills.assign(C.featureCount, kNeutralBaseFill);  // points and heat over a quiet base

  // --- heatmap: a density grid over the boundary, recomputed only when bandwidth or filters change ---
  if (settings_.heatmap && (!C.heatValid || C.bandwidthKm != settings_.heatmapBandwidthKm)) {
    const double h = settings_.heatmapBandwidthKm * 1000;
    std::vector<WeightedPoint> pts;
    pts.reserve(C.positioned.size());
    for (std::uint32_t i : C.positioned) pts.push_back({ben.position[i], 1.0});
    const BBox extent = expandedBy(boundary->bbox, h);
    // Cells of a quarter bandwidth resolve the kernel; at most ~1024 a side.
    const double cell = std::max(h / 4, std::max(extent.width(), extent.height()) / 1024);
    C.grid = kernelDensity(pts, gridForCellSize(extent, cell), h);
    auto img = std::make_shared<DrawImage>();
    img->width = C.grid.spec.cols;
    img->height = C.grid.spec.rows;
    img->rgba = densityToRgba(C.grid);
    static std::uint64_t revisions = 0;
    img->revision = ++revisions;
    C.image = std::move(img);
    C.bandwidthKm = settings_.heatmapBandwidthKm;
    C.heatValid = true;
    ++heatmapComputations_;
  }

  DrawList& fur = out.furniture;
  if (settings_.heatmap && C.image && C.grid.totalWeight > 0)
    out.overlay.addMapImage(view, C.image, C.grid.spec.extent(), settings_.heatmapOpacity);

  // Map-anchored symbols go straight into the frame, or (for the window) into a cached list drawn for
  // a larger view at the same scale, which the renderer turns into a texture once and then only
  // places: panning costs one quad however many points there are.
  MapView dv = view;
  DrawList* ovp = &out.overlay;
  bool drawSymbols = true;
  if (options_.cacheForPanning) {
    const BBox visible = view.visibleExtent();
    const BBox cached = C.symbolsView.visibleExtent();
    const bool fits = C.symbolsKey != 0 && C.symbolsSettings == settings_ &&
                      C.symbolsView.metresPerPixel == view.metresPerPixel &&
                      C.symbolsView.pixelsPerPoint == view.pixelsPerPoint &&
                      C.symbolsThreshold == options_.smallCountThreshold && C.symbolsLanguage == options_.language &&
                      visible.minx >= cached.minx && visible.maxx <= cached.maxx && visible.miny >= cached.miny &&
                      visible.maxy <= cached.maxy;
    if (fits) {
      drawSymbols = false;
    } else {
      static std::uint64_t keys = 0;
      C.symbolsKey = ++keys;
      C.symbolsSettings = settings_;
      C.symbolsThreshold = options_.smallCountThreshold;
      C.symbolsLanguage = options_.language;
      C.symbolsView = view;
      // The same margin on both sides keeps the two views' pixel grids aligned.
      const double margin = std::clamp(options_.cacheMargin, 0.0, 1.0);
      C.symbolsView.widthPx = view.widthPx + 2 * int(std::ceil(view.widthPx * margin));
      C.symbolsView.heightPx = view.heightPx + 2 * int(std::ceil(view.heightPx * margin));
      C.symbols.clear();
    }
    dv = C.symbolsView;
    ovp = &C.symbols;
    out.cachedOverlay = &C.symbols;
    out.cachedView = C.symbolsView;
    out.cachedKey = C.symbolsKey;
  }
  DrawList& ov = *ovp;

  // Drawn pixel area with a margin for symbols.
  const double margin = 20 * ppp;
  const BBox screen{-margin, -margin, dv.widthPx + margin, dv.heightPx + margin};
  const bool mentorsOn = settings_.mentors && d.hasMentors;
  const std::vector<Rgba> catColors =
      businessCategoryColors(ben.categoryNames.size(),
                             [&] {
                               // The fallback category ("lainnya") is the last unless the data says otherwise.
                               auto it = std::find(d.categoryKeys.begin(), d.categoryKeys.end(), "lainnya");
                               return it == d.categoryKeys.end() ? -1 : int(it - d.categoryKeys.begin());
                             }());
  const Rgba kUnknownCategory{150, 150, 150, 255};
  const float nameHalfPx = boundary->style.showLabels ? boundary->style.labelSizePt * ppp * 0.65f : 0;
  const bool countLabels = settings_.choropleth && settings_.choroplethSettings.countLabels && fillOn;
  auto formatValue = [&](double v) -> std::string {
    if (!hasValue(v)) return "\u2013";
    if (isCountIndicator(fillIndicator)) {
      if (options_.smallCountThreshold > 0 && v > 0 && v < options_.smallCountThreshold)
        return "<" + std::to_string(options_.smallCountThreshold);
      return formatNumber(v, 0, options_.language);
    }
    return formatNumber(v, std::max(C.legend.decimals, 0), options_.language);
  };

  if (drawSymbols) {
    // --- mentor lines (under every point) ---
    if (mentorsOn && settings_.mentorLines) {
      const float lineWidth = kMentorLinePt * ppp;
      ov.segments.reserve(ov.segments.size() + C.positioned.size());
      for (std::uint32_t i : C.positioned) {
        const int m = ben.mentor[i];
        if (m < 0 || size_t(m) >= men.size() || !C.mentorKept[m] || !hasPosition(men.position[m])) continue;
        const Vec2 a = pixelOf(dv, ben.position[i], C.spreadPt[i]);
        const Vec2 b = dv.toPixel(men.position[m]);
        if (std::max(a.x, b.x) < screen.minx || std::min(a.x, b.x) > screen.maxx ||
            std::max(a.y, b.y) < screen.miny || std::min(a.y, b.y) > screen.maxy)
          continue;
        if (lineWidth < 1.5f) ov.addHairline(a, b, kMentorLine);  // thousands of them: the cheap primitive
        else ov.addLine(a, b, lineWidth, kMentorLine);
      }
    }

    // --- coverage circles, true to ground distance (UTM metres are ground metres to ~0.1% here) ---
    if (mentorsOn) {
      const double radiusM = settings_.radiusKm * 1000;
      for (size_t m = 0; m < men.size(); ++m) {
        if (!C.mentorKept[m] || !hasPosition(men.position[m]) || men.approximate[m]) continue;
        const Vec2 c = dv.toPixel(men.position[m]);
        const double rpx = radiusM / dv.metresPerPixel;
        if (c.x + rpx < screen.minx || c.x - rpx > screen.maxx || c.y + rpx < screen.miny || c.y - rpx > screen.maxy)
          continue;
        ov.addMapCircle(dv, men.position[m], radiusM, kCoverageFill, kCoverageStroke, kCoverageStrokePt * ppp);
      }
    }

    // --- beneficiary points ---
    const bool businessPoints = settings_.business && settings_.businessPoints;
    if (businessPoints || mentorsOn) {
      ov.markers.reserve(ov.markers.size() + C.positioned.size());
      for (std::uint32_t i : C.positioned) {
        const Vec2 p = pixelOf(dv, ben.position[i], C.spreadPt[i]);
        if (!screen.contains(p)) continue;
        if (businessPoints) {
          const int c = ben.category[i];
          const Rgba fill = c >= 0 && size_t(c) < catColors.size() ? catColors[c] : kUnknownCategory;
          ov.addMarker(p, kPointRadiusPt * ppp, fill, kWhite, kPointStrokePt * ppp);
        } else {
          ov.addMarker(p, kPlainDotRadiusPt * ppp, kPlainDot);
        }
      }
    }
    if (mentorsOn) {
      // Uncovered: no kept mentor within R.
      for (std::uint32_t i : C.uncoveredRows) {
        const Vec2 p = pixelOf(dv, ben.position[i], C.spreadPt[i]);
        if (!screen.contains(p)) continue;
        ov.addMarker(p, kUncoveredRadiusPt * ppp, {0, 0, 0, 0}, kUncovered, kUncoveredStrokePt * ppp);
      }
      // Mentor symbols on top. Approximate ones sit at their polygon's label point, where the name is
      // written: they go just above the name, side by side when there are several.
      std::unordered_map<std::int32_t, int> approximateInPolygon;
      for (size_t m = 0; m < men.size(); ++m) {
        if (!C.mentorKept[m] || !hasPosition(men.position[m])) continue;
        Vec2 p = dv.toPixel(men.position[m]);
        if (men.approximate[m]) {
          const int k = approximateInPolygon[men.polygon[m]]++;
          const double step = (2 * kMentorRadiusPt + 2) * ppp;
          p = {p.x + (k % 2 ? 1 : -1) * ((k + 1) / 2) * step, p.y - nameHalfPx - (kMentorRadiusPt + 2) * ppp};
        }
        if (!screen.contains(p)) continue;
        if (men.approximate[m]) {
          ov.addMarker(p, kMentorRadiusPt * ppp, kWhite, kMentorFill, kMentorStrokePt * ppp);
        } else {
          ov.addMarker(p, kMentorRadiusPt * ppp, kMentorFill, kWhite, kMentorStrokePt * ppp);
          ov.addMarker(p, 1.3f * ppp, kWhite);
        }
      }
    }

    // --- count labels, under each polygon's name ---
    if (countLabels) {
      TextStyle countStyle;
      countStyle.sizePx = kCountLabelPt * ppp;
      countStyle.color = {40, 40, 40, 255};
      countStyle.haloPx = 1.2f * ppp;
      const BBox drawn = dv.visibleExtent();
      for (size_t f : labelPointsWithin(*boundary, C.featureCount, drawn)) {
        const Vec2 anchor = dv.toPixel(boundary->labelPoint(f));
        ov.addText(C.withheldText.size() == C.featureCount && !C.withheldText[f].empty() ? C.withheldText[f]
                                                                                           : formatValue(C.values[f]),
                   {anchor.x, anchor.y + nameHalfPx + 0.5 * ppp}, TextAnchor::Top,
                   countStyle);
      }
    }
  }

  // --- business glyphs under the name (and count label), drawn per frame above the labels ---
  if (settings_.business) {
    std::int64_t maxTotal = 0;
    for (const auto& r : table.polygons) {
      std::int64_t t = 0;
      for (auto c : r.byCategory) t += c;
      maxTotal = std::max(maxTotal, t);
    }
    const float countLabelPx = countLabels ? (kCountLabelPt * 1.25f + 0.5f) * ppp : 0;
    const BBox visibleMap = view.visibleExtent();
    auto categoriesPublished = [&](size_t f) {
      if (publishedRow[f] < 0) return false;
      const TextTable& t = publication->table;
      const auto& row = t.rows[size_t(publishedRow[f])];
      for (size_t c = 0; c < t.header.size() && c < row.size(); ++c)
        if (t.header[c].rfind("category_", 0) == 0 && isWithheldCell(row[c])) return false;
      return true;
    };
    for (size_t f : maxTotal > 0 ? labelPointsWithin(*boundary, C.featureCount, visibleMap) : std::vector<size_t>()) {
      const Vec2 anchor = view.toPixel(boundary->labelPoint(f));
      const double y = anchor.y + nameHalfPx + countLabelPx;
      const PolygonIndicators& r = table.polygons[f];
      std::int64_t total = 0;
      for (auto c : r.byCategory) total += c;
      if (total == 0) continue;
      if (publication && !categoriesPublished(f)) continue;  // its mix would tell withheld counts
      if (settings_.glyph == GlyphKind::Pie) {
        const double rad = (kGlyphMinRadiusPt + (kGlyphMaxRadiusPt - kGlyphMinRadiusPt) *
                                                    std::sqrt(double(total) / double(maxTotal))) * ppp;
        const Vec2 c{anchor.x, y + 2 * ppp + rad};
        addDisc(fur, c, rad + 1.2 * ppp, kWhite);
        double a = 0;
        for (size_t k = 0; k < r.byCategory.size(); ++k) {
          if (r.byCategory[k] == 0) continue;
          const double span = 2 * std::numbers::pi * double(r.byCategory[k]) / double(total);
          addDisc(fur, c, rad, catColors[k], a, a + span);
          a += span;
        }
      } else {
        const double bw = kBarWidthPt * ppp, bh = kBarHeightPt * ppp, pad = 1.5 * ppp;
        const double w = double(r.byCategory.size()) * bw + 2 * pad;
        const BBox bg{anchor.x - w / 2, y + 2 * ppp, anchor.x + w / 2, y + 2 * ppp + bh + 2 * pad};
        fur.addRect(bg, {255, 255, 255, 225});
        fur.addRect({bg.minx, bg.maxy - pad - std::max(1.0f, 0.5f * ppp), bg.maxx, bg.maxy - pad},
                    {120, 120, 120, 255});
        for (size_t k = 0; k < r.byCategory.size(); ++k) {
          if (r.byCategory[k] == 0) continue;
          const double hk = bh * double(r.byCategory[k]) / double(total);
          const double x0 = bg.minx + pad + k * bw;
          fur.addRect({x0 + 0.3 * ppp, bg.maxy - pad - hk, x0 + bw - 0.3 * ppp, bg.maxy - pad}, catColors[k]);
        }
      }
    }
  }
  const std::int64_t uncovered = static_cast<std::int64_t>(C.uncoveredRows.size());

  // --- legends ---
  if (!settings_.legends) return;
  std::vector<LegendBlock> blocks;
  // A regency total of people: exact in the window without privacy; in a private view or an export,
  // the publication's cell ("x", "<3" or the value), or nothing when no publication covers it.
  auto totalText = [&](std::int64_t exact, const std::string& column, const std::string& label) -> std::string {
    if (options_.smallCountThreshold <= 0) return formatNumber(double(exact), 0, options_.language);
    if (!publication) return "";
    std::string text = publication->text("total", column);
    if (text.empty()) return "";
    if (!isWithheldCell(text)) text = formatNumber(double(std::stoll(text)), 0, options_.language);
    out.legendNumbers.push_back(label + ": " + text);
    return text;
  };
  if (fillOn) {
    LegendBlock b;
    b.overlay = settings_.choropleth ? "density" : "mentors";
    b.title = indicatorTitle(fillIndicator, T);
    std::string method;
    switch (C.legend.classification.method) {
      case ClassMethod::EqualInterval: method = T.t("interval sama", "equal interval"); break;
      case ClassMethod::Quantile: method = T.t("kuantil", "quantile"); break;
      case ClassMethod::NaturalBreaks: method = T.t("natural breaks (Jenks)", "natural breaks (Jenks)"); break;
      case ClassMethod::Pretty: method = T.t("pembulatan", "pretty"); break;
      case ClassMethod::Manual: method = T.t("batas manual", "manual breaks"); break;
    }
    b.notes.push_back(std::string(T.t("Kelas: ", "Classes: ")) + method + T.t("; angka = jumlah wilayah", "; counts = areas"));
    if (const std::string why = reasonText(C.legend.classification, T); !why.empty()) b.notes.push_back(why);
    for (const LegendEntry& e : C.legend.entries) {
      b.rows.push_back({SwatchKind::Box, e.color, {}, e.label, formatNumber(double(e.count), 0, options_.language)});
      if (options_.smallCountThreshold > 0)  // class labels carry values: recorded for the audit too
        out.legendNumbers.push_back(e.label + ": " + formatNumber(double(e.count), 0, options_.language));
    }
    blocks.push_back(std::move(b));
  }
  if (settings_.business) {
    LegendBlock b;
    b.overlay = "business";
    b.title = T.t("Jenis usaha", "Business type");
    std::vector<std::int64_t> perCategory(ben.categoryNames.size(), 0);
    std::int64_t unknown = 0;
    for (const auto& r : table.polygons) {
      for (size_t k = 0; k < r.byCategory.size() && k < perCategory.size(); ++k) perCategory[k] += r.byCategory[k];
      unknown += r.categoryUnknown;
    }
    b.notes.push_back(settings_.glyph == GlyphKind::Pie ? T.t("Diagram lingkaran: komposisi per wilayah",
                                                              "Pie charts: the mix in each area")
                                                        : T.t("Diagram batang: komposisi per wilayah",
                                                              "Bar charts: the mix in each area"));
    for (size_t k = 0; k < ben.categoryNames.size(); ++k)
      b.rows.push_back({SwatchKind::Dot, catColors[k], kWhite, ben.categoryNames[k],
                        totalText(perCategory[k], "category_" + columnSlug(ben.categoryNames[k]), ben.categoryNames[k])});
    if (unknown > 0)
      b.rows.push_back({SwatchKind::Dot, kUnknownCategory, kWhite, T.t("Tanpa jenis usaha", "No business type"),
                        totalText(unknown, "category_unknown", T.t("Tanpa jenis usaha", "No business type"))});
    blocks.push_back(std::move(b));
  }
  if (mentorsOn) {
    LegendBlock b;
    b.overlay = "mentors";
    b.title = T.t("Pendamping", "Mentors");
    std::int64_t exact = 0, approx = 0;
    for (size_t m = 0; m < men.size(); ++m)
      if (C.mentorKept[m] && hasPosition(men.position[m])) (men.approximate[m] ? approx : exact)++;
    const std::string r = formatNumber(settings_.radiusKm, settings_.radiusKm == std::floor(settings_.radiusKm) ? 0 : 1,
                                       options_.language);
    // Mentors are programme staff, not beneficiaries: their counts are exact.
    b.rows.push_back({SwatchKind::Mentor, kMentorFill, kWhite, T.t("Pendamping", "Mentor"),
                      formatNumber(double(exact), 0, options_.language)});
    if (approx > 0)
      b.rows.push_back({SwatchKind::MentorApprox, kMentorFill, kWhite,
                        T.t("Lokasi perkiraan (di atas nama wilayah)", "Approximate (above the area name)"),
                        formatNumber(double(approx), 0, options_.language)});
    b.rows.push_back({SwatchKind::Coverage, kCoverageStroke, {}, std::string(T.t("Jangkauan ", "Reach ")) + r + " km", {}});
    if (settings_.mentorLines)
      b.rows.push_back({SwatchKind::Line, kMentorLine, {}, T.t("Penerima \u2013 pendampingnya", "Beneficiary \u2013 own mentor"), {}});
    // The beneficiaries placed beyond the radius: placed_by_coordinates - covered of the exact table
    // (the drawn points are displaced; they are for drawing, never for counting).
    const std::string beyond = std::string(T.t("Di luar jangkauan ", "Beyond ")) + r + " km";
    b.rows.push_back({SwatchKind::Ring, kUncovered, {}, beyond, totalText(uncovered, "placed_not_covered", beyond)});
    blocks.push_back(std::move(b));
  }
  if (settings_.heatmap) {
    LegendBlock b;
    b.overlay = "heatmap";
    b.title = T.t("Kepadatan kernel penerima", "Beneficiary kernel density");
    const double bw = settings_.heatmapBandwidthKm;
    b.notes.push_back(std::string(T.t("lebar pita ", "bandwidth ")) + formatNumber(bw, bw == std::floor(bw) ? 0 : 1, options_.language) +
                      " km; " + T.t("maks. ", "max. ") +
                      formatNumber(C.grid.maxValue, C.grid.maxValue >= 10 ? 0 : 1, options_.language) +
                      T.t(" per km\u00b2", " per km\u00b2"));
    b.ramp = defaultDensityRamp();
    b.rows.push_back({SwatchKind::Ramp, {}, {}, T.t("rendah \u2192 tinggi", "low \u2192 high"), {}});
    blocks.push_back(std::move(b));
  }
  if (settings_.filters.active() && !blocks.empty()) {
    std::string text = T.t("Filter: ", "Filter: ");
    auto add = [&](const std::string& s) { text += (text.back() == ' ' && text.size() <= 8 ? "" : "; ") + s; };
    for (int y : settings_.filters.cohortYears) add(std::string(T.t("angkatan ", "cohort ")) + std::to_string(y));
    for (const auto& k : settings_.filters.categories) {
      auto it = std::find(d.categoryKeys.begin(), d.categoryKeys.end(), k);
      add(it == d.categoryKeys.end() ? k : ben.categoryNames[size_t(it - d.categoryKeys.begin())]);
    }
    for (const auto& s : settings_.filters.statuses) add(s);
    for (const auto& o : settings_.filters.organisations) add(o);
    blocks.front().notes.insert(blocks.front().notes.begin(), text);
  }
  if (blocks.empty()) return;

  // Lay the blocks out in columns no taller than the view, then choose a corner.
  const LegendStyles S(ppp);
  const double m = kLegendMarginPt * ppp, gapB = kLegendGapPt * ppp;
  const double maxH = std::max(1.0, view.heightPx - 2 * m);
  std::vector<BlockSize> sizes;
  for (const auto& b : blocks) sizes.push_back(measureBlock(b, S));
  struct Column {
    std::vector<size_t> blocks;
    double w = 0, h = 0;
  };
  std::vector<Column> cols(1);
  for (size_t i = 0; i < blocks.size(); ++i) {
    Column& c = cols.back();
    const double add = (c.blocks.empty() ? 0 : gapB) + sizes[i].h;
    if (!c.blocks.empty() && c.h + add > maxH) {
      cols.push_back({});
      cols.back().blocks.push_back(i);
      cols.back().w = sizes[i].w;
      cols.back().h = sizes[i].h;
      continue;
    }
    c.blocks.push_back(i);
    c.w = std::max(c.w, sizes[i].w);
    c.h += add;
  }
  double totalW = 0, totalH = 0;
  for (const auto& c : cols) {
    totalW += c.w;
    totalH = std::max(totalH, c.h);
  }
  totalW += gapB * double(cols.size() - 1);

  LegendCorner corner = options_.legendCorner;
  if (corner == LegendCorner::Auto) {
    // The corner whose legend area covers the least of the boundary polygons; ties prefer the right.
    if (!C.index) C.index = std::make_unique<PolygonIndex>(*boundary);
    const LegendCorner order[] = {LegendCorner::BottomRight, LegendCorner::TopRight, LegendCorner::TopLeft,
                                  LegendCorner::BottomLeft};
    double best = 1e300;
    for (LegendCorner k : order) {
      const bool right = k == LegendCorner::TopRight || k == LegendCorner::BottomRight;
      const bool bottom = k == LegendCorner::BottomLeft || k == LegendCorner::BottomRight;
      const double x0 = right ? view.widthPx - m - totalW : m, y0 = bottom ? view.heightPx - m - totalH : m;
      double covered = 0;
      constexpr int kSamples = 14;
      for (int sy = 0; sy < kSamples; ++sy)
        for (int sx = 0; sx < kSamples; ++sx) {
          const Vec2 px{x0 + totalW * (sx + 0.5) / kSamples, y0 + totalH * (sy + 0.5) / kSamples};
          covered += C.index->find(view.toMap(px)) >= 0;
        }
      // The schematic-boundary note sits bottom-left.
      if (k == LegendCorner::BottomLeft && doc.schematicBoundaries) covered += kSamples * kSamples;
      if (covered < best - 1e-9) {
        best = covered;
        corner = k;
      }
    }
  }
  const bool right = corner == LegendCorner::TopRight || corner == LegendCorner::BottomRight;
  const bool bottom = corner == LegendCorner::BottomLeft || corner == LegendCorner::BottomRight;
  double x = right ? view.widthPx - m - totalW : m;
  for (const auto& c : cols) {
    double y = bottom ? view.heightPx - m - c.h : m;
    const double colX = x;
    BBox colBox;
    for (size_t i : c.blocks) {
      const BBox b = drawBlock(options_.separateLegend ? out.legend : fur, blocks[i], sizes[i], c.w, {colX, y}, S,
                               out.swatches);
      colBox.add(b);
      y = b.maxy + gapB;
    }
    out.legendBoxes.push_back(colBox);
    x += c.w + gapB;
  }
}

IndicatorTable exactIndicatorsFor(const MapDocument& doc, std::shared_ptr<const OverlayData> exact,
                                  const OverlaySettings& settings) {
  OverlaySettings forTable = settings;
  forTable.choropleth = true;
  forTable.legends = false;
  forTable.business = forTable.mentors = forTable.heatmap = forTable.score.on = false;
  OverlayBuilder builder;
  builder.setData(std::move(exact));
  builder.setSettings(forTable);
  OverlayFrame scratch;
  const Layer* boundary = doc.boundary();
  builder.build(doc, MapView::fit(boundary ? boundary->bbox : BBox{0, 0, 1, 1}, 64, 64), scratch);
  return builder.indicators() ? *builder.indicators() : IndicatorTable{};
}

}  // namespace pk
