#include "core/style.h"

#include <cstdio>

namespace pk {

std::string toHex(Rgba c) {
  char buf[16];
  if (c.a == 255)
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c.r, c.g, c.b);
  else
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x%02x", c.r, c.g, c.b, c.a);
  return buf;
}

bool parseHex(const std::string& text, Rgba& out) {
  if (text.size() != 7 && text.size() != 9) return false;
  if (text[0] != '#') return false;
  unsigned v[4] = {0, 0, 0, 255};
  for (size_t i = 0; i < (text.size() - 1) / 2; ++i) {
    unsigned x = 0;
    for (int k = 0; k < 2; ++k) {
      const char ch = text[1 + i * 2 + k];
      x *= 16;
      if (ch >= '0' && ch <= '9') x += ch - '0';
      else if (ch >= 'a' && ch <= 'f') x += ch - 'a' + 10;
      else if (ch >= 'A' && ch <= 'F') x += ch - 'A' + 10;
      else return false;
    }
    v[i] = x;
  }
  out = Rgba{static_cast<std::uint8_t>(v[0]), static_cast<std::uint8_t>(v[1]), static_cast<std::uint8_t>(v[2]),
             static_cast<std::uint8_t>(v[3])};
  return true;
}

Rgba categoricalFill(size_t i) {
  // Light, distinct tints (ColorBrewer Set3 + Pastel1 + Pastel2 picks), dark text stays readable on all.
  static const Rgba kFills[20] = {
      {141, 211, 199, 255}, {255, 255, 179, 255}, {190, 186, 218, 255}, {251, 128, 114, 255},
      {128, 177, 211, 255}, {253, 180, 98, 255},  {179, 222, 105, 255}, {252, 205, 229, 255},
      {217, 217, 217, 255}, {188, 128, 189, 255}, {204, 235, 197, 255}, {255, 237, 111, 255},
      {179, 205, 227, 255}, {222, 203, 228, 255}, {254, 217, 166, 255}, {229, 216, 189, 255},
      {179, 226, 205, 255}, {253, 205, 172, 255}, {203, 213, 232, 255}, {230, 245, 201, 255},
  };
  return kFills[i % 20];
}

}  // namespace pk
