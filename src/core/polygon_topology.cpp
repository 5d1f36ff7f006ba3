#include "core/polygon_topology.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <limits>
#include <new>
#include <stdexcept>

#include "core/edge_table.h"
#include "core/huge_page_allocator.h"
#include "core/parallel.h"
#include "core/simplify.h"

namespace pk {

namespace {

using VertexId = PolygonTopology::VertexId;
constexpr VertexId kNone = std::numeric_limits<VertexId>::max();

struct VertexKey {
  std::uint64_t x, y;
  friend bool operator==(const VertexKey&, const VertexKey&) = default;
};

VertexKey keyOf(Vec2 p) {
  VertexKey k;
  // Exact equality is what makes two rings share an edge; +0.0 and -0.0 compare equal, so fold them.
  const double x = p.x == 0 ? 0.0 : p.x, y = p.y == 0 ? 0.0 : p.y;
  std::memcpy(&k.x, &x, sizeof x);
  std::memcpy(&k.y, &y, sizeof y);
  return k;
}

std::uint64_t hashOf(VertexKey k) {
  std::uint64_t h = (k.x ^ (k.y * 0x9E3779B97F4A7C15ull)) * 0xBF58476D1CE4E5B9ull;
  return h ^ (h >> 31);
}

// Distinct vertices numbered in order of first appearance: an open-addressing table (4 bytes a slot,
// kept under 70% full) over where each vertex first appears in the rings, so a national layer costs
// no node per vertex and no copy of its vertices.
class VertexTable {
 public:
  explicit VertexTable(size_t expected) {
    size_t size = 16;
    while (size * 7 < expected * 10) size *= 2;
    reset(size);
    refs_.reserve(expected);
  }
  // `p` is a vertex of a ring that outlives the table's result.
  VertexId idOf(const Vec2& p) {
    const VertexKey key = keyOf(p);
    const std::uint64_t h = hashOf(key);
    const std::uint32_t tag = tagOf(h);
    for (size_t s = h & mask_;; s = (s + 1) & mask_) {
      const std::uint32_t slot = slots_[s];
      if (slot == kNone) {
        const auto id = static_cast<VertexId>(refs_.size());
        slots_[s] = tag | id;
        // Grow by a quarter, not double: this array is the topology's largest.
        if (refs_.size() == refs_.capacity()) refs_.reserve(refs_.size() + refs_.size() / 4 + 16);
        refs_.push_back(&p);
        if (refs_.size() * 10 > slots_.size() * 7) grow();
        return id;
      }
      if ((slot & ~mask_) == tag && keyOf(*refs_[slot & mask_]) == key) return slot & mask_;
    }
  }
  // A national layer's table is far larger than the caches, so a lookup is three cache misses (the
  // slot, the reference it names, the vertex). Callers announce vertices ahead, one step each: the
  // slot, then its reference once the slot has arrived, then the vertex. Hints only: idOf() decides.
  void prefetchSlot(Vec2 p) const { __builtin_prefetch(&slots_[hashOf(keyOf(p)) & mask_]); }
  void prefetchRef(Vec2 p) const {
    const std::uint32_t slot = slots_[hashOf(keyOf(p)) & mask_];
    if (slot != kNone) __builtin_prefetch(&refs_[slot & mask_]);
  }
  void prefetchVertex(Vec2 p) const {
    const std::uint32_t slot = slots_[hashOf(keyOf(p)) & mask_];
    if (slot != kNone) __builtin_prefetch(refs_[slot & mask_]);
  }
  // Where each vertex first appears, in id order; the table is spent afterwards, its slots handed back
  // (`slots_ = {}` would keep their memory).
  std::vector<const Vec2*> takeRefs() {
    decltype(slots_)().swap(slots_);
    return std::move(refs_);
  }

