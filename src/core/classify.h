// Classification of a numeric field into classes for a choropleth: equal interval, quantile,
// natural breaks (Jenks), pretty and manual breaks. Pure computation, no GDAL, no GL.
//
// Conventions every method shares:
// - NaN and -infinity mean "missing": such values are excluded and counted in missingCount.
//   +infinity means "beyond every class" (a ratio over nothing, e.g. beneficiaries per mentor where
//   no mentor works): excluded from the classes and counted in unboundedCount, not as missing.
// - bounds holds classCount()+1 ascending values. Class 0 is closed on both ends, [b0, b1]; every
//   later class i is (b_i, b_{i+1}]. So the minimum and the maximum always fall in a class
//   (QGIS #27420). Bounds ascend strictly except that b0 == b1 when the first class holds only one
//   value: the single class of a field whose values are all equal ({v, v}), or a natural-breaks
//   class made of the minimum alone. A legend labels such a class with the one value.
// - For computed methods bounds[0] <= min and bounds.back() >= max, with equality for equal
//   interval, quantile and natural breaks; pretty bounds may reach beyond the data to round numbers.
// - When fewer classes than requested are possible, reasons and note say why (English note for
//   logs and the CLI; the UI translates from the reason codes and the counts in the struct).
#pragma once
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pk {

enum class ClassMethod { EqualInterval, Quantile, NaturalBreaks, Pretty, Manual };

// Stable names for project files and the CLI: "equal", "quantile", "jenks", "pretty", "manual".
std::string_view classMethodName(ClassMethod method);
bool parseClassMethod(std::string_view name, ClassMethod& out);

inline constexpr int kMinClasses = 3;
inline constexpr int kMaxClasses = 9;
// Natural breaks runs on at most this many values (as QGIS does); larger inputs are sampled
// deterministically (see classify()).
inline constexpr std::size_t kJenksSampleCap = 3000;

// Why a classification has fewer classes than requested, or otherwise needs a word in the legend.
enum class ClassReason {
  NoValues,               // every value is missing: no classes
  AllValuesEqual,         // one distinct value: one class
  FewDistinctValues,      // fewer distinct values than classes (quantile, natural breaks)
  TiedValues,             // quantile bounds coincide because many values are equal
  PrettyCountDiffers,     // no round step gives exactly the requested count
  ClassCountOutOfRange,   // requested count outside 3..9: clamped
  InvalidManualBreaks,    // manual breaks not finite, not strictly ascending, or more than 9 classes
  ValuesOutsideBreaks,    // manual breaks leave some values outside every class
};

struct Classification {
  ClassMethod method = ClassMethod::Quantile;
  int requestedClasses = 0;            // as asked, before clamping
  std::vector<double> bounds;          // classCount()+1 values, see conventions above
  std::vector<std::size_t> counts;     // values per class, classCount() entries
  std::size_t valueCount = 0;          // non-missing values classified
  std::size_t missingCount = 0;        // NaN or -infinity values
  std::size_t unboundedCount = 0;      // +infinity values (see conventions above)
  std::size_t distinctCount = 0;       // distinct non-missing values
  std::size_t outsideCount = 0;        // values in no class (only possible with manual breaks)
  std::vector<ClassReason> reasons;    // most important first; empty when all went as asked
  std::string note;                    // English, one line; empty when reasons is empty

  int classCount() const { return bounds.size() < 2 ? 0 : int(bounds.size()) - 1; }
  bool has(ClassReason r) const;
  // Class index of v, or -1 for NaN/infinite values and values outside [bounds[0], bounds.back()].
  int classOf(double v) const;
};

// Classifies `values` into `classes` classes (clamped to 3..9; ClassCountOutOfRange noted).
// - EqualInterval: bounds min + i*(max-min)/k, first and last exactly min and max; classes may be
//   empty (that is the method).
// - Quantile: bound i is the (i/k)-th percentile by linear interpolation between order statistics
//   (Hyndman & Fan type 7, the default of R's quantile(), NumPy and Excel's PERCENTILE.INC):
//   with sorted x_0..x_{n-1}, h = (n-1)*p, Q(p) = x_floor(h) + (h - floor(h))*(x_floor(h)+1 - x_floor(h)).
//   Coinciding bounds (ties) are merged and empty classes folded into their neighbour.
// - NaturalBreaks: the partition of the sorted values into k contiguous classes with the minimum
//   total within-class sum of squared deviations (Jenks/Fisher), computed exactly by dynamic
//   programming over distinct values (equal values never split). Inputs above kJenksSampleCap
//   values use kJenksSampleCap evenly spaced order statistics of the sorted data (always including
//   min and max), so the result is deterministic; counts are then taken over all values.
// - Pretty: bounds at multiples of a round step covering [min, max]. Steps are m x 10^e with m
//   from four tiers, rounder first: {1, 2, 5} (R's pretty()), {2.5, 4, 3}, {1.5, 6, 8},
//   {1.25, 7.5, 1.2}. The step whose class count is closest to the request wins, then the rounder
//   tier, then the tighter fit. Unlike R's pretty() (QGIS #54922, #47290) the count is met exactly
//   for most ranges and is otherwise off by one, with PrettyCountDiffers.
// - Manual: use classify(values, manualBreaks) below.
Classification classify(std::span<const double> values, ClassMethod method, int classes);

// Manual breaks: the full list of bounds, lower first (k+1 values for k classes, 1..9 classes).
// They must be finite and strictly ascending; otherwise the result has no classes and
// InvalidManualBreaks. Values outside [breaks.front(), breaks.back()] are counted in outsideCount.
Classification classifyManual(std::span<const double> values, std::span<const double> breaks);

// Percentile p in [0,1] of sorted (ascending, no NaN) values by the type-7 definition above.
double percentileSorted(std::span<const double> sorted, double p);

// Total within-class sum of squared deviations of `values` under classification c (missing and
// outside values ignored). The quantity natural breaks minimises; exposed for tests and benches.
double withinClassSumOfSquares(const Classification& c, std::span<const double> values);

}  // namespace pk
