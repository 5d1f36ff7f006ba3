#include "core/ranking_disclosure.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "core/privacy.h"

namespace pk {

namespace {

std::string fixedDecimals(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  if (s.find_first_not_of("-0.") == std::string::npos && s.front() == '-') s.erase(0, 1);
  return s;
}

}  // namespace

std::vector<std::string> publishedInputsOf(std::string_view criterion, const std::vector<std::string>& tableHeader) {
  if (criterion == "beneficiaries" || criterion == "density" || criterion == "per_mentor") return {"beneficiaries"};
  if (criterion == "coverage_gap") return {"placed_by_coordinates", "covered"};
  if (criterion == "business_diversity") {
    std::vector<std::string> out;
    for (const auto& h : tableHeader)
      if (h.rfind("category_", 0) == 0) out.push_back(h);
    return out;
  }
  return {};
}

TextTable publishedRanking(const SuitabilityInput& input, const SuitabilitySettings& settings,
                           const std::vector<std::string>& names, const PublishedIndicators& publication,
                           const std::vector<bool>& alsoWithheld) {
  const size_t n = input.codes.size();
  if (names.size() != n || (!alsoWithheld.empty() && alsoWithheld.size() != n))
    throw std::invalid_argument("publishedRanking: names or withheld flags are not one per polygon");
  std::vector<bool> withheld(n, false);
  for (size_t i = 0; i < n; ++i) {
    if (!alsoWithheld.empty() && alsoWithheld[i]) withheld[i] = true;
    for (const auto& c : settings.criteria) {
      if (!(c.weight > 0)) continue;
      for (const auto& column : publishedInputsOf(c.name, publication.table.header)) {
        const std::string text = publication.text(input.codes[i], column);
        if (text.empty() || isWithheldCell(text)) withheld[i] = true;
      }
    }
  }
  // Scored on the published polygons alone: the withheld ones take no part in the normalisation
  // (min-max anchors, rank normalisation, the worst value for missing ones), so every published
  // number is a function of published numbers and cannot bound a withheld one. They are set aside
  // as if the planner had excluded them; a planner's own exclusion stays public.
  SuitabilitySettings published = settings;
  published.perturbations = 0;  // the sensitivity check is not exported
  std::vector<bool> plannerExcluded(n, false);
  for (size_t i = 0; i < n; ++i) {
    plannerExcluded[i] = std::find(settings.excludedCodes.begin(), settings.excludedCodes.end(), input.codes[i]) !=
                         settings.excludedCodes.end();
    if (withheld[i] && !plannerExcluded[i]) published.excludedCodes.push_back(input.codes[i]);
  }
  const SuitabilityResult result = scoreSuitability(input, published);

  // A withheld polygon may take any position among the ones that could be ranked: its band is the
  // whole range, the same for every withheld polygon (a narrower band would bound its score).
  int rankable = 0;
  for (size_t i = 0; i < n; ++i)
    if (!result.polygons[i].excluded || (withheld[i] && !plannerExcluded[i])) ++rankable;
  const std::string band = rankable <= 1 ? "1" : "1\u2013" + std::to_string(rankable);

  TextTable t;
  t.header = {"rank", "code", "name", "score"};
  for (const auto& c : result.criteria) t.header.push_back("c_" + c);
  t.header.push_back("excluded");
  const std::string marker = complementaryMarker();
  std::vector<int> visibleRows, withheldRows, excludedRows;
  for (int index : result.order) {
    const size_t i = size_t(index);
    if (withheld[i] && !plannerExcluded[i]) withheldRows.push_back(index);
    else if (result.polygons[i].excluded) excludedRows.push_back(index);
    else visibleRows.push_back(index);
  }
  for (int index : visibleRows) {
    const PolygonScore& p = result.polygons[size_t(index)];
    std::vector<std::string> row{std::to_string(p.rank), p.code, names[size_t(index)], fixedDecimals(p.score, 4)};
    for (double c : p.contributions) row.push_back(fixedDecimals(c, 4));
    row.push_back("");
    t.rows.push_back(std::move(row));
    t.featureOfRow.push_back(index);
  }
  // Withheld: the band, and "x" for the score, the contributions and whether a minimum or a missing
  // value excludes it (that too depends on the withheld value).
  for (int index : withheldRows) {
    std::vector<std::string> row{band, input.codes[size_t(index)], names[size_t(index)], marker};
    for (size_t c = 0; c < result.criteria.size(); ++c) row.push_back(marker);
    row.push_back(marker);
    t.rows.push_back(std::move(row));
    t.featureOfRow.push_back(index);
  }
  for (int index : excludedRows) {
    const PolygonScore& p = result.polygons[size_t(index)];
    std::vector<std::string> row{"", p.code, names[size_t(index)], ""};
    for (size_t c = 0; c < result.criteria.size(); ++c) row.push_back("");
    row.push_back(p.exclusionReason);
    t.rows.push_back(std::move(row));
    t.featureOfRow.push_back(index);
  }
  return t;
}

}  // namespace pk
