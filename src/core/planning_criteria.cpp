#include "core/planning_criteria.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <numeric>
#include <stdexcept>

#include "core/indicators.h"
#include "core/layer.h"

namespace pk {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool sameName(std::string_view a, std::string_view b) { return lower(a) == lower(b); }

bool isBuiltIn(std::string_view name) {
  for (const auto& c : builtInCriteria())
    if (sameName(name, c.name)) return true;
  return false;
}

const std::vector<double>* columnNamed(const std::vector<PolygonColumn>& columns, std::string_view name) {
  for (const auto& c : columns)
    if (c.name == name) return &c.values;
  for (const auto& c : columns)
    if (sameName(c.name, name)) return &c.values;
  return nullptr;
}

// As suitability's own lookup: the exact name, else a unique case-insensitive match.
bool offered(const SuitabilityInput& input, std::string_view name) {
  for (const auto& c : input.criteria)
    if (c.name == name) return true;
  int matches = 0;
  for (const auto& c : input.criteria) matches += sameName(c.name, name);
  return matches == 1;
}

const UnavailableCriterion* unavailableNamed(const PlanningCriteria& criteria, std::string_view name) {
  for (const auto& u : criteria.unavailable)
    if (sameName(u.name, name)) return &u;
  return nullptr;
}

void checkName(const PlanningCriteria& criteria, const std::string& name, const char* where) {
  if (offered(criteria.input, name)) return;
  if (const auto* u = unavailableNamed(criteria, name))
    throw PlanningError("criterion " + u->name + where + " is not available: " + unavailableReasonText(u->reason));
  throw PlanningError("unknown criterion '" + name + "'" + where + "; valid criteria: " + describeCriteria(criteria));
}

}  // namespace

std::string unavailableReasonText(UnavailableReason reason) {
  switch (reason) {
    case UnavailableReason::NoCandidatesTable: return "no per-kecamatan table given";
    case UnavailableReason::NoCandidatesColumn: return "the per-kecamatan table has no numeric candidates column";
    case UnavailableReason::NoMentors: return "no mentor list given";
    case UnavailableReason::NoOffice: return "no office point given";
    case UnavailableReason::NoBusinessTypes: return "the beneficiary list has no business types";
  }
  return "not available";
}

PlanningCriteria buildPlanningCriteria(const PlanningCriteriaSources& sources) {
  if (!sources.boundaries || !sources.indicators)
    throw std::invalid_argument("planning criteria need the boundary layer and its indicators");
  const Layer& layer = *sources.boundaries;
  const IndicatorTable& table = *sources.indicators;
  const size_t n = layer.features.size();
  if (table.polygons.size() != n)
    throw std::invalid_argument("indicator table has " + std::to_string(table.polygons.size()) + " rows for " +
                                std::to_string(n) + " polygons");
  for (const auto& c : sources.tableColumns)
    if (c.values.size() != n)
      throw std::invalid_argument("table column " + c.name + " has " + std::to_string(c.values.size()) +
                                  " values for " + std::to_string(n) + " polygons");

  PlanningCriteria out;
  for (size_t i = 0; i < n; ++i) {
    std::string code = layer.featureCode(i);
    out.input.codes.push_back(code.empty() ? "#" + std::to_string(i) : code);
    out.names.push_back(layer.featureName(i));
  }
  auto add = [&](const char* name, std::vector<double> values) {
    out.input.criteria.push_back({name, std::move(values)});
  };
  auto perPolygon = [&](auto&& valueOf) {
    std::vector<double> v(n);
    for (size_t i = 0; i < n; ++i) v[i] = valueOf(table.polygons[i], i);
    return v;
  };

  // candidates
  const std::vector<double>* candidates =
      sources.candidatesColumn.empty() ? nullptr : columnNamed(sources.tableColumns, sources.candidatesColumn);
  if (candidates) add("candidates", *candidates);
  else
    out.unavailable.push_back({"candidates", sources.hasTable ? UnavailableReason::NoCandidatesColumn
                                                              : UnavailableReason::NoCandidatesTable});

  add("beneficiaries", perPolygon([](const PolygonIndicators& p, size_t) { return double(p.beneficiaries); }));
  add("density", perPolygon([&](const PolygonIndicators& p, size_t i) {
        return layer.features[i].areaKm2 > 0 ? p.densityPerKm2 : kNoValue;
      }));
  add("coverage_gap", perPolygon([&](const PolygonIndicators& p, size_t) {
        if (p.placedByCoordinates == 0) return kNoValue;
        if (!table.hasMentors) return 1.0;
        return hasValue(p.coveredShare) ? 1.0 - p.coveredShare : kNoValue;
      }));
  if (table.hasMentors)
    add("per_mentor", perPolygon([](const PolygonIndicators& p, size_t) {
          return p.mentors > 0 ? double(p.beneficiaries) / double(p.mentors) : kNoValue;
        }));
  else
    out.unavailable.push_back({"per_mentor", UnavailableReason::NoMentors});
  if (sources.businessTypes)
    add("business_diversity", perPolygon([](const PolygonIndicators& p, size_t) {
          if (p.beneficiaries == 0) return 0.0;
          const auto present = std::count_if(p.byCategory.begin(), p.byCategory.end(),
                                             [](std::int64_t c) { return c > 0; });
          // Every beneficiary without a business type: nothing is known about the mix.
          if (present == 0 && p.categoryUnknown == p.beneficiaries) return kNoValue;
          return double(present);
        }));
  else
    out.unavailable.push_back({"business_diversity", UnavailableReason::NoBusinessTypes});
  if (sources.office) {
    const Vec2 office = *sources.office;
    std::vector<size_t> polygons(n);
    std::iota(polygons.begin(), polygons.end(), size_t(0));
    layer.prepareLabelPoints(polygons);
    add("distance_office", perPolygon([&](const PolygonIndicators&, size_t i) {
          const Vec2 at = layer.labelPoint(i);
          if (!std::isfinite(at.x) || !std::isfinite(at.y)) return kNoValue;
          return std::hypot(at.x - office.x, at.y - office.y) / 1000.0;
        }));
  } else {
    out.unavailable.push_back({"distance_office", UnavailableReason::NoOffice});
  }

  // Table columns by their own names; a built-in name keeps its built-in meaning.
  for (const auto& c : sources.tableColumns) {
    if (isBuiltIn(c.name)) {
      if (!(candidates == &c.values && sameName(c.name, "candidates")))
        out.notes.push_back("table column '" + c.name + "' is not offered as a criterion: a built-in criterion has that name");
      continue;
    }
    bool duplicate = false;
    for (const auto& existing : out.input.criteria) duplicate = duplicate || sameName(existing.name, c.name);
    if (duplicate) {
      out.notes.push_back("table column '" + c.name + "' appears twice; the first is used");
      continue;
    }
    out.input.criteria.push_back({c.name, c.values});
  }
  return out;
}

