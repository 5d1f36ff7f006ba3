#include "core/table_io.h"
#include "core/database_source.h"

#include <algorithm>
#include <charconv>
#include <cerrno>
#include <cstdio>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>
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
#include "core/text_excerpt.h"

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

bool allBlank(const std::vector<std::string>& cells) {
  for (const auto& c : cells)
    if (!trimView(c).empty()) return false;
  return true;
}

// Rows of a spreadsheet-like source before the header is known.
struct RawRow {
  int rowNumber = 0;
  std::vector<std::string> cells;
  bool empty() const { return allBlank(cells); }
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
    throw InputError(table.path, "only one column found (header " +
                                     quotedExcerpt(table.columns.empty() ? std::string() : table.columns[0]) +
                                     "): wrong delimiter? Use comma, semicolon or tab");
  }
  return table.headerRowNumber;
}

// Where a reader's rows go: all into its table, or to a sink `rows` at a time (the table then holds
// one chunk at most).
struct ChunkOutput {
  size_t rows = SIZE_MAX;
  const TableChunkSink* sink = nullptr;
  // Hands the table's rows to the sink, if any, and empties it.
  void flush(Table& table) const {
    if (!sink) return;
    (*sink)(table);
    table.clearRows();
  }
};

// Adds the data rows below the header, skipping empty rows, and checks the result at the end.
class RowAdder {
 public:
  RowAdder(Table& table, const ChunkOutput& output) : table_(table), output_(output), cells_(table.columns.size()) {}
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
    if (table_.rowCount() >= output_.rows) output_.flush(table_);
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
  const ChunkOutput& output_;
  std::vector<std::string_view> cells_;
  size_t dataRows_ = 0, extraRows_ = 0;
};

// Reads rows from `nextRow` (false at the end) into `table`: the header among the first rows, then
// every data row below it, without holding the rows: the one path for CSV and spreadsheets. With a
// sink in `output`, full chunks go to it; the last rows stay in `table` for the caller to flush.
template <class NextRow>
void fillTable(Table& table, const TableReadOptions& options, NextRow&& nextRow, const ChunkOutput& output = {}) {
  std::vector<RawRow> head;
  RawRow row;
  while (head.size() < kHeaderSearchRows && nextRow(row)) head.push_back(row);
  const int header = setHeader(table, head, options);
  RowAdder adder(table, output);
  for (const RawRow& r : head)
    if (r.rowNumber > header) adder.add(r.rowNumber, r.cells);
  head = {};
  while (nextRow(row))
    if (row.rowNumber > header) adder.add(row.rowNumber, row.cells);
  adder.finish();
}

// ---- CSV ----

// Limits of reading a CSV (the size limit is kMaxTableFileBytes); README "Importing lists" states them.
constexpr size_t kSampleBytes = 64 * 1024;   // looked at before reading: BOM, UTF-16, binary content
constexpr size_t kChunkBytes = 1 << 20;      // read and decoded at a time
constexpr int kMaxQuotedCellLines = 5;       // a quoted cell over more lines is a missing closing quote

// Raw bytes of a CSV, read a chunk at a time, so that a large file is never held whole.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual size_t read(char* out, size_t n) = 0;  // 0 at the end
  virtual void rewind() = 0;
};

class MemoryBytes final : public ByteSource {
 public:
  explicit MemoryBytes(std::string_view data) : data_(data) {}
  size_t read(char* out, size_t n) override {
    n = std::min(n, data_.size() - pos_);
    std::memcpy(out, data_.data() + pos_, n);
    pos_ += n;
    return n;
  }
  void rewind() override { pos_ = 0; }
 private:
  std::string_view data_;
  size_t pos_ = 0;
};

