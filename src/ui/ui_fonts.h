// Fonts and style for the dashboard: DejaVu Sans sized by the UI scale (the monitor's content scale
// unless the planner chose one), so text stays readable on HiDPI screens.
#pragma once

struct ImFont;

namespace pk {

// Rebuilds the font atlas and the style for `uiScale`. Call between frames; `backendReady` says whether
// the OpenGL backend already holds a font texture that must be replaced. Returns false (and falls back
// to ImGui's built-in font) if the DejaVu files are missing.
bool rebuildFontsAndStyle(float uiScale, bool backendReady);

// The bold face for headings (the regular font when no bold file was found).
ImFont* boldFont();

}  // namespace pk
