#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <random>
#include <sstream>
#include <thread>
#include <chrono>

#include "core/layer_io.h"
#include "core/spatial_index.h"
#include "test_support.h"

using namespace pk;

namespace {

// 20,000 random points over the layer's box (and 100 m around it), then every vertex and edge
// midpoint of every `every`-th feature: points on borders, where only the half-open rule decides.
std::vector<Vec2> probePoints(const Layer& layer, std::uint64_t seed, size_t every) {
  std::vector<Vec2> points;
  std::mt19937_64 rng(seed);
  const BBox b = layer.bbox;
  std::uniform_real_distribution<double> ux(b.minx - 100, b.maxx + 100), uy(b.miny - 100, b.maxy + 100);
  for (int i = 0; i < 20000; ++i) points.push_back({ux(rng), uy(rng)});
  for (size_t fi = 0; fi < layer.features.size(); fi += every)
    for (const auto& part : layer.features[fi].polygon.parts)
      for (const auto& ring : part.rings)
        for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
          points.push_back(ring[i]);
          points.push_back((ring[i] + ring[j]) * 0.5);
        }
  return points;
}

}  // namespace

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

TEST_CASE("the index agrees with brute force at random points, vertices and edge midpoints") {
  // Vertices and midpoints lie on edges shared by two desa, where only the half-open rule decides;
  // the index must give the same answer as testing every polygon in order.
  MapProjection utm(32748);
  for (const char* file : {"kbb_desa.shp", "kbb_kecamatan.shp"}) {
    LayerPtr layer = loadBoundaryLayer(pk::test::sharedGeodata(file).string(), utm);
    PolygonIndex index(*layer);
    auto brute = [&](Vec2 p) {
      // The bounding-box test only skips work: no point outside a ring's box is inside it.
      for (size_t i = 0; i < layer->features.size(); ++i)
        if (layer->features[i].bbox.contains(p) && pointInMultiPolygon(layer->features[i].polygon, p)) return int(i);
      return -1;
    };
    const std::vector<Vec2> points = probePoints(*layer, 7, 11);
    int mismatches = 0, onEdgeHits = 0;
    for (const Vec2& p : points) {
      const int expected = brute(p);
      if (index.find(p) != expected) ++mismatches;
      if (findByScan(*layer, p) != expected) ++mismatches;
      onEdgeHits += expected >= 0;
    }
    INFO(file << ": " << points.size() << " points");
    CHECK(mismatches == 0);
    CHECK(onEdgeHits > 10000);
  }
}

namespace {

std::filesystem::path derivedFileOf(const std::filesystem::path& folder) {
  for (const auto& e : std::filesystem::directory_iterator(folder))
    if (e.path().filename().string().starts_with("entry-")) return e.path();
  return {};
}

ino_t inodeOf(const std::filesystem::path& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_ino;
}

// The real desa with a layer-cache slot in `dir`, as loadVectorFile gives a big file (the desa are
// too small to be cached).
LayerPtr desaWithCacheSlot(const pk::test::TempDir& dir) {
  const MapProjection utm(32748);
  LayerPtr layer = loadBoundaryLayer(pk::test::sharedGeodata("kbb_desa.shp").string(), utm);
  layer->derivedCache = {dir.file("entry.bin"), "test identity\n", 0};
  return layer;
}

// How `indexes` answer `points` against an index of `layer` built without its cache slot: the
// answers that differ, and how many points lie in a polygon.
struct Agreement {
  int mismatches = 0, inside = 0;
};
Agreement againstUncached(const Layer& layer, const std::vector<Vec2>& points,
                          std::initializer_list<const PolygonIndex*> indexes) {
  Layer uncached = layer;
  uncached.derivedCache = {};
  const PolygonIndex reference(uncached);
  Agreement a;
  for (const Vec2& p : points) {
    const int expected = reference.find(p);
    for (const PolygonIndex* index : indexes) a.mismatches += index->find(p) != expected;
    a.inside += expected >= 0;
  }
  return a;
}

}  // namespace

