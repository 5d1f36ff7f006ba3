#include "core/database_source.h"
#include "core/layer_io.h"

#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <regex>
#include <stdexcept>

namespace pk {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view withoutPrefix(std::string_view source) {
  if (isDatabaseSource(source)) source.remove_prefix(3);
  return source;
}

bool isUri(std::string_view s) {
  return s.rfind("postgresql://", 0) == 0 || s.rfind("postgres://", 0) == 0;
}

// libpq's URI: [user[:password]@][host][:port][/dbname][?key=value&...], percent-decoding left as is.
void parseUri(std::string_view uri, std::vector<ConnectionOption>& out) {
  uri.remove_prefix(uri.find("://") + 3);
  std::string_view query;
  if (const auto q = uri.find('?'); q != std::string_view::npos) {
    query = uri.substr(q + 1);
    uri = uri.substr(0, q);
  }
  if (const auto at = uri.rfind('@'); at != std::string_view::npos) {
    const std::string_view userinfo = uri.substr(0, at);
    const auto colon = userinfo.find(':');
    out.push_back({"user", std::string(userinfo.substr(0, colon))});
    if (colon != std::string_view::npos) out.push_back({"password", std::string(userinfo.substr(colon + 1))});
    uri = uri.substr(at + 1);
  }
  std::string_view hostport = uri, db;
  if (const auto slash = uri.find('/'); slash != std::string_view::npos) {
    hostport = uri.substr(0, slash);
    db = uri.substr(slash + 1);
  }
  if (const auto colon = hostport.rfind(':'); colon != std::string_view::npos && hostport.find(']') == std::string_view::npos) {
    out.push_back({"port", std::string(hostport.substr(colon + 1))});
    hostport = hostport.substr(0, colon);
  }
  if (!hostport.empty()) out.push_back({"host", std::string(hostport)});
  if (!db.empty()) out.push_back({"dbname", std::string(db)});
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos) out.push_back({lower(pair.substr(0, eq)), std::string(pair.substr(eq + 1))});
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
  }
}

bool needsQuotes(std::string_view value) {
  if (value.empty()) return true;
  for (char c : value)
    if (std::isspace(static_cast<unsigned char>(c)) || c == '\'' || c == '\\') return true;
  return false;
}

std::string quoted(std::string_view value) {
  if (!needsQuotes(value)) return std::string(value);
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

}  // namespace

bool isDatabaseSource(std::string_view source) {
  return source.size() >= 3 && (source[0] == 'P' || source[0] == 'p') && (source[1] == 'G' || source[1] == 'g') &&
         source[2] == ':';
}

std::vector<ConnectionOption> parseConnectionOptions(std::string_view source) {
  std::string_view s = withoutPrefix(source);
  std::vector<ConnectionOption> out;
  size_t i = 0;
  auto skipSpace = [&] {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  };
  skipSpace();
  if (isUri(s.substr(i))) {
    size_t end = i;
    while (end < s.size() && !std::isspace(static_cast<unsigned char>(s[end]))) ++end;
    parseUri(s.substr(i, end - i), out);
    i = end;
  }
  while (true) {
    skipSpace();
    if (i >= s.size()) break;
    const size_t keyStart = i;
    while (i < s.size() && s[i] != '=' && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    const std::string key = lower(s.substr(keyStart, i - keyStart));
    skipSpace();
    if (i >= s.size() || s[i] != '=') throw std::invalid_argument("\"" + key + "\" has no value (expected key=value)");
    ++i;
    skipSpace();
    std::string value;
    if (i < s.size() && s[i] == '\'') {
      ++i;
      bool closed = false;
      while (i < s.size()) {
        if (s[i] == '\\' && i + 1 < s.size()) {
          value += s[i + 1];
          i += 2;
        } else if (s[i] == '\'') {
          ++i;
          closed = true;
          break;
        } else {
          value += s[i++];
        }
      }
      if (!closed) throw std::invalid_argument("the value of \"" + key + "\" has no closing quote");
    } else {
      while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) {
        if (s[i] == '\\' && i + 1 < s.size()) ++i;
        value += s[i++];
      }
    }
    out.push_back({key, value});
  }
  return out;
}

