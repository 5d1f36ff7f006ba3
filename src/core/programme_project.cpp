#include "core/programme_project.h"
#include "core/database_source.h"

#include <cmath>
#include <cstdio>
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
  const std::string recorded = e["path"].get<std::string>();
  s.path = isDatabaseSource(recorded) ? recorded : (base / recorded).lexically_normal().string();
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
  // A database source is kept as written; a file relative to the project folder when it can be.
  const fs::path rel = isDatabaseSource(s.path) ? fs::path() : fs::relative(s.path, base, ec);
  json e = {{"path", (ec || rel.empty()) ? s.path : rel.generic_string()}};
  if (s.mapping) e["mapping"] = *s.mapping;
  return e;
}

TableReadOptions listReadOptions(const std::vector<std::string>& extraHeaders = {}) {
  TableReadOptions options;
  options.knownHeaders = allRecognisedHeaders();
  for (const auto& h : extraHeaders) options.knownHeaders.push_back(normaliseHeader(h));
  return options;
}

Table readList(const std::string& path, const std::vector<std::string>& extraHeaders = {}) {
  return readTable(path, listReadOptions(extraHeaders));
}

// A list of the project read chunk by chunk (lists can be millions of rows).
ChunkedRead listChunks(const std::string& path) {
  return [path](const TableChunkSink& sink) { readTableChunks(path, listReadOptions(), kTableChunkRows, sink); };
}

ColumnMapping mappingFor(const Table& table, const std::optional<ColumnMapping>& saved, ListKind kind) {
  if (!saved) return guessColumnMapping(table, kind);
  ColumnMapping m = *saved;
  m.kind = kind;
  const std::vector<std::string> missing = m.bindTo(table.columns);
  if (!missing.empty()) {
    std::string list;
    for (const auto& k : missing) list += (list.empty() ? "" : ", ") + k;
    throw InputError(table.path, "the project's column mapping names columns this file lacks (" + list + ")");
  }
  return m;
}

ColumnMapping mappingFor(const Table& table, const ProgrammeSource& source, ListKind kind) {
  return mappingFor(table, source.mapping, kind);
}

std::string fileName(const std::string& path) {
  return isDatabaseSource(path) ? redactSource(path) : fs::path(path).filename().string();
}

// printf-style: the translation's one %s ... in order.
template <class... Args>
std::string formatted(const char* format, Args... args) {
  const int n = std::snprintf(nullptr, 0, format, args...);
  std::string out(n > 0 ? static_cast<size_t>(n) : 0, '\0');
  if (n > 0) std::snprintf(out.data(), out.size() + 1, format, args...);
  return out;
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

std::string programmeNoteText(const ProgrammeNote& note, Language language) {
  switch (note.kind) {
    case ProgrammeNote::Kind::TableMatchesNoPolygon:
      return formatted(translate("programme.note.table_skipped", language), note.file.c_str(), note.boundary.c_str());
    case ProgrammeNote::Kind::JoinedThroughKecamatan:
      return formatted(translate("programme.note.through_kecamatan", language), note.file.c_str(),
                       formatNumber(static_cast<double>(note.polygons), 0, language).c_str(), note.field.c_str(),
                       note.boundary.c_str());
    case ProgrammeNote::Kind::KecamatanPopulation:
      return formatted(translate("programme.note.kecamatan_population", language), note.file.c_str(),
                       note.field.c_str());
  }
  return note.file;
}

PopulationTable readPopulationTable(const std::string& path, const std::string& column,
                                    const std::optional<ColumnMapping>& mapping, const Layer& boundary,
                                    const PlaceMatcher& matcher) {
  PopulationTable out;
  const Table table = readList(path, {column});
  out.rows = table.rowCount();
  const int index = table.columnIndex(column);
  if (index < 0) throw InputError(path, "no column named '" + column + "'");
  out.join = joinPolygonTable(table, mappingFor(table, mapping, ListKind::PolygonTable), matcher);
  ProgrammeNote note;
  note.file = fileName(path);
  note.boundary = fileName(boundary.path);
  if (out.join.matched == 0) {
    out.notes.push_back(note);
    return out;
  }
  out.population = polygonTablePopulation(table, out.join, index);
  if (out.join.featuresThroughKecamatan > 0) {
    note.kind = ProgrammeNote::Kind::JoinedThroughKecamatan;
    note.field = out.join.kecamatanField;
    note.polygons = out.join.featuresThroughKecamatan;
    out.notes.push_back(note);
    note.kind = ProgrammeNote::Kind::KecamatanPopulation;
    note.field = column;
    note.polygons = 0;
    out.notes.push_back(note);
  }
  return out;
}

LoadedProgramme loadProgramme(const Layer& boundary, const MapProjection& projection, const ProgrammeSources& s) {
  LoadedProgramme out;
  if (s.categories) out.categories = *s.categories;
  const PlacementContext context(boundary, projection);
  if (s.beneficiaries.present()) {
    out.beneficiaries = importBeneficiaryChunks(
        s.beneficiaries.path, listChunks(s.beneficiaries.path), context, out.categories,
        [&](const Table& first) { return mappingFor(first, s.beneficiaries, ListKind::Beneficiaries); });
    requireSomePlaced(out.beneficiaries->summary);
  }
  if (s.mentors.present()) {
    out.mentors = importMentorChunks(s.mentors.path, listChunks(s.mentors.path), context, [&](const Table& first) {
      return mappingFor(first, s.mentors, ListKind::Mentors);
    });
    requireSomePlaced(out.mentors->summary);
  }
  if (s.polygonTable.present() && !s.populationColumn.empty()) {
    PopulationTable table =
        readPopulationTable(s.polygonTable.path, s.populationColumn, s.polygonTable.mapping, boundary, context.matcher());
    out.population = std::move(table.population);
    out.notes = std::move(table.notes);
  }
  return out;
}

}  // namespace pk
