// The map renderer. Static geometry (polygon fills, outlines, context lines and points) lives in
// GPU buffers cached per layer and rebuilt only when the layer's revision changes; everything that
// depends on the view (labels, notes, overlays, furniture) goes through a per-frame DrawList.
//
// Precision: map coordinates are UTM metres (~10^6-10^7), too large for 32-bit floats. Vertices are
// stored relative to the layer's origin (its bounding-box centre) and the view's offset from that
// origin is computed in double per frame, so the GPU only sees small numbers.
#include "render/map_renderer.h"

#include <epoxy/gl.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <future>
#include <map>
#include <optional>
#include <thread>
#include <unordered_map>

#include "core/font.h"
#include "core/i18n.h"
#include "core/label_layout.h"
#include "core/layer_cache.h"
#include "core/parallel.h"
#include "core/triangulate.h"
#include "render/draw_list.h"
#include "render/gl_program.h"
#include "core/polygon_topology.h"
#include "core/simplify.h"

namespace pk {

const char* schematicBoundaryNote() {
  return tr("map.schematic_note");  // the shared translation table, in the window's language
}

namespace {

constexpr GLint kSegmentTextureUnit = 1;  // outline segments (unit 0 holds the fills' colours)
// Outlines are drawn in batches of at most this many segments. An image finishes each batch before
// the next: llvmpipe bins a draw before rasterizing it and queues several binned scenes (100 MB of
// them for the outlines of the national desa map at 3840x2160, heaptrack), so one batch's scene is
// then in memory at a time (that map: 74 MB less at its peak, in the same time). The window does not
// wait: there the stall costs 10-15 ms a frame, and its views draw far fewer segments.
constexpr GLsizei kSegmentsPerBatch = 25000;
// Levels of detail: a level simplified at tolerance T map metres is used while T stays under
// kLodPixels pixels, so no boundary moves by more than half a pixel (QGIS simplifies at 1 px by
// default). A quarter pixel drew twice the triangles, and a frame of the window zoomed into the
// national desa took 88 ms instead of 57, for shading that only a pixel diff shows. Line layers keep
// a fixed ladder; polygon layers build level k (tolerance kDetailBaseTolerance * 2^k) lazily when a
// zoom first needs it.
constexpr double kLodTolerances[] = {0.5, 2, 8, 32, 128, 512};
constexpr double kLodPixels = 0.5;
constexpr double kDetailBaseTolerance = 0.25;
constexpr int kDetailLevels = 16;

// Level of detail for a view: -1 (exact) when even the finest level would be visible.
int detailLevelFor(double metresPerPixel) {
  const double tolerance = kLodPixels * metresPerPixel;
  if (!(tolerance >= kDetailBaseTolerance)) return -1;
  return std::min(kDetailLevels - 1, static_cast<int>(std::floor(std::log2(tolerance / kDetailBaseTolerance))));
}

double detailTolerance(int level) { return level < 0 ? 0.0 : std::ldexp(kDetailBaseTolerance, level); }

// Worker threads for building levels of detail (results do not depend on the count): every core for
// a level something waits for; one core fewer for a level built behind the window, so that the
// frames drawn meanwhile keep a core.
unsigned buildThreads() { return std::clamp(std::thread::hardware_concurrency(), 1u, 8u); }
unsigned backgroundBuildThreads() { return std::max(1u, buildThreads() - 1); }
const Rgba kHoverOutline{20, 20, 20, 255};
const Rgba kSelectedOutline{0, 92, 230, 255};

// Relative to the layer's origin; whose feature a vertex is follows from featureVertices.
struct FillVertex {
  float x, y;
};

struct SegmentVertex {
  float x0, y0, x1, y1;
};

// A run of a level's fill vertices or outline segments that lie near each other, with their extent
// in map metres: a view draws only the blocks its extent meets (zoomed in on one province of a
// national layer, a frame then sets up a few percent of the triangles).
struct DrawBlock {
  BBox box;
  std::int32_t first = 0, count = 0;
};

// Spatial blocks: a grid of about 64 features a cell over the layer's extent; a feature (or an arc)
// belongs to the cell of its bounding box's centre (or first vertex).
struct BlockGrid {
  BBox extent;
  int side = 1;
  BlockGrid(const BBox& layerExtent, size_t features)
      : extent(layerExtent), side(std::clamp(int(std::sqrt(double(features) / 64.0)), 1, 64)) {}
  int cellOf(Vec2 p) const {
    if (extent.empty()) return 0;
    auto axis = [&](double v, double lo, double size) {
      return size > 0 ? std::clamp(int((v - lo) / size * side), 0, side - 1) : 0;
    };
    return axis(p.y, extent.miny, extent.height()) * side + axis(p.x, extent.minx, extent.width());
  }
  int cells() const { return side * side; }
};

// Runs to draw (firsts and counts, as glMultiDraw* takes them).
struct VisibleRuns {
  std::vector<GLint> firsts;
  std::vector<GLsizei> counts;
};

// The blocks that meet `extent`, adjacent ones joined into one run.
VisibleRuns visibleRuns(const std::vector<DrawBlock>& blocks, const BBox& extent) {
  VisibleRuns runs;
  for (const DrawBlock& b : blocks) {
    if (b.count <= 0 || !b.box.intersects(extent)) continue;
    if (!runs.firsts.empty() && runs.firsts.back() + runs.counts.back() == b.first) runs.counts.back() += b.count;
    else runs.firsts.push_back(b.first), runs.counts.push_back(b.count);
  }
  return runs;
}

// The extent in map metres of what is drawn (the view, or the tile of it being drawn), widened by
// half a line of `lineWidthPx` and two pixels (smoothed edges, rounding), so that nothing that
// touches a pixel is culled.
BBox cullExtent(const MapView& view, const RenderOptions& o, float lineWidthPx) {
  BBox b;
  if (o.tiled()) {
    b.add(view.toMap({double(o.tileX), double(o.tileY)}));
    b.add(view.toMap({double(o.tileX + o.tileWidth), double(o.tileY + o.tileHeight)}));
  } else {
    b = view.visibleExtent();
  }
  const double margin = (lineWidthPx / 2.0 + 2.0) * view.metresPerPixel;
  b.minx -= margin, b.miny -= margin, b.maxx += margin, b.maxy += margin;
  return b;
}

// Items 0..n-1 ordered by cell (a stable counting sort), with where each cell's items start.
std::vector<size_t> orderByCell(const std::vector<int>& cellOfItem, int cells, std::vector<size_t>& cellStart) {
  cellStart.assign(size_t(cells) + 1, 0);
  for (int c : cellOfItem) ++cellStart[size_t(c) + 1];
  for (size_t c = 0; c < size_t(cells); ++c) cellStart[c + 1] += cellStart[c];
  std::vector<size_t> order(cellOfItem.size());
  std::vector<size_t> fill(cellStart.begin(), cellStart.end() - 1);
  for (size_t i = 0; i < cellOfItem.size(); ++i) order[fill[size_t(cellOfItem[i])]++] = i;
  return order;
}

// Transform of one coordinate space into pixels from the viewport centre (y up).
struct SpaceTransform {
  float scaleX, scaleY, translateX, translateY;
};

SpaceTransform mapSpace(const MapView& view, Vec2 origin) {
  const double k = 1.0 / view.metresPerPixel;
  return {static_cast<float>(k), static_cast<float>(k), static_cast<float>((origin.x - view.center.x) * k),
          static_cast<float>((origin.y - view.center.y) * k)};
}

SpaceTransform screenSpace(const MapView& view) {
  return {1.0f, -1.0f, -view.widthPx / 2.0f, view.heightPx / 2.0f};
}

void setAttribConstant4(GLuint loc, Rgba c) {
  glDisableVertexAttribArray(loc);
  glVertexAttrib4f(loc, c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, c.a / 255.0f);
}

void setAttribConstant1(GLuint loc, float v) {
  glDisableVertexAttribArray(loc);
  glVertexAttrib1f(loc, v);
}

Rgba withOpacity(Rgba c, float opacity) {
  c.a = static_cast<std::uint8_t>(std::lround(c.a * std::clamp(opacity, 0.0f, 1.0f)));
  return c;
}

// One level of detail of a polygon layer: fills and outlines of its boundaries simplified at
// `tolerance` map units (0: exact), in one fill and one segment buffer.
struct PolygonDetail {
  double tolerance = 0;
  GLuint fillVao = 0, fillVbo = 0;
  GLsizei fillVertices = 0;
  // Each vertex's colour (its feature's), written when the layer's colours change (LayerGpu::colors):
  // llvmpipe shades vertices on one thread, where a texture look-up per vertex cost a national desa
  // frame a third of its time.
  GLuint fillColorVbo = 0;
  std::uint64_t fillColorsVersion = 0;  // of LayerGpu::colors; 0: never written
  std::vector<std::pair<GLint, GLsizei>> featureVertices;  // first, count per feature
  // Outline segments in buffer textures that line.vert.glsl reads at gl_VertexID / 4, in pieces of
  // at most the driver's buffer-texture size; drawn through a VAO with no vertex arrays that holds
  // the renderer's shared quad index buffer.
  struct SegmentPiece {
    GLuint buffer = 0, texture = 0;
    GLint first = 0;  // the piece's first segment in the level
    GLsizei count = 0;
  };
  std::vector<SegmentPiece> segmentPieces;
  GLuint lineVao = 0;
  GLsizei layerSegments = 0;  // segments [0, layerSegments) draw every boundary arc once
  std::vector<std::pair<GLint, GLsizei>> featureSegments;  // first, count per feature (highlights)
  size_t exactFallbacks = 0;  // features drawn exactly because their simplified rings broke
  std::vector<DrawBlock> fillBlocks, segmentBlocks;  // the fills and segments [0, layerSegments), by block
  // The simplified polygons (empty for the exact level): label placement tests against them, which
  // at under half a pixel differ from the exact ones by less than a pixel but cost a fraction of the time.
  std::vector<MultiPolygon> simplified;

  void release() {
    GLuint vaos[] = {fillVao, lineVao};
    glDeleteVertexArrays(2, vaos);
    glDeleteBuffers(1, &fillVbo);
    glDeleteBuffers(1, &fillColorVbo);
    for (const SegmentPiece& piece : segmentPieces) {
      glDeleteTextures(1, &piece.texture);
      glDeleteBuffers(1, &piece.buffer);
    }
    *this = PolygonDetail{};
  }
};

// What a level of detail is before it reaches the GPU: built on the GL thread, or off it while the
// window shows the nearest level it has (RenderOptions::provisionalDetail).
struct PolygonDetailData {
  double tolerance = 0;
  std::vector<FillVertex> fills;
  std::vector<std::pair<GLint, GLsizei>> featureVertices;
  std::vector<SegmentVertex> segments;
  GLsizei layerSegments = 0;
  std::vector<std::pair<GLint, GLsizei>> featureSegments;
  size_t exactFallbacks = 0;
  std::vector<MultiPolygon> simplified;
  std::vector<DrawBlock> fillBlocks, segmentBlocks;  // the fills and the layer's segments, by block
};

// What every level of detail of a polygon layer is built from: the shared-arc topology and the
// features' planar areas and perimeters (for judging simplified fills). Shared with a level being
// built off the GL thread.
struct PolygonShapes {
  PolygonTopology topology;
  std::shared_ptr<const Layer> geometry;  // the layer whose rings a topology built here refers to
  std::vector<double> areas, perimeters;
  // The median feature's side (square root of its area), for the outline's weight at a scale.
  double typicalSizeMetres() const {
    if (areas.empty()) return 0;
    std::vector<double> sorted = areas;
    std::nth_element(sorted.begin(), sorted.begin() + std::ptrdiff_t(sorted.size() / 2), sorted.end());
    return std::sqrt(sorted[sorted.size() / 2]);
  }
};

// A level as built or read back, with the shapes it was built from or that were at hand (null when
// it was read back before any level of the layer was built) and the layer's typical feature size.
struct BuiltDetail {
  PolygonDetailData data;
  std::shared_ptr<const PolygonShapes> shapes;
  double typicalSizeMetres = 0;
};

// Feature triangles without simplification, for the features whose simplified rings broke: kept
// from level to level by builds on the GL thread; a build off it makes its own.
struct ExactTriangles {
  std::vector<std::vector<Triangle>> triangles;  // per feature, filled on demand
  std::vector<char> done;
};

// GPU buffers of one layer, valid for one revision of it.
struct LayerGpu {
  std::weak_ptr<Layer> owner;
  std::uint64_t revision = 0;
  Vec2 origin;
  bool built = false;

