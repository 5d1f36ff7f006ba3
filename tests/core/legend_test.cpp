#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <random>

#include "core/legend.h"

using namespace pk;

namespace {
const double kNaN = std::numeric_limits<double>::quiet_NaN();
const std::string kDash = " \u2013 ";

LegendOptions english() {
  LegendOptions o;
  o.language = Language::English;
  return o;
}
}  // namespace

TEST_CASE("formatNumber: grouping, decimal separator per language, no negative zero") {
  CHECK(formatNumber(1234567, 0, Language::English) == "1,234,567");
  CHECK(formatNumber(1234567, 0, Language::Indonesian) == "1.234.567");
  CHECK(formatNumber(12.5, 1, Language::English) == "12.5");
  CHECK(formatNumber(12.5, 1, Language::Indonesian) == "12,5");
  CHECK(formatNumber(-1234.5, 2, Language::English) == "-1,234.50");
  CHECK(formatNumber(-1234.5, 2, Language::Indonesian) == "-1.234,50");
  CHECK(formatNumber(999.96, 1, Language::English) == "1,000.0");  // rounding carries into a group
  CHECK(formatNumber(100, 0, Language::English) == "100");
  CHECK(formatNumber(1000, 0, Language::English) == "1,000");
  CHECK(formatNumber(-0.04, 1, Language::English) == "0.0");
  CHECK(formatNumber(-0.0, 0, Language::English) == "0");
  CHECK(formatNumber(0.125, 3, Language::Indonesian) == "0,125");
  CHECK(formatNumber(kNaN, 2, Language::English) == "-");
}

TEST_CASE("autoDecimals: exact where short, by spacing where long, never two equal neighbours") {
  CHECK(autoDecimals(std::vector<double>{12.5, 20.0}) == 1);
  CHECK(autoDecimals(std::vector<double>{0, 20, 40, 60}) == 0);
  CHECK(autoDecimals(std::vector<double>{0, 2500, 5000}) == 0);
  CHECK(autoDecimals(std::vector<double>{1, 3.25, 5.5, 7.75, 10}) == 2);   // quantile bounds shown exactly
  CHECK(autoDecimals(std::vector<double>{3.14159, 17.2, 40.77}) == 0);      // data values, wide gaps
  CHECK(autoDecimals(std::vector<double>{0.8123, 1.9234, 5.66}) == 1);
  CHECK(autoDecimals(std::vector<double>{0.0123, 0.0234, 0.0456}) == 4);   // exact: one digit past the spacing
  CHECK(autoDecimals(std::vector<double>{0.01234, 0.02345, 0.04567}) == 3); // rounded to the spacing
  CHECK(autoDecimals(std::vector<double>{10.04, 10.06, 30}) == 2);          // a close pair needs two digits
  CHECK(autoDecimals(std::vector<double>{100.001, 100.002, 250}) == 3);
  CHECK(autoDecimals(std::vector<double>{1.00000001, 1.00000002}) == 6);    // capped at six
  CHECK(autoDecimals(std::vector<double>{0, 0}) == 0);
  CHECK(autoDecimals(std::vector<double>{}) == 0);
}

TEST_CASE("class labels: en dash ranges, thousands separators, Indonesian decimal comma") {
  Classification c = classifyManual(std::vector<double>{13, 15, 21, 1300}, std::vector<double>{12.5, 20, 27.5, 1500});
  Legend en = buildLegend(c, english());
  REQUIRE(en.entries.size() == 3);
  CHECK(en.entries[0].label == "12.5" + kDash + "20.0");
  CHECK(en.entries[1].label == "20.0" + kDash + "27.5");
  CHECK(en.entries[2].label == "27.5" + kDash + "1,500.0");
  CHECK(en.entries[0].count == 2);
  CHECK(en.entries[1].count == 1);
  CHECK(en.entries[2].count == 1);
  CHECK(en.entries[2].lower == 27.5);
  CHECK(en.entries[2].upper == 1500);

  LegendOptions id;  // the default: Indonesian numbers
  Legend in = buildLegend(c, id);
  CHECK(in.entries[2].label == "27,5" + kDash + "1.500,0");

  LegendOptions fixed = english();
  fixed.decimals = 0;  // a planner's choice, kept by the caller across reclassification (QGIS #63276)
  CHECK(buildLegend(c, fixed).entries[0].label == "12" + kDash + "20");  // printf rounds 12.5 half-even
  fixed.rangeSeparator = " to ";
  CHECK(buildLegend(c, fixed).entries[1].label == "20 to 28");
}

