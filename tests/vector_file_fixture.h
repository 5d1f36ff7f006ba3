// A new vector file written through GDAL for tests that need a real file on disk (GeoPackage by
// default), with one layer in WGS 84 longitude/latitude.
#pragma once
#include <doctest/doctest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <memory>
#include <string>

#include "core/layer_io.h"

namespace pk::test {

struct NewVectorFile {
  struct Closer {
    void operator()(GDALDataset* ds) const { GDALClose(ds); }
  };
  std::unique_ptr<GDALDataset, Closer> dataset;  // reset() writes the file
  OGRLayer* layer = nullptr;
};

inline NewVectorFile newWgs84VectorFile(const std::string& path, const char* layerName, OGRwkbGeometryType type,
                                        const char* driverName = "GPKG") {
  initGdal();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driverName);
  REQUIRE(driver);
  NewVectorFile out;
  out.dataset.reset(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  REQUIRE(out.dataset);
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  out.layer = out.dataset->CreateLayer(layerName, &wgs84, type, nullptr);
  REQUIRE(out.layer);
  return out;
}

}  // namespace pk::test
