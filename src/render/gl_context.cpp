// Headless GL: EGL on Mesa's surfaceless platform (no X server, no DRM device needed), falling back
// to the default EGL display with a small pbuffer where the surfaceless platform is missing.
#include "render/gl_context.h"

#include <epoxy/egl.h>
#include <epoxy/gl.h>

#include <dlfcn.h>
#include <link.h>

#include <cstdio>
#include <vector>
#include <stdexcept>
#include <string>

namespace pk {

namespace {

std::string eglErrorText(const char* what) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "%s failed (EGL error 0x%04x)", what, static_cast<unsigned>(eglGetError()));
  return buf;
}

EGLDisplay openSurfacelessDisplay() {
  // Client extensions are queried on EGL_NO_DISPLAY; without EGL_EXT_platform_base there is no
  // eglGetPlatformDisplayEXT to call.
  if (!epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_MESA_platform_surfaceless") ||
      !epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_EXT_platform_base"))
    return EGL_NO_DISPLAY;
  return eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
}

struct Attempt {
  EGLDisplay display = EGL_NO_DISPLAY;
  EGLContext context = EGL_NO_CONTEXT;
  EGLSurface surface = EGL_NO_SURFACE;
  std::string problem;
};

// Tries to get a current GL 3.3 core context on `display`. Leaves everything released on failure.
Attempt tryDisplay(EGLDisplay display, bool allowSurfaceless) {
  Attempt a;
  if (display == EGL_NO_DISPLAY) {
    a.problem = "no EGL display";
    return a;
  }
  EGLint major = 0, minor = 0;
  if (!eglInitialize(display, &major, &minor)) {
    a.problem = eglErrorText("eglInitialize");
    return a;
  }
  auto fail = [&](std::string problem) {
    if (a.context != EGL_NO_CONTEXT) eglDestroyContext(display, a.context);
    if (a.surface != EGL_NO_SURFACE) eglDestroySurface(display, a.surface);
    eglTerminate(display);
    a.context = EGL_NO_CONTEXT;
    a.surface = EGL_NO_SURFACE;
    a.problem = std::move(problem);
    return a;
  };
  if (!eglBindAPI(EGL_OPENGL_API)) return fail(eglErrorText("eglBindAPI(OpenGL)"));

  const EGLint configAttribs[] = {EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT,
                                  EGL_RED_SIZE,     8,               EGL_GREEN_SIZE,      8,
                                  EGL_BLUE_SIZE,    8,               EGL_ALPHA_SIZE,      8,
                                  EGL_NONE};
  EGLConfig config = nullptr;
  EGLint count = 0;
  if (!eglChooseConfig(display, configAttribs, &config, 1, &count) || count < 1)
    return fail("no EGL config with OpenGL and pbuffer support");

  const EGLint contextAttribs[] = {EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 3,
                                   EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
                                   EGL_NONE};
  a.context = eglCreateContext(display, config, EGL_NO_CONTEXT, contextAttribs);
  if (a.context == EGL_NO_CONTEXT) return fail(eglErrorText("eglCreateContext(OpenGL 3.3 core)"));

  // We always draw into our own framebuffer objects, so no surface is needed where the display
  // allows that; otherwise a 16x16 pbuffer satisfies eglMakeCurrent.
  bool current = false;
  if (allowSurfaceless && epoxy_has_egl_extension(display, "EGL_KHR_surfaceless_context"))
    current = eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, a.context);
  if (!current) {
    const EGLint pbufferAttribs[] = {EGL_WIDTH, 16, EGL_HEIGHT, 16, EGL_NONE};
    a.surface = eglCreatePbufferSurface(display, config, pbufferAttribs);
    if (a.surface == EGL_NO_SURFACE) return fail(eglErrorText("eglCreatePbufferSurface"));
    if (!eglMakeCurrent(display, a.surface, a.surface, a.context)) return fail(eglErrorText("eglMakeCurrent"));
  }
  if (epoxy_gl_version() < 33) return fail("OpenGL 3.3 is not available (got " +
                                           std::to_string(epoxy_gl_version() / 10) + "." +
                                           std::to_string(epoxy_gl_version() % 10) + ")");
  a.display = display;
  return a;
}

}  // namespace

std::unique_ptr<HeadlessGlContext> HeadlessGlContext::create() {
  Attempt surfaceless = tryDisplay(openSurfacelessDisplay(), true);
  Attempt chosen = surfaceless;
  if (chosen.display == EGL_NO_DISPLAY) {
    Attempt fallback = tryDisplay(eglGetDisplay(EGL_DEFAULT_DISPLAY), true);
    if (fallback.display == EGL_NO_DISPLAY)
      throw std::runtime_error("cannot create a headless OpenGL 3.3 context: surfaceless EGL: " +
                               surfaceless.problem + "; default EGL display: " + fallback.problem);
    chosen = fallback;
  }
  std::unique_ptr<HeadlessGlContext> ctx(new HeadlessGlContext());
  ctx->display_ = chosen.display;
  ctx->context_ = chosen.context;
  ctx->surface_ = chosen.surface;
  return ctx;
}

void keepLoadedLibrariesUntilExit() {
  std::vector<std::string> names;
  dl_iterate_phdr(
      [](dl_phdr_info* info, size_t, void* out) -> int {
        if (info->dlpi_name && info->dlpi_name[0]) static_cast<std::vector<std::string>*>(out)->push_back(info->dlpi_name);
        return 0;
      },
      &names);
  // dlopen only after the iteration: it takes the loader lock that dl_iterate_phdr holds.
  for (const auto& name : names) dlopen(name.c_str(), RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
}

HeadlessGlContext::~HeadlessGlContext() {
  if (!display_) return;
  keepLoadedLibrariesUntilExit();  // before eglTerminate unloads the driver
  eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
  if (context_) eglDestroyContext(display_, context_);
  if (surface_) eglDestroySurface(display_, surface_);
  eglTerminate(display_);
  eglReleaseThread();
}

void HeadlessGlContext::makeCurrent() {
  EGLSurface s = surface_ ? static_cast<EGLSurface>(surface_) : EGL_NO_SURFACE;
  if (!eglMakeCurrent(display_, s, s, static_cast<EGLContext>(context_)))
    throw std::runtime_error(eglErrorText("eglMakeCurrent"));
}

std::string HeadlessGlContext::rendererName() const {
  const auto* r = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  return r ? r : "unknown";
}

}  // namespace pk
