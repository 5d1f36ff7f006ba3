#include <doctest/doctest.h>

#include <cstdint>
#include <map>
#include <random>

#include "core/edge_table.h"

using namespace pk;

TEST_CASE("an edge table sized for one key holds 20,000, overwritten values included, as a std::map does") {
  EdgeTable<std::uint32_t> table(1);
  std::map<std::uint64_t, std::uint32_t> reference;
  std::mt19937_64 random(7);
  for (std::uint32_t i = 0; i < 20000; ++i) {
    // Edge keys as the topology makes them (two vertex ids), many sharing their first vertex, and
    // now and then a key set again.
    const std::uint64_t key = i % 5 == 4 && i > 0 ? std::prev(reference.end())->first
                                                  : (std::uint64_t(random() % 3000) << 32) | std::uint32_t(random());
    table.set(key, i);
    reference[key] = i;
  }
  for (const auto& [key, value] : reference) {
    const std::uint32_t* found = table.find(key);
    REQUIRE(found);
    CHECK(*found == value);
  }
  CHECK(table.find(std::uint64_t(4000) << 32) == nullptr);
  CHECK(table.find(0) == nullptr);
}