TEST_CASE("GeoLibre #1387: the colour drawn for a value is exactly the legend colour of its class") {
  std::mt19937 rng(1387);
  std::lognormal_distribution<double> skew(2.0, 1.0);
  std::vector<double> values(166);
  for (auto& v : values) v = skew(rng);
  values[7] = kNaN;
  for (ClassMethod m : {ClassMethod::EqualInterval, ClassMethod::Quantile, ClassMethod::NaturalBreaks,
                        ClassMethod::Pretty}) {
    for (int k = 3; k <= 9; ++k) {
      for (const char* name : {"YlOrRd", "Blues", "RdYlBu", "PuOr"}) {
        CAPTURE(classMethodName(m));
        CAPTURE(k);
        CAPTURE(name);
        Classification c = classify(values, m, k);
        LegendOptions o = english();
        o.palette = name;
        Legend legend = buildLegend(c, o);
        const auto expected = paletteColors(name, c.classCount());
        CHECK(legend.classColors == expected);  // the palette's own k colours, not interpolated
        for (double v : values) {
          Rgba drawn = legend.colorFor(v);
          int cls = c.classOf(v);
          if (cls < 0) {
            CHECK(std::isnan(v));
            CHECK(drawn == legend.missingColor);
            continue;
          }
          const LegendEntry& entry = legend.entries[size_t(cls)];
          CHECK(entry.kind == LegendEntryKind::Class);
          CHECK(entry.classIndex == cls);
          CHECK(drawn == entry.color);
          CHECK(drawn == expected[size_t(cls)]);
        }
      }
    }
  }
  // The 4-class case of the GeoLibre report, by hand: 4 quantile classes, 4 distinct legend colours.
  Classification q = classify(values, ClassMethod::Quantile, 4);
  Legend legend = buildLegend(q, english());
  CHECK(legend.palette == "YlOrRd");
  CHECK(legend.classColors == paletteColors("YlOrRd", 4));
  CHECK(legend.colorFor(q.bounds[0]) == paletteColors("YlOrRd", 4)[0]);
  CHECK(legend.colorFor(q.bounds[4]) == paletteColors("YlOrRd", 4)[3]);
}

TEST_CASE("missing values get a grey entry with their count, only when there are some") {
  std::vector<double> v{1, 2, 3, 4, 5, 6, kNaN, kNaN};
  Legend legend = buildLegend(classify(v, ClassMethod::EqualInterval, 3), english());
  REQUIRE(legend.entries.size() == 4);
  const LegendEntry& missing = legend.entries.back();
  CHECK(missing.kind == LegendEntryKind::Missing);
  CHECK(missing.count == 2);
  CHECK(missing.label == "No data");
  CHECK(missing.color == Rgba{189, 189, 189, 255});
  CHECK(legend.colorFor(kNaN) == missing.color);
  // The grey is not a class colour of any palette, so "no data" never reads as a class.
  for (const auto& info : palettes())
    for (int k = 1; k <= std::min(info.maxClasses, 9); ++k)
      for (Rgba c : paletteColors(info.name, k)) CHECK_FALSE(c == missing.color);

  std::vector<double> complete{1, 2, 3, 4, 5, 6};
  Legend none = buildLegend(classify(complete, ClassMethod::EqualInterval, 3), english());
  CHECK(none.entries.size() == 3);
  LegendOptions always = english();
  always.showMissingWhenNone = true;
  always.missingLabel = "Tidak ada data";
  Legend forced = buildLegend(classify(complete, ClassMethod::EqualInterval, 3), always);
  REQUIRE(forced.entries.size() == 4);
  CHECK(forced.entries.back().label == "Tidak ada data");
  CHECK(forced.entries.back().count == 0);
}

TEST_CASE("QGIS #63277: an all-zero field still has a legend with one class") {
  std::vector<double> zeros(16, 0.0);
  Legend legend = buildLegend(classify(zeros, ClassMethod::NaturalBreaks, 5), english());
  REQUIRE(legend.entries.size() == 1);
  CHECK(legend.entries[0].label == "0");
  CHECK(legend.entries[0].count == 16);
  CHECK(legend.entries[0].color == paletteColors("YlOrRd", 1)[0]);
  CHECK(legend.colorFor(0) == legend.entries[0].color);
  CHECK_FALSE(legend.classification.note.empty());

  // Nothing but missing values: the legend still says so.
  std::vector<double> missing(3, kNaN);
  Legend empty = buildLegend(classify(missing, ClassMethod::Quantile, 5), english());
  REQUIRE(empty.entries.size() == 1);
  CHECK(empty.entries[0].kind == LegendEntryKind::Missing);
  CHECK(empty.entries[0].count == 3);
}

TEST_CASE("a natural-breaks class holding only the minimum is labelled with that value") {
  std::vector<double> v{-50, 10, 11, 12, 30, 31, 32, 60, 61};
  Classification c = classify(v, ClassMethod::NaturalBreaks, 4);
  REQUIRE(c.classCount() == 4);
  REQUIRE(c.bounds[0] == c.bounds[1]);
  Legend legend = buildLegend(c, english());
  CHECK(legend.entries[0].label == "-50");
  CHECK(legend.entries[0].count == 1);
  CHECK(legend.entries[1].label == "-50" + kDash + "12");
}

