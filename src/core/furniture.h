// Map furniture as data: title, subtitle, legend, scale bar, north arrow, source line, date and the
// note on schematic boundaries, each toggled and placed in a corner (project section "furniture").
// Also the pure layout math, in points (1/72 inch), so that a 300-dpi export is the screen's layout,
// only sharper: stacking per corner without overlap, the scale bar's nice ground length and the
// north arrow's grid convergence. No GL here; src/render/furniture_renderer draws it.
#pragma once
#include <array>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/geometry.h"

namespace pk {

class MapProjection;
struct MapDocument;
struct MapView;

enum class FurnitureCorner { TopLeft, TopCenter, TopRight, BottomLeft, BottomCenter, BottomRight };
std::string_view furnitureCornerName(FurnitureCorner corner);  // "top_left", "top_center", ...
bool parseFurnitureCorner(std::string_view name, FurnitureCorner& out);
inline bool isTopCorner(FurnitureCorner c) {
  return c == FurnitureCorner::TopLeft || c == FurnitureCorner::TopCenter || c == FurnitureCorner::TopRight;
}

// In stacking order: in a top corner the first item is nearest the edge; in a bottom corner the
// last one is (so the date ends up at the very bottom and the title at the very top).
enum class FurnitureItem { Title, Subtitle, NorthArrow, Legend, ScaleBar, SchematicNote, Attribution, Date };
constexpr int kFurnitureItemCount = 8;
std::string_view furnitureItemName(FurnitureItem item);  // JSON key: "title", "north_arrow", ...
bool parseFurnitureItem(std::string_view name, FurnitureItem& out);
std::array<FurnitureItem, kFurnitureItemCount> allFurnitureItems();

struct FurnitureItemSettings {
  bool show = true;
  FurnitureCorner corner = FurnitureCorner::TopLeft;
  // Title, subtitle, source line, date: the planner's text. Empty means automatic (title: the
  // project's or the bookmark's; subtitle: none; source: from the data; date: today).
  std::string text;
  // The legend only ("corner": "auto" in JSON): the one of the four corners where it hides the least
  // of the map and leaves no item out; `corner` is the fallback.
  bool autoCorner = false;
  friend bool operator==(const FurnitureItemSettings&, const FurnitureItemSettings&) = default;
};

struct FurnitureSettings {
  std::array<FurnitureItemSettings, kFurnitureItemCount> items = defaultItems();
  float marginPt = 8.0f;  // from the image edge
  float gapPt = 4.0f;     // between stacked items
  float textScale = 1.0f; // presentation mode's large type; 1 for exports

