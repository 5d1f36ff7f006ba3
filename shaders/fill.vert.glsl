#version 330 core
// Polygon fill: triangles in map units relative to the layer's origin; one colour per feature,
// looked up in a small RGBA8 texture so that restyling never touches the vertex buffer.
layout(location = 0) in vec2 aPos;
layout(location = 1) in uint aFeature;

uniform vec2 uScale;       // position -> pixels from the viewport centre (y up)
uniform vec2 uTranslate;
uniform vec2 uViewport;    // width, height in pixels
uniform sampler2D uColors;
uniform int uColorsWidth;
uniform int uHover;        // feature to tint, -1 for none
uniform vec4 uHoverTint;   // rgb: tint colour, a: amount
uniform float uOpacity;

flat out vec4 vColor;

void main() {
  vec2 px = aPos * uScale + uTranslate;
  gl_Position = vec4(px * 2.0 / uViewport, 0.0, 1.0);
  int id = int(aFeature);
  vec4 c = texelFetch(uColors, ivec2(id % uColorsWidth, id / uColorsWidth), 0);
  if (id == uHover) c.rgb = mix(c.rgb, uHoverTint.rgb, uHoverTint.a);
  c.a *= uOpacity;
  vColor = c;
}
