#version 330 core
// The texture holds premultiplied alpha (so filtering does not darken transparent edges); the
// renderer blends straight alpha, so divide it out again.
// The fragment's position comes from gl_FragCoord (exact pixel centres), not an interpolated
// varying, so a tile of a tiled export computes exactly what the whole image does at that pixel.
uniform vec4 uRect;            // x0, y0 (top-left), x1, y1 in the image's pixels, y down
uniform vec2 uWindowToScreen;  // window x + this.x = image x; this.y - window y = image y
uniform bool uFlipV;           // textures rendered through a framebuffer hold their top row last
uniform sampler2D uImage;
uniform float uOpacity;
out vec4 fragColor;
void main() {
  vec2 screen = vec2(gl_FragCoord.x + uWindowToScreen.x, uWindowToScreen.y - gl_FragCoord.y);
  vec2 t = (screen - uRect.xy) / (uRect.zw - uRect.xy);
  vec2 uv = uFlipV ? vec2(t.x, 1.0 - t.y) : t;  // uploaded images: texture row 0 is the top row
  vec4 p = texture(uImage, uv);
  float a = p.a * uOpacity;
  if (a <= 0.0) discard;
  fragColor = vec4(p.rgb / max(p.a, 1e-6), a);
}
