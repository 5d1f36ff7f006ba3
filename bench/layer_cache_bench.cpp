// The layer cache on one big vector file (e.g. national_kecamatan.gpkg from make_national): loading it
// with the cache off (read, reprojection, validity repair, areas), the first load that writes the entry,
// and loads from the entry, best of 3 each, in this process only (no stats or drawing). The entry goes to
// a scratch folder that is removed at the end. Prints figures; asserts nothing.
// usage: layer_cache_bench [FILE [EPSG]]   (FILE defaults to kbb_desa.shp, which is below the cache's
// threshold: its "warm" figure is then a normal load)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <unistd.h>

#include "core/layer_cache.h"
#include "core/layer_io.h"
#include "core/projection.h"

using namespace pk;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

int main(int argc, char** argv) {
  const char* geodataEnv = std::getenv("PROKUS_SHARED_GEODATA");
  const fs::path geodata = geodataEnv ? fs::path(geodataEnv) : fs::path("../shared/geodata");
  const std::string file = argc > 1 ? argv[1] : (geodata / "kbb_desa.shp").string();
  try {
    const MapProjection projection(argc > 2 ? std::atoi(argv[2]) : mapCrsEpsgFor(lonLatExtentOf(file)));
    const fs::path scratch = fs::temp_directory_path() / ("prokus-layer-cache-bench-" + std::to_string(::getpid()));
    setenv("PROKUS_LAYER_CACHE_DIR", scratch.c_str(), 1);
    auto timed = [&](bool cacheOn, bool& fromCache) {
      if (cacheOn) unsetenv("PROKUS_LAYER_CACHE");
      else setenv("PROKUS_LAYER_CACHE", "0", 1);
      const auto start = Clock::now();
      fromCache = loadVectorFile(file, projection).fromCache;
      return std::chrono::duration<double>(Clock::now() - start).count();
    };
    auto bestOf3 = [&](bool cacheOn, bool& fromCache) {
      double best = 1e9;
      for (int i = 0; i < 3; ++i) best = std::min(best, timed(cacheOn, fromCache));
      return best;
    };
    const std::string name = fs::path(file).filename().string();
    bool fromCache = false;
    std::printf("layer cache %s, cache off (best of 3): %.3f s\n", name.c_str(), bestOf3(false, fromCache));
    const double first = timed(true, fromCache);
    std::printf("layer cache %s, first load writing the entry: %.3f s\n", name.c_str(), first);
    const double warm = bestOf3(true, fromCache);
    std::printf("layer cache %s, %s (best of 3): %.3f s\n", name.c_str(),
                fromCache ? "from the cache" : "below the threshold, not cached", warm);
    std::error_code ec;
    fs::remove_all(scratch, ec);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "layer_cache_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
