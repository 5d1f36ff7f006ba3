// Opening vector files through GDAL: every supported format, reprojection into the map CRS,
// field guessing, and clear messages for bad input. Files are opened read-only.
#pragma once
#include <stdexcept>
#include <string>
#include <vector>

#include "core/layer.h"
#include "core/projection.h"

namespace pk {

enum class Language;  // core/i18n.h

// A problem with an input file. what() is one line naming the file and the problem, ready for
// stderr or a dialog, e.g. "kbb.shp: missing companion file kbb.shx (Shapefile needs .shp, .shx and .dbf)".
class InputError : public std::runtime_error {
 public:
  InputError(const std::string& path, const std::string& problem);
  const std::string& path() const { return path_; }
  const std::string& problem() const { return problem_; }
 private:
  std::string path_, problem_;
};

// Registers GDAL drivers once and sets process-wide GDAL options (quiet errors, no network).
void initGdal();

struct LoadedLayers {
  std::vector<LayerPtr> layers;      // every layer of the file with usable features, polygons first
  bool fromCache = false;            // read from the layer cache (core/layer_cache.h), not the file
};

// Lon/lat extent (x = lon) of every layer in the file, without reading it all, for choosing the projection.
BBox lonLatExtentOf(const std::string& path);

// What a layer is read for. To be drawn, a polygon layer's vertices are also numbered for its drawing
// topology while the file is read (on a thread of its own), kept in Layer::loadedTopology.
enum class LoadFor { Analysis, Drawing };

// Opens every layer of `path`, reprojected into `projection`. Throws InputError for missing or
// unreadable files, no CRS, no features, and so on.
LoadedLayers loadVectorFile(const std::string& path, const MapProjection& projection, LoadFor use = LoadFor::Analysis);

// Opens `path` and returns its polygon layer (the first with polygons). Throws InputError if the
// file has none ("has no polygon layer (it holds points): open it as a context layer instead").
LayerPtr loadBoundaryLayer(const std::string& path, const MapProjection& projection, LoadFor use = LoadFor::Analysis);

// One line per load warning of `layer`, naming its file and the features (at most 10, then "and N more"),
// e.g. "kbb.geojson: 2 invalid polygons repaired (self-intersecting or twisted rings): Lembang (32.17.01),
// Cipatat (32.17.07)". English for the CLI; the window passes its language.
std::vector<std::string> loadWarningLines(const Layer& layer, Language language);
std::vector<std::string> loadWarningLines(const Layer& layer);

// Best guess of the name and code fields, from common field names (name, NAMOBJ, WADMKC, KECAMATAN,
// nama, code, kode, KDCPUM, ...) and, given the features, their values: a name field holds short
// texts with letters, a code field codes (32.17.01, 3217010001), each (nearly) unique per feature,
// so a country_code of "ID" everywhere or a desa's kecamatan field is passed over. -1 where nothing fits.
int guessNameField(const std::vector<std::string>& fieldNames, const std::vector<Feature>& features = {});
int guessCodeField(const std::vector<std::string>& fieldNames, const std::vector<Feature>& features = {});

}  // namespace pk
