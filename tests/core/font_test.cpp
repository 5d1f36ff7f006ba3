#include <doctest/doctest.h>

#include <algorithm>

#include "core/font.h"
#include "test_support.h"

using namespace pk;

TEST_CASE("UTF-8 decoding handles multi-byte characters and malformed bytes") {
  CHECK(decodeUtf8("Cililin") == U"Cililin");
  CHECK(decodeUtf8("km\xc2\xb2") == U"km\u00b2");
  CHECK(decodeUtf8("a\xe2\x80\x94" "b") == U"a\u2014b");
  CHECK(decodeUtf8("\xff" "x") == U"\ufffdx");
  CHECK(decodeUtf8("\xe2\x80") == U"\ufffd\ufffd");  // truncated sequence
}

TEST_CASE("the default font bakes an SDF atlas with the glyphs our map text needs") {
  const Font& f = Font::defaultFont();
  REQUIRE(f.atlasWidth() > 0);
  REQUIRE(f.atlasHeight() > 0);
  REQUIRE(f.atlas().size() == static_cast<size_t>(f.atlasWidth()) * f.atlasHeight());
  for (char32_t c : {U'A', U'z', U'0', U'\u00e9', U'\u2014', U'\u00b2', U'\u00b0'}) CHECK(f.hasGlyph(c));
  // An SDF has values well inside (> edge) and well outside (< edge) the glyphs.
  const auto [lo, hi] = std::minmax_element(f.atlas().begin(), f.atlas().end());
  CHECK(*lo < Font::kSdfOnEdge - 60);
  CHECK(*hi > Font::kSdfOnEdge + 40);
}

TEST_CASE("text extents scale with the pixel size and grow with the text") {
  const Font& f = Font::defaultFont();
  const TextExtent small = f.measure("Cikalongwetan", 12);
  const TextExtent big = f.measure("Cikalongwetan", 24);
  CHECK(small.width > 50);
  CHECK(small.width < 120);
  CHECK(big.width == doctest::Approx(2 * small.width).epsilon(0.001));
  CHECK(big.ascent == doctest::Approx(2 * small.ascent).epsilon(0.001));
  CHECK(small.ascent > 8);
  CHECK(small.descent > 1);
  CHECK(f.measure("Cikalongwetan Barat", 12).width > small.width);
  CHECK(f.measure("", 12).width == 0);
  // Bold is wider than regular.
  CHECK(Font::defaultFont(true).measure("Cikalongwetan", 12).width > small.width);
}

TEST_CASE("layout gives one quad per visible glyph, left to right, around the baseline") {
  const Font& f = Font::defaultFont();
  const auto quads = f.layout("Ab c", 20, 100, 50);
  REQUIRE(quads.size() == 3);  // the space has no quad
  CHECK(quads[0].x0 < quads[1].x0);
  CHECK(quads[1].x0 < quads[2].x0);
  CHECK(quads[0].x0 >= 100 - Font::kSdfPadding * 20 / Font::kBakePixelSize - 1);
  // 'A' rises above the baseline (y down) and ends near it; 'b' too.
  CHECK(quads[0].y0 < 50 - 10);
  CHECK(quads[0].y1 > 50);  // padding reaches below the baseline
  for (const auto& q : quads) {
    CHECK(q.u0 >= 0);
    CHECK(q.u1 <= 1);
    CHECK(q.u0 < q.u1);
    CHECK(q.v0 < q.v1);
  }
  // The pen advance of the whole string matches measure().
  const auto wide = f.layout("WWWW", 20, 0, 0);
  CHECK(wide.back().x1 <= f.measure("WWWW", 20).width + Font::kSdfPadding * 20 / Font::kBakePixelSize + 1);
}

TEST_CASE("a missing or invalid font file is reported with its name") {
  pk::test::TempDir dir;
  CHECK_THROWS_WITH_AS(Font(dir.file("nope.ttf")), doctest::Contains("nope.ttf"), std::runtime_error);
  pk::test::writeText(dir.file("fake.ttf"), "not a font at all, just text");
  CHECK_THROWS_WITH_AS(Font(dir.file("fake.ttf")), doctest::Contains("fake.ttf"), std::runtime_error);
}
