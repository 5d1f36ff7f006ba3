// The placed lists as indicator input: every column of every row, whatever the thread count.
#include <doctest/doctest.h>

#include <cmath>

#include "core/business_categories.h"
#include "core/indicator_input.h"
#include "core/programme_data.h"

using namespace pk;

TEST_CASE("a long list's columns are the rows' own, on one thread as on two") {
  // 60,000 rows: enough for two threads (a thread takes 20,000 rows at least).
  BeneficiaryList list;
  list.statuses = {"aktif", "lulus"};
  for (int i = 0; i < 60000; ++i) {
    Beneficiary b;
    b.row = i + 2;
    b.polygon = i % 16;
    b.placedBy = i % 3 == 0 ? PlacedBy::Name : PlacedBy::Coordinates;
    b.position = {780000.0 + i, 9240000.0 - i};
    b.category = std::int16_t(i % 5 - 1);
    b.cohort = std::int16_t(2019 + i % 3);
    b.status = i % 7 == 0 ? -1 : i % 2;
    b.bsimu = i % 11 == 0 ? NAN : 3500000.0 + i;
    list.rows.push_back(b);
  }
  const BusinessCategories categories = BusinessCategories::defaults();
  const BeneficiaryPoints one = beneficiaryPointsOf(list, categories, nullptr, 1);
  const BeneficiaryPoints two = beneficiaryPointsOf(list, categories, nullptr, 2);
  REQUIRE(one.size() == list.rows.size());
  REQUIRE(two.size() == list.rows.size());
  size_t wrong = 0;
  for (size_t i = 0; i < list.rows.size(); ++i) {
    const Beneficiary& b = list.rows[i];
    for (const BeneficiaryPoints* p : {&one, &two}) {
      const Vec2 expected = b.hasPosition() ? b.position : kNoPosition;
      const bool samePosition = b.hasPosition() ? p->position[i].x == expected.x && p->position[i].y == expected.y
                                                : std::isnan(p->position[i].x) == std::isnan(expected.x);
      const bool sameBsimu = std::isnan(b.bsimu) ? std::isnan(p->bsimu[i]) : p->bsimu[i] == b.bsimu;
      wrong += !(p->polygon[i] == b.polygon && samePosition && p->category[i] == b.category &&
                 p->cohort[i] == b.cohort && p->status[i] == b.status && sameBsimu && p->mentor[i] == -1);
    }
  }
  CHECK(wrong == 0);
  CHECK(one.statusNames == list.statuses);
  CHECK(one.categoryNames.size() == categories.categories.size());
}
