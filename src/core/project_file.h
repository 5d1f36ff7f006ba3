// *.prokus.json: the layers opened (paths relative to the project file), their field choices and
// styles, and the view. Later features add their sections. Saves are atomic.
#pragma once
#include "core/safe_write.h"  // writeFileAtomically, shared by every save
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "core/layer_io.h"
#include "core/map_document.h"

namespace pk {

// Data files of a project that have moved: the absolute path an entry of the project resolves to
// (see resolveProjectEntry) -> the file to open instead. An empty target leaves that file out: its
// layer is not opened, its programme list is dropped.
using PathRemap = std::map<std::string, std::string>;

// Loads the project into a fresh document. Throws InputError naming the project file (bad JSON,
// wrong version) or the data file that failed to open. Its layers are read to be drawn (LoadFor in
// core/layer_io.h) unless `use` says they are only analysed.
MapDocument loadProject(const std::string& projectPath, LoadFor use = LoadFor::Drawing);
// The same, opening the moved files where `moved` says they are now. The document then records the
// new locations (a later save writes them); the project file itself is only read.
MapDocument loadProject(const std::string& projectPath, const PathRemap& moved, LoadFor use = LoadFor::Drawing);

// Reads and checks the project file (JSON, format, version) without opening its data files.
// Throws InputError naming the project file.
nlohmann::json readProjectJson(const std::string& projectPath);
// Where a path recorded in the project (relative to the project file's folder, or absolute) points:
// absolute and normalised. The key of a PathRemap.
std::string resolveProjectEntry(const std::string& projectPath, const std::string& recordedPath);

// Writes the document to `projectPath` atomically (temporary file in the same folder, then rename).
// Throws std::runtime_error with the path on failure; the previous file is then left intact.
void saveProject(const MapDocument& doc, const std::string& projectPath);

}  // namespace pk
