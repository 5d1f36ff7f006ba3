// `prokus-map export-pack PROJECT -o DIR`: the meeting pack. One folder a planner can copy to a
// laptop or a shared drive and open in a browser, with nothing to set up:
//
//   index.html              everything below in order (self-contained: inline CSS, no scripts, no
//                           external links; images and tables referenced by relative file name)
//   overview.png            the whole boundary layer with the project's overlays and furniture
//   bookmark-NN-SLUG.png    one per bookmark, in the project's order (NN from 01; SLUG: the name in
//                           ASCII lower case, other characters as hyphens)
//   kecamatan-CODE.png      one per polygon, zoomed to it, its indicators in a panel beside the map
//   table.csv, table.xlsx   the per-polygon indicators (core/table_export), privacy applied
//   ranking.csv             the first planning scenario's ranking, when the project has scenarios
//   beneficiaries-personal.csv  only with --with-personal-data (and a warning; mode 0600)
//   .prokus-pack.json       the manifest: the files above, the only ones a later run replaces
//
// The pack is built in a hidden sibling folder and swapped in whole (core/pack_folder.h): the folder
// is always the old pack or the new one, and a folder that is not a pack is never written into.
//
// Every image has the project's export preset size (default 1920 x 1080 at 96 dpi), a world file and
// the CRS sidecar, and records its title, sources and date. Privacy (core/privacy.h) applies to all
// of it: points displaced inside their polygon, small counts "<3", no names or NIK.
//
// The kecamatan images: the map fills the left part of the image (x from 0 to the panel's left
// edge), the panel the right part, full height, drawn through the same renderer as a DrawList on the
// furniture layer (sizes in points). The view is that of the whole image, shifted so the polygon is
// centred in the map part; the world file therefore maps every map pixel exactly (the map starts at
// x = 0, and pixels under the panel would continue the same grid). The map's own furniture (title,
// scale bar, north arrow, legend, sources) is laid out in the map part only.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "app/cli.h"
#include "core/database_source.h"
#include "core/font.h"
#include "core/file_names.h"
#include "app/planning_cli.h"
#include "core/bookmarks.h"
#include "core/document_inputs.h"
#include "core/export_preset.h"
#include "core/furniture.h"
#include "core/i18n.h"
#include "core/indicator_disclosure.h"
#include "core/indicator_input.h"
#include "core/indicators.h"
#include "core/layer_io.h"
#include "core/map_document.h"
#include "core/map_state.h"
#include "core/overlay_settings.h"
#include "core/pack_folder.h"
#include "core/privacy.h"
#include "core/programme_project.h"
#include "core/project_file.h"
#include "core/ranking_disclosure.h"
#include "core/raster_export.h"
#include "core/scenario.h"
#include "core/suitability.h"
#include "core/table_export.h"
#include "render/draw_list.h"
#include "render/furniture_renderer.h"
#include "render/gl_context.h"
#include "render/map_export.h"
#include "render/map_renderer.h"
#include "render/overlays.h"
#include "render/score_overlay.h"

