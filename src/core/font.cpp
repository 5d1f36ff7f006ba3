#include "core/font.h"

#include <stb/stb_truetype.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <unordered_map>

namespace pk {

namespace {

// Codepoints baked into the atlas: ASCII, Latin-1 and the punctuation and symbols our GUI text,
// legends and notes use. Anything else falls back to '?'.
std::vector<char32_t> bakedCodepoints() {
  std::vector<char32_t> cps;
  for (char32_t c = 0x20; c < 0x7f; ++c) cps.push_back(c);
  for (char32_t c = 0xa0; c <= 0xff; ++c) cps.push_back(c);
  for (char32_t c : {0x2013, 0x2014, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2026, 0x2190, 0x2191, 0x2192,
                     0x2193, 0x2212, 0x2264, 0x2265, 0x2248, 0x20ac, 0x2116})
    cps.push_back(c);
  return cps;
}

struct Glyph {
  int atlasX = 0, atlasY = 0, width = 0, height = 0;  // SDF bitmap in the atlas (bake pixels)
  float offsetX = 0, offsetY = 0;                      // bitmap top-left relative to the pen, y down
  float advance = 0;                                   // bake pixels
  int glyphIndex = 0;
};

std::uint32_t readU32(const unsigned char* p) {
  return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
}

// stb_truetype trusts its input; check the sfnt header and table directory first so that a
// wrong file is an error, not a crash.
bool plausibleTrueType(const std::vector<unsigned char>& d) {
  if (d.size() < 12) return false;
  const std::uint32_t tag = readU32(d.data());
  if (tag != 0x00010000u && tag != 0x74727565u /* true */) return false;
  const size_t numTables = (size_t(d[4]) << 8) | d[5];
  if (numTables == 0 || 12 + numTables * 16 > d.size()) return false;
  for (size_t i = 0; i < numTables; ++i) {
    const unsigned char* rec = d.data() + 12 + i * 16;
    const std::uint64_t offset = readU32(rec + 8), length = readU32(rec + 12);
    if (offset + length > d.size()) return false;
  }
  return true;
}

}  // namespace

struct Font::Impl {
  std::vector<unsigned char> ttf;
  stbtt_fontinfo info{};
  float bakeScale = 0;       // font units -> bake pixels
  float ascentBake = 0, descentBake = 0;
  std::unordered_map<char32_t, Glyph> glyphs;
  int atlasW = 1024, atlasH = 0;
  std::vector<std::uint8_t> atlas;

  const Glyph* find(char32_t c) const {
    auto it = glyphs.find(c);
    if (it != glyphs.end()) return &it->second;
    it = glyphs.find(U'?');
    return it != glyphs.end() ? &it->second : nullptr;
  }
};

std::u32string decodeUtf8(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    auto b0 = static_cast<unsigned char>(s[i]);
    int len = b0 < 0x80 ? 1 : (b0 >> 5) == 6 ? 2 : (b0 >> 4) == 14 ? 3 : (b0 >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) {
      out.push_back(0xfffd);
      ++i;
      continue;
    }
    char32_t cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1f) : len == 3 ? (b0 & 0x0f) : (b0 & 0x07);
    bool ok = true;
    for (int k = 1; k < len; ++k) {
      auto b = static_cast<unsigned char>(s[i + k]);
      if ((b >> 6) != 2) ok = false;
      cp = (cp << 6) | (b & 0x3f);
    }
    if (!ok) {
      out.push_back(0xfffd);
      ++i;
      continue;
    }
    out.push_back(cp);
    i += len;
  }
  return out;
}

