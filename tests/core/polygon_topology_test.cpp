#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <stdexcept>
#include <iterator>
#include <map>
#include <optional>
#include <string>

#include "core/layer_io.h"
#include "core/map_document.h"
#include "core/triangulate.h"
#include "core/polygon_topology.h"
#include "core/simplify.h"
#include "test_support.h"

using namespace pk;

namespace {

std::vector<const MultiPolygon*> polygonsOf(const Layer& layer) {
  std::vector<const MultiPolygon*> out;
  for (const auto& f : layer.features) out.push_back(&f.polygon);
  return out;
}

// Points just beside the midpoints of shared edges: with watertight simplification each lies in
// exactly one simplified feature (no gap, no overlap between neighbours).

std::vector<Vec2> probesBesideSharedEdges(const Layer& layer, size_t every) {
  std::map<std::pair<std::pair<double, double>, std::pair<double, double>>, int> edges;
  for (const auto& f : layer.features)
    for (const auto& part : f.polygon.parts)
      for (const auto& ring : part.rings)
        for (size_t k = 0; k < ring.size(); ++k) {
          Vec2 a = ring[k], b = ring[(k + 1) % ring.size()];
          auto ka = std::make_pair(a.x, a.y), kb = std::make_pair(b.x, b.y);
          if (kb < ka) std::swap(ka, kb);
          ++edges[{ka, kb}];
        }
  std::vector<Vec2> probes;
  size_t i = 0;
  for (const auto& [e, count] : edges) {
    if (count != 2 || i++ % every) continue;
    const Vec2 a{e.first.first, e.first.second}, b{e.second.first, e.second.second};
    const Vec2 d = b - a;
    const double len = std::hypot(d.x, d.y);
    if (len < 1) continue;
    const Vec2 n{-d.y / len, d.x / len}, mid = (a + b) * 0.5;
    probes.push_back(mid + n * 0.05);
    probes.push_back(mid - n * 0.05);
  }
  return probes;
}

// The same cycle of vertices, possibly starting elsewhere (rings start at a node).
bool sameCycle(const Ring& in, const Ring& out) {
  if (in.size() != out.size() || out.empty()) return false;
  const auto at = std::find(in.begin(), in.end(), out[0]);
  if (at == in.end()) return false;
  const size_t offset = static_cast<size_t>(at - in.begin());
  for (size_t k = 0; k < in.size(); ++k)
    if (!(in[(offset + k) % in.size()] == out[k])) return false;
  return true;
}

}  // namespace

TEST_CASE("thousands of polygons that share no vertex, and one that shares an edge with the first, come back exactly") {
  // 3,000 separate hexagons outgrow the vertex table's first size (it expects shared borders); the
  // last square's ids jump back to the first hexagon's, far below those of the hexagons before it.
  std::vector<MultiPolygon> shapes;
  for (int i = 0; i < 3000; ++i) {
    const double x = 10.0 * (i % 100), y = 10.0 * (i / 100);
    Polygon part;
    part.rings.push_back({{x, y}, {x + 2.5, y}, {x + 5, y}, {x + 5, y + 5}, {x + 2.5, y + 5}, {x, y + 5}});
    shapes.push_back({{part}});
  }
  Polygon touching;
  touching.rings.push_back({{5, 0}, {8, 0}, {8, 5}, {5, 5}});
  shapes.push_back({{touching}});
  std::vector<const MultiPolygon*> polygons;
  for (const MultiPolygon& mp : shapes) polygons.push_back(&mp);

  PolygonTopology topo(polygons);
  // Each separate hexagon is one closed arc; the first and the square make three (the shared edge and
  // one on either side of it).
  CHECK(topo.arcCount() == 2999 + 3);
  const auto arcs = topo.simplifiedArcs(0);
  size_t same = 0;
  for (size_t i = 0; i < shapes.size(); ++i) {
    const MultiPolygon back = topo.assemble(i, arcs);
    if (back.parts.size() == 1 && back.parts[0].rings.size() == 1 &&
        sameCycle(shapes[i].parts[0].rings[0], back.parts[0].rings[0]))
      ++same;
  }
  CHECK(same == shapes.size());
  // The shared edge is one arc, used by the first hexagon and the square.
  const std::vector<int> first = topo.featureArcs(0), last = topo.featureArcs(3000);
  std::vector<int> common;
  std::set_intersection(first.begin(), first.end(), last.begin(), last.end(), std::back_inserter(common));
  CHECK(common.size() == 1);
}

