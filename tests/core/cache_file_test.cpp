// The layer cache's file format: arrays larger than one copying piece come back whole.
#include <doctest/doctest.h>

#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

#include "core/cache_file.h"
#include "test_support.h"

using namespace pk;
using pk::test::TempDir;

TEST_CASE("an array larger than a copying piece is read back whole, and what follows it too") {
  TempDir dir;
  const std::string file = dir.file("big.bin");
  // 2.5 pieces of doubles, then a short array and a string: the pieces' ends must not shift them.
  std::vector<double> big(CacheReader::kTakePiece * 5 / 2 / sizeof(double) + 3);
  for (size_t i = 0; i < big.size(); ++i) big[i] = double(i) * 0.5 - 7;
  const std::vector<std::uint32_t> small{7, 8, 9};
  REQUIRE(writeCacheFile(file, "test\n", [&](CacheWriter& w) {
    w.array(big);
    w.array(small);
    w.str("end");
  }));
  std::vector<double> bigBack;
  std::vector<std::uint32_t> smallBack;
  std::string tail;
  REQUIRE(readCacheFile(file, "test\n", [&](CacheReader& r) {
    r.array(bigBack);
    r.array(smallBack);
    tail = r.str();
    return r.ok;
  }));
  CHECK(bigBack == big);
  CHECK(smallBack == small);
  CHECK(tail == "end");
}
