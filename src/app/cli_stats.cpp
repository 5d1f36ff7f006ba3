// `prokus-map stats`: the per-polygon indicator table as CSV on stdout, an import summary on stderr.
#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

#include "app/cli.h"
#include "core/safe_write.h"
#include "core/business_categories.h"
#include "core/column_mapping.h"
#include "core/database_engine.h"
#include "core/database_output.h"
#include "core/database_source.h"
#include "core/indicator_input.h"
#include "core/indicators.h"
#include "core/layer_io.h"
#include "core/programme_data.h"
#include "core/programme_project.h"
#include "core/projection.h"
#include "core/table_io.h"

namespace pk {

namespace {

std::string fileNameOf(const std::string& path) { return std::filesystem::path(path).filename().string(); }

int badInput(const std::string& line) {
  std::fprintf(stderr, "prokus-map stats: %s\n", line.c_str());
  return kExitBadInput;
}

// The beneficiaries, counted where --engine says (database lists) or read from the file; says which on stderr.
BeneficiaryList importBeneficiaryList(StatsEngine requested, const std::string& boundaries,
                                      const std::string& beneficiaries, bool withMentors,
                                      const PlacementContext& context, const BusinessCategories& categories) {
  if (!isDatabaseSource(beneficiaries) && requested == StatsEngine::Auto)
    return importBeneficiaryFile(beneficiaries, context, categories);  // a file: no engine to choose
  EngineChoice choice = chooseStatsEngine(requested, boundaries, beneficiaries);
  if (choice.engine == StatsEngine::Database && withMentors) {
    // Distances to mentors need every beneficiary's position: that is the local engine's work.
    choice = {StatsEngine::Local, "the database engine does not do mentor distances; --mentors counts locally"};
  }
  if (choice.engine == StatsEngine::Database) {
    std::string fallbackWhy;
    if (auto list = importBeneficiariesInDatabase(boundaries, beneficiaries, context, categories, fallbackWhy)) {
      std::fprintf(stderr, "engine: database (%s)\n", choice.why.c_str());
      return std::move(*list);
    }
    choice = {StatsEngine::Local, "the database engine cannot give the same table: " + fallbackWhy};
  }
  std::fprintf(stderr, "engine: local (%s)\n", choice.why.c_str());
  if (!isDatabaseSource(beneficiaries)) return importBeneficiaryFile(beneficiaries, context, categories);
  return importBeneficiaryChunks(
      beneficiaries, [&](const TableChunkSink& sink) { readDatabaseListChunks(beneficiaries, sink); }, context,
      categories);
}

}  // namespace

int runStatsVerb(int argc, char** argv) {
  CLI::App app{"Per-polygon programme indicators as CSV (comma, decimal point) on stdout", "prokus-map stats"};
  std::string boundaries, beneficiaries, mentors, population, populationColumn;
  double radiusKm = 5;
  int threads = 0;
  std::string outConnection, outTable;
  bool overwrite = false;
  std::string engineName = "auto";
  BoundaryFieldFlags fields;
  app.add_option("--boundaries", boundaries, "polygon layer (kecamatan or desa): SHP, GPKG, GeoJSON, ...")
      ->required();
  app.add_option("--beneficiaries", beneficiaries, "beneficiary (KPM) list: CSV, XLSX, ODS, GPKG, GeoJSON")
      ->required();
  app.add_option("--mentors", mentors, "mentor list (adds mentor, distance and coverage columns)");
  app.add_option("--radius-km", radiusKm, "coverage radius around each mentor in km (default 5)");
  app.add_option("--population", population, "per-polygon table joined by code or name, for rates per 1,000");
  app.add_option("--population-column", populationColumn, "column of --population holding the population");
  app.add_option("--threads", threads, "worker threads (default: all cores)");
  app.add_option("--out", outConnection,
                 "write the table into a database instead of stdout: PG:\"service=...\" (with --out-table)");
  app.add_option("--out-table", outTable, "schema.table for --out (the schema must exist)");
  app.add_option("--engine", engineName,
                 "where a database list is counted: database (PostGIS), local (rows streamed out), auto "
                 "(default: local, faster at every size measured)");
  app.add_flag("--overwrite", overwrite, "replace --out-table if an earlier stats run wrote it");
  fields.addTo(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e) == 0 ? kExitOk : kExitBadInput;
  } catch (const CLI::ParseError& e) {
    return badInput(e.what());
  }
  if (!(radiusKm > 0) || !std::isfinite(radiusKm)) return badInput("--radius-km must be a positive number of km");
  if (population.empty() != populationColumn.empty())
    return badInput("--population and --population-column go together");
  if (outConnection.empty() != outTable.empty()) return badInput("--out and --out-table go together");
  if (overwrite && outConnection.empty()) return badInput("--overwrite needs --out and --out-table");
  StatsEngine requestedEngine = StatsEngine::Auto;
  if (!parseStatsEngine(engineName, requestedEngine))
    return badInput("--engine takes database, local or auto, not '" + engineName + "'");
  if (!outConnection.empty()) {
    if (!isDatabaseSource(outConnection))
      return badInput(outConnection + ": --out takes a database connection (PG:\"service=...\"); files go to stdout");
    if (const std::string problem = outputTableNameProblem(outTable); !problem.empty())
      return badInput(redactSource(outConnection) + ": " + problem);
  }

