#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "core/layer_io.h"
#include "core/projection.h"
#include "core/site_selection.h"
#include "layer_fixtures.h"

using namespace pk;

namespace {

// Greedy without any cleverness (no grid, no lazy evaluation), to check the fast one step by step.
SiteSelection naiveGreedy(const CoverageProblem& p) {
  const double r2 = p.radius * p.radius;
  auto w = [&](size_t i) { return p.weights.empty() ? 1.0 : p.weights[i]; };
  auto near = [&](Vec2 a, Vec2 b) { return (a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y) <= r2; };
  std::vector<char> covered(p.beneficiaries.size(), 0);
  SiteSelection s;
  for (size_t i = 0; i < p.beneficiaries.size(); ++i) {
    s.totalWeight += w(i);
    for (Vec2 m : p.existingMentors)
      if (near(p.beneficiaries[i], m)) covered[i] = 1;
    if (covered[i]) s.coveredBefore += w(i);
  }
  s.coveredAfter = s.coveredBefore;
  std::vector<char> used(p.candidates.size(), 0);
  while (static_cast<int>(s.picks.size()) < p.newSites) {
    int best = -1;
    double bestGain = 0;
    for (size_t c = 0; c < p.candidates.size(); ++c) {
      if (used[c]) continue;
      double gain = 0;
      for (size_t i = 0; i < p.beneficiaries.size(); ++i)
        if (!covered[i] && near(p.beneficiaries[i], p.candidates[c])) gain += w(i);
      if (gain > bestGain) {
        bestGain = gain;
        best = static_cast<int>(c);
      }
    }
    if (best < 0) {
      s.stoppedEarly = true;
      break;
    }
    used[best] = 1;
    for (size_t i = 0; i < p.beneficiaries.size(); ++i)
      if (near(p.beneficiaries[i], p.candidates[best])) covered[i] = 1;
    s.picks.push_back(best);
    s.newlyCovered.push_back(bestGain);
    s.coveredAfter += bestGain;
  }
  return s;
}

// On a line: 3 beneficiaries at x=-0.9 and 3 at x=0.9 (the middle candidate reaches all six), and
// 2 more at each end that only the side candidates reach. Greedy takes the middle (6) then a side
// (+2) = 8; the two sides together cover 10.
CoverageProblem greedyTrap() {
  CoverageProblem p;
  for (int k = 0; k < 3; ++k) p.beneficiaries.push_back({-0.9, 0});
  for (int k = 0; k < 3; ++k) p.beneficiaries.push_back({0.9, 0});
  for (int k = 0; k < 2; ++k) p.beneficiaries.push_back({-2.5, 0});
  for (int k = 0; k < 2; ++k) p.beneficiaries.push_back({2.5, 0});
  p.candidates = {{-1.8, 0}, {0, 0}, {1.8, 0}};
  p.radius = 1.0;
  p.newSites = 2;
  return p;
}

double uniformish(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

MultiPolygon rectangle(double x0, double y0, double x1, double y1) {
  MultiPolygon mp;
  mp.parts.push_back(Polygon{{Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}}});
  return mp;
}

}  // namespace

TEST_CASE("greedy is provably suboptimal on the trap instance, by exactly 2") {
  auto p = greedyTrap();
  auto g = selectSitesGreedy(p);
  CHECK(g.picks == std::vector<int>{1, 0});  // middle, then the earlier of two equal sides
  CHECK(g.newlyCovered == std::vector<double>{6, 2});
  CHECK(g.coveredBefore == 0);
  CHECK(g.coveredAfter == 8);
  CHECK(g.totalWeight == 10);
  CHECK_FALSE(g.stoppedEarly);
  auto b = selectSitesBruteForce(p);
  CHECK(b.picks == std::vector<int>{0, 2});
  CHECK(b.coveredAfter == 10);
  CHECK(b.coveredAfter - g.coveredAfter == 2);
  CHECK(coveredWeight(p, g.picks) == g.coveredAfter);
  CHECK(coveredWeight(p, b.picks) == b.coveredAfter);
}

TEST_CASE("existing mentors stay fixed: what they cover is not new") {
  auto p = greedyTrap();
  p.existingMentors = {{0, 0}};
  auto g = selectSitesGreedy(p);
  CHECK(g.coveredBefore == 6);
  CHECK(g.picks == std::vector<int>{0, 2});  // the middle adds nothing now
  CHECK(g.newlyCovered == std::vector<double>{2, 2});
  CHECK(g.coveredAfter == 10);
  CHECK(selectSitesBruteForce(p).coveredAfter == 10);
}

