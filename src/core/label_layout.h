// Label placement, pure: each label goes inside its polygon at its anchor (Feature::labelAt) or a
// nearby fallback position; labels that would overlap a higher-priority label are dropped.
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
  bool tryFallbackPositions = true;  // shift up/down/left/right when the anchor position does not fit
};

// Places candidates in priority order (ties: lower id first, so the result is deterministic).
std::vector<PlacedLabel> layoutLabels(std::vector<LabelCandidate> candidates, const MapView& view,
                                      const LabelLayoutOptions& options = {});

// True if the pixel box lies inside the polygon: its corners and points along its edges (no more
// than a quarter of the box's height apart) all fall inside.
bool pixelBoxInsidePolygon(const BBox& boxPx, const MultiPolygon& polygon, const MapView& view);

}  // namespace pk
