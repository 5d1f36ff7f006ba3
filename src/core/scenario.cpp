#include "core/scenario.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

namespace pk {

namespace {

using nlohmann::json;

class Reader {
 public:
  explicit Reader(std::string scenarioName) : scenario_(std::move(scenarioName)) {}

  [[noreturn]] void fail(const std::string& key, const std::string& problem) const {
    throw PlanningError((scenario_.empty() ? std::string("unsaved scenario") : "scenario '" + scenario_ + "'") + ": " +
                        key + " " + problem);
  }
  double number(const json& value, const std::string& key) const {
    if (!value.is_number()) fail(key, "must be a number");
    double v = value.get<double>();
    if (!std::isfinite(v)) fail(key, "must be a finite number");
    return v;
  }
  int integer(const json& value, const std::string& key) const {
    if (!value.is_number_integer()) fail(key, "must be a whole number");
    return value.get<int>();
  }
  std::string text(const json& value, const std::string& key) const {
    if (!value.is_string()) fail(key, "must be text");
    return value.get<std::string>();
  }
 private:
  std::string scenario_;
};

}  // namespace

json scenarioToJson(const Scenario& s) {
  json criteria = json::array();
  for (const auto& c : s.suitability.criteria)
    criteria.push_back({{"name", c.name},
                        {"weight", c.weight},
                        {"direction", std::string(nameOf(c.direction))},
                        {"normalisation", std::string(nameOf(c.normalisation))}});
  json minimum = json::object();
  for (const auto& m : s.suitability.minimums) minimum[m.criterion] = m.minimum;
  json sites = json::array();
  for (const auto& p : s.proposedSites)
    sites.push_back({{"lon", p.lon}, {"lat", p.lat}, {"newly_covered", p.newlyCovered}});
  return json{{"name", s.name},
              {"criteria", criteria},
              {"exclude", s.suitability.excludedCodes},
              {"minimum", minimum},
              {"missing", std::string(nameOf(s.suitability.missing))},
              {"top_n", s.suitability.topN},
              {"perturbations", s.suitability.perturbations},
              {"seed", s.suitability.seed},
              {"radius_km", s.radiusKm},
              {"new_sites", s.newSites},
              {"proposed_sites", sites},
              {"candidates_column", s.candidatesColumn}};
}

Scenario scenarioFromJson(const json& j, ScenarioName nameRule) {
  if (!j.is_object()) throw PlanningError("a scenario must be a JSON object");
  Scenario s;
  if (j.contains("name") && !j["name"].is_string())
    throw PlanningError(nameRule == ScenarioName::Required ? "a scenario needs a non-empty \"name\""
                                                           : "a scenario's \"name\" must be text");
  if (j.contains("name")) s.name = j["name"].get<std::string>();
  if (s.name.empty() && nameRule == ScenarioName::Required) throw PlanningError("a scenario needs a non-empty \"name\"");
  Reader r(s.name);

  if (j.contains("criteria")) {
    if (!j["criteria"].is_array()) r.fail("criteria", "must be a list");
    for (size_t i = 0; i < j["criteria"].size(); ++i) {
      const json& c = j["criteria"][i];
      const std::string key = "criteria[" + std::to_string(i) + "]";
      if (!c.is_object()) r.fail(key, "must be an object");
      if (!c.contains("name")) r.fail(key, "needs a name");
      CriterionSetting setting = defaultCriterionSetting(r.text(c["name"], key + ".name"));
      if (c.contains("weight")) setting.weight = r.number(c["weight"], key + ".weight");
      if (c.contains("direction")) {
        auto d = parseDirection(r.text(c["direction"], key + ".direction"));
        if (!d) r.fail(key + ".direction", "must be \"more\" or \"less\"");
        setting.direction = *d;
      }
      if (c.contains("normalisation")) {
        auto n = parseNormalisation(r.text(c["normalisation"], key + ".normalisation"));
        if (!n) r.fail(key + ".normalisation", "must be \"minmax\" or \"rank\"");
        setting.normalisation = *n;
      }
      s.suitability.criteria.push_back(setting);
    }
  }
  if (j.contains("exclude")) {
    if (!j["exclude"].is_array()) r.fail("exclude", "must be a list of polygon codes");
    for (size_t i = 0; i < j["exclude"].size(); ++i)
      s.suitability.excludedCodes.push_back(r.text(j["exclude"][i], "exclude[" + std::to_string(i) + "]"));
  }
  if (j.contains("minimum")) {
    if (!j["minimum"].is_object()) r.fail("minimum", "must map criterion names to numbers");
    for (const auto& [name, value] : j["minimum"].items())
      s.suitability.minimums.push_back({name, r.number(value, "minimum." + name)});
  }
  if (j.contains("missing")) {
    auto m = parseMissingPolicy(r.text(j["missing"], "missing"));
    if (!m) r.fail("missing", "must be \"exclude\" or \"worst\"");
    s.suitability.missing = *m;
  }
  if (j.contains("top_n")) {
    s.suitability.topN = r.integer(j["top_n"], "top_n");
    if (s.suitability.topN < 1) r.fail("top_n", "must be at least 1");
  }
  if (j.contains("perturbations")) {
    s.suitability.perturbations = r.integer(j["perturbations"], "perturbations");
    if (s.suitability.perturbations < 0) r.fail("perturbations", "must not be negative");
  }
  if (j.contains("seed")) {
    if (!j["seed"].is_number_unsigned() && !(j["seed"].is_number_integer() && j["seed"].get<std::int64_t>() >= 0))
      r.fail("seed", "must be a whole number >= 0");
    s.suitability.seed = j["seed"].get<std::uint64_t>();
  }
  if (j.contains("radius_km")) {
    s.radiusKm = r.number(j["radius_km"], "radius_km");
    if (s.radiusKm <= 0) r.fail("radius_km", "must be more than 0");
  }
  if (j.contains("new_sites")) {
    s.newSites = r.integer(j["new_sites"], "new_sites");
    if (s.newSites < 0) r.fail("new_sites", "must not be negative");
  }
  if (j.contains("proposed_sites")) {
    if (!j["proposed_sites"].is_array()) r.fail("proposed_sites", "must be a list");
    for (size_t i = 0; i < j["proposed_sites"].size(); ++i) {
      const json& p = j["proposed_sites"][i];
      const std::string key = "proposed_sites[" + std::to_string(i) + "]";
      if (!p.is_object() || !p.contains("lon") || !p.contains("lat")) r.fail(key, "needs lon and lat");
      ProposedSite site;
      site.lon = r.number(p["lon"], key + ".lon");
      site.lat = r.number(p["lat"], key + ".lat");
      if (site.lon < -180 || site.lon > 180 || site.lat < -90 || site.lat > 90)
        r.fail(key, "has coordinates outside lon -180..180, lat -90..90");
      if (p.contains("newly_covered")) site.newlyCovered = r.number(p["newly_covered"], key + ".newly_covered");
      s.proposedSites.push_back(site);
    }
  }
  if (j.contains("candidates_column")) {
    s.candidatesColumn = r.text(j["candidates_column"], "candidates_column");
    if (s.candidatesColumn.empty()) r.fail("candidates_column", "must name a column of the per-kecamatan table");
  }
  return s;
}

json scenariosToJson(const std::vector<Scenario>& scenarios) {
  json out = json::array();
  for (const auto& s : scenarios) out.push_back(scenarioToJson(s));
  return out;
}

std::vector<Scenario> scenariosFromJson(const json& array) {
  if (!array.is_array()) throw PlanningError("\"scenarios\" must be a list");
  std::vector<Scenario> out;
  std::set<std::string> names;
  for (const auto& j : array) {
    out.push_back(scenarioFromJson(j));
    if (!names.insert(out.back().name).second)
      throw PlanningError("two scenarios are named '" + out.back().name + "'");
  }
  return out;
}

std::vector<RankChange> compareRankings(const SuitabilityResult& a, const SuitabilityResult& b) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::map<std::string, const PolygonScore*> inA;
  for (const auto& p : a.polygons) inA.emplace(p.code, &p);
  std::set<std::string> done;
  std::vector<RankChange> out;
  auto row = [&](const std::string& code, const PolygonScore* pa, const PolygonScore* pb) {
    RankChange r;
    r.code = code;
    r.excludedA = !pa || pa->excluded;
    r.excludedB = !pb || pb->excluded;
    r.rankA = r.excludedA ? 0 : pa->rank;
    r.rankB = r.excludedB ? 0 : pb->rank;
    r.scoreA = r.excludedA ? nan : pa->score;
    r.scoreB = r.excludedB ? nan : pb->score;
    r.change = (r.excludedA || r.excludedB) ? 0 : r.rankA - r.rankB;
    out.push_back(r);
    done.insert(code);
  };
  for (int index : b.order) {
    const PolygonScore& pb = b.polygons[index];
    auto it = inA.find(pb.code);
    row(pb.code, it == inA.end() ? nullptr : it->second, &pb);
  }
  for (const auto& [code, pa] : inA)
    if (!done.count(code)) row(code, pa, nullptr);
  return out;
}

}  // namespace pk