TEST_CASE("ties go to the earlier candidate; coverage includes the radius itself") {
  CoverageProblem p;
  p.beneficiaries = {{0, 0}, {10, 0}};
  p.candidates = {{100, 100}, {3, 4}, {7, 4}, {3, 4}};  // 1 and 3 are the same place
  p.radius = 5;  // (3,4) is exactly 5 from (0,0); (7,4) exactly 5 from (10,0)
  p.newSites = 1;
  auto g = selectSitesGreedy(p);
  CHECK(g.picks == std::vector<int>{1});
  CHECK(g.newlyCovered == std::vector<double>{1});
  p.newSites = 3;
  g = selectSitesGreedy(p);
  CHECK(g.picks == std::vector<int>{1, 2});
  CHECK(g.stoppedEarly);  // nothing left to cover: no third site that reaches nobody
  CHECK(g.coveredAfter == 2);
  // Weights change the choice: the beneficiary at (10,0) now counts 3.
  p.newSites = 1;
  p.weights = {1, 3};
  g = selectSitesGreedy(p);
  CHECK(g.picks == std::vector<int>{2});
  CHECK(g.newlyCovered == std::vector<double>{3});
}

TEST_CASE("edge cases and bad input") {
  CoverageProblem p;
  p.radius = 1000;
  auto g = selectSitesGreedy(p);  // nothing at all
  CHECK(g.picks.empty());
  CHECK(g.stoppedEarly);
  CHECK(g.totalWeight == 0);
  p.beneficiaries = {{0, 0}};
  p.candidates = {{0, 0}};
  p.newSites = 0;
  g = selectSitesGreedy(p);
  CHECK(g.picks.empty());
  CHECK_FALSE(g.stoppedEarly);
  p.radius = 0;
  CHECK_THROWS_AS(selectSitesGreedy(p), std::invalid_argument);
  p.radius = NAN;
  CHECK_THROWS_AS(selectSitesGreedy(p), std::invalid_argument);
  p.radius = 10;
  p.newSites = -1;
  CHECK_THROWS_AS(selectSitesGreedy(p), std::invalid_argument);
  p.newSites = 1;
  p.weights = {1, 2};
  CHECK_THROWS_AS(selectSitesGreedy(p), std::invalid_argument);
  p.weights = {-1};
  CHECK_THROWS_AS(selectSitesGreedy(p), std::invalid_argument);
  p.weights.clear();
  CHECK_THROWS_AS(coveredWeight(p, {1}), std::invalid_argument);
  // Brute force refuses instances too large to enumerate.
  CoverageProblem big;
  big.radius = 1;
  big.newSites = 10;
  for (int i = 0; i < 60; ++i) big.candidates.push_back({double(i), 0});
  CHECK_THROWS_AS(selectSitesBruteForce(big), std::invalid_argument);
}

