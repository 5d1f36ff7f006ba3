#include "core/directory_listing.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace pk {

namespace fs = std::filesystem;

namespace {
std::string lowered(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}
}  // namespace

bool hasExtension(const std::string& fileName, const std::string& extension) {
  if (extension.empty() || fileName.size() <= extension.size()) return false;
  return lowered(fileName.substr(fileName.size() - extension.size())) == lowered(extension);
}

const std::vector<std::string>& dataFileExtensions() {
  static const std::vector<std::string> kExtensions = {".shp", ".gpkg", ".geojson", ".json", ".fgb", ".kml"};
  return kExtensions;
}

bool listDirectory(const std::string& directory, const std::vector<std::string>& extensions, bool showHidden,
                   std::vector<DirectoryEntry>& entries, std::string* error) {
  entries.clear();
  std::error_code ec;
  fs::directory_iterator it(directory, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    if (error) *error = directory + ": cannot open folder (" + ec.message() + ")";
    return false;
  }
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    const std::string name = it->path().filename().string();
    if (!showHidden && !name.empty() && name[0] == '.') continue;
    std::error_code statError;
    const bool isDirectory = it->is_directory(statError);  // follows symlinks
    if (statError) continue;
    if (!isDirectory) {
      if (!it->is_regular_file(statError) || statError) continue;
      if (!extensions.empty() &&
          std::none_of(extensions.begin(), extensions.end(),
                       [&](const std::string& ext) { return hasExtension(name, ext); }))
        continue;
    }
    DirectoryEntry entry;
    entry.name = name;
    entry.isDirectory = isDirectory;
    if (!isDirectory) {
      entry.sizeBytes = it->file_size(statError);
      if (statError) entry.sizeBytes = 0;
    }
    entries.push_back(std::move(entry));
  }
  std::sort(entries.begin(), entries.end(), [](const DirectoryEntry& a, const DirectoryEntry& b) {
    if (a.isDirectory != b.isDirectory) return a.isDirectory;
    const std::string la = lowered(a.name), lb = lowered(b.name);
    return la != lb ? la < lb : a.name < b.name;
  });
  return true;
}

}  // namespace pk
