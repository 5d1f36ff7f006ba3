// The per-polygon indicator table (indicatorTextTable) through the disclosure-control step
// (core/disclosure.h): its model, and the published table written back into the text table.
#pragma once
#include <string>
#include <vector>

#include "core/disclosure.h"
#include "core/indicators.h"

namespace pk {


// The model of a per-polygon table: per row, its count columns (beneficiaries, placed_by_coordinates,
// covered, over_capacity, status_*, cohort_*, category_*) with their exact values from `indicators`;
// the differences the table publishes implicitly (beneficiaries - placed, placed - covered,
// beneficiaries - over_capacity) as cells of their own; each breakdown group summing to the row's
// beneficiaries; and a regency row of column totals, marked alwaysPublished (legends and the pack's
// index print them).
struct IndicatorModel {
  DisclosureTable model;
  std::vector<std::vector<int>> cellOf;  // [row][column] -> model cell, -1 for columns that are no count
};
IndicatorModel indicatorModel(const TextTable& table, const IndicatorTable& indicators);

// Replaces applyTablePrivacy for an export: personal columns removed, each count cell written as
// publishTable decides ("<3", "x" or the value), and every value derived from a withheld count
// (density, share, rate, BSIMu total, beneficiaries per mentor, dominant category, distances,
// covered share) written as that count's marker. Mentor counts, codes, names and areas stay.
// Returns the published table (release record included). Throws std::invalid_argument when a
// row's feature is not in `indicators`.
PublishedTable applyDisclosureControl(TextTable& table, const IndicatorTable& indicators,
                                      const DisclosureSettings& settings);

// The publication of one export (issue 11): the model and the table publishTable decided, made once
// and read by every output of the export (table.csv, table.xlsx, panels, legends, ranking). Every
// number an export prints about people is one of these cells or is withheld.
struct PublishedIndicators {
  IndicatorModel model;
  PublishedTable published;
  DisclosureSettings settings;
  TextTable table;  // the published per-polygon table (decimal point), derived values withheld with their counts
  // The published text of (row, column) ("12", "<3", "x"), or "" when the model has no such cell.
  // Row "total" holds the regency totals that legends print.
  std::string text(const std::string& row, const std::string& column) const;
};
// Publishes `table` (personal columns removed) once.
PublishedIndicators publishIndicators(TextTable table, const IndicatorTable& indicators,
                                      const DisclosureSettings& settings);
// Writes an earlier publication into `table` (the same rows and columns as the one published, in any
// decimal mark), as applyDisclosureControl does, without publishing again.
void applyPublication(TextTable& table, const PublishedIndicators& publication);

// How many publications (publishIndicators) this process has made (a pack makes one; tests read it).
int publicationsSoFar();

}  // namespace pk