TEST_CASE("greedy against brute force on many small seeded instances") {
  int optimal = 0, suboptimal = 0;
  double worstRatio = 1;
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    std::mt19937_64 rng(seed);
    auto coord = [&](int range) { return static_cast<double>(rng() % static_cast<std::uint64_t>(range)); };
    CoverageProblem p;
    const int nb = 10 + static_cast<int>(rng() % 40);
    const int nc = 4 + static_cast<int>(rng() % 9);
    const int nm = static_cast<int>(rng() % 3);
    // Integer coordinates on a small field make ties and exact-radius distances common.
    for (int i = 0; i < nb; ++i) p.beneficiaries.push_back({coord(20), coord(20)});
    for (int i = 0; i < nc; ++i) p.candidates.push_back({coord(20), coord(20)});
    for (int i = 0; i < nm; ++i) p.existingMentors.push_back({coord(20), coord(20)});
    if (seed % 3 == 0)
      for (int i = 0; i < nb; ++i) p.weights.push_back(static_cast<double>(1 + rng() % 4));
    p.radius = 3 + static_cast<double>(rng() % 4);
    p.newSites = 1 + static_cast<int>(rng() % 4);
    CAPTURE(seed);

    auto g = selectSitesGreedy(p);
    auto n = naiveGreedy(p);
    CHECK(g.picks == n.picks);  // lazy evaluation and the tie rule change nothing
    CHECK(g.newlyCovered == n.newlyCovered);
    CHECK(g.coveredBefore == n.coveredBefore);
    CHECK(g.coveredAfter == coveredWeight(p, g.picks));
    CHECK(std::is_sorted(g.newlyCovered.rbegin(), g.newlyCovered.rend()));  // gains only shrink

    auto b = selectSitesBruteForce(p);
    CHECK(b.coveredBefore == g.coveredBefore);
    CHECK(b.coveredAfter == coveredWeight(p, b.picks));
    CHECK(g.coveredAfter <= b.coveredAfter);
    const double gainGreedy = g.coveredAfter - g.coveredBefore, gainBest = b.coveredAfter - b.coveredBefore;
    // The classic guarantee for greedy maximal covering: at least (1 - 1/e) of the optimum.
    CHECK(gainGreedy >= (1 - 1 / std::exp(1.0)) * gainBest - 1e-9);
    if (g.coveredAfter == b.coveredAfter) {
      ++optimal;
    } else {
      ++suboptimal;
      worstRatio = std::min(worstRatio, gainGreedy / gainBest);
      MESSAGE("seed " << seed << ": greedy covers " << g.coveredAfter << ", optimum " << b.coveredAfter << " (gap "
                      << b.coveredAfter - g.coveredAfter << ", P=" << p.newSites << ", " << nc << " candidates)");
    }
  }
  MESSAGE("greedy optimal on " << optimal << " of " << optimal + suboptimal
                               << " instances; worst new-coverage ratio " << worstRatio);
  CHECK(optimal > 0);
}

TEST_CASE("grid candidates: multiples of the spacing inside the areas, north to south then west to east") {
  auto pts = gridCandidates({rectangle(-500, -500, 2500, 1500)}, 1000);
  CHECK(pts == std::vector<Vec2>{{0, 1000}, {1000, 1000}, {2000, 1000}, {0, 0}, {1000, 0}, {2000, 0}});
  // Two overlapping areas: each point once, still in grid order.
  pts = gridCandidates({rectangle(1500, -500, 3500, 500), rectangle(-500, -500, 2500, 1500)}, 1000);
  CHECK(pts == std::vector<Vec2>{{0, 1000}, {1000, 1000}, {2000, 1000}, {0, 0}, {1000, 0}, {2000, 0}, {3000, 0}});
  // A hole leaves its points out; a triangle keeps only what is inside.
  MultiPolygon holed = rectangle(-500, -500, 2500, 2500);
  holed.parts[0].rings.push_back(Ring{{500, 500}, {1500, 500}, {1500, 1500}, {500, 1500}});
  pts = gridCandidates({holed}, 1000);
  CHECK(pts.size() == 8);
  CHECK(std::find(pts.begin(), pts.end(), Vec2{1000, 1000}) == pts.end());
  MultiPolygon triangle;
  triangle.parts.push_back(Polygon{{Ring{{-100, -100}, {3200, -100}, {-100, 3200}}}});
  pts = gridCandidates({triangle}, 1000);
  CHECK(pts == std::vector<Vec2>{{0, 3000}, {0, 2000}, {1000, 2000}, {0, 1000}, {1000, 1000}, {2000, 1000},
                                 {0, 0}, {1000, 0}, {2000, 0}, {3000, 0}});
  // The grid is anchored, not shifted to the area's corner.
  pts = gridCandidates({rectangle(1234, 5678, 3456, 6789)}, 1000);
  CHECK(pts == std::vector<Vec2>{{2000, 6000}, {3000, 6000}});
  CHECK(gridCandidates({}, 1000).empty());
  CHECK_THROWS_AS(gridCandidates({triangle}, 0), std::invalid_argument);
  CHECK_THROWS_AS(gridCandidates({rectangle(0, 0, 1e6, 1e6)}, 1), std::invalid_argument);
}

TEST_CASE("grid candidates feed the greedy: a cluster gets the first site") {
  CoverageProblem p;
  p.candidates = gridCandidates({rectangle(-500, -500, 10500, 10500)}, 1000);
  REQUIRE(p.candidates.size() == 121);
  std::mt19937_64 rng(3);
  for (int i = 0; i < 200; ++i)  // a tight cluster around (7000, 2000)
    p.beneficiaries.push_back({7000 + (uniformish(rng) - 0.5) * 800, 2000 + (uniformish(rng) - 0.5) * 800});
  p.radius = 1000;  // only the grid point at the cluster's centre reaches all of it
  p.newSites = 2;
  auto g = selectSitesGreedy(p);
  REQUIRE(g.picks.size() == 1);  // one site reaches the whole cluster; the second would reach nobody
  CHECK(g.stoppedEarly);
  CHECK(p.candidates[g.picks[0]] == Vec2{7000, 2000});
  CHECK(g.newlyCovered[0] == 200);
}

