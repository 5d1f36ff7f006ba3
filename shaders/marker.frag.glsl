#version 330 core
flat in float vRadius;
flat in float vHalfSize;
flat in vec4 vFill;
flat in vec4 vStroke;
flat in float vStrokeWidth;
out vec4 fragColor;

void main() {
  // Distance from the sprite's centre in pixels (a disc is symmetric, so the origin corner of
  // gl_PointCoord does not matter).
  float d = length((gl_PointCoord - vec2(0.5)) * 2.0 * vHalfSize);
  float outer = clamp(vRadius + vStrokeWidth * 0.5 + 0.5 - d, 0.0, 1.0);
  float inner = vStrokeWidth > 0.0 ? clamp(vRadius - vStrokeWidth * 0.5 + 0.5 - d, 0.0, 1.0) : outer;
  vec4 premul = vec4(vFill.rgb * vFill.a, vFill.a) * inner + vec4(vStroke.rgb * vStroke.a, vStroke.a) * (outer - inner);
  if (premul.a <= 0.0) discard;
  fragColor = vec4(premul.rgb / premul.a, premul.a);
}
