// Cost of polygon areas on the ellipsoid at national scale (issue 12): ~7,000,000 lon/lat vertices in
// 7,000 kecamatan-sized rings spread over Indonesia (95°E-141°E, 11°S-6°N), areas by geodesicAreaKm2
// (what loading does for every polygon) against GeographicLib's geod_polygonarea (a geodesic per edge),
// with their largest relative difference. Then, unless --no-load, the same rings written to a GeoPackage
// and loaded as the boundary layer, to set the area cost against the whole load.
//
//   geodesic_area_bench [--rings 7000] [--vertices 1000] [--no-load]
#include <CLI/CLI.hpp>
#include <geodesic.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <random>

#include "core/geodesic_area.h"
#include "core/layer_io.h"
#include "core/projection.h"

using namespace pk;
using Clock = std::chrono::steady_clock;

namespace {

double secondsSince(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// Wobbly rings about 0.1° across (a kecamatan), centres on a grid over Indonesia's extent.
std::vector<MultiPolygon> syntheticKecamatan(int rings, int vertices) {
  std::mt19937 rng(20240512);
  std::uniform_real_distribution<double> wobble(0.8, 1.2);
  const int columns = int(std::ceil(std::sqrt(rings * 46.0 / 17.0)));
  const int rows = (rings + columns - 1) / columns;
  std::vector<MultiPolygon> out(rings);
  for (int r = 0; r < rings; ++r) {
    const double lon0 = 95.0 + 46.0 * (r % columns + 0.5) / columns;
    const double lat0 = -11.0 + 17.0 * (r / columns + 0.5) / rows;
    Ring ring(vertices);
    for (int k = 0; k < vertices; ++k) {
      const double t = 2 * M_PI * k / vertices, radius = 0.05 * wobble(rng);
      ring[k] = {lon0 + radius * std::cos(t), lat0 + radius * std::sin(t)};
    }
    out[r].parts.push_back({{std::move(ring)}});
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("Cost of geodesic polygon areas at national scale");
  int rings = 7000, vertices = 1000;
  bool noLoad = false;
  app.add_option("--rings", rings, "number of polygons");
  app.add_option("--vertices", vertices, "vertices per polygon");
  app.add_flag("--no-load", noLoad, "skip the GeoPackage load");
  CLI11_PARSE(app, argc, argv);

  const std::vector<MultiPolygon> polygons = syntheticKecamatan(rings, vertices);
  const double million = rings * double(vertices) / 1e6;

  double best = 1e9, total = 0;
  for (int repeat = 0; repeat < 3; ++repeat) {
    const auto t0 = Clock::now();
    total = 0;
    for (const MultiPolygon& mp : polygons) total += geodesicAreaKm2(mp);
    best = std::min(best, secondsSince(t0));
  }
  std::printf("geodesicAreaKm2 %.1fM vertices: %.3f s (total %.1f km2)\n", million, best, total);

  geod_geodesic g;
  geod_init(&g, 6378137.0, 1 / 298.257223563);
  double worst = 0;
  const auto t0 = Clock::now();
  std::vector<double> lats(vertices), lons(vertices);
  for (const MultiPolygon& mp : polygons) {
    const Ring& ring = mp.parts[0].rings[0];
    for (int k = 0; k < vertices; ++k) lons[k] = ring[k].x, lats[k] = ring[k].y;
    double area = 0, perimeter = 0;
    geod_polygonarea(&g, lats.data(), lons.data(), vertices, &area, &perimeter);
    worst = std::max(worst, std::abs(geodesicAreaKm2(mp) / (std::abs(area) / 1e6) - 1));
  }
  std::printf("geod_polygonarea %.1fM vertices: %.3f s\n", million, secondsSince(t0));
  std::printf("largest relative difference: %.2g\n", worst);

  if (noLoad) return 0;
  initGdal();
  const std::filesystem::path path = std::filesystem::temp_directory_path() / "prokus-geodesic-bench.gpkg";
  std::filesystem::remove(path);
  {
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    std::unique_ptr<GDALDataset> ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    OGRLayer* layer = ds->CreateLayer("kecamatan", &wgs84, wkbPolygon, nullptr);
    if (layer->StartTransaction() != OGRERR_NONE) return 1;
    for (const MultiPolygon& mp : polygons) {
      OGRLinearRing ring;
      for (const Vec2& p : mp.parts[0].rings[0]) ring.addPoint(p.x, p.y);
      ring.closeRings();
      OGRPolygon polygon;
      polygon.addRing(&ring);
      OGRFeature f(layer->GetLayerDefn());
      f.SetGeometry(&polygon);
      if (layer->CreateFeature(&f) != OGRERR_NONE) return 1;
    }
    if (layer->CommitTransaction() != OGRERR_NONE) return 1;
  }
  const MapProjection worldMercator(mapCrsEpsgFor(lonLatExtentOf(path.string())));
  const auto t1 = Clock::now();
  const LayerPtr loaded = loadBoundaryLayer(path.string(), worldMercator);
  std::printf("load %.1fM vertices as boundaries (%s): %.3f s\n", million, worldMercator.name().c_str(), secondsSince(t1));
  std::filesystem::remove(path);
  return 0;
}
