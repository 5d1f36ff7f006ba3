#include "core/view.h"

#include <algorithm>

namespace pk {

Vec2 MapView::toPixel(Vec2 map) const {
  return {(map.x - center.x) / metresPerPixel + widthPx / 2.0, heightPx / 2.0 - (map.y - center.y) / metresPerPixel};
}

Vec2 MapView::toMap(Vec2 pixel) const {
  return {center.x + (pixel.x - widthPx / 2.0) * metresPerPixel, center.y - (pixel.y - heightPx / 2.0) * metresPerPixel};
}

BBox MapView::visibleExtent() const {
  BBox b;
  b.add(toMap({0, 0}));
  b.add(toMap({double(widthPx), double(heightPx)}));
  return b;
}

MapView MapView::fit(const BBox& extent, int widthPx, int heightPx, double marginFraction) {
  MapView v;
  v.widthPx = std::max(1, widthPx);
  v.heightPx = std::max(1, heightPx);
  if (extent.empty()) return v;
  v.center = extent.center();
  const double margin = marginFraction * std::min(v.widthPx, v.heightPx);
  const double usableW = std::max(1.0, v.widthPx - 2 * margin);
  const double usableH = std::max(1.0, v.heightPx - 2 * margin);
  const double w = std::max(extent.width(), 1e-6), h = std::max(extent.height(), 1e-6);
  v.metresPerPixel = std::max(w / usableW, h / usableH);
  return v;
}

void MapView::zoomAt(Vec2 pixel, double factor) {
  if (factor <= 0) return;
  const Vec2 anchor = toMap(pixel);
  metresPerPixel = std::clamp(metresPerPixel / factor, 0.01, 1e6);
  const Vec2 moved = toMap(pixel);
  center = center + (anchor - moved);
}

void MapView::panByPixels(Vec2 delta) {
  center.x -= delta.x * metresPerPixel;
  center.y += delta.y * metresPerPixel;
}

MapView MapView::resized(int newWidthPx, int newHeightPx) const {
  MapView v = *this;
  // Keep the ground extent across the smaller scaled side: the same map, more or fewer pixels.
  const double sx = double(widthPx) / std::max(1, newWidthPx);
  const double sy = double(heightPx) / std::max(1, newHeightPx);
  v.metresPerPixel = metresPerPixel * std::max(sx, sy);
  v.widthPx = newWidthPx;
  v.heightPx = newHeightPx;
  return v;
}

double MapView::scaleDenominator(double dotsPerInch) const {
  // One pixel is 0.0254/dpi metres on paper or screen.
  return metresPerPixel / (0.0254 / dotsPerInch);
}

}  // namespace pk
