// Levels of detail for a polygon layer that keep neighbours watertight. The rings are cut into arcs
// at the vertices where their neighbourhood changes (as in TopoJSON), so an edge that two polygons
// share is one arc. Each arc is simplified once per tolerance and every ring is reassembled from the
// simplified arcs: neighbours still share their boundary exactly (no slivers, no overlaps), and the
// outline of the whole layer draws each shared edge once. Polygons that do not share vertices
// exactly simply get arcs of their own. Pure geometry: no GL.
//
// Storage is flat (a national layer has millions of vertices): each distinct vertex once, arcs as
// runs of vertex ids, rings as runs of arc uses, so building and keeping it costs a few arrays
// rather than one allocation per vertex or ring.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "core/cache_file.h"
#include "core/geometry.h"

namespace pk {

class PolygonTopology {
 public:
  using VertexId = std::uint32_t;

  // Arcs after simplification: for every arc, the ids of the vertices it keeps, in order.
  struct SimplifiedArcs {
    std::vector<VertexId> vertices;
    std::vector<std::size_t> start{0};  // arc a is vertices[start[a], start[a + 1])
    size_t size() const { return start.size() - 1; }
    size_t arcSize(size_t a) const { return start[a + 1] - start[a]; }
    const VertexId* arc(size_t a) const { return vertices.data() + start[a]; }
  };

  // Numbers the vertices of features added one at a time, in the layer's order: most of the work of a
  // topology, which a loader does while it reads the rest of the file. build() cuts the rings into
  // arcs. The features must stay where they are, unchanged, until the topology is gone.
  class Builder {
   public:
    // `expectedVertices`: about how many vertices the features hold (0: unknown, the tables grow).
    explicit Builder(size_t expectedVertices = 0);
    ~Builder();
    Builder(Builder&&) noexcept;
    Builder& operator=(Builder&&) noexcept;
    void add(const MultiPolygon* feature);  // null: a feature without polygons
    // No more features: lets the vertex table go (a national layer's is 64 MB), and leaves out the
    // features added at the positions `leftOut` (ascending), which must have no parts (a loader
    // drops features without geometry once it has read them all). build() does it when not done.
    void finishAdding(const std::vector<size_t>& leftOut = {});
    size_t featureCount() const;
    PolygonTopology build() &&;

   private:
    friend class PolygonTopology;
    struct State;
    std::unique_ptr<State> state_;
  };

  PolygonTopology() = default;
  // The features must outlive the topology, unchanged: it refers to their vertices rather than
  // copying them.
  explicit PolygonTopology(const std::vector<const MultiPolygon*>& features);

  size_t featureCount() const { return featurePart_.empty() ? 0 : featurePart_.size() - 1; }
  size_t arcCount() const { return closed_.size(); }
  // Vertices of the arcs before simplification (closed loops count their vertices once).
  size_t vertexCount() const;
  Vec2 vertex(VertexId id) const { return pointRefs_.empty() ? points_[id] : *pointRefs_[id]; }
  // Bytes its arrays take (what a renderer holds to build further levels).
  size_t memoryBytes() const;

  // Every arc simplified with Douglas-Peucker (arc ends are kept, so rings stay joined); tolerance 0
  // returns the arcs unchanged. Arcs are independent, so `threads` > 1 splits them into contiguous
  // ranges; the result does not depend on the thread count.
  SimplifiedArcs simplifiedArcs(double tolerance, unsigned threads = 1) const;
  // True for an arc that is a whole ring without nodes (stored open, like pk::Ring).
  bool arcIsClosed(size_t arc) const { return closed_[arc] != 0; }

  // Feature `f` rebuilt from `arcs` (as returned by simplifiedArcs). Rings that collapsed to fewer
  // than 3 vertices are dropped, and so is a part whose outer ring collapsed.
  MultiPolygon assemble(size_t f, const SimplifiedArcs& arcs) const;

  // Arc ids used by feature `f` (each once), for per-feature outlines.
  std::vector<int> featureArcs(size_t f) const;

  // The topology as stored in the layer cache (a national layer's takes longer to build than to read
  // back), and read back: nullopt when what was read does not hang together (every index in range).
  void save(CacheWriter& w) const;
  static std::optional<PolygonTopology> load(CacheReader& r);

 private:
  // Nodes found, rings cut into arcs at them and each arc stored once (the second half of building).
  void cutIntoArcs(Builder::State& built);
  struct ArcUse {
    std::uint32_t arc : 31;
    std::uint32_t reversed : 1;
  };
  // Feature f has parts [featurePart_[f], featurePart_[f+1]); part p has rings [partRing_[p],
  // partRing_[p+1]) (the first is the outer ring); ring r is made of the arc uses
  // [ringArc_[r], ringArc_[r+1]) in order.
  std::vector<std::uint32_t> featurePart_, partRing_, ringArc_;
  std::vector<ArcUse> arcUses_;
  // Arc a runs through the vertices arcVertex_[arcStart_[a], arcStart_[a+1]): open arcs node to
  // node, both ends included.
  std::vector<VertexId> arcVertex_;
  std::vector<std::size_t> arcStart_{0};
  std::vector<char> closed_;
  // Each distinct vertex once, in order of first appearance: where it first appears in the features'
  // rings when built (a national layer's vertices are 130 MB; their addresses half that), a copy of
  // it when read back from the cache (there are no rings to refer to then).
  std::vector<const Vec2*> pointRefs_;
  std::vector<Vec2> points_;
};

}  // namespace pk
