#include "core/column_mapping.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/table_io.h"

namespace pk {

namespace {

const char* const kRoleKeys[kColumnRoleCount] = {
    "id", "name", "nik", "kecamatan", "desa", "kecamatan_code", "desa_code", "lon", "lat",
    "business_type", "business_name", "cohort", "bsimu", "mentor_id", "status", "organisation", "capacity"};

using Aliases = std::vector<std::string>;

// Names from issue 3, then a few common extras (codes, geometry columns written by readTable).
const Aliases& beneficiaryAliases(ColumnRole role) {
  static const std::array<Aliases, kColumnRoleCount> aliases = {{
      {"id", "no_kpm", "id_kpm", "nomor"},
      {"name", "nama", "nama_penerima", "nama_kpm"},
      {"nik"},
      {"kecamatan", "kec", "nama_kecamatan", "district", "wadmkc"},
      {"desa", "kelurahan", "village", "wadmkd", "nama_desa", "desa_kelurahan"},
      {"kode_kecamatan", "kode_kec", "kd_kec", "kec_code", "kdcpum"},
      {"kode_desa", "kd_desa", "desa_code", "kode_kelurahan", "kdepum"},
      {"lon", "lng", "long", "longitude", "x", "bujur", "geometry_lon"},
      {"lat", "latitude", "y", "lintang", "geometry_lat"},
      {"jenis_usaha", "business_type", "usaha", "sektor"},
      {"nama_usaha", "business_name"},
      {"tahun", "cohort", "year", "angkatan"},
      {"bsimu", "bantuan", "modal"},
      {"mentor", "mentor_id", "id_mentor", "pendamping"},
      {"status"},
      {},
      {},
  }};
  return aliases[static_cast<size_t>(role)];
}

const Aliases& mentorAliases(ColumnRole role) {
  static const std::array<Aliases, kColumnRoleCount> aliases = [] {
    std::array<Aliases, kColumnRoleCount> a;
    for (size_t i = 0; i < kColumnRoleCount; ++i) a[i] = beneficiaryAliases(static_cast<ColumnRole>(i));
    auto at = [&](ColumnRole r) -> Aliases& { return a[static_cast<size_t>(r)]; };
    // In a mentor list the mentor's own id is the id.
    at(ColumnRole::Id) = {"id", "id_mentor", "mentor_id", "kode_mentor", "nomor", "mentor", "id_pendamping"};
    at(ColumnRole::Name) = {"name", "nama", "nama_mentor", "nama_pendamping"};
    at(ColumnRole::MentorId) = {};
    at(ColumnRole::BusinessType) = {};
    at(ColumnRole::BusinessName) = {};
    at(ColumnRole::Bsimu) = {};
    at(ColumnRole::Organisation) = {"organisasi", "organisation", "lembaga", "organization", "inkubator"};
    at(ColumnRole::Capacity) = {"kapasitas", "capacity"};
    return a;
  }();
  return aliases[static_cast<size_t>(role)];
}

const Aliases& polygonTableAliases(ColumnRole role) {
  static const std::array<Aliases, kColumnRoleCount> aliases = [] {
    std::array<Aliases, kColumnRoleCount> a;
    auto at = [&](ColumnRole r) -> Aliases& { return a[static_cast<size_t>(r)]; };
    at(ColumnRole::Kecamatan) = {"kecamatan", "kec", "nama_kecamatan", "district", "wadmkc", "name", "nama"};
    at(ColumnRole::Desa) = beneficiaryAliases(ColumnRole::Desa);
    at(ColumnRole::KecamatanCode) = {"kode_kecamatan", "kode_kec", "kd_kec", "kec_code", "kdcpum", "code",
                                     "kode", "bps_code", "kode_bps"};
    at(ColumnRole::DesaCode) = beneficiaryAliases(ColumnRole::DesaCode);
    return a;
  }();
  return aliases[static_cast<size_t>(role)];
}

}  // namespace

const char* columnRoleKey(ColumnRole role) {
  size_t i = static_cast<size_t>(role);
  return i < kColumnRoleCount ? kRoleKeys[i] : "?";
}

bool columnRoleFromKey(std::string_view key, ColumnRole& role) {
  for (size_t i = 0; i < kColumnRoleCount; ++i)
    if (key == kRoleKeys[i]) { role = static_cast<ColumnRole>(i); return true; }
  return false;
}

const std::vector<std::string>& columnRoleAliases(ColumnRole role, ListKind kind) {
  switch (kind) {
    case ListKind::Mentors: return mentorAliases(role);
    case ListKind::PolygonTable: return polygonTableAliases(role);
    default: return beneficiaryAliases(role);
  }
}

std::vector<std::string> allRecognisedHeaders() {
  std::set<std::string> all;
  for (ListKind kind : {ListKind::Beneficiaries, ListKind::Mentors, ListKind::PolygonTable})
    for (size_t i = 0; i < kColumnRoleCount; ++i)
      for (const auto& a : columnRoleAliases(static_cast<ColumnRole>(i), kind)) all.insert(a);
  // Single letters and generic words could make a data or title row look like a header.
  for (const char* generic : {"x", "y", "long", "code", "kode"}) all.erase(generic);
  return {all.begin(), all.end()};
}

bool isPersonalRole(ColumnRole role) { return role == ColumnRole::Name || role == ColumnRole::Nik; }

std::string normaliseHeader(std::string_view header) {
  std::string out;
  for (char c : header) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) out += static_cast<char>(std::tolower(u));
    else if (c == ' ' || c == '_' || c == '-' || c == '.' || c == '/' || c == '\t') {
      if (!out.empty() && out.back() != '_') out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

const char* listKindKey(ListKind kind) {
  switch (kind) {
    case ListKind::Mentors: return "mentors";
    case ListKind::PolygonTable: return "polygon_table";
    default: return "beneficiaries";
  }
}

void ColumnMapping::set(ColumnRole role, int columnIndex, const std::vector<std::string>& columns) {
  size_t r = static_cast<size_t>(role);
  if (columnIndex < 0 || columnIndex >= static_cast<int>(columns.size())) {
    column[r] = -1;
    columnName[r].clear();
  } else {
    column[r] = columnIndex;
    columnName[r] = columns[columnIndex];
  }
}

std::vector<std::string> ColumnMapping::bindTo(const std::vector<std::string>& columns) {
  std::vector<std::string> missing;
  for (size_t r = 0; r < kColumnRoleCount; ++r) {
    column[r] = -1;
    if (columnName[r].empty()) continue;
    std::string wanted = normaliseHeader(columnName[r]);
    for (size_t c = 0; c < columns.size(); ++c)
      if (normaliseHeader(columns[c]) == wanted) { column[r] = static_cast<int>(c); break; }
    if (column[r] < 0) missing.push_back(kRoleKeys[r]);
  }
  return missing;
}

bool ColumnMapping::hasLocation() const {
  return (has(ColumnRole::Lon) && has(ColumnRole::Lat)) || has(ColumnRole::Kecamatan) ||
         has(ColumnRole::Desa) || has(ColumnRole::KecamatanCode) || has(ColumnRole::DesaCode);
}

ColumnMapping guessColumnMapping(const std::vector<std::string>& columns, ListKind kind) {
  ColumnMapping m;
  m.kind = kind;
  std::vector<std::string> keys;
  for (const auto& c : columns) keys.push_back(normaliseHeader(c));
  std::vector<bool> used(columns.size(), false);
  for (size_t r = 0; r < kColumnRoleCount; ++r) {
    for (const auto& alias : columnRoleAliases(static_cast<ColumnRole>(r), kind)) {
      auto it = std::find(keys.begin(), keys.end(), alias);
      while (it != keys.end() && used[it - keys.begin()]) it = std::find(it + 1, keys.end(), alias);
      if (it != keys.end()) {
        int c = static_cast<int>(it - keys.begin());
        used[c] = true;
        m.set(static_cast<ColumnRole>(r), c, columns);
        break;
      }
    }
  }
  return m;
}

ColumnMapping guessColumnMapping(const Table& table, ListKind kind) {
  ColumnMapping m = guessColumnMapping(table.columns, kind);
  if (kind != ListKind::PolygonTable && table.geometryLonColumn >= 0 &&
      !(m.has(ColumnRole::Lon) && m.has(ColumnRole::Lat))) {
    m.set(ColumnRole::Lon, table.geometryLonColumn, table.columns);
    m.set(ColumnRole::Lat, table.geometryLatColumn, table.columns);
  }
  return m;
}

std::vector<std::string> templateHeaders(ListKind kind) {
  switch (kind) {
    case ListKind::Mentors:
      return {"id_mentor", "nama", "organisasi", "kapasitas", "kecamatan", "desa", "lon", "lat"};
    case ListKind::PolygonTable:
      return {"kode_kecamatan", "kecamatan", "jumlah"};
    default:
      return {"no_kpm", "nama", "nik", "kecamatan", "desa", "lon", "lat", "jenis_usaha", "nama_usaha",
              "tahun", "bsimu", "id_mentor", "status"};
  }
}

void to_json(nlohmann::json& j, const ColumnMapping& mapping) {
  nlohmann::json columns = nlohmann::json::object();
  for (size_t r = 0; r < kColumnRoleCount; ++r)
    if (!mapping.columnName[r].empty()) columns[kRoleKeys[r]] = mapping.columnName[r];
  j = nlohmann::json{{"kind", listKindKey(mapping.kind)}, {"columns", columns}};
}

void from_json(const nlohmann::json& j, ColumnMapping& mapping) {
  mapping = ColumnMapping();
  std::string kind = j.value("kind", std::string("beneficiaries"));
  if (kind == "beneficiaries") mapping.kind = ListKind::Beneficiaries;
  else if (kind == "mentors") mapping.kind = ListKind::Mentors;
  else if (kind == "polygon_table") mapping.kind = ListKind::PolygonTable;
  else throw std::runtime_error("column mapping: unknown list kind '" + kind + "'");
  if (!j.contains("columns")) return;
  for (const auto& [key, value] : j.at("columns").items()) {
    ColumnRole role;
    if (!columnRoleFromKey(key, role))
      throw std::runtime_error("column mapping: unknown column role '" + key + "'");
    if (!value.is_string()) throw std::runtime_error("column mapping: column for '" + key + "' is not text");
    mapping.columnName[static_cast<size_t>(role)] = value.get<std::string>();
  }
}

}  // namespace pk
