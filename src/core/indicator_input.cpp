#include "core/indicator_input.h"

#include <algorithm>
#include <future>

#include "core/business_categories.h"
#include "core/parallel.h"
#include "core/programme_data.h"

namespace pk {

namespace {
std::int16_t small(std::int32_t v) { return v < -1 || v > 32767 ? std::int16_t(-1) : std::int16_t(v); }
}  // namespace

BeneficiaryPoints beneficiaryPointsOf(const BeneficiaryList& list, const BusinessCategories& categories,
                                      const MentorList* mentors, int threads) {
  BeneficiaryPoints out;
  for (const auto& c : categories.categories) out.categoryNames.push_back(c.label);
  out.statusNames = list.statuses;
  const std::vector<int> mentorOfRow = mentors ? linkMentors(list, *mentors) : std::vector<int>();
  const std::vector<Beneficiary>& rows = list.rows;
  const size_t n = rows.size();
  // Column by column, in two groups of about the same bytes: a national list has millions of rows,
  // and each group's arrays are taken (page by page) and filled by one thread.
  auto positionsAndSmallColumns = [&] {
    out.position.resize(n);
    out.category.resize(n);
    out.cohort.resize(n);
    out.status.resize(n);
    for (size_t i = 0; i < n; ++i) {
      const Beneficiary& b = rows[i];
      out.position[i] = b.hasPosition() ? b.position : kNoPosition;
      out.category[i] = b.category;
      out.cohort[i] = b.cohort;
      out.status[i] = small(b.status);
    }
  };
  auto otherColumns = [&] {
    out.polygon.resize(n);
    out.bsimu.resize(n);
    out.mentor.resize(n);
    for (size_t i = 0; i < n; ++i) {
      out.polygon[i] = rows[i].polygon;
      out.bsimu[i] = rows[i].bsimu;
      out.mentor[i] = mentors ? mentorOfRow[i] : -1;
    }
  };
  if (threadCount(threads, n) > 1) {
    auto other = std::async(std::launch::async, otherColumns);
    positionsAndSmallColumns();
    other.get();
  } else {
    positionsAndSmallColumns();
    otherColumns();
  }
  return out;
}

MentorPoints mentorPointsOf(const MentorList& list) {
  MentorPoints out;
  out.organisationNames = list.organisations;
  for (const Mentor& m : list.mentors)
    out.add(m.polygon, hasPosition(m.position) ? m.position : kNoPosition, m.approximate, small(m.organisation),
            std::max(0, m.capacity));
  return out;
}

}  // namespace pk
