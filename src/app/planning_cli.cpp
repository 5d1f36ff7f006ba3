#include "app/planning_cli.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>

#include "core/database_source.h"
#include "core/column_mapping.h"
#include "core/i18n.h"
#include "core/indicator_input.h"
#include "core/layer.h"
#include "core/layer_io.h"
#include "core/map_document.h"
#include "core/map_state.h"
#include "core/programme_project.h"
#include "core/project_file.h"
#include "core/projection.h"
#include "core/scenario.h"
#include "core/table_io.h"

namespace pk {

namespace {

std::string fileNameOf(const std::string& path) { return sourceName(path); }

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

std::vector<std::string> splitCommas(const std::vector<std::string>& items) {
  std::vector<std::string> out;
  for (const auto& item : items) {
    size_t start = 0;
    while (start <= item.size()) {
      size_t end = item.find(',', start);
      if (end == std::string::npos) end = item.size();
      std::string part = trim(std::string_view(item).substr(start, end - start));
      if (!part.empty()) out.push_back(part);
      start = end + 1;
    }
  }
  return out;
}

bool parseDouble(std::string_view text, double& value) {
  std::string t = trim(text);
  if (!t.empty() && t.front() == '+') t.erase(0, 1);
  auto res = std::from_chars(t.data(), t.data() + t.size(), value);
  return !t.empty() && res.ec == std::errc() && res.ptr == t.data() + t.size() && std::isfinite(value);
}

// Columns that locate a row (code, name) are keys, not criteria.
bool isKeyColumn(const ColumnMapping& mapping, int column) {
  for (ColumnRole role : {ColumnRole::Kecamatan, ColumnRole::KecamatanCode, ColumnRole::Desa, ColumnRole::DesaCode,
                          ColumnRole::Id, ColumnRole::Name})
    if (mapping[role] == column) return true;
  return false;
}

}  // namespace

void addPlanningFlags(CLI::App& app, PlanningFlags& flags) {
  app.add_option("--weights", flags.weights,
                 "criterion weights NAME=W[,NAME=W...] (rescaled to shares of 100); built-in names: candidates, "
                 "beneficiaries, density, coverage_gap, per_mentor, business_diversity, distance_office, or a "
                 "numeric column of --candidates");
  app.add_option("--exclude", flags.exclude, "polygon codes to leave out, CODE[,CODE...]");
  app.add_option("--min", flags.minimums, "required minimum NAME=V[,NAME=V...] (raw value, repeatable)");
  app.add_option("--missing", flags.missing,
                 "a missing value in a weighted or constrained criterion: exclude (default) or worst (counts as the "
                 "worst observed value)");
  app.add_option("--candidates", flags.candidates,
                 "per-kecamatan table (CSV, XLSX, ODS, ...) joined by code or name; its numeric columns become criteria");
  app.add_option("--candidates-column", flags.candidatesColumn,
                 "column of --candidates holding eligible families, the 'candidates' criterion (default: the "
                 "--scenario's, else candidates)");
  app.add_option("--office", flags.office, "office point LON,LAT for distance_office, e.g. 107.4861,-6.8426");
  app.add_option("--project", flags.project, "project file (.prokus.json) holding saved scenarios");
  app.add_option("--scenario", flags.scenario,
                 "take weights and constraints from this saved scenario of --project (flags given replace its parts)");
}

Vec2 parseLonLat(const std::string& text, const char* flag) {
  const size_t comma = text.find(',');
  double lon = 0, lat = 0;
  if (comma == std::string::npos || !parseDouble(std::string_view(text).substr(0, comma), lon) ||
      !parseDouble(std::string_view(text).substr(comma + 1), lat))
    throw PlanningError(std::string(flag) + " '" + text + "': expected LON,LAT in degrees with a decimal point, e.g. 107.4861,-6.8426");
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90)
    throw PlanningError(std::string(flag) + " '" + text + "': longitude must be -180..180 and latitude -90..90");
  return {lon, lat};
}

