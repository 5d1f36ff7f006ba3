// The suitability ranking as an export publishes it (ranking.csv and index.html of the meeting
// pack), drawn from the export's one publication of the indicator table (core/indicator_disclosure.h).
// The `rank` verb's own output is an analyst tool and stays exact; this is only for exports.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/indicator_disclosure.h"
#include "core/suitability.h"

namespace pk {

// The columns of the published per-polygon table a criterion is computed from: beneficiaries,
// density and per_mentor from "beneficiaries"; coverage_gap from "placed_by_coordinates" and
// "covered"; business_diversity from every "category_" column of `tableHeader`. Other criteria
// (candidates, distance_office, the planner's table columns) hold no counts of the programme's
// people: none.
std::vector<std::string> publishedInputsOf(std::string_view criterion, const std::vector<std::string>& tableHeader);

// The published ranking table: columns rank, code, name, score, c_NAME..., excluded, one row per
// polygon of `input` (featureOfRow = polygon index). `names` is parallel to input.codes.
// A polygon is withheld when the publication withholds an input of a weighted criterion of it (or
// has no row for it), or when `alsoWithheld[i]` is set (may be empty). Issue 11, leak 3:
// - the ranking is scored on the other polygons alone (withheld ones take no part in the min-max
//   anchors, the rank normalisation or the worst value for missing ones), so every published
//   score, contribution and rank is a function of published values; a rank is the position among
//   those polygons;
// - a withheld polygon (unless the planner excluded it) comes after them with the band of every
//   position it could take ("1–N", N = the ranked and withheld polygons), and "x" for its score,
//   contributions and exclusion; a planner-excluded polygon stays excluded as such.
TextTable publishedRanking(const SuitabilityInput& input, const SuitabilitySettings& settings,
                           const std::vector<std::string>& names, const PublishedIndicators& publication,
                           const std::vector<bool>& alsoWithheld = {});

}  // namespace pk
