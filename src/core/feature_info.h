// What the window says about one boundary polygon: under the pointer, the values the overlays that
// are on map there (as kepler.gl's and ArcGIS Dashboards' tooltips do); for the selected polygon,
// every indicator the data has. Labels in the interface's language, numbers through formatNumber,
// and the privacy view's rules (core/privacy.h) when it is on: small counts "<3", values derived
// from them withheld the same way. Pure text; the window lays it out.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/i18n.h"
#include "core/overlay_settings.h"

namespace pk {

struct IndicatorTable;

// The value an overlay indicator has for one polygon, as the overlays map it (share and covered
// share in percent, BSIMu in rupiah); NaN where it has none (no mentors, no population column).
// Beneficiaries per mentor is +infinity for a polygon with beneficiaries and no mentor.
double indicatorValue(OverlayIndicator indicator, const IndicatorTable& table, size_t feature);

struct FeatureInfoRow {
  std::string label, value;
  friend bool operator==(const FeatureInfoRow&, const FeatureInfoRow&) = default;
};

// The polygon's suitability score as the map shows it (the caller knows the classes).
struct FeatureScoreInfo {
  bool excluded = false;
  double score = 0;
  int rank = 0;
  std::string classLabel;  // e.g. "60–80"
};

struct PublishedIndicators;

struct FeatureInfoOptions {
  Language language = Language::Indonesian;
  bool privacy = false;          // the privacy view: small counts withheld
  int smallCountThreshold = 3;
  // The privacy view's publication (the one every export prints, core/indicator_disclosure.h): when
  // given, a value is withheld exactly where the publication withholds the count it comes from
  // ("<3", or "x" for a complementary cell), so a tooltip in a meeting tells no more than the pack.
  const PublishedIndicators* publication = nullptr;
};

// Hover: the indicators the overlays that are on map (the choropleth's indicator unless the score
// fills the polygons instead; mentors: mentors,
// beneficiaries per mentor, covered share; business points, glyphs or the heatmap: beneficiaries),
// each once, then the score when it is on. `table` may be null (no programme data): score only.
std::vector<FeatureInfoRow> mappedValueRows(const OverlaySettings& overlays, const IndicatorTable* table,
                                            size_t feature, const std::optional<FeatureScoreInfo>& score,
                                            const FeatureInfoOptions& options);

// Selection: every indicator the data has (rate per 1,000 with a population column, BSIMu with
// amounts, the mentor side with mentors), then the score when it is on.
std::vector<FeatureInfoRow> indicatorRows(const IndicatorTable* table, size_t feature,
                                          const std::optional<FeatureScoreInfo>& score,
                                          const FeatureInfoOptions& options);

}  // namespace pk
