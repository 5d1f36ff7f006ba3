#include "core/suitability.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>
#include <random>
#include <set>

namespace pk {

namespace {

constexpr double kTieTolerance = 1e-9;  // score points; below any shown precision
const double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string formatNumber(double v) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string validNames(const SuitabilityInput& input) {
  std::string out;
  for (const auto& c : input.criteria) {
    if (!out.empty()) out += ", ";
    out += c.name;
  }
  return out.empty() ? std::string("(none)") : out;
}

// Exact name first; otherwise a unique case-insensitive match (CLI users type "Density").
int findCriterion(const SuitabilityInput& input, std::string_view name) {
  for (size_t i = 0; i < input.criteria.size(); ++i)
    if (input.criteria[i].name == name) return static_cast<int>(i);
  int found = -1;
  const std::string key = lower(name);
  for (size_t i = 0; i < input.criteria.size(); ++i) {
    if (lower(input.criteria[i].name) != key) continue;
    if (found >= 0) return -1;
    found = static_cast<int>(i);
  }
  return found;
}

int findCriterionOrThrow(const SuitabilityInput& input, std::string_view name, const char* what) {
  int index = findCriterion(input, name);
  if (index < 0)
    throw PlanningError(std::string("unknown criterion '") + std::string(name) + "'" + what +
                        "; valid criteria: " + validNames(input));
  return index;
}

// Min-max scaling of `v` into 0..1 with the best value at 1. Constant input gives 0 everywhere.
std::vector<double> scaleMinMax(const std::vector<double>& v, Direction direction) {
  std::vector<double> out(v.size(), 0.0);
  if (v.empty()) return out;
  auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  const double minV = *lo, maxV = *hi;
  if (!(maxV > minV)) return out;
  for (size_t i = 0; i < v.size(); ++i) {
    double t = (v[i] - minV) / (maxV - minV);
    out[i] = direction == Direction::MoreIsBetter ? t : 1.0 - t;
  }
  return out;
}

// Average ranks (0-based, ties share the mean position).
std::vector<double> averageRanks(const std::vector<double>& v) {
  std::vector<size_t> idx(v.size());
  std::iota(idx.begin(), idx.end(), 0);
  std::stable_sort(idx.begin(), idx.end(), [&](size_t a, size_t b) { return v[a] < v[b]; });
  std::vector<double> ranks(v.size());
  for (size_t i = 0; i < idx.size();) {
    size_t j = i;
    while (j + 1 < idx.size() && v[idx[j + 1]] == v[idx[i]]) ++j;
    double mean = (static_cast<double>(i) + static_cast<double>(j)) / 2.0;
    for (size_t k = i; k <= j; ++k) ranks[idx[k]] = mean;
    i = j + 1;
  }
  return ranks;
}

// Orders eligible polygons: score descending; scores within the tolerance of the first of their
// group are ties, ordered by code. Returns the order and fills competition ranks.
std::vector<int> rankEligible(const std::vector<int>& eligible, const std::vector<double>& scores,
                              const std::vector<std::string>& codes, std::vector<int>& ranks) {
  std::vector<int> order = eligible;
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    if (scores[a] != scores[b]) return scores[a] > scores[b];
    return codes[a] < codes[b];
  });
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j + 1 < order.size() && scores[order[i]] - scores[order[j + 1]] <= kTieTolerance) ++j;
    std::sort(order.begin() + static_cast<long>(i), order.begin() + static_cast<long>(j) + 1,
              [&](int a, int b) { return codes[a] < codes[b]; });
    for (size_t k = i; k <= j; ++k) ranks[order[k]] = static_cast<int>(i) + 1;
    i = j + 1;
  }
  return order;
}

}  // namespace

std::string_view nameOf(Direction d) { return d == Direction::MoreIsBetter ? "more" : "less"; }
std::string_view nameOf(Normalisation n) { return n == Normalisation::MinMax ? "minmax" : "rank"; }
std::string_view nameOf(MissingPolicy m) { return m == MissingPolicy::Exclude ? "exclude" : "worst"; }

