// `prokus-map stats --beneficiaries F` on broken lists: a clear exit 2 with one line naming the file
// and the problem, never rows lost silently, a crash, or a flood of binary on stderr.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "test_support.h"

namespace {

struct Run {
  int exitCode = -1;
  std::string err;
  double seconds = 0;
};

Run stats(const pk::test::TempDir& dir, const std::string& list) {
  const std::string out = dir.file("stdout.csv"), err = dir.file("stderr.txt");
  const std::string boundaries = (pk::test::sourceDir() / "geodata" / "kbb_kecamatan_schematic.geojson").string();
  const auto start = std::chrono::steady_clock::now();
  const auto r = pk::test::runCommand("{ " + std::string(PROKUS_BINARY) + " stats --boundaries " +
                                      pk::test::quote(boundaries) + " --beneficiaries " + pk::test::quote(list) +
                                      " > " + pk::test::quote(out) + " 2> " + pk::test::quote(err) + "; }");
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return {r.exitCode, pk::test::readText(err), seconds};
}

int lineCount(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

}  // namespace

TEST_CASE("stats: a quote that never closes is exit 2 naming the file and the line, not 2 of 40 rows") {
  pk::test::TempDir dir;
  const char* names[] = {"Lembang", "Parongpong", "Cisarua", "Cikalongwetan"};
  std::string text = "id,nama,kecamatan,alamat\n";
  for (int i = 1; i <= 40; ++i)
    text += "K" + std::to_string(i) + ",Warga," + names[i % 4] + "," + (i == 3 ? "\"Jl. Raya" : "Jl. Merdeka") + "\n";
  const std::string path = dir.file("kpm_open_quote.csv");
  pk::test::writeText(path, text);
  const Run r = stats(dir, path);
  CHECK(r.exitCode == 2);
  CHECK(lineCount(r.err) == 1);
  CHECK(r.err.find("prokus-map stats: kpm_open_quote.csv: line 4: a quote opens a cell that never closes, "
                   "swallowing the remaining 37 lines") == 0);
}

TEST_CASE("stats: a list over 2 GB or with binary content is exit 2 within a second") {
  pk::test::TempDir dir;
  const std::string huge = dir.file("kpm_huge.csv");
  { std::ofstream(huge) << "id,kecamatan\n"; }
  std::filesystem::resize_file(huge, 4'600'000'000ULL);  // sparse
  Run r = stats(dir, huge);
  CHECK(r.exitCode == 2);
  CHECK(r.err == "prokus-map stats: kpm_huge.csv: too large: 4600000000 bytes, over the 2 GB limit for tables "
                 "(2000000000 bytes)\n");
  CHECK(r.seconds < 1.0);

  const std::string nul = dir.file("kpm_nul.csv");
  pk::test::writeText(nul, "id,kecamatan\n" + std::string(20'000'000, '\0'));
  r = stats(dir, nul);
  CHECK(r.exitCode == 2);
  CHECK(r.err == "prokus-map stats: kpm_nul.csv: binary content, not a text table (NUL bytes in the first 64 KB)\n");
  CHECK(r.seconds < 1.0);
}

TEST_CASE("stats: messages quote at most a short escaped excerpt of the file") {
  pk::test::TempDir dir;
  // Not binary by the sample (no NUL, few control bytes), but nothing like a list: high bytes and a
  // few escapes in one long header line.
  std::string junk;
  for (int i = 0; i < 5000; ++i) junk += static_cast<char>(i % 97 == 0 ? 0x1B : 0x80 + (i * 37) % 128);
  junk += ",";
  junk += junk;
  junk += "\nx,y\n";
  const std::string path = dir.file("kpm_junk.csv");
  pk::test::writeText(path, junk);
  const Run r = stats(dir, path);
  CHECK(r.exitCode == 2);
  CHECK(lineCount(r.err) == 1);
  CHECK(r.err.size() < 300);
  for (unsigned char c : r.err.substr(0, r.err.size() - 1)) CHECK(c >= 0x20);
}

TEST_CASE("stats: damaged XLSX and a ZIP named .csv are exit 2, never a crash or a partial read") {
  pk::test::TempDir dir;
  const std::string zip = dir.file("kpm_zip.csv");
  pk::test::writeText(zip, std::string("PK\x03\x04", 4) + std::string(100, '\x01'));
  Run r = stats(dir, zip);
  CHECK(r.exitCode == 2);
  CHECK(r.err.find("prokus-map stats: kpm_zip.csv: a ZIP archive, not a text table") == 0);

  const std::string cut = dir.file("kpm_cut.xlsx");
  pk::test::writeText(cut, std::string("PK\x03\x04", 4) + "garbage");
  r = stats(dir, cut);
  CHECK(r.exitCode == 2);
  CHECK(r.err.find("prokus-map stats: kpm_cut.xlsx: cannot open as XLSX: ") == 0);
  CHECK(lineCount(r.err) == 1);
}
