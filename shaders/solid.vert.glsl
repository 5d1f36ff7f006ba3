#version 330 core
// Plain coloured triangles (boxes behind notes, legend swatches, scale bars, arrows).
layout(location = 0) in vec2 aPos;
layout(location = 1) in vec4 aColor;
uniform vec2 uScale;
uniform vec2 uTranslate;
uniform vec2 uViewport;
flat out vec4 vColor;
void main() {
  vec2 px = aPos * uScale + uTranslate;
  gl_Position = vec4(px * 2.0 / uViewport, 0.0, 1.0);
  vColor = aColor;
}
