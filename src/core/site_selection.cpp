#include "core/site_selection.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "core/layer.h"
#include "core/name_matching.h"
#include "core/spatial_index.h"

namespace pk {

namespace {

void validate(const CoverageProblem& p) {
  if (!std::isfinite(p.radius) || p.radius <= 0)
    throw std::invalid_argument("coverage radius must be a positive number of metres");
  if (p.newSites < 0) throw std::invalid_argument("number of new sites must not be negative");
  if (!p.weights.empty()) {
    if (p.weights.size() != p.beneficiaries.size())
      throw std::invalid_argument("beneficiary weights: " + std::to_string(p.weights.size()) + " for " +
                                  std::to_string(p.beneficiaries.size()) + " beneficiaries");
    for (double w : p.weights)
      if (!std::isfinite(w) || w < 0) throw std::invalid_argument("beneficiary weights must be finite and >= 0");
  }
}

double weightOf(const CoverageProblem& p, size_t i) { return p.weights.empty() ? 1.0 : p.weights[i]; }

bool within(Vec2 a, Vec2 b, double radius2) {
  const double dx = a.x - b.x, dy = a.y - b.y;
  return dx * dx + dy * dy <= radius2;
}

// Points (beneficiaries or candidates) bucketed in a uniform grid (compressed rows), so a radius query touches only the
// cells around the query point. Cells are half the radius wide; on huge extents they grow so the
// grid stays at most ~1024 cells a side.
class PointGrid {
 public:
  // Indexes the points whose indices are listed in `subset` (all points when `subset` is null).
  PointGrid(const std::vector<Vec2>& points, double radius, const std::vector<int>* subset = nullptr)
      : points_(points), radius2_(radius * radius) {
    std::vector<int> all;
    if (!subset) {
      all.resize(points.size());
      for (size_t i = 0; i < points.size(); ++i) all[i] = static_cast<int>(i);
      subset = &all;
    }
    for (int i : *subset) bounds_.add(points[i]);
    if (bounds_.empty()) return;
    // Half-radius cells: a query scans about 6.25 R^2 instead of 9 R^2 with radius-wide cells.
    cell_ = std::max(radius / 2, std::max(bounds_.width(), bounds_.height()) / 1024.0);
    nx_ = static_cast<int>(bounds_.width() / cell_) + 1;
    ny_ = static_cast<int>(bounds_.height() / cell_) + 1;
    start_.assign(static_cast<size_t>(nx_) * ny_ + 1, 0);
    std::vector<int> cellOf(subset->size());
    for (size_t k = 0; k < subset->size(); ++k) {
      const Vec2 p = points[(*subset)[k]];
      cellOf[k] = cellIndex(cellX(p.x), cellY(p.y));
      ++start_[cellOf[k] + 1];
    }
    for (size_t c = 1; c < start_.size(); ++c) start_[c] += start_[c - 1];
    items_.resize(subset->size());
    std::vector<int> fill(start_.begin(), start_.end() - 1);
    for (size_t k = 0; k < subset->size(); ++k) items_[fill[cellOf[k]]++] = (*subset)[k];
  }

  // Calls f(index) for every point within the radius of q, in ascending cell then index order.
  template <class F>
  void forEachWithin(Vec2 q, F&& f) const {
    if (bounds_.empty()) return;
    const double r = std::sqrt(radius2_);
    const int x0 = std::max(0, cellX(q.x - r)), x1 = std::min(nx_ - 1, cellX(q.x + r));
    const int y0 = std::max(0, cellY(q.y - r)), y1 = std::min(ny_ - 1, cellY(q.y + r));
    for (int cy = y0; cy <= y1; ++cy)
      for (int cx = x0; cx <= x1; ++cx) {
        const int c = cellIndex(cx, cy);
        for (int k = start_[c]; k < start_[c + 1]; ++k)
          if (within(points_[items_[k]], q, radius2_)) f(items_[k]);
      }
  }

 private:
  int cellX(double x) const { return static_cast<int>(std::floor((x - bounds_.minx) / cell_)); }
  int cellY(double y) const { return static_cast<int>(std::floor((y - bounds_.miny) / cell_)); }
  int cellIndex(int cx, int cy) const { return cy * nx_ + cx; }

