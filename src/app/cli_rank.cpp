// `prokus-map rank`: the suitability ranking of the boundary polygons as CSV on stdout, and with
// --new-sites P the greedy proposal of P mentor sites written to --sites-out. Import summaries,
// notes and coverage before/after go to stderr.
#include <CLI/CLI.hpp>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/cli.h"
#include "app/planning_cli.h"
#include "core/database_source.h"
#include "core/column_mapping.h"
#include "core/document_inputs.h"
#include "core/layer_io.h"
#include "core/map_document.h"
#include "core/project_file.h"
#include "core/projection.h"
#include "core/site_selection.h"
#include "core/table_io.h"

namespace pk {

namespace {

std::string fileNameOf(const std::string& path) { return sourceName(path); }

int badInput(const std::string& line) {
  std::fprintf(stderr, "prokus-map rank: %s\n", line.c_str());
  return kExitBadInput;
}

std::string fixed(double v, int decimals) {
  if (std::isnan(v)) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  if (s.find_first_not_of("-0.") == std::string::npos && s.front() == '-') s.erase(0, 1);  // no "-0.0000"
  return s;
}

// The ranked table: rank,code,name,score,c_NAME...,excluded[,stable_top_N].
TextTable rankingTable(const PlanningCriteria& criteria, const SuitabilityResult& result, int sensitivityTop) {
  TextTable t;
  t.header = {"rank", "code", "name", "score"};
  for (const auto& c : result.criteria) t.header.push_back("c_" + c);
  t.header.push_back("excluded");
  if (sensitivityTop > 0) t.header.push_back("stable_top_" + std::to_string(sensitivityTop));
  for (int index : result.order) {
    const PolygonScore& p = result.polygons[index];
    std::vector<std::string> row;
    row.push_back(p.excluded ? "" : std::to_string(p.rank));
    row.push_back(p.code);
    row.push_back(criteria.names[index]);
    row.push_back(p.excluded ? "" : fixed(p.score, 4));
    for (double c : p.contributions) row.push_back(p.excluded ? "" : fixed(c, 4));
    row.push_back(p.exclusionReason);
    if (sensitivityTop > 0) row.push_back(p.excluded ? "" : fixed(p.topShare, 3));
    t.rows.push_back(std::move(row));
    t.featureOfRow.push_back(index);
  }
  return t;
}

// Candidate sites from a point file GDAL reads or a table with lon/lat columns, in file order.
std::vector<Vec2> readSitePoints(const std::string& path, const MapProjection& projection) {
  TableReadOptions options;
  options.knownHeaders = allRecognisedHeaders();
  const Table table = readTable(path, options);
  const ColumnMapping mapping = guessColumnMapping(table, ListKind::Mentors);
  if (!mapping.has(ColumnRole::Lon) || !mapping.has(ColumnRole::Lat))
    throw InputError(path, "no point geometry and no lon/lat columns (lon, lng, longitude, x, bujur / lat, latitude, y, lintang)");
  std::vector<Vec2> out;
  size_t skipped = 0;
  for (size_t r = 0; r < table.rowCount(); ++r) {
    double lon = 0, lat = 0;
    if (!parseCoordinate(table.cell(r, mapping[ColumnRole::Lon]), lon) ||
        !parseCoordinate(table.cell(r, mapping[ColumnRole::Lat]), lat) || lon < -180 || lon > 180 || lat < -90 ||
        lat > 90) {
      ++skipped;
      continue;
    }
    out.push_back(projection.fromLonLat({lon, lat}));
  }
  if (out.empty()) throw InputError(path, "no row has usable lon/lat degrees (" + std::to_string(skipped) + " rows skipped)");
  if (skipped > 0)
    std::fprintf(stderr, "sites: %s: %zu rows without usable lon/lat degrees skipped\n", fileNameOf(path).c_str(), skipped);
  return out;
}

std::string percent(double part, double whole) { return whole > 0 ? fixed(100.0 * part / whole, 1) + "%" : "-"; }

// The first line of the sites CSV this verb writes: a file that starts with it (or with the header
// of earlier versions, without the places) may be replaced.
constexpr const char* kSitesHeader = "order,lon,lat,newly_covered,kecamatan,desa";
constexpr const char* kSitesHeaderWithoutPlaces = "order,lon,lat,newly_covered";

bool isSitesCsv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string first;
  std::getline(in, first);
  if (!first.empty() && first.back() == '\r') first.pop_back();
  return in && (first == kSitesHeader || first == kSitesHeaderWithoutPlaces);
}

}  // namespace

