#version 330 core
// One textured quad in screen space (DrawList images, e.g. the heatmap): corners from gl_VertexID,
// so no vertex buffer is needed.
uniform vec4 uRect;  // x0, y0 (top-left), x1, y1 in pixels, y down
uniform vec2 uViewport;
uniform bool uFlipV;  // textures rendered through a framebuffer hold their top row last
void main() {
  vec2 t = vec2((gl_VertexID % 2 == 0) ? 0.0 : 1.0, (gl_VertexID < 2) ? 0.0 : 1.0);
  vec2 px = mix(uRect.xy, uRect.zw, t);
  vec2 ndc = vec2(px.x * 2.0 / uViewport.x - 1.0, 1.0 - px.y * 2.0 / uViewport.y);
  gl_Position = vec4(ndc, 0.0, 1.0);
}
