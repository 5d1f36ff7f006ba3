// The one OpenGL 3.3 core map renderer. The window and every export call draw(), so what the planner
// previews is what the file holds. GLSL lives in shaders/ (embedded at build time).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/map_document.h"
#include "core/raster_export.h"
#include "core/view.h"

namespace pk {

class DrawList;

struct RenderOptions {
  bool plain = false;        // polygons and outlines only: no labels, no furniture, no highlight
  int hoverFeature = -1;     // boundary-layer feature under the cursor
  int selectedFeature = -1;  // boundary-layer feature selected
  Rgba background{255, 255, 255, 255};
  // Per-feature fill colours of the boundary layer (e.g. from a classification), one per feature;
  // null or the wrong size: the layer's own style. Drawn even in plain mode.
  const std::vector<Rgba>* boundaryFills = nullptr;
  // Extra items in screen pixels: `overlay` above the layers and below the labels (points, circles,
  // lines of analysis overlays), `furniture` on top of everything (legend, scale bar, north arrow,
  // title). Neither is drawn in plain mode. The caller keeps them alive during draw().
  const DrawList* overlay = nullptr;
  const DrawList* furniture = nullptr;
  // The renderer's own note on schematic boundaries (bottom-left). Furniture that places the note
  // itself turns this off.
  bool schematicNote = true;
  // Pixel boxes (whole image) the boundary labels keep clear of: the furniture's (map_export's
  // keepLabelsClearOfFurniture), so no label hides under the title, legend, scale bar or note.
  std::vector<BBox> labelObstacles;
  // Tiled exports: draw only the window (tileX, tileY) + tileWidth x tileHeight of the image `view`
  // describes (pixels, top-left origin) into a framebuffer of the tile's size. Everything is laid out
  // for the whole image (labels, furniture in whole-image pixels), so tiles join seamlessly.
  // tileWidth 0: the whole image.
  int tileX = 0, tileY = 0, tileWidth = 0, tileHeight = 0;
  bool tiled() const { return tileWidth > 0 && tileHeight > 0; }
  // For the window: keep the drawn layers (fills, outlines, context layers) and the label layout in
  // a cache of the framebuffer's size and reuse them while the view, the document's layers and
  // these options stay the same, so a frame where only hover or selection changed is a copy plus
  // the highlight. Exports leave it off (it costs a copy when the view changes).
  bool cacheLayers = false;
  // For the window: a zoom that needs a level of detail not built yet does not wait for it. The
  // level is built off the GL thread while the nearest built one is drawn, and the first frame after
  // it is done draws it (detailPending() says when to ask for that frame). Exports leave it off: they
  // always draw the level their scale needs.
  bool provisionalDetail = false;
  // Optional cached overlay, for smooth panning over many symbols: a DrawList in the pixels of
  // `cachedOverlayView` (the same scale as the view, usually larger). The renderer draws it into a
  // texture only when `cachedOverlayKey` changes, then places that texture (one quad a frame). It is
  // drawn after `overlay`, below the labels; not in plain mode.
  const DrawList* cachedOverlay = nullptr;
  MapView cachedOverlayView;
  std::uint64_t cachedOverlayKey = 0;
};

// Point sizes the renderer uses for map elements, shared with the window (e.g. hit slop).
struct RenderMetrics {
  static constexpr float kHoverOutlineExtraPt = 1.0f;
  static constexpr float kHoverOutlineMinPt = 2.0f;  // the hover outline is at least this thick
  static constexpr float kSelectedOutlinePt = 2.5f;
  static constexpr float kLabelHaloPt = 1.2f;
  static constexpr float kNoteSizePt = 8.0f;
};

// What the last draw() sent to the GPU, for benchmarks and diagnostics.
struct RenderStats {
  long fillTriangles = 0;
  long outlineSegments = 0;
  double detailTolerance = 0;   // map units of the boundary layer's level of detail (0: exact)
  long exactFallbacks = 0;      // boundary features drawn exactly because simplifying broke them
  bool layersFromCache = false; // RenderOptions::cacheLayers reused the cached layers
};

class MapRenderer {
 public:
  MapRenderer();
  ~MapRenderer();
  // Compiles shaders and creates GL objects; needs a current GL 3.3+ context. Throws std::runtime_error.
  void init();
  // Draws `doc` as seen through `view` into the currently bound framebuffer, whose size is
  // view.widthPx x view.heightPx, or the tile's when options.tiled() (the viewport is set here). GPU
  // buffers are cached per layer revision.
  void draw(const MapDocument& doc, const MapView& view, const RenderOptions& options);
  // Draws into an offscreen framebuffer (kept between calls) and reads it back, top row first: the
  // whole image, or only the tile when options.tiled(). Restores the previously bound framebuffer.
  RgbaImage drawToImage(const MapDocument& doc, const MapView& view, const RenderOptions& options);
  const RenderStats& lastStats() const;
  // Levels of detail are on by default; off draws every layer exactly (for benchmarks and checks).
  void setLevelsOfDetail(bool enabled);
  // On by default: a polygon layer's topology, what its levels of detail are built from (100-200 MB
  // for a national layer), is kept for the next zoom. A renderer that draws one view (the render
  // verb) turns it off and lets the topology go once the level is built; a level at another scale
  // would read it back from the layer cache or build it again.
  void setKeepLevelSources(bool keep);
  // Bytes held for building further levels (the layers' topologies, areas and perimeters).
  size_t levelSourceBytes() const;
  // A level of detail is being built off the GL thread (RenderOptions::provisionalDetail): the next
  // draw after it is done shows it, so the window should draw again soon.
  bool detailPending() const;
  // Frees every cached layer buffer (e.g. after the document was replaced).
  void clearCaches();
  // Largest framebuffer side and viewport this GL allows (GL_MAX_RENDERBUFFER_SIZE, GL_MAX_VIEWPORT_DIMS).
  int maxFramebufferSide() const;
  int maxViewportSide() const;
  // How many times a DrawList image was uploaded to the GPU (tests check panning uploads nothing).
  std::uint64_t imageUploads() const;
  // Keeps a level's outline segments in buffer textures of at most `texels` segments each, fewer than
  // the driver allows (tests draw outlines split over several textures). Initialises first if needed.
  void limitSegmentTexels(int texels);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Draws into an offscreen framebuffer of view.widthPx x view.heightPx and reads it back, top row first.
RgbaImage renderToImage(MapRenderer& renderer, const MapDocument& doc, const MapView& view,
                        const RenderOptions& options);

// Text of the note shown on schematic demo boundaries (translation key "map.schematic_note").
const char* schematicBoundaryNote();

}  // namespace pk