 private:
  // A slot holds an id in its low log2(slots) bits (ids stay under 70% of the slot count) and, above
  // them, the top bits of its vertex's hash: a probe that meets another vertex's slot is told apart
  // without fetching that vertex (a miss each). No slot in use reads kNone: its id would be all ones.
  std::uint32_t tagOf(std::uint64_t h) const { return static_cast<std::uint32_t>(h >> 32) & ~mask_; }
  void reset(size_t size) {
    slots_.assign(size, kNone);
    mask_ = static_cast<std::uint32_t>(size - 1);
  }
  void grow() {
    reset(slots_.size() * 2);
    for (VertexId id = 0; id < refs_.size(); ++id) {
      const std::uint64_t h = hashOf(keyOf(*refs_[id]));
      size_t s = h & mask_;
      while (slots_[s] != kNone) s = (s + 1) & mask_;
      slots_[s] = tagOf(h) | id;
    }
  }
  std::vector<std::uint32_t, HugePageAllocator<std::uint32_t>> slots_;
  std::uint32_t mask_ = 0;
  std::vector<const Vec2*> refs_;
};

// Every ring as a cycle of vertex ids, each id stored as its difference from the one before (zig-zag,
// 7 bits a byte). Ids are numbered in order of first appearance, so along a ring they mostly step by
// +1, or by -1 where the ring runs back along a border met before: a national desa layer's 15.6M
// ring vertices take about 17 MB instead of 63.
class CycleStore {
 public:
  explicit CycleStore(size_t rings, size_t vertices) {
    bytes_.reserve(vertices + vertices / 4);
    start_.reserve(rings + 1);
    size_.reserve(rings);
  }
  void add(const std::vector<VertexId>& cycle) {
    std::int64_t previous = 0;
    for (const VertexId v : cycle) {
      const std::int64_t d = std::int64_t(v) - previous;
      std::uint64_t z = (std::uint64_t(d) << 1) ^ std::uint64_t(d >> 63);
      for (; z >= 0x80; z >>= 7) bytes_.push_back(static_cast<unsigned char>(z | 0x80));
      bytes_.push_back(static_cast<unsigned char>(z));
      previous = v;
    }
    start_.push_back(bytes_.size());
    size_.push_back(static_cast<std::uint32_t>(cycle.size()));
  }
  size_t size() const { return size_.size(); }  // cycles stored
  size_t cycleSize(size_t r) const { return size_[r]; }
  // Cycle r into `out`.
  void get(size_t r, std::vector<VertexId>& out) const {
    out.resize(size_[r]);
    const unsigned char* p = bytes_.data() + start_[r];
    std::int64_t previous = 0;
    for (VertexId& v : out) {
      std::uint64_t z = 0;
      for (int shift = 0;; shift += 7) {
        const unsigned char b = *p++;
        z |= std::uint64_t(b & 0x7f) << shift;
        if (!(b & 0x80)) break;
      }
      previous += std::int64_t(z >> 1) ^ -std::int64_t(z & 1);
      v = static_cast<VertexId>(previous);
    }
  }

