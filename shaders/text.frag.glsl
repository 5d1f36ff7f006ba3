#version 330 core
// Signed distance field text with a halo: the distance to the glyph edge, in screen pixels, gives
// the glyph's coverage and, pushed outwards by the halo width, the halo's.
flat in vec2 vPx0;  // a corner of the glyph quad (centred pixel space, y up) and its atlas position
flat in vec2 vUv0;
// The fragment's position comes from gl_FragCoord (exact pixel centres) shifted by uWindowToPx into
// the whole image's centred pixel space, not from an interpolated varying: a tile of a tiled export
// then computes exactly what the whole image does at that pixel.
uniform vec2 uWindowToPx;
flat in vec4 vColor;
flat in vec4 vHalo;
flat in vec2 vParams;
uniform sampler2D uAtlas;
uniform float uSdfOnEdge;     // atlas value (0..255) on the glyph edge
uniform float uSdfDistScale;  // atlas value units per atlas pixel of distance
uniform float uWeightBiasPx;  // pixels added to the glyph's edge distance
out vec4 fragColor;

void main() {
  // Glyph quads are axis-aligned with a uniform scale, so the atlas position is linear in pixels.
  vec2 px = gl_FragCoord.xy + uWindowToPx;
  vec2 atlasPx = vec2(textureSize(uAtlas, 0)) * vParams.x;
  vec2 uv = vUv0 + (px - vPx0) / atlasPx * vec2(1.0, -1.0);
  float v = texture(uAtlas, uv).r * 255.0;
  float d = (v - uSdfOnEdge) / uSdfDistScale * vParams.x;  // > 0 inside the glyph
  // Small type: embolden by a fraction of a pixel so thin stems still reach full ink.
  float glyph = clamp(d + 0.5 + uWeightBiasPx, 0.0, 1.0);
  float halo = vParams.y > 0.0 ? clamp(d + vParams.y + 0.5, 0.0, 1.0) : 0.0;
  vec4 fg = vec4(vColor.rgb * vColor.a, vColor.a) * glyph;
  vec4 bg = vec4(vHalo.rgb * vHalo.a, vHalo.a) * halo;
  vec4 premul = fg + bg * (1.0 - fg.a);
  if (premul.a <= 0.0) discard;
  fragColor = vec4(premul.rgb / premul.a, premul.a);
}