TEST_CASE("the 1 km grid over the real 16 kecamatan") {
  initGdal();
  MapProjection utm(32748);
  LayerPtr kecamatan = loadBoundaryLayer(std::string(PROKUS_SHARED_GEODATA) + "/kbb_kecamatan.shp", utm);
  REQUIRE(kecamatan->features.size() == 16);
  std::vector<MultiPolygon> areas;
  for (const auto& f : kecamatan->features) areas.push_back(f.polygon);
  auto pts = gridCandidates(areas, 1000);
  MESSAGE(pts.size() << " candidates on the 1 km grid over 1245.06 km2");
  // One point per km2 of land, give or take the boundary.
  CHECK(pts.size() > 1245 * 0.95);
  CHECK(pts.size() < 1245 * 1.05);
  for (size_t i = 0; i < pts.size(); ++i) {
    CHECK(std::fmod(pts[i].x, 1000) == 0);
    CHECK(std::fmod(pts[i].y, 1000) == 0);
    if (i > 0) {  // north to south, then west to east
      CHECK(pts[i].y <= pts[i - 1].y);
      if (pts[i].y == pts[i - 1].y) CHECK(pts[i].x > pts[i - 1].x);
    }
    CHECK(std::any_of(areas.begin(), areas.end(), [&](const MultiPolygon& a) { return pointInMultiPolygon(a, pts[i]); }));
  }
  // A cluster of families near Cililin: the first proposal lands within a grid step of its centre.
  CoverageProblem p;
  p.candidates = pts;
  const Vec2 cililin = utm.fromLonLat({107.385, -6.955});
  std::mt19937_64 rng(11);
  for (int i = 0; i < 500; ++i)
    p.beneficiaries.push_back({cililin.x + (uniformish(rng) - 0.5) * 1500, cililin.y + (uniformish(rng) - 0.5) * 1500});
  p.radius = 2000;
  p.newSites = 1;
  auto g = selectSitesGreedy(p);
  REQUIRE(g.picks.size() == 1);
  CHECK(g.newlyCovered[0] == 500);
  const Vec2 site = p.candidates[g.picks[0]];
  CHECK(std::hypot(site.x - cililin.x, site.y - cililin.y) < 1000 * std::sqrt(2.0));
}

TEST_CASE("a site is placed in the kecamatan and desa it falls in, whichever order the layers come in") {
  const Layer& kecamatan = pk::test::kecamatanLayer();
  const Layer& desa = pk::test::desaLayer();
  int kecamatanField = -1;
  for (size_t f = 0; f < desa.fieldNames.size(); ++f)
    if (desa.fieldNames[f] == "kecamatan") kecamatanField = static_cast<int>(f);
  REQUIRE(kecamatanField >= 0);
  std::vector<Vec2> sites;
  std::vector<size_t> desaOfSite;
  for (size_t i = 0; i < desa.features.size(); i += 37) {
    sites.push_back(desa.labelPoint(i));
    desaOfSite.push_back(i);
  }
  sites.push_back({desa.bbox.maxx + 50000, desa.bbox.maxy + 50000});  // outside every polygon
  REQUIRE(sites.size() > 5);

  const std::vector<SiteLocation> places = locateSites(sites, {&kecamatan, &desa});
  REQUIRE(places.size() == sites.size());
  for (size_t k = 0; k + 1 < sites.size(); ++k) {
    const size_t i = desaOfSite[k];
    CHECK(places[k].desa == desa.featureName(i));
    CHECK(places[k].kecamatan == desa.features[i].values[kecamatanField]);
  }
  CHECK(places.back() == SiteLocation{});
  CHECK(locateSites(sites, {&desa, nullptr, &kecamatan}) == places);
  // Only a kecamatan layer: no desa named.
  const std::vector<SiteLocation> kecamatanOnly = locateSites(sites, {&kecamatan});
  CHECK(kecamatanOnly[0].kecamatan == places[0].kecamatan);
  CHECK(kecamatanOnly[0].desa.empty());
}
