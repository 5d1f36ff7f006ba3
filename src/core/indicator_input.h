// Feeding the indicators from imported lists (programme_data) instead of a generator.
#pragma once
#include "core/indicators.h"

namespace pk {

struct BeneficiaryList;
struct MentorList;
class BusinessCategories;

// The placed beneficiaries as indicator input. Category names are the categories' labels; each row's
// mentor is resolved by mentor id against `mentors` (-1 when none, unknown, or no mentor list).
// Filled on up to `threads` threads (0: every hardware thread; `stats --threads`).
BeneficiaryPoints beneficiaryPointsOf(const BeneficiaryList& list, const BusinessCategories& categories,
                                      const MentorList* mentors, int threads = 0);
// The placed mentors; those placed by name already sit at their polygon's label point (approximate).
MentorPoints mentorPointsOf(const MentorList& list);

}  // namespace pk