ResolvedPlanning resolvePlanningSettings(const PlanningFlags& flags, const MapDocument* project) {
  ResolvedPlanning out;
  SuitabilitySettings& s = out.settings;
  if (!flags.scenario.empty()) {
    if (!project) throw PlanningError("--scenario needs --project (the project file that holds the scenario)");
    const auto& extra = project->extraSections;
    std::vector<Scenario> scenarios;
    if (extra.is_object() && extra.contains("scenarios")) {
      try {
        scenarios = scenariosFromJson(extra.at("scenarios"));
      } catch (const PlanningError& e) {
        throw InputError(project->projectPath, e.what());
      }
    }
    const Scenario* found = nullptr;
    for (const auto& sc : scenarios)
      if (sc.name == flags.scenario) found = &sc;
    if (!found) {
      std::string names;
      for (const auto& sc : scenarios) names += (names.empty() ? "'" : ", '") + sc.name + "'";
      throw InputError(project->projectPath, "no scenario named '" + flags.scenario + "' (saved scenarios: " +
                                                 (names.empty() ? std::string("none") : names) + ")");
    }
    s = found->suitability;
    out.candidatesColumn = found->candidatesColumn;
    out.scenarioRadiusKm = found->radiusKm;
    out.scenarioNewSites = found->newSites;
  }
  if (!flags.weights.empty()) {
    std::vector<CriterionSetting> weighted;
    for (const auto& [name, weight] : parseNamedValues(flags.weights)) {
      CriterionSetting setting = defaultCriterionSetting(name, weight);
      for (const auto& saved : s.criteria)
        if (saved.name == name) {
          setting.direction = saved.direction;
          setting.normalisation = saved.normalisation;
        }
      weighted.push_back(setting);
    }
    s.criteria = weighted;
  } else if (flags.scenario.empty()) {
    throw PlanningError("--weights is required (or --project with --scenario)");
  }
  if (!flags.candidatesColumn.empty()) out.candidatesColumn = flags.candidatesColumn;
  if (out.candidatesColumn.empty()) out.candidatesColumn = "candidates";
  if (!flags.exclude.empty()) s.excludedCodes = splitCommas(flags.exclude);
  if (!flags.minimums.empty()) {
    s.minimums.clear();
    for (const auto& item : flags.minimums)
      for (const auto& [name, value] : parseNamedValues(item)) s.minimums.push_back({name, value});
  }
  if (!flags.missing.empty()) {
    const auto policy = parseMissingPolicy(flags.missing);
    if (!policy) throw PlanningError("--missing '" + flags.missing + "': expected exclude or worst");
    s.missing = *policy;
  }
  if (flags.sensitivityTop < 0) throw PlanningError("--sensitivity-top must be at least 1");
  if (flags.sensitivityTop > 0) {
    s.topN = flags.sensitivityTop;
    if (s.perturbations <= 0) s.perturbations = 1000;
  } else {
    s.perturbations = 0;  // not asked for: skip the draws
  }
  return out;
}

