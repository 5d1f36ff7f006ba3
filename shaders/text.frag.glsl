#version 330 core
// Signed distance field text with a halo: the distance to the glyph edge, in screen pixels, gives
// the glyph's coverage and, pushed outwards by the halo width, the halo's.
in vec2 vUv;
flat in vec4 vColor;
flat in vec4 vHalo;
flat in vec2 vParams;
uniform sampler2D uAtlas;
uniform float uSdfOnEdge;     // atlas value (0..255) on the glyph edge
uniform float uSdfDistScale;  // atlas value units per atlas pixel of distance
uniform float uWeightBiasPx;  // pixels added to the glyph's edge distance
out vec4 fragColor;

void main() {
  float v = texture(uAtlas, vUv).r * 255.0;
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