TEST_CASE("shared arcs: two squares sharing a wiggly edge stay watertight when simplified") {
  // Left square and right square share the edge x=10 with small wiggles that simplification drops.
  Ring left{{0, 0}, {10, 0}, {10.1, 3}, {9.9, 6}, {10, 10}, {0, 10}};
  Ring right{{10, 0}, {20, 0}, {20, 10}, {10, 10}, {9.9, 6}, {10.1, 3}};
  MultiPolygon a{{Polygon{{left}}}}, b{{Polygon{{right}}}};
  PolygonTopology topo({&a, &b});
  // Arcs: the shared edge once, and each square's own outer part.
  CHECK(topo.arcCount() == 3);
  const auto arcs = topo.simplifiedArcs(0.5);
  const MultiPolygon sa = topo.assemble(0, arcs), sb = topo.assemble(1, arcs);
  REQUIRE(sa.parts.size() == 1);
  REQUIRE(sb.parts.size() == 1);
  CHECK(sa.parts[0].rings[0].size() == 4);
  CHECK(sb.parts[0].rings[0].size() == 4);
  CHECK(sa.area() + sb.area() == doctest::Approx(200));
  CHECK(sa.area() == doctest::Approx(100));
  // Tolerance 0 gives the rings back unchanged.
  const MultiPolygon exact = topo.assemble(0, topo.simplifiedArcs(0));
  CHECK(exact.area() == doctest::Approx(a.area()));
  CHECK(exact.parts[0].rings[0].size() == left.size());
}

TEST_CASE("shared arcs: an island inside a hole is one closed arc") {
  Ring outer{{0, 0}, {30, 0}, {30, 30}, {0, 30}};
  Ring hole{{10, 10}, {10, 20}, {20, 20}, {20, 10}};
  Ring island{{10, 10}, {20, 10}, {20, 20}, {10, 20}};
  MultiPolygon ring{{Polygon{{outer, hole}}}}, inside{{Polygon{{island}}}};
  PolygonTopology topo({&ring, &inside});
  CHECK(topo.arcCount() == 2);
  const auto arcs = topo.simplifiedArcs(1);
  CHECK(topo.assemble(0, arcs).area() == doctest::Approx(800));
  CHECK(topo.assemble(1, arcs).area() == doctest::Approx(100));
  CHECK(topo.featureArcs(0).size() == 2);
  CHECK(topo.featureArcs(1).size() == 1);
}

TEST_CASE("real desa: neighbours share their simplified boundary (no gaps or overlaps)") {
  initGdal();
  MapDocument doc;
  doc.openFile(std::string(PROKUS_SHARED_GEODATA) + "/kbb_desa.shp");
  const Layer& layer = *doc.boundary();
  PolygonTopology topo(polygonsOf(layer));
  size_t ringVertices = 0;
  for (const auto& f : layer.features)
    for (const auto& part : f.polygon.parts)
      for (const auto& ring : part.rings) ringVertices += ring.size();
  // Shared edges are stored once, so the arcs hold far fewer vertices than the rings.
  CHECK(topo.vertexCount() < 0.8 * ringVertices);

  const auto probes = probesBesideSharedEdges(layer, 7);
  REQUIRE(probes.size() > 1000);
  for (double tolerance : {8.0, 32.0}) {
    const auto arcs = topo.simplifiedArcs(tolerance);
    std::vector<MultiPolygon> shared, separate;
    for (size_t i = 0; i < layer.features.size(); ++i) {
      shared.push_back(topo.assemble(i, arcs));
      // Ring by ring, as a naive level of detail would: neighbours simplify their common edge differently.
      MultiPolygon mp;
      for (const auto& part : layer.features[i].polygon.parts) {
        Polygon poly;
        for (const auto& ring : part.rings) poly.rings.push_back(simplifyLine(ring, tolerance, true));
        mp.parts.push_back(poly);
      }
      separate.push_back(mp);
    }
    auto misses = [&](const std::vector<MultiPolygon>& features) {
      size_t bad = 0;
      for (Vec2 p : probes) {
        int inside = 0;
        for (const auto& f : features)
          if (f.bbox().contains(p) && pointInMultiPolygon(f, p)) ++inside;
        if (inside != 1) ++bad;
      }
      return bad;
    };
    const size_t sharedMisses = misses(shared), separateMisses = misses(separate);
    INFO("tolerance " << tolerance << ": " << sharedMisses << " / " << separateMisses << " of " << probes.size());
    // The probes sit 5 cm from an edge: only where simplified arcs cross each other can one miss.
    CHECK(sharedMisses <= probes.size() / 1000);
    CHECK(separateMisses > 20 * std::max<size_t>(sharedMisses, 1));
    // Every feature keeps its area within what moving the boundary by the tolerance allows.
    for (size_t i = 0; i < layer.features.size(); ++i) {
      double perimeter = 0;
      for (const auto& part : layer.features[i].polygon.parts)
        for (const auto& ring : part.rings)
          for (size_t k = 0; k < ring.size(); ++k) {
            const Vec2 d = ring[(k + 1) % ring.size()] - ring[k];
            perimeter += std::hypot(d.x, d.y);
          }
      CHECK(std::abs(shared[i].area() - layer.features[i].polygon.area()) <= perimeter * tolerance);
    }
  }
}

