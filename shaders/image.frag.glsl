#version 330 core
// The texture holds premultiplied alpha (so filtering does not darken transparent edges); the
// renderer blends straight alpha, so divide it out again.
in vec2 vUv;
uniform sampler2D uImage;
uniform float uOpacity;
out vec4 fragColor;
void main() {
  vec4 p = texture(uImage, vUv);
  float a = p.a * uOpacity;
  if (a <= 0.0) discard;
  fragColor = vec4(p.rgb / max(p.a, 1e-6), a);
}
