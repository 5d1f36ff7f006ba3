// Which column of an imported list holds what: recognised by name (case-insensitive), editable in
// the import dialog and saved in the project file.
#pragma once
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace pk {

class Table;

enum class ListKind { Beneficiaries, Mentors, PolygonTable };

enum class ColumnRole {
  Id, Name, Nik, Kecamatan, Desa, KecamatanCode, DesaCode, Lon, Lat, BusinessType, BusinessName,
  Cohort, Bsimu, MentorId, Status, Organisation, Capacity,
  Count  // number of roles, not a role
};
constexpr size_t kColumnRoleCount = static_cast<size_t>(ColumnRole::Count);

// Stable key used in project files and messages: "id", "name", "nik", "kecamatan", "desa",
// "kecamatan_code", "desa_code", "lon", "lat", "business_type", "business_name", "cohort", "bsimu",
// "mentor_id", "status", "organisation", "capacity".
const char* columnRoleKey(ColumnRole role);
bool columnRoleFromKey(std::string_view key, ColumnRole& role);
// Header names recognised for a role (lower case, as in the issue), for a kind of list.
const std::vector<std::string>& columnRoleAliases(ColumnRole role, ListKind kind = ListKind::Beneficiaries);
// Every recognised header name of every role (for finding the header row under title rows).
std::vector<std::string> allRecognisedHeaders();
// Roles whose values are personal data (name, NIK): never exported unless asked for.
bool isPersonalRole(ColumnRole role);
// Header normalisation used for recognition: lower case, trimmed, spaces/dots/hyphens as '_'
// ("Nama Penerima" -> "nama_penerima", "ID-KPM" -> "id_kpm").
std::string normaliseHeader(std::string_view header);

const char* listKindKey(ListKind kind);  // "beneficiaries", "mentors", "polygon_table"

struct ColumnMapping {
  ListKind kind = ListKind::Beneficiaries;
  // Column index per role, -1 when the list has no such column.
  std::array<int, kColumnRoleCount> column;
  // Header name per role as last bound (kept so a saved mapping survives reordered columns).
  std::array<std::string, kColumnRoleCount> columnName;

  ColumnMapping() { column.fill(-1); }
  int operator[](ColumnRole role) const { return column[static_cast<size_t>(role)]; }
  bool has(ColumnRole role) const { return (*this)[role] >= 0; }
  // Assigns a column (by index into `columns`, or -1 to clear) and remembers its header name.
  void set(ColumnRole role, int columnIndex, const std::vector<std::string>& columns);
  // Re-binds remembered header names to the columns of a (re)loaded table; roles whose name is
  // missing are cleared. Returns the keys of roles that could not be bound.
  std::vector<std::string> bindTo(const std::vector<std::string>& columns);
  // True when rows can be placed: lon and lat, or a kecamatan/desa name or code.
  bool hasLocation() const;
};

// Recognises columns by name. For point files (GeoPackage, GeoJSON) the geometry's lon/lat columns
// are used when no lon/lat column is named. Each column serves at most one role.
ColumnMapping guessColumnMapping(const std::vector<std::string>& columns, ListKind kind);
ColumnMapping guessColumnMapping(const Table& table, ListKind kind);

// Headers written by File > Save import template, in order.
std::vector<std::string> templateHeaders(ListKind kind);

// Project-file form: {"kind": "beneficiaries", "columns": {"id": "no_kpm", "lon": "bujur", ...}}.
// Only header names are saved; bindTo() resolves them against the table when it is reopened.
void to_json(nlohmann::json& j, const ColumnMapping& mapping);
void from_json(const nlohmann::json& j, ColumnMapping& mapping);

}  // namespace pk