TEST_CASE("an index kept in the layer cache is read back and finds what a built one finds, border points included") {
  pk::test::TempDir dir;
  const LayerPtr layer = desaWithCacheSlot(dir);
  const PolygonIndex built(*layer);
  const std::filesystem::path stored = derivedFileOf(dir.path());
  REQUIRE_MESSAGE(!stored.empty(), "the index was not stored beside the entry");
  const ino_t before = inodeOf(stored);

  const PolygonIndex read(*layer);
  CHECK(inodeOf(stored) == before);  // read back, not built and written again
  const std::vector<Vec2> points = probePoints(*layer, 11, 7);
  const Agreement agreement = againstUncached(*layer, points, {&read, &built});
  CHECK(agreement.mismatches == 0);
  CHECK(agreement.inside > 10000);

  SUBCASE("a stored index that does not fit the layer is built again (and stored anew)") {
    Layer other = *layer;
    other.features.pop_back();  // one feature fewer: its stored cells name a feature that is gone
    const PolygonIndex rebuilt(other);
    CHECK(inodeOf(stored) != before);
    CHECK(againstUncached(other, points, {&rebuilt}).mismatches == 0);
  }
}

TEST_CASE("a coarser or finer grid finds the same polygons, and each grid is stored as its own") {
  pk::test::TempDir dir;
  const LayerPtr layer = desaWithCacheSlot(dir);
  const PolygonIndex usual(*layer);
  const PolygonIndex coarse(*layer, 4096);  // a grid the desa's vertices would never choose
  size_t storedFiles = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path()))
    storedFiles += e.path().filename().string().starts_with("entry-");
  CHECK(storedFiles == 2);
  const PolygonIndex coarseRead(*layer, 4096), usualRead(*layer);
  const Agreement agreement =
      againstUncached(*layer, probePoints(*layer, 13, 5), {&usual, &coarse, &coarseRead, &usualRead});
  CHECK(agreement.mismatches == 0);
  CHECK(agreement.inside > 10000);
}

TEST_CASE("findMany gives find's answer for every point: scattered, on borders, outside, not a number") {
  MapProjection utm(32748);
  LayerPtr layer = loadBoundaryLayer(pk::test::sharedGeodata("kbb_desa.shp").string(), utm);
  const PolygonIndex index(*layer);
  std::vector<Vec2> points;
  std::mt19937_64 rng(5);
  const BBox b = layer->bbox;
  std::uniform_real_distribution<double> ux(b.minx - 1000, b.maxx + 1000), uy(b.miny - 1000, b.maxy + 1000);
  for (int i = 0; i < 5000; ++i) points.push_back({ux(rng), uy(rng)});
  for (const auto& ring : layer->features[3].polygon.parts[0].rings)
    for (const Vec2& v : ring) points.push_back(v);
  points.push_back({NAN, NAN});
  points.push_back({b.minx, NAN});
  for (size_t count : {size_t(0), size_t(1), size_t(7), size_t(17), points.size()}) {
    std::vector<int> many(count, -5);
    index.findMany(points.data(), count, many.data());
    int mismatches = 0, inside = 0;
    for (size_t i = 0; i < count; ++i) {
      mismatches += many[i] != index.find(points[i]);
      inside += many[i] >= 0;
    }
    CAPTURE(count);
    CHECK(mismatches == 0);
    if (count == points.size()) CHECK(inside > 1000);
  }
  CHECK(index.find({NAN, NAN}) == -1);
}