PlanningData loadPlanningData(const Layer& boundary, const MapProjection& projection,
                              const std::string& beneficiariesPath, const std::string& mentorsPath, double radiusKm,
                              const PlanningFlags& flags, std::FILE* log) {
  PlanningData data;
  const PlacementContext context(boundary, projection);
  data.beneficiaries = importBeneficiaryFile(beneficiariesPath, context, data.categories);
  std::fprintf(log, "beneficiaries: %s\n", data.beneficiaries.summary.oneLine().c_str());
  if (data.beneficiaries.summary.placed() == 0)
    throw InputError(beneficiariesPath, "no row could be placed in " + fileNameOf(boundary.path));
  if (!mentorsPath.empty()) {
    data.mentors = importMentorFile(mentorsPath, context);
    std::fprintf(log, "mentors: %s\n", data.mentors->summary.oneLine().c_str());
    if (data.mentors->summary.placed() == 0)
      throw InputError(mentorsPath, "no mentor could be placed in " + fileNameOf(boundary.path));
    data.mentorPoints = mentorPointsOf(*data.mentors);
  }
  data.points = beneficiaryPointsOf(data.beneficiaries, data.categories, data.mentors ? &*data.mentors : nullptr);

  IndicatorOptions options;
  options.radiusKm = radiusKm;
  data.indicators = computeIndicators(boundary, data.points, data.mentors ? &data.mentorPoints : nullptr, options);

  PlanningCriteriaSources sources;
  sources.boundaries = &boundary;
  sources.indicators = &data.indicators;
  sources.businessTypes = data.beneficiaries.mapping.has(ColumnRole::BusinessType);
  if (!flags.office.empty()) sources.office = projection.fromLonLat(parseLonLat(flags.office, "--office"));
  const std::string candidatesColumnName = flags.candidatesColumn.empty() ? "candidates" : flags.candidatesColumn;
  sources.candidatesColumn = candidatesColumnName;
  if (!flags.candidates.empty()) {
    TableReadOptions readOptions;
    readOptions.knownHeaders = allRecognisedHeaders();
    readOptions.knownHeaders.push_back(normaliseHeader(candidatesColumnName));
    const Table table = readTable(flags.candidates, readOptions);
    const ColumnMapping mapping = guessColumnMapping(table, ListKind::PolygonTable);
    const PolygonTableJoin join = joinPolygonTable(table, mapping, context.matcher());
    if (join.matched == 0)
      throw InputError(flags.candidates, "no row matches a polygon of " + fileNameOf(boundary.path) + " by code or name");
    const int candidatesColumn = table.columnIndex(candidatesColumnName);
    if (candidatesColumn < 0 && candidatesColumnName != "candidates" && !flags.candidatesFallback)
      throw InputError(flags.candidates, "no column named '" + candidatesColumnName +
                                             "' (the candidates column of the scenario or --candidates-column)");
    sources.hasTable = true;
    std::string numericNames;
    for (size_t c = 0; c < table.columnCount(); ++c) {
      const int column = static_cast<int>(c);
      if (isKeyColumn(mapping, column) && column != candidatesColumn) continue;
      size_t numbers = 0, others = 0;
      for (size_t r = 0; r < table.rowCount(); ++r) {
        const std::string_view cell = table.cell(r, c);
        if (trim(cell).empty()) continue;
        double v;
        (parseAmount(cell, v) ? numbers : others)++;
      }
      // The candidates column is used whatever else it holds (non-numbers are missing values);
      // other columns only when every filled cell is a number.
      if (column != candidatesColumn && (numbers == 0 || others > 0)) continue;
      if (column == candidatesColumn && others > 0)
        std::fprintf(log, "candidates: %s: %zu cells of column '%s' are not numbers (missing values)\n",
                     fileNameOf(flags.candidates).c_str(), others, table.columns[c].c_str());
      sources.tableColumns.push_back({table.columns[c], polygonTableColumn(table, join, column)});
      numericNames += (numericNames.empty() ? "" : ", ") + table.columns[c];
    }
    if (candidatesColumn < 0 && flags.candidatesFallback) {
      sources.candidatesColumn = defaultCandidatesColumn(sources.tableColumns, "", flags.populationColumn);
      if (!sources.candidatesColumn.empty())
        std::fprintf(log, "candidates: %s: no column '%s'; column '%s' used\n", fileNameOf(flags.candidates).c_str(),
                     candidatesColumnName.c_str(), sources.candidatesColumn.c_str());
    }
    std::fprintf(log, "candidates: %s: %zu rows, %zu joined to polygons, %zu unmatched; numeric columns: %s\n",
                 fileNameOf(flags.candidates).c_str(), table.rowCount(), join.matched, join.unmatched.size(),
                 numericNames.empty() ? "none" : numericNames.c_str());
  }
  data.criteria = buildPlanningCriteria(sources);
  for (const auto& column : sources.tableColumns)
    if (!sources.candidatesColumn.empty() && column.name.size() == sources.candidatesColumn.size() &&
        std::equal(column.name.begin(), column.name.end(), sources.candidatesColumn.begin(),
                   [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b)); }))
      data.candidatesColumn = column.name;
  for (const auto& note : data.criteria.notes) std::fprintf(log, "criteria: %s\n", note.c_str());
  return data;
}

bool takeScoreOverlay(std::vector<std::string>& overlays) {
  const auto before = overlays.size();
  overlays.erase(std::remove_if(overlays.begin(), overlays.end(), [](const std::string& o) { return trim(o) == "score"; }),
                 overlays.end());
  return overlays.size() != before;
}

