// Colours and per-layer style. Sizes are in points (1/72 inch) so they stay the same at any zoom and DPI.
#pragma once
#include <cstdint>
#include <string>

namespace pk {

struct Rgba {
  std::uint8_t r = 0, g = 0, b = 0, a = 255;
  friend bool operator==(const Rgba&, const Rgba&) = default;
};

std::string toHex(Rgba c);                       // "#rrggbb" or "#rrggbbaa"
bool parseHex(const std::string& text, Rgba& out);

enum class FillMode { Single, ByFeature };

struct LayerStyle {
  FillMode fillMode = FillMode::ByFeature;  // ByFeature: a distinct pastel per polygon
  Rgba fill{253, 231, 178, 255};
  Rgba outline{60, 60, 60, 255};
  float fillOpacity = 1.0f;                 // 0..1
  float outlineWidthPt = 0.75f;
  float pointSizePt = 5.0f;                 // point layers
  bool showLabels = true;
  float labelSizePt = 9.0f;
  // The planner chose the fill (mode, colour or opacity) in the layer panel: overlays keep it instead of
  // turning the base fill neutral under points and heat (core/map_state.h, baseFillIsNeutral).
  bool fillChosen = false;
  friend bool operator==(const LayerStyle&, const LayerStyle&) = default;  // renderer caches compare styles
};

// Distinct, readable fill for feature i of a polygon layer (a 20-colour pastel cycle; the first
// 16 are pairwise distinct so every kecamatan of a regency differs).
Rgba categoricalFill(size_t i);

}  // namespace pk
