// The suitability choropleth (issue 4): each boundary polygon filled by its score class, 0 to 100
// in five fixed classes of 20 points (fixed so that two scenarios' maps read alike), excluded
// polygons in the legend's "excluded" grey, and a legend panel showing the weights as shares (drawn
// at the origin: the map furniture places it, stacked with the other legends by mapLegendBlock); the scenario's proposed mentor sites as purple markers numbered in the order
// they were proposed (not ranks), with their own row in that legend. Produces RenderOptions::boundaryFills and a furniture DrawList, so the window
// and every export draw the same thing; fills come from Legend::colorFor, so map and legend agree.
#pragma once
#include <string>
#include <vector>

#include "core/legend.h"
#include "core/suitability.h"
#include "core/view.h"
#include "render/draw_list.h"
#include "render/furniture_renderer.h"

namespace pk {

struct RenderOptions;

struct ScoreOverlayOptions {
  Language language = Language::Indonesian;  // legend text and numbers (formatNumber)
  std::string palette = "Greens";       // ColorBrewer sequential; dark green = most suitable
  bool legend = true;
  std::vector<Vec2> sites;              // proposed mentor sites, map metres, in the order proposed
};

// The fixed class bounds: 0, 20, 40, 60, 80, 100.
const std::vector<double>& scoreClassBounds();

struct ScoreOverlay {
  std::vector<Rgba> fills;              // one per polygon of the result (= boundary feature)
  Legend legend;                        // classes ascending, then "excluded" when any polygon is
  DrawList markers;                     // the proposed sites, in pixels of the view (an overlay)
  DrawList furniture;                   // the legend panel, pixels, its top-left corner at the origin
  BBox legendBox;                       // pixels, from the origin; empty without a legend
};

// Scores are clamped to 0..100 before classing (rounding may leave 100 + 1e-14).
ScoreOverlay buildScoreOverlay(const SuitabilityResult& result, const MapView& view,
                               const ScoreOverlayOptions& options = {});

// Adds `score` to what `options` draws: its fills replace the boundary fills, its markers go on top
// of options.overlay (copied into `overlay`). Its legend goes into the furniture (mapLegendBlock).
// `score` and `overlay` must outlive the draw.
void applyScoreOverlay(const ScoreOverlay& score, RenderOptions& options, DrawList& overlay);

// The map's one legend block for the furniture (buildFurniture places it, the fit keeps it clear):
// the score legend (null or without a legend: none) above the programme overlays' legend, left
// aligned, `pixelsPerPoint` * 4 pt apart. Drawn into `out` unless only one of them is present;
// the result points into `out`, `score` or `programme.list`, which must outlive it.
ExternalLegend mapLegendBlock(const ScoreOverlay* score, const ExternalLegend& programme, float pixelsPerPoint,
                              DrawList& out);


}  // namespace pk