TEST_CASE("cells are classified alike on each side of the row bands they are built in") {
  // The grid is built 16 rows at a time: a sliver and a many-pointed star span dozens of bands, a
  // horizontal edge lies on a row boundary, a square has a hole, and one feature has two parts that
  // overlap (inside either part is inside). Every point of a fine lattice, and every vertex and edge
  // midpoint, must get the answer of testing every polygon in order.
  auto feature = [](std::vector<Polygon> parts) {
    Feature f;
    f.polygon.parts = std::move(parts);
    for (const auto& part : f.polygon.parts)
      for (const auto& r : part.rings)
        for (const Vec2& v : r) f.bbox.add(v);
    return f;
  };
  auto square = [](double x0, double y0, double x1, double y1) { return Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}; };
  Layer layer;
  layer.features.push_back(feature({Polygon{{Ring{{10, 1}, {10.7, 1}, {10.3, 99}}}}}));
  Ring star;
  for (int i = 0; i < 20000; ++i) {
    const double angle = 2 * M_PI * i / 20000, radius = i % 2 ? 45 : 20 + 10 * std::sin(angle * 7);
    star.push_back({50 + radius * std::cos(angle), 50 + radius * std::sin(angle)});
  }
  layer.features.push_back(feature({Polygon{{star}}}));
  layer.features.push_back(feature({Polygon{{square(60, 62.5, 90, 90), square(70, 70, 80, 80)}}}));
  layer.features.push_back(feature({Polygon{{square(2, 2, 40, 40)}}, Polygon{{square(20, 20, 55, 55)}}}));
  for (const Feature& f : layer.features) layer.bbox.add(f.bbox);
  const PolygonIndex index(layer);

  std::vector<Vec2> points;
  for (int iy = 0; iy <= 500; ++iy)
    for (int ix = 0; ix <= 500; ++ix) points.push_back({ix * 0.2, iy * 0.2});
  for (const Feature& f : layer.features)
    for (const auto& part : f.polygon.parts)
      for (const auto& r : part.rings)
        for (size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) {
          points.push_back(r[i]);
          points.push_back((r[i] + r[j]) * 0.5);
        }
  std::vector<int> insideOf(layer.features.size(), 0);
  int mismatches = 0;
  for (const Vec2& p : points) {
    int expected = -1;
    for (size_t i = 0; i < layer.features.size() && expected < 0; ++i)
      if (pointInMultiPolygon(layer.features[i].polygon, p)) expected = int(i);
    mismatches += index.find(p) != expected;
    if (expected >= 0) ++insideOf[size_t(expected)];
  }
  CHECK(mismatches == 0);
  for (size_t i = 0; i < insideOf.size(); ++i) {
    CAPTURE(i);
    CHECK(insideOf[i] > 100);
  }
}

TEST_CASE("a few points are scanned for, many are worth an index; one huge polygon is scanned only a few times") {
  MapProjection utm(32748);
  LayerPtr desa = loadBoundaryLayer(pk::test::sharedGeodata("kbb_desa.shp").string(), utm);
  const ScanOrIndex desaChoice(*desa);
  CHECK(desaChoice.scanCheaperFor(1));
  CHECK(desaChoice.scanCheaperFor(100));
  CHECK_FALSE(desaChoice.scanCheaperFor(1000000));
  // One polygon of 100,000 vertices: each point scanned tests all its edges.
  Layer huge;
  Feature f;
  Ring ring;
  for (int k = 0; k < 100000; ++k) {
    const double a = 2 * M_PI * k / 100000;
    ring.push_back({std::cos(a), std::sin(a)});
  }
  f.polygon.parts.push_back(Polygon{{ring}});
  huge.features.push_back(f);
  const ScanOrIndex hugeChoice(huge);
  CHECK(hugeChoice.scanCheaperFor(10));
  CHECK_FALSE(hugeChoice.scanCheaperFor(100));
}

TEST_CASE("a big layer's index is built in the background and then answers as one built at once") {
  MapProjection utm(32748);
  LayerPtr desa = loadBoundaryLayer(pk::test::sharedGeodata("kbb_desa.shp").string(), utm);
  const PolygonIndex direct(*desa);
  {
    BackgroundPolygonIndex small(desa);  // the KBB desa are far below the threshold: built at once
    CHECK_FALSE(small.building());
    REQUIRE(small.ready() != nullptr);
    small.start();
    CHECK_FALSE(small.building());
  }
  BackgroundPolygonIndex big(desa, 0);
  CHECK_FALSE(big.building());  // not before start()
  CHECK(big.ready() == nullptr);
  big.start();
  CHECK(big.building());
  const PolygonIndex* index = nullptr;
  for (int wait = 0; wait < 2000 && !(index = big.ready()); ++wait) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  REQUIRE(index != nullptr);
  CHECK_FALSE(big.building());
  int mismatches = 0;
  for (const Vec2& p : probePoints(*desa, 3, 29)) mismatches += index->find(p) != direct.find(p);
  CHECK(mismatches == 0);
  // Dropped while it is built, after the caller let the layer go: the build keeps the layer alive
  // and is waited for.
  auto dropped = std::make_unique<BackgroundPolygonIndex>(desa, 0);
  dropped->start();
  desa.reset();
  dropped.reset();
}
