#include "core/database_source.h"

#include <cctype>
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
      if (options[k].key != "password") out += " " + options[k].key + "=" + quoted(options[k].value);
    return out;
  }
  bool first = true;
  for (const auto& option : options) {
    if (option.key == "password") continue;
    out += (first ? "" : " ") + option.key + "=" + quoted(option.value);
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
    out += (first ? "" : " ") + options[k].key + "=" + quoted(options[k].value);
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

}  // namespace pk
