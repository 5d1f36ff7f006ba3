#version 330 core
// Anti-aliased line segments: a quad around each segment, widened by the half width plus half a pixel
// for the soft edge; the fragment shader measures the distance. Segments come either as instance
// attributes (drawn lines, one instance per segment, a strip of four vertices) or, for the static
// outlines of a polygon level, from a buffer texture of endpoints read at gl_VertexID / 4 (indexed
// draws of four vertices per segment and no vertex arrays: 16 bytes a segment where four copies of it
// and six indices took 88, and llvmpipe pays per instance, so one draw beats one instance per segment
// several times over).
layout(location = 0) in vec2 aP0;
layout(location = 1) in vec2 aP1;
layout(location = 2) in vec4 aColor;
layout(location = 3) in float aHalfWidth;  // pixels

uniform vec2 uScale;
uniform vec2 uTranslate;
uniform vec2 uViewport;
uniform bool uSegmentsFromTexture;
uniform samplerBuffer uSegments;  // x0, y0, x1, y1 per texel

flat out vec2 vA;
flat out vec2 vB;
flat out vec4 vColor;
flat out float vHalfWidth;

void main() {
  vec4 segment = uSegmentsFromTexture ? texelFetch(uSegments, gl_VertexID / 4) : vec4(aP0, aP1);
  int corner = gl_VertexID % 4;
  vec2 a = segment.xy * uScale + uTranslate;
  vec2 b = segment.zw * uScale + uTranslate;
  vec2 d = b - a;
  float len = length(d);
  vec2 dir = len > 1e-4 ? d / len : vec2(1.0, 0.0);
  vec2 n = vec2(-dir.y, dir.x);
  // Half the quad's width: every pixel centre the fragment shader gives coverage (nearer the segment
  // than max(aHalfWidth, 0.5) + 0.5) lies inside; a wider quad only adds fragments it discards.
  float r = max(aHalfWidth, 0.5) + 0.5;
  // Corners 0 and 1 lie behind a, 2 and 3 beyond b; even corners on the right of a→b.
  vec2 p = (corner < 2 ? a - dir * r : b + dir * r) + n * ((corner % 2 == 0) ? -r : r);
  vA = a;
  vB = b;
  vColor = aColor;
  vHalfWidth = aHalfWidth;
  gl_Position = vec4(p * 2.0 / uViewport, 0.0, 1.0);
}
