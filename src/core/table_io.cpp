#include "core/table_io.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include "core/column_mapping.h"
#include "core/layer_io.h"
#include "core/project_file.h"

namespace pk {

namespace {

std::string_view trimView(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n')) --e;
  // A no-break space (U+00A0, common in spreadsheet exports) counts as space too.
  while (e - b >= 2 && static_cast<unsigned char>(s[b]) == 0xC2 && static_cast<unsigned char>(s[b + 1]) == 0xA0) b += 2;
  while (e - b >= 2 && static_cast<unsigned char>(s[e - 2]) == 0xC2 && static_cast<unsigned char>(s[e - 1]) == 0xA0) e -= 2;
  return s.substr(b, e - b);
}

std::string lowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string headerKey(std::string_view s) { return normaliseHeader(trimView(s)); }

std::string shortened(std::string_view s, size_t n = 60) {
  std::string out(s.substr(0, n));
  if (s.size() > n) out += "...";
  return out;
}

// Rows of a spreadsheet-like source before the header is known.
struct RawRow {
  int rowNumber;
  std::vector<std::string> cells;
  bool empty() const {
    for (const auto& c : cells)
      if (!trimView(c).empty()) return false;
    return true;
  }
};

int knownHeaderMatches(const RawRow& row, const std::set<std::string>& known) {
  int n = 0;
  for (const auto& c : row.cells)
    if (!c.empty() && known.count(headerKey(c))) ++n;
  return n;
}

int filledCells(const RawRow& row) {
  int n = 0;
  for (const auto& c : row.cells)
    if (!trimView(c).empty()) ++n;
  return n;
}

constexpr size_t kHeaderSearchRows = 30;

// Index into rows of the header: the row with the most recognised names among the first rows, or
// else the first row with the most filled cells (title rows above a header have one filled cell).
size_t findHeaderRow(const std::vector<RawRow>& rows, const TableReadOptions& options) {
  std::set<std::string> known;
  for (const auto& k : options.knownHeaders) known.insert(headerKey(k));
  size_t limit = std::min(rows.size(), kHeaderSearchRows);
  size_t best = rows.size();
  int bestMatches = 0;
  for (size_t i = 0; i < limit; ++i) {
    int m = knownHeaderMatches(rows[i], known);
    if (m > bestMatches) { bestMatches = m; best = i; }
  }
  if (best < rows.size()) return best;
  int bestFilled = 0;
  for (size_t i = 0; i < limit; ++i) {
    int f = filledCells(rows[i]);
    if (f > bestFilled) { bestFilled = f; best = i; }
  }
  return best;  // rows.size() when every row is empty
}

// Chooses the header among the first rows and sets the table's columns. Returns the header's
// row number.
int setHeader(Table& table, const std::vector<RawRow>& headRows, const TableReadOptions& options) {
  size_t h = findHeaderRow(headRows, options);
  if (h >= headRows.size()) throw InputError(table.path, "no usable rows: the file holds no data");
  table.headerRowNumber = headRows[h].rowNumber;
  auto headerCells = headRows[h].cells;
  while (!headerCells.empty() && trimView(headerCells.back()).empty()) headerCells.pop_back();
  std::map<std::string, int> seen;
  for (size_t c = 0; c < headerCells.size(); ++c) {
    std::string name(trimView(headerCells[c]));
    if (name.empty()) name = "column_" + std::to_string(c + 1);
    int& count = seen[lowerAscii(name)];
    if (++count > 1) name += "_" + std::to_string(count);
    table.columns.push_back(name);
  }
  if (table.columns.size() < 2) {
    throw InputError(table.path, "only one column found (header '" +
                                     shortened(table.columns.empty() ? std::string() : table.columns[0]) +
                                     "'): wrong delimiter? Use comma, semicolon or tab");
  }
  return table.headerRowNumber;
}

// Adds the data rows below the header, skipping empty rows, and checks the result at the end.
class RowAdder {
 public:
  explicit RowAdder(Table& table) : table_(table), cells_(table.columns.size()) {}
  void add(int rowNumber, const std::vector<std::string>& raw) {
    size_t ncol = table_.columns.size();
    bool extra = false, any = false;
    for (size_t c = 0; c < ncol; ++c) {
      cells_[c] = c < raw.size() ? trimView(raw[c]) : std::string_view();
      if (!cells_[c].empty()) any = true;
    }
    for (size_t c = ncol; c < raw.size(); ++c)
      if (!trimView(raw[c]).empty()) extra = any = true;
    if (!any) return;
    ++dataRows_;
    if (extra) ++extraRows_;
    table_.addRow(rowNumber, cells_, extra);
  }
  void finish() {
    size_t ncol = table_.columns.size();
    if (dataRows_ == 0) {
      throw InputError(table_.path, "no usable rows: header on row " + std::to_string(table_.headerRowNumber) +
                                        " but no data rows below it");
    }
    if (extraRows_ * 2 > dataRows_) {
      throw InputError(table_.path, std::to_string(extraRows_) + " of " + std::to_string(dataRows_) +
                                        " rows have more fields than the header (" + std::to_string(ncol) +
                                        "): wrong delimiter, or decimal commas in an unquoted "
                                        "comma-separated file?");
    }
    if (extraRows_ > 0) {
      table_.notes.push_back(std::to_string(extraRows_) + " of " + std::to_string(dataRows_) +
                             " rows have more fields than the header (wrong delimiter or unquoted "
                             "decimal commas?); their cells may be shifted");
    }
  }
 private:
  Table& table_;
  std::vector<std::string_view> cells_;
  size_t dataRows_ = 0, extraRows_ = 0;
};

// ---- CSV ----

// Calls onRecord(recordNumber, cells) for each CSV record (RFC 4180 quoting; a quoted field may
// span lines) until it returns false. Cells are reused between records.
template <class OnRecord>
void forEachCsvRecord(std::string_view text, char delimiter, OnRecord&& onRecord) {
  size_t i = 0, n = text.size();
  int recordNumber = 0;
  std::vector<std::string> cells;
  while (i < n) {
    ++recordNumber;
    size_t fieldCount = 0;
    bool endOfRecord = false;
    while (!endOfRecord) {
      if (cells.size() <= fieldCount) cells.emplace_back();
      std::string& field = cells[fieldCount++];
      field.clear();
      if (i < n && text[i] == '"') {
        ++i;
        while (i < n) {
          size_t q = text.find('"', i);
          if (q == std::string_view::npos) { field.append(text.substr(i)); i = n; break; }
          field.append(text.substr(i, q - i));
          if (q + 1 < n && text[q + 1] == '"') { field += '"'; i = q + 2; }
          else { i = q + 1; break; }
        }
        // Text after the closing quote up to the delimiter is kept (lenient, like spreadsheets).
        while (i < n && text[i] != delimiter && text[i] != '\n' && text[i] != '\r') field += text[i++];
      } else {
        size_t start = i;
        while (i < n && text[i] != delimiter && text[i] != '\n' && text[i] != '\r') ++i;
        field.assign(text.substr(start, i - start));
      }
      if (i >= n) { endOfRecord = true; }
      else if (text[i] == delimiter) {
        ++i;
        if (i >= n) {  // a delimiter right at the end of the file ends with one empty field
          if (cells.size() <= fieldCount) cells.emplace_back();
          cells[fieldCount++].clear();
          endOfRecord = true;
        }
      }
      else {
        if (text[i] == '\r') ++i;
        if (i < n && text[i] == '\n') ++i;
        endOfRecord = true;
      }
    }
    cells.resize(fieldCount);
    if (!onRecord(recordNumber, static_cast<const std::vector<std::string>&>(cells))) return;
  }
}

std::vector<RawRow> firstCsvRecords(std::string_view text, char delimiter, size_t maxRecords) {
  std::vector<RawRow> rows;
  forEachCsvRecord(text, delimiter, [&](int number, const std::vector<std::string>& cells) {
    rows.push_back(RawRow{number, cells});
    return rows.size() < maxRecords;
  });
  return rows;
}

std::string utf16ToUtf8(std::string_view bytes, bool littleEndian) {
  std::string out;
  out.reserve(bytes.size());
  auto unit = [&](size_t k) -> unsigned {
    unsigned a = static_cast<unsigned char>(bytes[k]), b = static_cast<unsigned char>(bytes[k + 1]);
    return littleEndian ? (a | (b << 8)) : ((a << 8) | b);
  };
  for (size_t k = 0; k + 1 < bytes.size(); k += 2) {
    unsigned cp = unit(k);
    if (cp >= 0xD800 && cp <= 0xDBFF && k + 3 < bytes.size()) {
      unsigned lo = unit(k + 2);
      if (lo >= 0xDC00 && lo <= 0xDFFF) { cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00); k += 2; }
    }
    if (cp < 0x80) out += static_cast<char>(cp);
    else if (cp < 0x800) { out += static_cast<char>(0xC0 | (cp >> 6)); out += static_cast<char>(0x80 | (cp & 0x3F)); }
    else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12)); out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18)); out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F)); out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  return out;
}

