// PostgreSQL/PostGIS sources, named in GDAL's own syntax wherever a file is accepted:
//   PG:"service=prokus tables=kbb.kecamatan"     (libpq key=value pairs, values may be 'quoted')
//   PG:postgresql://planner@db.example/prokus     (a libpq URI)
// Passwords are never stored or printed: connections take them from libpq's service file
// (~/.pg_service.conf), password file (~/.pgpass) or environment. These helpers find and remove them.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <memory>
#include <vector>

class GDALDataset;
class OGRLayer;

namespace pk {

// True for "PG:..." (any case): a database source, not a file path.
bool isDatabaseSource(std::string_view source);

// One key=value of a libpq connection string or of GDAL's PG: options (tables=, schemas=, ...).
struct ConnectionOption {
  std::string key;     // lower case
  std::string value;   // unquoted, unescaped
};

// The key=value pairs of `source` (with or without the "PG:" prefix). A URI source yields its
// parts as keys (user, password, host, port, dbname) plus the query's key=value pairs.
// Throws std::invalid_argument on an unterminated quote or a pair without '='.
std::vector<ConnectionOption> parseConnectionOptions(std::string_view source);

// True when `source` carries a password (password=..., or user:password@ in a URI).
bool hasPassword(std::string_view source);

// `source` without its password, for messages, metadata and project files: "password=..." is
// dropped and a URI's "user:secret@" becomes "user@". Files come back unchanged.
std::string redactSource(std::string_view source);

// The value of `key` (lower case) in a database source, if present (e.g. "service", "tables").
std::optional<std::string> connectionOption(std::string_view source, std::string_view key);

// The one table a source names, for messages and recording: GDAL's tables= (the first, without its
// "(geometry column)" suffix) or table=. Empty when it names none.
std::string sourceTable(std::string_view source);

// A source string with `table` as its only table: PG:<connection> tables=<table>. Used when a
// planner picks a table from the database dialog. Quotes values that need it.
std::string databaseSourceForTable(std::string_view connection, std::string_view table);

// The message a project save or a verb gives when a source carries a password.
std::string passwordRefusal();

// `text` (a GDAL or libpq message) with any password=... value and URI "user:secret@" removed,
// and `source` (when given) replaced by its redacted form: GDAL names the whole connection string.
std::string redactMessage(std::string_view text, std::string_view source = {});

// How messages, metadata and legends name a source: a file by its name, a database source whole
// (connection and table) without its password.
std::string sourceName(const std::string& source);

// A source as the program keeps it: a PG: source exactly as written (it is no path), a file
// absolute and normalised.
std::string absoluteSource(const std::string& source);

// A GDAL failure while reading rows (connection lost, server stopped), as a redacted message.
std::string databaseReadFailure(const std::string& gdalMessage, std::string_view source);

// One table of a database source, opened read-only through GDAL's PostgreSQL driver: the table
// named by tables=, or the only spatial table of the connection. rows() reads it in primary key
// order (GDAL's own reading has no ORDER BY). Throws InputError naming the redacted source and the
// problem: server not reachable, password refused, unknown service or database, missing table,
// several spatial tables and no tables=. Geometry and SRID are the caller's to check.
class DatabaseTable {
 public:
  explicit DatabaseTable(const std::string& source);
  ~DatabaseTable();
  DatabaseTable(const DatabaseTable&) = delete;
  DatabaseTable& operator=(const DatabaseTable&) = delete;
  OGRLayer& table() const { return *table_; }   // name ("schema.table"), SRS, fields, geometry type
  OGRLayer& rows();                             // the rows, ordered by the primary key
  const std::string& name() const { return name_; }
  const std::string& source() const { return source_; }
  bool hasGeometry() const;
  // The message for a GDAL failure while reading rows (connection lost, server stopped), redacted.
  std::string readFailure() const;

  // SQL names, quoted: the table ("schema"."table"), its primary key and its first geometry column
  // (empty when it has none).
  std::string from() const;
  std::string key() const;
  std::string geometry() const;
  // The SRID its geometry column declares (0 when none or unknown).
  int srid() const;
  // The columns the table reads as (readDatabaseTable): its fields, then the longitude/latitude of
  // its point geometry; each with the SQL (on the table aliased p) that gives its cell text.
  struct Columns {
    std::vector<std::string> names, sql;
    int geometryLon = -1, geometryLat = -1;
    std::string notPoint;  // SQL: a geometry that is there but not a single point ("" without geometry)
  };
  Columns columns() const;

  // Queries on this table's connection (one session: a temporary table made by execute() is seen by
  // later queries). query() returns a result read row by row through a cursor, to release(); a
  // failure throws InputError "cannot be read: ..." (redacted).
  OGRLayer* query(const std::string& sql);
  void execute(const std::string& sql);
  void release(OGRLayer* result);
  // The planner's estimate of the table's rows (pg_class.reltuples); 0 while never analysed.
  size_t rowEstimate();
  [[noreturn]] void fail() const;
 private:
  std::string source_, name_;
  GDALDataset* dataset_ = nullptr;
  OGRLayer* table_ = nullptr;
  OGRLayer* ordered_ = nullptr;  // ExecuteSQL result set, released in the destructor
};

// SQL spelling of a name: "identifier" quoted, and GDAL's "schema.table" as "schema"."table".
std::string sqlIdentifier(std::string_view name);
std::string sqlTableName(const std::string& layerName);
// An SQL string literal: 'text', with quotes doubled.
std::string sqlLiteral(std::string_view text);

}  // namespace pk
