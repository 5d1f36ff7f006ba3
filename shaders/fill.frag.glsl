#version 330 core
// Interiors are one exact flat colour: no anti-aliasing here (the outline covers the edges).
flat in vec4 vColor;
out vec4 fragColor;
void main() { fragColor = vColor; }
