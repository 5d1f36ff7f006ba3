#include "render/polygon_lod.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <unordered_map>

#include "render/simplify.h"

namespace pk {

namespace {

struct VertexKey {
  std::uint64_t x, y;
  friend bool operator==(const VertexKey&, const VertexKey&) = default;
};

struct VertexKeyHash {
  size_t operator()(const VertexKey& k) const { return std::hash<std::uint64_t>()(k.x * 0x9E3779B97F4A7C15ull ^ k.y); }
};

VertexKey keyOf(Vec2 p) {
  VertexKey k;
  // Exact equality is what makes two rings share an edge; +0.0 and -0.0 compare equal, so fold them.
  const double x = p.x == 0 ? 0.0 : p.x, y = p.y == 0 ? 0.0 : p.y;
  std::memcpy(&k.x, &x, sizeof x);
  std::memcpy(&k.y, &y, sizeof y);
  return k;
}

std::uint64_t edgeKey(int a, int b) {
  return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(a)) << 32) | static_cast<std::uint32_t>(b);
}

}  // namespace

PolygonTopology::PolygonTopology(const std::vector<const MultiPolygon*>& features) {
  // 1. Vertex ids, and every ring as a cycle of ids without repeated neighbours.
  std::unordered_map<VertexKey, int, VertexKeyHash> ids;
  std::vector<Vec2> points;
  auto idOf = [&](Vec2 p) {
    auto [it, inserted] = ids.try_emplace(keyOf(p), static_cast<int>(points.size()));
    if (inserted) points.push_back(p);
    return it->second;
  };
  std::vector<std::vector<std::vector<std::vector<int>>>> cycles(features.size());
  for (size_t f = 0; f < features.size(); ++f) {
    if (!features[f]) continue;
    for (const Polygon& part : features[f]->parts) {
      auto& partCycles = cycles[f].emplace_back();
      for (const Ring& ring : part.rings) {
        auto& cycle = partCycles.emplace_back();
        for (Vec2 p : ring) {
          const int id = idOf(p);
          if (cycle.empty() || cycle.back() != id) cycle.push_back(id);
        }
        while (cycle.size() > 1 && cycle.back() == cycle.front()) cycle.pop_back();
      }
    }
  }

  // 2. Nodes: vertices with other than two distinct neighbours, where rings meet, part or branch.
  std::vector<std::vector<int>> neighbours(points.size());
  auto link = [&](int a, int b) {
    auto& n = neighbours[a];
    if (std::find(n.begin(), n.end(), b) == n.end()) n.push_back(b);
  };
  for (const auto& feature : cycles)
    for (const auto& part : feature)
      for (const auto& cycle : part)
        for (size_t i = 0; i < cycle.size() && cycle.size() > 1; ++i) {
          const int a = cycle[i], b = cycle[(i + 1) % cycle.size()];
          link(a, b);
          link(b, a);
        }
  auto isNode = [&](int v) { return neighbours[v].size() != 2; };

  // 3. Cut every cycle into arcs; an arc met again (from either end) is reused.
  std::unordered_map<std::uint64_t, ArcUse> arcByFirstEdge;
  auto addArc = [&](const std::vector<int>& seq, bool closed) {
    const int id = static_cast<int>(arcs_.size());
    std::vector<Vec2>& pts = arcs_.emplace_back();
    pts.reserve(seq.size());
    for (int v : seq) pts.push_back(points[v]);
    closed_.push_back(closed ? 1 : 0);
    if (seq.size() >= 2) {
      arcByFirstEdge[edgeKey(seq[0], seq[1])] = {id, false};
      arcByFirstEdge[edgeKey(closed ? seq[0] : seq.back(), closed ? seq.back() : seq[seq.size() - 2])] = {id, true};
    }
    return id;
  };

  rings_.resize(features.size());
  for (size_t f = 0; f < cycles.size(); ++f) {
    for (const auto& partCycles : cycles[f]) {
      auto& partRings = rings_[f].emplace_back();
      for (const auto& cycle : partCycles) {
        RingArcs& ringArcs = partRings.emplace_back();
        const size_t n = cycle.size();
        if (n < 3) continue;  // degenerate ring: nothing to draw
        size_t start = n;
        for (size_t i = 0; i < n; ++i)
          if (isNode(cycle[i])) {
            start = i;
            break;
          }
        if (start == n) {
          // No node: the whole ring is one closed arc. Canonical form: start at the smallest id and
          // run towards its smaller neighbour, so the same loop seen from another ring matches.
          const size_t m = static_cast<size_t>(std::min_element(cycle.begin(), cycle.end()) - cycle.begin());
          const bool backwards = cycle[(m + n - 1) % n] < cycle[(m + 1) % n];
          std::vector<int> seq(n);
          for (size_t k = 0; k < n; ++k) seq[k] = cycle[backwards ? (m + n - k) % n : (m + k) % n];
          auto it = arcByFirstEdge.find(edgeKey(seq[0], seq[1]));
          const int arc = it != arcByFirstEdge.end() && closed_[it->second.arc] ? it->second.arc : addArc(seq, true);
          ringArcs.push_back({arc, backwards});
          continue;
        }
        std::vector<int> seq{cycle[start]};
        for (size_t k = 1; k <= n; ++k) {
          const int v = cycle[(start + k) % n];
          seq.push_back(v);
          if (!isNode(v)) continue;
          auto it = arcByFirstEdge.find(edgeKey(seq[0], seq[1]));
          if (it != arcByFirstEdge.end() && !closed_[it->second.arc])
            ringArcs.push_back(it->second);
          else
            ringArcs.push_back({addArc(seq, false), false});
          seq.assign(1, v);
        }
      }
    }
  }
}

