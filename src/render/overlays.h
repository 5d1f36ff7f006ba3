// The programme overlays on the map: a choropleth of any indicator, business types (category-coloured
// points and a per-polygon pie or bar glyph of the mix), mentor coverage (symbols, circles of a
// ground radius, lines to assigned mentors, uncovered beneficiaries, beneficiaries per mentor) and
// a heatmap, each with its legend drawn on the map. The builder turns the programme data and the
// settings into what the renderer draws (RenderOptions::boundaryFills, ::overlay, ::furniture), so
// the window and every export show the same thing.
//
// Privacy: the builder's input (OverlayData) holds positions, categories, cohorts, statuses and
// mentor assignments, never names, NIK or business names, so no personal data can reach the map.
//
// Cost: indicators, the classification, the spreading of coincident points and the heatmap are
// cached and recomputed only when the data, the filters or the relevant settings change. A frame
// only converts cached map positions to pixels; the heatmap is one texture (uploaded once per
// density grid), so panning stays smooth.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/business_categories.h"
#include "core/indicator_disclosure.h"
#include "core/indicators.h"
#include "core/kernel_density.h"
#include "core/legend.h"
#include "core/overlay_settings.h"
#include "core/spatial_index.h"
#include "render/draw_list.h"

namespace pk {

struct MapDocument;
struct RenderOptions;
struct LoadedProgramme;

// Programme data as the overlays see it. No names, no NIK.
struct OverlayData {
  BeneficiaryPoints beneficiaries;
  MentorPoints mentors;
  bool hasMentors = false;
  std::vector<std::string> categoryKeys;  // parallel to beneficiaries.categoryNames (filter keys)
  std::vector<double> population;         // per boundary feature, for rates; may be empty
};
// From loaded lists: categories by key and label, mentors linked by id.
OverlayData overlayDataOf(const LoadedProgramme& programme);

// The per-polygon indicators with the filters and radius of `settings`, as the overlays compute them,
// from `exact` (undisplaced) data: what an export publishes (through its one publication step).
IndicatorTable exactIndicatorsFor(const MapDocument& doc, std::shared_ptr<const OverlayData> exact,
                                  const OverlaySettings& settings);

// Colour-blind-friendly qualitative colours for business categories (Okabe & Ito 2008, "Color
// Universal Design"), in category order; the fallback category ("lainnya") is grey. Deterministic.
std::vector<Rgba> businessCategoryColors(size_t categoryCount, int fallbackIndex);

enum class LegendCorner { Auto, TopLeft, TopRight, BottomLeft, BottomRight };

struct OverlayBuildOptions {
  // Count labels of count indicators below this show as "<N" (issue 5: exports use 3); 0 = exact.
  int smallCountThreshold = 0;
  LegendCorner legendCorner = LegendCorner::Auto;
  // Legend and label texts and every number in them (formatNumber) in this language.
  Language language = Language::Indonesian;
  // The window: map symbols (points, lines, circles, count labels) are drawn for a view larger by
  // cacheMargin of its size on each side and kept until the scale, the settings or the data change
  // or the view leaves that area; the renderer keeps them as a texture (RenderOptions::cachedOverlay).
  // Exports leave this off and draw the symbols directly.
  bool cacheForPanning = false;
  double cacheMargin = 0.25;
  // Legends into OverlayFrame::legend instead of ::furniture, for the map furniture to place in its
  // legend box (src/render/furniture_renderer: it moves the whole legend, keeping its layout).
  bool separateLegend = false;
  // Exports (issue 11): the export's one publication of the per-polygon table, made from the exact
  // data with `publicationFilters` and `publicationRadiusKm`. With smallCountThreshold > 0 every
  // count of people a legend prints is read from it (regency totals: "x" or "<3" where withheld), a
  // polygon whose mapped value is withheld is filled and labelled as withheld and left out of the
  // classes (class bounds are published values only), and a polygon's business glyph is drawn only
  // when all its category counts are published. When it is null, or the map's filters or radius
  // differ from its own, those counts are left out of the legends (nothing published covers them).
  std::shared_ptr<const PublishedIndicators> publication;
  OverlayFilters publicationFilters;
  double publicationRadiusKm = 0;
};

// A legend colour box as drawn (for tests, and for the window's hit testing).
struct LegendSwatch {
  BBox box;     // pixels
  Rgba color;
  std::string overlay;  // "density", "business", "mentors", "heatmap"
};

// What one frame draws on top of the document.
struct OverlayFrame {
  DrawList overlay;                // map items, between the layers and the labels
  DrawList furniture;              // legends, above everything
  DrawList legend;                 // the legends instead, with OverlayBuildOptions::separateLegend
  std::vector<Rgba> boundaryFills; // per boundary feature; empty: the layer's own style
  std::vector<LegendSwatch> swatches;
  std::vector<BBox> legendBoxes;   // the panel of each legend column, pixels
  // Every count of people the legends print, "label: text" (text as printed), for the image's
  // metadata: what an export releases is written down where an audit can read it.
  std::vector<std::string> legendNumbers;
  // With OverlayBuildOptions::cacheForPanning: the builder's cached symbols (owned by the builder,
  // valid until its next build) in the pixels of cachedView; cachedKey changes when they do.
  const DrawList* cachedOverlay = nullptr;
  MapView cachedView;
  std::uint64_t cachedKey = 0;
  // Points it to the frame's contents (the frame must outlive the draw).
  void applyTo(RenderOptions& options) const;
  void clear();
};

class OverlayBuilder {
 public:
  OverlayBuilder();
  ~OverlayBuilder();

  // New data (e.g. a list re-imported): every cache is dropped. Null: no programme data.
  void setData(std::shared_ptr<const OverlayData> data);
  const std::shared_ptr<const OverlayData>& data() const { return data_; }
  // Keeps what the map draws of `settings` (programmeOverlaysDrawn: no choropleth under the score).
  void setSettings(const OverlaySettings& settings);
  const OverlaySettings& settings() const { return settings_; }
  void setOptions(const OverlayBuildOptions& options) { options_ = options; }

  // Builds the frame for `view`. Without data or with no overlay on, the frame is empty.
  void build(const MapDocument& doc, const MapView& view, OverlayFrame& out);

  // Results of the last build (valid until the next one), for the window and tests.
  const IndicatorTable* indicators() const;
  const Legend* choroplethLegend() const;       // the polygon fill's legend, if any
  std::shared_ptr<const DrawImage> heatmapImage() const;
  const DensityGrid* heatmapGrid() const;
  std::uint64_t heatmapComputations() const { return heatmapComputations_; }

 private:
  struct Cache;
  std::shared_ptr<const OverlayData> data_;
  OverlaySettings settings_;
  OverlayBuildOptions options_;
  std::unique_ptr<Cache> cache_;
  std::uint64_t heatmapComputations_ = 0;
};

}  // namespace pk
