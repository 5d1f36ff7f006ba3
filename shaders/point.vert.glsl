#version 330 core
// Round point symbols, one instance per point: centre in map or screen space, radius in pixels
// (times uRadiusScale, so circles of a ground radius can pass metres), fill and stroke.
layout(location = 0) in vec2 aCenter;
layout(location = 1) in float aRadius;
layout(location = 2) in vec4 aFill;
layout(location = 3) in vec4 aStroke;
layout(location = 4) in float aStrokeWidth;  // pixels

uniform vec2 uScale;
uniform vec2 uTranslate;
uniform vec2 uViewport;
uniform float uRadiusScale;

flat out vec2 vCenter;
flat out float vRadius;
flat out vec4 vFill;
flat out vec4 vStroke;
flat out float vStrokeWidth;

void main() {
  vec2 c = aCenter * uScale + uTranslate;
  float radius = aRadius * uRadiusScale;
  float r = radius + aStrokeWidth * 0.5 + 1.0;
  vec2 corner = vec2((gl_VertexID % 2 == 0) ? -r : r, (gl_VertexID < 2) ? -r : r);
  vCenter = c;
  vRadius = radius;
  vFill = aFill;
  vStroke = aStroke;
  vStrokeWidth = aStrokeWidth;
  gl_Position = vec4((c + corner) * 2.0 / uViewport, 0.0, 1.0);
}
