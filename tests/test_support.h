// Helpers shared by tests: temporary folders, the reference data path, running the built binary.
#pragma once
#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace pk::test {

inline std::filesystem::path sharedGeodata(const std::string& file) {
  return std::filesystem::path(PROKUS_SHARED_GEODATA) / file;
}

inline std::filesystem::path sourceDir() { return std::filesystem::path(PROKUS_SOURCE_DIR); }

// A fresh folder under the system temp dir, removed when the object goes.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("prokus-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
 private:
  std::filesystem::path path_;
};

inline void writeText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

inline std::string readText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct CommandResult {
  int exitCode = -1;
  std::string output;  // stdout and stderr together
};

// Runs a shell command, capturing stdout+stderr.
inline CommandResult runCommand(const std::string& command) {
  CommandResult r;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) r.output.append(buf.data(), n);
  const int status = pclose(pipe);
  r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

inline std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

#ifdef PROKUS_BINARY
// The `render` verb with `args`, headless (no DISPLAY: EGL surfaceless, as on a server).
inline CommandResult runRenderVerb(const std::string& args) {
  return runCommand(std::string("env -u DISPLAY -u WAYLAND_DISPLAY ") + quote(PROKUS_BINARY) + " render " + args);
}
#endif

// ---- comma-separated text (the CLI's outputs, the exported tables, the reference CSVs) ----

// One line: quoted fields ("a,b"; "" inside quotes is a quote), a trailing \r dropped.
inline std::vector<std::string> splitCsvLine(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else if (c != '\r' || i + 1 != line.size()) {
      out.back() += c;
    }
  }
  return out;
}

using CsvRow = std::vector<std::string>;

struct Csv {
  CsvRow header;
  std::vector<CsvRow> rows;
  // Index of the column named `name`, or -1.
  int column(const std::string& name) const {
    const auto it = std::find(header.begin(), header.end(), name);
    return it == header.end() ? -1 : int(it - header.begin());
  }
  // The row whose "code" cell is `code`, or null.
  const CsvRow* byCode(const std::string& code) const {
    const int c = column("code");
    for (const auto& r : rows)
      if (c >= 0 && size_t(c) < r.size() && r[c] == code) return &r;
    return nullptr;
  }
  // The "code" column, top to bottom.
  std::vector<std::string> codes() const {
    std::vector<std::string> out;
    const int c = column("code");
    for (const auto& r : rows) out.push_back(c >= 0 && size_t(c) < r.size() ? r[c] : std::string());
    return out;
  }
};

// A header line, then one row per non-empty line.
inline Csv parseCsv(const std::string& text) {
  Csv csv;
  std::stringstream in(text);
  std::string line;
  if (std::getline(in, line)) csv.header = splitCsvLine(line);
  while (std::getline(in, line))
    if (!line.empty()) csv.rows.push_back(splitCsvLine(line));
  return csv;
}

// The 165 desa points of ../shared/geodata/kbb_desa_points.csv (code,name,kec_code,kecamatan,lat,lon).
struct DesaPoint {
  std::string code, name, kecCode, kecamatan, lat, lon;
};
inline std::vector<DesaPoint> desaPoints() {
  const Csv csv = parseCsv(readText(sharedGeodata("kbb_desa_points.csv").string()));
  std::vector<DesaPoint> out;
  for (const auto& f : csv.rows)
    if (f.size() >= 6) out.push_back({f[0], f[1], f[2], f[3], f[4], f[5]});
  return out;
}

}  // namespace pk::test