bool hasPassword(std::string_view source) {
  if (!isDatabaseSource(source)) return false;
  try {
    for (const auto& option : parseConnectionOptions(source))
      if (option.key == "password") return true;
    return false;
  } catch (const std::invalid_argument&) {
    // Unparseable: look for the word itself rather than let a secret through.
    return lower(source).find("password") != std::string::npos;
  }
}

std::string redactSource(std::string_view source) {
  if (!isDatabaseSource(source)) return std::string(source);
  std::string out = "PG:";
  std::vector<ConnectionOption> options;
  try {
    options = parseConnectionOptions(source);
  } catch (const std::invalid_argument&) {
    return "PG:(connection string not readable)";
  }
  std::string_view rest = withoutPrefix(source);
  while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.front()))) rest.remove_prefix(1);
  if (isUri(rest)) {
    // Keep the URI's shape; drop only ":password" from its user part and any password= in its query.
    std::string uri(rest.substr(0, rest.find_first_of(" \t\n")));
    const auto scheme = uri.find("://") + 3;
    const auto at = uri.find('@', scheme);
    const auto slash = uri.find('/', scheme);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
      const auto colon = uri.find(':', scheme);
      if (colon != std::string::npos && colon < at) uri.erase(colon, at - colon);
    }
    if (const auto q = uri.find('?'); q != std::string::npos) {
      std::string query = uri.substr(q + 1), kept;
      uri.erase(q);
      size_t pos = 0;
      while (pos <= query.size()) {
        const auto amp = query.find('&', pos);
        const std::string pair = query.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
        if (!pair.empty() && lower(pair).rfind("password=", 0) != 0) kept += (kept.empty() ? "" : "&") + pair;
        if (amp == std::string::npos) break;
        pos = amp + 1;
      }
      if (!kept.empty()) uri += "?" + kept;
    }
    out += uri;
    // The key=value pairs after the URI (GDAL's tables= and the like).
    std::vector<ConnectionOption> uriOptions;
    parseUri(rest.substr(0, rest.find_first_of(" \t\n")), uriOptions);
    for (size_t k = uriOptions.size(); k < options.size(); ++k)
      if (options[k].key != "password") out += " " + options[k].key + "=" + pk::quoted(options[k].value);
    return out;
  }
  bool first = true;
  for (const auto& option : options) {
    if (option.key == "password") continue;
    out += (first ? "" : " ") + option.key + "=" + pk::quoted(option.value);
    first = false;
  }
  return out;
}

std::optional<std::string> connectionOption(std::string_view source, std::string_view key) {
  if (!isDatabaseSource(source)) return std::nullopt;
  try {
    for (const auto& option : parseConnectionOptions(source))
      if (option.key == key) return option.value;
  } catch (const std::invalid_argument&) {
  }
  return std::nullopt;
}

std::string sourceTable(std::string_view source) {
  std::string table = connectionOption(source, "tables").value_or(connectionOption(source, "table").value_or(""));
  if (const auto comma = table.find(','); comma != std::string::npos) table.erase(comma);
  if (const auto paren = table.find('('); paren != std::string::npos) table.erase(paren);
  return table;
}

std::string databaseSourceForTable(std::string_view connection, std::string_view table) {
  std::string out = "PG:";
  bool first = true;
  std::string_view rest = withoutPrefix(connection);
  while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.front()))) rest.remove_prefix(1);
  size_t skip = 0;
  if (isUri(rest)) {
    const std::string uri(rest.substr(0, rest.find_first_of(" \t\n")));
    out += uri;
    first = false;
    std::vector<ConnectionOption> uriOptions;
    parseUri(uri, uriOptions);
    skip = uriOptions.size();
  }
  const auto options = parseConnectionOptions(connection);
  for (size_t k = skip; k < options.size(); ++k) {
    if (options[k].key == "tables" || options[k].key == "table") continue;
    out += (first ? "" : " ") + options[k].key + "=" + pk::quoted(options[k].value);
    first = false;
  }
  out += (first ? "" : " ") + std::string("tables=") + std::string(table);
  return out;
}