std::string describeCriteria(const PlanningCriteria& criteria) {
  std::string out;
  for (const auto& c : criteria.input.criteria) out += (out.empty() ? "" : ", ") + c.name;
  if (out.empty()) out = "(none)";
  if (!criteria.unavailable.empty()) {
    out += "; not available here: ";
    for (size_t i = 0; i < criteria.unavailable.size(); ++i)
      out += (i ? ", " : "") + criteria.unavailable[i].name + " (" +
             unavailableReasonText(criteria.unavailable[i].reason) + ")";
  }
  return out;
}

void checkPlanningSettings(const PlanningCriteria& criteria, const SuitabilitySettings& settings) {
  for (const auto& s : settings.criteria) checkName(criteria, s.name, "");
  for (const auto& m : settings.minimums) checkName(criteria, m.criterion, " in a minimum");
  try {
    validateSuitability(criteria.input, settings);
  } catch (const PlanningError& e) {
    // validateSuitability lists the offered names only; add the built-ins that need more data.
    std::string message = e.what();
    if (!criteria.unavailable.empty() && message.find("valid criteria: ") != std::string::npos) {
      std::string unavailable;
      for (const auto& u : criteria.unavailable)
        unavailable += (unavailable.empty() ? "" : ", ") + u.name + " (" + unavailableReasonText(u.reason) + ")";
      message += "; not available here: " + unavailable;
    }
    throw PlanningError(message);
  }
}

std::string readableColumnName(std::string_view name) {
  // Spelled as planners write them, whatever the column's case.
  static const std::pair<const char*, const char*> kAcronyms[] = {
      {"pkh", "PKH"}, {"kpm", "KPM"}, {"bps", "BPS"},     {"umkm", "UMKM"}, {"bsimu", "BSIMu"}, {"kk", "KK"},
      {"rt", "RT"},   {"rw", "RW"},   {"nik", "NIK"},     {"id", "ID"},     {"km2", "km\xC2\xB2"}, {"bpnt", "BPNT"},
      {"dtks", "DTKS"}, {"prokus", "ProKUS"}};
  std::vector<std::string> words;
  std::string word;
  for (char c : name) {
    if (c == '_' || c == '-' || c == '.' || std::isspace(static_cast<unsigned char>(c))) {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  std::string out;
  for (size_t w = 0; w < words.size(); ++w) {
    std::string text = words[w];
    const std::string key = lower(text);
    bool acronym = false;
    for (const auto& [from, to] : kAcronyms)
      if (key == from) {
        text = to;
        acronym = true;
      }
    // The rest in lower case unless the file wrote a word in capitals on purpose (mixed case).
    const bool allUpper = std::none_of(text.begin(), text.end(), [](char c) { return std::islower(static_cast<unsigned char>(c)); });
    if (!acronym && allUpper && text.size() > 1) text = key;
    if (w == 0 && !text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    out += (out.empty() ? "" : " ") + text;
  }
  return out.empty() ? std::string(name) : out;
}

std::string criterionLabel(std::string_view name, Language language) {
  const std::string key = lower(name);
  // The rows are "planning.criterion.<built-in>" and "planning.column.<column>" in core/i18n.cpp.
  const std::string builtInKey = std::string("planning.criterion.") + key;
  for (const auto& c : builtInCriteria())
    if (key == c.name) return translate(builtInKey, language);
  const std::string columnKey = std::string("planning.column.") + key;
  const char* known = translate(columnKey, language);
  if (columnKey != known) return known;
  return readableColumnName(name);
}

std::string defaultCandidatesColumn(const std::vector<PolygonColumn>& columns, std::string_view preferred,
                                    std::string_view avoid) {
  if (!preferred.empty())
    for (const auto& c : columns)
      if (sameName(c.name, preferred)) return c.name;
  auto holdsCounts = [](const PolygonColumn& c) {
    bool any = false;
    for (double v : c.values) {
      if (std::isnan(v)) continue;
      if (v < 0 || v != std::floor(v)) return false;
      any = true;
    }
    return any;
  };
  auto avoided = [&](const PolygonColumn& c) { return !avoid.empty() && sameName(c.name, avoid); };
  for (const auto& c : columns)
    if (!avoided(c) && holdsCounts(c)) return c.name;
  for (const auto& c : columns)
    if (!avoided(c)) return c.name;
  return columns.empty() ? std::string() : columns.front().name;
}

}  // namespace pk
