#version 330 core
// The fragment's position comes from gl_FragCoord (exact pixel centres) shifted by uWindowToPx into
// the whole image's centred pixel space, not from an interpolated varying: a tile of a tiled export
// then computes exactly what the whole image does at that pixel.
uniform vec2 uWindowToPx;
flat in vec2 vCenter;
flat in float vRadius;
flat in vec4 vFill;
flat in vec4 vStroke;
flat in float vStrokeWidth;
out vec4 fragColor;

void main() {
  float d = length(gl_FragCoord.xy + uWindowToPx - vCenter);
  float outer = clamp(vRadius + vStrokeWidth * 0.5 + 0.5 - d, 0.0, 1.0);
  float inner = vStrokeWidth > 0.0 ? clamp(vRadius - vStrokeWidth * 0.5 + 0.5 - d, 0.0, 1.0) : outer;
  // Fill inside, stroke over the ring between inner and outer; composited premultiplied.
  vec4 premul = vec4(vFill.rgb * vFill.a, vFill.a) * inner + vec4(vStroke.rgb * vStroke.a, vStroke.a) * (outer - inner);
  if (premul.a <= 0.0) discard;
  fragColor = vec4(premul.rgb / premul.a, premul.a);
}