  std::vector<Rgba> colors;  // each feature's fill, as last drawn
  std::uint64_t colorsVersion = 0;  // counts changes of `colors`

  // Polygon layers: levels of detail built lazily as zooms need them (key: level index, -1 exact),
  // or read back from the layer cache; what they are built from is read or built with the first
  // level that has to be built.
  std::shared_ptr<const PolygonShapes> shapes;
  std::map<int, PolygonDetail> details;
  double typicalSizeMetres = 0;  // the median feature's side (square root of its area)
  ExactTriangles exact;
  // A level being built off the GL thread (one at a time), uploaded by the first frame after it is done.
  struct PendingDetail {
    int level = 0;
    std::future<BuiltDetail> result;
  };
  std::optional<PendingDetail> pending;

  // Line layers: all outline levels share one buffer; level 0 is exact.
  struct OutlineLevel {
    double tolerance = 0;
    GLint first = 0;
    GLsizei count = 0;
  };
  GLuint lineVao = 0, lineVbo = 0;
  std::vector<OutlineLevel> outlineLevels;

  const OutlineLevel* outlineLevelFor(double metresPerPixel) const {
    const OutlineLevel* best = outlineLevels.empty() ? nullptr : &outlineLevels[0];
    for (const auto& l : outlineLevels)
      if (l.tolerance <= kLodPixels * metresPerPixel) best = &l;
    return best;
  }

  GLuint pointVao = 0, pointVbo = 0;
  GLsizei points = 0;

  void release() {
    GLuint vaos[] = {lineVao, pointVao};
    GLuint vbos[] = {lineVbo, pointVbo};
    glDeleteVertexArrays(2, vaos);
    glDeleteBuffers(2, vbos);
    for (auto& [k, d] : details) d.release();
    if (pending) pending->result.wait();  // the build reads this layer's topology and features
    *this = LayerGpu{};
  }
};

// What polygonShapes derives from a big polygon layer's geometry alone (its topology, the features'
// areas and perimeters), kept in the layer cache beside the layer, so that a file opened again skips
// building it. Bump the version when the topology or what is stored changes.
const char* const kCachedTopologyKind = "render topology v1";

// The layer's shapes: read back from the layer cache, else built (topology on this thread, from the
// vertices numbered while the file was read where they were; areas and perimeters on a second one)
// and stored there.
std::shared_ptr<const PolygonShapes> polygonShapes(const std::shared_ptr<const Layer>& owner) {
  const Layer& layer = *owner;
  auto shapes = std::make_shared<PolygonShapes>();
  const size_t n = layer.features.size();
  std::optional<PolygonTopology::Builder> numbered = layer.loadedTopology.take(layer.features, layer.revision);
  const bool read = readDerivedCache(layer.derivedCache, kCachedTopologyKind, [&](CacheReader& r) {
    std::optional<PolygonTopology> topology = PolygonTopology::load(r);
    r.array(shapes->areas);
    r.array(shapes->perimeters);
    if (!topology || topology->featureCount() != n || shapes->areas.size() != n || shapes->perimeters.size() != n)
      return false;
    shapes->topology = std::move(*topology);
    return true;
  });
  if (read) return shapes;
  shapes->areas.assign(n, 0);
  shapes->perimeters.assign(n, 0);
  std::jthread measure([&] {
    for (size_t i = 0; i < n; ++i) {
      const MultiPolygon& mp = layer.features[i].polygon;
      shapes->areas[i] = mp.area();
      double perimeter = 0;
      for (const auto& part : mp.parts)
        for (const auto& ring : part.rings)
          for (size_t k = 0; k < ring.size(); ++k) {
            const Vec2 d = ring[(k + 1) % ring.size()] - ring[k];
            perimeter += std::hypot(d.x, d.y);
          }
      shapes->perimeters[i] = perimeter;
    }
  });
  if (numbered) {
    shapes->topology = std::move(*numbered).build();
  } else {
    std::vector<const MultiPolygon*> polygons;
    for (const Feature& f : layer.features) polygons.push_back(&f.polygon);
    shapes->topology = PolygonTopology(polygons);
  }
  shapes->geometry = owner;
  measure.join();
  writeDerivedCache(layer.derivedCache, kCachedTopologyKind, [&](CacheWriter& w) {
    shapes->topology.save(w);
    w.array(shapes->areas);
    w.array(shapes->perimeters);
  });
  return shapes;
}

// A level of detail as drawn (vertices relative to the layer's origin) is kept in the layer cache too,
// one file per level, so that the same view of a big layer opened again draws without its topology
// (reading that, and building the level from it, cost more than reading the level). Levels above
// kMaxCachedLevelBytes (the finest levels of a national layer) are built each time instead.
std::string cachedLevelKind(int level) { return "render level v3 " + std::to_string(level); }
constexpr size_t kMaxCachedLevelBytes = size_t(64) << 20;

// Polygons as four flat arrays: parts per polygon, rings per part, vertices per ring, the vertices.
struct FlatPolygons {
  std::vector<std::uint32_t> parts, rings, sizes;
  std::vector<Vec2> vertices;

  explicit FlatPolygons(const std::vector<MultiPolygon>& polygons) {
    for (const MultiPolygon& mp : polygons) {
      parts.push_back(std::uint32_t(mp.parts.size()));
      for (const Polygon& part : mp.parts) {
        rings.push_back(std::uint32_t(part.rings.size()));
        for (const Ring& ring : part.rings) {
          sizes.push_back(std::uint32_t(ring.size()));
          vertices.insert(vertices.end(), ring.begin(), ring.end());
        }
      }
    }
  }
  FlatPolygons() = default;
  size_t bytes() const { return (parts.size() + rings.size() + sizes.size()) * 4 + vertices.size() * sizeof(Vec2); }
  // Back into polygons: false when the counts do not add up.
  bool unflatten(std::vector<MultiPolygon>& out) const {
    out.assign(parts.size(), {});
    size_t r = 0, s = 0, v = 0;
    for (size_t i = 0; i < parts.size(); ++i) {
      if (parts[i] > rings.size() - r) return false;
      out[i].parts.resize(parts[i]);
      for (Polygon& part : out[i].parts) {
        if (r >= rings.size() || rings[r] > sizes.size() - s) return false;
        part.rings.resize(rings[r++]);
        for (Ring& ring : part.rings) {
          if (sizes[s] > vertices.size() - v) return false;
          ring.assign(vertices.begin() + std::ptrdiff_t(v), vertices.begin() + std::ptrdiff_t(v + sizes[s]));
          v += sizes[s++];
        }
      }
    }
    return r == rings.size() && s == sizes.size() && v == vertices.size();
  }
};

size_t levelBytes(const PolygonDetailData& d, const FlatPolygons& simplified) {
  return d.fills.size() * sizeof(FillVertex) + d.segments.size() * sizeof(SegmentVertex) +
         (d.featureVertices.size() + d.featureSegments.size()) * 2 * sizeof(std::int32_t) + simplified.bytes() +
         (d.fillBlocks.size() + d.segmentBlocks.size()) * sizeof(DrawBlock);
}

std::vector<std::int32_t> flatRanges(const std::vector<std::pair<GLint, GLsizei>>& ranges) {
  std::vector<std::int32_t> flat;
  flat.reserve(ranges.size() * 2);
  for (const auto& [first, count] : ranges) flat.insert(flat.end(), {first, count});
  return flat;
}

// Blocks read back, each checked to lie within [0, size).
bool blocksWithin(const std::vector<DrawBlock>& blocks, size_t size) {
  return std::all_of(blocks.begin(), blocks.end(), [&](const DrawBlock& b) {
    return b.first >= 0 && b.count >= 0 && std::uint64_t(b.first) + std::uint64_t(b.count) <= size;
  });
}

// Ranges read back, each checked to lie within [0, size).
bool rangesWithin(const std::vector<std::int32_t>& flat, size_t ranges, size_t size,
                  std::vector<std::pair<GLint, GLsizei>>& out) {
  if (flat.size() != ranges * 2) return false;
  out.resize(ranges);
  for (size_t i = 0; i < ranges; ++i) {
    const std::int64_t first = flat[2 * i], count = flat[2 * i + 1];
    if (first < 0 || count < 0 || std::uint64_t(first + count) > size) return false;
    out[i] = {GLint(first), GLsizei(count)};
  }
  return true;
}

// Every array of a stored level in file order, handed to `io` (CacheReader::array or
// CacheWriter::array): one list for reading and writing. Feature ranges are stored flat.
template <class Level, class Flat, class Ranges, class Io>
void eachStoredArray(Level& d, Ranges& featureVertices, Ranges& featureSegments, Flat& simplified, Io&& io) {
  io(d.fills);
  io(featureVertices);
  io(d.segments);
  io(featureSegments);
  io(simplified.parts);
  io(simplified.rings);
  io(simplified.sizes);
  io(simplified.vertices);
  io(d.fillBlocks);
  io(d.segmentBlocks);
}

std::optional<BuiltDetail> readCachedLevel(const Layer& layer, int level, Vec2 origin) {
  BuiltDetail b;
  PolygonDetailData& d = b.data;
  const size_t n = layer.features.size();
  const bool read = readDerivedCache(layer.derivedCache, cachedLevelKind(level), [&](CacheReader& r) {
    const Vec2 storedOrigin{r.pod<double>(), r.pod<double>()};
    d.tolerance = r.pod<double>();
    b.typicalSizeMetres = r.pod<double>();
    d.exactFallbacks = r.pod<std::uint64_t>();
    const auto layerSegments = r.pod<std::uint64_t>();
    std::vector<std::int32_t> featureVertices, featureSegments;
    FlatPolygons simplified;
    eachStoredArray(d, featureVertices, featureSegments, simplified, [&](auto& v) { r.array(v); });
    if (!r.ok || !(storedOrigin == origin) || d.tolerance != detailTolerance(level) || d.fills.size() % 3 != 0 ||
        d.fills.size() > size_t(INT32_MAX) || d.segments.size() > size_t(INT32_MAX) || layerSegments > d.segments.size())
      return false;
    if (!blocksWithin(d.fillBlocks, d.fills.size()) || !blocksWithin(d.segmentBlocks, layerSegments) ||
        !simplified.unflatten(d.simplified) || (!d.simplified.empty() && d.simplified.size() != n))
      return false;
    d.layerSegments = GLsizei(layerSegments);
    // Whatever the draw calls will read must lie inside the buffers.
    return rangesWithin(featureVertices, n, d.fills.size(), d.featureVertices) &&
           rangesWithin(featureSegments, n, d.segments.size(), d.featureSegments);
  });
  if (!read) return std::nullopt;
  return b;
}

void writeCachedLevel(const Layer& layer, int level, Vec2 origin, const BuiltDetail& b) {
  const PolygonDetailData& d = b.data;
  const FlatPolygons simplified(d.simplified);
  if (levelBytes(d, simplified) > kMaxCachedLevelBytes) return;
  writeDerivedCache(layer.derivedCache, cachedLevelKind(level), [&](CacheWriter& w) {
    w.pod(origin.x);
    w.pod(origin.y);
    w.pod(d.tolerance);
    w.pod(b.typicalSizeMetres);
    w.pod<std::uint64_t>(d.exactFallbacks);
    w.pod<std::uint64_t>(std::uint64_t(d.layerSegments));
    const std::vector<std::int32_t> featureVertices = flatRanges(d.featureVertices);
    const std::vector<std::int32_t> featureSegments = flatRanges(d.featureSegments);
    eachStoredArray(d, featureVertices, featureSegments, simplified, [&](const auto& v) { w.array(v); });
  });
}

// Binds a segment buffer's per-instance endpoints to attributes 0 and 1 starting at `first`.
void pointSegmentAttribs(GLint first) {
  const auto base = static_cast<GLintptr>(first) * static_cast<GLintptr>(sizeof(SegmentVertex));
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(SegmentVertex), reinterpret_cast<void*>(base));
  glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(SegmentVertex),
                        reinterpret_cast<void*>(base + 2 * sizeof(float)));
}

}  // namespace