std::string extensionOf(const std::string& path) {
  return lowerAscii(std::filesystem::path(path).extension().string());
}

}  // namespace

// ---- Table ----

std::string_view Table::cell(size_t row, size_t column) const {
  if (column >= columns.size() || row >= rowNumbers_.size()) return {};
  size_t k = row * columns.size() + column;
  std::uint32_t begin = k == 0 ? 0 : cellEnd_[k - 1];
  return std::string_view(pool_).substr(begin, cellEnd_[k] - begin);
}

int Table::columnIndex(std::string_view name) const {
  std::string key = lowerAscii(trimView(name));
  for (size_t i = 0; i < columns.size(); ++i)
    if (lowerAscii(trimView(columns[i])) == key) return static_cast<int>(i);
  return -1;
}

void Table::addRow(int rowNumber, const std::vector<std::string_view>& cells, bool extraFields) {
  for (size_t c = 0; c < columns.size(); ++c) {
    if (c < cells.size()) pool_.append(cells[c]);
    if (pool_.size() > UINT32_MAX) throw InputError(path, "too large: more than 4 GiB of text");
    cellEnd_.push_back(static_cast<std::uint32_t>(pool_.size()));
  }
  rowNumbers_.push_back(rowNumber);
  extraFields_.push_back(extraFields ? 1 : 0);
}

