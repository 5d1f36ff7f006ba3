#include "core/text_table_export.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <unistd.h>

#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "core/layer_io.h"
#include "core/project_file.h"

namespace pk {

namespace {

bool parseNumberStrict(const std::string& text, double& value) {
  if (text.empty()) return false;
  errno = 0;
  char* end = nullptr;
  value = std::strtod(text.c_str(), &end);
  return errno == 0 && end == text.c_str() + text.size();
}

}  // namespace

void writeTextTableCsv(const std::string& path, const TextTable& table, bool indonesianExcel) {
  writeFileAtomically(path, "\xEF\xBB\xBF" + toCsv(table, indonesianExcel ? ';' : ','));
}

void writeTextTableXlsx(const std::string& path, const TextTable& table) {
  initGdal();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("XLSX");
  if (!driver) throw std::runtime_error(path + ": GDAL has no XLSX driver");
  // A sibling whose name does not contain ".xlsx." (GDAL's XLSX writer fails on such names).
  const std::filesystem::path target(path);
  const std::string tmp =
      (target.parent_path() / (".tmp-" + std::to_string(static_cast<long>(::getpid())) + "-" + target.filename().string()))
          .string();
  std::remove(tmp.c_str());
  auto fail = [&](const std::string& what) {
    std::remove(tmp.c_str());
    const char* gdal = CPLGetLastErrorMsg();
    return std::runtime_error(path + ": " + what + (gdal && *gdal ? std::string(": ") + gdal : std::string()));
  };
  CPLErrorReset();
  GDALDataset* ds = driver->Create(tmp.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
  if (!ds) throw fail("cannot write");
  OGRLayer* layer = ds->CreateLayer("indicators", nullptr, wkbNone, nullptr);
  if (!layer) {
    GDALClose(ds);
    throw fail("cannot create the sheet");
  }
  const size_t columns = table.header.size();
  std::vector<bool> numeric(columns, true);
  for (size_t c = 0; c < columns; ++c) {
    bool any = false;
    for (const auto& row : table.rows) {
      if (c >= row.size() || row[c].empty()) continue;
      double v = 0;
      any = true;
      if (!parseNumberStrict(row[c], v)) {
        numeric[c] = false;
        break;
      }
    }
    // Codes such as 32.17.01 are not numbers; a column of empty cells stays text.
    if (!any) numeric[c] = false;
    OGRFieldDefn field(table.header[c].c_str(), numeric[c] ? OFTReal : OFTString);
    if (layer->CreateField(&field) != OGRERR_NONE) {
      GDALClose(ds);
      throw fail("cannot add column " + table.header[c]);
    }
  }
  for (const auto& row : table.rows) {
    OGRFeature feature(layer->GetLayerDefn());
    for (size_t c = 0; c < columns && c < row.size(); ++c) {
      if (row[c].empty()) continue;
      double v = 0;
      if (numeric[c] && parseNumberStrict(row[c], v))
        feature.SetField(static_cast<int>(c), v);
      else
        feature.SetField(static_cast<int>(c), row[c].c_str());
    }
    if (layer->CreateFeature(&feature) != OGRERR_NONE) {
      GDALClose(ds);
      throw fail("cannot write a row");
    }
  }
  CPLErrorReset();
  GDALClose(ds);  // closing writes the file
  if (CPLGetLastErrorType() >= CE_Failure || !std::filesystem::exists(tmp)) throw fail("the XLSX writer failed");
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::remove(tmp.c_str());
    throw std::runtime_error(path + ": cannot replace: " + ec.message());
  }
}

}  // namespace pk
