#version 330 core
// Polygon fill: triangles in map units relative to the layer's origin, each vertex with its feature's
// colour (a buffer of its own, rewritten when the colours change, so restyling never touches the
// positions).
layout(location = 0) in vec2 aPos;
layout(location = 1) in vec4 aColor;  // normalised RGBA8

uniform vec2 uScale;       // position -> pixels from the viewport centre (y up)
uniform vec2 uTranslate;
uniform vec2 uViewport;    // width, height in pixels
uniform float uOpacity;

flat out vec4 vColor;

void main() {
  vec2 px = aPos * uScale + uTranslate;
  gl_Position = vec4(px * 2.0 / uViewport, 0.0, 1.0);
  vColor = vec4(aColor.rgb, aColor.a * uOpacity);
}