TEST_CASE("real desa: simplified arcs are the same whatever the thread count") {
  initGdal();
  MapDocument doc;
  doc.openFile(std::string(PROKUS_SHARED_GEODATA) + "/kbb_desa.shp");
  const Layer& layer = *doc.boundary();
  PolygonTopology topo(polygonsOf(layer));
  REQUIRE(topo.arcCount() > 3 * 128);  // enough arcs for every thread to get a range
  for (double tolerance : {8.0, 128.0}) {
    const auto one = topo.simplifiedArcs(tolerance, 1);
    REQUIRE(one.size() == topo.arcCount());
    for (unsigned threads : {2u, 3u}) {
      const auto many = topo.simplifiedArcs(tolerance, threads);
      CHECK(many.vertices == one.vertices);
      CHECK(many.start == one.start);
    }
  }
}

TEST_CASE("real desa: at tolerance 0 every ring comes back exactly from the shared arcs") {
  initGdal();
  MapDocument doc;
  doc.openFile(std::string(PROKUS_SHARED_GEODATA) + "/kbb_desa.shp");
  const Layer& layer = *doc.boundary();
  PolygonTopology topo(polygonsOf(layer));
  const auto arcs = topo.simplifiedArcs(0);
  size_t rings = 0, same = 0;
  for (size_t i = 0; i < layer.features.size(); ++i) {
    const MultiPolygon back = topo.assemble(i, arcs);
    const auto& parts = layer.features[i].polygon.parts;
    REQUIRE(back.parts.size() == parts.size());
    for (size_t p = 0; p < parts.size(); ++p) {
      REQUIRE(back.parts[p].rings.size() == parts[p].rings.size());
      for (size_t r = 0; r < parts[p].rings.size(); ++r) {
        // The same cycle of vertices, possibly starting elsewhere (rings start at a node).
        const Ring& in = parts[p].rings[r];
        const Ring& out = back.parts[p].rings[r];
        ++rings;
        if (in.size() != out.size()) continue;
        const auto at = std::find(in.begin(), in.end(), out[0]);
        if (at == in.end()) continue;
        const size_t offset = static_cast<size_t>(at - in.begin());
        bool equal = true;
        for (size_t k = 0; k < in.size() && equal; ++k) equal = in[(offset + k) % in.size()] == out[k];
        if (equal) ++same;
      }
    }
  }
  CHECK(rings > 0);
  CHECK(same == rings);
}