class FileBytes final : public ByteSource {
 public:
  explicit FileBytes(const std::string& path) : path_(path), file_(std::fopen(path.c_str(), "rb")) {
    if (!file_) throw InputError(path, std::string("cannot read: ") + std::strerror(errno));
  }
  ~FileBytes() override { std::fclose(file_); }
  FileBytes(const FileBytes&) = delete;
  FileBytes& operator=(const FileBytes&) = delete;
  size_t read(char* out, size_t n) override {
    size_t got = std::fread(out, 1, n, file_);
    if (got < n && std::ferror(file_)) throw InputError(path_, std::string("read error: ") + std::strerror(errno));
    return got;
  }
  void rewind() override {
    if (std::fseek(file_, 0, SEEK_SET) != 0) throw InputError(path_, std::string("cannot read: ") + std::strerror(errno));
  }
 private:
  std::string path_;
  std::FILE* file_;
};

enum class TextEncoding { Utf8, Windows1252, Utf16LE, Utf16BE };

const char* encodingName(TextEncoding e) {
  switch (e) {
    case TextEncoding::Utf8: return "UTF-8";
    case TextEncoding::Windows1252: return "Windows-1252";
    case TextEncoding::Utf16LE: return "UTF-16LE";
    case TextEncoding::Utf16BE: return "UTF-16BE";
  }
  return "?";
}

void appendUtf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Code points of Windows-1252 bytes 0x80..0x9F; the five it leaves undefined keep their Latin-1 value.
constexpr unsigned kWindows1252High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

// The text of a ByteSource as UTF-8, a chunk at a time. NUL bytes (never part of a text table) are
// dropped and counted.
class TextDecoder {
 public:
  TextDecoder(ByteSource& source, TextEncoding encoding, size_t skipBytes)
      : source_(source), encoding_(encoding), skip_(skipBytes), raw_(kChunkBytes, '\0') {}

  // Replaces `out` with the next piece of text; false at the end.
  bool next(std::string& out) {
    out.clear();
    while (out.empty()) {
      size_t got = source_.read(raw_.data(), raw_.size());
      if (got == 0) {
        if (encoding_ == TextEncoding::Utf16LE || encoding_ == TextEncoding::Utf16BE) {
          if (pendingHigh_) appendUtf8(out, 0xFFFD);  // a lone high surrogate at the very end
          pendingHigh_ = 0;
          hasOddByte_ = false;
        }
        return !out.empty();
      }
      std::string_view bytes(raw_.data(), got);
      size_t skip = std::min(skip_, bytes.size());
      bytes.remove_prefix(skip);
      skip_ -= skip;
      decode(bytes, out);
    }
    return true;
  }
  size_t nulBytes() const { return nulBytes_; }

 private:
  void decode(std::string_view bytes, std::string& out) {
    out.reserve(bytes.size());
    switch (encoding_) {
      case TextEncoding::Utf8:
        // Text holds no NUL byte but by damage: copied whole, else byte by byte without them.
        if (std::memchr(bytes.data(), '\0', bytes.size()) == nullptr) {
          out.append(bytes);
          break;
        }
        for (char c : bytes) {
          if (c == '\0') ++nulBytes_;
          else out += c;
        }
        break;
      case TextEncoding::Windows1252:
        for (char ch : bytes) {
          unsigned c = static_cast<unsigned char>(ch);
          if (c == 0) ++nulBytes_;
          else if (c < 0x80) out += ch;
          else appendUtf8(out, c < 0xA0 ? kWindows1252High[c - 0x80] : c);
        }
        break;
      case TextEncoding::Utf16LE:
      case TextEncoding::Utf16BE:
        for (char ch : bytes) {
          if (!hasOddByte_) { oddByte_ = static_cast<unsigned char>(ch); hasOddByte_ = true; continue; }
          hasOddByte_ = false;
          unsigned b = static_cast<unsigned char>(ch);
          unit(encoding_ == TextEncoding::Utf16LE ? (oddByte_ | (b << 8)) : ((oddByte_ << 8) | b), out);
        }
        break;
    }
  }
  void unit(unsigned u, std::string& out) {
    if (pendingHigh_) {
      unsigned high = pendingHigh_;
      pendingHigh_ = 0;
      if (u >= 0xDC00 && u <= 0xDFFF) { appendUtf8(out, 0x10000 + ((high - 0xD800) << 10) + (u - 0xDC00)); return; }
      appendUtf8(out, 0xFFFD);
    }
    if (u >= 0xD800 && u <= 0xDBFF) pendingHigh_ = u;
    else if (u >= 0xDC00 && u <= 0xDFFF) appendUtf8(out, 0xFFFD);
    else if (u == 0) ++nulBytes_;
    else appendUtf8(out, u);
  }

