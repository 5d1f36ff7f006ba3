#version 330 core
// Anti-aliased line segments, one instance per segment (or four indexed vertices per segment): a quad around the segment, widened by the
// half width plus one pixel for the soft edge; the fragment shader measures the distance.
layout(location = 0) in vec2 aP0;
layout(location = 1) in vec2 aP1;
layout(location = 2) in vec4 aColor;
layout(location = 3) in float aHalfWidth;  // pixels

uniform vec2 uScale;
uniform vec2 uTranslate;
uniform vec2 uViewport;

flat out vec2 vA;
flat out vec2 vB;
flat out vec4 vColor;
flat out float vHalfWidth;

void main() {
  vec2 a = aP0 * uScale + uTranslate;
  vec2 b = aP1 * uScale + uTranslate;
  vec2 d = b - a;
  float len = length(d);
  vec2 dir = len > 1e-4 ? d / len : vec2(1.0, 0.0);
  vec2 n = vec2(-dir.y, dir.x);
  float r = max(aHalfWidth, 0.5) + 1.0;
  // Corner 0..3 of the quad: instanced draws give it directly, indexed draws of static outlines
  // (four vertices per segment) as the vertex index modulo 4.
  int corner = gl_VertexID % 4;
  vec2 p = (corner < 2 ? a - dir * r : b + dir * r) + n * ((corner % 2 == 0) ? -r : r);
  vA = a;
  vB = b;
  vColor = aColor;
  vHalfWidth = aHalfWidth;
  gl_Position = vec4(p * 2.0 / uViewport, 0.0, 1.0);
}
