#include <doctest/doctest.h>

#include <set>
#include <string>
#include <tuple>

#include "core/palette.h"

using namespace pk;

namespace {

// Parses "#rrggbb" so expected values can be written as ColorBrewer publishes them (colorbrewer2.org
// shows hex); the table in palette.cpp is written in decimal RGB, so a typo in either shows up here.
Rgba hex(const char* text) {
  auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
  auto byte = [&](int i) { return std::uint8_t(nibble(text[i]) * 16 + nibble(text[i + 1])); };
  return Rgba{byte(1), byte(3), byte(5), 255};
}

std::vector<Rgba> hexList(std::initializer_list<const char*> list) {
  std::vector<Rgba> out;
  for (const char* h : list) out.push_back(hex(h));
  return out;
}

double luminance(Rgba c) { return 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b; }

}  // namespace

TEST_CASE("the requested ColorBrewer palettes exist with their kinds") {
  auto seq = paletteNames(PaletteKind::Sequential);
  auto div = paletteNames(PaletteKind::Diverging);
  auto qual = paletteNames(PaletteKind::Qualitative);
  CHECK(seq == std::vector<std::string_view>{"YlOrRd", "YlOrBr", "OrRd", "Reds", "Blues", "Greens", "Purples",
                                             "YlGnBu", "BuPu", "GnBu", "PuBuGn"});
  CHECK(div == std::vector<std::string_view>{"RdYlBu", "BrBG", "PuOr"});
  CHECK(qual == std::vector<std::string_view>{"Set2", "Dark2", "Paired", "Set3"});
  CHECK(palettes().size() == seq.size() + div.size() + qual.size());
  CHECK(findPalette("Viridis") == nullptr);
  REQUIRE(findPalette("PuOr") != nullptr);
  CHECK(findPalette("PuOr")->kind == PaletteKind::Diverging);
  CHECK(findPalette("Set2")->maxClasses == 8);
  CHECK(findPalette("Paired")->maxClasses == 12);
  CHECK(findPalette("Blues")->maxClasses == 9);
}

TEST_CASE("every palette has k distinct colours for every class count from 3 to its maximum") {
  for (const auto& info : palettes()) {
    for (int k = 3; k <= info.maxClasses; ++k) {
      CAPTURE(info.name);
      CAPTURE(k);
      auto colors = paletteColors(info.name, k);
      REQUIRE(colors.size() == size_t(k));
      std::set<std::tuple<int, int, int>> distinct;
      for (auto c : colors) {
        CHECK(c.a == 255);
        distinct.insert({c.r, c.g, c.b});
      }
      CHECK(distinct.size() == size_t(k));
    }
    CHECK(paletteColors(info.name, info.maxClasses + 1).empty());
  }
}

TEST_CASE("colours are ColorBrewer's published values for each class count") {
  CHECK(paletteColors("YlOrRd", 9) ==
        hexList({"#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#bd0026", "#800026"}));
  CHECK(paletteColors("YlOrRd", 5) == hexList({"#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"}));
  CHECK(paletteColors("YlOrRd", 3) == hexList({"#ffeda0", "#feb24c", "#f03b20"}));
  CHECK(paletteColors("RdYlBu", 6) == hexList({"#d73027", "#fc8d59", "#fee090", "#e0f3f8", "#91bfdb", "#4575b4"}));
  CHECK(paletteColors("PuOr", 3) == hexList({"#f1a340", "#f7f7f7", "#998ec3"}));
  CHECK(paletteColors("BrBG", 4) == hexList({"#a6611a", "#dfc27d", "#80cdc1", "#018571"}));
  CHECK(paletteColors("Reds", 4) == hexList({"#fee5d9", "#fcae91", "#fb6a4a", "#cb181d"}));
  CHECK(paletteColors("YlGnBu", 7) ==
        hexList({"#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"}));
  CHECK(paletteColors("Purples", 5) == hexList({"#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"}));
  CHECK(paletteColors("GnBu", 3) == hexList({"#e0f3db", "#a8ddb5", "#43a2ca"}));
  CHECK(paletteColors("Dark2", 3) == hexList({"#1b9e77", "#d95f02", "#7570b3"}));
  CHECK(paletteColors("Set2", 8) ==
        hexList({"#66c2a5", "#fc8d62", "#8da0cb", "#e78ac3", "#a6d854", "#ffd92f", "#e5c494", "#b3b3b3"}));
  CHECK(paletteColors("Set3", 4) == hexList({"#8dd3c7", "#ffffb3", "#bebada", "#fb8072"}));
  CHECK(paletteColors("Paired", 9).back() == hex("#cab2d6"));
}

