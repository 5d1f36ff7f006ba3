#version 330 core
// Glyph quads from the SDF atlas, in screen pixels.
layout(location = 0) in vec2 aPos;
layout(location = 1) in vec2 aUv;
layout(location = 2) in vec4 aColor;
layout(location = 3) in vec4 aHalo;
layout(location = 4) in vec2 aParams;  // x: screen pixels per atlas pixel, y: halo width in pixels
uniform vec2 uScale;
uniform vec2 uTranslate;
uniform vec2 uViewport;
flat out vec2 vPx0;  // this vertex (the provoking one gives the triangle its corner) and its atlas position
flat out vec2 vUv0;
flat out vec4 vColor;
flat out vec4 vHalo;
flat out vec2 vParams;
void main() {
  vec2 px = aPos * uScale + uTranslate;
  gl_Position = vec4(px * 2.0 / uViewport, 0.0, 1.0);
  vPx0 = px;
  vUv0 = aUv;
  vColor = aColor;
  vHalo = aHalo;
  vParams = aParams;
}
