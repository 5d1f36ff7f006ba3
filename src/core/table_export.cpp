#include "core/table_export.h"

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <system_error>
#include <unistd.h>

#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "core/indicator_disclosure.h"
#include "core/layer.h"
#include "core/layer_io.h"
#include "core/privacy.h"
#include "core/project_file.h"

namespace pk {

PublishedIndicators publishIndicatorTable(const Layer& boundaries, const IndicatorTable& indicators,
                                          const BeneficiaryPoints& beneficiaries, int smallCountThreshold) {
  DisclosureSettings settings;
  settings.threshold = smallCountThreshold;
  return publishIndicators(indicatorTextTable(boundaries, indicators, beneficiaries, '.'), indicators, settings);
}

TextTable exportIndicatorTable(const Layer& boundaries, const IndicatorTable& indicators,
                               const BeneficiaryPoints& beneficiaries, const PublishedIndicators& publication,
                               char decimalMark) {
  TextTable table = indicatorTextTable(boundaries, indicators, beneficiaries, decimalMark);
  applyPublication(table, publication);
  return table;
}

TextTable exportIndicatorTable(const Layer& boundaries, const IndicatorTable& indicators,
                               const BeneficiaryPoints& beneficiaries, int smallCountThreshold, char decimalMark) {
  return exportIndicatorTable(boundaries, indicators, beneficiaries,
                              publishIndicatorTable(boundaries, indicators, beneficiaries, smallCountThreshold),
                              decimalMark);
}

std::string indicatorCsv(const Layer& boundaries, const IndicatorTable& indicators,
                         const BeneficiaryPoints& beneficiaries, int smallCountThreshold, CsvStyle style) {
  return indicatorCsv(boundaries, indicators, beneficiaries,
                      publishIndicatorTable(boundaries, indicators, beneficiaries, smallCountThreshold), style);
}

void writeIndicatorCsv(const std::string& path, const Layer& boundaries, const IndicatorTable& indicators,
                       const BeneficiaryPoints& beneficiaries, const PublishedIndicators& publication,
                       CsvStyle style) {
  writeFileAtomically(path, indicatorCsv(boundaries, indicators, beneficiaries, publication, style));
}

std::string indicatorCsv(const Layer& boundaries, const IndicatorTable& indicators,
                         const BeneficiaryPoints& beneficiaries, const PublishedIndicators& publication,
                         CsvStyle style) {
  const bool indonesian = style == CsvStyle::Indonesian;
  const TextTable table = exportIndicatorTable(boundaries, indicators, beneficiaries, publication, indonesian ? ',' : '.');
  const std::string body = toCsv(table, indonesian ? ';' : ',');
  std::string out = "\xEF\xBB\xBF";
  out.reserve(body.size() + body.size() / 20 + 3);
  // toCsv ends lines with '\n' (quoted cells never hold one here); Excel on Windows expects CRLF.
  for (char c : body) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

void writeIndicatorCsv(const std::string& path, const Layer& boundaries, const IndicatorTable& indicators,
                       const BeneficiaryPoints& beneficiaries, int smallCountThreshold, CsvStyle style) {
  writeFileAtomically(path, indicatorCsv(boundaries, indicators, beneficiaries, smallCountThreshold, style));
}

namespace {

bool isInteger(const std::string& s) {
  long long v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size();
}

bool parseReal(const std::string& s, double& v) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size();
}

bool isReal(const std::string& s) {
  double v = 0;
  return parseReal(s, v);
}

}  // namespace

CellType columnCellType(const TextTable& table, size_t c) {
  CellType type = CellType::Integer;
  bool any = false;
  for (const auto& row : table.rows) {
    if (c >= row.size() || row[c].empty()) continue;
    any = true;
    if (isInteger(row[c])) continue;
    if (isReal(row[c])) {
      type = CellType::Real;
      continue;
    }
    return CellType::Text;
  }
  return any ? type : CellType::Text;
}

namespace {

std::string gdalError() {
  const char* m = CPLGetLastErrorMsg();
  return m && *m ? m : "unknown GDAL error";
}

struct DatasetCloser {
  void operator()(GDALDataset* ds) const { GDALClose(ds); }
};

}  // namespace

void writeTextTableXlsx(const std::string& path, const TextTable& table, const std::string& sheetName) {
  namespace fs = std::filesystem;
  initGdal();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("XLSX");
  if (!driver) throw std::runtime_error(path + ": GDAL has no XLSX driver");
  // A hidden sibling that keeps the .xlsx extension at its end, committed (flushed, mode kept,
  // renamed) only once GDAL has closed it.
  const fs::path tmp = temporarySiblingPath(resolveWriteTarget(path));
  std::error_code ec;
  CPLErrorReset();
  {
    std::unique_ptr<GDALDataset, DatasetCloser> ds(driver->Create(tmp.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw std::runtime_error(path + ": cannot write: " + gdalError());
    OGRLayer* layer = ds->CreateLayer(sheetName.c_str(), nullptr, wkbNone, nullptr);
    if (!layer) {
      ds.reset();
      fs::remove(tmp, ec);
      throw std::runtime_error(path + ": cannot create the sheet: " + gdalError());
    }
    std::vector<CellType> types(table.header.size());
    for (size_t c = 0; c < table.header.size(); ++c) {
      types[c] = columnCellType(table, c);
      const OGRFieldType ogrType =
          types[c] == CellType::Integer ? OFTInteger64 : types[c] == CellType::Real ? OFTReal : OFTString;
      OGRFieldDefn field(table.header[c].c_str(), ogrType);
      if (layer->CreateField(&field) != OGRERR_NONE) {
        ds.reset();
        fs::remove(tmp, ec);
        throw std::runtime_error(path + ": cannot add the column " + table.header[c]);
      }
    }
    for (const auto& row : table.rows) {
      OGRFeature feature(layer->GetLayerDefn());
      for (size_t c = 0; c < table.header.size() && c < row.size(); ++c) {
        if (row[c].empty()) continue;  // null: an empty cell
        switch (types[c]) {
          case CellType::Integer: feature.SetField(int(c), static_cast<GIntBig>(std::stoll(row[c]))); break;
          case CellType::Real: {
            double v = 0;
            parseReal(row[c], v);  // locale-independent, unlike std::stod
            feature.SetField(int(c), v);
            break;
          }
          case CellType::Text: feature.SetField(int(c), row[c].c_str()); break;
        }
      }
      if (layer->CreateFeature(&feature) != OGRERR_NONE) {
        ds.reset();
        fs::remove(tmp, ec);
        throw std::runtime_error(path + ": cannot write a row: " + gdalError());
      }
    }
  }  // closing writes the file
  if (!fs::exists(tmp, ec)) throw std::runtime_error(path + ": the XLSX writer produced no file: " + gdalError());
  commitTemporaryFile(tmp.string(), path);
}

void writeIndicatorXlsx(const std::string& path, const Layer& boundaries, const IndicatorTable& indicators,
                        const BeneficiaryPoints& beneficiaries, const PublishedIndicators& publication,
                        const std::string& sheetName) {
  writeTextTableXlsx(path, exportIndicatorTable(boundaries, indicators, beneficiaries, publication, '.'), sheetName);
}

void writeIndicatorXlsx(const std::string& path, const Layer& boundaries, const IndicatorTable& indicators,
                        const BeneficiaryPoints& beneficiaries, int smallCountThreshold, const std::string& sheetName) {
  writeTextTableXlsx(path, exportIndicatorTable(boundaries, indicators, beneficiaries, smallCountThreshold, '.'),
                     sheetName);
}

}  // namespace pk
