#include "core/label_layout.h"

#include <algorithm>
#include <cmath>

namespace pk {

bool pixelBoxInsidePolygon(const BBox& box, const MultiPolygon& polygon, const MapView& view) {
  // Cheap rejection first: the box's corners must lie within the polygon's bounding box.
  const BBox bounds = polygon.bbox();
  if (!bounds.contains(view.toMap({box.minx, box.miny})) || !bounds.contains(view.toMap({box.maxx, box.maxy})))
    return false;
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

double pixelBoxInsideFraction(const BBox& box, const MultiPolygon& polygon, const MapView& view) {
  const double step = std::max(1.0, box.height() / 4);
  const int nx = std::max(1, static_cast<int>(std::ceil(box.width() / step)));
  const int ny = std::max(1, static_cast<int>(std::ceil(box.height() / step)));
  int inside = 0;
  for (int i = 0; i <= nx; ++i)
    for (int j = 0; j <= ny; ++j)
      inside += pointInMultiPolygon(
          polygon, view.toMap({box.minx + box.width() * i / nx, box.miny + box.height() * j / ny}));
  return static_cast<double>(inside) / ((nx + 1) * (ny + 1));
}

namespace {

// The polygon's long axis in pixels (y down) through the label anchor, and how far the polygon
// reaches along it on either side, from the vertices of its largest part.
struct LongAxis {
  Vec2 dirPx{1, 0};
  double backPx = 0, forwardPx = 0;
};

LongAxis longAxisOf(const MultiPolygon& polygon, Vec2 anchor, const MapView& view) {
  LongAxis axis;
  const Polygon* largest = nullptr;
  double largestArea = -1;
  for (const auto& part : polygon.parts) {
    if (part.rings.empty()) continue;
    const double a = std::abs(signedRingArea(part.rings[0]));
    if (a > largestArea) {
      largestArea = a;
      largest = &part;
    }
  }
  if (!largest || largest->rings[0].size() < 3) return axis;
  const Ring& ring = largest->rings[0];
  Vec2 mean;
  for (Vec2 p : ring) mean = mean + p;
  mean = mean * (1.0 / ring.size());
  double sxx = 0, syy = 0, sxy = 0;
  for (Vec2 p : ring) {
    const Vec2 d = p - mean;
    sxx += d.x * d.x;
    syy += d.y * d.y;
    sxy += d.x * d.y;
  }
  const double angle = 0.5 * std::atan2(2 * sxy, sxx - syy);  // direction of the larger eigenvector
  const Vec2 dirMap{std::cos(angle), std::sin(angle)};
  double lo = 0, hi = 0;
  for (Vec2 p : ring) {
    const Vec2 d = p - anchor;
    const double t = d.x * dirMap.x + d.y * dirMap.y;
    lo = std::min(lo, t);
    hi = std::max(hi, t);
  }
  axis.dirPx = {dirMap.x, -dirMap.y};
  axis.backPx = -lo / view.metresPerPixel;
  axis.forwardPx = hi / view.metresPerPixel;
  return axis;
}

// Label centres to try, best first: the anchor, shifts along the long axis (nearest first, both
// ways), then small nudges around the anchor.
std::vector<Vec2> candidateCentres(const LabelCandidate& c, Vec2 anchorPx, const MapView& view, bool fallbacks) {
  std::vector<Vec2> out{anchorPx};
  if (!fallbacks) return out;
  const double w = c.widthPx, h = c.heightPx;
  if (c.polygon) {
    const LongAxis axis = longAxisOf(*c.polygon, c.anchor, view);
    const double reach = std::max(axis.backPx, axis.forwardPx);
    const double step = std::max(0.5 * h, reach / 12);
    for (double s = step; s <= reach; s += step) {
      if (s <= axis.forwardPx) out.push_back(anchorPx + axis.dirPx * s);
      if (s <= axis.backPx) out.push_back(anchorPx - axis.dirPx * s);
    }
  }
  for (Vec2 off : {Vec2{0, -0.75 * h}, Vec2{0, 0.75 * h}, Vec2{-0.3 * w, 0}, Vec2{0.3 * w, 0}, Vec2{0, -1.5 * h},
                   Vec2{0, 1.5 * h}})
    out.push_back(anchorPx + off);
  return out;
}

}  // namespace

std::vector<PlacedLabel> layoutLabels(std::vector<LabelCandidate> candidates, const MapView& view,
                                      const LabelLayoutOptions& options) {
  std::stable_sort(candidates.begin(), candidates.end(), [](const LabelCandidate& a, const LabelCandidate& b) {
    if (a.priority != b.priority) return a.priority > b.priority;
    return a.id < b.id;
  });
  const double m = options.viewportMarginPx;
  BBox viewport{m, m, view.widthPx - m, view.heightPx - m};
  std::vector<PlacedLabel> placed;
  std::vector<BBox> occupied;  // padded boxes of placed labels and of the obstacles
  for (const BBox& o : options.obstaclesPx)
    if (!o.empty())
      occupied.push_back({o.minx - options.paddingPx / 2, o.miny - options.paddingPx / 2, o.maxx + options.paddingPx / 2,
                          o.maxy + options.paddingPx / 2});

  // Tries the centres in order; `fits` says whether a box (and its centre) may stand for the label.
  auto place = [&](const LabelCandidate& c, const std::vector<Vec2>& centres, auto&& fits) {
    const double w = c.widthPx, h = c.heightPx;
    for (Vec2 center : centres) {
      BBox box{center.x - w / 2, center.y - h / 2, center.x + w / 2, center.y + h / 2};
      if (box.minx < viewport.minx || box.miny < viewport.miny || box.maxx > viewport.maxx ||
          box.maxy > viewport.maxy)
        continue;
      BBox padded{box.minx - options.paddingPx / 2, box.miny - options.paddingPx / 2,
                  box.maxx + options.paddingPx / 2, box.maxy + options.paddingPx / 2};
      bool overlaps = std::any_of(occupied.begin(), occupied.end(), [&](const BBox& o) {
        return padded.minx < o.maxx && o.minx < padded.maxx && padded.miny < o.maxy && o.miny < padded.maxy;
      });
      if (overlaps || !fits(box, center)) continue;
      placed.push_back({c.id, box, center});
      occupied.push_back(padded);
      return true;
    }
    return false;
  };

  // Pass 1: inside the polygon. Pass 2, for those left: overhanging, centre inside.
  std::vector<std::pair<const LabelCandidate*, std::vector<Vec2>>> left;
  for (const auto& c : candidates) {
    if (c.widthPx <= 0 || c.heightPx <= 0) continue;
    auto centres = candidateCentres(c, view.toPixel(c.anchor), view, options.tryFallbackPositions);
    const bool inside = place(c, centres, [&](const BBox& box, Vec2) {
      return !c.polygon || pixelBoxInsidePolygon(box, *c.polygon, view);
    });
    if (!inside && c.polygon && options.allowOverhang) left.emplace_back(&c, std::move(centres));
  }
  for (auto& entry : left) {
    // A named variable, not a structured binding: lambdas may capture bindings only from C++20 on,
    // and clang 14 does not implement that yet.
    const auto* c = entry.first;
    const double areaPx = c->polygon->area() / (view.metresPerPixel * view.metresPerPixel);
    if (areaPx < options.overhangMinAreaRatio * c->widthPx * c->heightPx) continue;
    place(*c, entry.second, [&](const BBox& box, Vec2 center) {
      return pointInMultiPolygon(*c->polygon, view.toMap(center)) &&
             pixelBoxInsideFraction(box, *c->polygon, view) >= options.overhangMinInsideFraction;
    });
  }
  return placed;
}

}  // namespace pk
