#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <random>
#include <stdexcept>

#include "core/kernel_density.h"

using namespace pk;

namespace {

// The quartic kernel written out independently of the implementation, per km^2.
double quarticPerKm2(double d, double h) {
  if (d >= h) return 0;
  double u = d / h;
  return 3.0 / (std::numbers::pi * h * h) * (1 - u * u) * (1 - u * u) * 1e6;
}

double integral(const DensityGrid& g) {
  double s = 0;
  for (float v : g.values) s += v;
  return s * g.spec.cellAreaKm2();
}

std::vector<WeightedPoint> randomPoints(std::mt19937& rng, size_t n, const BBox& box, bool weighted) {
  std::uniform_real_distribution<double> x(box.minx, box.maxx), y(box.miny, box.maxy), w(0.5, 2.0);
  std::vector<WeightedPoint> pts(n);
  for (auto& p : pts) p = {{x(rng), y(rng)}, weighted ? w(rng) : 1.0};
  return pts;
}

}  // namespace

TEST_CASE("grid specs cover the extent with square north-up cells") {
  BBox box{1000, 2000, 1950, 2420};
  DensityGridSpec g = gridForCellSize(box, 100);
  CHECK(g.cols == 10);
  CHECK(g.rows == 5);
  CHECK(g.extent().minx == 1000);
  CHECK(g.extent().maxy == 2420);
  CHECK(g.extent().maxx >= box.maxx);
  CHECK(g.extent().miny <= box.miny);
  CHECK(g.cellCenter(0, 0).x == 1050);
  CHECK(g.cellCenter(0, 0).y == 2370);  // row 0 is the top row
  CHECK(gridForCellSize(BBox{0, 0, 1000, 1000}, 100).cols == 10);  // exact fit adds no extra column

  DensityGridSpec s = gridForSize(box, 512, 512);
  CHECK(s.cols == 512);
  CHECK(s.rows == 512);
  CHECK(s.cellSize == doctest::Approx(950.0 / 512));
  CHECK(s.extent().maxx >= box.maxx - 1e-9);
  CHECK(s.extent().miny <= box.miny + 1e-9);
  CHECK(gridForSize(BBox{}, 10, 10).cols == 0);
}

TEST_CASE("the density integrates to the weighted point count when the grid holds every kernel") {
  std::mt19937 rng(11);
  BBox box{700000, 9200000, 712000, 9209000};
  const double h = 1500;
  for (bool weighted : {false, true}) {
    auto pts = randomPoints(rng, 800, box, weighted);
    DensityGrid g = kernelDensity(pts, gridForCellSize(expandedBy(box, h + 100), 50), h);
    double total = 0;
    for (auto& p : pts) total += p.weight;
    CHECK(g.totalWeight == doctest::Approx(total));
    CHECK(integral(g) == doctest::Approx(total).epsilon(0.002));
  }
  // A coarser grid still integrates well (midpoint rule over a smooth kernel).
  auto pts = randomPoints(rng, 300, box, true);
  DensityGrid coarse = kernelDensity(pts, gridForCellSize(expandedBy(box, h + 500), 250), h);
  CHECK(integral(coarse) == doctest::Approx(coarse.totalWeight).epsilon(0.01));
}

TEST_CASE("a single point: the quartic peak, radial symmetry and nothing beyond the bandwidth") {
  const double cell = 10, h = 200;
  DensityGridSpec g{0, 1000, cell, 101, 101};
  Vec2 centre = g.cellCenter(50, 50);
  std::vector<WeightedPoint> one{{centre, 3.0}};
  DensityGrid d = kernelDensity(one, g, h, 1);
  CHECK(d.at(50, 50) == doctest::Approx(3.0 * quarticPerKm2(0, h)).epsilon(1e-6));
  CHECK(d.maxValue == d.at(50, 50));
  for (int i = 0; i <= 25; ++i) {
    for (int j = 0; j <= 25; ++j) {
      float v = d.at(50 + i, 50 + j);
      CHECK(d.at(50 - i, 50 + j) == v);
      CHECK(d.at(50 + i, 50 - j) == v);
      CHECK(d.at(50 - i, 50 - j) == v);
      CHECK(d.at(50 + j, 50 + i) == doctest::Approx(v).epsilon(1e-6));  // also under swapping axes
      double dist = cell * std::hypot(i, j);
      CHECK(v == doctest::Approx(3.0 * quarticPerKm2(dist, h)).epsilon(1e-5).scale(1e-3));
    }
  }
  CHECK(d.at(50 + 19, 50) > 0);   // 190 m
  CHECK(d.at(50 + 20, 50) == 0);  // 200 m: the kernel's edge
  CHECK(d.at(50 + 15, 50 + 15) == 0);  // 212 m
}

