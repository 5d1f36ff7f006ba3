// Writing a rendered RGBA image as a georeferenced raster through GDAL: PNG and JPEG with a world
// file of the same stem (map.png -> map.pgw, map.jpg -> map.jgw) and the CRS in GDAL's sidecar
// (map.png.aux.xml); GeoTIFF and PDF (a page of the image's size at its DPI) with the georeferencing
// inside. Every file records its DPI (PNG pHYs, JPEG JFIF density, TIFF resolution tags, PDF page
// size) and the data sources and date (PNG text chunks, JPEG comment and EXIF, TIFF tags, PDF info).
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

// What a file records besides its pixels.
struct ExportMetadata {
  double dotsPerInch = 0;     // 0: 72 x view.pixelsPerPoint
  bool transparent = false;   // keep the alpha channel (PNG, GeoTIFF); others are always opaque
  std::string title;
  std::string sources;        // data sources and their credits, e.g. "Batas wilayah: BPS 2020 / ..."
  std::string date;           // ISO date "YYYY-MM-DD" of the map; empty: today
  std::string software = "prokus-map";
  // The map projection, e.g. "WGS 84 / World Mercator (EPSG:3395)"; filled by writeGeoreferencedImage
  // from the projection it is given, so every image says which CRS it was drawn in.
  std::string mapCrs;
  // The numbers the image's legends print ("label: text"), written as the "Legend" text so an
  // audit reads every number an export releases; empty: none.
  std::vector<std::string> legendNumbers;
};

// Format from the extension: .png, .jpg/.jpeg, .tif/.tiff, .pdf. Throws InputError for an
// unsupported extension and std::runtime_error for write failures. Existing files are replaced
// atomically (the image last).
void writeGeoreferencedImage(const RgbaImage& image, const MapView& view, const MapProjection& projection,
                             const std::string& outPath, const ExportMetadata& metadata);
void writeGeoreferencedImage(const RgbaImage& image, const MapView& view, const MapProjection& projection,
                             const std::string& outPath, bool opaque = true);

// True if the path's extension names a raster format writeGeoreferencedImage can write.
bool supportedRasterPath(const std::string& path);

// World file extension for an image path: .png -> .pgw, .jpg -> .jgw, .tif -> .tfw (none for .pdf,
// which holds its georeferencing).
std::string worldFilePathFor(const std::string& imagePath);

}  // namespace pk