  const std::vector<Vec2>& points_;
  double radius2_;
  BBox bounds_;
  double cell_ = 1;
  int nx_ = 0, ny_ = 0;
  std::vector<int> start_, items_;
};

// Marks beneficiaries covered by existing mentors; returns their weight.
double coverByMentors(const CoverageProblem& p, const PointGrid& grid, std::vector<char>& covered) {
  double weight = 0;
  for (Vec2 m : p.existingMentors)
    grid.forEachWithin(m, [&](int i) {
      if (!covered[i]) {
        covered[i] = 1;
        weight += weightOf(p, i);
      }
    });
  return weight;
}

double totalWeight(const CoverageProblem& p) {
  double total = 0;
  for (size_t i = 0; i < p.beneficiaries.size(); ++i) total += weightOf(p, i);
  return total;
}

}  // namespace

SiteSelection selectSitesGreedy(const CoverageProblem& problem) {
  validate(problem);
  SiteSelection result;
  result.totalWeight = totalWeight(problem);
  const PointGrid grid(problem.beneficiaries, problem.radius);
  std::vector<char> covered(problem.beneficiaries.size(), 0);
  result.coveredBefore = coverByMentors(problem, grid, covered);

  // Every candidate's gain (open weight within reach) is counted once, then kept current: each newly
  // covered beneficiary takes its weight off the candidates within reach. No per-candidate lists,
  // so memory stays O(beneficiaries + candidates) for any radius.
  // Beneficiaries the fixed mentors cover never count again: the rest get a grid of their own.
  std::vector<int> openIndices;
  for (size_t i = 0; i < covered.size(); ++i)
    if (!covered[i]) openIndices.push_back(static_cast<int>(i));
  const PointGrid open(problem.beneficiaries, problem.radius, &openIndices);
  const size_t nc = problem.candidates.size();
  const PointGrid candidateGrid(problem.candidates, problem.radius);
  std::vector<double> gain(nc, 0.0);
  for (size_t c = 0; c < nc; ++c)
    open.forEachWithin(problem.candidates[c], [&](int i) { gain[c] += weightOf(problem, i); });
  // Gains equal up to rounding (fractional weights summed in different orders) count as ties.
  const double tieTolerance = 1e-9 * std::max(1.0, result.totalWeight);
  std::vector<char> used(nc, 0);
  result.coveredAfter = result.coveredBefore;
  while (static_cast<int>(result.picks.size()) < problem.newSites) {
    double best = 0;
    for (size_t c = 0; c < nc; ++c)
      if (!used[c] && gain[c] > best) best = gain[c];
    int pick = -1;
    for (size_t c = 0; c < nc && pick < 0; ++c)
      if (!used[c] && best > 0 && gain[c] >= best - tieTolerance) pick = static_cast<int>(c);
    double newly = 0;
    if (pick >= 0)
      open.forEachWithin(problem.candidates[pick], [&](int i) {
        if (covered[i]) return;
        covered[i] = 1;
        const double w = weightOf(problem, i);
        newly += w;
        candidateGrid.forEachWithin(problem.beneficiaries[i], [&](int c) { gain[c] -= w; });
      });
    if (!(newly > 0)) {  // no candidate left, or none reaches anyone new: no useless proposals
      result.stoppedEarly = true;
      break;
    }
    used[pick] = 1;
    result.picks.push_back(pick);
    result.newlyCovered.push_back(newly);
    result.coveredAfter += newly;
  }
  return result;
}

SiteSelection selectSitesBruteForce(const CoverageProblem& problem, std::uint64_t maxCombinations) {
  validate(problem);
  SiteSelection result;
  result.totalWeight = totalWeight(problem);
  const size_t nb = problem.beneficiaries.size(), nc = problem.candidates.size();
  const size_t k = std::min(static_cast<size_t>(problem.newSites), nc);

  // C(nc, k) with an overflow guard.
  std::uint64_t combinations = 1;
  for (size_t i = 1; i <= k; ++i) {
    combinations = combinations * (nc - k + i) / i;
    if (combinations > maxCombinations)
      throw std::invalid_argument("brute force would try more than " + std::to_string(maxCombinations) + " site sets");
  }

  const double r2 = problem.radius * problem.radius;
  std::vector<char> coveredBefore(nb, 0);
  for (size_t i = 0; i < nb; ++i)
    for (Vec2 m : problem.existingMentors)
      if (within(problem.beneficiaries[i], m, r2)) coveredBefore[i] = 1;
  for (size_t i = 0; i < nb; ++i)
    if (coveredBefore[i]) result.coveredBefore += weightOf(problem, i);

  const size_t words = (nb + 63) / 64;
  std::vector<std::vector<std::uint64_t>> reach(nc, std::vector<std::uint64_t>(words, 0));
  for (size_t c = 0; c < nc; ++c)
    for (size_t i = 0; i < nb; ++i)
      if (!coveredBefore[i] && within(problem.beneficiaries[i], problem.candidates[c], r2))
        reach[c][i / 64] |= std::uint64_t{1} << (i % 64);

  auto unionWeight = [&](const std::vector<std::uint64_t>& bits) {
    double w = 0;
    for (size_t word = 0; word < words; ++word)
      for (std::uint64_t b = bits[word]; b; b &= b - 1)
        w += weightOf(problem, word * 64 + static_cast<size_t>(__builtin_ctzll(b)));
    return w;
  };

  std::vector<size_t> combo(k), best;
  for (size_t i = 0; i < k; ++i) combo[i] = i;
  double bestGain = -1;
  std::vector<std::uint64_t> bits(words);
  while (true) {
    std::fill(bits.begin(), bits.end(), 0);
    for (size_t c : combo)
      for (size_t word = 0; word < words; ++word) bits[word] |= reach[c][word];
    const double gain = unionWeight(bits);
    if (gain > bestGain) {
      bestGain = gain;
      best = combo;
    }
    // Next combination in lexicographic order.
    size_t i = k;
    while (i > 0 && combo[i - 1] == nc - k + i - 1) --i;
    if (i == 0) break;
    ++combo[i - 1];
    for (size_t j = i; j < k; ++j) combo[j] = combo[j - 1] + 1;
  }

  std::fill(bits.begin(), bits.end(), 0);
  double soFar = 0;
  for (size_t c : best) {
    for (size_t word = 0; word < words; ++word) bits[word] |= reach[c][word];
    const double now = unionWeight(bits);
    result.picks.push_back(static_cast<int>(c));
    result.newlyCovered.push_back(now - soFar);
    soFar = now;
  }
  result.coveredAfter = result.coveredBefore + soFar;
  result.stoppedEarly = k < static_cast<size_t>(problem.newSites);
  return result;
}

double coveredWeight(const CoverageProblem& problem, const std::vector<int>& sites) {
  validate(problem);
  const PointGrid grid(problem.beneficiaries, problem.radius);
  std::vector<char> covered(problem.beneficiaries.size(), 0);
  double weight = coverByMentors(problem, grid, covered);
  for (int s : sites) {
    if (s < 0 || static_cast<size_t>(s) >= problem.candidates.size())
      throw std::invalid_argument("site index " + std::to_string(s) + " is not a candidate");
    grid.forEachWithin(problem.candidates[s], [&](int i) {
      if (!covered[i]) {
        covered[i] = 1;
        weight += weightOf(problem, i);
      }
    });
  }
  return weight;
}

std::vector<Vec2> gridCandidates(const std::vector<MultiPolygon>& areas, double spacing) {
  if (!std::isfinite(spacing) || spacing <= 0)
    throw std::invalid_argument("candidate grid spacing must be a positive number of metres");
  std::vector<BBox> boxes;
  BBox all;
  for (const auto& a : areas) {
    boxes.push_back(a.bbox());
    all.add(boxes.back());
  }
  std::vector<Vec2> out;
  if (all.empty()) return out;
  const double i0 = std::ceil(all.minx / spacing), i1 = std::floor(all.maxx / spacing);
  const double j0 = std::ceil(all.miny / spacing), j1 = std::floor(all.maxy / spacing);
  if ((i1 - i0 + 1) * (j1 - j0 + 1) > 1e7)
    throw std::invalid_argument("candidate grid would have more than 10 million points; use a larger spacing");
  for (double j = j1; j >= j0; --j)  // north to south
    for (double i = i0; i <= i1; ++i) {  // west to east
      const Vec2 p{i * spacing, j * spacing};
      for (size_t a = 0; a < areas.size(); ++a)
        if (boxes[a].contains(p) && pointInMultiPolygon(areas[a], p)) {
          out.push_back(p);
          break;
        }
    }
  return out;
}

std::vector<SiteLocation> locateSites(const std::vector<Vec2>& sites, const std::vector<const Layer*>& polygonLayers) {
  std::vector<SiteLocation> out(sites.size());
  const Layer* kecamatan = nullptr;
  const Layer* desa = nullptr;
  for (const Layer* layer : polygonLayers) {
    if (!layer || layer->kind != GeometryKind::Polygon || layer->features.empty()) continue;
    const Layer*& slot = PlaceMatcher(*layer).isDesaLevel() ? desa : kecamatan;
    if (!slot) slot = layer;
  }
  auto name = [&](const Layer* layer, std::string SiteLocation::*field) {
    if (!layer) return;
    const PolygonIndex index(*layer);
    for (size_t k = 0; k < sites.size(); ++k) {
      const int feature = index.find(sites[k]);
      if (feature >= 0) out[k].*field = layer->featureName(static_cast<size_t>(feature));
    }
  };
  name(kecamatan, &SiteLocation::kecamatan);
  name(desa, &SiteLocation::desa);
  return out;
}

}  // namespace pk
