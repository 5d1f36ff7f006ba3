#include "core/kernel_density.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <thread>

namespace pk {

DensityGridSpec gridForCellSize(const BBox& extent, double cellSize) {
  DensityGridSpec g;
  if (extent.empty() || !(cellSize > 0)) return g;
  g.minx = extent.minx;
  g.maxy = extent.maxy;
  g.cellSize = cellSize;
  g.cols = std::max(1, int(std::ceil(extent.width() / cellSize - 1e-9)));
  g.rows = std::max(1, int(std::ceil(extent.height() / cellSize - 1e-9)));
  return g;
}

DensityGridSpec gridForSize(const BBox& extent, int cols, int rows) {
  DensityGridSpec g;
  if (extent.empty() || cols < 1 || rows < 1) return g;
  g.minx = extent.minx;
  g.maxy = extent.maxy;
  g.cellSize = std::max(extent.width() / cols, extent.height() / rows);
  if (!(g.cellSize > 0)) g.cellSize = 1;  // a single point: any positive cell size
  g.cols = cols;
  g.rows = rows;
  return g;
}

BBox expandedBy(const BBox& extent, double margin) {
  return {extent.minx - margin, extent.miny - margin, extent.maxx + margin, extent.maxy + margin};
}

DensityGrid kernelDensity(std::span<const WeightedPoint> points, const DensityGridSpec& grid, double bandwidthM,
                          int threads) {
  if (!(bandwidthM > 0) || !std::isfinite(bandwidthM))
    throw std::invalid_argument("kernel density: bandwidth must be a positive number of metres");
  if (grid.cols < 1 || grid.rows < 1 || !(grid.cellSize > 0))
    throw std::invalid_argument("kernel density: the grid has no cells");

  DensityGrid out;
  out.spec = grid;
  const size_t cols = size_t(grid.cols), rows = size_t(grid.rows);
  std::vector<double> sum(cols * rows, 0.0);

  std::vector<WeightedPoint> used;
  used.reserve(points.size());
  for (const auto& p : points) {
    if (std::isfinite(p.position.x) && std::isfinite(p.position.y) && std::isfinite(p.weight) && p.weight != 0) {
      used.push_back(p);
      out.totalWeight += p.weight;
    }
  }

  const double h = bandwidthM, h2 = h * h;
  const double cell = grid.cellSize;
  // K(d) = 3/(pi h^2) (1 - d^2/h^2)^2 = 3/(pi h^6) (h^2 - d^2)^2, in 1/m^2; times 1e6 for per km^2.
  const double scale = 3.0 / (std::numbers::pi * h2 * h2 * h2) * 1e6;
  const double x0 = grid.minx + 0.5 * cell;  // centre of column 0
  const double y0 = grid.maxy - 0.5 * cell;  // centre of row 0

  // Points sorted north to south, so the points whose kernel reaches a row are one contiguous
  // range, found by binary search.
  std::sort(used.begin(), used.end(), [](const WeightedPoint& a, const WeightedPoint& b) {
    return a.position.y != b.position.y ? a.position.y > b.position.y : a.position.x < b.position.x;
  });

  // Row sweep. In row r a point adds w (A - (u - q)^2)^2 over the columns with (u - q)^2 < A, where
  // A = h^2 - dy^2, u = x_c - xMid and q = px - xMid (xMid: the grid's middle, to keep the numbers
  // small). Expanded in powers of u that is a quartic whose five coefficients depend only on the
  // point, so the sum over all points covering a column is one quartic with summed coefficients:
  // walking the columns west to east, a point's coefficients are added where its span starts and
  // subtracted after it ends, and each column costs one Horner evaluation. The work is about
  // (points x rows spanned) + (rows x cols), independent of the kernel's area in cells.
  // Where no point covers a column the result is exactly 0 (the sums are reset, not left at rounding
  // residue); elsewhere the relative error is about 1e-16 * (grid width / h)^4 of one kernel's peak.
  const double xMid = grid.minx + 0.5 * double(cols) * cell;
  const double invCell = 1.0 / cell;

  auto sweepRows = [&](size_t rowBegin, size_t rowEnd) {
    // Per column, the change of the five summed coefficients and of the number of covering points
    // (a difference array: + where a span starts, - one past where it ends).
    std::vector<double> delta((cols + 1) * 5);
    std::vector<long> activeDelta(cols + 1);
    for (size_t r = rowBegin; r < rowEnd; ++r) {
      const double yc = y0 - double(r) * cell;
      auto first = std::lower_bound(used.begin(), used.end(), yc + h,
                                    [](const WeightedPoint& p, double y) { return p.position.y > y; });
      auto last = std::upper_bound(first, used.end(), yc - h,
                                   [](double y, const WeightedPoint& p) { return y > p.position.y; });
      if (first == last) continue;
      std::fill(delta.begin(), delta.end(), 0.0);
      std::fill(activeDelta.begin(), activeDelta.end(), 0);
      bool any = false;
      for (auto it = first; it != last; ++it) {
        const double dy = yc - it->position.y;
        const double A = h2 - dy * dy;  // squared half-width of the disc in this row
        if (A <= 0) continue;
        const double half = std::sqrt(A);
        const double px = it->position.x;
        const double cFirst = std::ceil((px - half - x0) * invCell), cLast = std::floor((px + half - x0) * invCell);
        if (cLast < 0 || cFirst > double(cols) - 1 || cLast < cFirst) continue;
        const size_t c0 = size_t(std::max(cFirst, 0.0));
        const size_t c1 = size_t(std::min(cLast, double(cols) - 1)) + 1;
        const double w = it->weight * scale, q = px - xMid, q2 = q * q;
        const double coef[5] = {w * (A * A - 2 * A * q2 + q2 * q2), w * (4 * A * q - 4 * q2 * q),
                                w * (6 * q2 - 2 * A), w * (-4 * q), w};
        double* in = delta.data() + c0 * 5;
        double* out = delta.data() + c1 * 5;
        for (int m = 0; m < 5; ++m) { in[m] += coef[m]; out[m] -= coef[m]; }
        ++activeDelta[c0];
        --activeDelta[c1];
        any = true;
      }
      if (!any) continue;
      double* row = sum.data() + r * cols;
      double C[5] = {0, 0, 0, 0, 0};
      long active = 0;
      for (size_t c = 0; c < cols; ++c) {
        const double* d = delta.data() + c * 5;
        for (int m = 0; m < 5; ++m) C[m] += d[m];
        active += activeDelta[c];
        if (active == 0) {
          for (double& v : C) v = 0;  // no point covers this column: exactly zero, no residue
          continue;
        }
        const double u = x0 + double(c) * cell - xMid;
        const double value = (((C[4] * u + C[3]) * u + C[2]) * u + C[1]) * u + C[0];
        row[c] = std::max(0.0, value);
      }
    }
  };

  unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  size_t nThreads = threads > 0 ? size_t(threads) : size_t(hw);
  nThreads = std::clamp<size_t>(nThreads, 1, rows);
  if (nThreads == 1) {
    sweepRows(0, rows);
  } else {
    std::vector<std::thread> pool;
    for (size_t t = 0; t < nThreads; ++t) {
      size_t begin = rows * t / nThreads, end = rows * (t + 1) / nThreads;
      pool.emplace_back(sweepRows, begin, end);
    }
    for (auto& th : pool) th.join();
  }

  out.values.resize(cols * rows);
  for (size_t i = 0; i < sum.size(); ++i) {
    out.values[i] = float(sum[i]);
    out.maxValue = std::max(out.maxValue, out.values[i]);
  }
  return out;
}

std::vector<Rgba> defaultDensityRamp() {
  // ColorBrewer YlOrRd, 5 classes (also in palette.cpp; kept here so the heatmap needs nothing else).
  return {{255, 255, 178, 255}, {254, 204, 92, 255}, {253, 141, 60, 255}, {240, 59, 32, 255}, {189, 0, 38, 255}};
}

Rgba densityColor(float value, const DensityRamp& ramp, float gridMax) {
  if (!(value > 0)) return {0, 0, 0, 0};
  const std::vector<Rgba> fallback = ramp.colors.empty() ? defaultDensityRamp() : std::vector<Rgba>{};
  const std::vector<Rgba>& colors = ramp.colors.empty() ? fallback : ramp.colors;
  const float maxValue = ramp.maxValue > 0 ? ramp.maxValue : gridMax;
  const float t = maxValue > 0 ? std::clamp(value / maxValue, 0.0f, 1.0f) : 1.0f;
  Rgba c;
  if (colors.size() == 1) {
    c = colors[0];
  } else {
    const float pos = t * float(colors.size() - 1);
    const size_t i = std::min(size_t(pos), colors.size() - 2);
    const float f = pos - float(i);
    auto mix = [f](std::uint8_t a, std::uint8_t b) {
      return std::uint8_t(std::lround(float(a) + (float(b) - float(a)) * f));
    };
    const Rgba& a = colors[i];
    const Rgba& b = colors[i + 1];
    c = {mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b), mix(a.a, b.a)};
  }
  if (ramp.fadeIn > 0 && t < ramp.fadeIn) {
    const float s = t / ramp.fadeIn;
    const float smooth = s * s * (3 - 2 * s);
    c.a = std::uint8_t(std::lround(float(c.a) * smooth));
  }
  return c;
}

std::vector<std::uint8_t> densityToRgba(const DensityGrid& grid, const DensityRamp& ramp) {
  DensityRamp resolved = ramp;
  if (resolved.colors.empty()) resolved.colors = defaultDensityRamp();
  std::vector<std::uint8_t> rgba(grid.values.size() * 4);
  for (size_t i = 0; i < grid.values.size(); ++i) {
    Rgba c = densityColor(grid.values[i], resolved, grid.maxValue);
    rgba[4 * i + 0] = c.r;
    rgba[4 * i + 1] = c.g;
    rgba[4 * i + 2] = c.b;
    rgba[4 * i + 3] = c.a;
  }
  return rgba;
}

}  // namespace pk
