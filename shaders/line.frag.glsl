#version 330 core
// Coverage of a round-capped segment (a capsule): 1 inside, a one-pixel ramp at the edge. Lines
// thinner than a pixel fade instead of vanishing.
// The fragment's position comes from gl_FragCoord (exact pixel centres) shifted by uWindowToPx into
// the whole image's centred pixel space, not from an interpolated varying: a tile of a tiled export
// then computes exactly what the whole image does at that pixel.
uniform vec2 uWindowToPx;
flat in vec2 vA;
flat in vec2 vB;
flat in vec4 vColor;
flat in float vHalfWidth;
out vec4 fragColor;

void main() {
  vec2 px = gl_FragCoord.xy + uWindowToPx;
  vec2 ab = vB - vA;
  float t = clamp(dot(px - vA, ab) / max(dot(ab, ab), 1e-8), 0.0, 1.0);
  float d = length(px - (vA + ab * t));
  float hw = max(vHalfWidth, 0.5);
  float coverage = clamp(hw + 0.5 - d, 0.0, 1.0) * min(vHalfWidth * 2.0, 1.0);
  if (coverage <= 0.0) discard;
  fragColor = vec4(vColor.rgb, vColor.a * coverage);
}
