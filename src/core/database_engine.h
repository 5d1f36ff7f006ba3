// `stats --engine database|local|auto`: where a beneficiary list that lives in PostGIS is counted.
//   local:    the list's rows are streamed out (server-side cursor through GDAL, only the columns the
//             import uses) and placed by our own PlacementContext, as a file would be.
//   database: the point-in-polygon count runs in PostGIS (one query on the GiST index) for the points
//             that lie well inside exactly one polygon; every other row (near or on a border, outside,
//             covered twice, no geometry) is sent back and placed locally with the local rule. So
//             both engines give the same table by construction.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "core/programme_data.h"
#include "core/table_io.h"

namespace pk {

enum class StatsEngine { Auto, Database, Local };

// "auto", "database", "local" -> engine; false for anything else.
bool parseStatsEngine(const std::string& text, StatsEngine& engine);

// Why auto takes the local engine: it was faster at every size measured (bench/database.sh).
inline constexpr const char* kAutoEngineWhy = "faster at every size measured: 10M rows in 26 s, the database engine 143 s";

struct EngineChoice {
  StatsEngine engine = StatsEngine::Local;
  std::string why;  // for the "engine: ... (why)" stderr line
};

// Decides where to count. Throws InputError (naming the source) when `requested` is Database and the
// sources cannot use it: the list is not a database table, or the two tables are not in the same
// database (same connection apart from tables=).
EngineChoice chooseStatsEngine(StatsEngine requested, const std::string& boundaries, const std::string& beneficiaries);

// The list table as stats reads it: readDatabaseTable (the one database reader, the same cells as
// readTable) with only the columns stats uses filled, the others empty (names and NIK stay in the
// database). `where` (SQL on the table aliased p, empty = all rows) selects rows.
Table readDatabaseList(const std::string& source, const std::string& where = "");
// The same rows handed to `sink` a chunk at a time (the local engine: memory stays one chunk).
void readDatabaseListChunks(const std::string& source, const TableChunkSink& sink);

// The beneficiaries of `listSource` placed in the boundary table `boundarySource` (same database),
// counted in PostGIS as described above. Returns nullopt with `fallbackWhy` set when the database
// cannot give the same result as the local engine (ids repeated, no point geometry, no primary key,
// mentor-linked columns needed); the caller then uses the local engine.
std::optional<BeneficiaryList> importBeneficiariesInDatabase(const std::string& boundarySource,
                                                             const std::string& listSource,
                                                             const PlacementContext& context,
                                                             const BusinessCategories& categories,
                                                             std::string& fallbackWhy);

}  // namespace pk
