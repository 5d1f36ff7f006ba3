#include "core/project_relocation.h"
#include "core/database_source.h"

#include <filesystem>

namespace fs = std::filesystem;
using nlohmann::json;

namespace pk {

namespace {

bool fileExists(const std::string& path) {
  std::error_code ec;
  return fs::exists(path, ec);
}

}  // namespace

const char* projectFileRoleName(ProjectFileRole role) {
  switch (role) {
    case ProjectFileRole::BoundaryLayer: return "boundary layer";
    case ProjectFileRole::ContextLayer: return "context layer";
    case ProjectFileRole::Beneficiaries: return "beneficiary list";
    case ProjectFileRole::Mentors: return "mentor list";
    case ProjectFileRole::PolygonTable: return "per-polygon table";
  }
  return "data file";
}

std::vector<MissingProjectFile> missingProjectFiles(const std::string& projectPath) {
  const json project = readProjectJson(projectPath);
  std::vector<MissingProjectFile> missing;
  auto check = [&](ProjectFileRole role, const json& entry) {
    if (!entry.is_object() || !entry.contains("path") || !entry["path"].is_string()) return;
    const std::string recorded = entry["path"].get<std::string>();
    if (recorded.empty() || isDatabaseSource(recorded)) return;  // a connection is never a missing file
    const std::string resolved = resolveProjectEntry(projectPath, recorded);
    if (fileExists(resolved)) return;
    // Two layers of one GeoPackage are one file to find.
    for (const auto& m : missing)
      if (m.resolvedPath == resolved) return;
    missing.push_back({role, recorded, resolved});
  };
  if (project.contains("layers") && project["layers"].is_array())
    for (const auto& layer : project["layers"])
      check(layer.is_object() && layer.contains("role") && layer["role"] == "boundary" ? ProjectFileRole::BoundaryLayer
                                                                       : ProjectFileRole::ContextLayer,
            layer);
  if (project.contains("programme") && project["programme"].is_object()) {
    const json& programme = project["programme"];
    const std::pair<const char*, ProjectFileRole> lists[] = {{"beneficiaries", ProjectFileRole::Beneficiaries},
                                                             {"mentors", ProjectFileRole::Mentors},
                                                             {"polygon_table", ProjectFileRole::PolygonTable}};
    for (const auto& [key, role] : lists)
      if (programme.contains(key)) check(role, programme[key]);
  }
  return missing;
}

std::vector<size_t> findMovedFilesNextTo(const std::string& locatedPath, const std::vector<MissingProjectFile>& missing,
                                         PathRemap& moved) {
  const fs::path folder = fs::absolute(locatedPath).parent_path();
  std::vector<size_t> found;
  for (size_t i = 0; i < missing.size(); ++i) {
    if (moved.count(missing[i].resolvedPath)) continue;
    const fs::path name = fs::path(missing[i].resolvedPath).filename();
    const fs::path candidate = (folder / name).lexically_normal();
    std::error_code ec;
    if (name.empty() || !fs::is_regular_file(candidate, ec)) continue;
    moved[missing[i].resolvedPath] = candidate.string();
    found.push_back(i);
  }
  return found;
}

}  // namespace pk