  FurnitureItemSettings& operator[](FurnitureItem item) { return items[static_cast<int>(item)]; }
  const FurnitureItemSettings& operator[](FurnitureItem item) const { return items[static_cast<int>(item)]; }
  static std::array<FurnitureItemSettings, kFurnitureItemCount> defaultItems();
  friend bool operator==(const FurnitureSettings&, const FurnitureSettings&) = default;
};

// JSON of the project's "furniture" section. Reading is tolerant of missing keys (defaults) and
// throws std::invalid_argument naming the key for wrong values (an unknown corner, say).
void to_json(nlohmann::json& j, const FurnitureSettings& s);
void from_json(const nlohmann::json& j, FurnitureSettings& s);
// The document's settings (defaults when the project has no "furniture" section). Throws
// std::invalid_argument as from_json.
FurnitureSettings furnitureSettingsOf(const MapDocument& doc);
void storeFurnitureSettings(MapDocument& doc, const FurnitureSettings& s);

// ---- texts ----

// The source line filled in from the data: the boundary layer's `source` field (or its path) naming
// BPS or HDX gives "Batas wilayah: BPS 2020 / OCHA HDX (CC BY-IGO)"; the schematic demo gives
// "Batas skematis dari titik desa BPS/OCHA HDX (CC BY-IGO)"; another source field is quoted; no
// clue gives the boundary file's name. In the current language (pk::tr).
std::string automaticAttribution(const MapDocument& doc);
// "12 Maret 2025" / "12 March 2025" (current language) for an ISO date "2025-03-12"; other text
// is returned unchanged.
std::string formatFurnitureDate(const std::string& isoDate);
std::string todayIsoDate();  // local date, "YYYY-MM-DD"
// True for a real calendar date "YYYY-MM-DD" (year 1900-9999): "2024-13-45" and "2023-02-29" are not.
bool isValidIsoDate(const std::string& text);

// The strings furniture shows, resolved from settings, the document and the bookmark.
struct FurnitureText {
  std::string title, subtitle, attribution, date, schematicNote;
};
FurnitureText furnitureTextFor(const FurnitureSettings& s, const MapDocument& doc,
                               const std::string& bookmarkTitle = "", const std::string& isoDate = "");

// ---- layout (points; origin top-left, y down) ----

struct FurnitureBlock {
  FurnitureItem item;
  FurnitureCorner corner;
  double widthPt = 0, heightPt = 0;
};

struct FurniturePlacement {
  FurnitureItem item;
  BBox boxPt;
};

struct FurnitureLayout {
  std::vector<FurniturePlacement> placed;
  std::vector<FurnitureItem> dropped;  // did not fit without overlapping or leaving the page
  const FurniturePlacement* find(FurnitureItem item) const;
};

// Stacks the blocks in their corners, the top and bottom centres first (titles win), then the left
// and right corners. A block that would overlap one already placed moves further along its corner's
// stack; one that then leaves the page (inside the margin) is dropped, never drawn clipped.
FurnitureLayout layoutFurniture(std::vector<FurnitureBlock> blocks, double pageWidthPt, double pageHeightPt,
                                double marginPt, double gapPt);

// The legend's automatic corner for one layout: each of the four corners is tried with `blocks`
// (which hold the legend's block); the fewest items left out wins, then the least of the map hidden
// (`coverage`: the share 0..1 of the map under a box in points), then the order bottom right, top
// right, bottom left, top left.
FurnitureCorner chooseLegendCorner(std::vector<FurnitureBlock> blocks, double pageWidthPt, double pageHeightPt,
                                   double marginPt, double gapPt, const std::function<double(const BBox&)>& coverage);

// The window's automatic legend corner, chosen once and kept while the planner pans and zooms (so
// the legend does not jump between corners): chosen anew when `key` (what the layout depends on
// besides the view: legend size, page size, the other items' corners) changes, or after forget()
// (a fit, data opened, the overlays changed). Exports choose once per export from their own view.
struct LegendCornerMemo {
  std::optional<FurnitureCorner> corner;
  std::string key;
  void forget() {
    corner.reset();
    key.clear();
  }
  FurnitureCorner choose(const std::string& layoutKey, const std::function<FurnitureCorner()>& chooseNow);
};

// ---- scale bar and north arrow ----

// Ground metres per map-CRS metre along the x axis at `mapPoint` (1 / the point scale factor):
// a short east-west map segment there is converted to lon/lat and measured on the WGS 84 ellipsoid
// (geodesic, PROJ's geod_inverse). Any CRS works, not only conformal ones.
double groundMetresPerMapMetre(const MapProjection& projection, Vec2 mapPoint);
// Angle (radians, clockwise positive) from grid north (up on the map) to true north at `mapPoint`:
// the direction the north arrow points. Tiny in UTM near the central meridian.
double trueNorthAngleFromGridNorth(const MapProjection& projection, Vec2 mapPoint);

struct ScaleBarChoice {
  double groundMetres = 0;    // 1, 2 or 5 x 10^n
  double lengthPx = 0;        // on the image: groundMetres / (metresPerPixel * groundPerMap)
  int segments = 1;           // alternating boxes
  std::string label;          // "5 km", "500 m", "0,5 km" is never used (metres instead)
  std::string unit;           // "km" or "m"
  double labelValue = 0;      // groundMetres in that unit
};
// Chooses a nice ground length whose bar spans 15–25 % of the image width (the one nearest 20 %
// when no 1-2-5 value falls inside), given the view's map metres per pixel and ground metres per
// map metre at the map centre.
ScaleBarChoice chooseScaleBar(double metresPerPixel, double groundPerMapMetre, double imageWidthPx);

// Everything the furniture needs from the map, for a view over `projection`.
struct MapGeometryAtCentre {
  double groundPerMapMetre = 1;
  double northAngleRad = 0;
};
MapGeometryAtCentre mapGeometryAtCentre(const MapProjection& projection, const MapView& view);

}  // namespace pk