size_t PolygonTopology::vertexCount() const {
  size_t n = 0;
  for (size_t a = 0; a < arcs_.size(); ++a) n += closed_[a] ? arcs_[a].size() : arcs_[a].size() - 1;
  return n;
}

std::vector<std::vector<Vec2>> PolygonTopology::simplifiedArcs(double tolerance) const {
  if (tolerance <= 0) return arcs_;
  std::vector<std::vector<Vec2>> out(arcs_.size());
  for (size_t a = 0; a < arcs_.size(); ++a) out[a] = simplifyLine(arcs_[a], tolerance, closed_[a] != 0);
  return out;
}

MultiPolygon PolygonTopology::assemble(size_t f, const std::vector<std::vector<Vec2>>& arcs) const {
  MultiPolygon mp;
  if (f >= rings_.size()) return mp;
  for (const auto& partRings : rings_[f]) {
    Polygon poly;
    for (size_t r = 0; r < partRings.size(); ++r) {
      Ring ring;
      for (const ArcUse& use : partRings[r]) {
        const auto& pts = arcs[use.arc];
        if (pts.empty()) continue;
        // Open arcs end where the next begins: leave out each arc's last point.
        const size_t count = closed_[use.arc] ? pts.size() : pts.size() - 1;
        for (size_t k = 0; k < count; ++k) {
          const Vec2 p = use.reversed ? pts[pts.size() - 1 - k] : pts[k];
          if (ring.empty() || !(ring.back() == p)) ring.push_back(p);
        }
      }
      while (ring.size() > 1 && ring.back() == ring.front()) ring.pop_back();
      if (ring.size() < 3) {
        if (r == 0) break;  // the outer ring collapsed: the part is below the tolerance
        continue;
      }
      poly.rings.push_back(std::move(ring));
    }
    if (!poly.rings.empty()) mp.parts.push_back(std::move(poly));
  }
  return mp;
}

std::vector<int> PolygonTopology::featureArcs(size_t f) const {
  std::vector<int> out;
  if (f >= rings_.size()) return out;
  for (const auto& partRings : rings_[f])
    for (const auto& ring : partRings)
      for (const ArcUse& use : ring) out.push_back(use.arc);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace pk
