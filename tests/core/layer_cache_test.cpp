#include <doctest/doctest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/time.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/layer_cache.h"
#include "core/layer_io.h"
#include "test_support.h"
#include "vector_file_fixture.h"

using namespace pk;
using pk::test::TempDir;
namespace fs = std::filesystem;

namespace {

const MapProjection& utm48s() {
  static MapProjection p(32748);
  return p;
}

// One ring of `n` vertices on a wobbly circle around (cx, cy), degrees.
OGRLinearRing wobblyRing(double cx, double cy, double radius, int n) {
  OGRLinearRing ring;
  ring.setNumPoints(n + 1);  // once: addPoint grows the array one point at a time (slow under ASan)
  for (int k = 0; k < n; ++k) {
    const double a = 2 * M_PI * k / n, r = radius * (1 + 0.05 * std::sin(37 * a));
    ring.setPoint(k, cx + r * std::cos(a), cy + r * std::sin(a));
  }
  ring.setPoint(n, ring.getX(0), ring.getY(0));
  return ring;
}

// A GeoPackage in Bandung Barat with more than kLayerCacheMinVertices vertices: `big` polygons of 45,000
// vertices (one with a hole, one a multipolygon), a bowtie (repaired on load) and a duplicate code.
std::string bigGpkg(const TempDir& dir, int big = 5, const std::string& name = "big.gpkg",
                    const char* driverName = "GPKG") {
  const std::string path = dir.file(name);
  pk::test::NewVectorFile file = pk::test::newWgs84VectorFile(path, "kecamatan", wkbMultiPolygon, driverName);
  OGRLayer* layer = file.layer;
  OGRFieldDefn codeField("district_code", OFTString), nameField("district", OFTString);
  REQUIRE(layer->CreateField(&codeField) == OGRERR_NONE);
  REQUIRE(layer->CreateField(&nameField) == OGRERR_NONE);
  auto add = [&](const std::string& code, const std::string& districtName, OGRMultiPolygon& shape) {
    OGRFeature feature(layer->GetLayerDefn());
    feature.SetField("district_code", code.c_str());
    feature.SetField("district", districtName.c_str());
    feature.SetGeometry(&shape);
    REQUIRE(layer->CreateFeature(&feature) == OGRERR_NONE);
  };
  for (int i = 0; i < big; ++i) {
    const double cx = 107.2 + 0.1 * i, cy = -6.9;
    OGRPolygon polygon;
    OGRLinearRing outer = wobblyRing(cx, cy, 0.04, 45000);
    polygon.addRing(&outer);
    if (i == 1) {
      OGRLinearRing hole = wobblyRing(cx, cy, 0.01, 500);
      polygon.addRing(&hole);
    }
    OGRMultiPolygon shape;
    shape.addGeometry(&polygon);
    if (i == 2) {
      OGRPolygon island;
      OGRLinearRing ring = wobblyRing(cx, cy - 0.06, 0.005, 300);
      island.addRing(&ring);
      shape.addGeometry(&island);
    }
    add("32170" + std::to_string(10 + i), "Kecamatan " + std::string(1, char('A' + i)), shape);
  }
  OGRLinearRing bowtie;
  for (auto [x, y] : {std::pair{107.9, -7.0}, {107.91, -6.99}, {107.91, -7.0}, {107.9, -6.99}, {107.9, -7.0}})
    bowtie.addPoint(x, y);
  OGRPolygon twisted;
  twisted.addRing(&bowtie);
  OGRMultiPolygon twistedShape;
  twistedShape.addGeometry(&twisted);
  add("3217010", "Kembar", twistedShape);  // the first big polygon's code again
  file.dataset.reset();
  return path;
}

// Points the cache at a fresh folder of the test and turns it on; restores nothing (every test sets its own).
struct CacheFolder {
  TempDir dir;
  CacheFolder() {
    setenv("PROKUS_LAYER_CACHE_DIR", dir.path().c_str(), 1);
    unsetenv("PROKUS_LAYER_CACHE");
  }
  std::vector<fs::path> files() const {
    std::vector<fs::path> out;
    for (const auto& e : fs::recursive_directory_iterator(dir.path()))
      if (e.is_regular_file()) out.push_back(e.path());
    return out;
  }
};

void checkSameLayers(const LoadedLayers& a, const LoadedLayers& b) {
  REQUIRE(a.layers.size() == b.layers.size());
  for (size_t l = 0; l < a.layers.size(); ++l) {
    const Layer &x = *a.layers[l], &y = *b.layers[l];
    CHECK(x.path == y.path);
    CHECK(x.layerName == y.layerName);
    CHECK(x.displayName == y.displayName);
    CHECK(x.sourceCrs == y.sourceCrs);
    CHECK(x.kind == y.kind);
    CHECK(x.fieldNames == y.fieldNames);
    CHECK(x.nameField == y.nameField);
    CHECK(x.codeField == y.codeField);
    CHECK(x.revision == y.revision);
    CHECK(x.bbox.minx == y.bbox.minx);
    CHECK(x.bbox.maxy == y.bbox.maxy);
    CHECK(x.style.fillMode == y.style.fillMode);
    CHECK(x.style.showLabels == y.style.showLabels);
    CHECK(loadWarningLines(x) == loadWarningLines(y));
    REQUIRE(x.features.size() == y.features.size());
    for (size_t i = 0; i < x.features.size(); ++i) {
      const Feature &f = x.features[i], &g = y.features[i];
      CHECK(f.values == g.values);
      CHECK(f.areaKm2 == g.areaKm2);
      CHECK(f.bbox.minx == g.bbox.minx);
      CHECK(f.bbox.miny == g.bbox.miny);
      CHECK(f.bbox.maxx == g.bbox.maxx);
      CHECK(f.bbox.maxy == g.bbox.maxy);
      CHECK(f.lines == g.lines);
      CHECK(f.points == g.points);
      REQUIRE(f.polygon.parts.size() == g.polygon.parts.size());
      for (size_t p = 0; p < f.polygon.parts.size(); ++p) CHECK(f.polygon.parts[p].rings == g.polygon.parts[p].rings);
    }
  }
}

size_t vertices(const LoadedLayers& loaded) {
  size_t n = 0;
  for (const auto& layer : loaded.layers)
    for (const auto& f : layer->features)
      for (const auto& part : f.polygon.parts)
        for (const auto& ring : part.rings) n += ring.size();
  return n;
}

void setMtime(const std::string& path, time_t seconds) {
  const timespec times[2] = {{seconds, 0}, {seconds, 0}};
  REQUIRE(utimensat(AT_FDCWD, path.c_str(), times, 0) == 0);
}

}  // namespace

