// The model behind the dashboard's file browser (ImGui has none): one folder's entries, folders first,
// filtered by file extension. Kept out of the UI so it can be tested.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace pk {

struct DirectoryEntry {
  std::string name;
  bool isDirectory = false;
  std::uintmax_t sizeBytes = 0;
};

// True if `fileName` ends with `extension` (".shp", ".prokus.json"), ignoring case.
bool hasExtension(const std::string& fileName, const std::string& extension);

// The extensions the dashboard opens as map data, and the project file extension.
const std::vector<std::string>& dataFileExtensions();  // .shp .gpkg .geojson .json .fgb .kml
inline constexpr const char* kProjectExtension = ".prokus.json";

// Folders first, then files matching any of `extensions` (all files when empty), each group sorted by
// name ignoring case. Names starting with '.' are left out unless `showHidden`. Entries that cannot be
// read are skipped. Returns false with a one-line message in *error if the folder itself cannot be read.
bool listDirectory(const std::string& directory, const std::vector<std::string>& extensions, bool showHidden,
                   std::vector<DirectoryEntry>& entries, std::string* error);

}  // namespace pk