 private:
  std::vector<unsigned char> bytes_;
  std::vector<size_t> start_{0};
  std::vector<std::uint32_t> size_;
};

std::uint64_t edgeKey(VertexId a, VertexId b) { return (static_cast<std::uint64_t>(a) << 32) | b; }

}  // namespace

struct PolygonTopology::Builder::State {
  // Shared borders make about half the vertices repeats, hence the table's first size.
  explicit State(size_t expectedVertices)
      : table(expectedVertices / 2 + expectedVertices / 16 + 16), cycles(0, expectedVertices) {}
  std::vector<std::uint32_t> featurePart{0}, partRing{0};
  VertexTable table;
  std::vector<const Vec2*> pointRefs;  // the table's result, once adding has finished
  bool finished = false;
  CycleStore cycles;
  std::vector<VertexId> cycleIds;  // scratch
};

PolygonTopology::Builder::Builder(size_t expectedVertices) : state_(std::make_unique<State>(expectedVertices)) {}
PolygonTopology::Builder::~Builder() = default;
PolygonTopology::Builder::Builder(Builder&&) noexcept = default;
PolygonTopology::Builder& PolygonTopology::Builder::operator=(Builder&&) noexcept = default;

size_t PolygonTopology::Builder::featureCount() const { return state_->featurePart.size() - 1; }

void PolygonTopology::Builder::add(const MultiPolygon* feature) {
  // 1. The feature / part / ring structure; 2. vertex ids, and every ring as a cycle of ids without
  // repeated neighbours.
  State& st = *state_;
  if (st.finished) throw std::logic_error("PolygonTopology::Builder: adding has finished");
  if (feature)
    for (const Polygon& part : feature->parts) {
      for (const Ring& ring : part.rings) {
        st.cycleIds.clear();
        constexpr size_t kSlotAhead = 24, kRefAhead = 16, kVertexAhead = 8;
        for (size_t k = 0; k < ring.size(); ++k) {
          if (k + kSlotAhead < ring.size()) st.table.prefetchSlot(ring[k + kSlotAhead]);
          if (k + kRefAhead < ring.size()) st.table.prefetchRef(ring[k + kRefAhead]);
          if (k + kVertexAhead < ring.size()) st.table.prefetchVertex(ring[k + kVertexAhead]);
          const VertexId id = st.table.idOf(ring[k]);
          if (st.cycleIds.empty() || st.cycleIds.back() != id) st.cycleIds.push_back(id);
        }
        while (st.cycleIds.size() > 1 && st.cycleIds.back() == st.cycleIds.front()) st.cycleIds.pop_back();
        st.cycles.add(st.cycleIds);
      }
      st.partRing.push_back(static_cast<std::uint32_t>(st.cycles.size()));
    }
  st.featurePart.push_back(static_cast<std::uint32_t>(st.partRing.size() - 1));
}

void PolygonTopology::Builder::finishAdding(const std::vector<size_t>& features) {
  if (state_->finished) throw std::logic_error("PolygonTopology::Builder: adding has finished");
  state_->finished = true;
  state_->pointRefs = state_->table.takeRefs();
  std::vector<std::uint32_t>& starts = state_->featurePart;
  std::vector<std::uint32_t> kept{0};
  kept.reserve(starts.size() - features.size());
  for (size_t f = 0, next = 0; f + 1 < starts.size(); ++f) {
    if (next < features.size() && features[next] == f) {
      if (starts[f] != starts[f + 1]) throw std::logic_error("PolygonTopology::Builder: a feature left out has parts");
      ++next;
      continue;
    }
    kept.push_back(starts[f + 1]);
  }
  starts = std::move(kept);
}

PolygonTopology::PolygonTopology(const std::vector<const MultiPolygon*>& features) {
  size_t total = 0;
  for (const MultiPolygon* mp : features)
    if (mp) total += mp->vertexCount();
  Builder builder(total);
  for (const MultiPolygon* mp : features) builder.add(mp);
  *this = std::move(builder).build();
}

PolygonTopology PolygonTopology::Builder::build() && {
  if (!state_->finished) finishAdding();
  const std::unique_ptr<State> st = std::move(state_);
  PolygonTopology t;
  t.featurePart_ = std::move(st->featurePart);
  t.partRing_ = std::move(st->partRing);
  t.pointRefs_ = std::move(st->pointRefs);
  t.cutIntoArcs(*st);
  return t;
}

void PolygonTopology::cutIntoArcs(Builder::State& built) {
  const CycleStore& cycles = built.cycles;
  const size_t rings = cycles.size();
  std::vector<VertexId>& cycleIds = built.cycleIds;
  const size_t pointCount = pointRefs_.size();

  // 3. Nodes: vertices with other than two distinct neighbours, where rings meet, part or branch.
  // Two neighbour slots per vertex and a flag for more are all that question needs.
  std::vector<char> node(pointCount, 0);
  {
    std::vector<VertexId> neighbours(2 * pointCount, kNone);
    auto link = [&](VertexId a, VertexId b) {
      VertexId* n = &neighbours[2 * size_t(a)];
      if (n[0] == b || n[1] == b) return;
      if (n[0] == kNone)
        n[0] = b;
      else if (n[1] == kNone)
        n[1] = b;
      else
        node[a] = 1;  // a third distinct neighbour
    };
    for (size_t r = 0; r < rings; ++r) {
      if (cycles.cycleSize(r) < 2) continue;
      cycles.get(r, cycleIds);
      const size_t n = cycleIds.size();
      for (size_t i = 0; i < n; ++i) {
        const VertexId a = cycleIds[i], b = cycleIds[(i + 1) % n];
        link(a, b);
        link(b, a);
      }
    }
    for (size_t v = 0; v < pointCount; ++v)
      if (neighbours[2 * v + 1] == kNone) node[v] = 1;  // fewer than two neighbours
  }

  // 4. Cut every cycle into arcs; an arc met again (from either end) is reused.
  // Two entries an open arc, one a closed one: an arc starts at each node it leaves (most nodes join
  // three borders) or is a ring without nodes.
  const size_t nodes = size_t(std::count(node.begin(), node.end(), char(1)));
  EdgeTable<ArcUse> arcByFirstEdge(4 * nodes + rings);
  auto addArc = [&](const std::vector<VertexId>& seq, bool closed) {
    const auto id = static_cast<std::uint32_t>(closed_.size());
    arcVertex_.insert(arcVertex_.end(), seq.begin(), seq.end());
    arcStart_.push_back(arcVertex_.size());
    closed_.push_back(closed ? 1 : 0);
    if (seq.size() >= 2) {
      arcByFirstEdge.set(edgeKey(seq[0], seq[1]), {id, 0});
      arcByFirstEdge.set(edgeKey(closed ? seq[0] : seq.back(), closed ? seq.back() : seq[seq.size() - 2]), {id, 1});
    }
    return id;
  };

  arcVertex_.reserve(pointCount + pointCount / 8);
  ringArc_.assign(1, 0);
  std::vector<VertexId> seq;
  for (size_t r = 0; r < rings; ++r) {
    const size_t n = cycles.cycleSize(r);
    if (n >= 3) {  // else a degenerate ring: nothing to draw
      cycles.get(r, cycleIds);
      const VertexId* cycle = cycleIds.data();
      size_t start = n;
      for (size_t i = 0; i < n; ++i)
        if (node[cycle[i]]) {
          start = i;
          break;
        }
      if (start == n) {
        // No node: the whole ring is one closed arc. Canonical form: start at the smallest id and
        // run towards its smaller neighbour, so the same loop seen from another ring matches.
        const size_t m = static_cast<size_t>(std::min_element(cycle, cycle + n) - cycle);
        const bool backwards = cycle[(m + n - 1) % n] < cycle[(m + 1) % n];
        seq.resize(n);
        for (size_t k = 0; k < n; ++k) seq[k] = cycle[backwards ? (m + n - k) % n : (m + k) % n];
        const ArcUse* found = arcByFirstEdge.find(edgeKey(seq[0], seq[1]));
        const std::uint32_t arc = found && closed_[found->arc] ? std::uint32_t(found->arc) : addArc(seq, true);
        arcUses_.push_back({arc, backwards ? 1u : 0u});
      } else {
        seq.assign(1, cycle[start]);
        for (size_t k = 1; k <= n; ++k) {
          const VertexId v = cycle[(start + k) % n];
          seq.push_back(v);
          if (!node[v]) continue;
          const ArcUse* found = arcByFirstEdge.find(edgeKey(seq[0], seq[1]));
          if (found && !closed_[found->arc])
            arcUses_.push_back(*found);
          else
            arcUses_.push_back({addArc(seq, false), 0});
          seq.assign(1, v);
        }
      }
    }
    ringArc_.push_back(static_cast<std::uint32_t>(arcUses_.size()));
  }
  arcVertex_.shrink_to_fit();
}

size_t PolygonTopology::vertexCount() const {
  size_t n = 0;
  for (size_t a = 0; a < closed_.size(); ++a) {
    const size_t m = arcStart_[a + 1] - arcStart_[a];
    n += closed_[a] ? m : m - 1;
  }
  return n;
}

size_t PolygonTopology::memoryBytes() const {
  auto bytes = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
  return bytes(featurePart_) + bytes(partRing_) + bytes(ringArc_) + bytes(arcUses_) + bytes(arcVertex_) +
         bytes(arcStart_) + bytes(closed_) + bytes(pointRefs_) + bytes(points_);
}

PolygonTopology::SimplifiedArcs PolygonTopology::simplifiedArcs(double tolerance, unsigned threads) const {
  SimplifiedArcs out;
  if (tolerance <= 0) {
    out.vertices = arcVertex_;
    out.start = arcStart_;
    return out;
  }
  // Arcs [begin, end) into `part`, with their starts counted from 0.
  auto simplifyRange = [&](size_t begin, size_t end, SimplifiedArcs& part) {
    std::vector<Vec2> pts;
    std::vector<char> keep;
    part.start.assign(1, 0);
    part.start.reserve(end - begin + 1);
    for (size_t a = begin; a < end; ++a) {
      const VertexId* ids = arcVertex_.data() + arcStart_[a];
      const size_t m = arcStart_[a + 1] - arcStart_[a];
      pts.resize(m);
      for (size_t k = 0; k < m; ++k) pts[k] = vertex(ids[k]);
      simplifyLineMask(pts.data(), m, tolerance, closed_[a] != 0, keep);
      for (size_t k = 0; k < m; ++k)
        if (keep[k]) part.vertices.push_back(ids[k]);
      part.start.push_back(part.vertices.size());
    }
  };
  const size_t arcs = arcCount();
  const unsigned parts = static_cast<unsigned>(std::clamp<size_t>(threads, 1, std::max<size_t>(arcs / 128, 1)));
  std::vector<SimplifiedArcs> pieces(parts);
  parallelChunks(arcs, int(parts), [&](size_t begin, size_t end, int t) { simplifyRange(begin, end, pieces[size_t(t)]); });
  out = std::move(pieces[0]);
  for (unsigned t = 1; t < parts; ++t) {
    const size_t base = out.vertices.size();
    out.vertices.insert(out.vertices.end(), pieces[t].vertices.begin(), pieces[t].vertices.end());
    for (size_t k = 1; k < pieces[t].start.size(); ++k) out.start.push_back(base + pieces[t].start[k]);
  }
  return out;
}

MultiPolygon PolygonTopology::assemble(size_t f, const SimplifiedArcs& arcs) const {
  MultiPolygon mp;
  if (f >= featureCount()) return mp;
  for (size_t p = featurePart_[f]; p < featurePart_[f + 1]; ++p) {
    Polygon poly;
    for (size_t r = partRing_[p]; r < partRing_[p + 1]; ++r) {
      Ring ring;
      for (size_t u = ringArc_[r]; u < ringArc_[r + 1]; ++u) {
        const ArcUse use = arcUses_[u];
        const VertexId* ids = arcs.arc(use.arc);
        const size_t m = arcs.arcSize(use.arc);
        if (m == 0) continue;
        // Open arcs end where the next begins: leave out each arc's last point.
        const size_t count = closed_[use.arc] ? m : m - 1;
        for (size_t k = 0; k < count; ++k) {
          const Vec2 q = vertex(use.reversed ? ids[m - 1 - k] : ids[k]);
          if (ring.empty() || !(ring.back() == q)) ring.push_back(q);
        }
      }
      while (ring.size() > 1 && ring.back() == ring.front()) ring.pop_back();
      if (ring.size() < 3) {
        if (r == partRing_[p]) break;  // the outer ring collapsed: the part is below the tolerance
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
  if (f >= featureCount()) return out;
  for (size_t u = ringArc_[partRing_[featurePart_[f]]]; u < ringArc_[partRing_[featurePart_[f + 1]]]; ++u)
    out.push_back(static_cast<int>(arcUses_[u].arc));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void PolygonTopology::save(CacheWriter& w) const {
  w.array(featurePart_);
  w.array(partRing_);
  w.array(ringArc_);
  w.array(arcUses_);
  w.array(arcVertex_);
  w.array(arcStart_);
  w.array(closed_);
  if (pointRefs_.empty()) {
    w.array(points_);
    return;
  }
  // The vertices themselves, as w.array(points_) would write them, gathered a block at a time.
  w.pod<std::uint64_t>(pointRefs_.size());
  std::vector<Vec2> block;
  constexpr size_t kBlock = 1 << 16;
  for (size_t first = 0; first < pointRefs_.size(); first += kBlock) {
    block.clear();
    for (size_t i = first; i < std::min(pointRefs_.size(), first + kBlock); ++i) block.push_back(*pointRefs_[i]);
    w.bytes(block.data(), block.size() * sizeof(Vec2));
  }
}

std::optional<PolygonTopology> PolygonTopology::load(CacheReader& r) {
  PolygonTopology t;
  r.array(t.featurePart_);
  r.array(t.partRing_);
  r.array(t.ringArc_);
  r.array(t.arcUses_);
  r.array(t.arcVertex_);
  r.array(t.arcStart_);
  r.array(t.closed_);
  r.array(t.points_);
  if (!r.ok) return std::nullopt;
  // Offsets start at 0, never decrease and end at the size of what they index.
  auto offsets = [](const auto& starts, size_t total) {
    if (starts.empty() || starts.front() != 0 || size_t(starts.back()) != total) return false;
    return std::is_sorted(starts.begin(), starts.end());
  };
  if (!offsets(t.featurePart_, t.partRing_.size() - 1) || !offsets(t.partRing_, t.ringArc_.size() - 1) ||
      !offsets(t.ringArc_, t.arcUses_.size()) || !offsets(t.arcStart_, t.arcVertex_.size()) ||
      t.arcStart_.size() != t.closed_.size() + 1)
    return std::nullopt;
  for (const ArcUse use : t.arcUses_)
    if (use.arc >= t.closed_.size()) return std::nullopt;
  for (const VertexId v : t.arcVertex_)
    if (v >= t.points_.size()) return std::nullopt;
  return t;
}

}  // namespace pk
