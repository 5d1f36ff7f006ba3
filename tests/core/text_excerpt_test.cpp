#include <doctest/doctest.h>

#include <string>

#include "core/text_excerpt.h"

using namespace pk;

TEST_CASE("excerpt: short printable text stays as it is, UTF-8 letters included") {
  CHECK(excerpt("Cisarua") == "Cisarua");
  CHECK(excerpt("Cisar\xC3\xBA" "a") == "Cisar\xC3\xBA" "a");
  CHECK(quotedExcerpt("Lembang") == "'Lembang'");
}

TEST_CASE("excerpt: control bytes and invalid UTF-8 are escaped as \\xNN, a backslash doubled") {
  CHECK(excerpt(std::string("a\0b", 3)) == "a\\x00b");
  CHECK(excerpt("\x1b[2J") == "\\x1B[2J");
  CHECK(excerpt("\xff\xfe") == "\\xFF\\xFE");
  CHECK(excerpt("\xc3\x28") == "\\xC3(");              // a lead byte without its continuation
  CHECK(excerpt("\xc2\x85") == "\\xC2\\x85");          // C1 control (NEL)
  CHECK(excerpt("C:\\data") == "C:\\\\data");
  CHECK(excerpt("tab\there") == "tab\\x09here");
}

TEST_CASE("excerpt: long text is cut to at most 40 characters, ending with ...") {
  const std::string longText(1'000'000, 'x');
  const std::string e = excerpt(longText);
  CHECK(e.size() == 40);
  CHECK(e == std::string(37, 'x') + "...");
  CHECK(excerpt(std::string(40, 'y')) == std::string(40, 'y'));  // fits whole: not cut
  // Escapes count with their width and are never split.
  std::string binary;
  for (int i = 0; i < 100; ++i) binary += static_cast<char>(0x80 + i % 50);
  const std::string b = excerpt(binary);
  CHECK(b.size() <= 40);
  CHECK(b == "\\x80\\x81\\x82\\x83\\x84\\x85\\x86\\x87\\x88...");
}
