// A project whose data files have moved: which of the files it records are missing, and finding the
// others once the planner has located one (a file of the same name in the same folder, as QGIS's
// "auto-find" does for bad layers). The answers form a PathRemap for loadProject.
#pragma once
#include <string>
#include <vector>

#include "core/project_file.h"

namespace pk {

enum class ProjectFileRole { BoundaryLayer, ContextLayer, Beneficiaries, Mentors, PolygonTable };

// English, for logs and the CLI ("boundary layer", "beneficiary list", ...).
const char* projectFileRoleName(ProjectFileRole role);

struct MissingProjectFile {
  ProjectFileRole role;
  std::string recordedPath;  // as written in the project, usually relative to it
  std::string resolvedPath;  // absolute: where the project says it is; the key of a PathRemap
};

// The data files the project records (layers, programme lists) that do not exist, in the project's
// order, each file once. Empty when nothing is missing. Throws InputError naming the project file for
// an unreadable or malformed project, as loadProject does; entries without a usable path are left
// for loadProject to report.
std::vector<MissingProjectFile> missingProjectFiles(const std::string& projectPath);

// After the planner located one file at `locatedPath`: every missing file not yet in `moved` whose
// file name exists in `locatedPath`'s folder is added to `moved`. Returns the indices (into
// `missing`) it found.
std::vector<size_t> findMovedFilesNextTo(const std::string& locatedPath, const std::vector<MissingProjectFile>& missing,
                                         PathRemap& moved);

}  // namespace pk
