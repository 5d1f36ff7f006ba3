#include <doctest/doctest.h>

#include <set>

#include "core/file_names.h"

using namespace pk;

TEST_CASE("uniqueFileStems: the same code twice gets -2, -3; every stem differs") {
  const std::vector<std::string> codes(16, "32.17.01");
  const auto stems = uniqueFileStems(codes, "kecamatan-");
  REQUIRE(stems.size() == 16);
  CHECK(stems[0] == "kecamatan-32.17.01");
  CHECK(stems[1] == "kecamatan-32.17.01-2");
  CHECK(stems[15] == "kecamatan-32.17.01-16");
  CHECK(std::set<std::string>(stems.begin(), stems.end()).size() == 16);
}

TEST_CASE("uniqueFileStems: codes become safe file names") {
  const auto stems = uniqueFileStems({"../../etc/passwd", ".hidden", "a/b", std::string("x\x01y\n"), "", "AB", "ab",
                                      std::string(300, '7'), "32.17.01-2", "32.17.01", "32.17.01"},
                                     "k-");
  CHECK(stems[0] == "k-etc-passwd");
  CHECK(stems[1] == "k-hidden");
  CHECK(stems[2] == "k-a-b");
  CHECK(stems[3] == "k-x-y");
  CHECK(stems[4] == "k-nr5");
  CHECK(stems[5] == "k-AB");
  CHECK(stems[6] == "k-ab-2");  // case-insensitive file systems
  CHECK(stems[7] == "k-" + std::string(80, '7'));
  CHECK(stems[8] == "k-32.17.01-2");
  CHECK(stems[9] == "k-32.17.01");
  CHECK(stems[10] == "k-32.17.01-3");  // -2 is another code's stem already
  for (const auto& s : stems) {
    CHECK(s.find('/') == std::string::npos);
    CHECK(s.find("..") == std::string::npos);
    for (unsigned char c : s) CHECK(c >= 0x20);
  }
}