ScoreOverlay scoreOverlayFor(const MapDocument& doc, const MapView& view, const std::string& beneficiariesPath,
                             const std::string& mentorsPath, double radiusKm, const PlanningFlags& flags,
                             bool withLegend, std::FILE* log) {
  if (!doc.boundary() || !doc.projection) throw PlanningError("the score overlay needs a boundary (polygon) layer");
  std::optional<MapDocument> other;
  const MapDocument* project = doc.projectPath.empty() ? nullptr : &doc;
  if (!flags.project.empty()) {
    other = loadProject(flags.project, LoadFor::Analysis);
    project = &*other;
  }
  const ResolvedPlanning planning = resolvePlanningSettings(flags, project);
  if (!(radiusKm > 0)) radiusKm = planning.scenarioRadiusKm.value_or(5.0);
  PlanningFlags resolved = flags;
  resolved.candidatesColumn = planning.candidatesColumn;
  const PlanningData data =
      loadPlanningData(*doc.boundary(), *doc.projection, beneficiariesPath, mentorsPath, radiusKm, resolved, log);
  checkPlanningSettings(data.criteria, planning.settings);
  const SuitabilityResult result = scoreSuitability(data.criteria.input, planning.settings);
  size_t excluded = 0;
  for (const auto& p : result.polygons) excluded += p.excluded;
  std::fprintf(log, "score: %zu polygons, %zu excluded; weights as shares:", result.polygons.size(), excluded);
  for (size_t c = 0; c < result.criteria.size(); ++c)
    std::fprintf(log, " %s %.1f%%", result.criteria[c].c_str(), result.sharesPercent[c]);
  std::fprintf(log, "\n");
  ScoreOverlayOptions options;
  options.legend = withLegend;
  return buildScoreOverlay(result, view, options);
}

PlanningFlags planningFlagsFor(const Scenario& scenario, const ProgrammeSources& sources) {
  PlanningFlags flags;
  if (sources.polygonTable.present()) flags.candidates = sources.polygonTable.path;
  flags.candidatesColumn = scenario.candidatesColumn;
  return flags;
}

SuitabilityResult scoreScenario(const PlanningData& data, const Scenario& scenario) {
  SuitabilitySettings settings = scenario.suitability;
  auto unavailable = [&](const CriterionSetting& c) {
    for (const auto& values : data.criteria.input.criteria)
      if (values.name == c.name) return false;
    return true;
  };
  // Weight-0 rows are the panel's; the unnamed default scenario takes the criteria the data gives.
  settings.criteria.erase(std::remove_if(settings.criteria.begin(), settings.criteria.end(),
                                         [&](const CriterionSetting& c) {
                                           return !(c.weight > 0) || (scenario.name.empty() && unavailable(c));
                                         }),
                          settings.criteria.end());
  settings.perturbations = 0;
  checkPlanningSettings(data.criteria, settings);
  return scoreSuitability(data.criteria.input, settings);
}

MapScore scoreOfMapState(const MapDocument& doc, const ScoreMapSettings& score, std::FILE* log) {
  const std::string file = doc.projectPath.empty() ? std::string("the map") : doc.projectPath;
  if (!doc.boundary() || !doc.projection) throw InputError(file, "the score overlay needs a boundary (polygon) layer");
  MapScore out;
  ProgrammeSources sources;
  try {
    std::vector<Scenario> scenarios;
    if (doc.extraSections.is_object() && doc.extraSections.contains("scenarios"))
      scenarios = scenariosFromJson(doc.extraSections.at("scenarios"));
    out.scenario = scoreScenarioOf(score, scenarios);
    sources = programmeSourcesOf(doc);
  } catch (const std::exception& e) {
    throw InputError(file, e.what());
  }
  if (!sources.beneficiaries.present())
    throw InputError(file, "the score overlay needs the programme's beneficiary list (\"programme\" section)");
  const PlanningData data =
      loadPlanningData(*doc.boundary(), *doc.projection, sources.beneficiaries.path,
                       sources.mentors.present() ? sources.mentors.path : "", out.scenario.radiusKm,
                       planningFlagsFor(out.scenario, sources), log);
  try {
    out.result = scoreScenario(data, out.scenario);
  } catch (const PlanningError& e) {
    throw InputError(file, "scenario '" + out.scenario.name + "': " + e.what());
  }
  return out;
}

ScoreOverlay scoreOverlayOf(const MapScore& score, const ScoreMapSettings& settings, const MapProjection& projection,
                            const MapView& view, bool legend) {
  ScoreOverlayOptions options;
  options.language = language();
  options.legend = legend;
  if (settings.proposedSites)
    for (const ProposedSite& site : score.scenario.proposedSites) options.sites.push_back(projection.fromLonLat({site.lon, site.lat}));
  return buildScoreOverlay(score.result, view, options);
}

}  // namespace pk
