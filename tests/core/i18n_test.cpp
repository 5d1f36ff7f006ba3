// The translation table: complete in both languages, no repeated keys, printf placeholders that agree,
// and every pk::tr("...") literal in the sources present in the table.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/i18n.h"

namespace fs = std::filesystem;

namespace {

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// printf conversions in order ("%s", "%.1f", "%zu"); "%%" is a literal percent and is skipped.
std::vector<std::string> placeholders(const std::string& text) {
  static const std::regex conversion(R"(%(%|[-+ #0]*[0-9*]*(?:\.[0-9*]+)?(?:hh|h|ll|l|z|j|t|L)?[diouxXeEfgGcsp]))");
  std::vector<std::string> found;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), conversion); it != std::sregex_iterator(); ++it)
    if ((*it)[1] != "%") found.push_back(it->str());
  return found;
}

// The source without its comments (a comment may well mention tr("...")); string and character
// literals are kept as they are.
std::string withoutComments(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  enum { Code, String, Char, LineComment, BlockComment } state = Code;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const char next = i + 1 < text.size() ? text[i + 1] : '\0';
    switch (state) {
      case Code:
        if (c == '/' && next == '/') { state = LineComment; ++i; continue; }
        if (c == '/' && next == '*') { state = BlockComment; ++i; out += ' '; continue; }
        if (c == '"') state = String;
        else if (c == '\'') state = Char;
        out += c;
        break;
      case String:
      case Char:
        out += c;
        if (c == '\\' && i + 1 < text.size()) { out += text[++i]; continue; }
        if ((state == String && c == '"') || (state == Char && c == '\'')) state = Code;
        break;
      case LineComment:
        if (c == '\n') { state = Code; out += c; }
        break;
      case BlockComment:
        if (c == '*' && next == '/') { state = Code; ++i; }
        else if (c == '\n') out += c;
        break;
    }
  }
  return out;
}

struct KeyUse {
  std::string key;
  std::string file;
};

// Every tr("...") / translate("...", ...) literal in src/ (outside the table itself).
std::vector<KeyUse> keysUsedInSources(int& filesScanned) {
  static const std::regex call(R"((^|[^A-Za-z0-9_])(?:tr|translate)\(\s*"((?:[^"\\]|\\.)*)\")");
  std::vector<KeyUse> uses;
  filesScanned = 0;
  const fs::path src = fs::path(PROKUS_SOURCE_DIR) / "src";
  for (const auto& entry : fs::recursive_directory_iterator(src)) {
    if (!entry.is_regular_file()) continue;
    const auto ext = entry.path().extension();
    if (ext != ".cpp" && ext != ".h") continue;
    if (entry.path().filename() == "i18n.cpp") continue;
    ++filesScanned;
    const std::string text = withoutComments(readFile(entry.path()));
    for (auto it = std::sregex_iterator(text.begin(), text.end(), call); it != std::sregex_iterator(); ++it)
      uses.push_back({(*it)[2].str(), fs::relative(entry.path(), PROKUS_SOURCE_DIR).string()});
  }
  return uses;
}

}  // namespace

TEST_CASE("every key has non-empty text in both languages") {
  const auto keys = pk::translationKeys();
  REQUIRE(keys.size() > 20);
  for (const auto key : keys) {
    CAPTURE(key);
    const std::string indonesian = pk::translate(key, pk::Language::Indonesian);
    const std::string english = pk::translate(key, pk::Language::English);
    CHECK_FALSE(indonesian.empty());
    CHECK_FALSE(english.empty());
    // A missing row gives the key back; a real row never reads like its own key.
    CHECK(indonesian != std::string(key));
    CHECK(english != std::string(key));
  }
}

TEST_CASE("keys are unique") {
  std::set<std::string> seen;
  for (const auto key : pk::translationKeys()) {
    CAPTURE(key);
    CHECK(seen.insert(std::string(key)).second);
  }
}

TEST_CASE("both languages use the same printf placeholders") {
  for (const auto key : pk::translationKeys()) {
    CAPTURE(key);
    CHECK(placeholders(pk::translate(key, pk::Language::Indonesian)) ==
          placeholders(pk::translate(key, pk::Language::English)));
  }
  // The checker itself must see placeholders, or the test above proves nothing.
  CHECK(placeholders("%s: %.1f km, 100%%, %zu").size() == 3);
}

TEST_CASE("the source scan ignores comments but not code") {
  const std::string code = "int a; // tr(\"x\")\n/* tr(\"y\") */ const char* u = \"http://x\"; tr(\"z\");";
  const std::string stripped = withoutComments(code);
  CHECK(stripped.find("tr(\"x\")") == std::string::npos);
  CHECK(stripped.find("tr(\"y\")") == std::string::npos);
  CHECK(stripped.find("\"http://x\"") != std::string::npos);
  CHECK(stripped.find("tr(\"z\")") != std::string::npos);
}

TEST_CASE("every tr() literal in the sources is in the table") {
  int filesScanned = 0;
  const auto uses = keysUsedInSources(filesScanned);
  REQUIRE(filesScanned > 0);
  // The dashboard is written with tr() throughout; finding none means the scan is broken.
  REQUIRE(uses.size() > 20);
  const auto keys = pk::translationKeys();
  const std::set<std::string> table(keys.begin(), keys.end());
  std::set<std::string> used;
  for (const auto& use : uses) {
    CAPTURE(use.file);
    CAPTURE(use.key);
    CHECK(table.count(use.key) == 1);
    used.insert(use.key);
  }
  // Rows nobody uses yet are reported, not failed: a row may land before the code that uses it.
  for (const auto& key : table)
    if (!used.count(key)) MESSAGE("table row not used by any tr(\"...\") in src/: " << key);
}

TEST_CASE("tr follows the chosen language, Indonesian by default") {
  CHECK(pk::language() == pk::Language::Indonesian);
  CHECK(std::string(pk::tr("menu.file")) == "Berkas");
  pk::setLanguage(pk::Language::English);
  CHECK(std::string(pk::tr("menu.file")) == "File");
  pk::setLanguage(pk::Language::Indonesian);
  CHECK(std::string(pk::tr("menu.file")) == "Berkas");
  // Unknown keys come back as themselves, visibly untranslated.
  CHECK(std::string(pk::tr("no.such.key")) == "no.such.key");
}

TEST_CASE("numbers use each language's separators") {
  using pk::Language;
  CHECK(pk::formatNumber(1245.06, 2, Language::Indonesian) == "1.245,06");
  CHECK(pk::formatNumber(1245.06, 2, Language::English) == "1,245.06");
  CHECK(pk::formatNumber(125000, 0, Language::Indonesian) == "125.000");
  CHECK(pk::formatNumber(1234567.891, 1, Language::English) == "1,234,567.9");
  CHECK(pk::formatNumber(999.5, 0, Language::English) == "1,000");
  CHECK(pk::formatNumber(-6.912345, 5, Language::Indonesian) == "-6,91235");
  CHECK(pk::formatNumber(107.5, 0, Language::Indonesian) == "108");
  CHECK(pk::formatNumber(-0.001, 2, Language::English) == "0.00");
  CHECK(pk::formatNumber(12, 0, Language::English) == "12");
  CHECK(pk::formatNumber(std::numeric_limits<double>::quiet_NaN(), 2, Language::English) == "-");
}