Font::Font(const std::string& ttfPath) : impl_(std::make_unique<Impl>()) {
  std::ifstream in(ttfPath, std::ios::binary);
  if (!in) throw std::runtime_error(ttfPath + ": cannot open font file");
  impl_->ttf.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (!plausibleTrueType(impl_->ttf) ||
      !stbtt_InitFont(&impl_->info, impl_->ttf.data(), stbtt_GetFontOffsetForIndex(impl_->ttf.data(), 0)))
    throw std::runtime_error(ttfPath + ": not a TrueType font");

  auto& I = *impl_;
  I.bakeScale = stbtt_ScaleForMappingEmToPixels(&I.info, kBakePixelSize);
  int ascent = 0, descent = 0, lineGap = 0;
  stbtt_GetFontVMetrics(&I.info, &ascent, &descent, &lineGap);
  I.ascentBake = ascent * I.bakeScale;
  I.descentBake = -descent * I.bakeScale;

  // Shelf packing into a fixed-width atlas; the height grows as needed.
  struct Bitmap {
    char32_t cp;
    unsigned char* data;
    Glyph g;
  };
  std::vector<Bitmap> bitmaps;
  int penX = 1, penY = 1, shelfH = 0;
  for (char32_t cp : bakedCodepoints()) {
    int gi = stbtt_FindGlyphIndex(&I.info, static_cast<int>(cp));
    if (gi == 0 && cp != U' ') continue;  // the font lacks it
    Glyph g;
    g.glyphIndex = gi;
    int adv = 0, lsb = 0;
    stbtt_GetGlyphHMetrics(&I.info, gi, &adv, &lsb);
    g.advance = adv * I.bakeScale;
    int w = 0, h = 0, xoff = 0, yoff = 0;
    unsigned char* sdf = stbtt_GetGlyphSDF(&I.info, I.bakeScale, gi, kSdfPadding, kSdfOnEdge, kSdfPixelDistScale,
                                           &w, &h, &xoff, &yoff);
    if (sdf) {
      if (penX + w + 1 > I.atlasW) {
        penX = 1;
        penY += shelfH + 1;
        shelfH = 0;
      }
      g.atlasX = penX;
      g.atlasY = penY;
      g.width = w;
      g.height = h;
      g.offsetX = static_cast<float>(xoff);
      g.offsetY = static_cast<float>(yoff);
      penX += w + 1;
      shelfH = std::max(shelfH, h);
    }
    bitmaps.push_back({cp, sdf, g});
  }
  I.atlasH = penY + shelfH + 1;
  I.atlas.assign(static_cast<size_t>(I.atlasW) * I.atlasH, 0);
  for (auto& b : bitmaps) {
    if (b.data) {
      for (int y = 0; y < b.g.height; ++y)
        std::copy_n(b.data + static_cast<size_t>(y) * b.g.width, b.g.width,
                    I.atlas.begin() + static_cast<size_t>(b.g.atlasY + y) * I.atlasW + b.g.atlasX);
      stbtt_FreeSDF(b.data, nullptr);
    }
    I.glyphs[b.cp] = b.g;
  }
}

Font::~Font() = default;

const Font& Font::defaultFont(bool bold) {
  static const Font regular(std::string(PROKUS_FONT_DIR) + "/DejaVuSans.ttf");
  if (!bold) return regular;
  static const Font boldFont(std::string(PROKUS_FONT_DIR) + "/DejaVuSans-Bold.ttf");
  return boldFont;
}

std::jthread Font::bakeDefaultFontsAhead() {
  return std::jthread([] {
    try {
      defaultFont(false);
      defaultFont(true);
    } catch (const std::exception&) {
    }
  });
}

int Font::atlasWidth() const { return impl_->atlasW; }
int Font::atlasHeight() const { return impl_->atlasH; }
const std::vector<std::uint8_t>& Font::atlas() const { return impl_->atlas; }

bool Font::hasGlyph(char32_t codepoint) const { return impl_->glyphs.count(codepoint) > 0; }

TextExtent Font::measure(std::string_view text, float pixelSize) const {
  const float s = pixelSize / kBakePixelSize;
  TextExtent e;
  e.ascent = impl_->ascentBake * s;
  e.descent = impl_->descentBake * s;
  const Glyph* prev = nullptr;
  float pen = 0;
  for (char32_t cp : decodeUtf8(text)) {
    const Glyph* g = impl_->find(cp);
    if (!g) continue;
    if (prev) pen += stbtt_GetGlyphKernAdvance(&impl_->info, prev->glyphIndex, g->glyphIndex) * impl_->bakeScale;
    pen += g->advance;
    prev = g;
  }
  e.width = pen * s;
  return e;
}

std::vector<GlyphQuad> Font::layout(std::string_view text, float pixelSize, float originX, float baselineY) const {
  const auto& I = *impl_;
  const float s = pixelSize / kBakePixelSize;
  std::vector<GlyphQuad> quads;
  const Glyph* prev = nullptr;
  float pen = 0;  // bake pixels
  for (char32_t cp : decodeUtf8(text)) {
    const Glyph* g = I.find(cp);
    if (!g) continue;
    if (prev) pen += stbtt_GetGlyphKernAdvance(&I.info, prev->glyphIndex, g->glyphIndex) * I.bakeScale;
    if (g->width > 0) {
      GlyphQuad q;
      q.x0 = originX + (pen + g->offsetX) * s;
      q.y0 = baselineY + g->offsetY * s;
      q.x1 = q.x0 + g->width * s;
      q.y1 = q.y0 + g->height * s;
      q.u0 = static_cast<float>(g->atlasX) / I.atlasW;
      q.v0 = static_cast<float>(g->atlasY) / I.atlasH;
      q.u1 = static_cast<float>(g->atlasX + g->width) / I.atlasW;
      q.v1 = static_cast<float>(g->atlasY + g->height) / I.atlasH;
      quads.push_back(q);
    }
    pen += g->advance;
    prev = g;
  }
  return quads;
}

}  // namespace pk
