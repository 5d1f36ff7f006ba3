// The tables a PostgreSQL/PostGIS database offers, for the window's "Open from database" dialog:
// read through GDAL's PG driver (no client library of ours), read-only. No GUI code here.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace pk {

// What the dialog's connection fields hold. Never a password: libpq takes it from ~/.pgpass,
// the service file or PGPASSWORD.
struct DatabaseConnectionFields {
  std::string service, host, port, dbname, user;
};

// "PG:service=NAME" or "PG:host=... port=... dbname=... user=..." from the non-empty fields
// (trimmed, quoted where needed). Empty when every field is empty.
std::string databaseConnectionSource(const DatabaseConnectionFields& fields);

// How a table can be opened: with a geometry column (a map layer or a point list), or as a plain
// table whose rows are placed by lon/lat columns or by kecamatan/desa names or codes.
enum class CatalogTableKind { Geometry, LonLatColumns, NameColumns, NoGeometry };

struct CatalogTable {
  std::string schema, table;
  CatalogTableKind kind = CatalogTableKind::NoGeometry;
  std::string geometryColumn;  // empty without geometry
  std::string geometryType;    // OGC name as in geometry_columns, spelled "MultiPolygon", "Point", ...
  int srid = 0;
  long long rowEstimate = -1;  // pg_class.reltuples; -1: unknown (never analysed)

  std::string qualifiedName() const { return schema + "." + table; }
};

// Every table and view of the database outside the system schemas (and PostGIS's own), spatial
// ones first in their geometry columns (a table with two geometry columns is listed twice), each
// ordered by schema.table. Throws InputError naming the redacted connection for a refused
// connection, a wrong password, a missing database and the like.
std::vector<CatalogTable> listDatabaseTables(const std::string& connection);

// The tables whose "schema.table" contains `filter` (case-insensitive; blanks around it ignored),
// in their order. An empty filter keeps them all.
bool catalogTableMatches(const CatalogTable& table, std::string_view filter);
std::vector<CatalogTable> filterCatalogTables(const std::vector<CatalogTable>& tables, std::string_view filter);

// The source string that opens `table` (GDAL's tables=, with "(column)" when the table has
// several geometry columns), through databaseSourceForTable.
std::string databaseSourceForCatalogTable(const std::string& connection, const CatalogTable& table,
                                          const std::vector<CatalogTable>& allTables);

}  // namespace pk
