#version 330 core
// Exact copy, texel for pixel: the cache has the framebuffer's size.
uniform sampler2D uImage;
out vec4 fragColor;
void main() { fragColor = texelFetch(uImage, ivec2(gl_FragCoord.xy), 0); }
