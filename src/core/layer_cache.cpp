#include "core/layer_cache.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <type_traits>

namespace fs = std::filesystem;

namespace pk {

namespace {

// Bump whenever Layer, Feature or what the loader puts in them changes (reprojection, repair, areas,
// warnings, field guesses): old entries then miss and are replaced.
constexpr std::uint32_t kFormatVersion = 1;

static_assert(std::is_trivially_copyable_v<Vec2> && sizeof(Vec2) == 2 * sizeof(double));

std::uint64_t fnv1a(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

std::string hex(std::uint64_t v) {
  static const char* digits = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) out[size_t(i)] = digits[v & 15];
  return out;
}

bool cacheTurnedOff() {
  const char* setting = std::getenv("PROKUS_LAYER_CACHE");
  return setting && std::string_view(setting) == "0";
}

size_t vertexCount(const std::vector<LayerPtr>& layers) {
  size_t n = 0;
  for (const auto& layer : layers)
    for (const Feature& f : layer->features) {
      for (const auto& part : f.polygon.parts)
        for (const auto& ring : part.rings) n += ring.size();
      for (const auto& line : f.lines) n += line.size();
      n += f.points.size();
    }
  return n;
}

void writeCachedLayer(CacheWriter& w, const Layer& layer) {
  w.str(layer.layerName);
  w.str(layer.displayName);
  w.str(layer.sourceCrs);
  w.pod<std::uint8_t>(std::uint8_t(layer.kind));
  w.pod<std::int32_t>(layer.nameField);
  w.pod<std::int32_t>(layer.codeField);
  w.pod<std::uint64_t>(layer.fieldNames.size());
  for (const auto& name : layer.fieldNames) w.str(name);
  w.bbox(layer.bbox);
  w.pod<std::uint64_t>(layer.loadWarnings.size());
  for (const LoadWarning& warning : layer.loadWarnings) {
    w.pod<std::uint8_t>(std::uint8_t(warning.issue));
    w.pod<std::uint64_t>(warning.features.size());
    for (const auto& label : warning.features) w.str(label);
  }
  w.pod<std::uint64_t>(layer.features.size());
  for (const Feature& f : layer.features) {
    w.bbox(f.bbox);
    w.pod(f.areaKm2);
    w.pod<std::uint64_t>(f.values.size());
    for (const auto& v : f.values) w.str(v);
    w.pod<std::uint64_t>(f.polygon.parts.size());
    for (const Polygon& part : f.polygon.parts) {
      w.pod<std::uint64_t>(part.rings.size());
      for (const Ring& ring : part.rings) w.array(ring);
    }
    w.pod<std::uint64_t>(f.lines.size());
    for (const auto& line : f.lines) w.array(line);
    w.array(f.points);
  }
}

LayerPtr readCachedLayer(CacheReader& r) {
  auto layer = std::make_shared<Layer>();
  layer->layerName = r.str();
  layer->displayName = r.str();
  layer->sourceCrs = r.str();
  const auto kind = r.pod<std::uint8_t>();
  if (kind > std::uint8_t(GeometryKind::Point)) r.ok = false;
  layer->kind = GeometryKind(kind);
  layer->nameField = r.pod<std::int32_t>();
  layer->codeField = r.pod<std::int32_t>();
  layer->fieldNames.resize(r.count(8));
  for (auto& name : layer->fieldNames) name = r.str();
  if (layer->nameField < -1 || layer->nameField >= int(layer->fieldNames.size()) || layer->codeField < -1 ||
      layer->codeField >= int(layer->fieldNames.size()))
    r.ok = false;
  layer->bbox = r.bbox();
  layer->loadWarnings.resize(r.count(9));
  for (LoadWarning& warning : layer->loadWarnings) {
    const auto issue = r.pod<std::uint8_t>();
    if (issue > std::uint8_t(LoadIssue::DuplicateCode)) r.ok = false;
    warning.issue = LoadIssue(issue);
    warning.features.resize(r.count(8));
    for (auto& label : warning.features) label = r.str();
  }
  layer->features.resize(r.count(4 * 8 + 8 + 3 * 8 + 8));
  for (Feature& f : layer->features) {
    f.bbox = r.bbox();
    f.areaKm2 = r.pod<double>();
    f.values.resize(r.count(8));
    if (f.values.size() != layer->fieldNames.size()) r.ok = false;
    for (auto& v : f.values) v = r.str();
    f.polygon.parts.resize(r.count(8));
    for (Polygon& part : f.polygon.parts) {
      part.rings.resize(r.count(8));
      for (Ring& ring : part.rings) r.array(ring);
    }
    f.lines.resize(r.count(8));
    for (auto& line : f.lines) r.array(line);
    r.array(f.points);
    if (!r.ok) break;
    r.progress();
  }
  return layer;
}



}  // namespace

std::string layerCacheFolder() {
  if (cacheTurnedOff()) return "";
  if (const char* dir = std::getenv("PROKUS_LAYER_CACHE_DIR"); dir && *dir) return dir;
  // XDG: a relative XDG_CACHE_HOME is invalid and ignored.
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg == '/')
    return (fs::path(xdg) / "prokus-map" / "layers").string();
  if (const char* home = std::getenv("HOME"); home && *home)
    return (fs::path(home) / ".cache" / "prokus-map" / "layers").string();
  return "";
}

