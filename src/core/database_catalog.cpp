#include "core/database_catalog.h"

#include <gdal.h>
#include <ogr_api.h>
#include <cpl_error.h>
#include <cpl_string.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <sstream>

#include "core/column_mapping.h"
#include "core/database_source.h"
#include "core/layer_io.h"

namespace pk {
namespace {

std::string trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// libpq's key=value quoting: values with blanks, quotes or backslashes go in '...'.
std::string quotedValue(const std::string& value) {
  const bool plain = !value.empty() && std::none_of(value.begin(), value.end(), [](char c) {
    return std::isspace(static_cast<unsigned char>(c)) || c == '\'' || c == '\\';
  });
  if (plain) return value;
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

// geometry_columns spells types "MULTIPOLYGON", "POINTM", ...; the dialog shows OGC's "MultiPolygon".
std::string ogcTypeName(const std::string& upper) {
  static const char* const kNames[] = {"GeometryCollection", "MultiLineString", "MultiPolygon", "MultiPoint",
                                       "LineString",         "Polygon",         "Point",        "Geometry",
                                       "MultiCurve",         "MultiSurface",    "CompoundCurve", "CurvePolygon",
                                       "CircularString",     "PolyhedralSurface", "Tin",        "Triangle"};
  for (const char* name : kNames) {
    const std::string key = lower(name);
    const std::string given = lower(upper);
    if (given.rfind(key, 0) == 0) {
      const std::string suffix = upper.substr(key.size());  // "", "M", "Z", "ZM"
      return name + (suffix.empty() ? std::string() : " " + suffix);
    }
  }
  return upper;
}

// The first line of GDAL's last error, with libpq's "PQconnectdb failed." preamble and any secret
// of `connection` removed: one line for the dialog and stderr.
std::string connectionProblem(const std::string& connection) {
  std::string message = CPLGetLastErrorMsg();
  std::vector<std::string> lines;
  std::stringstream in(message);
  for (std::string line; std::getline(in, line);) {
    line = trimmed(line);
    // libpq pads "FATAL:  password ..." with two blanks; one is enough on a single line.
    for (size_t at; (at = line.find("  ")) != std::string::npos;) line.erase(at, 1);
    if (line.empty() || line == "PQconnectdb failed." || line == "PQconnectdb failed") continue;
    lines.push_back(line);
  }
  // libpq's refusal puts a hint ("Is the server running...") on a second line; the first says it all.
  std::string problem = lines.empty() ? "cannot connect to the database" : lines.front();
  for (const auto& option : parseConnectionOptions(connection))
    if (option.key == "password" && !option.value.empty())
      for (size_t at; (at = problem.find(option.value)) != std::string::npos;) problem.replace(at, option.value.size(), "***");
  if (const char* envPassword = std::getenv("PGPASSWORD"); envPassword && *envPassword)
    for (size_t at; (at = problem.find(envPassword)) != std::string::npos;) problem.replace(at, std::strlen(envPassword), "***");
  return problem;
}

struct DatasetCloser {
  void operator()(void* ds) const { GDALClose(ds); }
};
using Dataset = std::unique_ptr<void, DatasetCloser>;

// Views and tables of the database, their geometry columns where PostGIS knows them, their
// planner statistics and column names. Spatial rows first; PostGIS's own relations and the
// system schemas are left out.
const char* const kCatalogSql = R"SQL(
WITH relations AS (
  SELECT c.oid, n.nspname AS schema_name, c.relname AS table_name, c.reltuples
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f')
    AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'topology', 'tiger', 'tiger_data')
    AND n.nspname NOT LIKE 'pg\_%'
    AND c.relname NOT IN ('spatial_ref_sys', 'geometry_columns', 'geography_columns', 'raster_columns',
                          'raster_overviews')
    AND has_table_privilege(c.oid, 'SELECT')
)
SELECT r.schema_name, r.table_name, g.f_geometry_column AS geometry_column, g.type AS geometry_type,
       g.srid, CASE WHEN r.reltuples < 0 THEN -1 ELSE r.reltuples::bigint END AS row_estimate,
       (SELECT string_agg(a.attname, chr(31) ORDER BY a.attnum) FROM pg_catalog.pg_attribute a
         WHERE a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped) AS column_names
FROM relations r
LEFT JOIN geometry_columns g ON g.f_table_schema = r.schema_name AND g.f_table_name = r.table_name
ORDER BY (g.f_geometry_column IS NULL), r.schema_name, r.table_name, g.f_geometry_column
)SQL";

// The same without PostGIS (no geometry_columns): every table is a plain one.
const char* const kPlainCatalogSql = R"SQL(
SELECT n.nspname AS schema_name, c.relname AS table_name, NULL::text AS geometry_column,
       NULL::text AS geometry_type, 0 AS srid,
       CASE WHEN c.reltuples < 0 THEN -1 ELSE c.reltuples::bigint END AS row_estimate,
       (SELECT string_agg(a.attname, chr(31) ORDER BY a.attnum) FROM pg_catalog.pg_attribute a
         WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS column_names
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
  AND has_table_privilege(c.oid, 'SELECT')
ORDER BY n.nspname, c.relname
)SQL";

// A plain table is offered for lists: placed by lon/lat columns, or by kecamatan/desa names or codes.
CatalogTableKind plainTableKind(const std::string& columnNames) {
  std::vector<std::string> columns;
  std::stringstream in(columnNames);
  for (std::string column; std::getline(in, column, '\x1f');) columns.push_back(column);
  const ColumnMapping asList = guessColumnMapping(columns, ListKind::Beneficiaries);
  if (asList.has(ColumnRole::Lon) && asList.has(ColumnRole::Lat)) return CatalogTableKind::LonLatColumns;
  if (asList.hasLocation() || guessColumnMapping(columns, ListKind::PolygonTable).hasLocation())
    return CatalogTableKind::NameColumns;
  return CatalogTableKind::NoGeometry;
}

std::vector<CatalogTable> readCatalog(OGRLayerH result) {
  std::vector<CatalogTable> tables;
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(result);
  auto field = [&](const char* name) { return OGR_FD_GetFieldIndex(defn, name); };
  const int schemaField = field("schema_name"), tableField = field("table_name"),
            geometryField = field("geometry_column"), typeField = field("geometry_type"), sridField = field("srid"),
            rowsField = field("row_estimate"), columnsField = field("column_names");
  OGR_L_ResetReading(result);
  while (OGRFeatureH feature = OGR_L_GetNextFeature(result)) {
    auto text = [&](int index) {
      return index >= 0 && OGR_F_IsFieldSetAndNotNull(feature, index) ? std::string(OGR_F_GetFieldAsString(feature, index))
                                                                        : std::string();
    };
    CatalogTable table;
    table.schema = text(schemaField);
    table.table = text(tableField);
    table.geometryColumn = text(geometryField);
    if (!table.geometryColumn.empty()) {
      table.kind = CatalogTableKind::Geometry;
      table.geometryType = ogcTypeName(text(typeField));
      table.srid = sridField >= 0 ? OGR_F_GetFieldAsInteger(feature, sridField) : 0;
    } else {
      table.kind = plainTableKind(text(columnsField));
    }
    table.rowEstimate = rowsField >= 0 && OGR_F_IsFieldSetAndNotNull(feature, rowsField)
                            ? OGR_F_GetFieldAsInteger64(feature, rowsField)
                            : -1;
    tables.push_back(std::move(table));
    OGR_F_Destroy(feature);
  }
  return tables;
}

}  // namespace

