#include "core/indicator_input.h"

#include <algorithm>

#include "core/business_categories.h"
#include "core/programme_data.h"

namespace pk {

namespace {
std::int16_t small(std::int32_t v) { return v < -1 || v > 32767 ? std::int16_t(-1) : std::int16_t(v); }
}  // namespace

BeneficiaryPoints beneficiaryPointsOf(const BeneficiaryList& list, const BusinessCategories& categories,
                                      const MentorList* mentors) {
  BeneficiaryPoints out;
  out.reserve(list.rows.size());
  for (const auto& c : categories.categories) out.categoryNames.push_back(c.label);
  out.statusNames = list.statuses;
  const std::vector<int> mentorOfRow = mentors ? linkMentors(list, *mentors) : std::vector<int>();
  for (size_t i = 0; i < list.rows.size(); ++i) {
    const Beneficiary& b = list.rows[i];
    out.add(b.polygon, b.hasPosition() ? b.position : kNoPosition, b.category, b.cohort, small(b.status),
            b.bsimu, mentors ? mentorOfRow[i] : -1);
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
