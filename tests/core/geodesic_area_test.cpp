#include <doctest/doctest.h>

#include <geodesic.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <map>
#include <memory>
#include <sstream>
#include <utility>

#include "core/geodesic_area.h"
#include "core/layer_io.h"
#include "core/map_document.h"
#include "core/projection.h"
#include "core/raster_export.h"
#include "test_support.h"

using namespace pk;
using pk::test::TempDir;

namespace {

// Polygons as lon/lat degrees, built here independently of the code under test.
using LonLatRing = std::vector<std::pair<double, double>>;  // open: the closing vertex is not repeated
using LonLatPolygon = std::vector<LonLatRing>;              // [0] outer ring, then holes
using LonLatMulti = std::vector<LonLatPolygon>;

LonLatRing box(double west, double south, double east, double north) {
  return {{west, south}, {east, south}, {east, north}, {west, north}};
}

// The reference: GeographicLib's geodesic polygon area (PROJ's geod_polygonarea) on WGS 84.
double geodKm2(const LonLatRing& ring) {
  geod_geodesic g;
  geod_init(&g, 6378137.0, 1 / 298.257223563);
  std::vector<double> lats, lons;
  for (auto [lon, lat] : ring) lons.push_back(lon), lats.push_back(lat);
  double area = 0, perimeter = 0;
  geod_polygonarea(&g, lats.data(), lons.data(), int(ring.size()), &area, &perimeter);
  return std::abs(area) / 1e6;
}

double geodKm2(const LonLatMulti& mp) {
  double km2 = 0;
  for (const auto& polygon : mp) {
    km2 += geodKm2(polygon[0]);
    for (size_t h = 1; h < polygon.size(); ++h) km2 -= geodKm2(polygon[h]);
  }
  return km2;
}

std::string wktOf(const LonLatMulti& mp) {
  std::ostringstream out;
  out.precision(17);
  out << "MULTIPOLYGON(";
  for (size_t p = 0; p < mp.size(); ++p) {
    out << (p ? ",(" : "(");
    for (size_t r = 0; r < mp[p].size(); ++r) {
      out << (r ? ",(" : "(");
      for (auto [lon, lat] : mp[p][r]) out << lon << ' ' << lat << ',';
      out << mp[p][r][0].first << ' ' << mp[p][r][0].second << ')';
    }
    out << ')';
  }
  out << ')';
  return out.str();
}

// Writes the features (code -> lon/lat geometry) as a GeoPackage in EPSG:`epsg` through GDAL.
void writeGpkg(const std::string& path, int epsg, const std::map<std::string, LonLatMulti>& features) {
  initGdal();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
  REQUIRE(driver);
  std::unique_ptr<GDALDataset> ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  REQUIRE(ds);
  OGRSpatialReference wgs84, target;
  wgs84.importFromEPSG(4326);
  target.importFromEPSG(epsg);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRLayer* layer = ds->CreateLayer("areas", &target, wkbMultiPolygon, nullptr);
  REQUIRE(layer);
  OGRFieldDefn code("code", OFTString);
  REQUIRE(layer->CreateField(&code) == OGRERR_NONE);
  for (const auto& [name, mp] : features) {
    OGRGeometry* g = nullptr;
    const std::string wkt = wktOf(mp);
    REQUIRE(OGRGeometryFactory::createFromWkt(wkt.c_str(), &wgs84, &g) == OGRERR_NONE);
    REQUIRE(g->transformTo(&target) == OGRERR_NONE);
    OGRFeature f(layer->GetLayerDefn());
    f.SetField("code", name.c_str());
    f.SetGeometryDirectly(g);
    REQUIRE(layer->CreateFeature(&f) == OGRERR_NONE);
  }
}

// 1°x1° squares in UTM zones 46 (Aceh/Simeulue side), 48 (Java) and 54 (Papua), a square with a hole and
// a two-part feature, all in Indonesia's south; keyed by kecamatan-like codes (Simeulue, Banten, Papua).
std::map<std::string, LonLatMulti> indonesianShapes() {
  return {
      {"11.09.01", {{box(94.5, -3, 95.5, -2)}}},
      {"36.01.01", {{box(106, -6, 107, -5)}}},
      {"94.01.01", {{box(140, -9, 141, -8)}}},
      {"94.01.02", {{box(139, -5, 140, -4), box(139.25, -4.75, 139.75, -4.25)}}},
      {"94.01.03", {{box(138.5, -7, 138.8, -6.7)}, {box(138.9, -7, 139.0, -6.9)}}},
  };
}

std::map<std::string, double> areasByCode(const Layer& layer) {
  std::map<std::string, double> out;
  for (size_t i = 0; i < layer.features.size(); ++i) out[layer.featureCode(i)] = layer.features[i].areaKm2;
  return out;
}

bool isUtm(int epsg) { return (epsg > 32600 && epsg <= 32660) || (epsg > 32700 && epsg <= 32760); }

}  // namespace