namespace {

// A static buffer of instanced segments (attributes 0 and 1 per instance), as the line shader reads.
void makeSegmentBuffer(GLuint& vao, GLuint& vbo, const std::vector<SegmentVertex>& segs) {
  glGenVertexArrays(1, &vao);
  glGenBuffers(1, &vbo);
  glBindVertexArray(vao);
  glBindBuffer(GL_ARRAY_BUFFER, vbo);
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(segs.size() * sizeof(SegmentVertex)), segs.data(),
               GL_STATIC_DRAW);
  glEnableVertexAttribArray(0);
  glEnableVertexAttribArray(1);
  glVertexAttribDivisor(0, 1);
  glVertexAttribDivisor(1, 1);
  pointSegmentAttribs(0);
  glBindVertexArray(0);
}

// A level's outline segments as buffer textures of at most `maxTexels` segments each (one RGBA32F
// texel a segment), and the VAO they are drawn with: no vertex arrays, the shared `quadIndices`.
void makeSegmentTextures(PolygonDetail& d, const std::vector<SegmentVertex>& segs, GLint maxTexels,
                         GLuint quadIndices) {
  static_assert(sizeof(SegmentVertex) == 4 * sizeof(float), "one RGBA32F texel per segment");
  glGenVertexArrays(1, &d.lineVao);
  glBindVertexArray(d.lineVao);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, quadIndices);
  glBindVertexArray(0);
  const size_t step = static_cast<size_t>(std::max<GLint>(maxTexels, 1));
  for (size_t first = 0; first < segs.size(); first += step) {
    PolygonDetail::SegmentPiece piece;
    piece.first = static_cast<GLint>(first);
    piece.count = static_cast<GLsizei>(std::min(step, segs.size() - first));
    glGenBuffers(1, &piece.buffer);
    glBindBuffer(GL_TEXTURE_BUFFER, piece.buffer);
    glBufferData(GL_TEXTURE_BUFFER, static_cast<GLsizeiptr>(piece.count * sizeof(SegmentVertex)), segs.data() + first,
                 GL_STATIC_DRAW);
    glGenTextures(1, &piece.texture);
    glBindTexture(GL_TEXTURE_BUFFER, piece.texture);
    glTexBuffer(GL_TEXTURE_BUFFER, GL_RGBA32F, piece.buffer);
    d.segmentPieces.push_back(piece);
  }
  glBindTexture(GL_TEXTURE_BUFFER, 0);
  glBindBuffer(GL_TEXTURE_BUFFER, 0);
}

// The level's fill triangles: positions (8 bytes a vertex), and room for a colour each (4 bytes),
// written on the first draw.
void makeFillBuffer(PolygonDetail& d, const std::vector<FillVertex>& verts) {
  glGenVertexArrays(1, &d.fillVao);
  glGenBuffers(1, &d.fillVbo);
  glGenBuffers(1, &d.fillColorVbo);
  glBindVertexArray(d.fillVao);
  glBindBuffer(GL_ARRAY_BUFFER, d.fillVbo);
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(verts.size() * sizeof(FillVertex)), verts.data(),
               GL_STATIC_DRAW);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
  glBindBuffer(GL_ARRAY_BUFFER, d.fillColorVbo);
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(verts.size() * sizeof(Rgba)), nullptr, GL_DYNAMIC_DRAW);
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 4, GL_UNSIGNED_BYTE, GL_TRUE, 0, nullptr);
  glBindVertexArray(0);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
}

// Writes each fill vertex's colour from its feature's, when the layer's colours changed since.
void writeFillColors(PolygonDetail& d, const std::vector<Rgba>& colors, std::uint64_t version) {
  if (d.fillColorsVersion == version || d.fillVertices == 0) return;
  std::vector<Rgba> perVertex(static_cast<size_t>(d.fillVertices));
  for (size_t i = 0; i < d.featureVertices.size() && i < colors.size(); ++i) {
    const auto [first, count] = d.featureVertices[i];
    std::fill_n(perVertex.begin() + first, count, colors[i]);
  }
  glBindBuffer(GL_ARRAY_BUFFER, d.fillColorVbo);
  glBufferSubData(GL_ARRAY_BUFFER, 0, static_cast<GLsizeiptr>(perVertex.size() * sizeof(Rgba)), perVertex.data());
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  d.fillColorsVersion = version;
}

// Whether the triangles of a simplified feature can stand in for the exact ones: they must cover the
// simplified rings exactly (a self-intersection from simplification breaks that), and the area may
// change no more than moving every boundary point by the tolerance could.
bool simplifiedFillAcceptable(const MultiPolygon& simplified, const std::vector<Triangle>& triangles,
                              double exactArea, double perimeter, double tolerance) {
  const double ringsArea = simplified.area();
  const double trianglesCover = trianglesArea(triangles);
  if (std::abs(trianglesCover - ringsArea) > 1e-6 * std::max(ringsArea, 1.0)) return false;
  return std::abs(ringsArea - exactArea) <= perimeter * tolerance;
}

}  // namespace

// Everything the drawn layers depend on. Whatever drawLayers() starts to depend on must join it.
struct LayerKey {
  const Layer* layer = nullptr;
  std::uint64_t revision = 0;
  bool visible = false;
  GeometryKind kind = GeometryKind::Polygon;
  int nameField = -1;
  LayerStyle style;
  friend bool operator==(const LayerKey&, const LayerKey&) = default;
};

struct LayersKey {
  std::vector<LayerKey> layers;
  int boundaryLayer = -1;
  bool schematicBoundaries = false;
  bool schematicNote = true;
  Vec2 center;
  double metresPerPixel = 0;
  int widthPx = 0, heightPx = 0;
  float pixelsPerPoint = 0;
  bool plain = false;
  Rgba background;
  std::vector<Rgba> boundaryFills;
  std::vector<double> labelObstacles;  // minx, miny, maxx, maxy of each
  bool levelsOfDetail = true;
  friend bool operator==(const LayersKey&, const LayersKey&) = default;
};

LayersKey layersKeyOf(const MapDocument& doc, const MapView& view, const RenderOptions& o, bool levelsOfDetail) {
  LayersKey k;
  for (const LayerPtr& l : doc.layers)
    if (l) k.layers.push_back({l.get(), l->revision, l->visible, l->kind, l->nameField, l->style});
  k.boundaryLayer = doc.boundaryLayer;
  k.schematicBoundaries = doc.schematicBoundaries;
  k.schematicNote = o.schematicNote;
  k.center = view.center;
  k.metresPerPixel = view.metresPerPixel;
  k.widthPx = view.widthPx;
  k.heightPx = view.heightPx;
  k.pixelsPerPoint = view.pixelsPerPoint;
  k.plain = o.plain;
  k.background = o.background;
  if (o.boundaryFills) k.boundaryFills = *o.boundaryFills;
  for (const BBox& b : o.labelObstacles) k.labelObstacles.insert(k.labelObstacles.end(), {b.minx, b.miny, b.maxx, b.maxy});
  k.levelsOfDetail = levelsOfDetail;
  return k;
}

namespace {

PolygonDetailData computePolygonDetail(const PolygonTopology& topo, const Layer& layer, const std::vector<double>& areas,
                                       const std::vector<double>& perimeters, Vec2 origin, double tolerance,
                                       ExactTriangles* exact, unsigned threads) {
  PolygonDetailData d;
  d.tolerance = tolerance;
  const Vec2 o = origin;
  auto rel = [&](Vec2 p) { return std::pair<float, float>(static_cast<float>(p.x - o.x), static_cast<float>(p.y - o.y)); };
  const auto arcs = topo.simplifiedArcs(d.tolerance, threads);
  const size_t n = layer.features.size();
  if (d.tolerance > 0) d.simplified.resize(n);

  // Fills: features are independent (triangulation dominates), so contiguous ranges of them, in
  // block order, are built on worker threads into vertex arrays of their own and joined in that
  // order. No GL here: storeDetail uploads the result on the GL thread.
  struct FillRange {
    size_t begin = 0, end = 0;  // the features it holds, as positions in featureOrder
    std::vector<FillVertex> verts;
    size_t exactFallbacks = 0;
  };
  // Features in block order, so that each block's vertices are one run.
  const BlockGrid grid(layer.bbox, n);
  std::vector<int> cellOfFeature(n);
  for (size_t i = 0; i < n; ++i) cellOfFeature[i] = grid.cellOf(layer.features[i].bbox.center());
  std::vector<size_t> featureStart;
  const std::vector<size_t> featureOrder = orderByCell(cellOfFeature, grid.cells(), featureStart);
  auto buildFills = [&](size_t begin, size_t end, FillRange& out) {
    out.begin = begin;
    out.end = end;
    for (size_t k = begin; k < end; ++k) {
      const size_t i = featureOrder[k];
      const auto first = static_cast<GLint>(out.verts.size());
      std::vector<Triangle> simplifiedTriangles;
      const std::vector<Triangle>* triangles = nullptr;
      if (d.tolerance > 0) {
        try {
          MultiPolygon simplified = topo.assemble(i, arcs);
          simplifiedTriangles = triangulate(simplified);
          if (simplifiedFillAcceptable(simplified, simplifiedTriangles, areas[i], perimeters[i], d.tolerance)) {
            triangles = &simplifiedTriangles;
            d.simplified[i] = std::move(simplified);
          }
        } catch (const std::exception&) {
          // fall back to the exact triangles below
        }
      }
      std::vector<Triangle> ownExact;
      if (!triangles) {
        if (d.tolerance > 0) ++out.exactFallbacks;
        if (!exact) {
          ownExact = triangulate(layer.features[i].polygon);
          triangles = &ownExact;
        } else {
          // Ranges never share a feature, so each slot has one writer.
          if (!exact->done[i]) {
            exact->triangles[i] = triangulate(layer.features[i].polygon);
            exact->done[i] = 1;
          }
          triangles = &exact->triangles[i];
        }
      }
      for (const Triangle& t : *triangles)
        for (Vec2 p : {t.a, t.b, t.c}) {
          auto [x, y] = rel(p);
          out.verts.push_back({x, y});
        }
      // Relative to the range for now; made absolute when the ranges are joined.
      d.featureVertices[i] = {first, static_cast<GLsizei>(out.verts.size() - first)};
    }
  };
  d.featureVertices.resize(n);
  const unsigned parts = static_cast<unsigned>(std::clamp<size_t>(threads, 1, std::max<size_t>(n / 64, 1)));
  std::vector<FillRange> ranges(parts);
  parallelChunks(n, int(parts), [&](size_t begin, size_t end, int t) { buildFills(begin, end, ranges[size_t(t)]); });
  std::vector<FillVertex> verts = std::move(ranges[0].verts);
  d.exactFallbacks = ranges[0].exactFallbacks;
  for (unsigned t = 1; t < parts; ++t) {
    const auto base = static_cast<GLint>(verts.size());
    for (size_t k = ranges[t].begin; k < ranges[t].end; ++k) d.featureVertices[featureOrder[k]].first += base;
    verts.insert(verts.end(), ranges[t].verts.begin(), ranges[t].verts.end());
    d.exactFallbacks += ranges[t].exactFallbacks;
    ranges[t] = {};
  }
  d.fills = std::move(verts);
  for (int c = 0; c < grid.cells(); ++c) {
    const size_t kBegin = featureStart[size_t(c)], kEnd = featureStart[size_t(c) + 1];
    if (kBegin == kEnd) continue;
    DrawBlock block;
    block.first = d.featureVertices[featureOrder[kBegin]].first;
    for (size_t k = kBegin; k < kEnd; ++k) {
      block.count += d.featureVertices[featureOrder[k]].second;
      block.box.add(layer.features[featureOrder[k]].bbox);  // simplified and exact rings lie inside it
    }
    if (block.count > 0) d.fillBlocks.push_back(block);
  }

  // Outlines: every arc once for the layer (in block order), then each feature's arcs again for its
  // highlight.
  std::vector<SegmentVertex> segs;
  // The arc's segments, its vertices added to `box` when one is given.
  auto addArc = [&](size_t a, BBox* box) {
    const PolygonTopology::VertexId* ids = arcs.arc(a);
    const size_t m = arcs.arcSize(a);
    if (m < 2) return;
    const size_t count = topo.arcIsClosed(a) ? m : m - 1;
    for (size_t k = 0; k < count; ++k) {
      auto [x0, y0] = rel(topo.vertex(ids[k]));
      auto [x1, y1] = rel(topo.vertex(ids[(k + 1) % m]));
      segs.push_back({x0, y0, x1, y1});
    }
    if (box)
      for (size_t k = 0; k < m; ++k) box->add(topo.vertex(ids[k]));
  };
  std::vector<int> cellOfArc(arcs.size(), 0);
  for (size_t a = 0; a < arcs.size(); ++a)
    if (arcs.arcSize(a) > 0) cellOfArc[a] = grid.cellOf(topo.vertex(arcs.arc(a)[0]));
  std::vector<size_t> arcStart;
  const std::vector<size_t> arcOrder = orderByCell(cellOfArc, grid.cells(), arcStart);
  for (int c = 0; c < grid.cells(); ++c) {
    DrawBlock block;
    block.first = static_cast<std::int32_t>(segs.size());
    for (size_t k = arcStart[size_t(c)]; k < arcStart[size_t(c) + 1]; ++k) addArc(arcOrder[k], &block.box);
    block.count = static_cast<std::int32_t>(segs.size()) - block.first;
    if (block.count > 0) d.segmentBlocks.push_back(block);
  }
  d.layerSegments = static_cast<GLsizei>(segs.size());
  d.featureSegments.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const auto first = static_cast<GLint>(segs.size());
    for (int a : topo.featureArcs(i)) addArc(static_cast<size_t>(a), nullptr);
    d.featureSegments[i] = {first, static_cast<GLsizei>(segs.size() - first)};
  }
  d.segments = std::move(segs);
  return d;
}