TEST_CASE("sequential palettes run from light to dark at every class count") {
  for (auto name : paletteNames(PaletteKind::Sequential)) {
    for (int k = 3; k <= 9; ++k) {
      CAPTURE(name);
      CAPTURE(k);
      auto colors = paletteColors(name, k);
      for (size_t i = 1; i < colors.size(); ++i) CHECK(luminance(colors[i]) < luminance(colors[i - 1]));
    }
  }
}

TEST_CASE("diverging palettes are darkest at both ends and lightest in the middle for odd counts") {
  for (auto name : paletteNames(PaletteKind::Diverging)) {
    for (int k = 3; k <= 9; k += 2) {
      auto colors = paletteColors(name, k);
      double mid = luminance(colors[size_t(k / 2)]);
      for (int i = 0; i < k; ++i)
        if (i != k / 2) CHECK(luminance(colors[size_t(i)]) < mid);
    }
  }
}

TEST_CASE("reversal, one or two classes and unknown names") {
  auto forward = paletteColors("Blues", 6);
  auto backward = paletteColors("Blues", 6, true);
  REQUIRE(backward.size() == 6);
  for (size_t i = 0; i < 6; ++i) CHECK(backward[i] == forward[5 - i]);

  auto three = paletteColors("Greens", 3);
  CHECK(paletteColors("Greens", 1) == std::vector<Rgba>{three[1]});
  CHECK(paletteColors("Greens", 2) == std::vector<Rgba>{three[0], three[2]});
  CHECK(paletteColors("Greens", 2, true) == std::vector<Rgba>{three[2], three[0]});
  CHECK(paletteColors("Greens", 0).empty());
  CHECK(paletteColors("NoSuchPalette", 5).empty());
  CHECK(paletteColors("Set2", 9).empty());
}

TEST_CASE("colour-blind ratings follow ColorBrewer and the defaults are safe where any palette is") {
  for (auto name : paletteNames(PaletteKind::Sequential))
    for (int k = 3; k <= 9; ++k) CHECK(isColorBlindSafe(name, k));
  for (auto name : paletteNames(PaletteKind::Diverging))
    for (int k = 3; k <= 9; ++k) CHECK(isColorBlindSafe(name, k));
  CHECK(isColorBlindSafe("Set2", 3));
  CHECK(colorBlindRating("Set2", 4) == ColorBlindRating::Maybe);
  CHECK(colorBlindRating("Set2", 7) == ColorBlindRating::Unsafe);
  CHECK(isColorBlindSafe("Paired", 4));
  CHECK(colorBlindRating("Paired", 5) == ColorBlindRating::Maybe);
  CHECK(colorBlindRating("Paired", 12) == ColorBlindRating::Unsafe);
  CHECK(colorBlindRating("Set3", 3) == ColorBlindRating::Maybe);
  CHECK(findPalette("Set3")->colorBlindSafeUpTo == 0);
  CHECK(findPalette("Dark2")->colorBlindSafeUpTo == 3);
  CHECK(findPalette("YlOrRd")->colorBlindSafeUpTo == 9);
  CHECK(colorBlindRating("Unknown", 3) == ColorBlindRating::Unsafe);

  for (int k = 1; k <= 9; ++k) {
    CAPTURE(k);
    CHECK(isColorBlindSafe(defaultPalette(PaletteKind::Sequential, k), k));
    CHECK(isColorBlindSafe(defaultPalette(PaletteKind::Diverging, k), k));
    auto qual = defaultPalette(PaletteKind::Qualitative, k);
    CHECK(paletteColors(qual, k).size() == size_t(k));
    // The qualitative default is never worse rated than any other qualitative palette at k.
    for (auto other : paletteNames(PaletteKind::Qualitative)) {
      if (paletteColors(other, k).empty()) continue;
      CHECK(int(colorBlindRating(qual, k)) <= int(colorBlindRating(other, k)));
    }
  }
  CHECK(isColorBlindSafe(defaultPalette(PaletteKind::Qualitative, 3), 3));
  CHECK(isColorBlindSafe(defaultPalette(PaletteKind::Qualitative, 4), 4));
}
