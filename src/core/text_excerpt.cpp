#include "core/text_excerpt.h"

namespace pk {

namespace {

// Length of the valid UTF-8 sequence starting at text[i], 0 when invalid or cut off.
size_t utf8SequenceLength(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned c = byte(i);
  size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > text.size()) return 0;
  for (size_t k = 1; k < len; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  if (len == 2 && c < 0xC2) return 0;                          // overlong
  if (c == 0xE0 && byte(i + 1) < 0xA0) return 0;               // overlong
  if (c == 0xED && byte(i + 1) > 0x9F) return 0;               // surrogates
  if (c == 0xF0 && byte(i + 1) < 0x90) return 0;               // overlong
  if (c > 0xF4 || (c == 0xF4 && byte(i + 1) > 0x8F)) return 0; // past U+10FFFF
  if (c == 0xC2 && byte(i + 1) < 0xA0) return 0;               // C1 controls U+0080..U+009F
  return len;
}

}  // namespace

std::string excerpt(std::string_view text, size_t maxChars) {
  static const char kHex[] = "0123456789ABCDEF";
  const size_t budget = maxChars < 3 ? 0 : maxChars - 3;  // room for "..." when cut
  std::string out;
  size_t chars = 0, i = 0;
  // Where to cut (out.size() when `budget` characters were reached), used once the text turns out
  // not to fit whole.
  size_t cutAt = std::string::npos;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    std::string piece;
    size_t width = 1;
    size_t len = utf8SequenceLength(text, i);
    if (len == 1 && c >= 0x20 && c != 0x7F && c != '\\') {
      piece.assign(1, static_cast<char>(c));
    } else if (len == 1 && c == '\\') {
      piece = "\\\\";
      width = 2;
    } else if (len > 1) {
      piece.assign(text.substr(i, len));
    } else {
      piece = {'\\', 'x', kHex[c >> 4], kHex[c & 0xF]};
      width = 4;
      len = 1;
    }
    if (cutAt == std::string::npos && chars + width > budget) cutAt = out.size();
    if (chars + width > maxChars) {
      out.resize(cutAt);
      return out + "...";
    }
    out += piece;
    chars += width;
    i += len;
  }
  return out;
}

std::string quotedExcerpt(std::string_view text, size_t maxChars) { return "'" + excerpt(text, maxChars) + "'"; }

}  // namespace pk