  try {
    initGdal();
    {
      InputFiles inputs;  // the table goes to stdout: never onto a list or layer this run reads
      for (const std::string* file : {&boundaries, &beneficiaries, &mentors, &population})
        if (!file->empty()) inputs.addDataset(*file);
      if (outConnection.empty()) inputs.checkStandardOutput();
    }
    const BBox extent = lonLatExtentOf(boundaries);
    const MapProjection projection(mapCrsEpsgFor(extent));
    const LayerPtr layer = loadBoundaryLayer(boundaries, projection);
    fields.applyTo(*layer);
    printLoadWarnings("stats", *layer);
    const PlacementContext context(*layer, projection, threads);
    const BusinessCategories categories = BusinessCategories::defaults();

    const BeneficiaryList beneficiaryList = importBeneficiaryList(requestedEngine, boundaries, beneficiaries,
                                                                  !mentors.empty(), context, categories);
    std::fprintf(stderr, "beneficiaries: %s\n", beneficiaryList.summary.oneLine().c_str());
    if (beneficiaryList.summary.placed() == 0)
      return badInput(fileNameOf(beneficiaries) + ": no row could be placed in " + fileNameOf(boundaries));

    std::optional<MentorList> mentorList;
    MentorPoints mentorPoints;
    if (!mentors.empty()) {
      mentorList = importMentorFile(mentors, context);
      std::fprintf(stderr, "mentors: %s\n", mentorList->summary.oneLine().c_str());
      if (mentorList->summary.placed() == 0)
        return badInput(fileNameOf(mentors) + ": no mentor could be placed in " + fileNameOf(boundaries));
      mentorPoints = mentorPointsOf(*mentorList);
      size_t approximate = 0;
      for (auto a : mentorPoints.approximate) approximate += a;
      if (approximate > 0)
        std::fprintf(stderr, "mentors: %zu placed by name sit at their polygon's label point (approximate)\n",
                     approximate);
    }

    IndicatorOptions options;
    options.radiusKm = radiusKm;
    options.threads = threads;
    if (!population.empty()) {
      const PopulationTable table = readPopulationTable(population, populationColumn, std::nullopt, *layer, context.matcher());
      printProgrammeNotes(table.notes, "population");
      if (!table.population.empty()) {
        options.population = table.population;
        size_t usable = 0;
        for (double v : options.population) usable += hasValue(v) && v > 0;
        std::fprintf(stderr,
                     "population: %s: %zu rows, %zu joined to polygons, %zu unmatched, %zu polygons with a value\n",
                     fileNameOf(population).c_str(), table.rows, table.join.matched, table.join.unmatched.size(), usable);
      }
    }

    const BeneficiaryPoints points =
        beneficiaryPointsOf(beneficiaryList, categories, mentorList ? &*mentorList : nullptr, threads);
    const IndicatorTable indicators = computeIndicators(*layer, points, mentorList ? &mentorPoints : nullptr, options);
    const TextTable text = indicatorTextTable(*layer, indicators, points, '.');
    if (!outConnection.empty()) {
      writeTableToDatabase(outConnection, outTable, text, *layer, projection, overwrite, {"stats", "--overwrite"});
      std::fprintf(stderr, "table: %zu rows written to %s in %s\n", text.rows.size(), outTable.c_str(),
                   redactSource(outConnection).c_str());
      return kExitOk;
    }
    const std::string csv = toCsv(text, ',');
    if (std::fwrite(csv.data(), 1, csv.size(), stdout) != csv.size() || std::fflush(stdout) != 0) {
      std::fprintf(stderr, "prokus-map stats: could not write the table to stdout\n");
      return kExitFailure;
    }
    return kExitOk;
  } catch (const InputError& e) {
    return badInput(e.what());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "prokus-map stats: %s\n", e.what());
    return kExitFailure;
  }
}

}  // namespace pk