namespace pk {

namespace {

namespace fs = std::filesystem;

int badInput(const std::string& message) {
  std::fprintf(stderr, "prokus-map export-pack: %s\n", message.c_str());
  return kExitBadInput;
}

// ---- texts (Bahasa Indonesia first; English subtitles in the HTML) ----

struct Bilingual {
  const char* id;
  const char* en;
};
const char* inLanguage(const Bilingual& t) { return language() == Language::English ? t.en : t.id; }

std::string htmlEscape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// ASCII, lower case, runs of anything else as one hyphen; Latin-1 letters lose their accents.
std::string slugOf(const std::string& name, const std::string& fallback) {
  std::string out;
  bool hyphen = false;
  auto put = [&](char c) {
    if (hyphen && !out.empty()) out += '-';
    hyphen = false;
    out += c;
  };
  for (size_t i = 0; i < name.size(); ++i) {
    const unsigned char c = name[i];
    if (std::isalnum(c) && c < 128) {
      put(static_cast<char>(std::tolower(c)));
    } else if (c == 0xC3 && i + 1 < name.size()) {  // UTF-8 Latin-1 supplement: U+00C0..U+00FF
      const unsigned char d = static_cast<unsigned char>(name[++i]) + 0x40;
      static const char* kBase = "aaaaaaaceeeeiiiidnooooo-ouuuuyts";  // U+00C0..U+00DF lower-cased
      const char b = kBase[(d & 0x1F)];
      if (b == '-') hyphen = true;
      else put(b);
    } else {
      hyphen = true;
    }
  }
  if (out.size() > 60) out.resize(60);
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? fallback : out;
}

// File-name-safe polygon code: "32.17.01" stays, anything else becomes '-'.
std::string numberText(double v, int decimals) { return formatNumber(v, decimals); }

// ---- the panel beside a kecamatan map ----

struct PanelLine {
  std::string label, value;
  bool heading = false;
};

struct PanelMetrics {
  static constexpr float kTitlePt = 15.0f;
  static constexpr float kCodePt = 9.5f;
  static constexpr float kHeadingPt = 9.5f;
  static constexpr float kTextPt = 9.0f;
  static constexpr float kNotePt = 7.0f;
  static constexpr float kPaddingPt = 12.0f;
  static constexpr float kGapPt = 10.0f;        // between label and value columns
  static constexpr float kLineFactor = 1.45f;   // line height / type size
  static constexpr float kMinWidthPt = 200.0f;
  static constexpr float kMaxWidthFraction = 0.42f;  // of the image width
};

// Cell of `column` in `row`, or "" when the table has no such column.
std::string cellOf(const TextTable& table, const std::vector<std::string>& row, const std::string& column) {
  auto it = std::find(table.header.begin(), table.header.end(), column);
  if (it == table.header.end()) return "";
  const size_t c = size_t(it - table.header.begin());
  return c < row.size() ? row[c] : "";
}

// The panel's lines for one polygon: the privacy-checked cell where it is withheld or empty, else
// the exact value in the language's number style.
std::vector<PanelLine> panelLinesFor(const TextTable& table, size_t tableRow, const PolygonIndicators& p,
                                     const Feature& feature, const IndicatorTable& ind,
                                     const BeneficiaryPoints& points) {
  const auto& row = table.rows[tableRow];
  std::vector<PanelLine> lines;
  auto add = [&](const Bilingual& label, const std::string& column, double value, int decimals,
                 const std::string& unitSuffix = "", double scale = 1) {
    const std::string cell = cellOf(table, row, column);
    if (cell.empty()) return;  // not applicable (no mentors, no population)
    std::string text = isWithheldCell(cell) ? cell : numberText(value * scale, decimals) + unitSuffix;
    lines.push_back({inLanguage(label), text, false});
  };
  add({"Luas wilayah (km²)", "Area (km²)"}, "area_km2", feature.areaKm2, 1);
  add({"Penerima manfaat (KPM)", "Beneficiaries (KPM)"}, "beneficiaries", double(p.beneficiaries), 0);
  add({"Kepadatan (KPM per km²)", "Density (per km²)"}, "density_per_km2", p.densityPerKm2, 2);
  add({"Pangsa dari seluruh KPM", "Share of all beneficiaries"}, "share", p.share, 1, " %", 100);
  add({"KPM per 1.000 penduduk", "Per 1,000 population"}, "rate_per_1000", p.ratePer1000, 2);
  if (ind.hasBsimu) {
    const std::string cell = cellOf(table, row, "bsimu_total");
    if (!cell.empty())
      lines.push_back({inLanguage({"Total BSIMu", "BSIMu total"}),
                       isWithheldCell(cell) ? cell : "Rp " + numberText(p.bsimuTotal, 0), false});
  }
  if (ind.hasMentors) {
    add({"Pendamping", "Mentors"}, "mentors", double(p.mentors), 0);
    add({"KPM per pendamping", "Beneficiaries per mentor"}, "beneficiaries_per_mentor", p.beneficiariesPerMentor, 1);
    const std::string radius = numberText(ind.radiusKm, ind.radiusKm == std::floor(ind.radiusKm) ? 0 : 1);
    const std::string coveredId = "Dalam " + radius + " km dari pendamping";
    const std::string coveredEn = "Within " + radius + " km of a mentor";
    add({coveredId.c_str(), coveredEn.c_str()}, "covered_share", p.coveredShare, 0, " %", 100);
    add({"Jarak median ke pendamping (km)", "Median distance to a mentor (km)"}, "median_distance_km",
        p.medianDistanceKm, 1);
    add({"Jarak terjauh ke pendamping (km)", "Farthest from a mentor (km)"}, "max_distance_km", p.maxDistanceKm, 1);
    add({"KPM di atas kapasitas pendamping", "Beyond their mentor's capacity"}, "over_capacity",
        double(p.overCapacity), 0);
  }
  {
    const std::string cell = cellOf(table, row, "dominant_category");
    if (!cell.empty()) lines.push_back({inLanguage({"Usaha terbanyak", "Most common business"}), cell, false});
  }
  // Breakdowns: the table's own columns, privacy applied.
  auto group = [&](const Bilingual& heading, const std::string& prefix, const std::vector<std::string>& names) {
    std::vector<PanelLine> part;
    for (size_t c = 0; c < table.header.size(); ++c) {
      const std::string& h = table.header[c];
      if (h.rfind(prefix, 0) != 0 || c >= row.size()) continue;
      const std::string key = h.substr(prefix.size());
      std::string label = key == "unknown" ? inLanguage({"tidak diketahui", "unknown"}) : key;
      for (const auto& n : names)
        if (columnSlug(n) == key) label = n;
      if (row[c] == "0") continue;  // the panel lists what is there
      part.push_back({label, row[c], false});
    }
    if (part.empty()) return;
    lines.push_back({inLanguage(heading), "", true});
    lines.insert(lines.end(), part.begin(), part.end());
  };
  std::vector<std::string> cohortNames;
  for (int y : ind.cohortYears) cohortNames.push_back(std::to_string(y));
  group({"Status usaha", "Status"}, "status_", points.statusNames);
  group({"Angkatan", "Cohort"}, "cohort_", cohortNames);
  group({"Jenis usaha", "Business type"}, "category_", points.categoryNames);
  return lines;
}

struct Panel {
  DrawList list;
  int widthPx = 0;
};

// Lays the panel out at `scale` (1 = the sizes above) and returns its height in pixels; draws it when
// `out` is given, with its left edge at x0.
double layoutPanel(const std::string& title, const std::string& subtitle, const std::vector<PanelLine>& lines,
                   const std::vector<std::string>& notes, float ppp, float scale, double x0, double widthPx,
                   DrawList* out) {
  using M = PanelMetrics;
  const Rgba ink{25, 25, 25, 255}, grey{90, 90, 90, 255}, rule{200, 200, 200, 255};
  auto style = [&](float pt, Rgba color, bool bold) {
    TextStyle s;
    s.sizePx = pt * scale * ppp;
    s.color = color;
    s.haloPx = 0;
    s.bold = bold;
    return s;
  };
  const double pad = M::kPaddingPt * scale * ppp;
  const double left = x0 + pad, right = x0 + widthPx - pad;
  double y = pad;
  auto text = [&](const std::string& s, double x, TextAnchor anchor, const TextStyle& st) {
    if (out) out->addText(s, {x, y}, anchor, st);
  };
  text(title, left, TextAnchor::TopLeft, style(M::kTitlePt, ink, true));
  y += M::kTitlePt * scale * ppp * 1.3;
  if (!subtitle.empty()) {
    text(subtitle, left, TextAnchor::TopLeft, style(M::kCodePt, grey, false));
    y += M::kCodePt * scale * ppp * M::kLineFactor;
  }
  y += 0.5 * M::kTextPt * scale * ppp;
  if (out) out->addRect({left, y, right, y + std::max(1.0f, 0.5f * ppp)}, rule);
  y += 0.6 * M::kTextPt * scale * ppp;
  for (const auto& line : lines) {
    if (line.heading) {
      y += 0.4 * M::kTextPt * scale * ppp;
      text(line.label, left, TextAnchor::TopLeft, style(M::kHeadingPt, ink, true));
      y += M::kHeadingPt * scale * ppp * M::kLineFactor;
      continue;
    }
    text(line.label, left, TextAnchor::TopLeft, style(M::kTextPt, grey, false));
    text(line.value, right, TextAnchor::TopRight, style(M::kTextPt, ink, true));
    y += M::kTextPt * scale * ppp * M::kLineFactor;
  }
  y += 0.5 * M::kTextPt * scale * ppp;
  for (const auto& note : notes) {
    text(note, left, TextAnchor::TopLeft, style(M::kNotePt, grey, false));
    y += M::kNotePt * scale * ppp * M::kLineFactor;
  }
  return y + pad;
}

// Width the panel needs at `scale`, pixels.
double panelWidth(const std::string& title, const std::string& subtitle, const std::vector<PanelLine>& lines,
                  const std::vector<std::string>& notes, float ppp, float scale) {
  using M = PanelMetrics;
  auto width = [&](const std::string& s, float pt, bool bold) {
    TextStyle st;
    st.sizePx = pt * scale * ppp;
    st.bold = bold;
    st.haloPx = 0;
    return DrawList::measureText(s, {0, 0}, TextAnchor::TopLeft, st).width();
  };
  double w = std::max(width(title, M::kTitlePt, true), width(subtitle, M::kCodePt, false));
  for (const auto& l : lines)
    w = std::max(w, l.heading ? width(l.label, M::kHeadingPt, true)
                              : width(l.label, M::kTextPt, false) + M::kGapPt * scale * ppp + width(l.value, M::kTextPt, true));
  for (const auto& n : notes) w = std::max(w, width(n, M::kNotePt, false));
  return w + 2 * M::kPaddingPt * scale * ppp;
}

// The panel for an image of width x height: as wide as its text needs (at least kMinWidthPt, at most
// kMaxWidthFraction of the image), type scaled down only when the text would not fit otherwise.
Panel buildPanel(const std::string& title, const std::string& subtitle, const std::vector<PanelLine>& lines,
                 const std::vector<std::string>& notes, int imageWidth, int imageHeight, float ppp) {
  using M = PanelMetrics;
  const double maxWidth = std::floor(imageWidth * M::kMaxWidthFraction);
  float scale = 1.0f;
  for (int i = 0; i < 40; ++i) {
    const double w = panelWidth(title, subtitle, lines, notes, ppp, scale);
    const double h = layoutPanel(title, subtitle, lines, notes, ppp, scale, 0, w, nullptr);
    if ((w <= maxWidth && h <= imageHeight) || scale < 0.2f) break;
    scale *= 0.95f;
  }
  Panel panel;
  panel.widthPx = static_cast<int>(std::ceil(std::clamp(panelWidth(title, subtitle, lines, notes, ppp, scale),
                                                        std::min<double>(M::kMinWidthPt * ppp, maxWidth), maxWidth)));
  const double x0 = imageWidth - panel.widthPx;
  panel.list.addRect({x0, 0, double(imageWidth), double(imageHeight)}, {255, 255, 255, 255});
  panel.list.addRect({x0, 0, x0 + std::max(1.0f, 0.75f * ppp), double(imageHeight)}, {120, 120, 120, 255});
  layoutPanel(title, subtitle, lines, notes, ppp, scale, x0, panel.widthPx, &panel.list);
  return panel;
}

// ---- rendering one map ----

struct PackContext {
  MapDocument* doc = nullptr;
  MapRenderer* renderer = nullptr;
  std::shared_ptr<const OverlayData> displaced;  // programme data as exports show it; null: none
  OverlaySettings projectOverlays;
  bool hasProjectOverlays = false;
  PrivacySettings privacy;
  double dpi = 96;
  std::string date;
  std::string programmeFiles;  // file names of the lists drawn, for the images' metadata
  std::map<std::string, MapScore>* scores = nullptr;  // the map states' scores, by their settings
  std::shared_ptr<const PublishedIndicators> publication;  // the pack's one publication
  OverlaySettings publicationSettings;                      // the filters and radius it was made with
};

struct MapJob {
  MapView view;                 // the whole image
  MapView furnitureView;        // the part the furniture is laid out in (the map part)
  BBox fitExtent;               // framed clear of the furniture and legend in the map part; empty: `view` as given
  int mapWidthPx = 0;           // the map part's width, from the left (the rest is the panel); 0: the whole image
  OverlaySettings overlays;
  std::string title;            // bookmark or kecamatan title; empty: the project's
  int selectedFeature = -1;
  const DrawList* panel = nullptr;
  bool logLegends = false;      // say on stderr which legends the image shows (overview, bookmarks)
};

// The score of a map state, computed once per scenario for all the images that show it.
const MapScore& scoreOf(const PackContext& ctx, const ScoreMapSettings& settings) {
  OverlaySettings keyed;
  keyed.score = settings;
  const std::string key = nlohmann::json(keyed)["score"].dump();
  auto it = ctx.scores->find(key);
  if (it == ctx.scores->end()) it = ctx.scores->emplace(key, scoreOfMapState(*ctx.doc, settings, stderr)).first;
  return it->second;
}

// Frames job.fitExtent in the map part with `fitAroundFurniture`, as `render` and the window do;
// the image keeps the map part's pixels at the left.
void fitJob(const PackContext& ctx, MapJob& job, const ExternalLegend& legend) {
  const int imageWidth = job.view.widthPx, height = job.view.heightPx;
  const int mapWidth = job.mapWidthPx > 0 ? job.mapWidthPx : imageWidth;
  const FurnitureSettings drawn = furnitureSettingsOf(*ctx.doc);
  job.furnitureView = fitAroundFurniture(*ctx.doc, job.fitExtent, mapWidth, height, job.view.pixelsPerPoint, drawn,
                                         legend, job.title);
  job.view = job.furnitureView;
  job.view.widthPx = imageWidth;
  job.view.center.x += (imageWidth - mapWidth) / 2.0 * job.view.metresPerPixel;
}

void renderMap(const PackContext& ctx, MapJob job, const std::string& path) {
  RenderOptions options;
  options.selectedFeature = job.selectedFeature;
  OverlayFrame frame;
  ExternalLegend legend;
  const bool fit = !job.fitExtent.empty();
  if (fit) fitJob(ctx, job, legend);
  // The suitability score of the map state: fills, proposed sites and its legend, which joins the
  // programme legends in the furniture's legend block (mapLegendBlock), kept free by the fit.
  ScoreOverlay score;
  DrawList scoreItems, legendBlock;
  size_t sitesShown = 0;
  const MapScore* mapScore = job.overlays.score.on ? &scoreOf(ctx, job.overlays.score) : nullptr;
  if (mapScore) {
    score = scoreOverlayOf(*mapScore, job.overlays.score, *ctx.doc->projection, job.view, job.overlays.legends);
    if (job.overlays.score.proposedSites) sitesShown = mapScore->scenario.proposedSites.size();
  }
  OverlayBuilder builder;
  const bool overlays = ctx.displaced && job.overlays.anyActive();
  if (overlays) {
    builder.setData(ctx.displaced);
    builder.setSettings(job.overlays);
    OverlayBuildOptions bo;
    bo.smallCountThreshold = ctx.privacy.smallCountThreshold;
    bo.publication = ctx.publication;
    bo.publicationFilters = ctx.publicationSettings.filters;
    bo.publicationRadiusKm = ctx.publicationSettings.radiusKm;
    bo.language = language();
    bo.separateLegend = true;  // the legends go into the furniture's legend block, the glyphs stay
    builder.setOptions(bo);
    builder.build(*ctx.doc, job.view, frame);
    for (const BBox& b : frame.legendBoxes) legend.boundsPx.add(b);
    legend.list = &frame.legend;
  }
  const ExternalLegend fittedBlock =
      fit ? mapLegendBlock(&score, legend, job.view.pixelsPerPoint, legendBlock) : ExternalLegend{};
  if (fittedBlock.present()) {
    // The legend block's box is kept free too: refit with it, then build for the final view.
    fitJob(ctx, job, fittedBlock);
    if (overlays) {
      builder.build(*ctx.doc, job.view, frame);
      legend.boundsPx = {};
      for (const BBox& b : frame.legendBoxes) legend.boundsPx.add(b);
    }
    if (mapScore)
      score = scoreOverlayOf(*mapScore, job.overlays.score, *ctx.doc->projection, job.view, job.overlays.legends);
  }
  if (overlays) frame.applyTo(options);
  if (mapScore) applyScoreOverlay(score, options, scoreItems);
  if (job.logLegends) {
    std::string list;
    for (const auto& n : legendsDrawn(job.overlays, {bool(ctx.displaced), ctx.displaced && ctx.displaced->hasMentors,
                                                     sitesShown}))
      list += (list.empty() ? "" : ", ") + n;
    std::fprintf(stderr, "%s: legends: %s\n", fs::path(path).filename().string().c_str(),
                 list.empty() ? "none" : list.c_str());
  }
  FurnitureFrame furniture;
  buildDocumentFurniture(*ctx.doc, furnitureSettingsOf(*ctx.doc), job.furnitureView, furniture,
                         mapLegendBlock(&score, legend, job.view.pixelsPerPoint, legendBlock), job.title, ctx.date);
  for (FurnitureItem item : furniture.dropped)
    std::fprintf(stderr, "prokus-map export-pack: warning: %s: the %s does not fit; left out\n",
                 fs::path(path).filename().string().c_str(), std::string(furnitureItemName(item)).c_str());
  for (size_t i = 0; i < furniture.layoutPt.placed.size(); ++i)
    if (furniture.layoutPt.placed[i].item == FurnitureItem::Legend) {  // where it went: the fit kept it off the map
      const BBox& box = furniture.boxesPx[i];
      std::fprintf(stderr, "%s: legend at %.0f,%.0f to %.0f,%.0f px\n", fs::path(path).filename().string().c_str(),
                   box.minx, box.miny, box.maxx, box.maxy);
    }
  DrawList top;
  if (options.furniture) appendDrawList(top, *options.furniture);  // the overlays' glyphs, below the furniture
  appendDrawList(top, furniture.list);
  if (job.panel) appendDrawList(top, *job.panel);
  options.furniture = &top;
  options.schematicNote = false;
  keepLabelsClearOfFurniture(furniture, options);
  RgbaImage image = renderImageTiled(*ctx.renderer, *ctx.doc, job.view, options);
  ExportMetadata meta = exportMetadataFor(*ctx.doc, ctx.dpi, job.title, ctx.date);
  if (!ctx.programmeFiles.empty()) meta.sources += "; programme data: " + ctx.programmeFiles;
  meta.legendNumbers = frame.legendNumbers;
  writeGeoreferencedImage(image, job.view, *ctx.doc->projection, path, meta);
}

// ---- index.html ----

const char* kStyle = R"(
body{font-family:"DejaVu Sans",Arial,Helvetica,sans-serif;margin:0 auto;max-width:1400px;padding:16px 24px;color:#1a1a1a}
h1{font-size:1.6em;margin:.2em 0}h2{font-size:1.25em;margin:1.6em 0 .4em;border-bottom:1px solid #ccc}
h3{font-size:1.05em;margin:1.2em 0 .3em}.en{color:#666;font-weight:normal;font-size:.8em;margin-left:.5em}
img{max-width:100%;height:auto;border:1px solid #ddd}figure{margin:0 0 1.5em}
figcaption{color:#555;font-size:.9em}table{border-collapse:collapse;font-size:.82em}
td,th{border:1px solid #ccc;padding:2px 6px;text-align:right;white-space:nowrap}
th{background:#f0f0f0}td.t{text-align:left}.scroll{overflow-x:auto}
.note{background:#fff8e0;border:1px solid #e8d9a0;padding:8px 12px;font-size:.9em}
.warn{background:#fde8e8;border:1px solid #d99;padding:8px 12px;font-weight:bold}
nav a{margin-right:1em}ul.files{columns:3;font-size:.9em}
)";

std::string heading(int level, const std::string& id, const std::string& en, const std::string& anchor = "") {
  const std::string tag = "h" + std::to_string(level);
  return "<" + tag + (anchor.empty() ? "" : " id=\"" + anchor + "\"") + ">" + htmlEscape(id) +
         "<span class=\"en\" lang=\"en\">" + htmlEscape(en) + "</span></" + tag + ">\n";
}

std::string htmlTable(const TextTable& t) {
  std::string out = "<div class=\"scroll\"><table>\n<tr>";
  for (const auto& h : t.header) out += "<th>" + htmlEscape(h) + "</th>";
  out += "</tr>\n";
  for (const auto& row : t.rows) {
    out += "<tr>";
    for (size_t c = 0; c < row.size(); ++c) {
      const bool text = c < t.header.size() && (t.header[c] == "name" || t.header[c] == "code" ||
                                                t.header[c] == "dominant_category" || t.header[c] == "excluded");
      out += (text ? "<td class=\"t\">" : "<td>") + htmlEscape(row[c]) + "</td>";
    }
    out += "</tr>\n";
  }
  return out + "</table></div>\n";
}

struct Figure {
  std::string file, caption;
};

}  // namespace

int runExportPackVerb(int argc, char** argv) {
  CLI::App app{"Write the meeting pack: index.html, map images (overview, bookmarks, one per polygon), the indicator "
               "table as CSV and XLSX, and the ranking when the project has a planning scenario. Privacy rules apply.",
               "prokus-map export-pack"};
  std::string project, outDir, date, csvStyle = "international", languageName = "id";
  bool withPersonal = false;
  BoundaryFieldFlags fields;
  app.add_option("PROJECT", project, "the .prokus.json project")->required();
  app.add_option("-o,--output", outDir, "pack folder: new, empty, or an earlier pack (replaced whole; files that are not "
                                        "the pack's stay); any other non-empty folder is refused")
      ->required();
  app.add_option("--date", date, "date shown on the maps and recorded in the files, YYYY-MM-DD (default today)");
  app.add_option("--csv", csvStyle, "table.csv style: international (comma, decimal point, the default) or "
                                    "indonesian (semicolon, decimal comma)");
  app.add_option("--language", languageName, "language of the maps' texts: id (Bahasa Indonesia, the default) or en");
  fields.addTo(app);
  app.add_flag("--with-personal-data", withPersonal,
               "also write beneficiaries-personal.csv with names, NIK and ids (shows a warning; off by default)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::fputs(app.help().c_str(), stdout);
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    std::string msg = e.what();
    if (auto nl = msg.find('\n'); nl != std::string::npos) msg.resize(nl);
    return badInput(msg + " (see 'prokus-map export-pack --help')");
  }
  if (!date.empty() && !isValidIsoDate(date)) return badInput("--date '" + date + "': expected a real date YYYY-MM-DD");
  if (languageName == "en") setLanguage(Language::English);
  else if (languageName == "id") setLanguage(Language::Indonesian);
  else return badInput("--language '" + languageName + "': expected id or en");
  CsvStyle style;
  if (csvStyle == "international") style = CsvStyle::International;
  else if (csvStyle == "indonesian") style = CsvStyle::Indonesian;
  else return badInput("--csv '" + csvStyle + "': expected international or indonesian");
  {
    std::error_code ec;
    if (fs::exists(outDir, ec) && !fs::is_directory(outDir, ec))
      return badInput(outDir + ": exists and is not a folder");
    if (!fs::is_regular_file(project, ec)) return badInput(project + ": no such project file");
  }

  try {
    const std::jthread lettering = Font::bakeDefaultFontsAhead();  // baked while the project loads
    initGdal();
    MapDocument doc = loadProject(project);
    printLoadWarnings("export-pack", doc);
    if (!doc.boundary() || !doc.projection)
      throw InputError(project, "has no boundary (polygon) layer for the pack's maps");
    fields.applyTo(*doc.boundary());
    const Layer& boundary = *doc.boundary();
    // The folder is checked (a pack, empty or new; never the planner's folder) before any work, and
    // nothing of the old pack may be one of the files this run reads.
    InputFiles inputs;
    addDocumentInputs(doc, inputs);
    PackFolderWriter pack(outDir, inputs);

    ExportPreset preset;
    std::vector<Bookmark> bookmarks;
    PrivacySettings privacy;
    OverlaySettings overlays;
    std::vector<Scenario> scenarios;
    const bool hasOverlays = doc.extraSections.is_object() && doc.extraSections.contains("overlays");
    try {
      preset = exportPresetOf(doc);
      bookmarks = bookmarksOf(doc);
      privacy = privacySettingsOf(doc);
      (void)furnitureSettingsOf(doc);
      if (hasOverlays) overlays = doc.extraSections["overlays"].get<OverlaySettings>();
      if (doc.extraSections.is_object() && doc.extraSections.contains("scenarios"))
        scenarios = scenariosFromJson(doc.extraSections["scenarios"]);
    } catch (const std::exception& e) {
      throw InputError(project, e.what());
    }
    const PixelSize size = preset.size();
    const int W = size.width, H = size.height;
    const float ppp = static_cast<float>(preset.dpi / 72.0);
    const std::string isoDate = date.empty() ? todayIsoDate() : date;

    // Programme data: exact for the table, displaced for the maps.
    const ProgrammeSources sources = programmeSourcesOf(doc);
    std::optional<LoadedProgramme> programme;
    if (sources.beneficiaries.present()) {
      programme = loadProgramme(boundary, *doc.projection, sources);
      if (programme->beneficiaries)
        std::fprintf(stderr, "beneficiaries: %s\n", programme->beneficiaries->summary.oneLine().c_str());
      if (programme->mentors) std::fprintf(stderr, "mentors: %s\n", programme->mentors->summary.oneLine().c_str());
      printProgrammeNotes(programme->notes, "programme");
    }
    auto exact = std::make_shared<OverlayData>();
    std::shared_ptr<OverlayData> displaced;
    if (programme) {
      *exact = overlayDataOf(*programme);
      displaced = std::make_shared<OverlayData>(*exact);
      if (programme->beneficiaries) {
        const size_t fallbacks =
            displaceBeneficiaryPoints(displaced->beneficiaries, *programme->beneficiaries, boundary, privacy);
        if (fallbacks > 0)
          std::fprintf(stderr, "privacy: %zu points drawn at their polygon's label point (no displacement fitted)\n",
                       fallbacks);
      }
    }
    // The indicators as the overlays compute them (same filters and radius), from the exact data.
    const IndicatorTable indicators = programme ? exactIndicatorsFor(doc, exact, overlays)
                                                : computeIndicators(boundary, exact->beneficiaries, nullptr);
    const BeneficiaryPoints& points = exact->beneficiaries;

    // The tables first (no GL needed), all into the staging folder the pack is swapped in from.
    std::vector<std::string> written;
    auto out = [&](const std::string& name) {
      written.push_back(name);
      return pack.path(name);
    };
    const int threshold = privacy.smallCountThreshold;
    // The one publication step of the pack: every file, panel and legend below reads it.
    const auto publication =
        std::make_shared<const PublishedIndicators>(publishIndicatorTable(boundary, indicators, points, threshold));
    writeIndicatorCsv(out("table.csv"), boundary, indicators, points, *publication, style);
    writeIndicatorXlsx(out("table.xlsx"), boundary, indicators, points, *publication);
    const TextTable& table = publication->table;

    std::optional<TextTable> ranking;
    std::string scenarioName;
    if (!scenarios.empty() && programme && programme->beneficiaries) {
      PlanningFlags flags;
      flags.scenario = scenarios.front().name;
      if (sources.polygonTable.present()) flags.candidates = sources.polygonTable.path;
      const ResolvedPlanning planning = resolvePlanningSettings(flags, &doc);
      flags.candidatesColumn = planning.candidatesColumn;  // the scenario's
      const double radius = planning.scenarioRadiusKm.value_or(overlays.radiusKm);
      const PlanningData data = loadPlanningData(boundary, *doc.projection, sources.beneficiaries.path,
                                                 sources.mentors.present() ? sources.mentors.path : "", radius, flags,
                                                 stderr);
      checkPlanningSettings(data.criteria, planning.settings);
      // From the pack's one publication: a polygon whose criterion input it withholds, or whose own
      // count in the ranking's data is small, is withheld, and takes no part in the scores shown.
      std::vector<bool> smallInRankingData(data.criteria.input.codes.size(), false);
      for (size_t i = 0; i < smallInRankingData.size() && i < data.indicators.polygons.size(); ++i)
        smallInRankingData[i] = isSmallCount(data.indicators.polygons[i].beneficiaries, threshold);
      ranking = publishedRanking(data.criteria.input, planning.settings, data.criteria.names, *publication,
                                 smallInRankingData);
      scenarioName = scenarios.front().name;
      writeFileAtomically(out("ranking.csv"), toCsv(*ranking, ','));
      if (scenarios.size() > 1)
        std::fprintf(stderr, "prokus-map export-pack: ranking.csv shows scenario '%s', the first of %zu\n",
                     scenarioName.c_str(), scenarios.size());
    }

    constexpr const char* kPersonalFile = "beneficiaries-personal.csv";
    if (withPersonal && programme && programme->beneficiaries) {
      std::fprintf(stderr, "prokus-map export-pack: WARNING: %s\n", personalDataWarning());
      const PlacementContext context(boundary, *doc.projection);
      // Names and NIK: readable by the owner alone, whatever the umask.
      writeFileAtomically(out(kPersonalFile),
                          beneficiariesCsv(*programme->beneficiaries, context, programme->categories, true),
                          FileAccess::Private);
    } else {
      // The earlier pack's personal file goes with the earlier pack when the new one is swapped in.
      const auto& earlier = pack.earlierFiles();
      if (std::find(earlier.begin(), earlier.end(), kPersonalFile) != earlier.end())
        std::fprintf(stderr, "prokus-map export-pack: the earlier pack's %s (personal data) is not in the new pack\n",
                     kPersonalFile);
    }

    // The maps.
    auto gl = HeadlessGlContext::create();
    MapRenderer renderer;
    renderer.init();
    PackContext ctx;
    ctx.doc = &doc;
    ctx.renderer = &renderer;
    ctx.displaced = displaced;
    ctx.projectOverlays = overlays;
    ctx.hasProjectOverlays = hasOverlays;
    ctx.privacy = privacy;
    ctx.dpi = preset.dpi;
    ctx.date = isoDate;
    ctx.publication = publication;
    ctx.publicationSettings = overlays;
    std::map<std::string, MapScore> scores;
    ctx.scores = &scores;
    for (const ProgrammeSource* source : {&sources.beneficiaries, &sources.mentors, &sources.polygonTable})
      if (source->present())
        ctx.programmeFiles += (ctx.programmeFiles.empty() ? "" : ", ") + sourceName(source->path);
    const OverlaySettings mapOverlays = hasOverlays ? overlays : OverlaySettings{};

    std::vector<Figure> overview, bookmarkFigures, polygonFigures;
    {
      MapJob job;
      job.view.widthPx = W;
      job.view.heightPx = H;
      job.view.pixelsPerPoint = ppp;
      job.fitExtent = doc.dataExtent();
      job.overlays = mapOverlays;
      job.logLegends = true;
      renderMap(ctx, job, out("overview.png"));
      overview.push_back({"overview.png", doc.title});
    }
    for (size_t b = 0; b < bookmarks.size(); ++b) {
      const Bookmark& bm = bookmarks[b];
      MapJob job;
      job.view = bookmarkView(bm, *doc.projection, W, H, preset.dpi);
      job.view.widthPx = W;
      job.view.heightPx = H;
      job.view.pixelsPerPoint = ppp;
      job.furnitureView = job.view;
      job.overlays = mapOverlays;
      if (bm.overlays.is_object()) {
        try {
          job.overlays = bm.overlays.get<OverlaySettings>();
        } catch (const std::exception& e) {
          throw InputError(project, "bookmark '" + bm.name + "': " + e.what());
        }
      }
      job.title = bm.title;
      job.logLegends = true;
      char prefix[32];
      std::snprintf(prefix, sizeof prefix, "bookmark-%02zu-", b + 1);
      const std::string name = prefix + slugOf(bm.name, "view") + ".png";
      renderMap(ctx, job, out(name));
      bookmarkFigures.push_back({name, bm.title.empty() ? bm.name : bm.name + " — " + bm.title});
    }

    const std::vector<std::string> notes = {
        std::string(withheldMarker(threshold)) + inLanguage({": kurang dari ", ": fewer than "}) +
            std::to_string(threshold) + inLanguage({" (disembunyikan demi privasi)", " (withheld for privacy)"}),
        std::string(complementaryMarker()) +
            inLanguage({": disembunyikan agar angka kecil tidak dapat dihitung", ": withheld so a small count cannot be "
                                                                                 "worked out"}),
        inLanguage({"Titik KPM digeser acak hingga ", "Beneficiary points moved at random by up to "}) +
            numberText(privacy.displacementMetres, 0) + " m"};
    std::vector<std::string> rowCodes;  // one image per row, under a name no other row has
    for (size_t r = 0; r < table.rows.size(); ++r) rowCodes.push_back(boundary.featureCode(table.featureOfRow[r]));
    const std::vector<std::string> imageStems = uniqueFileStems(rowCodes, "kecamatan-");
    for (size_t r = 0; r < table.rows.size(); ++r) {
      const int f = table.featureOfRow[r];
      const Feature& feature = boundary.features[f];
      const std::string code = boundary.featureCode(f), name = boundary.featureName(f);
      const std::vector<PanelLine> lines =
          panelLinesFor(table, r, indicators.polygons[f], feature, indicators, points);
      const std::string subtitle = (code.empty() ? std::string() : code + " · ") +
                                   inLanguage({"Tanggal peta: ", "Map date: "}) + formatFurnitureDate(isoDate);
      const Panel panel = buildPanel(name, subtitle, lines, notes, W, H, ppp);
      const int mapWidth = std::max(1, W - panel.widthPx);
      MapJob job;
      job.view.widthPx = W;
      job.view.heightPx = H;
      job.view.pixelsPerPoint = ppp;
      job.fitExtent = feature.bbox;
      job.mapWidthPx = mapWidth;
      job.overlays = mapOverlays;
      job.title = std::string(inLanguage({"Kecamatan ", "Kecamatan "})) + name;
      job.selectedFeature = f;
      job.panel = &panel.list;
      const std::string file = imageStems[r] + ".png";
      renderMap(ctx, job, out(file));
      polygonFigures.push_back({file, name + (code.empty() ? "" : " (" + code + ")")});
    }

    // index.html
    std::string html = "<!DOCTYPE html>\n<html lang=\"id\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
                       htmlEscape(doc.title.empty() ? "ProKUS" : doc.title) +
                       "</title>\n<meta name=\"generator\" content=\"prokus-map\">\n<style>" + kStyle +
                       "</style>\n</head>\n<body>\n";
    html += "<h1>" + htmlEscape(doc.title.empty() ? "ProKUS" : doc.title) + "</h1>\n";
    html += "<p>Bahan rapat, " + htmlEscape(formatFurnitureDate(isoDate)) +
            " <span class=\"en\" lang=\"en\">Meeting pack, " + htmlEscape(isoDate) + "</span></p>\n";
    html += "<nav><a href=\"#peta\">Peta</a><a href=\"#kecamatan\">Kecamatan</a>" +
            std::string(ranking ? "<a href=\"#peringkat\">Peringkat</a>" : "") +
            "<a href=\"#tabel\">Tabel</a><a href=\"#berkas\">Berkas</a></nav>\n";
    if (withPersonal && programme && programme->beneficiaries)
      html += "<p class=\"warn\">Berisi data pribadi (nama, NIK) di beneficiaries-personal.csv: jangan dibagikan. "
              "<span lang=\"en\">Contains personal data (names, NIK) in beneficiaries-personal.csv: do not share.</span></p>\n";
    html += "<p class=\"note\">Privasi: jumlah di bawah " + std::to_string(threshold) + " ditulis \"" +
            withheldMarker(threshold) + "\", nilai turunan dari jumlah itu juga disembunyikan; \"x\" disembunyikan agar "
            "jumlah kecil tidak dapat dihitung dari total. Tidak ada nama atau NIK. Titik KPM pada peta digeser acak "
            "hingga " + numberText(privacy.displacementMetres, 0) + " m di dalam wilayahnya.<br><span lang=\"en\" "
            "class=\"en\">Privacy: counts below " + std::to_string(threshold) + " are shown as \"" +
            withheldMarker(threshold) + "\" and values derived from them are withheld; \"x\" is withheld so a small "
            "count cannot be worked out from the total. No names or NIK. Beneficiary points on the maps are moved at "
            "random by up to " + numberText(privacy.displacementMetres, 0) + " m within their area.</span></p>\n";
    if (doc.schematicBoundaries)
      html += "<p class=\"note\">" + htmlEscape(tr("map.schematic_note")) + "</p>\n";
    auto figures = [&](const std::vector<Figure>& list) {
      for (const auto& fig : list)
        html += "<figure><img src=\"" + htmlEscape(fig.file) + "\" alt=\"" + htmlEscape(fig.caption) +
                "\" loading=\"lazy\"><figcaption>" + htmlEscape(fig.caption) + " — <a href=\"" + htmlEscape(fig.file) +
                "\">" + htmlEscape(fig.file) + "</a></figcaption></figure>\n";
    };
    html += heading(2, "Peta", "Maps", "peta");
    figures(overview);
    if (!bookmarkFigures.empty()) {
      html += heading(3, "Tampilan tersimpan", "Bookmarks");
      figures(bookmarkFigures);
    }
    html += heading(2, "Peta per kecamatan", "Map per kecamatan", "kecamatan");
    figures(polygonFigures);
    if (ranking) {
      html += heading(2, "Peringkat kesesuaian: " + scenarioName, "Suitability ranking", "peringkat");
      html += htmlTable(*ranking);
    }
    html += heading(2, "Tabel indikator per kecamatan", "Indicators per kecamatan", "tabel");
    html += htmlTable(table);
    html += heading(2, "Berkas", "Files", "berkas");
    html += "<ul class=\"files\">\n";
    for (const auto& name : written)
      html += "<li><a href=\"" + htmlEscape(name) + "\">" + htmlEscape(name) + "</a></li>\n";
    // The same sources as every image's metadata: boundaries, context layers and the programme's lists.
    std::string packSources = exportMetadataFor(doc, preset.dpi, "", isoDate).sources;
    if (!ctx.programmeFiles.empty()) packSources += "; programme data: " + ctx.programmeFiles;
    html += "</ul>\n<p class=\"en\">" + htmlEscape(packSources) +
            "</p>\n<p class=\"en\">Proyeksi peta / map projection: " +
            htmlEscape(doc.projection->name() + " (EPSG:" + std::to_string(doc.projection->epsg()) + ")") +
            "</p>\n</body>\n</html>\n";
    writeFileAtomically(out("index.html"), html);
    std::fprintf(stderr, "privacy: %d publication(s) of the table for the whole pack: %d counts withheld as \"%s\", "
                         "%d as \"%s\"\n",
                 publicationsSoFar(), publication->published.primaryCount, withheldMarker(threshold).c_str(),
                 publication->published.complementaryCount, complementaryMarker());
    for (const auto& warning : pack.commit()) std::fprintf(stderr, "prokus-map export-pack: %s\n", warning.c_str());

    std::printf("wrote %zu files into %s (%dx%d images at %g dpi): index.html, overview.png, %zu bookmark and %zu "
                "kecamatan images, table.csv, table.xlsx%s%s\n",
                written.size(), outDir.c_str(), W, H, preset.dpi, bookmarkFigures.size(), polygonFigures.size(),
                ranking ? ", ranking.csv" : "", withPersonal ? ", beneficiaries-personal.csv (personal data)" : "");
    return kExitOk;
  } catch (const PlanningError& e) {
    return badInput(e.what());
  } catch (const InputError& e) {
    return badInput(e.what());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "prokus-map export-pack: %s\n", e.what());
    return kExitFailure;
  }
}

}  // namespace pk
