#include <doctest/doctest.h>

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
