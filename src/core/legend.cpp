#include "core/legend.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace pk {
namespace {

double pow10(int e) {
  double p = 1;
  for (int i = 0; i < e; ++i) p *= 10;
  return p;
}

// Fewest decimals (0..6) that print every bound exactly.
int exactDecimals(std::span<const double> bounds) {
  for (int d = 0; d <= 6; ++d) {
    bool allExact = true;
    for (double b : bounds) {
      double scaled = b * pow10(d);
      if (std::abs(scaled - std::round(scaled)) > 1e-9 * std::max(1.0, std::abs(scaled))) {
        allExact = false;
        break;
      }
    }
    if (allExact) return d;
  }
  return 6;
}

}  // namespace

int autoDecimals(std::span<const double> bounds) {
  if (bounds.empty()) return 0;
  const int exact = exactDecimals(bounds);
  double minGap = INFINITY;
  for (size_t i = 1; i < bounds.size(); ++i) {
    double gap = bounds[i] - bounds[i - 1];
    if (gap > 0) minGap = std::min(minGap, gap);
  }
  int d = exact;
  if (std::isfinite(minGap)) {
    const int bySpacing = std::clamp(1 - int(std::floor(std::log10(minGap))), 0, 6);
    // Exact bounds are shown when they need at most one digit more than the spacing does
    // (quantile 3.25 stays 3.25); data values such as 3.14159 are rounded to the spacing.
    d = exact <= bySpacing + 1 ? exact : bySpacing;
  }
  auto collide = [&](int digits) {
    for (size_t i = 1; i < bounds.size(); ++i)
      if (bounds[i] != bounds[i - 1] && formatNumber(bounds[i], digits, Language::English) ==
                                            formatNumber(bounds[i - 1], digits, Language::English))
        return true;
    return false;
  };
  while (d < 6 && collide(d)) ++d;
  return d;
}

Rgba Legend::colorFor(double v) const {
  if (unboundedShown && std::isinf(v) && v > 0) return unboundedColor;
  if (!std::isfinite(v)) return missingColor;
  int cls = classification.classOf(v);
  if (cls < 0 || size_t(cls) >= classColors.size()) return outsideColor;
  return classColors[size_t(cls)];
}

Legend buildLegend(const Classification& classification, const LegendOptions& options) {
  Legend legend;
  legend.classification = classification;
  legend.missingColor = options.missingColor;
  legend.outsideColor = options.outsideColor;
  const int k = classification.classCount();

  if (k > 0) {
    std::string name = options.palette;
    PaletteKind kind = options.paletteKind;
    if (const PaletteInfo* info = findPalette(name)) kind = info->kind;
    if (name.empty()) name = std::string(defaultPalette(kind, k));
    std::vector<Rgba> colors = paletteColors(name, k, options.reversed);
    if (colors.empty()) {
      name = std::string(defaultPalette(kind, k));
      colors = paletteColors(name, k, options.reversed);
    }
    legend.palette = name;
    legend.classColors = colors;
  }

  legend.decimals = options.decimals >= 0 ? std::min(options.decimals, 12) : autoDecimals(classification.bounds);
  for (int i = 0; i < k; ++i) {
    LegendEntry e;
    e.kind = LegendEntryKind::Class;
    e.classIndex = i;
    e.lower = classification.bounds[size_t(i)];
    e.upper = classification.bounds[size_t(i) + 1];
    e.color = size_t(i) < legend.classColors.size() ? legend.classColors[size_t(i)] : options.outsideColor;
    e.count = size_t(i) < classification.counts.size() ? classification.counts[size_t(i)] : 0;
    std::string lo = formatNumber(e.lower, legend.decimals, options.language);
    std::string hi = formatNumber(e.upper, legend.decimals, options.language);
    e.label = e.lower == e.upper ? lo : lo + options.rangeSeparator + hi;
    legend.entries.push_back(std::move(e));
  }
  // The rows after the classes: no mentor (unbounded), outside the manual breaks, no data.
  auto addRow = [&](LegendEntryKind kind, Rgba color, const std::string& label, std::size_t count) {
    LegendEntry e;
    e.kind = kind;
    e.color = color;
    e.label = label;
    e.count = count;
    legend.entries.push_back(std::move(e));
  };
  if (!options.unboundedLabel.empty()) {
    legend.unboundedShown = true;
    // The worst colour of the palette even when no finite value made a class.
    std::vector<Rgba> ramp = legend.classColors;
    if (ramp.empty()) {
      PaletteKind kind = options.paletteKind;
      if (const PaletteInfo* info = findPalette(options.palette)) kind = info->kind;
      ramp = paletteColors(options.palette, kMinClasses, options.reversed);
      if (ramp.empty()) ramp = paletteColors(std::string(defaultPalette(kind, kMinClasses)), kMinClasses, options.reversed);
    }
    legend.unboundedColor = ramp.empty() ? options.missingColor : ramp.back();
    if (classification.unboundedCount > 0)
      addRow(LegendEntryKind::Unbounded, legend.unboundedColor, options.unboundedLabel, classification.unboundedCount);
  }
  const std::size_t missing =
      classification.missingCount + (legend.unboundedShown ? 0 : classification.unboundedCount);
  if (classification.outsideCount > 0)
    addRow(LegendEntryKind::Outside, options.outsideColor, options.outsideLabel, classification.outsideCount);
  if (missing > 0 || options.showMissingWhenNone)
    addRow(LegendEntryKind::Missing, options.missingColor, options.missingLabel, missing);
  return legend;
}

}  // namespace pk
