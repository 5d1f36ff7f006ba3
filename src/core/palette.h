// ColorBrewer palettes (Cynthia Brewer, Mark Harrower and The Pennsylvania State University,
// colorbrewer2.org, Apache-2.0): the exact published RGB values for each class count, never
// interpolated, so a 5-class map uses ColorBrewer's own 5-class scheme.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/style.h"

namespace pk {

enum class PaletteKind { Sequential, Diverging, Qualitative };

// ColorBrewer's colour-blind rating of one palette at one class count ("ok", "maybe", "bad" on
// colorbrewer2.org). Unrated counts (Paired with 12) count as Unsafe.
enum class ColorBlindRating { Safe, Maybe, Unsafe };

struct PaletteInfo {
  std::string_view name;        // ColorBrewer's name, e.g. "YlOrRd"; also the key saved in projects
  PaletteKind kind;
  int minClasses = 3;
  int maxClasses = 9;           // 9 sequential, 11 diverging, 8 (Set2, Dark2) or 12 (Paired, Set3)
  int colorBlindSafeUpTo = 0;   // largest class count rated Safe; 0 when no count is
};

// Every palette, sequential first, then diverging, then qualitative (the order for the UI list).
const std::vector<PaletteInfo>& palettes();
std::vector<std::string_view> paletteNames(PaletteKind kind);
// nullptr for an unknown name. Names match exactly (they are saved in project files).
const PaletteInfo* findPalette(std::string_view name);

// The k colours of `name`, dark-to-light reversed when `reversed`. k of 1 or 2 (a classification
// that could only make one or two classes) takes the middle, or the two ends, of the 3-class scheme,
// so one value still gets a colour from the palette. Empty for an unknown name, k < 1, or k above the
// palette's maxClasses: callers fall back to defaultPalette().
std::vector<Rgba> paletteColors(std::string_view name, int k, bool reversed = false);

ColorBlindRating colorBlindRating(std::string_view name, int k);
inline bool isColorBlindSafe(std::string_view name, int k) {
  return colorBlindRating(name, k) == ColorBlindRating::Safe;
}

// The default palette of a kind for k classes, chosen for colour-blind safety: YlOrRd (sequential,
// safe at every count), RdYlBu (diverging, safe at every count), and for qualitative the palette
// with the best rating at k, Dark2 first on ties (saturated enough for points). No ColorBrewer
// qualitative palette is rated safe above 4 classes; the best available is returned.
std::string_view defaultPalette(PaletteKind kind, int k);

}  // namespace pk
