#include "core/feature_info.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "core/indicator_disclosure.h"
#include "core/indicators.h"
#include "core/privacy.h"

namespace pk {

namespace {

const char* labelKey(OverlayIndicator indicator) {
  switch (indicator) {
    case OverlayIndicator::Beneficiaries: return "indicator.beneficiaries";
    case OverlayIndicator::Density: return "indicator.density";
    case OverlayIndicator::Share: return "indicator.share";
    case OverlayIndicator::RatePer1000: return "indicator.rate_per_1000";
    case OverlayIndicator::BsimuTotal: return "indicator.bsimu_total";
    case OverlayIndicator::Mentors: return "indicator.mentors";
    case OverlayIndicator::BeneficiariesPerMentor: return "indicator.beneficiaries_per_mentor";
    case OverlayIndicator::CoveredShare: return "indicator.covered_share";
    case OverlayIndicator::MedianDistanceKm: return "indicator.median_distance_km";
    case OverlayIndicator::MaxDistanceKm: return "indicator.max_distance_km";
    case OverlayIndicator::OverCapacity: return "indicator.over_capacity";
  }
  return "";
}

// The published row of `feature` in the publication's table; null when it has none (then nothing
// about the polygon is released).
const std::vector<std::string>* publishedRow(size_t feature, const PublishedIndicators& publication) {
  const TextTable& t = publication.table;
  for (size_t row = 0; row < t.featureOfRow.size() && row < t.rows.size(); ++row)
    if (t.featureOfRow[row] == static_cast<int>(feature)) return &t.rows[row];
  return nullptr;
}

// The publication's marker of the count `indicator` comes from for `feature` ("" when published).
std::string publishedMarker(OverlayIndicator indicator, size_t feature, const PublishedIndicators& publication) {
  const std::vector<std::string>* row = publishedRow(feature, publication);
  if (!row) return "x";
  const std::vector<std::string>& header = publication.table.header;
  auto first = [&](std::initializer_list<const char*> columns) -> std::string {
    for (const char* column : columns) {
      const size_t c = static_cast<size_t>(std::find(header.begin(), header.end(), column) - header.begin());
      if (c < row->size() && isWithheldCell((*row)[c])) return (*row)[c];
    }
    return "";
  };
  switch (indicator) {
    case OverlayIndicator::Mentors: return "";
    case OverlayIndicator::MedianDistanceKm:
    case OverlayIndicator::MaxDistanceKm: return first({"placed_by_coordinates"});
    case OverlayIndicator::CoveredShare: return first({"placed_by_coordinates", "covered"});
    case OverlayIndicator::OverCapacity: return first({"over_capacity", "beneficiaries"});
    default: return first({"beneficiaries"});
  }
}

// True when the publication withholds any cell of the polygon's row (fail closed for the score,
// which is linear in the counts it was made from).
bool publicationWithholdsAny(size_t feature, const PublishedIndicators& publication) {
  const std::vector<std::string>* row = publishedRow(feature, publication);
  return !row || std::any_of(row->begin(), row->end(), [](const std::string& c) { return isWithheldCell(c); });
}

// Withheld under the privacy view (core/privacy.h): counts of beneficiaries that are small, values
// derived from them, distances and shares from few positioned beneficiaries. Mentor counts stay.
bool withheld(OverlayIndicator indicator, const PolygonIndicators& p, const FeatureInfoOptions& o) {
  if (!o.privacy) return false;
  const int t = o.smallCountThreshold;
  switch (indicator) {
    case OverlayIndicator::Mentors: return false;
    case OverlayIndicator::MedianDistanceKm:
    case OverlayIndicator::MaxDistanceKm: return isSmallCount(p.placedByCoordinates, t);
    case OverlayIndicator::CoveredShare: return isSmallCount(p.placedByCoordinates, t) || isSmallCount(p.covered, t);
    case OverlayIndicator::OverCapacity: return isSmallCount(p.overCapacity, t) || isSmallCount(p.beneficiaries, t);
    default: return isSmallCount(p.beneficiaries, t);
  }
}

std::string valueText(OverlayIndicator indicator, const IndicatorTable& table, size_t feature, const FeatureInfoOptions& o) {
  const PolygonIndicators& p = table.polygons[feature];
  if (o.privacy && o.publication) {
    if (std::string m = publishedMarker(indicator, feature, *o.publication); !m.empty()) return m;
  } else if (withheld(indicator, p, o)) {
    return withheldMarker(o.smallCountThreshold);
  }
  const double v = indicatorValue(indicator, table, feature);
  if (std::isinf(v)) return translate("map.legend.no_mentor", o.language);
  if (std::isnan(v)) return translate("feature.no_value", o.language);
  switch (indicator) {
    case OverlayIndicator::Beneficiaries:
    case OverlayIndicator::Mentors:
    case OverlayIndicator::OverCapacity: return formatNumber(v, 0, o.language);
    case OverlayIndicator::Density: return formatNumber(v, 2, o.language);
    case OverlayIndicator::Share: return formatNumber(v, 1, o.language) + "%";
    case OverlayIndicator::CoveredShare: return formatNumber(v, 0, o.language) + "%";
    case OverlayIndicator::BsimuTotal: {
      // Whole rupiah run to 10+ digits (Rp 116.000.000): millions read at a glance and fit the panel.
      if (std::abs(v) < 1e6) return "Rp " + formatNumber(v, 0, o.language);
      const double millions = v / 1e6;
      return "Rp " + formatNumber(millions, millions >= 100 || millions == std::round(millions) ? 0 : 1, o.language) +
             " " + translate("unit.million", o.language);
    }
    default: return formatNumber(v, 1, o.language);
  }
}

void addIndicator(std::vector<FeatureInfoRow>& rows, OverlayIndicator indicator, const IndicatorTable& table,
                  size_t feature, const FeatureInfoOptions& o) {
  FeatureInfoRow row{translate(labelKey(indicator), o.language), valueText(indicator, table, feature, o)};
  if (std::find(rows.begin(), rows.end(), row) == rows.end()) rows.push_back(std::move(row));
}

void addScore(std::vector<FeatureInfoRow>& rows, const IndicatorTable* table, size_t feature,
              const std::optional<FeatureScoreInfo>& score, const FeatureInfoOptions& o) {
  if (!score) return;
  std::string value;
  if (score->excluded) {
    value = translate("feature.excluded", o.language);
  } else if (o.privacy && o.publication && publicationWithholdsAny(feature, *o.publication)) {
    // As in the pack's ranking: a polygon with any withheld input has its score withheld.
    value = "x";
  } else if (o.privacy && !o.publication && table && feature < table->polygons.size() &&
             isSmallCount(table->polygons[feature].beneficiaries, o.smallCountThreshold)) {
    // As in the exported ranking: a score is linear in the counts it was made from.
    value = withheldMarker(o.smallCountThreshold);
  } else {
    char text[256];
    value = formatNumber(score->score, 1, o.language);
    std::string details;
    if (!score->classLabel.empty()) {
      std::snprintf(text, sizeof text, translate("feature.score_class", o.language), score->classLabel.c_str());
      details = text;
    }
    if (score->rank > 0) {
      std::snprintf(text, sizeof text, translate("feature.score_rank", o.language), score->rank);
      details += (details.empty() ? "" : ", ") + std::string(text);
    }
    if (!details.empty()) value += " (" + details + ")";
  }
  rows.push_back({translate("feature.score", o.language), value});
}

bool validFeature(const IndicatorTable* table, size_t feature) { return table && feature < table->polygons.size(); }

}  // namespace

double indicatorValue(OverlayIndicator indicator, const IndicatorTable& table, size_t feature) {
  const PolygonIndicators& r = table.polygons.at(feature);
  switch (indicator) {
    case OverlayIndicator::Beneficiaries: return double(r.beneficiaries);
    case OverlayIndicator::Density: return r.densityPerKm2;
    case OverlayIndicator::Share: return r.share * 100;
    case OverlayIndicator::RatePer1000: return r.ratePer1000;
    case OverlayIndicator::BsimuTotal: return table.hasBsimu ? r.bsimuTotal : kNoValue;
    case OverlayIndicator::Mentors: return table.hasMentors ? double(r.mentors) : kNoValue;
    case OverlayIndicator::BeneficiariesPerMentor:
      return !table.hasMentors     ? kNoValue
             : r.mentors > 0       ? r.beneficiariesPerMentor
             : r.beneficiaries > 0 ? std::numeric_limits<double>::infinity()
                                   : kNoValue;
    case OverlayIndicator::CoveredShare: return table.hasMentors ? r.coveredShare * 100 : kNoValue;
    case OverlayIndicator::MedianDistanceKm: return table.hasMentors ? r.medianDistanceKm : kNoValue;
    case OverlayIndicator::MaxDistanceKm: return table.hasMentors ? r.maxDistanceKm : kNoValue;
    case OverlayIndicator::OverCapacity: return table.hasMentors ? double(r.overCapacity) : kNoValue;
  }
  return kNoValue;
}

std::vector<FeatureInfoRow> mappedValueRows(const OverlaySettings& overlays, const IndicatorTable* table,
                                            size_t feature, const std::optional<FeatureScoreInfo>& score,
                                            const FeatureInfoOptions& options) {
  std::vector<FeatureInfoRow> rows;
  if (validFeature(table, feature)) {
    // The score, when on, fills the polygons instead of any choropleth (core/overlay_settings.h).
    const bool choropleth = overlays.choropleth && !overlays.score.on;
    if (choropleth) addIndicator(rows, overlays.choroplethSettings.indicator, *table, feature, options);
    if (overlays.mentors && table->hasMentors) {
      addIndicator(rows, OverlayIndicator::Mentors, *table, feature, options);
      if (overlays.mentorChoropleth && !overlays.choropleth && !overlays.score.on)
        addIndicator(rows, OverlayIndicator::BeneficiariesPerMentor, *table, feature, options);
      addIndicator(rows, OverlayIndicator::CoveredShare, *table, feature, options);
    }
    if (overlays.business || overlays.heatmap) addIndicator(rows, OverlayIndicator::Beneficiaries, *table, feature, options);
  }
  if (overlays.score.on) addScore(rows, table, feature, score, options);
  return rows;
}

std::vector<FeatureInfoRow> indicatorRows(const IndicatorTable* table, size_t feature,
                                          const std::optional<FeatureScoreInfo>& score,
                                          const FeatureInfoOptions& options) {
  std::vector<FeatureInfoRow> rows;
  if (validFeature(table, feature)) {
    for (OverlayIndicator i : {OverlayIndicator::Beneficiaries, OverlayIndicator::Density, OverlayIndicator::Share})
      addIndicator(rows, i, *table, feature, options);
    if (table->hasPopulation) addIndicator(rows, OverlayIndicator::RatePer1000, *table, feature, options);
    if (table->hasBsimu) addIndicator(rows, OverlayIndicator::BsimuTotal, *table, feature, options);
    if (table->hasMentors)
      for (OverlayIndicator i : {OverlayIndicator::Mentors, OverlayIndicator::BeneficiariesPerMentor,
                                 OverlayIndicator::CoveredShare, OverlayIndicator::MedianDistanceKm,
                                 OverlayIndicator::MaxDistanceKm, OverlayIndicator::OverCapacity})
        addIndicator(rows, i, *table, feature, options);
  }
  addScore(rows, table, feature, score, options);
  return rows;
}

}  // namespace pk
