#include "core/spatial_index.h"

#include <algorithm>
#include <cmath>

namespace pk {

PolygonIndex::PolygonIndex(const Layer& layer) : layer_(&layer) {
  for (const auto& f : layer.features) bounds_.add(f.bbox);
  if (bounds_.empty()) return;
  // About four polygons' worth of cells per polygon keeps candidate lists short.
  const size_t n = std::max<size_t>(1, layer.features.size());
  const double cells = std::clamp<double>(double(n) * 16, 64, 65536);
  const double aspect = std::max(bounds_.width(), 1e-9) / std::max(bounds_.height(), 1e-9);
  nx_ = std::max(1, int(std::sqrt(cells * aspect)));
  ny_ = std::max(1, int(cells / nx_));
  cellW_ = std::max(bounds_.width() / nx_, 1e-9);
  cellH_ = std::max(bounds_.height() / ny_, 1e-9);
  cells_.assign(size_t(nx_) * ny_, {});
  for (size_t i = 0; i < layer.features.size(); ++i) {
    const BBox& b = layer.features[i].bbox;
    if (b.empty()) continue;
    const int x0 = std::clamp(int((b.minx - bounds_.minx) / cellW_), 0, nx_ - 1);
    const int x1 = std::clamp(int((b.maxx - bounds_.minx) / cellW_), 0, nx_ - 1);
    const int y0 = std::clamp(int((b.miny - bounds_.miny) / cellH_), 0, ny_ - 1);
    const int y1 = std::clamp(int((b.maxy - bounds_.miny) / cellH_), 0, ny_ - 1);
    for (int y = y0; y <= y1; ++y)
      for (int x = x0; x <= x1; ++x) cells_[size_t(y) * nx_ + x].push_back(int(i));
  }
}

int PolygonIndex::find(Vec2 p) const {
  if (!layer_ || !bounds_.contains(p)) return -1;
  const int x = std::clamp(int((p.x - bounds_.minx) / cellW_), 0, nx_ - 1);
  const int y = std::clamp(int((p.y - bounds_.miny) / cellH_), 0, ny_ - 1);
  for (int i : cells_[size_t(y) * nx_ + x]) {
    const Feature& f = layer_->features[i];
    if (f.bbox.contains(p) && pointInMultiPolygon(f.polygon, p)) return i;
  }
  return -1;
}

}  // namespace pk
