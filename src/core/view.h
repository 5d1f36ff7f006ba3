// The map view: which part of the map fills a viewport of W x H pixels, and conversions between
// map metres and pixels. Pure arithmetic, shared by the window, the renderer and every export.
#pragma once
#include <vector>

#include "core/geometry.h"

namespace pk {

struct MapView {
  Vec2 center;                 // map coordinates at the viewport centre
  double metresPerPixel = 1;   // ground resolution at the render size
  int widthPx = 1920, heightPx = 1080;
  float pixelsPerPoint = 96.0f / 72.0f;  // 96 dpi x UI scale on screen; dpi/72 in exports

  // Pixel coordinates have their origin at the top-left, y down.
  Vec2 toPixel(Vec2 map) const;
  Vec2 toMap(Vec2 pixel) const;
  BBox visibleExtent() const;

  // Frames `extent` with `marginFraction` of the smaller side left free on each side.
  static MapView fit(const BBox& extent, int widthPx, int heightPx, double marginFraction = 0.04);
  // Frames `extent` in what `reservedPx` (furniture boxes, image pixels) leaves free, `marginPx` away
  // from them and from the image edges. Each box in a side corner is kept clear either above/below the
  // map or beside it, whichever leaves the larger map; a box spanning the centre column (a title band)
  // is always kept clear above or below.
  static MapView fitAround(const BBox& extent, int widthPx, int heightPx, const std::vector<BBox>& reservedPx,
                           double marginPx);
  // Zooms by `factor` (>1 zooms in) keeping the map point under `pixel` fixed.
  void zoomAt(Vec2 pixel, double factor);
  void panByPixels(Vec2 delta);
  // Same ground extent at another pixel size (for exports of the on-screen view).
  MapView resized(int newWidthPx, int newHeightPx) const;
  // Representative scale denominator (1 : N) at the given physical pixel density.
  double scaleDenominator(double dotsPerInch) const;
};

}  // namespace pk
