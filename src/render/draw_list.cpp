#include "render/draw_list.h"

#include <algorithm>
#include <cmath>

namespace pk {

namespace {
Vec2 anchorOrigin(TextAnchor anchor, Vec2 pos, double w, double h) {
  int col = 0, row = 0;  // 0 left/top, 1 centre, 2 right/bottom
  switch (anchor) {
    case TextAnchor::TopLeft: break;
    case TextAnchor::Top: col = 1; break;
    case TextAnchor::TopRight: col = 2; break;
    case TextAnchor::Left: row = 1; break;
    case TextAnchor::Center: col = 1; row = 1; break;
    case TextAnchor::Right: col = 2; row = 1; break;
    case TextAnchor::BottomLeft: row = 2; break;
    case TextAnchor::Bottom: col = 1; row = 2; break;
    case TextAnchor::BottomRight: col = 2; row = 2; break;
  }
  return {pos.x - w * col / 2, pos.y - h * row / 2};
}
}  // namespace

void DrawList::addTriangle(Vec2 a, Vec2 b, Vec2 c, Rgba color) {
  for (Vec2 p : {a, b, c}) solids.push_back({static_cast<float>(p.x), static_cast<float>(p.y), color});
}

void DrawList::addRect(const BBox& r, Rgba color) {
  addTriangle({r.minx, r.miny}, {r.maxx, r.miny}, {r.maxx, r.maxy}, color);
  addTriangle({r.minx, r.miny}, {r.maxx, r.maxy}, {r.minx, r.maxy}, color);
}

void DrawList::addLine(Vec2 a, Vec2 b, float widthPx, Rgba color) {
  segments.push_back({static_cast<float>(a.x), static_cast<float>(a.y), static_cast<float>(b.x),
                      static_cast<float>(b.y), color, widthPx / 2});
}

void DrawList::addPolyline(const std::vector<Vec2>& points, float widthPx, Rgba color, bool closed) {
  for (size_t i = 1; i < points.size(); ++i) addLine(points[i - 1], points[i], widthPx, color);
  if (closed && points.size() > 2) addLine(points.back(), points.front(), widthPx, color);
}

void DrawList::addCircle(Vec2 c, float radiusPx, Rgba fill, Rgba stroke, float strokeWidthPx) {
  circles.push_back({static_cast<float>(c.x), static_cast<float>(c.y), radiusPx, fill, stroke, strokeWidthPx});
}

void DrawList::addMarker(Vec2 c, float radiusPx, Rgba fill, Rgba stroke, float strokeWidthPx) {
  markers.push_back({static_cast<float>(c.x), static_cast<float>(c.y), radiusPx, fill, stroke, strokeWidthPx});
}

void DrawList::addHairline(Vec2 a, Vec2 b, Rgba color) {
  // Drawn as a thin anti-aliased segment, not GL_LINES: the rasteriser clips GL lines to the
  // framebuffer, which moves their pixels a step at the seams of a tiled export.
  segments.push_back({static_cast<float>(a.x), static_cast<float>(a.y), static_cast<float>(b.x),
                      static_cast<float>(b.y), color, 0.5f});
}

BBox DrawList::measureText(std::string_view text, Vec2 pos, TextAnchor anchor, const TextStyle& style) {
  const Font& font = Font::defaultFont(style.bold);
  TextExtent e = font.measure(text, style.sizePx);
  Vec2 o = anchorOrigin(anchor, pos, e.width, e.height());
  return {o.x, o.y, o.x + e.width, o.y + e.height()};
}

BBox DrawList::addText(std::string_view text, Vec2 pos, TextAnchor anchor, const TextStyle& style) {
  const Font& font = Font::defaultFont(style.bold);
  TextExtent e = font.measure(text, style.sizePx);
  Vec2 o = anchorOrigin(anchor, pos, e.width, e.height());
  // Snap the baseline to whole pixels so small type stays crisp.
  this->strings.emplace_back(text);
  const float originX = static_cast<float>(std::round(o.x));
  const float baseline = static_cast<float>(std::round(o.y + e.ascent));
  if (text.empty()) return {o.x, o.y, o.x + e.width, o.y + e.height()};
  if (this->text.empty() || this->text.back().font != &font) this->text.push_back({&font, {}});
  auto& verts = this->text.back().vertices;
  const float scale = style.sizePx / Font::kBakePixelSize;
  // The SDF holds kSdfPadding atlas pixels of distance; a wider halo would be clipped.
  const float halo = std::min(style.haloPx, (Font::kSdfPadding - 1) * scale);
  for (const GlyphQuad& q : font.layout(text, style.sizePx, originX, baseline)) {
    auto v = [&](float x, float y, float u, float t) {
      verts.push_back({x, y, u, t, style.color, style.halo, scale, halo});
    };
    v(q.x0, q.y0, q.u0, q.v0);
    v(q.x1, q.y0, q.u1, q.v0);
    v(q.x1, q.y1, q.u1, q.v1);
    v(q.x0, q.y0, q.u0, q.v0);
    v(q.x1, q.y1, q.u1, q.v1);
    v(q.x0, q.y1, q.u0, q.v1);
  }
  return {o.x, o.y, o.x + e.width, o.y + e.height()};
}

void DrawList::addMapPolyline(const MapView& view, const std::vector<Vec2>& mapPoints, float widthPx, Rgba color) {
  std::vector<Vec2> px;
  px.reserve(mapPoints.size());
  for (Vec2 p : mapPoints) px.push_back(view.toPixel(p));
  addPolyline(px, widthPx, color);
}

void DrawList::addMapSymbol(const MapView& view, Vec2 mapPoint, float radiusPx, Rgba fill, Rgba stroke,
                            float strokeWidthPx) {
  addCircle(view.toPixel(mapPoint), radiusPx, fill, stroke, strokeWidthPx);
}

void DrawList::addMapCircle(const MapView& view, Vec2 mapCenter, double radiusMetres, Rgba fill, Rgba stroke,
                            float strokeWidthPx) {
  addCircle(view.toPixel(mapCenter), static_cast<float>(radiusMetres / view.metresPerPixel), fill, stroke,
            strokeWidthPx);
}

void DrawList::addImage(std::shared_ptr<const DrawImage> image, const BBox& r, float opacity) {
  if (!image || image->width <= 0 || image->height <= 0) return;
  images.push_back({std::move(image), static_cast<float>(r.minx), static_cast<float>(r.miny),
                    static_cast<float>(r.maxx), static_cast<float>(r.maxy), opacity});
}

void DrawList::addMapImage(const MapView& view, std::shared_ptr<const DrawImage> image, const BBox& mapExtent,
                           float opacity) {
  const Vec2 topLeft = view.toPixel({mapExtent.minx, mapExtent.maxy});
  const Vec2 bottomRight = view.toPixel({mapExtent.maxx, mapExtent.miny});
  addImage(std::move(image), {topLeft.x, topLeft.y, bottomRight.x, bottomRight.y}, opacity);
}

void DrawList::clear() {
  images.clear();
  strings.clear();
  solids.clear();
  markers.clear();
  segments.clear();
  circles.clear();
  text.clear();
}

namespace {
template <class T, class Move>
void appendMoved(std::vector<T>& to, const std::vector<T>& from, Move move) {
  to.reserve(to.size() + from.size());
  for (T item : from) {
    move(item);
    to.push_back(std::move(item));
  }
}
}  // namespace

void appendDrawList(DrawList& to, const DrawList& from, Vec2 offset) {
  const float dx = static_cast<float>(offset.x), dy = static_cast<float>(offset.y);
  const auto point = [&](auto& v) {
    v.x += dx;
    v.y += dy;
  };
  const auto box = [&](auto& v) {
    v.x0 += dx;
    v.y0 += dy;
    v.x1 += dx;
    v.y1 += dy;
  };
  appendMoved(to.images, from.images, box);
  appendMoved(to.solids, from.solids, point);
  appendMoved(to.segments, from.segments, box);
  appendMoved(to.circles, from.circles, point);
  appendMoved(to.markers, from.markers, point);
  for (const auto& batch : from.text) {
    // Consecutive batches of one font stay one batch (one draw call).
    if (to.text.empty() || to.text.back().font != batch.font) to.text.push_back({batch.font, {}});
    appendMoved(to.text.back().vertices, batch.vertices, point);
  }
  to.strings.insert(to.strings.end(), from.strings.begin(), from.strings.end());
}

}  // namespace pk