std::optional<Direction> parseDirection(std::string_view text) {
  if (text == "more") return Direction::MoreIsBetter;
  if (text == "less") return Direction::LessIsBetter;
  return std::nullopt;
}
std::optional<Normalisation> parseNormalisation(std::string_view text) {
  if (text == "minmax") return Normalisation::MinMax;
  if (text == "rank") return Normalisation::Rank;
  return std::nullopt;
}
std::optional<MissingPolicy> parseMissingPolicy(std::string_view text) {
  if (text == "exclude") return MissingPolicy::Exclude;
  if (text == "worst") return MissingPolicy::Worst;
  return std::nullopt;
}

const std::vector<BuiltInCriterion>& builtInCriteria() {
  static const std::vector<BuiltInCriterion> criteria = {
      {"candidates", Direction::MoreIsBetter, "eligible families from a per-kecamatan table column"},
      {"beneficiaries", Direction::MoreIsBetter, "current beneficiaries"},
      {"density", Direction::MoreIsBetter, "beneficiaries per km2"},
      {"coverage_gap", Direction::MoreIsBetter, "share of placed beneficiaries farther than R km from any mentor"},
      {"per_mentor", Direction::MoreIsBetter, "beneficiaries per mentor"},
      {"business_diversity", Direction::MoreIsBetter, "number of business categories present"},
      {"distance_office", Direction::LessIsBetter, "km from the label point to the chosen office"},
  };
  return criteria;
}

Direction defaultDirection(std::string_view criterionName) {
  for (const auto& c : builtInCriteria())
    if (criterionName == c.name) return c.direction;
  return Direction::MoreIsBetter;
}

CriterionSetting defaultCriterionSetting(std::string_view name, double weight) {
  CriterionSetting s;
  s.name = std::string(name);
  s.weight = weight;
  s.direction = defaultDirection(name);
  return s;
}

double uniformUnit(std::uint64_t randomBits) {
  return static_cast<double>(randomBits >> 11) * 0x1.0p-53;
}

void validateSuitability(const SuitabilityInput& input, const SuitabilitySettings& settings) {
  const size_t n = input.codes.size();
  for (const auto& c : input.criteria) {
    if (c.values.size() != n)
      throw std::invalid_argument("criterion " + c.name + " has " + std::to_string(c.values.size()) +
                                  " values for " + std::to_string(n) + " polygons");
    for (double v : c.values)
      if (std::isinf(v)) throw std::invalid_argument("criterion " + c.name + " has an infinite value");
  }
  if (settings.criteria.empty())
    throw PlanningError("no criteria weighted; valid criteria: " + validNames(input));
  std::set<int> seen;
  double total = 0;
  for (const auto& s : settings.criteria) {
    int index = findCriterionOrThrow(input, s.name, "");
    if (!std::isfinite(s.weight) || s.weight < 0)
      throw PlanningError("weight for " + s.name + " must be zero or more, got " + formatNumber(s.weight) +
                          "; valid criteria: " + validNames(input));
    if (!seen.insert(index).second)
      throw PlanningError("criterion " + input.criteria[index].name + " is weighted twice");
    total += s.weight;
  }
  if (!(total > 0))
    throw PlanningError("all weights are zero; give at least one criterion a positive weight (valid criteria: " +
                        validNames(input) + ")");
  for (const auto& m : settings.minimums) {
    findCriterionOrThrow(input, m.criterion, " in a minimum");
    if (!std::isfinite(m.minimum))
      throw PlanningError("minimum for " + m.criterion + " must be a finite number");
  }
  for (const auto& code : settings.excludedCodes)
    if (std::find(input.codes.begin(), input.codes.end(), code) == input.codes.end())
      throw PlanningError("cannot exclude unknown polygon code '" + code + "'");
  if (settings.topN < 1) throw PlanningError("top N must be at least 1, got " + std::to_string(settings.topN));
  if (settings.perturbations < 0) throw PlanningError("number of perturbations must not be negative");
}