  ByteSource& source_;
  TextEncoding encoding_;
  size_t skip_;
  std::string raw_;
  size_t nulBytes_ = 0;
  unsigned oddByte_ = 0, pendingHigh_ = 0;
  bool hasOddByte_ = false;
};

// How the bytes are to be read, found from a sample of the start (and, for UTF-8, one pass over the
// whole). Refuses binary content before anything is parsed.
struct SourceFormat {
  TextEncoding encoding = TextEncoding::Utf8;
  size_t bomBytes = 0;
};

// UTF-16 without a byte order mark: text in the ASCII range has a NUL in every other byte.
bool looksLikeUtf16(std::string_view sample, bool littleEndian) {
  size_t units = sample.size() / 2;
  if (units < 2) return false;
  size_t zeroHigh = 0, zeroLow = 0;
  for (size_t k = 0; k < units; ++k) {
    char lo = sample[2 * k + (littleEndian ? 0 : 1)], hi = sample[2 * k + (littleEndian ? 1 : 0)];
    zeroHigh += hi == '\0';
    zeroLow += lo == '\0';
  }
  return zeroHigh * 10 >= units * 9 && zeroLow * 10 < units;
}

SourceFormat detectSourceFormat(ByteSource& source, const std::string& path) {
  std::string sample(kSampleBytes, '\0');
  sample.resize(source.read(sample.data(), sample.size()));
  source.rewind();
  SourceFormat f;
  if (sample.compare(0, 3, "\xEF\xBB\xBF") == 0) { f.bomBytes = 3; return f; }  // UTF-8 BOM: trusted
  if (sample.compare(0, 2, "\xFF\xFE") == 0) { f.encoding = TextEncoding::Utf16LE; f.bomBytes = 2; return f; }
  if (sample.compare(0, 2, "\xFE\xFF") == 0) { f.encoding = TextEncoding::Utf16BE; f.bomBytes = 2; return f; }
  if (looksLikeUtf16(sample, true)) { f.encoding = TextEncoding::Utf16LE; return f; }
  if (looksLikeUtf16(sample, false)) { f.encoding = TextEncoding::Utf16BE; return f; }
  if (sample.compare(0, 4, "PK\x03\x04") == 0)
    throw InputError(path, "a ZIP archive, not a text table (an .xlsx or .ods file renamed to .csv? Give it its real extension)");
  if (sample.find('\0') != std::string::npos)
    throw InputError(path, "binary content, not a text table (NUL bytes in the first 64 KB)");
  size_t control = 0;
  for (unsigned char c : sample)
    control += (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F;
  // Text tables hold hardly any control bytes; random binary about one byte in eight.
  if (control * 20 > sample.size())
    throw InputError(path, "binary content, not a text table (control bytes in the first 64 KB)");
  // UTF-8 unless some byte sequence anywhere is not: then Windows-1252, as Excel saves "CSV".
  std::string chunk(kChunkBytes + 4, '\0');
  size_t carried = 0;
  for (;;) {
    size_t got = source.read(chunk.data() + carried, kChunkBytes);
    size_t end = carried + got;
    if (got == 0) {
      if (carried > 0) f.encoding = TextEncoding::Windows1252;  // a sequence cut off by the end
      break;
    }
    // Keep a multi-byte sequence cut by the chunk boundary for the next round.
    size_t complete = end;
    for (size_t back = 1; back <= 3 && back <= end; ++back) {
      unsigned char c = static_cast<unsigned char>(chunk[end - back]);
      if ((c & 0xC0) == 0x80) continue;  // continuation byte: look further back
      if (c >= 0xC0) {
        size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        if (len > back) complete = end - back;
      }
      break;
    }
    if (!isValidUtf8(std::string_view(chunk.data(), complete))) { f.encoding = TextEncoding::Windows1252; break; }
    carried = end - complete;
    std::memmove(chunk.data(), chunk.data() + complete, carried);
  }
  source.rewind();
  return f;
}

// One CSV record after another (RFC 4180 quoting; a quoted cell may span lines), from decoded text
// read a chunk at a time. Strict readers refuse a quote that never closes, or one that runs over
// more than kMaxQuotedCellLines lines (a missing closing quote swallowing rows); a non-strict one
// (delimiter detection on the first chunk only) takes what it gets.
class CsvReader {
 public:
  CsvReader(TextDecoder& text, char delimiter, const std::string& path, bool strict)
      : text_(text), delimiter_(delimiter), path_(path), strict_(strict) {}

  // Reads the next record into cells(); false at the end of the text.
  bool next() {
    if (peek() < 0) return false;
    ++recordNumber_;
    recordLine_ = line_;
    fieldCount_ = 0;
    bool multiLine = false;
    for (;;) {
      if (cells_.size() <= fieldCount_) cells_.emplace_back();
      std::string& field = cells_[fieldCount_++];
      field.clear();
      if (peek() == '"') multiLine |= readQuoted(field);
      readUnquoted(field);  // an unquoted cell, or text after a closing quote (kept, like spreadsheets do)
      int c = peek();
      if (c < 0) break;
      advance();
      if (c == delimiter_) {
        if (peek() < 0) {  // a delimiter right at the end of the file ends with one empty field
          if (cells_.size() <= fieldCount_) cells_.emplace_back();
          cells_[fieldCount_++].clear();
          break;
        }
        continue;
      }
      if (c == '\r' && peek() == '\n') advance();
      ++line_;
      break;
    }
    if (multiLine && ++multiLineRecords_ == 1) firstMultiLine_ = recordLine_;
    cells_.resize(fieldCount_);
    return true;
  }
  const std::vector<std::string>& cells() const { return cells_; }
  // Hands the record's cells over without copying them; the reader refills `other`'s strings next.
  void swapCells(std::vector<std::string>& other) { cells_.swap(other); }
  int recordNumber() const { return recordNumber_; }
  size_t multiLineRecords() const { return multiLineRecords_; }
  int firstMultiLineLine() const { return firstMultiLine_; }

 private:
  int peek() {
    while (pos_ >= buffer_.size()) {
      if (ended_ || !text_.next(buffer_)) { ended_ = true; buffer_.clear(); pos_ = 0; return -1; }
      pos_ = 0;
    }
    return static_cast<unsigned char>(buffer_[pos_]);
  }
  void advance() { ++pos_; }

  // From the opening quote to the closing one; true when the cell spans lines.
  bool readQuoted(std::string& field) {
    advance();
    const int openLine = line_;
    bool lastWasBreak = false;
    for (;;) {
      if (peek() < 0) {
        if (!strict_) return line_ > openLine;
        const int lastLine = lastWasBreak ? line_ - 1 : line_;
        throw InputError(path_, "line " + std::to_string(openLine) + ": a quote opens a cell that never closes, "
                                "swallowing the remaining " + std::to_string(lastLine - openLine) +
                                " lines to the end of the file (a missing closing quote in " +
                                quotedExcerpt(field, 20) + "?)");
      }
      // Up to the next quote or line break of this chunk at once.
      const size_t stop = findStop(buffer_, pos_, '"', '\r', '\n');
      const size_t end = stop == std::string::npos ? buffer_.size() : stop;
      if (end > pos_) { field.append(buffer_, pos_, end - pos_); pos_ = end; lastWasBreak = false; continue; }
      const char c = buffer_[pos_];
      advance();
      if (c == '"') {
        if (peek() == '"') { field += '"'; advance(); lastWasBreak = false; continue; }
        break;
      }
      field += c;
      if (c == '\r' && peek() == '\n') { field += '\n'; advance(); }
      ++line_;
      lastWasBreak = true;
    }
    const int lines = line_ - openLine + 1;
    if (strict_ && lines > kMaxQuotedCellLines)
      throw InputError(path_, "line " + std::to_string(openLine) + ": a quoted cell runs over " + std::to_string(lines) +
                                  " lines, to line " + std::to_string(line_) + " (a missing closing quote in " +
                                  quotedExcerpt(field, 20) + "?); a cell may span at most " +
                                  std::to_string(kMaxQuotedCellLines) + " lines");
    return lines > 1;
  }

  // The first of three bytes at or after `from`, or npos: a plain scan is several times quicker than
  // find_first_of, which calls strlen on its set and memchr on it for every byte.
  static size_t findStop(const std::string& s, size_t from, char a, char b, char c) {
    for (const char *p = s.data() + from, *end = s.data() + s.size(); p < end; ++p)
      if (*p == a || *p == b || *p == c) return size_t(p - s.data());
    return std::string::npos;
  }

  void readUnquoted(std::string& field) {
    while (peek() >= 0) {
      const size_t stop = findStop(buffer_, pos_, delimiter_, '\r', '\n');
      const size_t end = stop == std::string::npos ? buffer_.size() : stop;
      field.append(buffer_, pos_, end - pos_);
      pos_ = end;
      if (stop != std::string::npos) return;
    }
  }

  TextDecoder& text_;
  char delimiter_;
  const std::string& path_;
  bool strict_;
  std::string buffer_;
  size_t pos_ = 0;
  bool ended_ = false;
  int line_ = 1, recordNumber_ = 0, recordLine_ = 1;
  size_t fieldCount_ = 0;
  std::vector<std::string> cells_;
  size_t multiLineRecords_ = 0;
  int firstMultiLine_ = 0;
};

// The delimiter giving the most consistent field count over the first records of `text`.
char detectDelimiter(std::string_view text) {
  const char candidates[] = {';', '\t', ','};
  char best = ',';
  size_t bestConsistent = 0, bestMode = 0;
  for (char d : candidates) {
    MemoryBytes bytes(text);
    TextDecoder decoded(bytes, TextEncoding::Utf8, 0);
    CsvReader reader(decoded, d, std::string(), false);
    std::map<size_t, size_t> countOfFieldCount;
    for (int k = 0; k < 50 && reader.next(); ++k) {
      const auto& cells = reader.cells();
      if (allBlank(cells)) continue;
      size_t fields = cells.size();
      while (fields > 1 && trimView(cells[fields - 1]).empty()) --fields;  // trailing empty cells
      ++countOfFieldCount[cells.size()];
      if (fields != cells.size()) ++countOfFieldCount[fields];
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

// Reads a CSV from `source` into a table: encoding and delimiter from the start of the text, then
// one streaming pass (the header among the first rows, then every data row). With a sink in
// `output` every row goes to it, the notes with the last chunk, and the table returned has no rows.
Table readCsv(ByteSource& source, const std::string& path, const TableReadOptions& options, size_t sizeHint,
              const ChunkOutput& output = {}) {
  Table table;
  table.path = path;
  table.format = "CSV";
  const SourceFormat format = detectSourceFormat(source, path);
  table.encoding = encodingName(format.encoding);
  std::string firstChunk;
  {
    TextDecoder text(source, format.encoding, format.bomBytes);
    text.next(firstChunk);
    source.rewind();
  }
  if (trimView(firstChunk).empty()) {
    // The first chunk can be blank only when the file is (a chunk is at least 1 MB of bytes).
    throw InputError(path, "no usable rows: the file is empty");
  }
  table.delimiter = detectDelimiter(firstChunk);
  firstChunk = std::string();
  if (!output.sink) table.reserveText(sizeHint);  // chunks reuse the text pool of the first
  TextDecoder text(source, format.encoding, format.bomBytes);
  CsvReader reader(text, table.delimiter, path, true);
  fillTable(
      table, options,
      [&](RawRow& row) {
        if (!reader.next()) return false;
        row.rowNumber = reader.recordNumber();
        reader.swapCells(row.cells);
        return true;
      },
      output);
  if (reader.multiLineRecords() > 0) {
    const size_t n = reader.multiLineRecords();
    table.notes.push_back(std::to_string(n) + (n == 1 ? " row has" : " rows have") +
                          " a quoted cell over several lines (first at line " +
                          std::to_string(reader.firstMultiLineLine()) + ")");
  }
  if (text.nulBytes() > 0)
    table.notes.push_back(std::to_string(text.nulBytes()) + " NUL bytes in the text were ignored");
  output.flush(table);
  return table;
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

void Table::clearRows() {
  pool_.clear();
  cellEnd_.clear();
  rowNumbers_.clear();
  extraFields_.clear();
}

void Table::reserveText(size_t bytes) { pool_.reserve(std::min<size_t>(bytes, UINT32_MAX)); }

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
    // Eight ASCII bytes at a time: the whole of most lists, checked as the file is read.
    std::uint64_t word;
    if (i + sizeof word <= n && (std::memcpy(&word, s.data() + i, sizeof word), (word & 0x8080808080808080ull) == 0)) {
      i += sizeof word;
      continue;
    }
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
  MemoryBytes source(bytes);
  TextDecoder text(source, TextEncoding::Windows1252, 0);
  std::string out, chunk;
  while (text.next(chunk)) out += chunk;
  return out;
}

char detectCsvDelimiter(std::string_view text) { return detectDelimiter(text); }

Table parseCsv(std::string_view bytes, const std::string& path, const TableReadOptions& options) {
  MemoryBytes source(bytes);
  return readCsv(source, path, options, bytes.size());
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

// GDAL's last error as a message about `path`: the file's own path shortened to its name (GDAL
// names inner files as /vsizip/{path}/...), escaped and cut like any quoted data.
std::string gdalProblem(const std::string& path) {
  std::string msg = lastGdalError();
  const std::string name = std::filesystem::path(path).filename().string();
  for (size_t at = msg.find(path); !path.empty() && at != std::string::npos; at = msg.find(path, at + name.size()))
    msg.replace(at, path.size(), name);
  return excerpt(msg, 120);
}

// The next row of a spreadsheet layer opened with HEADERS=DISABLE into `row`; false at the end.
bool nextSheetRow(OGRLayer* layer, int& counter, RawRow& row) {
  OGRFeature* f = layer->GetNextFeature();
  if (!f) return false;
  ++counter;
  // With HEADERS=DISABLE the XLSX and ODS drivers number features by spreadsheet row.
  GIntBig fid = f->GetFID();
  row.rowNumber = fid > 0 && fid < (1LL << 30) ? static_cast<int>(fid) : counter;
  int nfields = layer->GetLayerDefn()->GetFieldCount();
  row.cells.resize(nfields);
  for (int i = 0; i < nfields; ++i) {
    if (f->IsFieldSetAndNotNull(i)) row.cells[i] = f->GetFieldAsString(i);
    else row.cells[i].clear();
  }
  OGRFeature::DestroyFeature(f);
  return true;
}

// The first `limit` rows of a spreadsheet layer.
std::vector<RawRow> readSheetRows(OGRLayer* layer, size_t limit) {
  std::vector<RawRow> rows;
  layer->ResetReading();
  int counter = 0;
  RawRow row;
  while (rows.size() < limit && nextSheetRow(layer, counter, row)) rows.push_back(row);
  return rows;
}

// A spreadsheet whose XML breaks off reads as far as it goes: refuse it rather than lose rows.
void requireNoGdalFailure(const std::string& path, const std::string& format) {
  if (CPLGetLastErrorType() == CE_Failure || CPLGetLastErrorType() == CE_Fatal)
    throw InputError(path, "damaged " + format + ", rows would be missing: " + gdalProblem(path));
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
  if (!ds) throw InputError(path, "cannot open as " + format + ": " + gdalProblem(path));
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
  requireNoGdalFailure(path, format);
  if (!chosen) {
    if (!options.layerName.empty()) throw InputError(path, "has no sheet named " + quotedExcerpt(options.layerName));
    throw InputError(path, "no usable rows: every sheet is empty");
  }
  Table table;
  table.path = path;
  table.format = format;
  table.encoding = "UTF-8";
  requireNoGdalFailure(path, format);
  chosen->ResetReading();
  int counter = 0;
  fillTable(table, options, [&](RawRow& row) { return nextSheetRow(chosen, counter, row); });
  requireNoGdalFailure(path, format);
  return table;
}

Table tableFromLayer(const std::string& path, const std::string& format, OGRLayer& layer);

Table readGdalVector(const std::string& path, const TableReadOptions& options) {
  CPLErrorReset();
  DatasetPtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (!ds) throw InputError(path, "cannot open as a table: " + gdalProblem(path));
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
    if (!options.layerName.empty()) throw InputError(path, "has no layer named " + quotedExcerpt(options.layerName));
    throw InputError(path, "no usable rows: the file has no features");
  }
  return tableFromLayer(path, ds->GetDriver() ? ds->GetDriver()->GetDescription() : "GDAL", *layer);
}

// The features of a file's layer as text. Point geometry fills two extra lon/lat columns (EPSG:4326);
// row numbers are the 1-based feature order.
Table tableFromLayer(const std::string& path, const std::string& format, OGRLayer& rows) {
  OGRLayer* layer = &rows;
  Table table;
  table.path = path;
  table.format = format;
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
  rows.ResetReading();
  int counter = 0;
  size_t nonPoint = 0;
  std::vector<std::string> values(table.columns.size());
  std::vector<std::string_view> views(table.columns.size());
  OGRFeature* f;
  while ((f = rows.GetNextFeature()) != nullptr) {
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

int rowNumberOfKey(const char* text, int fallback) {
  long long value = 0;
  const char* end = text + std::strlen(text);
  auto [ptr, ec] = std::from_chars(text, end, value);
  return ec == std::errc() && ptr == end && value > 0 && value <= INT32_MAX ? static_cast<int>(value) : fallback;
}

namespace {

Table readDatabaseRows(DatabaseTable& db, const DatabaseRead& read, const ChunkOutput& output) {
  const DatabaseTable::Columns columns = db.columns();
  auto wanted = [&](int column) { return read.columns.empty() || read.columns[static_cast<size_t>(column)]; };
  Table table;
  table.path = db.source();
  table.format = "PostgreSQL";
  table.encoding = "UTF-8";
  table.columns = columns.names;
  table.geometryLonColumn = columns.geometryLon;
  table.geometryLatColumn = columns.geometryLat;
  // Aliased: ORDER BY must see the key, not a text column of the same name.
  const std::string key = db.key();
  std::string select = (key.empty() ? std::string("NULL") : "p." + key) + "::text AS prokus_row";
  for (size_t i = 0; i < columns.sql.size(); ++i)
    select += ", " + (wanted(static_cast<int>(i)) ? columns.sql[i] : std::string("NULL::text"));
  const bool notesNonPoints = columns.geometryLon >= 0 && wanted(columns.geometryLon);
  if (notesNonPoints) select += ", " + columns.notPoint + " AS prokus_not_point";
  std::string sql = "SELECT " + select + " FROM " + db.from() + " p";
  if (!read.where.empty()) sql += " WHERE " + read.where;
  if (!key.empty()) sql += " ORDER BY p." + key;
  if (output.sink && read.where.empty()) table.expectedRows = db.rowEstimate();  // before the rows
  OGRLayer* result = db.query(sql);
  std::vector<std::string_view> cells(columns.names.size());
  const int notPointField = static_cast<int>(cells.size()) + 1;
  int counter = 0;
  size_t nonPoint = 0;
  CPLErrorReset();
  for (OGRFeatureUniquePtr f{result->GetNextFeature()}; f; f.reset(result->GetNextFeature())) {
    ++counter;
    for (size_t i = 0; i < cells.size(); ++i) {
      const int field = static_cast<int>(i) + 1;
      cells[i] = f->IsFieldSetAndNotNull(field) ? trimView(f->GetFieldAsString(field)) : std::string_view();
    }
    if (notesNonPoints && f->IsFieldSetAndNotNull(notPointField) && f->GetFieldAsInteger(notPointField) != 0) ++nonPoint;
    table.addRow(rowNumberOfKey(f->GetFieldAsString(0), counter), cells);
    if (table.rowCount() >= output.rows) output.flush(table);
  }
  const bool failed = CPLGetLastErrorType() == CE_Failure;
  db.release(result);
  if (failed) db.fail();
  if (counter == 0 && read.where.empty()) throw InputError(db.source(), "no usable rows: the table has no rows");
  if (nonPoint > 0)
    table.notes.push_back(std::to_string(nonPoint) + " features are not single points; their position is left empty");
  output.flush(table);
  return table;
}

}  // namespace

Table readDatabaseTable(DatabaseTable& db, const DatabaseRead& read) { return readDatabaseRows(db, read, {}); }

void readDatabaseTableChunks(DatabaseTable& db, const DatabaseRead& read, size_t chunkRows,
                             const TableChunkSink& sink) {
  readDatabaseRows(db, read, {std::max<size_t>(1, chunkRows), &sink});
}

namespace {

// Runs `read` (which hands full chunks to the sink it is given) on a helper thread and passes the
// chunks to `output` on the calling thread, in order, at most two waiting: reading the next chunk
// overlaps the caller's work on this one. An exception from either side stops both and reaches the
// caller, after the chunks read before it.
void readAhead(const std::function<void(const TableChunkSink&)>& read, const ChunkOutput& output) {
  struct Stop {};  // thrown inside the reader when the caller gave up
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<Table> ready;
  bool readerDone = false, callerGaveUp = false;
  std::exception_ptr readerError;
  std::jthread reader([&] {
    try {
      read([&](const Table& chunk) {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return ready.size() < 2 || callerGaveUp; });
        if (callerGaveUp) throw Stop{};
        ready.push_back(chunk);
        changed.notify_all();
      });
    } catch (const Stop&) {
    } catch (...) {
      const std::lock_guard lock(mutex);
      readerError = std::current_exception();
    }
    const std::lock_guard lock(mutex);
    readerDone = true;
    changed.notify_all();
  });
  try {
    for (;;) {
      Table chunk;
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return !ready.empty() || readerDone; });
        if (ready.empty()) break;
        chunk = std::move(ready.front());
        ready.pop_front();
        changed.notify_all();
      }
      output.flush(chunk);
    }
  } catch (...) {
    {
      const std::lock_guard lock(mutex);
      callerGaveUp = true;
      changed.notify_all();
    }
    reader.join();
    throw;
  }
  reader.join();
  if (readerError) std::rethrow_exception(readerError);
}

Table readAnyTable(const std::string& path, const TableReadOptions& options, const ChunkOutput& output) {
  initGdal();
  if (isDatabaseSource(path)) {
    DatabaseTable db(path);
    return readDatabaseRows(db, {}, output);
  }
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw InputError(path, "file not found");
  if (std::filesystem::is_directory(path, ec)) throw InputError(path, "is a folder, not a table file");
  // Before anything is read: a list over the limit would take minutes and gigabytes.
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (!ec && size > kMaxTableFileBytes)
    throw InputError(path, "too large: " + std::to_string(size) + " bytes, over the 2 GB limit for tables (" +
                               std::to_string(kMaxTableFileBytes) + " bytes)");
  std::string ext = extensionOf(path);
  if (ext == ".csv" || ext == ".txt" || ext == ".tsv") {
    FileBytes source(path);
    const size_t sizeHint = ec ? 0 : static_cast<size_t>(size);
    if (!output.sink) return readCsv(source, path, options, sizeHint);
    // Chunked: the file is parsed on a helper thread (no GDAL there) while the caller places rows.
    readAhead([&](const TableChunkSink& sink) { readCsv(source, path, options, sizeHint, {output.rows, &sink}); },
              output);
    return Table();
  }
  if (ext == ".xls") throw InputError(path, "old Excel .xls files are not supported: save it as .xlsx or .csv");
  Table table = ext == ".xlsx" ? readSpreadsheet(path, "XLSX", options)
                : ext == ".ods" ? readSpreadsheet(path, "ODS", options)
                                : readGdalVector(path, options);
  output.flush(table);
  return table;
}

}  // namespace

Table readTable(const std::string& path, const TableReadOptions& options) { return readAnyTable(path, options, {}); }

void readTableChunks(const std::string& path, const TableReadOptions& options, size_t chunkRows,
                     const TableChunkSink& sink) {
  readAnyTable(path, options, {std::max<size_t>(1, chunkRows), &sink});
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