// A level of detail: read back from the layer cache, else built from `shapes` (read or built first
// when null) and stored there.
BuiltDetail buildDetail(const std::shared_ptr<const Layer>& owner, std::shared_ptr<const PolygonShapes> shapes,
                        int level, Vec2 origin, ExactTriangles* exact, unsigned threads) {
  const Layer& layer = *owner;
  if (std::optional<BuiltDetail> cached = readCachedLevel(layer, level, origin)) {
    cached->shapes = std::move(shapes);
    return std::move(*cached);
  }
  BuiltDetail b;
  b.shapes = shapes ? std::move(shapes) : polygonShapes(owner);
  b.typicalSizeMetres = b.shapes->typicalSizeMetres();
  b.data = computePolygonDetail(b.shapes->topology, layer, b.shapes->areas, b.shapes->perimeters, origin,
                                detailTolerance(level), exact, threads);
  writeCachedLevel(layer, level, origin, b);
  return b;
}

}  // namespace

struct MapRenderer::Impl {
  bool ready = false;
  GlProgram fill, line, point, solid, text, image, marker;
  std::unordered_map<const Layer*, LayerGpu> layers;
  // DrawList images (heatmaps): one texture each, uploaded again only when the image's revision changes.
  struct ImageGpu {
    std::weak_ptr<const DrawImage> owner;
    std::uint64_t revision = 0;
    GLuint texture = 0;
  };
  std::unordered_map<const DrawImage*, ImageGpu> images;
  GLuint imageVao = 0;
  GLuint markerVao = 0, markerVbo = 0;
  float maxPointSize = 1;
  GLint maxSegmentTexels = 0;  // GL_MAX_TEXTURE_BUFFER_SIZE, or less (MapRenderer::limitSegmentTexels)
  // Indices 4k + {0, 1, 2, 2, 1, 3} for k < kSegmentsPerBatch: two triangles per segment quad, shared
  // by every level (a draw offsets them with its base vertex).
  GLuint quadIndexBuffer = 0;
  bool finishBatches = false;  // drawing an image: finish each batch of outlines (kSegmentsPerBatch)
  // The cached overlay's framebuffer and texture.
  GLuint overlayCacheFbo = 0, overlayCacheTexture = 0;
  int overlayCacheW = 0, overlayCacheH = 0;
  std::uint64_t overlayCacheKey = 0;
  bool overlayCacheValid = false;
  std::vector<DrawList::Circle> markerScratch, edgeMarkerScratch;
  std::uint64_t imageUploads = 0;
  std::unordered_map<const Font*, GLuint> fontTextures;

  // Streaming buffers for DrawLists.
  GLuint solidVao = 0, solidVbo = 0;
  GLuint segmentVao = 0, segmentVbo = 0;
  GLuint circleVao = 0, circleVbo = 0;
  GLuint textVao = 0, textVbo = 0;

  GLuint fbo = 0, colorRb = 0;
  int fboW = 0, fboH = 0;
  RenderStats stats;
  bool levelsOfDetail = true;
  bool provisionalDetail = false;  // RenderOptions::provisionalDetail of the draw under way
  bool keepLevelSources = true;    // MapRenderer::setKeepLevelSources

  // RenderOptions::cacheLayers: the layers drawn into a texture, reused while `layersKey` holds.
  GlProgram blit;
  GLuint cacheFbo = 0, cacheTexture = 0;
  int cacheW = 0, cacheH = 0;
  bool cacheValid = false;
  LayersKey cacheKey;
  // Label layout (CPU work every frame otherwise), reused while its key holds.
  DrawList cachedLabels;
  LayersKey labelsKey;
  bool labelsValid = false;

  ~Impl() {
    if (!ready) return;
    for (auto& [k, g] : layers) g.release();
    for (auto& [f, t] : fontTextures) glDeleteTextures(1, &t);
    for (auto& [k, g] : images) glDeleteTextures(1, &g.texture);
    if (imageVao) glDeleteVertexArrays(1, &imageVao);
    if (overlayCacheFbo) glDeleteFramebuffers(1, &overlayCacheFbo);
    if (overlayCacheTexture) glDeleteTextures(1, &overlayCacheTexture);
    glDeleteVertexArrays(1, &markerVao);
    glDeleteBuffers(1, &markerVbo);
    GLuint vaos[] = {solidVao, segmentVao, circleVao, textVao};
    GLuint vbos[] = {solidVbo, segmentVbo, circleVbo, textVbo};
    glDeleteVertexArrays(4, vaos);
    glDeleteBuffers(4, vbos);
    glDeleteBuffers(1, &quadIndexBuffer);
    if (fbo) glDeleteFramebuffers(1, &fbo);
    if (cacheFbo) glDeleteFramebuffers(1, &cacheFbo);
    if (cacheTexture) glDeleteTextures(1, &cacheTexture);
    if (colorRb) glDeleteRenderbuffers(1, &colorRb);
  }

  void init();
  void setSpace(GlProgram& p, const SpaceTransform& t, const MapView& view);
  int viewportOrigin[2] = {0, 0};  // of the current draw (negative for tiles of a tiled export)
  LayerGpu& layerGpu(const LayerPtr& layer);
  void buildLayer(LayerGpu& g, const Layer& layer);
  // The level of detail for the scale, built (or, with provisionalDetail and another level at hand,
  // started off the GL thread with the nearest built level returned meanwhile).
  PolygonDetail& polygonDetail(LayerGpu& g, const Layer& layer, double metresPerPixel);
  PolygonDetail& storeDetail(LayerGpu& g, int level, BuiltDetail built);
  PolygonDetail& nearestDetail(LayerGpu& g, int level) const;
  void startDetailBuild(LayerGpu& g, int level);  // reads the layer through g.owner
  // Uploads the levels finished off the GL thread; true when there were any.
  bool collectFinishedDetails();
  void updateColors(LayerGpu& g, const std::vector<Rgba>& colors);
  void drawPolygonLayer(const Layer& layer, LayerGpu& g, const MapView& view, const RenderOptions& o,
                        bool isBoundary);
  void drawLevelOutlines(const PolygonDetail& d, Vec2 origin, const MapView& view, const VisibleRuns& segments,
                         float widthPx, Rgba color);
  void drawOutlineRange(GLuint vao, GLuint vbo, Vec2 origin, const MapView& view, GLint first, GLsizei count,
                        float widthPx, Rgba color);
  void drawLineLayer(const Layer& layer, LayerGpu& g, const MapView& view);
  void drawPointLayer(const Layer& layer, LayerGpu& g, const MapView& view);
  void drawList(const DrawList& list, const MapView& view);
  void drawImages(const DrawList& list, const MapView& view);
  void drawTextureQuad(GLuint texture, float x0, float y0, float x1, float y1, float opacity, bool flipV,
                       const MapView& view);
  void drawCachedOverlay(const RenderOptions& o, const MapView& view);
  GLuint imageTexture(const std::shared_ptr<const DrawImage>& img);
  void pruneImages();
  GLuint fontTexture(const Font& font);
  void addLabels(DrawList& out, const MapDocument& doc, const MapView& view, const std::vector<BBox>& obstaclesPx);
  void drawLayers(const MapDocument& doc, const MapView& view, const RenderOptions& o);
  // The levels of detail a draw of `view` will ask for, built (or read back) now.
  void prepareLevels(const MapDocument& doc, const MapView& view, const RenderOptions& o);
  void drawHighlights(const MapDocument& doc, const MapView& view, const RenderOptions& o);
  void drawCachedLayers(const MapDocument& doc, const MapView& view, const RenderOptions& o);
  void copyFramebuffer(GLuint from, GLuint to, int w, int h, bool toFromTexture);
  void addSchematicNote(DrawList& out, const MapView& view);
};

