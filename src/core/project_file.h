// *.prokus.json: the layers opened (paths relative to the project file), their field choices and
// styles, and the view. Later features add their sections. Saves are atomic.
#pragma once
#include <string>

#include "core/map_document.h"

namespace pk {

// Loads the project into a fresh document. Throws InputError naming the project file (bad JSON,
// wrong version) or the data file that failed to open.
MapDocument loadProject(const std::string& projectPath);

// Writes the document to `projectPath` atomically (temporary file in the same folder, then rename).
// Throws std::runtime_error with the path on failure; the previous file is then left intact.
void saveProject(const MapDocument& doc, const std::string& projectPath);

// Writes `contents` to `path` atomically. Shared by every save in the app.
void writeFileAtomically(const std::string& path, const std::string& contents);

}  // namespace pk
