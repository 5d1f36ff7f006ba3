#version 330 core
// Small round symbols as point sprites, one vertex each (DrawList markers): the same look as
// point.vert/point.frag circles at a fraction of the per-primitive cost on software GL.
layout(location = 0) in vec2 aCenter;
layout(location = 1) in float aRadius;
layout(location = 2) in vec4 aFill;
layout(location = 3) in vec4 aStroke;
layout(location = 4) in float aStrokeWidth;  // pixels

uniform vec2 uScale;
uniform vec2 uTranslate;
uniform vec2 uViewport;

flat out vec2 vCenter;  // centred pixels, y up (as uWindowToPx)
flat out float vRadius;
flat out float vHalfSize;
flat out vec4 vFill;
flat out vec4 vStroke;
flat out float vStrokeWidth;

void main() {
  vec2 c = aCenter * uScale + uTranslate;
  float halfSize = aRadius + aStrokeWidth * 0.5 + 1.0;
  gl_PointSize = 2.0 * halfSize;
  vCenter = c;
  vRadius = aRadius;
  vHalfSize = halfSize;
  vFill = aFill;
  vStroke = aStroke;
  vStrokeWidth = aStrokeWidth;
  gl_Position = vec4(c * 2.0 / uViewport, 0.0, 1.0);
}