TEST_CASE("polygons in UTM zones 46, 48 and 54 load together with their geodesic areas within 0.1%") {
  TempDir tmp;
  const auto shapes = indonesianShapes();
  const std::string path = tmp.file("indonesia.gpkg");
  writeGpkg(path, 4326, shapes);
  MapDocument doc;
  doc.openBoundary(path);
  REQUIRE(doc.projection);
  CHECK_FALSE(isUtm(doc.projection->epsg()));  // one UTM zone cannot hold 46° of longitude
  const auto areas = areasByCode(*doc.boundary());
  REQUIRE(areas.size() == shapes.size());
  for (const auto& [code, mp] : shapes) {
    INFO(code, ": ", areas.at(code), " km2 against ", geodKm2(mp));
    CHECK(std::abs(areas.at(code) / geodKm2(mp) - 1) < 0.001);
  }
  // Holes subtract, parts add: the holed square is three quarters of its outline.
  CHECK(areas.at("94.01.02") == doctest::Approx(0.75 * geodKm2(LonLatMulti{{box(139, -5, 140, -4)}})).epsilon(0.01));
}

TEST_CASE("a source in a projected CRS (UTM 54S) gives the same geodesic areas") {
  TempDir tmp;
  const auto shapes = indonesianShapes();
  const std::string path = tmp.file("indonesia_utm54s.gpkg");
  writeGpkg(path, 32754, shapes);
  const MapProjection worldMercator(3395);
  const auto areas = areasByCode(*loadBoundaryLayer(path, worldMercator));
  for (const auto& [code, mp] : shapes) {
    INFO(code, ": ", areas.at(code), " km2 against ", geodKm2(mp));
    CHECK(std::abs(areas.at(code) / geodKm2(mp) - 1) < 0.001);
  }
}

TEST_CASE("geodesicAreaKm2 agrees with geod_polygonarea on small and large rings, either orientation") {
  // A 2 km square, a densified 3°x2° block near the equator and a densified 1° ring at 60°S.
  auto densified = [](double west, double south, double east, double north, int perSide) {
    LonLatRing ring;
    for (int i = 0; i < perSide; ++i) ring.push_back({west + (east - west) * i / perSide, south});
    for (int i = 0; i < perSide; ++i) ring.push_back({east, south + (north - south) * i / perSide});
    for (int i = 0; i < perSide; ++i) ring.push_back({east - (east - west) * i / perSide, north});
    for (int i = 0; i < perSide; ++i) ring.push_back({west, north - (north - south) * i / perSide});
    return ring;
  };
  for (const LonLatRing& ring : {box(140.5, -2.51, 140.518, -2.492), densified(120, -1, 123, 1, 300),
                                 densified(10, -61, 11, -60, 100)}) {
    for (bool reversed : {false, true}) {
      LonLatRing r = ring;
      if (reversed) std::reverse(r.begin(), r.end());
      MultiPolygon mp;
      mp.parts.push_back({{{}}});
      for (auto [lon, lat] : r) mp.parts[0].rings[0].push_back({lon, lat});
      INFO(r.size(), " vertices, reversed ", reversed);
      CHECK(geodesicAreaKm2(mp) == doctest::Approx(geodKm2(r)).epsilon(1e-6));
    }
  }
}

TEST_CASE("the real KBB kecamatan areas move by under 0.15% from their UTM 48S planar areas") {
  const MapProjection utm48s(32748);
  LayerPtr layer = loadBoundaryLayer(pk::test::sharedGeodata("kbb_kecamatan.shp").string(), utm48s);
  REQUIRE(layer->features.size() == 16);
  double geodesicTotal = 0, planarTotal = 0;
  for (size_t i = 0; i < layer->features.size(); ++i) {
    const Feature& f = layer->features[i];
    const double planarKm2 = f.polygon.area() / 1e6;  // what areaKm2 was before: UTM 48S, scale 1.0005 here
    INFO(layer->featureName(i), ": ", f.areaKm2, " km2, planar ", planarKm2);
    CHECK(std::abs(f.areaKm2 / planarKm2 - 1) < 0.0015);
    CHECK(f.areaKm2 < planarKm2);  // 2-3° east of zone 48's central meridian UTM enlarges
    geodesicTotal += f.areaKm2;
    planarTotal += planarKm2;
  }
  MESSAGE("KBB total: geodesic ", geodesicTotal, " km2, UTM 48S planar ", planarTotal, " km2");
}

TEST_CASE("a multi-zone map names its projection in the window's status and in the image's aux.xml") {
  TempDir tmp;
  const std::string path = tmp.file("indonesia.gpkg");
  writeGpkg(path, 4326, indonesianShapes());
  MapDocument doc;
  doc.openBoundary(path);
  REQUIRE(doc.projection);
  CHECK(doc.projection->name() == "WGS 84 / World Mercator");  // the status bar shows name()
  RgbaImage image;
  image.width = image.height = 8;
  image.pixels.assign(8 * 8 * 4, 255);
  const MapView view = MapView::fit(doc.boundary()->bbox, 8, 8);
  const std::string png = tmp.file("map.png");
  writeGeoreferencedImage(image, view, *doc.projection, png);
  CHECK(pk::test::readText(png + ".aux.xml").find("World Mercator") != std::string::npos);
}