TEST_CASE("values outside manual breaks get their own entry and colour") {
  std::vector<double> v{-5, 1, 2, 8, 100};
  Legend legend = buildLegend(classifyManual(v, std::vector<double>{0, 5, 10}), english());
  REQUIRE(legend.entries.size() == 3);
  CHECK(legend.entries[2].kind == LegendEntryKind::Outside);
  CHECK(legend.entries[2].count == 2);
  CHECK(legend.colorFor(100) == legend.outsideColor);
  CHECK(legend.colorFor(-5) == legend.outsideColor);
  CHECK(legend.colorFor(8) == legend.entries[1].color);
}

TEST_CASE("palette choice: named, reversed, default by kind, fallback when the count is unavailable") {
  std::vector<double> v(90);
  for (size_t i = 0; i < v.size(); ++i) v[i] = double(i);
  Classification nine = classify(v, ClassMethod::Quantile, 9);

  LegendOptions o = english();
  o.palette = "Greens";
  o.reversed = true;
  Legend reversed = buildLegend(nine, o);
  CHECK(reversed.palette == "Greens");
  CHECK(reversed.classColors == paletteColors("Greens", 9, true));
  CHECK(reversed.entries.front().color == paletteColors("Greens", 9).back());

  o = english();
  o.palette = "Set2";  // has no 9-class scheme
  Legend fallback = buildLegend(nine, o);
  CHECK(fallback.palette == std::string(defaultPalette(PaletteKind::Qualitative, 9)));
  CHECK(fallback.classColors.size() == 9);

  o = english();
  o.palette = "NoSuchRamp";
  CHECK(buildLegend(nine, o).palette == "YlOrRd");
  o.palette = "";
  o.paletteKind = PaletteKind::Diverging;
  CHECK(buildLegend(nine, o).palette == "RdYlBu");
}

TEST_CASE("unbounded values (+inf, e.g. beneficiaries per mentor with no mentor) are the worst class, not no data") {
  const double kInf = std::numeric_limits<double>::infinity();
  const std::vector<double> values{1, 2, 3, 4, 5, 6, kInf, kInf, kNaN};
  const Classification c = classify(values, ClassMethod::EqualInterval, 3);
  CHECK(c.unboundedCount == 2);
  CHECK(c.missingCount == 1);  // only the NaN is missing
  CHECK(c.valueCount == 6);

  LegendOptions o = english();
  o.unboundedLabel = "no mentor";
  const Legend legend = buildLegend(c, o);
  const Rgba worst = legend.classColors.back();
  CHECK(legend.colorFor(kInf) == worst);
  CHECK(legend.colorFor(kNaN) == legend.missingColor);
  const LegendEntry* unbounded = nullptr;
  const LegendEntry* missing = nullptr;
  for (const LegendEntry& e : legend.entries) {
    if (e.kind == LegendEntryKind::Unbounded) unbounded = &e;
    if (e.kind == LegendEntryKind::Missing) missing = &e;
  }
  REQUIRE(unbounded != nullptr);
  CHECK(unbounded->label == "no mentor");
  CHECK(unbounded->count == 2);
  CHECK(unbounded->color == worst);
  REQUIRE(missing != nullptr);
  CHECK(missing->count == 1);
  // The row sits right after the worst class, before Missing.
  CHECK(&legend.entries[size_t(c.classCount())] == unbounded);

  // Every area without a mentor: still the worst colour of the palette, with its row.
  const Classification none = classify(std::vector<double>{kInf, kInf}, ClassMethod::Quantile, 5);
  const Legend all = buildLegend(none, o);
  REQUIRE_FALSE(all.entries.empty());
  CHECK(all.entries.front().kind == LegendEntryKind::Unbounded);
  CHECK(all.entries.front().count == 2);
  CHECK_FALSE(all.colorFor(kInf) == all.missingColor);

  // Without the option +inf stays "no data", as every other indicator wants.
  const Legend plain = buildLegend(c, english());
  CHECK(plain.colorFor(kInf) == plain.missingColor);
  for (const LegendEntry& e : plain.entries)
    if (e.kind == LegendEntryKind::Missing) CHECK(e.count == 3);
}

TEST_CASE("legend labels follow the language: decimal point and thousands comma in English, the reverse in Indonesian") {
  const Classification c = classifyManual(std::vector<double>{0.128, 0.15, 0.2, 1234.5}, std::vector<double>{0.128, 0.15, 1500});
  LegendOptions o;
  o.decimals = 3;
  o.language = Language::English;
  const Legend en = buildLegend(c, o);
  CHECK(en.entries[0].label == "0.128" + kDash + "0.150");
  CHECK(en.entries[1].label == "0.150" + kDash + "1,500.000");
  o.language = Language::Indonesian;
  const Legend id = buildLegend(c, o);
  CHECK(id.entries[0].label == "0,128" + kDash + "0,150");
  CHECK(id.entries[1].label == "0,150" + kDash + "1.500,000");
  // The one formatter: the same text as the GUI's formatNumber in each language.
  CHECK(en.entries[1].label.substr(en.entries[1].label.size() - 9) == formatNumber(1500, 3, Language::English));
}
