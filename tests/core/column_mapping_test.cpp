#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/column_mapping.h"

using namespace pk;

TEST_CASE("every name from issue 3 is recognised, case-insensitively") {
  const std::vector<std::pair<ColumnRole, std::vector<std::string>>> expected = {
      {ColumnRole::Id, {"id", "no_kpm", "id_kpm", "nomor"}},
      {ColumnRole::Name, {"name", "nama", "nama_penerima", "nama_kpm"}},
      {ColumnRole::Nik, {"nik"}},
      {ColumnRole::Kecamatan, {"kecamatan", "kec", "nama_kecamatan", "district", "wadmkc"}},
      {ColumnRole::Desa, {"desa", "kelurahan", "village", "wadmkd"}},
      {ColumnRole::Lon, {"lon", "lng", "long", "longitude", "x", "bujur"}},
      {ColumnRole::Lat, {"lat", "latitude", "y", "lintang"}},
      {ColumnRole::BusinessType, {"jenis_usaha", "business_type", "usaha", "sektor"}},
      {ColumnRole::BusinessName, {"nama_usaha", "business_name"}},
      {ColumnRole::Cohort, {"tahun", "cohort", "year", "angkatan"}},
      {ColumnRole::Bsimu, {"bsimu", "bantuan", "modal"}},
      {ColumnRole::MentorId, {"mentor", "mentor_id", "id_mentor", "pendamping"}},
      {ColumnRole::Status, {"status"}},
  };
  for (const auto& [role, names] : expected)
    for (const auto& name : names) {
      std::string upper = name;
      for (char& c : upper) c = char(std::toupper(static_cast<unsigned char>(c)));
      for (const std::string& header : {name, upper, " " + upper + " "}) {
        ColumnMapping m = guessColumnMapping({"something_else", header}, ListKind::Beneficiaries);
        INFO(header);
        CHECK(m[role] == 1);
        CHECK(m.columnName[size_t(role)] == header);
      }
    }
  for (const char* name : {"organisasi", "organisation", "lembaga"})
    CHECK(guessColumnMapping({"id", name}, ListKind::Mentors)[ColumnRole::Organisation] == 1);
  for (const char* name : {"kapasitas", "capacity", "KAPASITAS"})
    CHECK(guessColumnMapping({"id", name}, ListKind::Mentors)[ColumnRole::Capacity] == 1);
}

TEST_CASE("headers as spreadsheets write them: spaces, dots, hyphens") {
  ColumnMapping m = guessColumnMapping({"No.", "No KPM", "Nama Penerima", "NIK", "Kec.", "Desa/Kelurahan",
                                        "Jenis Usaha", "Nama-Usaha", "Tahun", "BSIMu", "ID Mentor", "Status"},
                                       ListKind::Beneficiaries);
  CHECK(m[ColumnRole::Id] == 1);
  CHECK(m[ColumnRole::Name] == 2);
  CHECK(m[ColumnRole::Nik] == 3);
  CHECK(m[ColumnRole::Kecamatan] == 4);
  CHECK(m[ColumnRole::Desa] == 5);
  CHECK(m[ColumnRole::BusinessType] == 6);
  CHECK(m[ColumnRole::BusinessName] == 7);
  CHECK(m[ColumnRole::Cohort] == 8);
  CHECK(m[ColumnRole::Bsimu] == 9);
  CHECK(m[ColumnRole::MentorId] == 10);
  CHECK(m[ColumnRole::Status] == 11);
  CHECK_FALSE(m.has(ColumnRole::Lon));
  CHECK(m.hasLocation());
  CHECK(normaliseHeader("  Nama  Penerima ") == "nama_penerima");
  CHECK(normaliseHeader("ID-KPM") == "id_kpm");
}