std::optional<LayerCacheKey> layerCacheKey(const std::string& absolutePath, const std::vector<std::string>& datasetFiles,
                                           int mapEpsg) {
  const std::string folder = layerCacheFolder();
  if (folder.empty()) return std::nullopt;
  LayerCacheKey key;
  const std::string entry = "version " + std::to_string(kFormatVersion) + "\nmap EPSG:" + std::to_string(mapEpsg) +
                            "\nsource " + absolutePath + "\n";
  key.entryPath = (fs::path(folder) / (hex(fnv1a(entry)) + ".bin")).string();
  key.identity = entry;
  std::vector<std::string> files = datasetFiles;
  // SQLite's write-ahead log holds changes not yet in the GeoPackage itself.
  files.push_back(absolutePath + "-wal");
  for (const std::string& file : files) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) {
      if (errno == ENOENT && &file == &files.back()) {
        key.identity += "file " + file + " absent\n";
        continue;
      }
      return std::nullopt;
    }
    key.identity += "file " + file + " size " + std::to_string(st.st_size) + " mtime " +
                    std::to_string(std::int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec) + " inode " +
                    std::to_string(st.st_ino) + " device " + std::to_string(st.st_dev) + "\n";
  }
  return key;
}

std::optional<std::vector<LayerPtr>> readLayerCache(const LayerCacheKey& key) {
  std::vector<LayerPtr> layers;
  const bool read = readCacheFile(key.entryPath, key.identity, [&](CacheReader& r) {
    layers.resize(r.count(1));
    for (LayerPtr& layer : layers) {
      layer = readCachedLayer(r);
      if (!r.ok) return false;
    }
    return !layers.empty();
  });
  if (!read) return std::nullopt;
  return layers;
}

bool layerCacheAccepts(const std::vector<LayerPtr>& layers) {
  // Boundaries only: a point file opened as a layer may be a beneficiary list (names, NIK), and
  // personal data is never copied anywhere the planner did not ask for.
  for (const auto& layer : layers)
    if (layer->kind != GeometryKind::Polygon) return false;
  return vertexCount(layers) >= kLayerCacheMinVertices;
}

void writeLayerCache(const LayerCacheKey& key, const std::vector<LayerPtr>& layers) {
  if (!layerCacheAccepts(layers)) return;
  // A cache that cannot be written (read-only home, full disk) only costs the next load its speed.
  writeCacheFile(key.entryPath, key.identity, [&](CacheWriter& w) {
    w.pod<std::uint64_t>(layers.size());
    for (const auto& layer : layers) writeCachedLayer(w, *layer);
  });
}

void setDerivedCacheSlots(const LayerCacheKey& key, const std::vector<LayerPtr>& layers) {
  for (size_t i = 0; i < layers.size(); ++i) layers[i]->derivedCache = {key.entryPath, key.identity, i};
}

namespace {

// The derived file of `slot` for `kind`: beside the entry, one per (entry, kind, layer), so a new
// version of the source replaces it rather than adding files.
std::pair<std::string, std::string> derivedPathAndIdentity(const DerivedCacheSlot& slot, const std::string& kind) {
  const std::string what = "derived " + kind + " layer " + std::to_string(slot.layerIndex) + "\n";
  fs::path path(slot.entryPath);
  path.replace_filename(path.stem().string() + "-" + hex(fnv1a(what)) + ".bin");
  return {path.string(), slot.identity + what};
}

}  // namespace

bool readDerivedCache(const DerivedCacheSlot& slot, const std::string& kind,
                      const std::function<bool(CacheReader&)>& body) {
  if (slot.entryPath.empty() || cacheTurnedOff()) return false;
  const auto [path, identity] = derivedPathAndIdentity(slot, kind);
  return readCacheFile(path, identity, body);
}

bool writeDerivedCache(const DerivedCacheSlot& slot, const std::string& kind,
                       const std::function<void(CacheWriter&)>& body) {
  if (slot.entryPath.empty() || cacheTurnedOff()) return false;
  const auto [path, identity] = derivedPathAndIdentity(slot, kind);
  return writeCacheFile(path, identity, body);
}

}  // namespace pk
