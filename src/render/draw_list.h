// A per-frame list of things to draw in screen pixels (origin top-left, y down): coloured
// triangles, anti-aliased line segments, round symbols and text with a halo. The renderer builds
// one for labels and notes; later features hand it overlays (points, circles of a ground radius,
// lines) and map furniture (legend, scale bar, north arrow, title) through RenderOptions, so they
// need no GL code of their own. Map-space helpers take the MapView to convert.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/font.h"
#include "core/geometry.h"
#include "core/style.h"
#include "core/view.h"

namespace pk {

// An RGBA image kept between frames (e.g. a heatmap). The renderer keeps a GPU texture per image and
// uploads the pixels again only when `revision` changes, so redrawing it while panning costs one quad.
struct DrawImage {
  int width = 0, height = 0;
  std::vector<std::uint8_t> rgba;  // straight (not premultiplied) alpha, top row first
  std::uint64_t revision = 0;      // bump after changing the pixels
  bool smooth = true;              // linear filtering between texels
};

enum class TextAnchor { TopLeft, Top, TopRight, Left, Center, Right, BottomLeft, Bottom, BottomRight };

struct TextStyle {
  float sizePx = 12;
  Rgba color{20, 20, 20, 255};
  Rgba halo{255, 255, 255, 220};
  float haloPx = 1.5f;   // 0: no halo
  bool bold = false;
};

class DrawList {
 public:
  struct SolidVertex {
    float x, y;
    Rgba color;
  };
  struct Segment {
    float x0, y0, x1, y1;
    Rgba color;
    float halfWidth;
  };
  struct Circle {
    float x, y, radius;
    Rgba fill, stroke;
    float strokeWidth;
  };
  struct TextVertex {
    float x, y, u, v;
    Rgba color, halo;
    float pixelsPerAtlasPixel, haloPx;
  };
  struct TextBatch {
    const Font* font;
    std::vector<TextVertex> vertices;
  };
  struct ImageQuad {
    std::shared_ptr<const DrawImage> image;
    float x0, y0, x1, y1;  // screen rectangle: (x0, y0) is the image's top-left corner
    float opacity;
  };

  // Screen space (pixels).
  void addTriangle(Vec2 a, Vec2 b, Vec2 c, Rgba color);
  void addRect(const BBox& box, Rgba color);
  void addLine(Vec2 a, Vec2 b, float widthPx, Rgba color);
  void addPolyline(const std::vector<Vec2>& points, float widthPx, Rgba color, bool closed = false);
  void addCircle(Vec2 center, float radiusPx, Rgba fill, Rgba stroke = {0, 0, 0, 0}, float strokeWidthPx = 0);
  // Many small round symbols (data points): drawn like addCircle but as point sprites, one vertex
  // each instead of two triangles, which software GL draws several times faster. Drawn after the
  // circles, in the order added. Symbols wider than kMaxMarkerRadiusPx, or whose centre lies outside
  // the viewport (GL drops such points whole), are drawn as circles by the renderer.
  static constexpr float kMaxMarkerRadiusPx = 48;
  void addMarker(Vec2 center, float radiusPx, Rgba fill, Rgba stroke = {0, 0, 0, 0}, float strokeWidthPx = 0);
  // A 1-pixel line (a thin anti-aliased segment): for thousands of thin lines, e.g. beneficiary to mentor.
  void addHairline(Vec2 a, Vec2 b, Rgba color);
  // Text placed by `anchor` relative to `pos` (e.g. Center: the text box is centred on pos). Returns
  // the pixel box of the text without its halo.
  BBox addText(std::string_view text, Vec2 pos, TextAnchor anchor, const TextStyle& style);
  static BBox measureText(std::string_view text, Vec2 pos, TextAnchor anchor, const TextStyle& style);
  // An image stretched over a screen rectangle (minx/miny is its top-left corner).
  void addImage(std::shared_ptr<const DrawImage> image, const BBox& screenRect, float opacity = 1.0f);

  // Map space, converted through `view` now (overlays are rebuilt per frame).
  void addMapPolyline(const MapView& view, const std::vector<Vec2>& mapPoints, float widthPx, Rgba color);
  void addMapSymbol(const MapView& view, Vec2 mapPoint, float radiusPx, Rgba fill, Rgba stroke, float strokeWidthPx);
  void addMapCircle(const MapView& view, Vec2 mapCenter, double radiusMetres, Rgba fill, Rgba stroke,
                    float strokeWidthPx);
  // A north-up image covering `mapExtent` (its top row at mapExtent.maxy).
  void addMapImage(const MapView& view, std::shared_ptr<const DrawImage> image, const BBox& mapExtent,
                   float opacity = 1.0f);

  bool empty() const {
    return images.empty() && solids.empty() && segments.empty() && circles.empty() && markers.empty() && text.empty();
  }
  void clear();

  // Drawn in this order: images, solids, segments, circles, markers, text.
  std::vector<ImageQuad> images;
  std::vector<SolidVertex> solids;
  std::vector<Segment> segments;
  std::vector<Circle> circles;
  std::vector<Circle> markers;
  std::vector<TextBatch> text;
  // Every string passed to addText, in order: lets tests check what a map says (e.g. that no
  // personal data is drawn) without reading glyphs back.
  std::vector<std::string> strings;
};

// Appends everything `from` draws to `to` (every kind of item, in its own layer of the drawing
// order), moved by `offset` pixels: other overlays' items, a legend placed elsewhere.
void appendDrawList(DrawList& to, const DrawList& from, Vec2 offset = {0, 0});

}  // namespace pk