SuitabilityResult scoreSuitability(const SuitabilityInput& input, const SuitabilitySettings& settings) {
  validateSuitability(input, settings);
  const size_t n = input.codes.size();

  SuitabilityResult result;
  result.topN = settings.topN;
  result.perturbations = settings.perturbations;
  result.seed = settings.seed;

  struct Weighted {
    const CriterionSetting* setting;
    const CriterionValues* data;
  };
  std::vector<Weighted> weighted;
  double totalWeight = 0;
  for (const auto& s : settings.criteria) {
    if (s.weight <= 0) continue;
    weighted.push_back({&s, &input.criteria[findCriterion(input, s.name)]});
    totalWeight += s.weight;
  }
  for (const auto& w : weighted) {
    result.criteria.push_back(w.data->name);
    result.sharesPercent.push_back(100.0 * w.setting->weight / totalWeight);
  }

  // 1. Exclusions.
  result.polygons.resize(n);
  std::vector<std::vector<std::string>> reasons(n);
  for (size_t i = 0; i < n; ++i) result.polygons[i].code = input.codes[i];
  for (const auto& code : settings.excludedCodes)
    for (size_t i = 0; i < n; ++i)
      if (input.codes[i] == code && reasons[i].empty()) reasons[i].push_back("excluded by planner");
  for (size_t i = 0; i < n; ++i) {
    std::set<std::string> missingNoted;
    if (settings.missing == MissingPolicy::Exclude)
      for (const auto& w : weighted)
        if (std::isnan(w.data->values[i]) && missingNoted.insert(w.data->name).second)
          reasons[i].push_back("missing value for " + w.data->name);
    for (const auto& m : settings.minimums) {
      const auto& data = input.criteria[findCriterion(input, m.criterion)];
      double v = data.values[i];
      if (std::isnan(v)) {
        if (settings.missing == MissingPolicy::Exclude) {
          if (missingNoted.insert(data.name).second) reasons[i].push_back("missing value for " + data.name);
        } else {
          reasons[i].push_back("missing value for " + data.name + " (minimum " + formatNumber(m.minimum) +
                               " cannot be checked)");
        }
      } else if (v < m.minimum) {
        reasons[i].push_back(data.name + " below minimum " + formatNumber(m.minimum));
      }
    }
  }
  std::vector<int> eligible;
  for (size_t i = 0; i < n; ++i) {
    auto& p = result.polygons[i];
    p.excluded = !reasons[i].empty();
    for (const auto& r : reasons[i]) p.exclusionReason += (p.exclusionReason.empty() ? "" : "; ") + r;
    if (!p.excluded) eligible.push_back(static_cast<int>(i));
  }

  // 2. Normalisation over the eligible polygons.
  const size_t m = eligible.size();
  std::vector<std::vector<double>> normalised(weighted.size());  // [criterion][eligible position]
  for (size_t c = 0; c < weighted.size(); ++c) {
    const auto& w = weighted[c];
    std::vector<double> v(m);
    double worst = kNaN;
    for (size_t k = 0; k < m; ++k) {
      v[k] = w.data->values[eligible[k]];
      if (std::isnan(v[k])) continue;
      if (std::isnan(worst)) worst = v[k];
      else worst = w.setting->direction == Direction::MoreIsBetter ? std::min(worst, v[k]) : std::max(worst, v[k]);
    }
    // Only policy Worst leaves NaN here; all-missing means no information: constant 0.
    for (double& x : v)
      if (std::isnan(x)) x = std::isnan(worst) ? 0.0 : worst;
    if (w.setting->normalisation == Normalisation::Rank) {
      std::vector<double> ranks = averageRanks(v);
      normalised[c] = scaleMinMax(ranks, w.setting->direction);
    } else {
      normalised[c] = scaleMinMax(v, w.setting->direction);
    }
    bool constant = std::all_of(v.begin(), v.end(), [&](double x) { return x == v.front(); });
    if (constant) result.constantCriteria.push_back(w.data->name);
  }

  // 3. Contributions and scores.
  std::vector<double> scores(n, kNaN);
  for (size_t k = 0; k < m; ++k) {
    auto& p = result.polygons[eligible[k]];
    p.contributions.resize(weighted.size());
    double score = 0;
    for (size_t c = 0; c < weighted.size(); ++c) {
      p.contributions[c] = result.sharesPercent[c] * normalised[c][k];
      score += p.contributions[c];
    }
    p.score = score;
    scores[eligible[k]] = score;
  }
  for (size_t i = 0; i < n; ++i)
    if (result.polygons[i].excluded) result.polygons[i].contributions.assign(weighted.size(), kNaN);

  // 4. Ranking; excluded last by code.
  std::vector<int> ranks(n, 0);
  result.order = rankEligible(eligible, scores, input.codes, ranks);
  for (size_t i = 0; i < n; ++i) result.polygons[i].rank = ranks[i];
  std::vector<int> excluded;
  for (size_t i = 0; i < n; ++i)
    if (result.polygons[i].excluded) excluded.push_back(static_cast<int>(i));
  std::sort(excluded.begin(), excluded.end(), [&](int a, int b) { return input.codes[a] < input.codes[b]; });
  result.order.insert(result.order.end(), excluded.begin(), excluded.end());

  // 5. Sensitivity: scores are linear in the weights, so each draw is a dot product per polygon.
  if (settings.perturbations > 0 && m > 0) {
    std::mt19937_64 rng(settings.seed);
    std::vector<size_t> inTop(m, 0);
    std::vector<double> w(weighted.size()), drawn(m), sorted(m);
    const size_t topN = static_cast<size_t>(settings.topN);
    for (int draw = 0; draw < settings.perturbations; ++draw) {
      double sum = 0;
      for (size_t c = 0; c < weighted.size(); ++c) {
        w[c] = weighted[c].setting->weight * (0.9 + 0.2 * uniformUnit(rng()));
        sum += w[c];
      }
      for (size_t c = 0; c < weighted.size(); ++c) w[c] = 100.0 * w[c] / sum;
      for (size_t k = 0; k < m; ++k) {
        double s = 0;
        for (size_t c = 0; c < weighted.size(); ++c) s += w[c] * normalised[c][k];
        drawn[k] = s;
      }
      if (m <= topN) {
        for (auto& t : inTop) ++t;
        continue;
      }
      sorted = drawn;
      std::nth_element(sorted.begin(), sorted.begin() + static_cast<long>(topN - 1), sorted.end(),
                       std::greater<double>());
      // Rank <= N  <=>  fewer than N polygons score strictly (beyond the tie tolerance) higher.
      const double threshold = sorted[topN - 1];
      for (size_t k = 0; k < m; ++k)
        if (drawn[k] >= threshold - kTieTolerance) ++inTop[k];
    }
    for (size_t k = 0; k < m; ++k)
      result.polygons[eligible[k]].topShare =
          static_cast<double>(inTop[k]) / static_cast<double>(settings.perturbations);
  }
  return result;
}

std::vector<std::pair<std::string, double>> parseNamedValues(std::string_view text) {
  std::vector<std::pair<std::string, double>> out;
  auto trim = [](std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
  };
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view item = trim(text.substr(start, end - start));
    size_t eq = item.find('=');
    if (eq == std::string_view::npos)
      throw PlanningError("expected NAME=VALUE, got '" + std::string(item) + "'");
    std::string_view name = trim(item.substr(0, eq));
    std::string_view number = trim(item.substr(eq + 1));
    if (!number.empty() && number.front() == '+') number.remove_prefix(1);
    double value = 0;
    auto res = std::from_chars(number.data(), number.data() + number.size(), value);
    if (name.empty() || number.empty() || res.ec != std::errc() || res.ptr != number.data() + number.size())
      throw PlanningError("expected NAME=VALUE with a number, got '" + std::string(item) + "'");
    out.emplace_back(std::string(name), value);
    start = end + 1;
  }
  return out;
}

}  // namespace pk
