// Writing a rendered RGBA image as a georeferenced raster through GDAL: the PNG itself, a world
// file with the same stem (map.png -> map.pgw) and the CRS in GDAL's sidecar (map.png.aux.xml).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/projection.h"
#include "core/view.h"

namespace pk {

struct RgbaImage {
  int width = 0, height = 0;
  std::vector<std::uint8_t> pixels;  // width*height*4, top row first
};

// Format from the extension (.png now). Throws InputError for an unsupported extension and
// std::runtime_error for write failures. Existing files are replaced atomically.
void writeGeoreferencedImage(const RgbaImage& image, const MapView& view, const MapProjection& projection,
                             const std::string& outPath, bool opaque = true);

// True if the path's extension names a raster format writeGeoreferencedImage can write.
bool supportedRasterPath(const std::string& path);

// World file extension for an image path: .png -> .pgw, .jpg -> .jgw, .tif -> .tfw.
std::string worldFilePathFor(const std::string& imagePath);

}  // namespace pk
