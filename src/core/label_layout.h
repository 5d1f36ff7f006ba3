// Label placement, pure. Every label first tries to fit inside its polygon: at its anchor
// (Layer::labelPoint), then shifted along the polygon's long axis, then nudged nearby. Labels that fit
// nowhere inside may then overhang the polygon's edge, their centre still inside it and most of the
// label over its own polygon; small polygons (a desa at regency zoom) do not overhang, so their
// names never crowd over neighbours that lost theirs. A label never overlaps another:
// labels are placed in priority order, and what collides with a placed label is tried elsewhere or
// dropped.
// Everything is measured in pixels of the given view, so sizes in points stay the same at any zoom.
#pragma once
#include <vector>

#include "core/geometry.h"
#include "core/view.h"

namespace pk {

struct LabelCandidate {
  int id = -1;                  // the caller's key (e.g. feature index), returned in PlacedLabel
  Vec2 anchor;                  // map coordinates of the preferred label centre
  double widthPx = 0;           // box of the text including its halo
  double heightPx = 0;
  double priority = 0;          // larger wins (the polygon's area)
  const MultiPolygon* polygon = nullptr;  // map coordinates; the box must lie inside it (nullptr: free)
};

struct PlacedLabel {
  int id = -1;
  BBox boxPx;   // pixel box (y down) the label occupies, without padding
  Vec2 centerPx;
};

struct LabelLayoutOptions {
  double paddingPx = 3;          // minimum gap between two labels
  double viewportMarginPx = 2;   // labels must lie this far inside the viewport
  bool tryFallbackPositions = true;  // shift along the long axis and nearby when the anchor does not fit
  // Labels that fit nowhere inside may overhang their polygon (centre inside, at least
  // overhangMinInsideFraction of the box over the polygon) when the polygon covers at least
  // overhangMinAreaRatio times the label's box; tried after every label had its inside try.
  bool allowOverhang = true;
  double overhangMinAreaRatio = 4.0;
  double overhangMinInsideFraction = 0.6;
  // Pixel boxes no label may overlap (the map furniture: title band, legend, scale bar, notes), kept
  // paddingPx away like placed labels.
  std::vector<BBox> obstaclesPx;
};

// Places candidates in priority order (ties: lower id first, so the result is deterministic).
std::vector<PlacedLabel> layoutLabels(std::vector<LabelCandidate> candidates, const MapView& view,
                                      const LabelLayoutOptions& options = {});

// True if the pixel box lies inside the polygon: its corners and points along its edges (no more
// than a quarter of the box's height apart) all fall inside.
bool pixelBoxInsidePolygon(const BBox& boxPx, const MultiPolygon& polygon, const MapView& view);

// Share (0..1) of a grid of points over the pixel box (no more than a quarter of its height apart)
// that fall inside the polygon.
double pixelBoxInsideFraction(const BBox& boxPx, const MultiPolygon& polygon, const MapView& view);

}  // namespace pk
