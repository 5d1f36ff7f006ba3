// Levels of detail for a polygon layer that keep neighbours watertight. The rings are cut into arcs
// at the vertices where their neighbourhood changes (as in TopoJSON), so an edge that two polygons
// share is one arc. Each arc is simplified once per tolerance and every ring is reassembled from the
// simplified arcs: neighbours still share their boundary exactly (no slivers, no overlaps), and the
// outline of the whole layer draws each shared edge once. Polygons that do not share vertices
// exactly simply get arcs of their own. Pure geometry: no GL.
#pragma once
#include <cstddef>
#include <vector>

#include "core/geometry.h"

namespace pk {

class PolygonTopology {
 public:
  PolygonTopology() = default;
  explicit PolygonTopology(const std::vector<const MultiPolygon*>& features);

  size_t featureCount() const { return rings_.size(); }
  size_t arcCount() const { return arcs_.size(); }
  // Vertices of the arcs before simplification (closed loops count their vertices once).
  size_t vertexCount() const;

  // Every arc simplified with Douglas-Peucker (arc ends are kept, so rings stay joined); tolerance 0
  // returns the arcs unchanged. Index = arc id.
  std::vector<std::vector<Vec2>> simplifiedArcs(double tolerance) const;
  // True for an arc that is a whole ring without nodes (stored open, like pk::Ring).
  bool arcIsClosed(size_t arc) const { return closed_[arc] != 0; }

  // Feature `f` rebuilt from `arcs` (as returned by simplifiedArcs). Rings that collapsed to fewer
  // than 3 vertices are dropped, and so is a part whose outer ring collapsed.
  MultiPolygon assemble(size_t f, const std::vector<std::vector<Vec2>>& arcs) const;

  // Arc ids used by feature `f` (each once), for per-feature outlines.
  std::vector<int> featureArcs(size_t f) const;

 private:
  struct ArcUse {
    int arc;
    bool reversed;
  };
  using RingArcs = std::vector<ArcUse>;
  // rings_[feature][part][ring] -> the arcs that make the ring, in order.
  std::vector<std::vector<std::vector<RingArcs>>> rings_;
  std::vector<std::vector<Vec2>> arcs_;  // open arcs run node to node, both ends included
  std::vector<char> closed_;
};

}  // namespace pk
