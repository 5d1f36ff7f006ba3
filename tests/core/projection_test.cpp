#include <doctest/doctest.h>

#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "core/layer_io.h"
#include "core/projection.h"
#include "test_support.h"

using namespace pk;

namespace {
BBox lonLatBox(double west, double south, double east, double north) {
  BBox b;
  b.add(Vec2{west, south});
  b.add(Vec2{east, north});
  return b;
}
}  // namespace

TEST_CASE("data inside one UTM zone gets that zone: Bandung Barat is UTM 48S") {
  CHECK(mapCrsEpsgFor(lonLatExtentOf(pk::test::sharedGeodata("kbb_kecamatan.shp").string())) == 32748);
  CHECK(mapCrsEpsgFor(lonLatBox(107.1, -7.2, 107.8, -6.6)) == 32748);
  CHECK(mapCrsEpsgFor(lonLatBox(-3.9, 40.2, -3.5, 40.6)) == 32630);  // Madrid, north of the equator
  // A district astride the 108°E zone line keeps the zone of its centre rather than leaving UTM.
  CHECK(mapCrsEpsgFor(lonLatBox(107.7, -7.0, 108.4, -6.5)) == 32749);
}

TEST_CASE("data spanning several UTM zones gets one projection for the whole extent") {
  // Indonesia: zones 46-54, all within 30° of the equator: World Mercator.
  const int indonesia = mapCrsEpsgFor(lonLatBox(95, -11, 141, 6));
  CHECK(indonesia == 3395);
  CHECK(MapProjection(indonesia).name() == "WGS 84 / World Mercator");
  CHECK(mapCrsEpsgFor(lonLatBox(105.5, -8, 115, -5.8)) == 3395);  // Java and Bali: zones 48-50
  // Farther from the equator Mercator's scale runs away: an equal-area projection instead.
  const int europe = mapCrsEpsgFor(lonLatBox(-10, 36, 30, 60));
  CHECK(europe == 8857);
  CHECK(MapProjection(europe).name().find("Equal Earth") != std::string::npos);
}

TEST_CASE("lon/lat to map metres in bulk gives OGR's numbers bit for bit, NaN where PROJ cannot") {
  // Zones 46, 48 and 54 south, World Mercator and Equal Earth: every map CRS mapCrsEpsgFor gives.
  for (const int epsg : {32746, 32748, 32754, 3395, 8857}) {
    CAPTURE(epsg);
    const MapProjection projection(epsg);
    const LonLatToMapBatch batch(projection.wkt());
    CHECK(batch.usesProjectionStep());  // the quicker path is the one compared below
    // World Mercator, the national map, is computed without PROJ (PROJ's step where it wraps or
    // nears a pole: the edge points below).
    CHECK(batch.usesOwnWorldMercator() == (epsg == 3395));
    std::vector<double> x, y;
    std::uint64_t state = 99;
    auto next = [&] {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      return double(state >> 11) / double(1ULL << 53);
    };
    for (int i = 0; i < 20000; ++i) {
      x.push_back(95 + next() * 46);
      y.push_back(-11 + next() * 17);
    }
    for (const auto& [edgeLon, edgeLat] : std::vector<std::pair<double, double>>{
             {-180, -0.0}, {180, 0}, {-0.0, 5}, {0, 0}, {185, -7}, {-200, 3}, {107.5, 89}, {107.5, 89.7}, {100, -89.9}}) {
      x.push_back(edgeLon);
      y.push_back(edgeLat);
    }
    x.push_back(107.5);  // beyond the pole: no CRS can
    y.push_back(95);
    x.push_back(NAN);
    y.push_back(-7);
    const std::vector<double> lon = x, lat = y;
    batch.transform(x.size(), x.data(), y.data());
    size_t differing = 0;
    for (size_t i = 0; i + 2 < x.size(); ++i) {
      const Vec2 one = projection.fromLonLat({lon[i], lat[i]});
      differing += std::memcmp(&one.x, &x[i], sizeof(double)) != 0 || std::memcmp(&one.y, &y[i], sizeof(double)) != 0;
    }
    CHECK(differing == 0);
    CHECK((std::isnan(x[x.size() - 2]) && std::isnan(y[y.size() - 2])));
    CHECK(std::isnan(projection.fromLonLat({107.5, 95}).x));
    CHECK((std::isnan(x.back()) && std::isnan(y.back())));
  }
  CHECK_THROWS(LonLatToMapBatch("not a CRS"));
}

