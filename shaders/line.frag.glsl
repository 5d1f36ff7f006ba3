#version 330 core
// Coverage of a round-capped segment (a capsule): 1 inside, a one-pixel ramp at the edge. Lines
// thinner than a pixel fade instead of vanishing.
in vec2 vPx;
flat in vec2 vA;
flat in vec2 vB;
flat in vec4 vColor;
flat in float vHalfWidth;
out vec4 fragColor;

void main() {
  vec2 ab = vB - vA;
  float t = clamp(dot(vPx - vA, ab) / max(dot(ab, ab), 1e-8), 0.0, 1.0);
  float d = length(vPx - (vA + ab * t));
  float hw = max(vHalfWidth, 0.5);
  float coverage = clamp(hw + 0.5 - d, 0.0, 1.0) * min(vHalfWidth * 2.0, 1.0);
  if (coverage <= 0.0) discard;
  fragColor = vec4(vColor.rgb, vColor.a * coverage);
}