std::string databaseConnectionSource(const DatabaseConnectionFields& fields) {
  std::string out;
  for (const auto& [key, value] : {std::pair{"service", &fields.service}, std::pair{"host", &fields.host},
                                   std::pair{"port", &fields.port}, std::pair{"dbname", &fields.dbname},
                                   std::pair{"user", &fields.user}}) {
    const std::string v = trimmed(*value);
    if (!v.empty()) out += (out.empty() ? "" : " ") + std::string(key) + "=" + quotedValue(v);
  }
  return out.empty() ? out : "PG:" + out;
}

std::vector<CatalogTable> listDatabaseTables(const std::string& connection) {
  initGdal();
  if (!isDatabaseSource(connection)) throw InputError(connection, "is not a database connection (PG:...)");
  try {
    parseConnectionOptions(connection);
  } catch (const std::invalid_argument& e) {
    throw InputError(connection, e.what());
  }
  // Read-only: the session refuses writes, whatever a statement would do; no table list at open
  // (the catalog query below is the list).
  const char* const openOptions[] = {"LIST_ALL_TABLES=NO", "PRELUDE_STATEMENTS=SET default_transaction_read_only = on",
                                     nullptr};
  CPLErrorReset();
  Dataset ds(GDALOpenEx(connection.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, openOptions, nullptr));
  if (!ds) throw InputError(connection, connectionProblem(connection));

  OGRLayerH hasPostgis = GDALDatasetExecuteSQL(
      ds.get(), "SELECT to_regclass('geometry_columns') IS NOT NULL AS postgis", nullptr, nullptr);
  bool postgis = false;
  if (hasPostgis) {
    if (OGRFeatureH f = OGR_L_GetNextFeature(hasPostgis)) {
      const std::string value = OGR_F_GetFieldAsString(f, 0);
      postgis = value == "1" || value == "t" || value == "true";
      OGR_F_Destroy(f);
    }
    GDALDatasetReleaseResultSet(ds.get(), hasPostgis);
  }
  CPLErrorReset();
  OGRLayerH result = GDALDatasetExecuteSQL(ds.get(), postgis ? kCatalogSql : kPlainCatalogSql, nullptr, nullptr);
  if (!result) throw InputError(connection, "cannot list the tables: " + connectionProblem(connection));
  std::vector<CatalogTable> tables = readCatalog(result);
  GDALDatasetReleaseResultSet(ds.get(), result);
  return tables;
}

bool catalogTableMatches(const CatalogTable& table, std::string_view filter) {
  return lower(table.qualifiedName()).find(lower(trimmed(filter))) != std::string::npos;
}

std::vector<CatalogTable> filterCatalogTables(const std::vector<CatalogTable>& tables, std::string_view filter) {
  std::vector<CatalogTable> kept;
  for (const auto& table : tables)
    if (catalogTableMatches(table, filter)) kept.push_back(table);
  return kept;
}

std::string databaseSourceForCatalogTable(const std::string& connection, const CatalogTable& table,
                                          const std::vector<CatalogTable>& allTables) {
  const auto sameTable = [&](const CatalogTable& t) { return t.schema == table.schema && t.table == table.table; };
  const bool severalGeometries =
      !table.geometryColumn.empty() && std::count_if(allTables.begin(), allTables.end(), sameTable) > 1;
  return databaseSourceForTable(connection, table.qualifiedName() +
                                                (severalGeometries ? "(" + table.geometryColumn + ")" : std::string()));
}

}  // namespace pk