TEST_CASE("bandwidth scaling: twice the bandwidth on twice the cells gives a quarter of the density") {
  std::vector<WeightedPoint> pts{{{505, 495}, 1.0}, {{610, 380}, 2.0}, {{420, 600}, 0.5}};
  DensityGrid a = kernelDensity(pts, DensityGridSpec{0, 1000, 10, 100, 100}, 150);
  // Scale space by 2 around the origin: points, cells and bandwidth.
  std::vector<WeightedPoint> scaled;
  for (auto p : pts) scaled.push_back({{2 * p.position.x, 2 * p.position.y}, p.weight});
  DensityGrid b = kernelDensity(scaled, DensityGridSpec{0, 2000, 20, 100, 100}, 300);
  REQUIRE(a.values.size() == b.values.size());
  for (size_t i = 0; i < a.values.size(); ++i) CHECK(b.values[i] == doctest::Approx(a.values[i] / 4).epsilon(1e-5));
  // Same points, double bandwidth on the same grid: peak falls, total stays.
  DensityGrid wide = kernelDensity(pts, DensityGridSpec{0, 1000, 10, 100, 100}, 300);
  CHECK(wide.maxValue < a.maxValue);
  CHECK(integral(wide) == doctest::Approx(integral(a)).epsilon(0.005));
}

TEST_CASE("splatting equals the direct sum over points at every cell, for any thread count") {
  std::mt19937 rng(5);
  DensityGridSpec g{-300, 1200, 25, 48, 36};  // covers x -300..900, y 300..1200
  // Points inside, on edges and outside the grid (their kernels reach in partly).
  auto pts = randomPoints(rng, 250, BBox{-600, 0, 1200, 1500}, true);
  pts.push_back({{std::numeric_limits<double>::quiet_NaN(), 500}, 1});  // skipped
  pts.push_back({{400, 700}, std::numeric_limits<double>::infinity()}); // skipped
  const double h = 180;
  DensityGrid one = kernelDensity(pts, g, h, 1);
  for (int r = 0; r < g.rows; ++r) {
    for (int c = 0; c < g.cols; ++c) {
      Vec2 centre = g.cellCenter(c, r);
      double expected = 0;
      for (auto& p : pts) {
        if (!std::isfinite(p.position.x) || !std::isfinite(p.weight)) continue;
        expected += p.weight * quarticPerKm2(std::hypot(centre.x - p.position.x, centre.y - p.position.y), h);
      }
      CHECK(one.at(c, r) == doctest::Approx(expected).epsilon(1e-5).scale(1e-3));
    }
  }
  for (int threads : {2, 3, 7, 64}) CHECK(kernelDensity(pts, g, h, threads).values == one.values);
  CHECK(one.totalWeight == doctest::Approx([&] {
          double s = 0;
          for (size_t i = 0; i + 2 < pts.size(); ++i) s += pts[i].weight;
          return s;
        }()));
}

TEST_CASE("bad parameters are refused with a clear message") {
  std::vector<WeightedPoint> pts{{{0, 0}, 1}};
  DensityGridSpec g{0, 100, 10, 10, 10};
  CHECK_THROWS_AS(kernelDensity(pts, g, 0), std::invalid_argument);
  CHECK_THROWS_AS(kernelDensity(pts, g, -5), std::invalid_argument);
  CHECK_THROWS_AS(kernelDensity(pts, DensityGridSpec{}, 100), std::invalid_argument);
  CHECK_THROWS_WITH(kernelDensity(pts, g, std::numeric_limits<double>::quiet_NaN()),
                    "kernel density: bandwidth must be a positive number of metres");
  DensityGrid empty = kernelDensity(std::vector<WeightedPoint>{}, g, 50);
  CHECK(empty.maxValue == 0);
  CHECK(empty.values.size() == 100);
}

TEST_CASE("colour ramp: transparent at zero, fading in, the ramp's last colour at the maximum") {
  DensityRamp ramp;  // default YlOrRd, fadeIn 0.15
  const float max = 80;
  CHECK(densityColor(0, ramp, max) == Rgba{0, 0, 0, 0});
  CHECK(densityColor(-1, ramp, max).a == 0);
  CHECK(densityColor(max, ramp, max) == Rgba{189, 0, 38, 255});
  CHECK(densityColor(2 * max, ramp, max) == Rgba{189, 0, 38, 255});  // clamped
  Rgba low = densityColor(0.001f, ramp, max);
  CHECK(low.a < 5);
  CHECK(densityColor(0.15f * max, ramp, max).a == 255);
  int lastAlpha = 0;
  for (int i = 1; i <= 100; ++i) {
    Rgba c = densityColor(max * float(i) / 100, ramp, max);
    CHECK(c.a >= lastAlpha);
    lastAlpha = c.a;
  }
  // Interpolation between the two stops of a custom ramp, and a fixed maximum.
  DensityRamp two{{{0, 0, 255, 255}, {255, 0, 0, 255}}, 100, 0};
  CHECK(densityColor(50, two, 1) == Rgba{128, 0, 128, 255});
  CHECK(densityColor(100, two, 1) == Rgba{255, 0, 0, 255});

  // The texture: top row first, 4 bytes per cell, zero cells transparent.
  DensityGridSpec g{0, 100, 10, 10, 10};
  std::vector<WeightedPoint> top{{{55, 95}, 1}};  // in the top row
  DensityGrid d = kernelDensity(top, g, 12);
  auto rgba = densityToRgba(d);
  REQUIRE(rgba.size() == 400);
  CHECK(rgba[(0 * 10 + 5) * 4 + 3] == 255);   // top row, column 5: the peak
  CHECK(rgba[(9 * 10 + 5) * 4 + 3] == 0);     // bottom row: nothing
}
