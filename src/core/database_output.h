// Results back into PostGIS: the per-polygon indicator table as a table of a schema the planner
// names, with each polygon's geometry in EPSG:4326 so QGIS users can map it. Written through GDAL's
// PostgreSQL driver in one transaction: a failed write leaves no half table and the old one intact.
// Tables written here carry a comment (kWrittenByMarker ...) so that overwriting replaces only them.
#pragma once
#include <string>

#include "core/indicators.h"

namespace pk {

struct Layer;
class MapProjection;

// The prefix of the COMMENT ON TABLE this program puts on the tables it writes.
inline constexpr const char* kWrittenByMarker = "written by prokus-map";

// "schema.table" with plain lower-case identifiers ([a-z_][a-z0-9_]*): the names the planner gives.
// Returns an empty string when fine, else the problem (for a one-line message).
std::string outputTableNameProblem(const std::string& qualifiedName);

// Writes `table` (header + rows, already privacy-checked by the caller) into `connection`
// (a PG: source; its tables= is ignored) as `qualifiedName` ("schema.table"). Columns whose every
// non-empty cell is a whole number become integer (bigint), other numeric ones double precision,
// the rest text; empty cells are NULL. Each row gets its feature's polygon (table.featureOfRow) from
// `boundaries`, taken back from the map CRS of `projection` to EPSG:4326, in column `geom`.
// Who writes, in the caller's own words: the program part named in the table comment (e.g.
// "stats") and how the planner asks for a replacement there ("--overwrite", or the window's
// checkbox), which the message about an existing table names.
struct DatabaseWriter {
  std::string part;
  std::string replaceOption;
};
// Throws InputError naming the connection (redacted) for: a missing schema, an existing table
// without `overwrite`, an existing table not written by this program, a failed connection or write.
void writeTableToDatabase(const std::string& connection, const std::string& qualifiedName, const TextTable& table,
                          const Layer& boundaries, const MapProjection& projection, bool overwrite,
                          const DatabaseWriter& writer);

}  // namespace pk
