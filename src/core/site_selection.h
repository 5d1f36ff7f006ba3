// Proposed mentor sites: greedy maximal covering with the existing mentors kept fixed, plus an
// exact brute-force solver for small instances (used by the tests to measure greedy's gap).
// All coordinates are map metres (the map projection); coverage means distance <= radius.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/geometry.h"

namespace pk {

struct Layer;

struct CoverageProblem {
  std::vector<Vec2> beneficiaries;   // placed beneficiaries
  std::vector<double> weights;       // one per beneficiary (>= 0), or empty for 1 each
  std::vector<Vec2> existingMentors; // fixed: what they cover is never "new"
  std::vector<Vec2> candidates;      // possible new sites, in tie-break order
  double radius = 5000;              // metres
  int newSites = 5;                  // P
};

struct SiteSelection {
  std::vector<int> picks;            // candidate indices, in the order chosen
  std::vector<double> newlyCovered;  // per pick: weight it newly covers given the earlier picks
  double totalWeight = 0;            // all beneficiaries
  double coveredBefore = 0;          // within radius of an existing mentor
  double coveredAfter = 0;           // ... or of a pick
  // Greedy stops early, with fewer than P picks, once no remaining candidate covers anything new
  // (a site that reaches nobody is no proposal); also when candidates run out.
  bool stoppedEarly = false;
};

// Greedy maximal covering: each step takes the candidate with the largest newly covered weight;
// ties go to the earlier candidate (with fractional weights, gains within 1e-9 of the total weight
// are ties, so rounding cannot break them). Uniform grids over beneficiaries and candidates; every
// candidate's gain is counted once and then updated as beneficiaries become covered, so the work
// is about (beneficiaries x candidates within R), memory linear. Throws std::invalid_argument for
// radius <= 0 or non-finite, newSites < 0, or a weights vector of the wrong size or with a
// negative value.
SiteSelection selectSitesGreedy(const CoverageProblem& problem);

// Exact optimum over every set of min(P, candidates) sites: picks in ascending index order, the
// lexicographically first best set; newlyCovered filled in that order. Throws std::invalid_argument
// when there are more than `maxCombinations` sets to try.
SiteSelection selectSitesBruteForce(const CoverageProblem& problem, std::uint64_t maxCombinations = 5'000'000);

// Weight covered by existing mentors plus the given sites (e.g. sites read from a file).
double coveredWeight(const CoverageProblem& problem, const std::vector<int>& sites);

// Candidate sites: the points of a regular grid of `spacing` metres, anchored at whole multiples
// of `spacing` in map coordinates (so the grid does not move when the area changes), that fall
// inside any of `areas`; each point once, ordered north to south, then west to east.
// Throws std::invalid_argument for spacing <= 0 or a grid of more than 10 million points.
std::vector<Vec2> gridCandidates(const std::vector<MultiPolygon>& areas, double spacing = 1000);

// Where a site is, as a planner names places: the kecamatan and the desa it lies in.
struct SiteLocation {
  std::string kecamatan, desa;  // empty where no layer of that level covers the site
  friend bool operator==(const SiteLocation&, const SiteLocation&) = default;
};

// The place of each site (map metres). Of `polygonLayers` (the boundary layer first, then the other
// polygon layers of the map; null entries and other geometry are skipped), the first kecamatan-level
// layer names the kecamatan and the first desa-level layer (PlaceMatcher::isDesaLevel) the desa.
std::vector<SiteLocation> locateSites(const std::vector<Vec2>& sites, const std::vector<const Layer*>& polygonLayers);

}  // namespace pk