// ---- encoding and delimiter detection ----

bool isValidUtf8(std::string_view s) {
  size_t i = 0, n = s.size();
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) { ++i; continue; }
    int len = (c >= 0xC2 && c <= 0xDF) ? 2 : (c >= 0xE0 && c <= 0xEF) ? 3 : (c >= 0xF0 && c <= 0xF4) ? 4 : 0;
    if (len == 0 || i + len > n) return false;
    for (int k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    if (c == 0xE0 && static_cast<unsigned char>(s[i + 1]) < 0xA0) return false;  // overlong
    if (c == 0xED && static_cast<unsigned char>(s[i + 1]) > 0x9F) return false;  // surrogates
    if (c == 0xF0 && static_cast<unsigned char>(s[i + 1]) < 0x90) return false;
    if (c == 0xF4 && static_cast<unsigned char>(s[i + 1]) > 0x8F) return false;
    i += len;
  }
  return true;
}

std::string windows1252ToUtf8(std::string_view bytes) {
  std::string input(bytes);
  // CPLRecode works on C strings; NUL bytes never occur in a text table worth reading.
  input.erase(std::remove(input.begin(), input.end(), '\0'), input.end());
  char* recoded = CPLRecode(input.c_str(), "CP1252", CPL_ENC_UTF8);
  std::string out = recoded ? recoded : "";
  CPLFree(recoded);
  if (!isValidUtf8(out) || (out.empty() && !input.empty())) {
    // Without iconv GDAL only knows ISO-8859-1, which differs from CP1252 in 0x80-0x9F alone.
    recoded = CPLRecode(input.c_str(), CPL_ENC_ISO8859_1, CPL_ENC_UTF8);
    out = recoded ? recoded : "";
    CPLFree(recoded);
  }
  return out;
}

char detectCsvDelimiter(std::string_view text) {
  const char candidates[] = {';', '\t', ','};
  char best = ',';
  size_t bestConsistent = 0, bestMode = 0;
  for (char d : candidates) {
    auto rows = firstCsvRecords(text, d, 50);
    std::map<size_t, size_t> countOfFieldCount;
    for (const auto& r : rows) {
      if (r.empty()) continue;
      size_t fields = r.cells.size();
      while (fields > 1 && trimView(r.cells[fields - 1]).empty()) --fields;  // trailing empty cells
      ++countOfFieldCount[r.cells.size()];
      if (fields != r.cells.size()) ++countOfFieldCount[fields];
    }
    size_t mode = 0, consistent = 0;
    for (auto [fields, count] : countOfFieldCount) {
      if (fields < 2) continue;
      if (count > consistent || (count == consistent && fields > mode)) { consistent = count; mode = fields; }
    }
    if (consistent > bestConsistent || (consistent == bestConsistent && mode > bestMode)) {
      best = d; bestConsistent = consistent; bestMode = mode;
    }
  }
  return best;
}

