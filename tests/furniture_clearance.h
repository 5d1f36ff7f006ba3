// Whether a georeferenced map image has polygons under a pixel box: samples the box's pixels, takes
// them to map coordinates through the image's geotransform (as GDAL reads it) and tests them against
// the boundary polygons. For the fit tests: furniture boxes must sit off the polygons.
#pragma once
#include <doctest/doctest.h>

#include <gdal_priv.h>

#include <cstdio>
#include <memory>
#include <sstream>
#include <string>

#include "core/geometry.h"
#include "core/layer.h"

namespace pk::fit_test {

// Samples of `box` (pixels) that fall inside `feature` (-1: any feature of `layer`).
inline int polygonSamplesUnder(const std::string& image, const Layer& layer, const BBox& box, int feature = -1) {
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open(image.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  REQUIRE(ds);
  double gt[6];
  REQUIRE(ds->GetGeoTransform(gt) == CE_None);
  constexpr int kSamples = 24;
  int inside = 0;
  for (int sy = 0; sy < kSamples; ++sy)
    for (int sx = 0; sx < kSamples; ++sx) {
      const double px = box.minx + box.width() * (sx + 0.5) / kSamples, py = box.miny + box.height() * (sy + 0.5) / kSamples;
      const Vec2 p{gt[0] + px * gt[1] + py * gt[2], gt[3] + px * gt[4] + py * gt[5]};
      for (size_t f = 0; f < layer.features.size(); ++f) {
        if (feature >= 0 && int(f) != feature) continue;
        const Feature& ft = layer.features[f];
        if (ft.bbox.contains(p) && pointInMultiPolygon(ft.polygon, p)) {
          ++inside;
          break;
        }
      }
    }
  return inside;
}

// Every "PREFIX NAME at X0,Y0 to X1,Y1 px" line of `text`, as (name, box).
inline std::vector<std::pair<std::string, BBox>> boxesIn(const std::string& text, const std::string& prefix) {
  std::vector<std::pair<std::string, BBox>> out;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    const auto at = line.find(prefix);
    if (at == std::string::npos) continue;
    char name[64];
    BBox b;
    if (std::sscanf(line.c_str() + at + prefix.size(), " %63s at %lf,%lf to %lf,%lf px", name, &b.minx, &b.miny, &b.maxx,
                    &b.maxy) == 5)
      out.push_back({name, b});
  }
  return out;
}

}  // namespace pk::fit_test