std::string passwordRefusal() {
  return "a database connection here contains a password, which is never stored in a file; put the "
         "connection in ~/.pg_service.conf and the password in ~/.pgpass (chmod 600), then use "
         "PG:service=NAME";
}

std::string redactMessage(std::string_view text, std::string_view source) {
  std::string out(text);
  if (!source.empty() && isDatabaseSource(source)) {
    const std::string redacted = redactSource(source);
    for (std::string_view whole : {source, withoutPrefix(source)})
      for (size_t at = out.find(whole); !whole.empty() && at != std::string::npos; at = out.find(whole, at))
        out.replace(at, whole.size(), redacted), at += redacted.size();
  }
  // Whatever remains: password=value (quoted or not) and the secret of a URI's user:secret@.
  static const std::regex keyValue(R"(password\s*=\s*('([^'\\]|\\.)*'?|\S*))", std::regex::icase);
  static const std::regex uriSecret(R"((postgres(ql)?://[^:/@\s]*):[^@\s]*@)", std::regex::icase);
  out = std::regex_replace(out, keyValue, "");
  out = std::regex_replace(out, uriSecret, "$1@");
  // One line.
  std::replace(out.begin(), out.end(), '\n', ' ');
  std::replace(out.begin(), out.end(), '\t', ' ');
  out.erase(std::unique(out.begin(), out.end(), [](char a, char b) { return a == ' ' && b == ' '; }), out.end());
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string sourceName(const std::string& source) {
  return isDatabaseSource(source) ? redactSource(source) : std::filesystem::path(source).filename().string();
}

std::string absoluteSource(const std::string& source) {
  if (isDatabaseSource(source)) return source;
  return std::filesystem::absolute(source).lexically_normal().string();
}

namespace {

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

// What a failed connection means for a planner, from libpq's message (GDAL prefixes "PQconnectdb failed.").
std::string connectionProblem(const std::string& gdalMessage, const std::string& source) {
  if (contains(gdalMessage, "password authentication failed"))
    return "the database server refused the password (password authentication failed); check the password "
           "for this host and user in ~/.pgpass (or PGPASSFILE)";
  if (contains(gdalMessage, "no password supplied"))
    return "the database server asks for a password and none was found; add it to ~/.pgpass (chmod 600)";
  if (contains(gdalMessage, "Connection refused") || contains(gdalMessage, "No such file or directory"))
    return "cannot connect to the database server (connection refused: is the server running and accepting "
           "connections on that host and port?)";
  if (contains(gdalMessage, "definition of service"))
    return "service \"" + connectionOption(source, "service").value_or("") +
           "\" is not defined in the service file (~/.pg_service.conf or PGSERVICEFILE)";
  std::string why = gdalMessage;
  if (const auto prefix = why.find("PQconnectdb failed."); prefix != std::string::npos) why.erase(prefix, 19);
  why = redactMessage(why, source);
  while (!why.empty() && why.front() == ' ') why.erase(0, 1);
  return "cannot open the database" + (why.empty() ? std::string() : ": " + why);
}

std::string quotedIdentifier(std::string_view name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// GDAL names a table "schema.table" (just "table" in public).
std::string qualifiedName(const std::string& layerName) {
  const auto dot = layerName.find('.');
  if (dot == std::string::npos) return quotedIdentifier(layerName);
  return quotedIdentifier(layerName.substr(0, dot)) + "." + quotedIdentifier(layerName.substr(dot + 1));
}

}  // namespace

DatabaseTable::DatabaseTable(const std::string& source) : source_(source) {
  initGdal();
  CPLErrorReset();
  const char* drivers[] = {"PostgreSQL", nullptr};
  dataset_ = GDALDataset::Open(source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, nullptr, nullptr);
  if (!dataset_) throw InputError(source, connectionProblem(CPLGetLastErrorMsg(), source));
  const std::string wanted = sourceTable(source);
  if (wanted.empty()) {
    const int count = dataset_->GetLayerCount();
    if (count == 0)
      throw InputError(source, "the database has no spatial tables; name a table with tables=schema.table");
    if (count > 1) {
      std::string some;
      for (int i = 0; i < count && i < 5; ++i) some += std::string(i ? ", " : "") + dataset_->GetLayer(i)->GetName();
      if (count > 5) some += ", ...";
      throw InputError(source, "the database holds " + std::to_string(count) + " spatial tables (" + some +
                                   "); add tables=schema.table to name the one to open");
    }
    table_ = dataset_->GetLayer(0);
  } else {
    table_ = dataset_->GetLayerByName(wanted.c_str());
    if (!table_ && dataset_->GetLayerCount() == 1) table_ = dataset_->GetLayer(0);
    if (!table_) throw InputError(source, "table " + wanted + " does not exist (check the schema.table in tables=)");
  }
  name_ = table_->GetName();
  if (const auto paren = name_.find('('); paren != std::string::npos) name_.erase(paren);
  // GDAL opens a table named in tables= without looking for it; a missing one would read as empty.
  CPLErrorReset();
  OGRLayer* found =
      dataset_->ExecuteSQL(("SELECT to_regclass(" + sqlLiteral(qualifiedName(name_)) + ") IS NOT NULL").c_str(), nullptr, nullptr);
  bool exists = false;
  if (found) {
    if (OGRFeatureUniquePtr row{found->GetNextFeature()}) exists = std::string(row->GetFieldAsString(0)) != "0" &&
                                                                   lower(row->GetFieldAsString(0)) != "f";
    dataset_->ReleaseResultSet(found);
  }
  if (!found) throw InputError(source, "cannot be read: " + redactMessage(CPLGetLastErrorMsg(), source));
  if (!exists) throw InputError(source, "table " + name_ + " does not exist (check the schema.table in tables=)");
}

DatabaseTable::~DatabaseTable() {
  if (ordered_) dataset_->ReleaseResultSet(ordered_);
  GDALClose(dataset_);
}

bool DatabaseTable::hasGeometry() const {
  return table_->GetLayerDefn()->GetGeomFieldCount() > 0 && wkbFlatten(table_->GetGeomType()) != wkbNone;
}

OGRLayer& DatabaseTable::rows() {
  if (ordered_) {
    ordered_->ResetReading();
    return *ordered_;
  }
  const char* key = table_->GetFIDColumn();
  OGRFeatureDefn* defn = table_->GetLayerDefn();
  std::string columns;
  for (int i = 0; i < defn->GetFieldCount(); ++i)
    columns += (columns.empty() ? "" : ", ") + quotedIdentifier(defn->GetFieldDefn(i)->GetNameRef());
  for (int i = 0; i < defn->GetGeomFieldCount(); ++i)
    columns += (columns.empty() ? "" : ", ") + quotedIdentifier(defn->GetGeomFieldDefn(i)->GetNameRef());
  // Without a primary key there is no order to keep: the table's own.
  if (!key || !*key || columns.empty()) {
    table_->ResetReading();
    return *table_;
  }
  CPLErrorReset();
  ordered_ = dataset_->ExecuteSQL(
      ("SELECT " + columns + " FROM " + qualifiedName(name_) + " ORDER BY " + quotedIdentifier(key)).c_str(), nullptr,
      nullptr);
  if (!ordered_) throw InputError(source_, "cannot be read: " + readFailure());
  return *ordered_;
}

std::string DatabaseTable::readFailure() const { return databaseReadFailure(CPLGetLastErrorMsg(), source_); }

std::string DatabaseTable::from() const { return qualifiedName(name_); }

std::string DatabaseTable::key() const {
  const char* key = table_->GetFIDColumn();
  return key && *key ? quotedIdentifier(key) : std::string();
}

std::string DatabaseTable::geometry() const { return hasGeometry() ? quotedIdentifier(table_->GetGeometryColumn()) : ""; }

int DatabaseTable::srid() const {
  const OGRSpatialReference* srs = table_->GetSpatialRef();
  const char* code = srs ? srs->GetAuthorityCode(nullptr) : nullptr;
  return code ? std::atoi(code) : 0;
}

DatabaseTable::Columns DatabaseTable::columns() const {
  // Every cell as PostgreSQL prints it (::text): numbers round-trip, dates ISO, booleans true/false,
  // the text psql and COPY ... TO CSV write, so a table loaded from a CSV reads back as the CSV's cells.
  Columns c;
  OGRFeatureDefn* defn = table_->GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i) {
    c.names.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
    c.sql.push_back("p." + quotedIdentifier(c.names.back()) + "::text");
  }
  if (!hasGeometry()) return c;
  auto avail = [&](const char* name) {
    return std::none_of(c.names.begin(), c.names.end(), [&](const std::string& n) { return lower(n) == name; });
  };
  // Single points (a one-point MultiPoint too) in longitude/latitude: the database transforms, and
  // prints the shortest text that round-trips (107.428971, as the CSV it was loaded from held it).
  const std::string g = "p." + geometry();
  const std::string single =
      "CASE WHEN ST_GeometryType(" + g + ") IN ('ST_Point', 'ST_MultiPoint') AND ST_NumGeometries(" + g +
      ") = 1 THEN ST_GeometryN(" + g + ", 1) END";
  const int code = srid();
  const std::string point = code == 0 || code == 4326 ? single : "ST_Transform(" + single + ", 4326)";
  c.geometryLon = static_cast<int>(c.names.size());
  c.names.push_back(avail("lon") ? "lon" : "geometry_lon");
  c.sql.push_back("ST_X(" + point + ")::text");
  c.geometryLat = static_cast<int>(c.names.size());
  c.names.push_back(avail("lat") ? "lat" : "geometry_lat");
  c.sql.push_back("ST_Y(" + point + ")::text");
  c.notPoint = "(" + g + " IS NOT NULL AND NOT ST_IsEmpty(" + g + ") AND (" + single + ") IS NULL)";
  return c;
}

OGRLayer* DatabaseTable::query(const std::string& sql) {
  CPLErrorReset();
  OGRLayer* result = dataset_->ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (!result || CPLGetLastErrorType() == CE_Failure) {
    if (result) dataset_->ReleaseResultSet(result);
    fail();
  }
  return result;
}

void DatabaseTable::execute(const std::string& sql) {
  CPLErrorReset();
  if (OGRLayer* result = dataset_->ExecuteSQL(sql.c_str(), nullptr, nullptr)) dataset_->ReleaseResultSet(result);
  if (CPLGetLastErrorType() == CE_Failure) fail();
}

void DatabaseTable::release(OGRLayer* result) { dataset_->ReleaseResultSet(result); }

size_t DatabaseTable::rowEstimate() {
  OGRLayer* estimate = query("SELECT reltuples::bigint FROM pg_class WHERE oid = " + sqlLiteral(from()) + "::regclass");
  long long rows = 0;
  if (OGRFeatureUniquePtr f{estimate->GetNextFeature()}) rows = f->GetFieldAsInteger64(0);  // -1: never analysed
  release(estimate);
  return rows > 0 ? static_cast<size_t>(rows) : 0;
}

void DatabaseTable::fail() const { throw InputError(source_, "cannot be read: " + readFailure()); }

std::string databaseReadFailure(const std::string& message, std::string_view source) {
  if (contains(message, "server closed the connection") || contains(message, "terminating connection") ||
      contains(message, "no connection to the server") || contains(message, "connection to server was lost"))
    return "the connection to the database server was lost while reading (server stopped or restarted?)";
  return redactMessage(message, source);
}

std::string sqlIdentifier(std::string_view name) { return quotedIdentifier(name); }
std::string sqlTableName(const std::string& layerName) { return qualifiedName(layerName); }

std::string sqlLiteral(std::string_view text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'') quoted += '\'';
    quoted += c;
  }
  return quoted + "'";
}

}  // namespace pk
