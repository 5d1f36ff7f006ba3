#include "core/classify.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace pk {
namespace {

std::string formatG(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

void addNote(Classification& c, ClassReason reason, const std::string& text) {
  c.reasons.push_back(reason);
  if (!c.note.empty()) c.note += "; ";
  c.note += text;
}

// Counts per class over sorted values, and values outside every class.
void countClasses(Classification& c, const std::vector<double>& sorted) {
  const int k = c.classCount();
  c.counts.assign(size_t(std::max(k, 0)), 0);
  c.outsideCount = 0;
  for (double v : sorted) {
    int cls = c.classOf(v);
    if (cls < 0) ++c.outsideCount;
    else ++c.counts[size_t(cls)];
  }
}

// Removes bounds that do not ascend strictly (floating-point collapse of a tiny range, or ties).
void makeStrictlyAscending(std::vector<double>& bounds) {
  std::vector<double> out;
  out.reserve(bounds.size());
  for (double b : bounds)
    if (out.empty() || b > out.back()) out.push_back(b);
  bounds.swap(out);
}

// ---- natural breaks -------------------------------------------------------------------------

// Exact 1-D k-means (Fisher/Jenks) over distinct values u with multiplicities w: returns, for each
// class, the index of its last distinct value. Uses the divide-and-conquer speed-up of the DP
// (the optimal start of the last class is monotone in its end, because the within-class
// sum-of-squares cost satisfies the quadrangle inequality), O(k d log d) instead of O(k d^2).
std::vector<size_t> naturalBreakEnds(const std::vector<double>& u, const std::vector<double>& w, int k) {
  const size_t d = u.size();
  // Centre on the weighted mean so sum-of-squares differences do not lose precision.
  double wsum = 0, mean = 0;
  for (size_t i = 0; i < d; ++i) { wsum += w[i]; mean += w[i] * u[i]; }
  mean /= wsum;
  std::vector<double> W(d + 1, 0), S1(d + 1, 0), S2(d + 1, 0);
  for (size_t i = 0; i < d; ++i) {
    double x = u[i] - mean;
    W[i + 1] = W[i] + w[i];
    S1[i + 1] = S1[i] + w[i] * x;
    S2[i + 1] = S2[i] + w[i] * x * x;
  }
  auto cost = [&](size_t i, size_t j) {  // distinct values i..j inclusive
    double ww = W[j + 1] - W[i], s1 = S1[j + 1] - S1[i], s2 = S2[j + 1] - S2[i];
    return std::max(0.0, s2 - s1 * s1 / ww);
  };

  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> prev(d), cur(d, inf);
  std::vector<std::vector<size_t>> start(size_t(k), std::vector<size_t>(d, 0));
  for (size_t j = 0; j < d; ++j) prev[j] = cost(0, j);

  for (int c = 1; c < k; ++c) {
    std::fill(cur.begin(), cur.end(), inf);
    auto& startC = start[size_t(c)];
    // Fill cur[j] for j in [lo, hi], knowing the best start lies in [optLo, optHi].
    auto solve = [&](auto&& self, size_t lo, size_t hi, size_t optLo, size_t optHi) -> void {
      if (lo > hi) return;
      size_t mid = lo + (hi - lo) / 2;
      double best = inf;
      size_t bestStart = std::max(optLo, size_t(c));
      for (size_t i = std::max(optLo, size_t(c)); i <= std::min(mid, optHi); ++i) {
        double value = prev[i - 1] + cost(i, mid);
        if (value < best) { best = value; bestStart = i; }
      }
      cur[mid] = best;
      startC[mid] = bestStart;
      if (mid > lo) self(self, lo, mid - 1, optLo, bestStart);
      self(self, mid + 1, hi, bestStart, optHi);
    };
    solve(solve, size_t(c), d - 1, size_t(c), d - 1);
    std::swap(prev, cur);
  }

  std::vector<size_t> ends(static_cast<size_t>(k));
  size_t end = d - 1;
  for (int c = k - 1; c >= 0; --c) {
    ends[size_t(c)] = end;
    if (c > 0) end = start[size_t(c)][end] - 1;
  }
  return ends;
}

void naturalBreaks(Classification& c, const std::vector<double>& sorted, int k) {
  // Distinct values with multiplicities; when there are more than the cap, the DP runs on evenly
  // spaced order statistics of the sorted data (min and max included) instead.
  std::vector<double> u, w;
  auto group = [&](auto&& valueAt, size_t count) {
    for (size_t i = 0; i < count; ++i) {
      double v = valueAt(i);
      if (!u.empty() && u.back() == v) w.back() += 1;
      else { u.push_back(v); w.push_back(1); }
    }
  };
  const size_t n = sorted.size();
  if (c.distinctCount <= kJenksSampleCap) {
    group([&](size_t i) { return sorted[i]; }, n);
  } else {
    const size_t m = kJenksSampleCap;
    group([&](size_t i) { return sorted[size_t(std::llround(double(i) * double(n - 1) / double(m - 1)))]; }, m);
  }
  const int kk = int(std::min<size_t>(size_t(k), u.size()));
  std::vector<size_t> ends = naturalBreakEnds(u, w, kk);
  c.bounds.clear();
  c.bounds.push_back(sorted.front());
  for (size_t e : ends) c.bounds.push_back(u[e]);
  c.bounds.back() = sorted.back();
}

// ---- pretty ---------------------------------------------------------------------------------

struct PrettyChoice {
  long long lo = 0, hi = 0;
  double multiplier = 1;
  int exponent = 0;
};

double pow10i(int e) {
  double p = 1;
  for (int i = 0; i < std::abs(e); ++i) p *= 10;
  return p;
}

// i * multiplier * 10^exponent, computed so that decimal steps land on the double nearest the
// decimal number (0.3, not 0.30000000000000004): one exact product and one correctly rounded
// multiplication or division by an exact power of ten.
double prettyBound(long long i, double multiplier, int exponent) {
  double scaled = double(i) * multiplier;
  return exponent >= 0 ? scaled * pow10i(exponent) : scaled / pow10i(-exponent);
}

void pretty(Classification& c, double min, double max, int k) {
  static const std::vector<std::vector<double>> tiers = {{1, 2, 5}, {2.5, 4, 3}, {1.5, 6, 8}, {1.25, 7.5, 1.2}};
  const double range = max - min;
  const int e0 = int(std::floor(std::log10(range / k)));
  bool found = false;
  PrettyChoice best;
  long long bestDiff = 0;
  int bestTier = 0;
  double bestExtension = 0;
  for (int tier = 0; tier < int(tiers.size()); ++tier) {
    for (double m : tiers[size_t(tier)]) {
      for (int e = e0 - 2; e <= e0 + 2; ++e) {
        const double step = prettyBound(1, m, e);
        double fl = std::floor(min / step), ce = std::ceil(max / step);
        if (std::abs(fl) > 1e15 || std::abs(ce) > 1e15) continue;
        long long lo = (long long)fl, hi = (long long)ce;
        while (prettyBound(lo, m, e) > min) --lo;
        while (prettyBound(lo + 1, m, e) <= min) ++lo;
        while (prettyBound(hi, m, e) < max) ++hi;
        while (prettyBound(hi - 1, m, e) >= max) --hi;
        long long count = hi - lo;
        if (count < 1 || count > 1000) continue;
        long long diff = std::llabs(count - k);
        double extension = (prettyBound(hi, m, e) - prettyBound(lo, m, e) - range) / range;
        bool better = !found || diff < bestDiff || (diff == bestDiff && tier < bestTier) ||
                      (diff == bestDiff && tier == bestTier && extension < bestExtension - 1e-12);
        if (better) {
          found = true;
          best = {lo, hi, m, e};
          bestDiff = diff;
          bestTier = tier;
          bestExtension = extension;
        }
      }
    }
  }
  c.bounds.clear();
  if (!found) {  // cannot happen for a finite positive range; equal interval as a safe fallback
    for (int i = 0; i <= k; ++i) c.bounds.push_back(i == k ? max : min + range * i / k);
    return;
  }
  for (long long i = best.lo; i <= best.hi; ++i) c.bounds.push_back(prettyBound(i, best.multiplier, best.exponent));
  // The bounds reach min and max by construction; keep that true against any rounding surprise.
  c.bounds.front() = std::min(c.bounds.front(), min);
  c.bounds.back() = std::max(c.bounds.back(), max);
}

// Folds each empty class into the next one (the first and last classes hold min and max).
void foldEmptyClasses(Classification& c, const std::vector<double>& sorted) {
  for (;;) {
    countClasses(c, sorted);
    auto empty = std::find(c.counts.begin(), c.counts.end(), size_t(0));
    if (empty == c.counts.end() || c.classCount() <= 1) return;
    size_t cls = size_t(empty - c.counts.begin());
    size_t boundToDrop = cls + 1 < size_t(c.classCount()) ? cls + 1 : cls;
    c.bounds.erase(c.bounds.begin() + std::ptrdiff_t(boundToDrop));
  }
}

std::vector<double> sortedFinite(std::span<const double> values, Classification& c) {
  std::vector<double> sorted;
  sorted.reserve(values.size());
  for (double v : values) {
    if (std::isfinite(v)) sorted.push_back(v);
    else if (v > 0) ++c.unboundedCount;
    else ++c.missingCount;
  }
  std::sort(sorted.begin(), sorted.end());
  c.valueCount = sorted.size();
  c.distinctCount = sorted.empty() ? 0 : 1;
  for (size_t i = 1; i < sorted.size(); ++i)
    if (sorted[i] != sorted[i - 1]) ++c.distinctCount;
  return sorted;
}

std::string classesWord(int n) { return std::to_string(n) + (n == 1 ? " class" : " classes"); }

}  // namespace

std::string_view classMethodName(ClassMethod method) {
  switch (method) {
    case ClassMethod::EqualInterval: return "equal";
    case ClassMethod::Quantile: return "quantile";
    case ClassMethod::NaturalBreaks: return "jenks";
    case ClassMethod::Pretty: return "pretty";
    case ClassMethod::Manual: return "manual";
  }
  return "quantile";
}

bool parseClassMethod(std::string_view name, ClassMethod& out) {
  for (ClassMethod m : {ClassMethod::EqualInterval, ClassMethod::Quantile, ClassMethod::NaturalBreaks,
                        ClassMethod::Pretty, ClassMethod::Manual}) {
    if (classMethodName(m) == name) { out = m; return true; }
  }
  return false;
}

bool Classification::has(ClassReason r) const {
  return std::find(reasons.begin(), reasons.end(), r) != reasons.end();
}

int Classification::classOf(double v) const {
  if (!std::isfinite(v) || bounds.size() < 2) return -1;
  if (v < bounds.front() || v > bounds.back()) return -1;
  if (v <= bounds[1]) return 0;
  auto it = std::lower_bound(bounds.begin() + 1, bounds.end(), v);  // first bound >= v
  return int(it - bounds.begin()) - 1;
}

double percentileSorted(std::span<const double> sorted, double p) {
  if (sorted.empty()) return std::numeric_limits<double>::quiet_NaN();
  p = std::clamp(p, 0.0, 1.0);
  const double h = double(sorted.size() - 1) * p;
  const size_t lo = size_t(std::floor(h));
  if (lo + 1 >= sorted.size()) return sorted.back();
  const double frac = h - double(lo);
  if (frac == 0) return sorted[lo];
  return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
}

Classification classify(std::span<const double> values, ClassMethod method, int classes) {
  Classification c;
  c.method = method;
  c.requestedClasses = classes;
  if (method == ClassMethod::Manual) {
    sortedFinite(values, c);
    addNote(c, ClassReason::InvalidManualBreaks, "manual classification needs a list of breaks");
    return c;
  }
  const int k = std::clamp(classes, kMinClasses, kMaxClasses);
  std::vector<double> sorted = sortedFinite(values, c);
  const size_t n = sorted.size();

  if (n == 0) {
    addNote(c, ClassReason::NoValues,
            c.missingCount ? "no values to classify (all " + std::to_string(c.missingCount) + " missing)"
                           : "no values to classify");
  } else if (c.distinctCount == 1) {
    c.bounds = {sorted.front(), sorted.front()};
    addNote(c, ClassReason::AllValuesEqual,
            (n == 1 ? std::string("the only value is ") : "all " + std::to_string(n) + " values equal ") +
                formatG(sorted.front()) + ", so there is one class");
  } else {
    const double min = sorted.front(), max = sorted.back();
    switch (method) {
      case ClassMethod::EqualInterval: {
        c.bounds.resize(size_t(k) + 1);
        for (int i = 0; i <= k; ++i) c.bounds[size_t(i)] = min + (max - min) * i / k;
        c.bounds.front() = min;
        c.bounds.back() = max;
        makeStrictlyAscending(c.bounds);
        c.bounds.back() = max;
        break;
      }
      case ClassMethod::Quantile: {
        c.bounds.resize(size_t(k) + 1);
        for (int i = 0; i <= k; ++i) c.bounds[size_t(i)] = percentileSorted(sorted, double(i) / k);
        c.bounds.front() = min;
        c.bounds.back() = max;
        makeStrictlyAscending(c.bounds);
        c.bounds.back() = max;
        foldEmptyClasses(c, sorted);
        break;
      }
      case ClassMethod::NaturalBreaks: naturalBreaks(c, sorted, k); break;
      case ClassMethod::Pretty: pretty(c, min, max, k); break;
      case ClassMethod::Manual: break;
    }
    const int got = c.classCount();
    const bool dataDriven = method == ClassMethod::Quantile || method == ClassMethod::NaturalBreaks;
    if (got < k && dataDriven && c.distinctCount < size_t(k)) {
      addNote(c, ClassReason::FewDistinctValues,
              "only " + std::to_string(c.distinctCount) + " distinct values, so " + classesWord(got) +
                  " instead of " + std::to_string(k));
    } else if (got < k && method == ClassMethod::Quantile) {
      addNote(c, ClassReason::TiedValues,
              "many equal values: quantiles give " + classesWord(got) + " instead of " + std::to_string(k));
    } else if (got != k && method == ClassMethod::Pretty) {
      addNote(c, ClassReason::PrettyCountDiffers,
              "round steps give " + classesWord(got) + " instead of " + std::to_string(k));
    } else if (got != k) {
      addNote(c, ClassReason::FewDistinctValues,
              "the values allow only " + classesWord(got) + " instead of " + std::to_string(k));
    }
  }
  if (k != classes) {
    addNote(c, ClassReason::ClassCountOutOfRange,
            "class count " + std::to_string(classes) + " is outside 3..9; using " + std::to_string(k));
  }
  countClasses(c, sorted);
  return c;
}

Classification classifyManual(std::span<const double> values, std::span<const double> breaks) {
  Classification c;
  c.method = ClassMethod::Manual;
  c.requestedClasses = int(breaks.size()) - 1;
  std::vector<double> sorted = sortedFinite(values, c);
  std::string problem;
  if (breaks.size() < 2 || breaks.size() > size_t(kMaxClasses) + 1) {
    problem = "manual breaks need 2 to 10 values (1 to 9 classes), got " + std::to_string(breaks.size());
  } else {
    for (size_t i = 0; i < breaks.size() && problem.empty(); ++i) {
      if (!std::isfinite(breaks[i])) problem = "manual break " + std::to_string(i + 1) + " is not a number";
      else if (i > 0 && !(breaks[i] > breaks[i - 1]))
        problem = "manual breaks must ascend: " + formatG(breaks[i]) + " follows " + formatG(breaks[i - 1]);
    }
  }
  if (!problem.empty()) {
    addNote(c, ClassReason::InvalidManualBreaks, problem);
    c.outsideCount = sorted.size();
    return c;
  }
  c.bounds.assign(breaks.begin(), breaks.end());
  if (sorted.empty()) {
    addNote(c, ClassReason::NoValues,
            c.missingCount ? "no values to classify (all " + std::to_string(c.missingCount) + " missing)"
                           : "no values to classify");
  }
  countClasses(c, sorted);
  if (c.outsideCount > 0) {
    addNote(c, ClassReason::ValuesOutsideBreaks,
            std::to_string(c.outsideCount) + (c.outsideCount == 1 ? " value lies" : " values lie") +
                " outside the manual breaks " + formatG(breaks.front()) + " to " + formatG(breaks.back()));
  }
  return c;
}

double withinClassSumOfSquares(const Classification& c, std::span<const double> values) {
  const int k = c.classCount();
  std::vector<double> sum(size_t(std::max(k, 0)), 0), count(size_t(std::max(k, 0)), 0);
  for (double v : values) {
    int cls = c.classOf(v);
    if (cls < 0) continue;
    sum[size_t(cls)] += v;
    count[size_t(cls)] += 1;
  }
  double total = 0;
  for (double v : values) {
    int cls = c.classOf(v);
    if (cls < 0) continue;
    double dev = v - sum[size_t(cls)] / count[size_t(cls)];
    total += dev * dev;
  }
  return total;
}

}  // namespace pk