void MapRenderer::Impl::init() {
  if (epoxy_gl_version() < 33) throw std::runtime_error("the map needs OpenGL 3.3 or newer");
  fill.build("fill.vert.glsl", "fill.frag.glsl");
  line.build("line.vert.glsl", "line.frag.glsl");
  point.build("point.vert.glsl", "point.frag.glsl");
  solid.build("solid.vert.glsl", "solid.frag.glsl");
  text.build("text.vert.glsl", "text.frag.glsl");
  blit.build("blit.vert.glsl", "blit.frag.glsl");
  image.build("image.vert.glsl", "image.frag.glsl");
  glGenVertexArrays(1, &imageVao);  // core profile draws need a VAO even without attributes
  marker.build("marker.vert.glsl", "marker.frag.glsl");
  GLfloat pointRange[2] = {1, 1};
  glGetFloatv(GL_POINT_SIZE_RANGE, pointRange);
  maxPointSize = pointRange[1];
  glGetIntegerv(GL_MAX_TEXTURE_BUFFER_SIZE, &maxSegmentTexels);
  {
    std::vector<GLuint> indices;
    indices.reserve(static_cast<size_t>(kSegmentsPerBatch) * 6);
    for (GLuint k = 0; k < static_cast<GLuint>(kSegmentsPerBatch); ++k)
      for (GLuint corner : {0u, 1u, 2u, 2u, 1u, 3u}) indices.push_back(4 * k + corner);
    glGenBuffers(1, &quadIndexBuffer);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, quadIndexBuffer);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(indices.size() * sizeof(GLuint)), indices.data(),
                 GL_STATIC_DRAW);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, 0);
  }
  line.use();
  glUniform1i(line.uniform("uSegments"), kSegmentTextureUnit);

  // Streaming VAOs for DrawList contents; attribute layouts match the DrawList structs.
  auto makeVao = [](GLuint& vao, GLuint& vbo) {
    glGenVertexArrays(1, &vao);
    glGenBuffers(1, &vbo);
    glBindVertexArray(vao);
    glBindBuffer(GL_ARRAY_BUFFER, vbo);
  };
  auto attrib = [](GLuint loc, GLint n, GLenum type, GLboolean norm, GLsizei stride, size_t offset, GLuint divisor) {
    glEnableVertexAttribArray(loc);
    glVertexAttribPointer(loc, n, type, norm, stride, reinterpret_cast<void*>(offset));
    glVertexAttribDivisor(loc, divisor);
  };
  using S = DrawList::SolidVertex;
  makeVao(solidVao, solidVbo);
  attrib(0, 2, GL_FLOAT, GL_FALSE, sizeof(S), offsetof(S, x), 0);
  attrib(1, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(S), offsetof(S, color), 0);
  using G = DrawList::Segment;
  makeVao(segmentVao, segmentVbo);
  attrib(0, 2, GL_FLOAT, GL_FALSE, sizeof(G), offsetof(G, x0), 1);
  attrib(1, 2, GL_FLOAT, GL_FALSE, sizeof(G), offsetof(G, x1), 1);
  attrib(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(G), offsetof(G, color), 1);
  attrib(3, 1, GL_FLOAT, GL_FALSE, sizeof(G), offsetof(G, halfWidth), 1);
  using C = DrawList::Circle;
  makeVao(circleVao, circleVbo);
  attrib(0, 2, GL_FLOAT, GL_FALSE, sizeof(C), offsetof(C, x), 1);
  attrib(1, 1, GL_FLOAT, GL_FALSE, sizeof(C), offsetof(C, radius), 1);
  attrib(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(C), offsetof(C, fill), 1);
  attrib(3, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(C), offsetof(C, stroke), 1);
  attrib(4, 1, GL_FLOAT, GL_FALSE, sizeof(C), offsetof(C, strokeWidth), 1);
  makeVao(markerVao, markerVbo);  // one vertex per marker, same layout as circles (no divisor)
  attrib(0, 2, GL_FLOAT, GL_FALSE, sizeof(C), offsetof(C, x), 0);
  attrib(1, 1, GL_FLOAT, GL_FALSE, sizeof(C), offsetof(C, radius), 0);
  attrib(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(C), offsetof(C, fill), 0);
  attrib(3, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(C), offsetof(C, stroke), 0);
  attrib(4, 1, GL_FLOAT, GL_FALSE, sizeof(C), offsetof(C, strokeWidth), 0);
  using T = DrawList::TextVertex;
  makeVao(textVao, textVbo);
  attrib(0, 2, GL_FLOAT, GL_FALSE, sizeof(T), offsetof(T, x), 0);
  attrib(1, 2, GL_FLOAT, GL_FALSE, sizeof(T), offsetof(T, u), 0);
  attrib(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(T), offsetof(T, color), 0);
  attrib(3, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(T), offsetof(T, halo), 0);
  attrib(4, 2, GL_FLOAT, GL_FALSE, sizeof(T), offsetof(T, pixelsPerAtlasPixel), 0);
  glBindVertexArray(0);
  ready = true;
}

void MapRenderer::Impl::setSpace(GlProgram& p, const SpaceTransform& t, const MapView& view) {
  glUniform2f(p.uniform("uScale"), t.scaleX, t.scaleY);
  glUniform2f(p.uniform("uTranslate"), t.translateX, t.translateY);
  glUniform2f(p.uniform("uViewport"), static_cast<float>(view.widthPx), static_cast<float>(view.heightPx));
  // From window coordinates (gl_FragCoord) to the whole image's centred pixels: minus the viewport's
  // centre. Exact half-integers, the same for every tile.
  glUniform2f(p.uniform("uWindowToPx"), static_cast<float>(-(viewportOrigin[0] + view.widthPx / 2.0)),
              static_cast<float>(-(viewportOrigin[1] + view.heightPx / 2.0)));
}

LayerGpu& MapRenderer::Impl::layerGpu(const LayerPtr& layer) {
  LayerGpu& g = layers[layer.get()];
  // A different Layer at a recycled address, or a new revision, needs new buffers.
  if (g.owner.lock() != layer || g.revision != layer->revision || !g.built) {
    g.release();
    g.owner = layer;
    g.revision = layer->revision;
    buildLayer(g, *layer);
    g.built = true;
  }
  return g;
}

void MapRenderer::Impl::buildLayer(LayerGpu& g, const Layer& layer) {
  g.origin = layer.bbox.empty() ? Vec2{0, 0} : layer.bbox.center();
  const Vec2 o = g.origin;
  auto rel = [&](Vec2 p) { return std::pair<float, float>(static_cast<float>(p.x - o.x), static_cast<float>(p.y - o.y)); };

  auto addLine = [&](std::vector<SegmentVertex>& segs, const std::vector<Vec2>& pts, bool closed) {
    const size_t n = pts.size();
    if (n < 2) return;
    const size_t count = closed ? n : n - 1;
    for (size_t i = 0; i < count; ++i) {
      auto [x0, y0] = rel(pts[i]);
      auto [x1, y1] = rel(pts[(i + 1) % n]);
      segs.push_back({x0, y0, x1, y1});
    }
  };
  // Every level of detail of every feature's lines (rings are closed), appended to `segs`.
  auto buildOutlineLevels = [&](std::vector<SegmentVertex>& segs, bool closed) {
    auto linesOf = [&](const Feature& f) {
      std::vector<const std::vector<Vec2>*> lines;
      if (closed) {
        for (const auto& part : f.polygon.parts)
          for (const auto& ring : part.rings) lines.push_back(&ring);
      } else {
        for (const auto& l : f.lines) lines.push_back(&l);
      }
      return lines;
    };
    std::vector<double> tolerances{0};
    tolerances.insert(tolerances.end(), std::begin(kLodTolerances), std::end(kLodTolerances));
    for (double tol : tolerances) {
      LayerGpu::OutlineLevel level;
      level.tolerance = tol;
      level.first = static_cast<GLint>(segs.size());
      for (const Feature& f : layer.features)
        for (const auto* line : linesOf(f)) addLine(segs, tol > 0 ? simplifyLine(*line, tol, closed) : *line, closed);
      level.count = static_cast<GLsizei>(segs.size() - level.first);
      // A level that saves little is not worth its memory: drop it and stop.
      if (!g.outlineLevels.empty() && level.count > 0.8 * g.outlineLevels.back().count) {
        segs.resize(level.first);
        continue;
      }
      g.outlineLevels.push_back(std::move(level));
    }
  };

  if (layer.kind == GeometryKind::Polygon) {
    // Fills and outlines come per level of detail (polygonDetail), and what they are built from with
    // the first level that is built.
    g.exact.triangles.assign(layer.features.size(), {});
    g.exact.done.assign(layer.features.size(), 0);
  } else if (layer.kind == GeometryKind::Line) {
    std::vector<SegmentVertex> segs;
    buildOutlineLevels(segs, false);
    makeSegmentBuffer(g.lineVao, g.lineVbo, segs);
  } else {
    std::vector<float> pts;
    for (const auto& f : layer.features)
      for (Vec2 p : f.points) {
        auto [x, y] = rel(p);
        pts.push_back(x);
        pts.push_back(y);
      }
    glGenVertexArrays(1, &g.pointVao);
    glGenBuffers(1, &g.pointVbo);
    glBindVertexArray(g.pointVao);
    glBindBuffer(GL_ARRAY_BUFFER, g.pointVbo);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(pts.size() * sizeof(float)), pts.data(), GL_STATIC_DRAW);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 2 * sizeof(float), reinterpret_cast<void*>(0));
    glVertexAttribDivisor(0, 1);
    g.points = static_cast<GLsizei>(pts.size() / 2);
  }
  glBindVertexArray(0);
}

PolygonDetail& MapRenderer::Impl::polygonDetail(LayerGpu& g, const Layer& layer, double metresPerPixel) {
  const int level = levelsOfDetail ? detailLevelFor(metresPerPixel) : -1;
  if (auto it = g.details.find(level); it != g.details.end()) return it->second;
  if (provisionalDetail && !g.details.empty()) {
    // The window does not wait: the level is built off the GL thread while the nearest one stands in.
    if (!g.pending) startDetailBuild(g, level);
    return nearestDetail(g, level);
  }
  if (g.pending && g.pending->level == level) return storeDetail(g, level, g.pending->result.get());
  const std::shared_ptr<const Layer> owner = g.owner.lock();
  if (owner.get() != &layer) throw std::logic_error("polygonDetail: the layer is not the one its buffers were built for");
  return storeDetail(g, level, buildDetail(owner, g.shapes, level, g.origin, &g.exact, buildThreads()));
}

PolygonDetail& MapRenderer::Impl::storeDetail(LayerGpu& g, int level, BuiltDetail built) {
  if (g.pending && g.pending->level == level) g.pending.reset();
  if (!keepLevelSources)
    built.shapes.reset();  // before the upload below takes its share of memory
  else if (!g.shapes)
    g.shapes = std::move(built.shapes);
  if (g.details.empty()) g.typicalSizeMetres = built.typicalSizeMetres;
  PolygonDetailData& data = built.data;
  PolygonDetail& d = g.details[level];
  d.tolerance = data.tolerance;
  d.fillVertices = static_cast<GLsizei>(data.fills.size());
  makeFillBuffer(d, data.fills);
  d.featureVertices = std::move(data.featureVertices);
  d.layerSegments = data.layerSegments;
  d.featureSegments = std::move(data.featureSegments);
  makeSegmentTextures(d, data.segments, maxSegmentTexels, quadIndexBuffer);
  d.exactFallbacks = data.exactFallbacks;
  d.simplified = std::move(data.simplified);
  d.fillBlocks = std::move(data.fillBlocks);
  d.segmentBlocks = std::move(data.segmentBlocks);
  return d;
}

PolygonDetail& MapRenderer::Impl::nearestDetail(LayerGpu& g, int level) const {
  PolygonDetail* best = nullptr;
  int bestDistance = 0;
  for (auto& [built, d] : g.details) {  // ascending: the finer of two equally near wins
    const int distance = std::abs(built - level);
    if (!best || distance < bestDistance) best = &d, bestDistance = distance;
  }
  return *best;
}

void MapRenderer::Impl::startDetailBuild(LayerGpu& g, int level) {
  std::shared_ptr<const Layer> owner = g.owner.lock();
  if (!owner) return;
  g.pending.emplace();
  g.pending->level = level;
  g.pending->result = std::async(std::launch::async, [owner = std::move(owner), shapes = g.shapes, level,
                                                      origin = g.origin] {
    return buildDetail(owner, shapes, level, origin, nullptr, backgroundBuildThreads());
  });
}

bool MapRenderer::Impl::collectFinishedDetails() {
  bool any = false;
  for (auto& [key, g] : layers)
    if (g.pending && g.pending->result.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
      const int level = g.pending->level;
      storeDetail(g, level, g.pending->result.get());
      any = true;
    }
  // What was drawn or laid out with a stand-in level is drawn again with the real one.
  if (any) cacheValid = labelsValid = false;
  return any;
}

void MapRenderer::Impl::updateColors(LayerGpu& g, const std::vector<Rgba>& colors) {
  if (g.colorsVersion != 0 && colors == g.colors) return;
  g.colors = colors;
  ++g.colorsVersion;
}