Table parseCsv(std::string bytes, const std::string& path, const TableReadOptions& options) {
  Table table;
  table.path = path;
  table.format = "CSV";
  table.encoding = "UTF-8";
  if (bytes.size() >= 3 && bytes.compare(0, 3, "\xEF\xBB\xBF") == 0) {
    bytes.erase(0, 3);
  } else if (bytes.size() >= 2 && (bytes.compare(0, 2, "\xFF\xFE") == 0 || bytes.compare(0, 2, "\xFE\xFF") == 0)) {
    bool le = bytes[0] == '\xFF';
    bytes = utf16ToUtf8(std::string_view(bytes).substr(2), le);
    table.encoding = le ? "UTF-16LE" : "UTF-16BE";
  } else if (!isValidUtf8(bytes)) {
    bytes = windows1252ToUtf8(bytes);
    table.encoding = "Windows-1252";
  }
  if (trimView(bytes).empty()) throw InputError(path, "no usable rows: the file is empty");
  table.delimiter = detectCsvDelimiter(bytes);
  int header = setHeader(table, firstCsvRecords(bytes, table.delimiter, kHeaderSearchRows), options);
  RowAdder adder(table);
  forEachCsvRecord(bytes, table.delimiter, [&](int number, const std::vector<std::string>& cells) {
    if (number > header) adder.add(number, cells);
    return true;
  });
  adder.finish();
  return table;
}

// ---- GDAL formats ----

namespace {

struct DatasetCloser {
  void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

std::string lastGdalError() {
  std::string msg = CPLGetLastErrorMsg();
  return msg.empty() ? std::string("not a readable table") : msg;
}

// Reads the first `limit` rows (all when 0) of a spreadsheet layer opened with HEADERS=DISABLE.
std::vector<RawRow> readSheetRows(OGRLayer* layer, size_t limit) {
  std::vector<RawRow> rows;
  layer->ResetReading();
  int counter = 0;
  int nfields = layer->GetLayerDefn()->GetFieldCount();
  OGRFeature* f;
  while ((f = layer->GetNextFeature()) != nullptr) {
    ++counter;
    RawRow row;
    // With HEADERS=DISABLE the XLSX and ODS drivers number features by spreadsheet row.
    GIntBig fid = f->GetFID();
    row.rowNumber = fid > 0 && fid < (1LL << 30) ? static_cast<int>(fid) : counter;
    row.cells.resize(nfields);
    for (int i = 0; i < nfields; ++i)
      if (f->IsFieldSetAndNotNull(i)) row.cells[i] = f->GetFieldAsString(i);
    OGRFeature::DestroyFeature(f);
    rows.push_back(std::move(row));
    if (limit && rows.size() >= limit) break;
  }
  return rows;
}

// Sets thread-local GDAL config options for a scope (the ODS driver of GDAL 3.6 has no open options
// and reads its OGR_ODS_* settings lazily, while features are read).
class ScopedConfig {
 public:
  ScopedConfig(std::string key, const char* value) : key_(std::move(key)) {
    const char* old = CPLGetThreadLocalConfigOption(key_.c_str(), nullptr);
    if (old) { had_ = true; old_ = old; }
    CPLSetThreadLocalConfigOption(key_.c_str(), value);
  }
  ~ScopedConfig() { CPLSetThreadLocalConfigOption(key_.c_str(), had_ ? old_.c_str() : nullptr); }
  ScopedConfig(const ScopedConfig&) = delete;
  ScopedConfig& operator=(const ScopedConfig&) = delete;
 private:
  std::string key_, old_;
  bool had_ = false;
};

Table readSpreadsheet(const std::string& path, const std::string& format, const TableReadOptions& options) {
  // Every row as a feature (the header is found here, below any title rows), every cell as text.
  ScopedConfig headers("OGR_" + format + "_HEADERS", "DISABLE");
  ScopedConfig types("OGR_" + format + "_FIELD_TYPES", "STRING");
  const char* openOptions[] = {"HEADERS=DISABLE", "FIELD_TYPES=STRING", nullptr};
  const char* drivers[] = {format.c_str(), nullptr};
  CPLErrorReset();
  DatasetPtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers,
                                  format == "XLSX" ? openOptions : nullptr, nullptr));
  if (!ds) throw InputError(path, "cannot open as " + format + ": " + lastGdalError());
  std::set<std::string> known;
  for (const auto& k : options.knownHeaders) known.insert(headerKey(k));
  // The sheet whose first rows hold the most recognised column names; else the first with rows.
  OGRLayer* chosen = nullptr;
  int bestScore = -1;
  for (int i = 0; i < ds->GetLayerCount(); ++i) {
    OGRLayer* layer = ds->GetLayer(i);
    if (!options.layerName.empty()) {
      if (lowerAscii(layer->GetName()) == lowerAscii(options.layerName)) { chosen = layer; break; }
      continue;
    }
    auto head = readSheetRows(layer, kHeaderSearchRows);
    if (head.empty()) continue;
    int score = 0;
    for (const auto& r : head) score = std::max(score, knownHeaderMatches(r, known));
    if (score > bestScore) { bestScore = score; chosen = layer; }
  }
  if (!chosen) {
    if (!options.layerName.empty()) throw InputError(path, "has no sheet named '" + options.layerName + "'");
    throw InputError(path, "no usable rows: every sheet is empty");
  }
  Table table;
  table.path = path;
  table.format = format;
  table.encoding = "UTF-8";
  auto rows = readSheetRows(chosen, 0);
  int header = setHeader(table, rows, options);
  RowAdder adder(table);
  for (const auto& row : rows)
    if (row.rowNumber > header) adder.add(row.rowNumber, row.cells);
  adder.finish();
  return table;
}