TEST_CASE("a big layer loaded twice comes from the cache the second time, equal feature by feature") {
  CacheFolder cache;
  TempDir data;
  const std::string path = bigGpkg(data);
  const LoadedLayers first = loadVectorFile(path, utm48s());
  CHECK_FALSE(first.fromCache);
  REQUIRE(vertices(first) >= kLayerCacheMinVertices);
  REQUIRE(first.layers[0]->loadWarnings.size() == 2);  // repaired bowtie, duplicate code
  const auto files = cache.files();
  REQUIRE(files.size() == 1);
  CHECK(files[0].parent_path() == cache.dir.path());
  CHECK((fs::status(files[0]).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));

  const LoadedLayers second = loadVectorFile(path, utm48s());
  CHECK(second.fromCache);
  checkSameLayers(first, second);
  // The warnings are still there to report.
  CHECK(loadWarningLines(*second.layers[0]).size() == 2);

  SUBCASE("another map CRS is another cache entry") {
    MapProjection utm49s(32749);
    const LoadedLayers other = loadVectorFile(path, utm49s);
    CHECK_FALSE(other.fromCache);
    CHECK(loadVectorFile(path, utm49s).fromCache);
    CHECK(loadVectorFile(path, utm48s()).fromCache);
  }
}

TEST_CASE("a touched or resized file is read again") {
  CacheFolder cache;
  TempDir data;
  const std::string path = bigGpkg(data);
  setMtime(path, 1700000000);
  const LoadedLayers first = loadVectorFile(path, utm48s());
  REQUIRE(loadVectorFile(path, utm48s()).fromCache);

  SUBCASE("new modification time") {
    setMtime(path, 1700000100);
    const LoadedLayers again = loadVectorFile(path, utm48s());
    CHECK_FALSE(again.fromCache);
    checkSameLayers(first, again);
    CHECK(loadVectorFile(path, utm48s()).fromCache);
    CHECK(cache.files().size() == 1);  // the stale entry is replaced, not kept beside
  }
  SUBCASE("new size, same modification time") {
    {
      GDALDataset* ds = static_cast<GDALDataset*>(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
      REQUIRE(ds);
      OGRLayer* layer = ds->GetLayer(0);
      OGRFeature feature(layer->GetLayerDefn());
      feature.SetField("district_code", "3217099");
      feature.SetField("district", "Baru");
      OGRLinearRing ring = wobblyRing(108.2, -6.9, 0.01, 20000);
      OGRPolygon polygon;
      polygon.addRing(&ring);
      OGRMultiPolygon shape;
      shape.addGeometry(&polygon);
      feature.SetGeometry(&shape);
      REQUIRE(layer->CreateFeature(&feature) == OGRERR_NONE);
      GDALClose(ds);
    }
    fs::remove(path + "-wal");
    fs::remove(path + "-shm");
    setMtime(path, 1700000000);
    const LoadedLayers again = loadVectorFile(path, utm48s());
    CHECK_FALSE(again.fromCache);
    CHECK(again.layers[0]->features.size() == first.layers[0]->features.size() + 1);
  }
}

TEST_CASE("a Shapefile is read again when any of its files changes") {
  CacheFolder cache;
  TempDir data;
  const std::string path = bigGpkg(data, 5, "big.shp", "ESRI Shapefile");
  const std::string dbf = data.file("big.dbf");
  REQUIRE(fs::exists(dbf));
  setMtime(dbf, 1700000000);
  const LoadedLayers first = loadVectorFile(path, utm48s());
  CHECK_FALSE(first.fromCache);
  const LoadedLayers second = loadVectorFile(path, utm48s());
  CHECK(second.fromCache);
  checkSameLayers(first, second);
  setMtime(dbf, 1700000001);  // the attributes changed, the geometry file did not
  CHECK_FALSE(loadVectorFile(path, utm48s()).fromCache);
  CHECK(loadVectorFile(path, utm48s()).fromCache);
}

TEST_CASE("a corrupted or truncated cache file is ignored and replaced") {
  CacheFolder cache;
  TempDir data;
  const std::string path = bigGpkg(data);
  const LoadedLayers first = loadVectorFile(path, utm48s());
  REQUIRE(cache.files().size() == 1);
  const fs::path entry = cache.files()[0];
  const auto size = fs::file_size(entry);

  SUBCASE("one byte changed in the middle") {
    std::fstream f(entry, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(std::streamoff(size / 2));
    char c = 0;
    f.read(&c, 1);
    c = char(c ^ 0x5a);
    f.seekp(std::streamoff(size / 2));
    f.write(&c, 1);
  }
  SUBCASE("truncated to half") { fs::resize_file(entry, size / 2); }
  SUBCASE("truncated inside the header") { fs::resize_file(entry, 12); }
  SUBCASE("empty") { fs::resize_file(entry, 0); }

  const LoadedLayers again = loadVectorFile(path, utm48s());
  CHECK_FALSE(again.fromCache);
  checkSameLayers(first, again);
  CHECK(fs::file_size(entry) == size);  // written anew
  const LoadedLayers third = loadVectorFile(path, utm48s());
  CHECK(third.fromCache);
  checkSameLayers(first, third);
}

TEST_CASE("PROKUS_LAYER_CACHE=0 neither writes nor reads the cache") {
  CacheFolder cache;
  TempDir data;
  const std::string path = bigGpkg(data);
  setenv("PROKUS_LAYER_CACHE", "0", 1);
  CHECK_FALSE(loadVectorFile(path, utm48s()).fromCache);
  CHECK_FALSE(loadVectorFile(path, utm48s()).fromCache);
  CHECK(cache.files().empty());
  unsetenv("PROKUS_LAYER_CACHE");
  CHECK_FALSE(loadVectorFile(path, utm48s()).fromCache);
  CHECK(cache.files().size() == 1);
  setenv("PROKUS_LAYER_CACHE", "0", 1);
  CHECK_FALSE(loadVectorFile(path, utm48s()).fromCache);
  unsetenv("PROKUS_LAYER_CACHE");
}

TEST_CASE("the cache lives in the user's cache folder unless PROKUS_LAYER_CACHE_DIR names one") {
  TempDir home;
  unsetenv("PROKUS_LAYER_CACHE_DIR");
  setenv("XDG_CACHE_HOME", home.path().c_str(), 1);
  CHECK(layerCacheFolder() == (home.path() / "prokus-map" / "layers").string());
  setenv("PROKUS_LAYER_CACHE_DIR", "/somewhere/else", 1);
  CHECK(layerCacheFolder() == "/somewhere/else");
  setenv("PROKUS_LAYER_CACHE", "0", 1);
  CHECK(layerCacheFolder().empty());
  unsetenv("PROKUS_LAYER_CACHE");
  unsetenv("PROKUS_LAYER_CACHE_DIR");
  unsetenv("XDG_CACHE_HOME");
}

TEST_CASE("a small layer is not cached") {
  CacheFolder cache;
  TempDir data;
  const std::string path = bigGpkg(data, 1, "small.gpkg");
  CHECK_FALSE(loadVectorFile(path, utm48s()).fromCache);
  CHECK_FALSE(loadVectorFile(path, utm48s()).fromCache);
  CHECK(cache.files().empty());
}

TEST_CASE("a cache folder that cannot be written does not fail the load") {
  CacheFolder cache;
  TempDir data;
  const std::string path = bigGpkg(data);
  const std::string blocker = cache.dir.file("not-a-folder");
  pk::test::writeText(blocker, "x");
  setenv("PROKUS_LAYER_CACHE_DIR", blocker.c_str(), 1);
  const LoadedLayers loaded = loadVectorFile(path, utm48s());
  CHECK_FALSE(loaded.fromCache);
  CHECK(loaded.layers[0]->features.size() == 6);
  CHECK_FALSE(loadVectorFile(path, utm48s()).fromCache);
}

TEST_CASE("a big point layer (a beneficiary list, perhaps) is never copied into the cache") {
  CacheFolder cache;
  TempDir data;
  const std::string path = data.file("kpm.gpkg");
  pk::test::NewVectorFile file = pk::test::newWgs84VectorFile(path, "kpm", wkbPoint);
  OGRLayer* layer = file.layer;
  GDALDataset* ds = file.dataset.get();
  OGRFieldDefn nameField("nama", OFTString);
  REQUIRE(layer->CreateField(&nameField) == OGRERR_NONE);
  REQUIRE(ds->StartTransaction() == OGRERR_NONE);
  bool written = true;
  for (int i = 0; i < int(kLayerCacheMinVertices) + 1000; ++i) {
    OGRFeature feature(layer->GetLayerDefn());
    feature.SetField("nama", ("Penerima " + std::to_string(i)).c_str());
    OGRPoint point(107.2 + 1e-6 * i, -6.9);
    feature.SetGeometry(&point);
    written &= layer->CreateFeature(&feature) == OGRERR_NONE;
  }
  REQUIRE(written);
  REQUIRE(ds->CommitTransaction() == OGRERR_NONE);
  file.dataset.reset();
  const LoadedLayers first = loadVectorFile(path, utm48s());
  REQUIRE(first.layers.size() == 1);
  CHECK(first.layers[0]->features.size() == kLayerCacheMinVertices + 1000);
  CHECK_FALSE(loadVectorFile(path, utm48s()).fromCache);
  CHECK(cache.files().empty());
}

TEST_CASE("data derived from a cached layer is read back only for the same file, map CRS and kind") {
  CacheFolder cache;
  TempDir data;
  const std::string path = bigGpkg(data);
  setMtime(path, 1700000000);
  const LoadedLayers first = loadVectorFile(path, utm48s());
  const DerivedCacheSlot slot = first.layers[0]->derivedCache;
  REQUIRE(cache.files().size() == 1);
  CHECK(slot.entryPath == cache.files()[0].string());
  CHECK(slot.layerIndex == 0);

  const std::vector<double> stored{1.5, -2.25, 1e300};
  auto write = [&](const DerivedCacheSlot& s, const std::string& kind) {
    return writeDerivedCache(s, kind, [&](CacheWriter& w) {
      w.pod<std::uint32_t>(42);
      w.array(stored);
    });
  };
  auto read = [&](const DerivedCacheSlot& s, const std::string& kind) {
    std::vector<double> back;
    const bool ok = readDerivedCache(s, kind, [&](CacheReader& r) {
      const bool answer = r.pod<std::uint32_t>() == 42;
      r.array(back);
      return answer;
    });
    return ok && back == stored;
  };
  REQUIRE(write(slot, "test v1"));
  CHECK(cache.files().size() == 2);  // beside the entry
  CHECK(read(slot, "test v1"));
  CHECK_FALSE(read(slot, "test v2"));  // another kind (or version of it)

  // The layer read back from the cache points at the same derived data.
  const LoadedLayers again = loadVectorFile(path, utm48s());
  REQUIRE(again.fromCache);
  CHECK(read(again.layers[0]->derivedCache, "test v1"));

  SUBCASE("another map CRS has its own") {
    const LoadedLayers other = loadVectorFile(path, MapProjection(32749));
    CHECK_FALSE(read(other.layers[0]->derivedCache, "test v1"));
  }
  SUBCASE("a changed file makes it stale, and it is replaced in place") {
    setMtime(path, 1700000100);
    const LoadedLayers changed = loadVectorFile(path, utm48s());
    CHECK_FALSE(read(changed.layers[0]->derivedCache, "test v1"));
    REQUIRE(write(changed.layers[0]->derivedCache, "test v1"));
    CHECK(read(changed.layers[0]->derivedCache, "test v1"));
    // The layer still in memory from before the change no longer finds data for its geometry.
    CHECK_FALSE(read(slot, "test v1"));
    CHECK(cache.files().size() == 2);
  }
  SUBCASE("a damaged derived file is not trusted") {
    fs::path derived;
    for (const auto& file : cache.files())
      if (file.string() != slot.entryPath) derived = file;
    REQUIRE(!derived.empty());
    std::fstream f(derived, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(-3, std::ios::end);
    f.write("x", 1);
    f.close();
    CHECK_FALSE(read(slot, "test v1"));
  }
  SUBCASE("the cache turned off reads and writes nothing") {
    setenv("PROKUS_LAYER_CACHE", "0", 1);
    CHECK_FALSE(read(slot, "test v1"));
    CHECK_FALSE(write(slot, "test v3"));
    unsetenv("PROKUS_LAYER_CACHE");
    CHECK(cache.files().size() == 2);
  }
  SUBCASE("a small file has no slot") {
    const LoadedLayers small = loadVectorFile(bigGpkg(data, 1, "small.gpkg"), utm48s());
    CHECK(small.layers[0]->derivedCache.entryPath.empty());
    CHECK_FALSE(write(small.layers[0]->derivedCache, "test v1"));
  }
}
