// Reading planners' tables (beneficiary and mentor lists, per-kecamatan tables) from CSV, XLSX, ODS,
// GeoPackage and GeoJSON into plain text cells, and writing empty import templates.
// Files are opened read-only. Problems throw pk::InputError ("file: problem").
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/column_mapping.h"

namespace pk {

// A table as text: every value kept exactly as written (trimmed of surrounding spaces), so that
// nothing is lost to type guessing (leading zeros of codes, decimal commas, 16-digit NIK).
// Cells live in one text pool, so a million-row list stays compact.
class Table {
 public:
  std::string path;
  std::string format;          // "CSV", "XLSX", "ODS", "GPKG", "GeoJSON", ...
  std::string encoding;        // CSV: "UTF-8" or "Windows-1252" (converted to UTF-8); else "UTF-8"
  char delimiter = 0;          // CSV: ',', ';' or '\t'; 0 for other formats
  std::vector<std::string> columns;
  // Row number of the header as the planner sees it (spreadsheet row / CSV record number), 0 if the
  // format has no header row (GeoPackage, GeoJSON).
  int headerRowNumber = 0;
  // Rows the source is expected to hold in all, when it says so before being read (a database's
  // planner estimate); 0 when unknown. A hint for reserving room, never a count.
  size_t expectedRows = 0;
  // Columns filled from point geometry (lon/lat in EPSG:4326), -1 when the file has no point geometry.
  int geometryLonColumn = -1, geometryLatColumn = -1;
  // Human-readable remarks about the read (English, no cell values), e.g. "3 rows have more fields
  // than the header (wrong delimiter or unquoted decimal commas?)".
  std::vector<std::string> notes;

  size_t rowCount() const { return rowNumbers_.size(); }
  size_t columnCount() const { return columns.size(); }
  std::string_view cell(size_t row, size_t column) const;
  // Row number as the planner sees it when opening the file: for CSV, XLSX and ODS the spreadsheet
  // row (the header and any title rows above it count, so the first data row under a header on
  // row 1 is row 2); for GeoPackage and GeoJSON the 1-based feature number.
  int rowNumber(size_t row) const { return rowNumbers_[row]; }
  // True when the source row had more fields than the header (its cells may be shifted).
  bool rowHasExtraFields(size_t row) const { return extraFields_[row] != 0; }
  // Column index by name, case-insensitive and ignoring surrounding spaces; -1 if absent.
  int columnIndex(std::string_view name) const;

  // Building (used by the readers and by tests). Throws InputError past 4 GiB of text.
  void reserveText(size_t bytes);  // room for this much cell text (avoids regrowing the pool)
  void addRow(int rowNumber, const std::vector<std::string_view>& cells, bool extraFields = false);
  // Drops the rows and keeps the columns and the rest (a chunked read reuses one table).
  void clearRows();

 private:
  std::string pool_;
  std::vector<std::uint32_t> cellEnd_;   // end offset in pool_ of each cell, row-major (pool < 4 GiB)
  std::vector<int> rowNumbers_;
  std::vector<std::uint8_t> extraFields_;
};

struct TableReadOptions {
  // Lower-case header names that identify the header row of a spreadsheet with title rows above it
  // (normally every alias of column_mapping). Empty: the first row with the most filled cells.
  std::vector<std::string> knownHeaders;
  std::string layerName;       // GeoPackage: which layer; empty = the first with rows
};

// Files larger than this are refused before reading (README, "Importing lists").
constexpr std::uintmax_t kMaxTableFileBytes = 2'000'000'000;

// Reads `path`, choosing the reader by extension (.csv .txt .tsv: CSV; anything else through GDAL).
// Throws InputError naming the file and the problem: missing/unreadable file, over
// kMaxTableFileBytes, binary content under a text extension, a quote that never closes (or runs
// over more than 5 lines), unsupported or damaged format, a single column ("wrong delimiter?"), no
// header, or no usable rows. CSV is read a chunk at a time: the file's text is never held whole.
Table readTable(const std::string& path, const TableReadOptions& options = {});

// Receives the rows of a table a chunk at a time: each chunk a Table with the source's columns and
// metadata and its next rows (row numbers as readTable gives them). The last chunk carries the notes.
using TableChunkSink = std::function<void(const Table& chunk)>;
// Rows per chunk when a list is read chunk by chunk (a few MB of text).
constexpr size_t kTableChunkRows = 1 << 17;

// readTable, handing the rows over in chunks of at most `chunkRows` (at least one chunk, the last
// perhaps empty), with the same checks and messages. CSV files are never held whole: memory stays
// one chunk, however long the file. Spreadsheets and GDAL vector files come as one chunk.
void readTableChunks(const std::string& path, const TableReadOptions& options, size_t chunkRows,
                     const TableChunkSink& sink);

class DatabaseTable;

// Which part of a database table readDatabaseTable reads.
struct DatabaseRead {
  // Per column of DatabaseTable::columns(), whether its cells cross the network; the others come
  // back empty. Empty: every column.
  std::vector<bool> columns;
  // SQL condition on the table (aliased p) selecting rows; empty: every row, and a table without
  // rows is an InputError ("no usable rows").
  std::string where;
};

// THE reader of a PostgreSQL/PostGIS table (readTable's PG: path, the stats engines): the columns of
// table.columns(), every cell as PostgreSQL prints it (::text, trimmed), the point geometry's
// longitude/latitude as two extra columns (EPSG:4326), rows in primary key order, row numbers the
// key's values (1-based order without an integer key). Throws InputError naming the redacted source:
// "cannot be read: ..." for failed queries and lost connections.
Table readDatabaseTable(DatabaseTable& table, const DatabaseRead& read = {});
// The same, handed over in chunks of at most `chunkRows` (at least one chunk): only a chunk is held.
void readDatabaseTableChunks(DatabaseTable& table, const DatabaseRead& read, size_t chunkRows,
                             const TableChunkSink& sink);
// A row number from a primary key's text (a positive integer that fits), else `fallback`: how
// readDatabaseTable numbers rows, and how the database engine names the rows it counts.
int rowNumberOfKey(const char* keyText, int fallback);

// CSV from memory (exposed for tests and fuzzing): the same checks and detection as readTable (BOM,
// UTF-16, binary content, encoding, delimiter); `path` names the source in messages.
Table parseCsv(std::string_view bytes, const std::string& path, const TableReadOptions& options = {});

// Detection helpers (exposed for tests).
bool isValidUtf8(std::string_view bytes);
std::string windows1252ToUtf8(std::string_view bytes);
char detectCsvDelimiter(std::string_view text);   // ',', ';' or '\t'

// Writes an empty table with only a header row, atomically (temporary file, then rename): CSV
// (comma-separated, UTF-8) or XLSX (through GDAL's XLSX driver), chosen by the extension of `path`.
// Throws std::runtime_error naming the path on failure.
void writeHeaderOnlyTable(const std::string& path, const std::vector<std::string>& headers);
// File > Save import template: templateHeaders(kind) as an empty .csv or .xlsx.
void writeImportTemplate(const std::string& path, ListKind kind);

}  // namespace pk