TEST_CASE("each column serves one role; lon/lat beat x/y; mentor lists use their own id") {
  ColumnMapping m = guessColumnMapping({"x", "y", "lon", "lat"}, ListKind::Beneficiaries);
  CHECK(m[ColumnRole::Lon] == 2);
  CHECK(m[ColumnRole::Lat] == 3);
  ColumnMapping mentors = guessColumnMapping({"id_mentor", "nama", "lembaga", "kapasitas", "kecamatan"},
                                             ListKind::Mentors);
  CHECK(mentors[ColumnRole::Id] == 0);
  CHECK_FALSE(mentors.has(ColumnRole::MentorId));
  CHECK(mentors[ColumnRole::Organisation] == 2);
  CHECK(mentors[ColumnRole::Capacity] == 3);
  // In a beneficiary list the same header is the assigned mentor.
  ColumnMapping kpm = guessColumnMapping({"no_kpm", "id_mentor"}, ListKind::Beneficiaries);
  CHECK(kpm[ColumnRole::Id] == 0);
  CHECK(kpm[ColumnRole::MentorId] == 1);
  ColumnMapping none = guessColumnMapping({"foo", "bar"}, ListKind::Beneficiaries);
  CHECK_FALSE(none.hasLocation());
  for (size_t r = 0; r < kColumnRoleCount; ++r) CHECK(none.column[r] == -1);
}

TEST_CASE("a per-kecamatan table is keyed by code or name") {
  ColumnMapping m = guessColumnMapping({"kode", "nama", "keluarga_pkh"}, ListKind::PolygonTable);
  CHECK(m[ColumnRole::KecamatanCode] == 0);
  CHECK(m[ColumnRole::Kecamatan] == 1);
}

TEST_CASE("the mapping survives the project file and re-binds by header name") {
  std::vector<std::string> columns = {"no_kpm", "nama", "kecamatan", "bujur", "lintang"};
  ColumnMapping m = guessColumnMapping(columns, ListKind::Beneficiaries);
  // A planner's edit in the import dialog: the desa column is "lokasi".
  columns.push_back("lokasi");
  m.set(ColumnRole::Desa, 5, columns);
  nlohmann::json j = m;
  CHECK(j["kind"] == "beneficiaries");
  CHECK(j["columns"]["lon"] == "bujur");
  CHECK(j["columns"]["desa"] == "lokasi");
  CHECK_FALSE(j["columns"].contains("nik"));
  ColumnMapping back = j.get<ColumnMapping>();
  CHECK(back.kind == ListKind::Beneficiaries);
  // The file was re-exported with columns in another order and without "nama".
  auto missing = back.bindTo({"lintang", "lokasi", "bujur", "kecamatan", "no_kpm"});
  CHECK(back[ColumnRole::Lat] == 0);
  CHECK(back[ColumnRole::Desa] == 1);
  CHECK(back[ColumnRole::Lon] == 2);
  CHECK(back[ColumnRole::Kecamatan] == 3);
  CHECK(back[ColumnRole::Id] == 4);
  CHECK(back[ColumnRole::Name] == -1);
  CHECK(missing == std::vector<std::string>{"name"});
  // Clearing a role.
  back.set(ColumnRole::Desa, -1, {});
  CHECK_FALSE(back.has(ColumnRole::Desa));
  // Bad project-file content is an error, not a silent default.
  CHECK_THROWS_WITH(nlohmann::json::parse(R"({"kind":"kpm","columns":{}})").get<ColumnMapping>(),
                    "column mapping: unknown list kind 'kpm'");
  CHECK_THROWS_WITH(nlohmann::json::parse(R"({"kind":"mentors","columns":{"umur":"age"}})").get<ColumnMapping>(),
                    "column mapping: unknown column role 'umur'");
}

TEST_CASE("personal roles and recognised headers") {
  CHECK(isPersonalRole(ColumnRole::Name));
  CHECK(isPersonalRole(ColumnRole::Nik));
  CHECK_FALSE(isPersonalRole(ColumnRole::Kecamatan));
  auto all = allRecognisedHeaders();
  CHECK(std::find(all.begin(), all.end(), "no_kpm") != all.end());
  CHECK(std::find(all.begin(), all.end(), "kapasitas") != all.end());
  CHECK(std::find(all.begin(), all.end(), "x") == all.end());  // too generic to find a header row by
  for (size_t r = 0; r < kColumnRoleCount; ++r) {
    ColumnRole role;
    REQUIRE(columnRoleFromKey(columnRoleKey(ColumnRole(r)), role));
    CHECK(size_t(role) == r);
  }
}
