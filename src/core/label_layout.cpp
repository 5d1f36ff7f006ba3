#include "core/label_layout.h"

#include <algorithm>
#include <cmath>

namespace pk {

bool pixelBoxInsidePolygon(const BBox& box, const MultiPolygon& polygon, const MapView& view) {
  const double step = std::max(1.0, box.height() / 4);
  auto inside = [&](double x, double y) { return pointInMultiPolygon(polygon, view.toMap({x, y})); };
  const int nx = std::max(1, static_cast<int>(std::ceil(box.width() / step)));
  const int ny = std::max(1, static_cast<int>(std::ceil(box.height() / step)));
  for (int i = 0; i <= nx; ++i) {
    double x = box.minx + box.width() * i / nx;
    if (!inside(x, box.miny) || !inside(x, box.maxy)) return false;
  }
  for (int j = 1; j < ny; ++j) {
    double y = box.miny + box.height() * j / ny;
    if (!inside(box.minx, y) || !inside(box.maxx, y)) return false;
  }
  return true;
}

std::vector<PlacedLabel> layoutLabels(std::vector<LabelCandidate> candidates, const MapView& view,
                                      const LabelLayoutOptions& options) {
  std::stable_sort(candidates.begin(), candidates.end(), [](const LabelCandidate& a, const LabelCandidate& b) {
    if (a.priority != b.priority) return a.priority > b.priority;
    return a.id < b.id;
  });
  const double m = options.viewportMarginPx;
  BBox viewport{m, m, view.widthPx - m, view.heightPx - m};
  std::vector<PlacedLabel> placed;
  std::vector<BBox> occupied;  // padded boxes of placed labels

  for (const auto& c : candidates) {
    if (c.widthPx <= 0 || c.heightPx <= 0) continue;
    Vec2 anchorPx = view.toPixel(c.anchor);
    const double w = c.widthPx, h = c.heightPx;
    std::vector<Vec2> offsets{{0, 0}};
    if (options.tryFallbackPositions)
      offsets.insert(offsets.end(), {{0, -0.75 * h}, {0, 0.75 * h}, {-0.3 * w, 0}, {0.3 * w, 0},
                                     {0, -1.5 * h}, {0, 1.5 * h}});
    for (Vec2 off : offsets) {
      Vec2 center = anchorPx + off;
      BBox box{center.x - w / 2, center.y - h / 2, center.x + w / 2, center.y + h / 2};
      if (box.minx < viewport.minx || box.miny < viewport.miny || box.maxx > viewport.maxx ||
          box.maxy > viewport.maxy)
        continue;
      BBox padded{box.minx - options.paddingPx / 2, box.miny - options.paddingPx / 2,
                  box.maxx + options.paddingPx / 2, box.maxy + options.paddingPx / 2};
      bool overlaps = std::any_of(occupied.begin(), occupied.end(), [&](const BBox& o) {
        return padded.minx < o.maxx && o.minx < padded.maxx && padded.miny < o.maxy && o.miny < padded.maxy;
      });
      if (overlaps) continue;
      if (c.polygon && !pixelBoxInsidePolygon(box, *c.polygon, view)) continue;
      placed.push_back({c.id, box, center});
      occupied.push_back(padded);
      break;
    }
  }
  return placed;
}

}  // namespace pk
