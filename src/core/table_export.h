// The per-polygon indicator table as an exported file (table panel, meeting pack): CSV for
// international Excel (comma, decimal point) or Indonesian Excel (semicolon, decimal comma), and
// XLSX through GDAL's XLSX driver. Privacy is applied here, always: the counts go through the
// disclosure-control step (src/core/indicator_disclosure.h: small counts "<3", complementary "x"
// chosen so that no withheld count can be worked out from the table and its regency totals), the
// values derived from a withheld count are withheld with it, no personal column is written. Writes are
// atomic (a temporary file in the same folder, then rename); a failed write leaves the old file.
#pragma once
#include <string>

#include "core/indicators.h"

namespace pk {

struct Layer;
struct PublishedIndicators;

enum class CsvStyle {
  International,  // "," between fields, "." in numbers
  Indonesian,     // ";" between fields, "," in numbers (what Excel expects in an Indonesian locale)
};

// The table with privacy applied, numbers with the decimal mark of `decimalMark`.
TextTable exportIndicatorTable(const Layer& boundaries, const IndicatorTable& indicators,
                               const BeneficiaryPoints& beneficiaries, int smallCountThreshold, char decimalMark);

// The publication of the table, made once per export: every output of the export reads it (the
// overloads below taking `publication` publish nothing themselves).
PublishedIndicators publishIndicatorTable(const Layer& boundaries, const IndicatorTable& indicators,
                                          const BeneficiaryPoints& beneficiaries, int smallCountThreshold);
TextTable exportIndicatorTable(const Layer& boundaries, const IndicatorTable& indicators,
                               const BeneficiaryPoints& beneficiaries, const PublishedIndicators& publication,
                               char decimalMark);
std::string indicatorCsv(const Layer& boundaries, const IndicatorTable& indicators,
                         const BeneficiaryPoints& beneficiaries, const PublishedIndicators& publication,
                         CsvStyle style);
void writeIndicatorCsv(const std::string& path, const Layer& boundaries, const IndicatorTable& indicators,
                       const BeneficiaryPoints& beneficiaries, const PublishedIndicators& publication,
                       CsvStyle style);
void writeIndicatorXlsx(const std::string& path, const Layer& boundaries, const IndicatorTable& indicators,
                        const BeneficiaryPoints& beneficiaries, const PublishedIndicators& publication,
                        const std::string& sheetName = "indikator");

// CSV text of the exported table: UTF-8 with a byte-order mark (so Excel reads kecamatan names with
// accents or Sundanese characters correctly), CRLF line ends, header row first.
std::string indicatorCsv(const Layer& boundaries, const IndicatorTable& indicators,
                         const BeneficiaryPoints& beneficiaries, int smallCountThreshold, CsvStyle style);
void writeIndicatorCsv(const std::string& path, const Layer& boundaries, const IndicatorTable& indicators,
                       const BeneficiaryPoints& beneficiaries, int smallCountThreshold, CsvStyle style);

// XLSX, one sheet named `sheetName`. Columns whose every non-empty cell is a number are written as
// numbers (whole numbers as integers), so Excel can sum and sort them; a column holding a withheld
// marker ("<3", "x") is written as text, marker and numbers alike, so no cell pretends to be exact.
// Throws std::runtime_error naming the path on failure.
void writeIndicatorXlsx(const std::string& path, const Layer& boundaries, const IndicatorTable& indicators,
                        const BeneficiaryPoints& beneficiaries, int smallCountThreshold,
                        const std::string& sheetName = "indikator");
// The typing rule of the XLSX and database exports: Integer when every non-empty cell is a whole
// number, Real when every one is a number, else Text (a withheld marker makes the column text);
// Text for an empty column.
enum class CellType { Integer, Real, Text };
CellType columnCellType(const TextTable& table, size_t column);

// The general form: any text table (already privacy-checked) as XLSX with the typing rule above.
void writeTextTableXlsx(const std::string& path, const TextTable& table, const std::string& sheetName);

}  // namespace pk
