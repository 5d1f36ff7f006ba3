// The one OpenGL 3.3 core map renderer. The window and every export call draw(), so what the planner
// previews is what the file holds. GLSL lives in shaders/ (embedded at build time).
#pragma once
#include <memory>

#include "core/map_document.h"
#include "core/raster_export.h"
#include "core/view.h"

namespace pk {

struct RenderOptions {
  bool plain = false;        // polygons and outlines only: no labels, no furniture, no highlight
  int hoverFeature = -1;     // boundary-layer feature under the cursor
  int selectedFeature = -1;  // boundary-layer feature selected
  Rgba background{255, 255, 255, 255};
};

class MapRenderer {
 public:
  MapRenderer();
  ~MapRenderer();
  // Compiles shaders and creates GL objects; needs a current GL 3.3+ context. Throws std::runtime_error.
  void init();
  // Draws `doc` as seen through `view` into the currently bound framebuffer, whose size is
  // view.widthPx x view.heightPx (the viewport is set here). GPU buffers are cached per layer revision.
  void draw(const MapDocument& doc, const MapView& view, const RenderOptions& options);
 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Draws into an offscreen framebuffer of view.widthPx x view.heightPx and reads it back, top row first.
RgbaImage renderToImage(MapRenderer& renderer, const MapDocument& doc, const MapView& view,
                        const RenderOptions& options);

}  // namespace pk
