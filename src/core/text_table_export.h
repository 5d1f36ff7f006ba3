// Writing a TextTable (the per-polygon indicator table) to CSV or XLSX for the table panel's export.
// Atomic (temporary file, then rename). The table holds only polygon codes, names and aggregates
// (see indicatorTextTable), never names or NIK of people.
#pragma once
#include <string>

#include "core/indicators.h"

namespace pk {

// CSV as spreadsheets in each locale expect: `indonesianExcel` false writes comma-separated with a
// decimal point; true writes semicolon-separated with a decimal comma (Excel in Bahasa Indonesia).
// The table must have been made with the matching decimal mark ('.' or ','); this only writes it.
// UTF-8 with a byte-order mark so Excel reads the kecamatan names right.
void writeTextTableCsv(const std::string& path, const TextTable& table, bool indonesianExcel);

// XLSX through GDAL's XLSX driver, one sheet "indicators". Columns whose every non-empty cell is a
// number (decimal point) are written as numbers, the rest as text. Throws std::runtime_error
// naming the path on failure.
void writeTextTableXlsx(const std::string& path, const TextTable& table);

}  // namespace pk
