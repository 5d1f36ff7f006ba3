// Draws the map area: pk::MapRenderer renders into an offscreen framebuffer the size of the map area
// (its viewport starts at 0,0), which is then copied into the window at the map area's place.
#include <epoxy/gl.h>

#include "render/map_renderer.h"
#include "ui/dashboard.h"

namespace pk {

MapFramebuffer::~MapFramebuffer() {
  // GL objects must go while the context is current; runDashboard calls release() for that.
}

void MapFramebuffer::release() {
  if (fbo_) glDeleteFramebuffers(1, &fbo_);
  if (color_) glDeleteRenderbuffers(1, &color_);
  if (depthStencil_) glDeleteRenderbuffers(1, &depthStencil_);
  fbo_ = color_ = depthStencil_ = 0;
  width_ = height_ = 0;
}

void MapFramebuffer::drawMap(DashboardState& state, int windowFramebufferHeight) {
  const int w = state.view.widthPx, h = state.view.heightPx;
  if (!state.renderer || w <= 0 || h <= 0) return;
  if (w != width_ || h != height_ || !fbo_) {
    release();
    glGenFramebuffers(1, &fbo_);
    glGenRenderbuffers(1, &color_);
    glGenRenderbuffers(1, &depthStencil_);
    glBindRenderbuffer(GL_RENDERBUFFER, color_);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, w, h);
    glBindRenderbuffer(GL_RENDERBUFFER, depthStencil_);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH24_STENCIL8, w, h);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, color_);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER, depthStencil_);
    if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
      release();
      glBindFramebuffer(GL_FRAMEBUFFER, 0);
      return;
    }
    width_ = w;
    height_ = h;
  }

  glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
  RenderOptions options;
  MapComposition composition;  // alive until the map is drawn
  if (state.viewValid) {
    composeMap(state, state.view, MapTarget::Window, composition, options);
    options.provisionalDetail = state.provisionalDetail;
    state.renderer->draw(state.doc, state.view, options);
  } else {
    // Nothing opened yet: the map area stays the renderer's background colour.
    glViewport(0, 0, w, h);
    glClearColor(options.background.r / 255.0f, options.background.g / 255.0f, options.background.b / 255.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
  }

  // Window framebuffer rows count from the bottom.
  const int dstX = state.mapFramebufferX;
  const int dstY = windowFramebufferHeight - (state.mapFramebufferY + h);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo_);
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
  glDisable(GL_SCISSOR_TEST);
  glBlitFramebuffer(0, 0, w, h, dstX, dstY, dstX + w, dstY + h, GL_COLOR_BUFFER_BIT, GL_NEAREST);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

}  // namespace pk