void MapRenderer::Impl::drawLevelOutlines(const PolygonDetail& d, Vec2 origin, const MapView& view,
                                          const VisibleRuns& segments, float widthPx, Rgba color) {
  if (widthPx <= 0 || color.a == 0) return;
  line.use();
  setSpace(line, mapSpace(view, origin), view);
  glUniform1i(line.uniform("uSegmentsFromTexture"), 1);
  glBindVertexArray(d.lineVao);
  setAttribConstant4(2, color);
  setAttribConstant1(3, widthPx / 2);
  glActiveTexture(GL_TEXTURE0 + kSegmentTextureUnit);
  // Draws of at most kSegmentsPerBatch segments (the shared index buffer's length), each starting at
  // base vertex 4 * its first segment, counted from the start of the piece whose texture is bound.
  std::vector<GLsizei> counts;
  std::vector<const void*> offsets;
  std::vector<GLint> baseVertices;
  auto drawCollected = [&] {
    if (!counts.empty())
      glMultiDrawElementsBaseVertex(GL_TRIANGLES, counts.data(), GL_UNSIGNED_INT, offsets.data(),
                                    static_cast<GLsizei>(counts.size()), baseVertices.data());
    counts.clear();
    offsets.clear();
    baseVertices.clear();
  };
  GLsizei inBatch = 0;
  for (const PolygonDetail::SegmentPiece& piece : d.segmentPieces) {
    glBindTexture(GL_TEXTURE_BUFFER, piece.texture);
    for (size_t k = 0; k < segments.firsts.size(); ++k) {
      GLint first = std::max(segments.firsts[k], piece.first);
      const GLint end = std::min(segments.firsts[k] + segments.counts[k], piece.first + piece.count);
      while (first < end) {
        const GLsizei take = std::min<GLsizei>(end - first, kSegmentsPerBatch - inBatch);
        counts.push_back(take * 6);
        offsets.push_back(nullptr);
        baseVertices.push_back((first - piece.first) * 4);
        first += take;
        inBatch += take;
        if (inBatch == kSegmentsPerBatch) {
          if (finishBatches) {
            drawCollected();
            glFinish();
          }
          inBatch = 0;
        }
      }
    }
    drawCollected();  // before the next piece binds its texture
  }
  glBindTexture(GL_TEXTURE_BUFFER, 0);
  glActiveTexture(GL_TEXTURE0);
}

void MapRenderer::Impl::drawOutlineRange(GLuint vao, GLuint vbo, Vec2 origin, const MapView& view, GLint first,
                                         GLsizei count, float widthPx, Rgba color) {
  if (count <= 0 || widthPx <= 0 || color.a == 0) return;
  line.use();
  setSpace(line, mapSpace(view, origin), view);
  glUniform1i(line.uniform("uSegmentsFromTexture"), 0);
  glBindVertexArray(vao);
  // glVertexAttribPointer captures the bound GL_ARRAY_BUFFER, which the VAO does not restore.
  glBindBuffer(GL_ARRAY_BUFFER, vbo);
  setAttribConstant4(2, color);
  setAttribConstant1(3, widthPx / 2);
  if (first != 0) pointSegmentAttribs(first);
  glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, count);
  if (first != 0) pointSegmentAttribs(0);
}

namespace {

// Outlines of polygons only a few pixels across (82,468 desa on one national map) would cover the
// fills with a dark mesh: below 12 px for the median polygon they fade, and at 2 px or less (where
// several outlines cross every pixel) they are left out.
Rgba outlineForSize(Rgba outline, double medianSizePx) {
  constexpr double kNoneAtPx = 2, kFullFromPx = 12;
  if (!(medianSizePx < kFullFromPx)) return outline;
  const double t = std::clamp((medianSizePx - kNoneAtPx) / (kFullFromPx - kNoneAtPx), 0.0, 1.0);
  outline.a = static_cast<std::uint8_t>(std::lround(outline.a * t));
  return outline;
}

}  // namespace

void MapRenderer::Impl::drawPolygonLayer(const Layer& layer, LayerGpu& g, const MapView& view,
                                         const RenderOptions& o, bool isBoundary) {
  const auto& st = layer.style;
  const size_t n = layer.features.size();
  std::vector<Rgba> colors(n);
  const bool override = isBoundary && o.boundaryFills && o.boundaryFills->size() == n;
  for (size_t i = 0; i < n; ++i)
    colors[i] = override ? (*o.boundaryFills)[i] : st.fillMode == FillMode::ByFeature ? categoricalFill(i) : st.fill;
  updateColors(g, colors);

  PolygonDetail& d = polygonDetail(g, layer, view.metresPerPixel);
  if (d.fillVertices > 0 && st.fillOpacity > 0) {
    writeFillColors(d, g.colors, g.colorsVersion);
    fill.use();
    setSpace(fill, mapSpace(view, g.origin), view);
    // Hover and selection are outlines drawn with the highlights (drawHighlights); fills stay as they are.
    glUniform1f(fill.uniform("uOpacity"), std::clamp(st.fillOpacity, 0.0f, 1.0f));
    glBindVertexArray(d.fillVao);
    // Opaque fills replace what is below: no blending saves llvmpipe a read per pixel.
    const bool opaque = st.fillOpacity >= 1 && std::all_of(colors.begin(), colors.end(), [](Rgba c) { return c.a == 255; });
    if (opaque) glDisable(GL_BLEND);
    const VisibleRuns runs = visibleRuns(d.fillBlocks, cullExtent(view, o, 0));
    glMultiDrawArrays(GL_TRIANGLES, runs.firsts.data(), runs.counts.data(), GLsizei(runs.firsts.size()));
    if (opaque) glEnable(GL_BLEND);
    stats.fillTriangles += d.fillVertices / 3;
  }
  if (st.outlineWidthPt > 0) stats.outlineSegments += d.layerSegments;
  if (isBoundary) {
    stats.detailTolerance = d.tolerance;
    stats.exactFallbacks = static_cast<long>(d.exactFallbacks);
  }
  const float outlineWidthPx = st.outlineWidthPt * view.pixelsPerPoint;
  const Rgba outline = outlineForSize(st.outline, g.typicalSizeMetres / view.metresPerPixel);
  drawLevelOutlines(d, g.origin, view, visibleRuns(d.segmentBlocks, cullExtent(view, o, outlineWidthPx)),
                    outlineWidthPx, outline);
}

void MapRenderer::Impl::drawLineLayer(const Layer& layer, LayerGpu& g, const MapView& view) {
  const LayerGpu::OutlineLevel* level = g.outlineLevelFor(view.metresPerPixel);
  if (!level) return;
  drawOutlineRange(g.lineVao, g.lineVbo, g.origin, view, level->first, level->count,
                   layer.style.outlineWidthPt * view.pixelsPerPoint,
                   withOpacity(layer.style.outline, layer.style.fillOpacity));
}

void MapRenderer::Impl::drawPointLayer(const Layer& layer, LayerGpu& g, const MapView& view) {
  if (g.points == 0) return;
  const auto& st = layer.style;
  point.use();
  setSpace(point, mapSpace(view, g.origin), view);
  glUniform1f(point.uniform("uRadiusScale"), 1.0f);
  glBindVertexArray(g.pointVao);
  setAttribConstant1(1, st.pointSizePt * view.pixelsPerPoint / 2);
  setAttribConstant4(2, withOpacity(st.fill, st.fillOpacity));
  setAttribConstant4(3, st.outline);
  setAttribConstant1(4, st.outlineWidthPt * view.pixelsPerPoint);
  glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, g.points);
}

GLuint MapRenderer::Impl::fontTexture(const Font& font) {
  auto it = fontTextures.find(&font);
  if (it != fontTextures.end()) return it->second;
  GLuint tex = 0;
  glGenTextures(1, &tex);
  glBindTexture(GL_TEXTURE_2D, tex);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, font.atlasWidth(), font.atlasHeight(), 0, GL_RED, GL_UNSIGNED_BYTE,
               font.atlas().data());
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAX_LEVEL, 0);
  fontTextures[&font] = tex;
  return tex;
}

GLuint MapRenderer::Impl::imageTexture(const std::shared_ptr<const DrawImage>& img) {
  ImageGpu& g = images[img.get()];
  // A different image at a recycled address counts as new.
  if (g.texture && g.owner.lock() == img && g.revision == img->revision) return g.texture;
  if (!g.texture) glGenTextures(1, &g.texture);
  g.owner = img;
  g.revision = img->revision;
  // Premultiplied, so linear filtering between a coloured and a transparent texel keeps the colour.
  std::vector<std::uint8_t> premultiplied(img->rgba.size());
  for (size_t i = 0; i + 3 < img->rgba.size(); i += 4) {
    const unsigned a = img->rgba[i + 3];
    for (int c = 0; c < 3; ++c) premultiplied[i + c] = static_cast<std::uint8_t>((img->rgba[i + c] * a + 127) / 255);
    premultiplied[i + 3] = static_cast<std::uint8_t>(a);
  }
  glBindTexture(GL_TEXTURE_2D, g.texture);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, img->width, img->height, 0, GL_RGBA, GL_UNSIGNED_BYTE,
               premultiplied.data());
  const GLint filter = img->smooth ? GL_LINEAR : GL_NEAREST;
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAX_LEVEL, 0);
  ++imageUploads;
  return g.texture;
}

void MapRenderer::Impl::pruneImages() {
  for (auto it = images.begin(); it != images.end();) {
    if (it->second.owner.expired()) {
      glDeleteTextures(1, &it->second.texture);
      it = images.erase(it);
    } else {
      ++it;
    }
  }
}

void MapRenderer::Impl::drawTextureQuad(GLuint texture, float x0, float y0, float x1, float y1, float opacity,
                                        bool flipV, const MapView& view) {
  image.use();
  glUniform2f(image.uniform("uViewport"), static_cast<float>(view.widthPx), static_cast<float>(view.heightPx));
  glUniform1i(image.uniform("uImage"), 0);
  glUniform1i(image.uniform("uFlipV"), flipV ? 1 : 0);
  // Window coordinates to the image's pixels (top-left origin, y down), as setSpace's uWindowToPx.
  glUniform2f(image.uniform("uWindowToScreen"), static_cast<float>(-viewportOrigin[0]),
              static_cast<float>(viewportOrigin[1] + view.heightPx));
  glBindVertexArray(imageVao);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, texture);
  glUniform4f(image.uniform("uRect"), x0, y0, x1, y1);
  glUniform1f(image.uniform("uOpacity"), std::clamp(opacity, 0.0f, 1.0f));
  glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
}

void MapRenderer::Impl::drawImages(const DrawList& list, const MapView& view) {
  for (const auto& q : list.images) {
    if (!q.image || q.image->rgba.size() != size_t(q.image->width) * size_t(q.image->height) * 4) continue;
    drawTextureQuad(imageTexture(q.image), q.x0, q.y0, q.x1, q.y1, q.opacity, false, view);
  }
}

