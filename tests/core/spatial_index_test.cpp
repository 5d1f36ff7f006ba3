#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "core/layer_io.h"
#include "core/spatial_index.h"
#include "test_support.h"

using namespace pk;

TEST_CASE("hit-testing returns the right kecamatan at each desa point") {
  MapProjection utm(32748);
  LayerPtr layer = loadBoundaryLayer(pk::test::sharedGeodata("kbb_kecamatan.shp").string(), utm);
  PolygonIndex index(*layer);
  std::ifstream in(pk::test::sharedGeodata("kbb_desa_points.csv"));
  std::string line;
  std::getline(in, line);
  CHECK(line == "code,name,kec_code,kecamatan,lat,lon");
  int checked = 0;
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string code, name, kecCode, kecamatan, lat, lon;
    std::getline(ss, code, ',');
    std::getline(ss, name, ',');
    std::getline(ss, kecCode, ',');
    std::getline(ss, kecamatan, ',');
    std::getline(ss, lat, ',');
    std::getline(ss, lon, ',');
    const Vec2 p = utm.fromLonLat({std::stod(lon), std::stod(lat)});
    const int hit = index.find(p);
    INFO(name << " (" << code << ")");
    REQUIRE(hit >= 0);
    CHECK(layer->featureCode(hit) == kecCode);
    ++checked;
  }
  CHECK(checked == 165);
  // Far outside the regency.
  CHECK(index.find(utm.fromLonLat({106.8, -6.2})) == -1);
}

TEST_CASE("the index agrees with brute force on a grid of points") {
  MapProjection utm(32748);
  LayerPtr layer = loadBoundaryLayer(pk::test::sharedGeodata("kbb_desa.shp").string(), utm);
  PolygonIndex index(*layer);
  const BBox b = layer->bbox;
  int inside = 0;
  for (int iy = 0; iy < 60; ++iy)
    for (int ix = 0; ix < 60; ++ix) {
      const Vec2 p{b.minx + (ix + 0.5) * b.width() / 60, b.miny + (iy + 0.5) * b.height() / 60};
      int brute = -1;
      for (size_t i = 0; i < layer->features.size(); ++i)
        if (pointInMultiPolygon(layer->features[i].polygon, p)) { brute = int(i); break; }
      CHECK(index.find(p) == brute);
      inside += brute >= 0;
    }
  CHECK(inside > 1000);
}
