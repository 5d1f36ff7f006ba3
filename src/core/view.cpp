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

MapView MapView::fitAround(const BBox& extent, int widthPx, int heightPx, const std::vector<BBox>& reservedPx,
                           double marginPx) {
  MapView best = fit(extent, widthPx, heightPx, 0);
  if (extent.empty()) return best;
  const double W = best.widthPx, H = best.heightPx;
  struct Box {
    BBox b;
    bool top, left, centre;  // which edges it hugs; centre: it spans the middle column
  };
  std::vector<Box> boxes;
  for (const BBox& b : reservedPx) {
    if (b.empty() || b.maxx <= 0 || b.maxy <= 0 || b.minx >= W || b.miny >= H) continue;
    const double cx = (b.minx + b.maxx) / 2, cy = (b.miny + b.maxy) / 2;
    boxes.push_back({b, cy < H / 2, cx < W / 2, b.minx < W / 2 && b.maxx > W / 2});
  }
  // Each side-corner box is cleared vertically (bit 0) or horizontally (bit 1): try every choice.
  const size_t n = boxes.size();
  const size_t combos = n <= 12 ? size_t(1) << n : 1;
  best.metresPerPixel = 0;
  for (size_t mask = 0; mask < combos; ++mask) {
    double top = marginPx, bottom = marginPx, left = marginPx, right = marginPx;
    for (size_t i = 0; i < n; ++i) {
      const Box& x = boxes[i];
      const bool beside = !x.centre && (mask >> i & 1);
      if (beside) {
        if (x.left) left = std::max(left, x.b.maxx + marginPx);
        else right = std::max(right, W - x.b.minx + marginPx);
      } else {
        if (x.top) top = std::max(top, x.b.maxy + marginPx);
        else bottom = std::max(bottom, H - x.b.miny + marginPx);
      }
    }
    const double usableW = W - left - right, usableH = H - top - bottom;
    if (usableW < W / 4 || usableH < H / 4) continue;  // too little map: try another choice
    const double mpp = std::max(std::max(extent.width(), 1e-6) / usableW, std::max(extent.height(), 1e-6) / usableH);
    if (best.metresPerPixel > 0 && mpp >= best.metresPerPixel) continue;
    best.metresPerPixel = mpp;
    // The data's centre at the centre of the free rectangle.
    const Vec2 freeCentre{(left + W - right) / 2, (top + H - bottom) / 2};
    const Vec2 c = extent.center();
    best.center = {c.x - (freeCentre.x - W / 2) * mpp, c.y + (freeCentre.y - H / 2) * mpp};
  }
  if (best.metresPerPixel <= 0) return fit(extent, widthPx, heightPx, marginPx / std::max(1.0, std::min(W, H)));
  return best;
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
