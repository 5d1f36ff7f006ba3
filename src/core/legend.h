// Legend of a classified (choropleth) layer: one entry per class with its colour, label and count,
// plus entries for missing values and values outside manual breaks. Pure data: the renderer and
// the ImGui legend draw it, and the renderer colours features with Legend::colorFor, so the map and
// its legend use the very same colours (GeoLibre #1387: no interpolated map colours).
#pragma once
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "core/classify.h"
#include "core/i18n.h"
#include "core/palette.h"
#include "core/style.h"

namespace pk {

// Digits after the decimal separator for labelling these ascending bounds: the fewest that still
// show every bound exactly (12.5 and 20 -> 1: "12.5 – 20.0"), but no more than needed to tell
// neighbours apart at their spacing (one digit below the leading digit of the smallest gap), then
// raised until no two neighbouring bounds print alike. 0..6.
int autoDecimals(std::span<const double> bounds);

// Unbounded: the +infinity values (Classification::unboundedCount) in the worst class's colour.
enum class LegendEntryKind { Class, Unbounded, Missing, Outside };

struct LegendEntry {
  LegendEntryKind kind = LegendEntryKind::Class;
  int classIndex = -1;       // index into Classification classes for Class entries, else -1
  Rgba color;
  std::string label;         // "12.5 – 20.0", or the single value for a one-value class
  std::size_t count = 0;
  double lower = 0, upper = 0;  // class bounds (Class entries only)
};

struct LegendOptions {
  std::string palette;             // ColorBrewer name; empty = defaultPalette(kind, classes)
  PaletteKind paletteKind = PaletteKind::Sequential;  // for the default when `palette` is empty
  bool reversed = false;
  // Labels' numbers through formatNumber (core/i18n.h) in this language; Bahasa Indonesia is the UI default.
  Language language = Language::Indonesian;
  int decimals = -1;               // -1: autoDecimals(bounds); kept by the caller across reclassifying
  std::string rangeSeparator = " \u2013 ";  // en dash; the UI font needs U+2013 in its glyph ranges
  std::string missingLabel = "No data";     // callers pass tr("...") text; core has no GUI strings
  std::string outsideLabel = "Outside the breaks";
  Rgba missingColor{189, 189, 189, 255};    // neutral grey, outside every ColorBrewer ramp here
  Rgba outsideColor{240, 240, 240, 255};
  bool showMissingWhenNone = false;         // a Missing entry even when no value is missing
  // Non-empty: +infinity values are drawn in the last (worst) class colour with their own row of this
  // label (e.g. "no mentor" for beneficiaries per mentor). Empty: they are missing like NaN.
  std::string unboundedLabel;
};

struct Legend {
  Classification classification;
  std::string palette;                 // the palette actually used (after fallback)
  std::vector<Rgba> classColors;       // one per class, exactly the palette's colours for that count
  std::vector<LegendEntry> entries;    // classes ascending, then Unbounded, Outside, Missing
  Rgba missingColor, outsideColor;
  bool unboundedShown = false;         // LegendOptions::unboundedLabel was given
  Rgba unboundedColor;                 // the worst class colour, for +infinity when unboundedShown
  int decimals = 0;                    // digits used in the labels

  // The fill for a feature with value v: its class colour, unboundedColor for +inf when unboundedShown,
  // missingColor for NaN/inf otherwise, outsideColor
  // for a finite value in no class. Use this for drawing so the map always matches the legend.
  Rgba colorFor(double v) const;
};

// Builds the legend. An unknown palette, or one without colours for the class count (Set2 with 9),
// falls back to defaultPalette(options.paletteKind, classes).
Legend buildLegend(const Classification& classification, const LegendOptions& options = {});

}  // namespace pk
