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
out vec2 vUv;
flat out vec4 vColor;
flat out vec4 vHalo;
flat out vec2 vParams;
void main() {
  vec2 px = aPos * uScale + uTranslate;
  gl_Position = vec4(px * 2.0 / uViewport, 0.0, 1.0);
  vUv = aUv;
  vColor = aColor;
  vHalo = aHalo;
  vParams = aParams;
}
