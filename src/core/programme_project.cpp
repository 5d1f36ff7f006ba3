#include "core/programme_project.h"

#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/json_reader.h"
#include "core/layer_io.h"
#include "core/map_document.h"
#include "core/table_io.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace pk {

namespace {

fs::path projectFolder(const MapDocument& doc) {
  return doc.projectPath.empty() ? fs::current_path() : fs::absolute(doc.projectPath).parent_path();
}

std::string projectName(const MapDocument& doc) {
  return doc.projectPath.empty() ? std::string("project") : doc.projectPath;
}

ProgrammeSource sourceFrom(const json& j, const fs::path& base, const MapDocument& doc, const char* key,
                           ListKind kind) {
  ProgrammeSource s;
  if (!j.contains(key)) return s;
  const json& e = j[key];
  if (!e.is_object() || !e.contains("path") || !e["path"].is_string() || e["path"].get<std::string>().empty())
    throw InputError(projectName(doc), std::string("\"programme.") + key + "\" needs a \"path\"");
  s.path = (base / e["path"].get<std::string>()).lexically_normal().string();
  if (e.contains("mapping")) {
    try {
      ColumnMapping m = e["mapping"].get<ColumnMapping>();
      m.kind = kind;
      s.mapping = m;
    } catch (const std::exception& ex) {
      throw InputError(projectName(doc), std::string("\"programme.") + key + ".mapping\": " + ex.what());
    }
  }
  return s;
}

json sourceTo(const ProgrammeSource& s, const fs::path& base) {
  std::error_code ec;
  fs::path rel = fs::relative(s.path, base, ec);
  json e = {{"path", (ec || rel.empty()) ? s.path : rel.generic_string()}};
  if (s.mapping) e["mapping"] = *s.mapping;
  return e;
}

Table readList(const std::string& path, const std::vector<std::string>& extraHeaders = {}) {
  TableReadOptions options;
  options.knownHeaders = allRecognisedHeaders();
  for (const auto& h : extraHeaders) options.knownHeaders.push_back(normaliseHeader(h));
  return readTable(path, options);
}

ColumnMapping mappingFor(const Table& table, const ProgrammeSource& source, ListKind kind) {
  if (!source.mapping) return guessColumnMapping(table, kind);
  ColumnMapping m = *source.mapping;
  m.kind = kind;
  const std::vector<std::string> missing = m.bindTo(table.columns);
  if (!missing.empty()) {
    std::string list;
    for (const auto& k : missing) list += (list.empty() ? "" : ", ") + k;
    throw InputError(source.path, "the project's column mapping names columns this file lacks (" + list + ")");
  }
  return m;
}

}  // namespace

ProgrammeSources programmeSourcesOf(const MapDocument& doc) {
  ProgrammeSources out;
  if (!doc.extraSections.is_object() || !doc.extraSections.contains("programme")) return out;
  const json& j = doc.extraSections["programme"];
  if (!j.is_object()) throw InputError(projectName(doc), "\"programme\" is not a JSON object");
  const fs::path base = projectFolder(doc);
  out.beneficiaries = sourceFrom(j, base, doc, "beneficiaries", ListKind::Beneficiaries);
  out.mentors = sourceFrom(j, base, doc, "mentors", ListKind::Mentors);
  out.polygonTable = sourceFrom(j, base, doc, "polygon_table", ListKind::PolygonTable);
  if (j.contains("polygon_table"))
    out.populationColumn = JsonReader(j["polygon_table"], projectName(doc), "programme.polygon_table").string("population_column", "");
  if (j.contains("business_categories")) {
    try {
      out.categories = j["business_categories"].get<BusinessCategories>();
    } catch (const std::exception& e) {
      throw InputError(projectName(doc), std::string("\"programme.business_categories\": ") + e.what());
    }
  }
  return out;
}

void setProgrammeSources(MapDocument& doc, const ProgrammeSources& s) {
  if (!doc.extraSections.is_object()) doc.extraSections = json::object();
  if (!s.any() && !s.categories) {
    doc.extraSections.erase("programme");
    return;
  }
  const fs::path base = projectFolder(doc);
  json j = json::object();
  if (s.beneficiaries.present()) j["beneficiaries"] = sourceTo(s.beneficiaries, base);
  if (s.mentors.present()) j["mentors"] = sourceTo(s.mentors, base);
  if (s.polygonTable.present()) {
    j["polygon_table"] = sourceTo(s.polygonTable, base);
    if (!s.populationColumn.empty()) j["polygon_table"]["population_column"] = s.populationColumn;
  }
  if (s.categories) j["business_categories"] = *s.categories;
  doc.extraSections["programme"] = j;
}

LoadedProgramme loadProgramme(const Layer& boundary, const MapProjection& projection, const ProgrammeSources& s) {
  LoadedProgramme out;
  if (s.categories) out.categories = *s.categories;
  const PlacementContext context(boundary, projection);
  if (s.beneficiaries.present()) {
    const Table table = readList(s.beneficiaries.path);
    out.beneficiaries = importBeneficiaries(table, mappingFor(table, s.beneficiaries, ListKind::Beneficiaries),
                                            context, out.categories);
    requireSomePlaced(out.beneficiaries->summary);
  }
  if (s.mentors.present()) {
    const Table table = readList(s.mentors.path);
    out.mentors = importMentors(table, mappingFor(table, s.mentors, ListKind::Mentors), context);
    requireSomePlaced(out.mentors->summary);
  }
  if (s.polygonTable.present() && !s.populationColumn.empty()) {
    const Table table = readList(s.polygonTable.path, {s.populationColumn});
    const int column = table.columnIndex(s.populationColumn);
    if (column < 0) throw InputError(s.polygonTable.path, "no column named '" + s.populationColumn + "'");
    const PolygonTableJoin join =
        joinPolygonTable(table, mappingFor(table, s.polygonTable, ListKind::PolygonTable), context.matcher());
    if (join.matched == 0) throw InputError(s.polygonTable.path, "no row matches a boundary polygon by code or name");
    out.population = polygonTableColumn(table, join, column);
  }
  return out;
}

}  // namespace pk