TEST_CASE("real desa: the topology saved to a cache file and loaded back assembles the same features") {
  initGdal();
  MapDocument doc;
  doc.openFile(std::string(PROKUS_SHARED_GEODATA) + "/kbb_desa.shp");
  const Layer& layer = *doc.boundary();
  const PolygonTopology topo(polygonsOf(layer));
  pk::test::TempDir dir;
  const std::string file = dir.file("topology.bin");
  REQUIRE(writeCacheFile(file, "test\n", [&](CacheWriter& w) { topo.save(w); }));
  std::optional<PolygonTopology> back;
  REQUIRE(readCacheFile(file, "test\n", [&](CacheReader& r) { return (back = PolygonTopology::load(r)).has_value(); }));
  CHECK(back->featureCount() == topo.featureCount());
  CHECK(back->arcCount() == topo.arcCount());
  CHECK(back->vertexCount() == topo.vertexCount());
  for (double tolerance : {0.0, 25.0}) {
    const auto arcs = topo.simplifiedArcs(tolerance), arcsBack = back->simplifiedArcs(tolerance);
    CHECK(arcs.vertices == arcsBack.vertices);
    for (size_t f = 0; f < topo.featureCount(); ++f) {
      const MultiPolygon a = topo.assemble(f, arcs), b = back->assemble(f, arcsBack);
      REQUIRE(a.parts.size() == b.parts.size());
      for (size_t p = 0; p < a.parts.size(); ++p) CHECK(a.parts[p].rings == b.parts[p].rings);
      CHECK(topo.featureArcs(f) == back->featureArcs(f));
    }
  }
}

TEST_CASE("real desa: a topology built a feature at a time, empty features left out, is the one built at once") {
  initGdal();
  MapDocument doc;
  doc.openFile(std::string(PROKUS_SHARED_GEODATA) + "/kbb_desa.shp");
  const std::vector<const MultiPolygon*> all = polygonsOf(*doc.boundary());
  const MultiPolygon empty;
  PolygonTopology::Builder builder;  // no size given: its tables grow from the smallest
  std::vector<size_t> leftOut;
  for (size_t i = 0; i < all.size(); ++i) {
    if (i % 10 == 3) {
      leftOut.push_back(builder.featureCount());
      builder.add(i % 20 == 3 ? &empty : nullptr);
    }
    builder.add(all[i]);
  }
  leftOut.push_back(builder.featureCount());
  builder.add(nullptr);
  builder.finishAdding(leftOut);
  CHECK_THROWS_AS(builder.add(all[0]), std::logic_error);
  const PolygonTopology streamed = std::move(builder).build();
  const PolygonTopology once(all);
  // The same to the byte, as the layer cache stores them.
  pk::test::TempDir dir;
  auto bytesOf = [&](const PolygonTopology& t, const std::string& name) {
    REQUIRE(writeCacheFile(dir.file(name), "test\n", [&](CacheWriter& w) { t.save(w); }));
    std::ifstream in(dir.file(name), std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  CHECK(streamed.featureCount() == all.size());
  CHECK(bytesOf(streamed, "streamed.bin") == bytesOf(once, "once.bin"));

  PolygonTopology::Builder withParts;
  withParts.add(all[0]);
  CHECK_THROWS_AS(withParts.finishAdding({0}), std::logic_error);  // only empty features may be left out
}

TEST_CASE("a stored topology whose indices do not hang together is refused") {
  pk::test::TempDir dir;
  const std::string file = dir.file("topology.bin");
  // One feature, one part, one ring made of one closed arc through three vertices.
  auto store = [&](std::uint32_t arcUsed, std::uint32_t lastVertex, std::size_t arcEnd) {
    REQUIRE(writeCacheFile(file, "test\n", [&](CacheWriter& w) {
      w.array(std::vector<std::uint32_t>{0, 1});     // feature -> parts
      w.array(std::vector<std::uint32_t>{0, 1});     // part -> rings
      w.array(std::vector<std::uint32_t>{0, 1});     // ring -> arc uses
      w.array(std::vector<std::uint32_t>{arcUsed});  // the use (arc id, not reversed)
      w.array(std::vector<std::uint32_t>{0, 1, lastVertex});
      w.array(std::vector<std::size_t>{0, arcEnd});
      w.array(std::vector<char>{1});
      w.array(std::vector<Vec2>{{0, 0}, {1, 0}, {0, 1}});
    }));
    std::optional<PolygonTopology> back;
    const bool read = readCacheFile(file, "test\n", [&](CacheReader& r) {
      back = PolygonTopology::load(r);
      return true;
    });
    REQUIRE(read);
    return back;
  };
  const std::optional<PolygonTopology> good = store(0, 2, 3);
  REQUIRE(good);
  CHECK(good->assemble(0, good->simplifiedArcs(0)).area() == doctest::Approx(0.5));
  CHECK_FALSE(store(1, 2, 3));  // an arc that does not exist
  CHECK_FALSE(store(0, 3, 3));  // a vertex that does not exist
  CHECK_FALSE(store(0, 2, 2));  // arcs that do not cover their vertices
}