Table readGdalVector(const std::string& path, const TableReadOptions& options) {
  CPLErrorReset();
  DatasetPtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (!ds) throw InputError(path, "cannot open as a table: " + lastGdalError());
  OGRLayer* layer = nullptr;
  for (int i = 0; i < ds->GetLayerCount() && !layer; ++i) {
    OGRLayer* l = ds->GetLayer(i);
    if (!options.layerName.empty()) {
      if (lowerAscii(l->GetName()) == lowerAscii(options.layerName)) layer = l;
    } else if (l->GetFeatureCount(TRUE) != 0) {
      layer = l;
    }
  }
  if (!layer) {
    if (!options.layerName.empty()) throw InputError(path, "has no layer named '" + options.layerName + "'");
    throw InputError(path, "no usable rows: the file has no features");
  }
  Table table;
  table.path = path;
  table.format = ds->GetDriver() ? ds->GetDriver()->GetDescription() : "GDAL";
  table.encoding = "UTF-8";
  OGRFeatureDefn* defn = layer->GetLayerDefn();
  int nfields = defn->GetFieldCount();
  for (int i = 0; i < nfields; ++i) table.columns.push_back(defn->GetFieldDefn(i)->GetNameRef());

  bool hasGeometry = defn->GetGeomFieldCount() > 0 &&
                     wkbFlatten(defn->GetGeomType()) != wkbNone;
  std::unique_ptr<OGRCoordinateTransformation> toLonLat;
  if (hasGeometry) {
    auto avail = [&](const std::string& name) { return table.columnIndex(name) < 0; };
    std::string lonName = avail("lon") ? "lon" : "geometry_lon";
    std::string latName = avail("lat") ? "lat" : "geometry_lat";
    table.geometryLonColumn = static_cast<int>(table.columns.size());
    table.columns.push_back(lonName);
    table.geometryLatColumn = static_cast<int>(table.columns.size());
    table.columns.push_back(latName);
    const OGRSpatialReference* srs = layer->GetSpatialRef();
    if (srs) {
      OGRSpatialReference source(*srs);
      source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
      OGRSpatialReference wgs84;
      wgs84.importFromEPSG(4326);
      wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
      toLonLat.reset(OGRCreateCoordinateTransformation(&source, &wgs84));
      if (!toLonLat) throw InputError(path, "cannot convert its CRS to longitude/latitude");
    }
  }
  layer->ResetReading();
  int counter = 0;
  size_t nonPoint = 0;
  std::vector<std::string> values(table.columns.size());
  std::vector<std::string_view> views(table.columns.size());
  OGRFeature* f;
  while ((f = layer->GetNextFeature()) != nullptr) {
    ++counter;
    for (int i = 0; i < nfields; ++i)
      values[i] = f->IsFieldSetAndNotNull(i) ? std::string(trimView(f->GetFieldAsString(i))) : std::string();
    if (hasGeometry) {
      values[table.geometryLonColumn].clear();
      values[table.geometryLatColumn].clear();
      const OGRGeometry* g = f->GetGeometryRef();
      const OGRPoint* p = nullptr;
      if (g && !g->IsEmpty()) {
        auto type = wkbFlatten(g->getGeometryType());
        if (type == wkbPoint) p = g->toPoint();
        else if (type == wkbMultiPoint && g->toMultiPoint()->getNumGeometries() == 1)
          p = g->toMultiPoint()->getGeometryRef(0);
        else ++nonPoint;
      }
      if (p) {
        double x = p->getX(), y = p->getY();
        if (!toLonLat || toLonLat->Transform(1, &x, &y)) {
          char buf[64];
          std::snprintf(buf, sizeof buf, "%.8f", x);
          values[table.geometryLonColumn] = buf;
          std::snprintf(buf, sizeof buf, "%.8f", y);
          values[table.geometryLatColumn] = buf;
        }
      }
    }
    OGRFeature::DestroyFeature(f);
    for (size_t i = 0; i < values.size(); ++i) views[i] = values[i];
    table.addRow(counter, views);
  }
  if (table.rowCount() == 0) throw InputError(path, "no usable rows: the layer has no features");
  if (nonPoint > 0)
    table.notes.push_back(std::to_string(nonPoint) +
                          " features are not single points; their position is left empty");
  return table;
}

}  // namespace