void MapRenderer::Impl::drawCachedOverlay(const RenderOptions& o, const MapView& view) {
  const MapView& cv = o.cachedOverlayView;
  if (cv.widthPx <= 0 || cv.heightPx <= 0) return;
  if (!overlayCacheValid || overlayCacheKey != o.cachedOverlayKey || overlayCacheW != cv.widthPx ||
      overlayCacheH != cv.heightPx) {
    GLint previousFbo = 0, viewport[4] = {0, 0, 0, 0};
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &previousFbo);
    glGetIntegerv(GL_VIEWPORT, viewport);
    if (!overlayCacheFbo) {
      glGenFramebuffers(1, &overlayCacheFbo);
      glGenTextures(1, &overlayCacheTexture);
    }
    glBindTexture(GL_TEXTURE_2D, overlayCacheTexture);
    if (overlayCacheW != cv.widthPx || overlayCacheH != cv.heightPx) {
      glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, cv.widthPx, cv.heightPx, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAX_LEVEL, 0);
      overlayCacheW = cv.widthPx;
      overlayCacheH = cv.heightPx;
    }
    glBindFramebuffer(GL_FRAMEBUFFER, overlayCacheFbo);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, overlayCacheTexture, 0);
    glViewport(0, 0, cv.widthPx, cv.heightPx);
    glClearColor(0, 0, 0, 0);
    glClear(GL_COLOR_BUFFER_BIT);
    // Straight-alpha sources blended onto transparent black leave premultiplied colours, which is
    // what the image shader expects.
    const int savedOrigin[2] = {viewportOrigin[0], viewportOrigin[1]};
    viewportOrigin[0] = viewportOrigin[1] = 0;  // the cache texture's own viewport
    drawList(*o.cachedOverlay, cv);
    viewportOrigin[0] = savedOrigin[0];
    viewportOrigin[1] = savedOrigin[1];
    glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(previousFbo));
    glViewport(viewport[0], viewport[1], viewport[2], viewport[3]);
    overlayCacheKey = o.cachedOverlayKey;
    overlayCacheValid = true;
  }
  // Whole pixels, so the cached texels land 1:1 on the screen's.
  const Vec2 topLeft = view.toPixel(cv.toMap({0, 0}));
  const float x0 = static_cast<float>(std::round(topLeft.x)), y0 = static_cast<float>(std::round(topLeft.y));
  const double scale = cv.metresPerPixel / view.metresPerPixel;
  drawTextureQuad(overlayCacheTexture, x0, y0, x0 + static_cast<float>(cv.widthPx * scale),
                  y0 + static_cast<float>(cv.heightPx * scale), 1.0f, true, view);
}

void MapRenderer::Impl::drawList(const DrawList& list, const MapView& view) {
  drawImages(list, view);
  const SpaceTransform screen = screenSpace(view);
  auto upload = [](GLuint vbo, const void* data, size_t bytes) {
    glBindBuffer(GL_ARRAY_BUFFER, vbo);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(bytes), nullptr, GL_STREAM_DRAW);  // orphan
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(bytes), data, GL_STREAM_DRAW);
  };
  if (!list.solids.empty()) {
    solid.use();
    setSpace(solid, screen, view);
    glBindVertexArray(solidVao);
    upload(solidVbo, list.solids.data(), list.solids.size() * sizeof(DrawList::SolidVertex));
    glDrawArrays(GL_TRIANGLES, 0, static_cast<GLsizei>(list.solids.size()));
  }
  if (!list.segments.empty()) {
    line.use();
    setSpace(line, screen, view);
    glUniform1i(line.uniform("uSegmentsFromTexture"), 0);
    glBindVertexArray(segmentVao);
    upload(segmentVbo, list.segments.data(), list.segments.size() * sizeof(DrawList::Segment));
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, static_cast<GLsizei>(list.segments.size()));
  }
  if (!list.circles.empty()) {
    point.use();
    setSpace(point, screen, view);
    glUniform1f(point.uniform("uRadiusScale"), 1.0f);
    glBindVertexArray(circleVao);
    upload(circleVbo, list.circles.data(), list.circles.size() * sizeof(DrawList::Circle));
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, static_cast<GLsizei>(list.circles.size()));
  }
  if (!list.markers.empty()) {
    // Point sprites for markers whose centre is in the viewport and whose size GL allows; GL drops a
    // point whose centre is outside, so those near the edges (and tiles of large exports) go as quads.
    markerScratch.clear();
    edgeMarkerScratch.clear();
    for (const auto& m : list.markers) {
      const float size = 2 * (m.radius + m.strokeWidth * 0.5f + 1);
      // Markers go as quads everywhere: a sprite and a quad rasterise the same disc a pixel apart in
      // places, and tiles of a large export (quads at tile edges) must join the untiled image exactly.
      constexpr bool kUsePointSprites = false;
      const bool inside = kUsePointSprites && m.x >= 0 && m.y >= 0 && m.x < view.widthPx && m.y < view.heightPx;
      (inside && size <= maxPointSize && m.radius <= DrawList::kMaxMarkerRadiusPx ? markerScratch : edgeMarkerScratch)
          .push_back(m);
    }
    if (!markerScratch.empty()) {
      marker.use();
      setSpace(marker, screen, view);
      glEnable(GL_PROGRAM_POINT_SIZE);
      glBindVertexArray(markerVao);
      upload(markerVbo, markerScratch.data(), markerScratch.size() * sizeof(DrawList::Circle));
      glDrawArrays(GL_POINTS, 0, static_cast<GLsizei>(markerScratch.size()));
      glDisable(GL_PROGRAM_POINT_SIZE);
    }
    if (!edgeMarkerScratch.empty()) {
      point.use();
      setSpace(point, screen, view);
      glUniform1f(point.uniform("uRadiusScale"), 1.0f);
      glBindVertexArray(circleVao);
      upload(circleVbo, edgeMarkerScratch.data(), edgeMarkerScratch.size() * sizeof(DrawList::Circle));
      glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, static_cast<GLsizei>(edgeMarkerScratch.size()));
    }
  }
  for (const auto& batch : list.text) {
    if (batch.vertices.empty()) continue;
    text.use();
    setSpace(text, screen, view);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, fontTexture(*batch.font));
    glUniform1i(text.uniform("uAtlas"), 0);
    glUniform1f(text.uniform("uSdfOnEdge"), static_cast<float>(Font::kSdfOnEdge));
    glUniform1f(text.uniform("uSdfDistScale"), Font::kSdfPixelDistScale);
    glUniform1f(text.uniform("uWeightBiasPx"), 0.2f);
    glBindVertexArray(textVao);
    upload(textVbo, batch.vertices.data(), batch.vertices.size() * sizeof(DrawList::TextVertex));
    glDrawArrays(GL_TRIANGLES, 0, static_cast<GLsizei>(batch.vertices.size()));
  }
}

void MapRenderer::Impl::addLabels(DrawList& out, const MapDocument& doc, const MapView& view,
                                  const std::vector<BBox>& obstaclesPx) {
  const Layer* layer = doc.boundary();
  if (!layer || !layer->visible || !layer->style.showLabels || layer->features.empty()) return;
  TextStyle style;
  style.sizePx = layer->style.labelSizePt * view.pixelsPerPoint;
  style.haloPx = RenderMetrics::kLabelHaloPt * view.pixelsPerPoint;
  if (style.sizePx < 4) return;  // unreadable anyway
  const BBox visible = view.visibleExtent();
  // Labels test against the polygons of the level of detail drawn (exact where it fell back).
  const PolygonDetail* detail = nullptr;
  for (const LayerPtr& l : doc.layers)
    if (l.get() == layer) detail = &polygonDetail(layerGpu(l), *layer, view.metresPerPixel);
  std::vector<LabelCandidate> candidates;
  std::vector<std::string> names(layer->features.size());
  // Label points cost a search each, so only polygons that can carry their label ask for one: a label
  // is placed inside its polygon's box, or overhangs a polygon of at least overhangMinAreaRatio times
  // its area (label_layout.cpp), and its point lies in the polygon's box, so nothing placeable is left out.
  LabelLayoutOptions layout;
  const double pxPerMetre = 1 / view.metresPerPixel, slackPx = 1;
  std::vector<size_t> carriers;
  for (size_t i = 0; i < layer->features.size(); ++i) {
    const Feature& f = layer->features[i];
    if (!visible.intersects(f.bbox)) continue;
    names[i] = layer->featureName(i);
    if (names[i].empty()) continue;
    const BBox box = DrawList::measureText(names[i], {0, 0}, TextAnchor::Center, style);
    LabelCandidate c;
    c.id = static_cast<int>(i);
    c.widthPx = box.width() + 2 * style.haloPx;
    c.heightPx = box.height();
    const double boxW = f.bbox.width() * pxPerMetre + slackPx, boxH = f.bbox.height() * pxPerMetre + slackPx;
    const bool fitsInside = boxW >= c.widthPx && boxH >= c.heightPx;
    const bool mayOverhang = layout.allowOverhang && boxW * boxH >= layout.overhangMinAreaRatio * c.widthPx * c.heightPx;
    if (!fitsInside && !mayOverhang) continue;
    c.priority = f.areaKm2;
    const bool simplified = detail && i < detail->simplified.size() && !detail->simplified[i].parts.empty();
    c.polygon = simplified ? &detail->simplified[i] : &f.polygon;
    candidates.push_back(c);
    carriers.push_back(i);
  }
  layer->prepareLabelPoints(carriers);
  size_t kept = 0;
  for (LabelCandidate& c : candidates) {
    c.anchor = layer->labelPoint(size_t(c.id));
    if (visible.contains(c.anchor)) candidates[kept++] = c;
  }
  candidates.resize(kept);
  layout.obstaclesPx = obstaclesPx;  // the furniture's boxes
  for (const PlacedLabel& p : layoutLabels(std::move(candidates), view, layout))
    out.addText(names[p.id], p.centerPx, TextAnchor::Center, style);
}

void MapRenderer::Impl::addSchematicNote(DrawList& out, const MapView& view) {
  const float ppp = view.pixelsPerPoint;
  TextStyle style;
  style.sizePx = RenderMetrics::kNoteSizePt * ppp;
  style.color = {90, 40, 0, 255};
  style.haloPx = 0;
  const double margin = 6 * ppp, pad = 3 * ppp;
  const Vec2 pos{margin + pad, view.heightPx - margin - pad};
  const BBox box = DrawList::measureText(schematicBoundaryNote(), pos, TextAnchor::BottomLeft, style);
  out.addRect({box.minx - pad, box.miny - pad, box.maxx + pad, box.maxy + pad}, {255, 248, 225, 235});
  out.addText(schematicBoundaryNote(), pos, TextAnchor::BottomLeft, style);
}

MapRenderer::MapRenderer() : impl_(std::make_unique<Impl>()) {}
MapRenderer::~MapRenderer() = default;

void MapRenderer::init() {
  if (!impl_->ready) impl_->init();
}

const RenderStats& MapRenderer::lastStats() const { return impl_->stats; }

void MapRenderer::setLevelsOfDetail(bool enabled) { impl_->levelsOfDetail = enabled; }

void MapRenderer::setKeepLevelSources(bool keep) { impl_->keepLevelSources = keep; }

size_t MapRenderer::levelSourceBytes() const {
  size_t bytes = 0;
  for (const auto& [key, g] : impl_->layers)
    if (g.shapes)
      bytes += g.shapes->topology.memoryBytes() + (g.shapes->areas.size() + g.shapes->perimeters.size()) * sizeof(double);
  return bytes;
}

bool MapRenderer::detailPending() const {
  return std::any_of(impl_->layers.begin(), impl_->layers.end(), [](const auto& l) { return l.second.pending.has_value(); });
}

std::uint64_t MapRenderer::imageUploads() const { return impl_->imageUploads; }

void MapRenderer::clearCaches() {
  for (auto& [k, g] : impl_->layers) g.release();
  impl_->layers.clear();
  impl_->cacheValid = false;
  impl_->labelsValid = false;
}

namespace {

// The layers a draw shows, in the order it draws them: polygons first, then lines, then points,
// whatever the document's order. `f(layer, index in the document)`.
template <class F>
void forEachDrawnLayer(const MapDocument& doc, const RenderOptions& o, F&& f) {
  for (GeometryKind kind : {GeometryKind::Polygon, GeometryKind::Line, GeometryKind::Point}) {
    for (size_t i = 0; i < doc.layers.size(); ++i) {
      const LayerPtr& layer = doc.layers[i];
      if (!layer || !layer->visible || layer->kind != kind) continue;
      if (o.plain && kind != GeometryKind::Polygon) continue;
      f(layer, i);
    }
  }
}

}  // namespace

void MapRenderer::Impl::drawLayers(const MapDocument& doc, const MapView& view, const RenderOptions& o) {
  forEachDrawnLayer(doc, o, [&](const LayerPtr& layer, size_t i) {
    LayerGpu& g = layerGpu(layer);
    if (layer->kind == GeometryKind::Polygon)
      drawPolygonLayer(*layer, g, view, o, static_cast<int>(i) == doc.boundaryLayer);
    else if (layer->kind == GeometryKind::Line)
      drawLineLayer(*layer, g, view);
    else
      drawPointLayer(*layer, g, view);
  });
}