TEST_CASE("a lon/lat layer is projected a ring at a time with OGR's numbers; other sources keep OGR's transformation") {
  auto source = [](int epsg) {
    OGRSpatialReference srs;
    REQUIRE(srs.importFromEPSG(epsg) == OGRERR_NONE);
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
  };
  const MapProjection projection(3395);
  const OGRSpatialReference wgs84 = source(4326);
  std::unique_ptr<OGRCoordinateTransformation> ogr(OGRCreateCoordinateTransformation(&wgs84, &projection.srs()));
  REQUIRE(ogr);
  std::unique_ptr<OGRCoordinateTransformation> faster = fasterLonLatToMap(*ogr, projection);
  REQUIRE(faster);
  // A ring over Indonesia, and a point beyond the pole, as OGRSimpleCurve::transform hands them over.
  std::vector<double> x, y;
  for (int i = 0; i < 5000; ++i) {
    x.push_back(95 + 46.0 * i / 5000 + 1e-7 * (i % 7));
    y.push_back(-11 + 17.0 * std::sin(i * 0.37) * std::sin(i * 0.37));
  }
  x.push_back(107.5);
  y.push_back(95);
  std::vector<double> ox = x, oy = y, oz(x.size(), 0.0), fx = x, fy = y, fz(x.size(), 0.0);
  std::vector<int> okOgr(x.size()), okFaster(x.size());
  CHECK(ogr->Transform(int(x.size()), ox.data(), oy.data(), oz.data(), nullptr, okOgr.data()));
  CHECK(faster->Transform(int(x.size()), fx.data(), fy.data(), fz.data(), nullptr, okFaster.data()));
  CHECK(okOgr == okFaster);
  CHECK_FALSE(okFaster.back());
  size_t differing = 0;
  for (size_t i = 0; i + 1 < x.size(); ++i)
    differing += std::memcmp(&ox[i], &fx[i], sizeof(double)) != 0 || std::memcmp(&oy[i], &fy[i], sizeof(double)) != 0;
  CHECK(differing == 0);

  // A geometry goes through it as through OGR's.
  OGRLinearRing ring;
  ring.addPoint(107.1, -6.9);
  ring.addPoint(107.6, -6.9);
  ring.addPoint(107.6, -6.6);
  ring.addPoint(107.1, -6.9);
  OGRLinearRing viaOgr(ring), viaFaster(ring);
  REQUIRE(viaOgr.transform(ogr.get()) == OGRERR_NONE);
  REQUIRE(viaFaster.transform(faster.get()) == OGRERR_NONE);
  for (int k = 0; k < ring.getNumPoints(); ++k) {
    CHECK(viaOgr.getX(k) == viaFaster.getX(k));
    CHECK(viaOgr.getY(k) == viaFaster.getY(k));
  }

  // A projected source, and lon/lat on another datum (ID74, shifted to WGS 84 on the way), stay OGR's.
  const OGRSpatialReference utm = source(32748), id74 = source(4238);
  std::unique_ptr<OGRCoordinateTransformation> fromUtm(OGRCreateCoordinateTransformation(&utm, &projection.srs()));
  std::unique_ptr<OGRCoordinateTransformation> fromId74(OGRCreateCoordinateTransformation(&id74, &projection.srs()));
  REQUIRE(fromUtm);
  REQUIRE(fromId74);
  CHECK_FALSE(fasterLonLatToMap(*fromUtm, projection));
  CHECK_FALSE(fasterLonLatToMap(*fromId74, projection));
}