Table readTable(const std::string& path, const TableReadOptions& options) {
  initGdal();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw InputError(path, "file not found");
  if (std::filesystem::is_directory(path, ec)) throw InputError(path, "is a folder, not a table file");
  std::string ext = extensionOf(path);
  if (ext == ".csv" || ext == ".txt" || ext == ".tsv") {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path, std::string("cannot read: ") + std::strerror(errno));
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw InputError(path, "read error");
    if (bytes.size() > UINT32_MAX) throw InputError(path, "too large: more than 4 GiB");
    return parseCsv(std::move(bytes), path, options);
  }
  if (ext == ".xlsx") return readSpreadsheet(path, "XLSX", options);
  if (ext == ".ods") return readSpreadsheet(path, "ODS", options);
  if (ext == ".xls") throw InputError(path, "old Excel .xls files are not supported: save it as .xlsx or .csv");
  return readGdalVector(path, options);
}

// ---- templates ----

namespace {

std::string csvQuoted(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) { if (c == '"') out += '"'; out += c; }
  return out + "\"";
}

}  // namespace

void writeHeaderOnlyTable(const std::string& path, const std::vector<std::string>& headers) {
  initGdal();
  std::string ext = extensionOf(path);
  if (ext == ".csv") {
    std::string line;
    for (size_t i = 0; i < headers.size(); ++i) line += (i ? "," : "") + csvQuoted(headers[i]);
    line += "\r\n";
    writeFileAtomically(path, line);
    return;
  } else if (ext == ".xlsx") {
    const std::string tmp = temporarySiblingPath(resolveWriteTarget(path));
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("XLSX");
    if (!driver) throw std::runtime_error(path + ": GDAL has no XLSX driver");
    std::remove(tmp.c_str());
    CPLErrorReset();
    DatasetPtr ds(driver->Create(tmp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw std::runtime_error(path + ": cannot write: " + lastGdalError());
    OGRLayer* layer = ds->CreateLayer("data", nullptr, wkbNone, nullptr);
    if (!layer) throw std::runtime_error(path + ": cannot create sheet: " + lastGdalError());
    for (const auto& h : headers) {
      OGRFieldDefn field(h.c_str(), OFTString);
      if (layer->CreateField(&field) != OGRERR_NONE) throw std::runtime_error(path + ": cannot add column " + h);
    }
    // GDAL writes the header row only above data: one feature with every cell empty, which
    // spreadsheets show as an empty row 2 and readTable skips.
    OGRFeature blank(layer->GetLayerDefn());
    if (layer->CreateFeature(&blank) != OGRERR_NONE) throw std::runtime_error(path + ": cannot write the header row");
    ds.reset();  // closing writes the file
    if (!std::filesystem::exists(tmp)) throw std::runtime_error(path + ": XLSX writer produced no file");
    commitTemporaryFile(tmp, path);
    return;
  }
  throw std::runtime_error(path + ": templates are written as .csv or .xlsx");
}

void writeImportTemplate(const std::string& path, ListKind kind) {
  writeHeaderOnlyTable(path, templateHeaders(kind));
}

}  // namespace pk