void MapRenderer::Impl::prepareLevels(const MapDocument& doc, const MapView& view, const RenderOptions& o) {
  provisionalDetail = o.provisionalDetail;
  forEachDrawnLayer(doc, o, [&](const LayerPtr& layer, size_t) {
    if (layer->kind == GeometryKind::Polygon) polygonDetail(layerGpu(layer), *layer, view.metresPerPixel);
  });
}

void MapRenderer::Impl::drawHighlights(const MapDocument& doc, const MapView& view, const RenderOptions& o) {
  if (o.plain || (o.hoverFeature < 0 && o.selectedFeature < 0)) return;
  if (doc.boundaryLayer < 0 || static_cast<size_t>(doc.boundaryLayer) >= doc.layers.size()) return;
  const LayerPtr& layer = doc.layers[doc.boundaryLayer];
  if (!layer || !layer->visible || layer->kind != GeometryKind::Polygon) return;
  LayerGpu& g = layerGpu(layer);
  const PolygonDetail& d = polygonDetail(g, *layer, view.metresPerPixel);
  const size_t n = d.featureSegments.size();
  auto valid = [&](int f) { return f >= 0 && static_cast<size_t>(f) < n; };

  // Outlines only: a tint over the fill would read as another class of the map's legend.
  const float ppp = view.pixelsPerPoint;
  auto featureOutline = [&](int f, float widthPx, Rgba color) {
    if (!valid(f)) return;
    const auto [first, count] = d.featureSegments[f];
    drawLevelOutlines(d, g.origin, view, VisibleRuns{{first}, {count}}, widthPx, color);
  };
  if (o.hoverFeature != o.selectedFeature)
    featureOutline(o.hoverFeature, std::max(layer->style.outlineWidthPt + RenderMetrics::kHoverOutlineExtraPt,
                                            RenderMetrics::kHoverOutlineMinPt) * ppp,
                   kHoverOutline);
  featureOutline(o.selectedFeature, RenderMetrics::kSelectedOutlinePt * ppp, kSelectedOutline);
}

// Copies a whole w x h colour buffer between framebuffers. glBlitFramebuffer is a plain memory copy
// in Mesa for same-size, same-format buffers; where it is refused (a multisampled window
// framebuffer as the destination) a full-screen texel copy through the blit shader stands in.
void MapRenderer::Impl::copyFramebuffer(GLuint from, GLuint to, int w, int h, bool toFromTexture) {
  while (glGetError() != GL_NO_ERROR) {
  }
  glBindFramebuffer(GL_READ_FRAMEBUFFER, from);
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, to);
  glBlitFramebuffer(0, 0, w, h, 0, 0, w, h, GL_COLOR_BUFFER_BIT, GL_NEAREST);
  if (glGetError() == GL_NO_ERROR || !toFromTexture) return;
  glBindFramebuffer(GL_FRAMEBUFFER, to);
  glDisable(GL_BLEND);
  blit.use();
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, cacheTexture);
  glUniform1i(blit.uniform("uImage"), 0);
  glBindVertexArray(solidVao);  // any VAO: the blit reads no attributes
  glDrawArrays(GL_TRIANGLES, 0, 3);
  glEnable(GL_BLEND);
}

// Reuses the layers kept from an earlier frame when nothing they depend on changed; otherwise draws
// them into the bound framebuffer and keeps a copy (before highlights, overlays and labels).
void MapRenderer::Impl::drawCachedLayers(const MapDocument& doc, const MapView& view, const RenderOptions& o) {
  const int w = view.widthPx, h = view.heightPx;
  LayersKey key = layersKeyOf(doc, view, o, levelsOfDetail);
  GLint drawTarget = 0, readTarget = 0;
  glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &drawTarget);
  glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &readTarget);
  const auto target = static_cast<GLuint>(drawTarget);
  if (!cacheFbo) {
    glGenFramebuffers(1, &cacheFbo);
    glGenTextures(1, &cacheTexture);
  }
  if (cacheW != w || cacheH != h) {
    glBindTexture(GL_TEXTURE_2D, cacheTexture);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAX_LEVEL, 0);
    glBindFramebuffer(GL_FRAMEBUFFER, cacheFbo);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, cacheTexture, 0);
    cacheW = w;
    cacheH = h;
    cacheValid = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE && false;
    glBindFramebuffer(GL_FRAMEBUFFER, target);
  }
  if (cacheValid && key == cacheKey) {
    copyFramebuffer(cacheFbo, target, w, h, true);
    stats.layersFromCache = true;
  } else {
    glClear(GL_COLOR_BUFFER_BIT);
    drawLayers(doc, view, o);
    copyFramebuffer(target, cacheFbo, w, h, false);
    cacheValid = glGetError() == GL_NO_ERROR;
    cacheKey = std::move(key);
  }
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, target);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, static_cast<GLuint>(readTarget));
}

void MapRenderer::draw(const MapDocument& doc, const MapView& view, const RenderOptions& options) {
  Impl& I = *impl_;
  if (!I.ready) init();
  I.stats = RenderStats{};
  if (options.tiled()) {
    // The whole image's viewport, shifted so that the tile's window lands on the framebuffer
    // (GL rows run bottom-up): every primitive is computed exactly as for the whole image.
    I.viewportOrigin[0] = -options.tileX;
    I.viewportOrigin[1] = options.tileY + options.tileHeight - view.heightPx;
  } else {
    I.viewportOrigin[0] = I.viewportOrigin[1] = 0;
  }
  glViewport(I.viewportOrigin[0], I.viewportOrigin[1], view.widthPx, view.heightPx);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_STENCIL_TEST);
  glDisable(GL_CULL_FACE);
  glDisable(GL_SCISSOR_TEST);
  glDisable(GL_MULTISAMPLE);
  glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
  const Rgba bg = options.background;
  glClearColor(bg.r / 255.0f, bg.g / 255.0f, bg.b / 255.0f, bg.a / 255.0f);
  glEnable(GL_BLEND);
  // Straight-alpha colours; destination alpha accumulates so transparent exports stay correct.
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glBlendEquation(GL_FUNC_ADD);

  I.pruneImages();
  // Drop caches of layers that left the document.
  for (auto it = I.layers.begin(); it != I.layers.end();) {
    bool present = std::any_of(doc.layers.begin(), doc.layers.end(),
                               [&](const LayerPtr& l) { return l.get() == it->first; });
    if (!present || it->second.owner.expired()) {
      it->second.release();
      it = I.layers.erase(it);
      // A new layer may take the old one's address (and revision): the caches cannot tell.
      I.cacheValid = I.labelsValid = false;
    } else {
      ++it;
    }
  }

  I.collectFinishedDetails();
  I.provisionalDetail = options.provisionalDetail;
  if (options.cacheLayers) {
    I.drawCachedLayers(doc, view, options);
  } else {
    glClear(GL_COLOR_BUFFER_BIT);
    I.drawLayers(doc, view, options);
  }
  I.drawHighlights(doc, view, options);

  if (!options.plain) {
    if (options.overlay) I.drawList(*options.overlay, view);
    if (options.cachedOverlay) I.drawCachedOverlay(options, view);
    // Labels depend on the same things as the layers; their layout is reused while those hold.
    LayersKey key = layersKeyOf(doc, view, options, I.levelsOfDetail);
    if (!I.labelsValid || !(key == I.labelsKey)) {
      I.cachedLabels = DrawList{};
      I.addLabels(I.cachedLabels, doc, view, options.labelObstacles);
      if (doc.schematicBoundaries && options.schematicNote) I.addSchematicNote(I.cachedLabels, view);
      I.labelsKey = std::move(key);
      I.labelsValid = true;
    }
    I.drawList(I.cachedLabels, view);
    if (options.furniture) I.drawList(*options.furniture, view);
  }
  glBindVertexArray(0);
  glUseProgram(0);
}

RgbaImage MapRenderer::drawToImage(const MapDocument& doc, const MapView& view, const RenderOptions& options) {
  Impl& I = *impl_;
  if (!I.ready) init();
  const int w = options.tiled() ? options.tileWidth : view.widthPx;
  const int h = options.tiled() ? options.tileHeight : view.heightPx;
  const int maxSize = maxFramebufferSide();
  if (w <= 0 || h <= 0 || w > maxSize || h > maxSize)
    throw std::runtime_error("image size " + std::to_string(w) + "x" + std::to_string(h) +
                             " is outside what this OpenGL allows (1.." + std::to_string(maxSize) + " a side)");
  if (view.widthPx > maxViewportSide() || view.heightPx > maxViewportSide())
    throw std::runtime_error("image size " + std::to_string(view.widthPx) + "x" + std::to_string(view.heightPx) +
                             " is larger than this OpenGL's viewport (" + std::to_string(maxViewportSide()) +
                             " a side)");
  // A national layer's level is built from its topology, a few hundred MB for a moment: built
  // before the framebuffer (32 MB at 3840x2160) is made, the two are not held at once.
  I.prepareLevels(doc, view, options);
  GLint previous = 0;
  glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &previous);
  if (!I.fbo) {
    glGenFramebuffers(1, &I.fbo);
    glGenRenderbuffers(1, &I.colorRb);
  }
  glBindFramebuffer(GL_FRAMEBUFFER, I.fbo);
  if (I.fboW != w || I.fboH != h) {
    glBindRenderbuffer(GL_RENDERBUFFER, I.colorRb);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, w, h);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, I.colorRb);
    I.fboW = w;
    I.fboH = h;
  }
  if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
    glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(previous));
    I.fboW = I.fboH = 0;
    throw std::runtime_error("cannot create an offscreen framebuffer of " + std::to_string(w) + "x" +
                             std::to_string(h));
  }
  {
    // An image is not a frame the planner waits on between two others: its memory counts more.
    struct FinishingBatches {
      bool& flag;
      explicit FinishingBatches(bool& f) : flag(f) { flag = true; }
      ~FinishingBatches() { flag = false; }
    } finishing(I.finishBatches);
    draw(doc, view, options);
  }

  RgbaImage image;
  image.width = w;
  image.height = h;
  image.pixels.resize(static_cast<size_t>(w) * h * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 4);
  glReadBuffer(GL_COLOR_ATTACHMENT0);
  glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, image.pixels.data());
  glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(previous));
  GLenum err = glGetError();
  if (err != GL_NO_ERROR) throw std::runtime_error("OpenGL error " + std::to_string(err) + " while drawing the map");

  // GL rows run bottom-up; images run top-down.
  const size_t row = static_cast<size_t>(w) * 4;
  for (int y = 0; y < h / 2; ++y) {
    auto* a = image.pixels.data() + static_cast<size_t>(y) * row;
    auto* b = image.pixels.data() + static_cast<size_t>(h - 1 - y) * row;
    std::swap_ranges(a, a + row, b);
  }
  return image;
}

void MapRenderer::limitSegmentTexels(int texels) {
  init();  // the driver's limit first: a test's limit may only lower it
  impl_->maxSegmentTexels = std::clamp<GLint>(texels, 1, std::max<GLint>(impl_->maxSegmentTexels, 1));
}

int MapRenderer::maxFramebufferSide() const {
  GLint maxSize = 0;
  glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &maxSize);
  return maxSize;
}

int MapRenderer::maxViewportSide() const {
  GLint dims[2] = {0, 0};
  glGetIntegerv(GL_MAX_VIEWPORT_DIMS, dims);
  return std::min(dims[0], dims[1]);
}

RgbaImage renderToImage(MapRenderer& renderer, const MapDocument& doc, const MapView& view,
                        const RenderOptions& options) {
  return renderer.drawToImage(doc, view, options);
}

}  // namespace pk
