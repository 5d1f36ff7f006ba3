// PostgreSQL/PostGIS sources, named in GDAL's own syntax wherever a file is accepted:
//   PG:"service=prokus tables=kbb.kecamatan"     (libpq key=value pairs, values may be 'quoted')
//   PG:postgresql://planner@db.example/prokus     (a libpq URI)
// Passwords are never stored or printed: connections take them from libpq's service file
// (~/.pg_service.conf), password file (~/.pgpass) or environment. These helpers find and remove them.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

}  // namespace pk
