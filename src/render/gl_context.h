// A headless OpenGL 3.3 core context: EGL surfaceless (Mesa) first, then an EGL pbuffer on the
// default display. Needs no X server and no DISPLAY.
#pragma once
#include <memory>
#include <string>

namespace pk {

// Pins every loaded shared library (RTLD_NODELETE) so that the GL driver, unloaded when its
// context goes, keeps its symbols: LeakSanitizer can then name Mesa's own small leaks for the
// suppressions file instead of reporting an "<unknown module>".
void keepLoadedLibrariesUntilExit();

class HeadlessGlContext {
 public:
  // Creates and makes current a context. Throws std::runtime_error saying what is missing.
  static std::unique_ptr<HeadlessGlContext> create();
  ~HeadlessGlContext();
  void makeCurrent();
  std::string rendererName() const;  // GL_RENDERER, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)"
 private:
  HeadlessGlContext() = default;
  void* display_ = nullptr;
  void* context_ = nullptr;
  void* surface_ = nullptr;
};

}  // namespace pk
