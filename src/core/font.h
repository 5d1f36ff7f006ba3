// Glyph metrics and a signed-distance-field glyph atlas as a CPU bitmap (stb_truetype). No GL here:
// the renderer uploads atlas() as a texture and draws layout()'s quads. One SDF atlas serves every
// size: labels on screen, titles in presentation mode and 300 dpi exports alike.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace pk {

// One glyph quad in pixels (origin at the pen start on the baseline, y down) and its atlas texture
// coordinates (0..1, v down).
struct GlyphQuad {
  float x0, y0, x1, y1;
  float u0, v0, u1, v1;
};

struct TextExtent {
  float width = 0;    // advance width of the whole string, pixels
  float ascent = 0;   // font ascent above the baseline, pixels (positive)
  float descent = 0;  // font descent below the baseline, pixels (positive)
  float height() const { return ascent + descent; }
};

class Font {
 public:
  // Loads a TrueType file and bakes SDF glyphs for Latin-1 and common punctuation. Throws
  // std::runtime_error naming the file if it cannot be read or parsed.
  explicit Font(const std::string& ttfPath);
  ~Font();
  Font(const Font&) = delete;
  Font& operator=(const Font&) = delete;

  // DejaVu Sans (regular or bold) from PROKUS_FONT_DIR, loaded once per process.
  static const Font& defaultFont(bool bold = false);
  // Both default faces baked on a thread of its own (joined with the returned thread), for a caller
  // that draws text after other work: the baking (some 0.1 s) overlaps it. A face that fails to load
  // there fails again where it is first used.
  static std::jthread bakeDefaultFontsAhead();

  // Pixel size at which glyphs were baked; quads scale from it.
  static constexpr float kBakePixelSize = 32.0f;
  // SDF encoding: value/255 = kSdfOnEdge/255 + distance_in_bake_pixels * kSdfPixelDistScale/255,
  // positive inside the glyph. kSdfPadding bake pixels of distance around each glyph are kept.
  static constexpr int kSdfPadding = 6;
  static constexpr int kSdfOnEdge = 128;
  static constexpr float kSdfPixelDistScale = 128.0f / kSdfPadding;

  int atlasWidth() const;
  int atlasHeight() const;
  const std::vector<std::uint8_t>& atlas() const;  // single channel, top row first

  // Extent of UTF-8 `text` at `pixelSize` (the em height in pixels, as in "12 px type").
  TextExtent measure(std::string_view text, float pixelSize) const;
  // Quads for `text` with the pen starting at (originX, baselineY). Spaces produce no quad.
  std::vector<GlyphQuad> layout(std::string_view text, float pixelSize, float originX, float baselineY) const;

  bool hasGlyph(char32_t codepoint) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Decodes UTF-8; malformed bytes become U+FFFD.
std::u32string decodeUtf8(std::string_view text);

}  // namespace pk
