// A cache of loaded vector files in the user's cache folder, so that a big layer (a national
// boundary file) opened again skips the reading, reprojection, validity repair and areas: the layers
// as loadVectorFile made them, keyed by the file's identity and the map CRS. No GDAL here.
//
// Folder: $PROKUS_LAYER_CACHE_DIR, else $XDG_CACHE_HOME/prokus-map/layers, else ~/.cache/prokus-map/layers.
// PROKUS_LAYER_CACHE=0 turns it off (neither read nor written).
#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/cache_file.h"
#include "core/layer.h"

namespace pk {

// Files with fewer vertices (all layers together) load fast enough without: they are not cached.
constexpr size_t kLayerCacheMinVertices = 200000;

// The folder of the cache files; empty when the cache is off or no folder is known.
std::string layerCacheFolder();

// What a cache entry is valid for: the dataset's files as they are now (size, modification time,
// inode, device of each) and the map CRS. nullopt when the cache is off or a file cannot be looked at.
struct LayerCacheKey {
  std::string entryPath;  // the cache file: one per (source path, map CRS), replaced when the source changes
  std::string identity;   // everything the entry must match, repeated in its header
};
std::optional<LayerCacheKey> layerCacheKey(const std::string& absolutePath, const std::vector<std::string>& datasetFiles,
                                           int mapEpsg);

// The layers stored for `key`, or nullopt when there is no entry or it does not match, is truncated
// or damaged (never trusted: every length is checked and the payload's checksum compared).
std::optional<std::vector<LayerPtr>> readLayerCache(const LayerCacheKey& key);

// Whether the cache takes `layers`: polygons only (a point file may be a beneficiary list, which is
// never copied anywhere the planner did not ask for), at least kLayerCacheMinVertices vertices.
bool layerCacheAccepts(const std::vector<LayerPtr>& layers);

// Stores `layers` for `key` (atomically, mode 0600) when layerCacheAccepts them. Failures (read-only
// or full disk) are ignored: the cache is only a shortcut.
void writeLayerCache(const LayerCacheKey& key, const std::vector<LayerPtr>& layers);

// Points every layer's derivedCache at `key`'s entry (layer index = position in `layers`).
void setDerivedCacheSlots(const LayerCacheKey& key, const std::vector<LayerPtr>& layers);

// Data derived from a cached layer's geometry (what the renderer builds from it), in a file of its
// own beside the layer's entry. It is valid as long as the entry's identity is, for the same `kind`,
// which names the data and its format version (bump it when either changes). Read and written as
// readCacheFile/writeCacheFile do; false, doing nothing, for a slot without an entry.
bool readDerivedCache(const DerivedCacheSlot& slot, const std::string& kind,
                      const std::function<bool(CacheReader&)>& body);
bool writeDerivedCache(const DerivedCacheSlot& slot, const std::string& kind,
                       const std::function<void(CacheWriter&)>& body);

}  // namespace pk