int runRankVerb(int argc, char** argv) {
  CLI::App app{"Suitability ranking of the boundary polygons as CSV (comma, decimal point) on stdout; optionally "
               "proposed mentor sites (greedy maximal covering)",
               "prokus-map rank"};
  std::string boundaries, beneficiaries, mentors, sitesOut, sitesFrom;
  double radiusKm = 5;
  int newSites = 0;
  bool overwrite = false;
  PlanningFlags flags;
  BoundaryFieldFlags fields;
  app.add_option("--boundaries", boundaries, "polygon layer (kecamatan or desa); default: the boundary of --project");
  app.add_option("--beneficiaries", beneficiaries, "beneficiary (KPM) list: CSV, XLSX, ODS, GPKG, GeoJSON")->required();
  app.add_option("--mentors", mentors, "existing mentors (without: no mentors, nobody is covered)");
  fields.addTo(app);
  app.add_option("--radius-km", radiusKm, "coverage radius R in km, for coverage_gap and new sites (default 5)");
  addPlanningFlags(app, flags);
  app.add_option("--sensitivity-top", flags.sensitivityTop,
                 "adds a column stable_top_N: the share of 1,000 seeded +-10% weight perturbations in which the "
                 "polygon ranks in the top N");
  app.add_option("--new-sites", newSites, "propose P new mentor sites (needs --sites-out)");
  app.add_option("--sites-out", sitesOut, "CSV to write the proposed sites to: order,lon,lat,newly_covered,kecamatan,desa");
  app.add_flag("--overwrite", overwrite,
               "let --sites-out replace an existing file that is not a sites CSV this program wrote (never an input)");
  app.add_option("--sites-from", sitesFrom,
                 "candidate sites: a point file GDAL reads or a table with lon/lat columns (default: a 1 km grid "
                 "inside the boundaries)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e) == 0 ? kExitOk : kExitBadInput;
  } catch (const CLI::ParseError& e) {
    std::string msg = e.what();
    if (auto nl = msg.find('\n'); nl != std::string::npos) msg.resize(nl);
    return badInput(msg + " (see 'prokus-map rank --help')");
  }
  const bool radiusGiven = app.count("--radius-km") > 0;
  if (!(radiusKm > 0) || !std::isfinite(radiusKm)) return badInput("--radius-km must be a positive number of km");
  if (app.count("--new-sites") && newSites < 1) return badInput("--new-sites must be at least 1");
  if (newSites > 0 && sitesOut.empty()) return badInput("--new-sites needs --sites-out FILE");
  // --sites-out alone takes P from --scenario (checked once the scenario is read).
  if (newSites == 0 && !sitesOut.empty() && flags.scenario.empty()) return badInput("--sites-out needs --new-sites P");
  if (!sitesFrom.empty() && sitesOut.empty()) return badInput("--sites-from needs --new-sites P and --sites-out FILE");
  if (boundaries.empty() && flags.project.empty()) return badInput("--boundaries is required (or --project)");
  if (!sitesOut.empty()) {
    namespace fs = std::filesystem;
    std::string extension = fs::path(sitesOut).extension().string();
    for (char& c : extension) c = char(std::tolower(static_cast<unsigned char>(c)));
    if (extension != ".csv") return badInput(sitesOut + ": --sites-out writes a CSV; give a file name ending in .csv");
    std::error_code ec;
    if (fs::is_directory(sitesOut, ec)) return badInput(sitesOut + ": is a folder, not a file name");
    try {
      checkWritableFolder(fs::absolute(sitesOut).parent_path().string());
    } catch (const InputError& e) {
      return badInput(sitesOut + ": " + e.what());
    }
  }

  try {
    initGdal();
    {
      InputFiles inputs;  // the ranking goes to stdout: never onto a file this run reads
      for (const std::string* file : {&boundaries, &beneficiaries, &mentors, &sitesFrom, &flags.candidates, &flags.project})
        if (!file->empty()) inputs.addDataset(*file);
      inputs.checkStandardOutput();
    }
    std::optional<MapDocument> project;
    if (!flags.project.empty()) project = loadProject(flags.project, LoadFor::Analysis);
    if (project) printLoadWarnings("rank", *project);
    const ResolvedPlanning planning = resolvePlanningSettings(flags, project ? &*project : nullptr);
    if (!radiusGiven && planning.scenarioRadiusKm) radiusKm = *planning.scenarioRadiusKm;
    if (newSites == 0 && !sitesOut.empty()) {
      if (!planning.scenarioNewSites || *planning.scenarioNewSites < 1)
        return badInput("--sites-out needs --new-sites P (scenario '" + flags.scenario + "' proposes no sites)");
      newSites = *planning.scenarioNewSites;
    }

    std::unique_ptr<MapProjection> ownProjection;
    LayerPtr ownLayer;
    const Layer* layer = nullptr;
    const MapProjection* projection = nullptr;
    if (!boundaries.empty()) {
      const BBox extent = lonLatExtentOf(boundaries);
      ownProjection = std::make_unique<MapProjection>(mapCrsEpsgFor(extent));
      ownLayer = loadBoundaryLayer(boundaries, *ownProjection);
      fields.applyTo(*ownLayer);
      printLoadWarnings("rank", *ownLayer);
      layer = ownLayer.get();
      projection = ownProjection.get();
    } else {
      if (!project->boundary() || !project->projection)
        throw InputError(flags.project, "has no boundary (polygon) layer; give --boundaries");
      fields.applyTo(*project->boundary());
      layer = project->boundary();
      projection = project->projection.get();
    }

    if (!sitesOut.empty()) {
      // Never write over what this run reads, --overwrite or not.
      InputFiles inputs;
      if (project) addDocumentInputs(*project, inputs);
      for (const std::string* file : {&boundaries, &beneficiaries, &mentors, &sitesFrom, &flags.candidates, &flags.project})
        if (!file->empty()) inputs.addDataset(*file);
      inputs.checkOutput(sitesOut);
      if (!overwrite && std::filesystem::exists(sitesOut) && !isSitesCsv(sitesOut))
        return badInput(sitesOut + ": exists and is not a sites CSV written by prokus-map; it is left alone "
                                   "(give --overwrite to replace it)");
    }
    flags.candidatesColumn = planning.candidatesColumn;  // the flag, else the scenario's
    const PlanningData data = loadPlanningData(*layer, *projection, beneficiaries, mentors, radiusKm, flags, stderr);
    checkPlanningSettings(data.criteria, planning.settings);
    const SuitabilityResult result = scoreSuitability(data.criteria.input, planning.settings);
    size_t excluded = 0;
    for (const auto& p : result.polygons) excluded += p.excluded;
    if (excluded == result.polygons.size())
      std::fprintf(stderr, "rank: every polygon is excluded (see the excluded column)\n");
    else
      for (const auto& c : result.constantCriteria)
        std::fprintf(stderr, "rank: criterion %s is equal in every eligible polygon and contributes nothing\n", c.c_str());
    std::fprintf(stderr, "rank: %zu polygons, %zu ranked, %zu excluded; weights as shares:", result.polygons.size(),
                 result.polygons.size() - excluded, excluded);
    for (size_t c = 0; c < result.criteria.size(); ++c)
      std::fprintf(stderr, " %s %s%%", result.criteria[c].c_str(), fixed(result.sharesPercent[c], 1).c_str());
    std::fprintf(stderr, "\n");

    // The proposal before any output, so a bad --sites-from leaves stdout empty.
    if (newSites > 0) {
      CoverageProblem problem;
      problem.radius = radiusKm * 1000;
      problem.newSites = newSites;
      for (const Vec2& p : data.points.position)
        if (hasPosition(p)) problem.beneficiaries.push_back(p);
      for (const Vec2& m : data.mentorPoints.position)
        if (hasPosition(m)) problem.existingMentors.push_back(m);
      std::string candidateSource;
      if (sitesFrom.empty()) {
        std::vector<MultiPolygon> areas;
        for (const auto& f : layer->features) areas.push_back(f.polygon);
        problem.candidates = gridCandidates(areas, 1000);
        candidateSource = "the 1 km grid inside the boundaries";
      } else {
        problem.candidates = readSitePoints(sitesFrom, *projection);
        candidateSource = fileNameOf(sitesFrom);
      }
      const SiteSelection sel = selectSitesGreedy(problem);
      // The places the sites fall in: the boundary first, then the project's other polygon layers.
      std::vector<const Layer*> placeLayers{layer};
      if (project)
        for (const auto& other : project->layers)
          if (other && other.get() != layer) placeLayers.push_back(other.get());
      std::vector<Vec2> picked;
      for (int pick : sel.picks) picked.push_back(problem.candidates[pick]);
      const std::vector<SiteLocation> places = locateSites(picked, placeLayers);
      TextTable sitesTable;
      sitesTable.header = {"order", "lon", "lat", "newly_covered", "kecamatan", "desa"};
      for (size_t k = 0; k < sel.picks.size(); ++k) {
        const Vec2 ll = projection->toLonLat(picked[k]);
        sitesTable.rows.push_back({std::to_string(k + 1), fixed(ll.x, 6), fixed(ll.y, 6), fixed(sel.newlyCovered[k], 0),
                                   places[k].kecamatan, places[k].desa});
      }
      writeFileAtomically(sitesOut, toCsv(sitesTable, ','));
      const size_t byName = data.points.size() - problem.beneficiaries.size();
      std::fprintf(stderr, "sites: %zu of %d proposed from %zu candidates (%s), R = %s km, %zu existing mentors%s\n",
                   sel.picks.size(), newSites, problem.candidates.size(), candidateSource.c_str(),
                   fixed(radiusKm, 3).c_str(), problem.existingMentors.size(),
                   sel.stoppedEarly ? "; stopped early: no candidate covers anyone new" : "");
      std::fprintf(stderr, "coverage before: %.0f of %.0f beneficiaries placed by coordinates (%s); after: %.0f (%s)%s\n",
                   sel.coveredBefore, sel.totalWeight, percent(sel.coveredBefore, sel.totalWeight).c_str(),
                   sel.coveredAfter, percent(sel.coveredAfter, sel.totalWeight).c_str(),
                   byName ? (" (" + std::to_string(byName) + " placed by name have no position and are not counted)").c_str()
                          : "");
      std::fprintf(stderr, "wrote %s\n", sitesOut.c_str());
    }

    const std::string csv = toCsv(rankingTable(data.criteria, result, flags.sensitivityTop), ',');
    if (std::fwrite(csv.data(), 1, csv.size(), stdout) != csv.size() || std::fflush(stdout) != 0) {
      std::fprintf(stderr, "prokus-map rank: could not write the table to stdout\n");
      return kExitFailure;
    }
    return kExitOk;
  } catch (const PlanningError& e) {
    return badInput(e.what());
  } catch (const InputError& e) {
    return badInput(e.what());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "prokus-map rank: %s\n", e.what());
    return kExitFailure;
  }
}

}  // namespace pk
