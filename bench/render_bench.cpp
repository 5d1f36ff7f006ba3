// Renderer benchmark: load + project + triangulate the 166 real desa, frame time at 1920x1080, and
// a 3840x2160 snapshot split into draw, readback and PNG write. Prints figures; asserts nothing.
// usage: render_bench [GEODATA_DIR] [OUT_DIR]
#include <epoxy/gl.h>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "core/layer_io.h"
#include "core/map_document.h"
#include "core/raster_export.h"
#include "core/triangulate.h"
#include "render/gl_context.h"
#include "render/map_renderer.h"

using namespace pk;
using Clock = std::chrono::steady_clock;

namespace {
double msSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

// CPU time of the whole process (llvmpipe's rasterizer threads included): on a loaded machine this
// is steadier than wall time, and on an idle one wall time is about CPU time / threads used.
double cpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

// Mean wall and CPU milliseconds of `frames` calls of `frame` (each ends with glFinish).
template <class F>
void timeFrames(const char* label, int frames, F&& frame) {
  const double cpu0 = cpuMs();
  const auto t = Clock::now();
  for (int i = 0; i < frames; ++i) {
    frame(i);
    glFinish();
  }
  std::printf("%-36s%8.2f ms  (CPU %6.2f ms)\n", label, msSince(t) / frames, (cpuMs() - cpu0) / frames);
}
}  // namespace

int main(int argc, char** argv) {
  // Default: ../shared/geodata beside the source tree (this file is SOURCE/bench/render_bench.cpp).
  const std::string geodata =
      argc > 1 ? argv[1]
               : (std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "shared/geodata").string();
  const std::filesystem::path outDir = argc > 2 ? argv[2] : std::filesystem::temp_directory_path();
  try {
    initGdal();
    auto t = Clock::now();
    MapDocument doc;
    doc.openFile(geodata + "/kbb_desa.shp");
    const double loadMs = msSince(t);
    const Layer& desa = *doc.boundary();
    t = Clock::now();
    size_t triangles = 0;
    for (const auto& f : desa.features) triangles += triangulate(f.polygon).size();
    const double triMs = msSince(t);
    std::printf("desa features: %zu, triangles: %zu\n", desa.features.size(), triangles);
    std::printf("load + project (GDAL/PROJ):         %8.1f ms\n", loadMs);
    std::printf("triangulate (GEOS):                 %8.1f ms\n", triMs);

    t = Clock::now();
    auto gl = HeadlessGlContext::create();
    MapRenderer renderer;
    renderer.init();
    std::printf("GL context + shaders:               %8.1f ms  (%s)\n", msSince(t), gl->rendererName().c_str());

    // Window-sized frames into an offscreen framebuffer (as the window draws into its own).
    MapView view = MapView::fit(doc.dataExtent(), 1920, 1080);
    GLuint fbo = 0, rb = 0;
    glGenFramebuffers(1, &fbo);
    glGenRenderbuffers(1, &rb);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glBindRenderbuffer(GL_RENDERBUFFER, rb);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, 1920, 1080);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, rb);
    RenderOptions options;
    options.hoverFeature = 10;
    options.selectedFeature = 20;
    t = Clock::now();
    renderer.draw(doc, view, options);
    glFinish();
    std::printf("first frame 1920x1080 (builds VBOs): %7.1f ms\n", msSince(t));
    const int frames = 30;
    timeFrames("frame 1920x1080 (zooming, mean):", frames, [&](int i) {
      view.zoomAt({960, 540}, i % 2 ? 1.01 : 1 / 1.01);
      renderer.draw(doc, view, options);
    });
    {
      const RenderStats& s = renderer.lastStats();
      std::printf("  level of detail %.2f m: %ld fill triangles, %ld outline segments, %ld exact fallbacks\n",
                  s.detailTolerance, s.fillTriangles, s.outlineSegments, s.exactFallbacks);
    }
    RenderOptions plainOptions;
    plainOptions.plain = true;
    timeFrames("  of which polygons only (--plain):", frames, [&](int) { renderer.draw(doc, view, plainOptions); });
    {
      // Split fills from outlines by hiding one, then the other.
      Layer& layer = *doc.boundary();
      const LayerStyle saved = layer.style;
      layer.style.outlineWidthPt = 0;
      timeFrames("  fills only:", frames, [&](int) { renderer.draw(doc, view, plainOptions); });
      layer.style = saved;
      layer.style.fillOpacity = 0;
      timeFrames("  outlines only:", frames, [&](int) { renderer.draw(doc, view, plainOptions); });
      layer.style = saved;
    }
    {
      // The window's idle frames: only the hover changes, layers come from the cache.
      RenderOptions cached = options;
      cached.cacheLayers = true;
      renderer.draw(doc, view, cached);
      timeFrames("frame 1920x1080, hover change only:", frames, [&](int i) {
        cached.hoverFeature = 10 + i % 7;
        renderer.draw(doc, view, cached);
      });
      std::printf("  layers from cache: %s\n", renderer.lastStats().layersFromCache ? "yes" : "no");
      timeFrames("frame 1920x1080, zooming, cache on:", frames, [&](int i) {
        view.zoomAt({960, 540}, i % 2 ? 1.01 : 1 / 1.01);
        renderer.draw(doc, view, cached);
      });
    }
    renderer.setLevelsOfDetail(false);
    renderer.draw(doc, view, options);  // builds the exact level outside the timing
    timeFrames("frame 1920x1080, exact geometry:", frames, [&](int) { renderer.draw(doc, view, options); });
    std::printf("  %ld fill triangles, %ld outline segments\n", renderer.lastStats().fillTriangles,
                renderer.lastStats().outlineSegments);
    renderer.setLevelsOfDetail(true);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glDeleteFramebuffers(1, &fbo);
    glDeleteRenderbuffers(1, &rb);

    // 3840x2160 snapshot: draw + readback, then the georeferenced PNG. The first one builds its
    // level of detail (as a CLI snapshot does), the second reuses it.
    const MapView big = MapView::fit(doc.dataExtent(), 3840, 2160);
    RenderOptions snap;
    t = Clock::now();
    double cpu0 = cpuMs();
    renderToImage(renderer, doc, big, snap);
    std::printf("snapshot 3840x2160 first (builds level): %5.1f ms  (CPU %6.1f ms)\n", msSince(t), cpuMs() - cpu0);
    t = Clock::now();
    cpu0 = cpuMs();
    RgbaImage image = renderToImage(renderer, doc, big, snap);
    const double drawMs = msSince(t), drawCpuMs = cpuMs() - cpu0;
    {
      // Where the time goes: the draw alone, then reading the pixels back in two formats.
      GLuint fbo = 0, rb = 0;
      glGenFramebuffers(1, &fbo);
      glGenRenderbuffers(1, &rb);
      glBindFramebuffer(GL_FRAMEBUFFER, fbo);
      glBindRenderbuffer(GL_RENDERBUFFER, rb);
      glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, 3840, 2160);
      glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, rb);
      timeFrames("  draw only:", 3, [&](int) { renderer.draw(doc, big, snap); });
      std::vector<unsigned char> pixels(size_t(3840) * 2160 * 4);
      glPixelStorei(GL_PACK_ALIGNMENT, 4);
      timeFrames("  glReadPixels RGBA:", 3, [&](int) {
        glReadPixels(0, 0, 3840, 2160, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
      });
      timeFrames("  glReadPixels BGRA:", 3, [&](int) {
        glReadPixels(0, 0, 3840, 2160, GL_BGRA, GL_UNSIGNED_BYTE, pixels.data());
      });
      glBindFramebuffer(GL_FRAMEBUFFER, 0);
      glDeleteFramebuffers(1, &fbo);
      glDeleteRenderbuffers(1, &rb);
    }
    const std::string out = (outDir / "render_bench_3840x2160.png").string();
    t = Clock::now();
    writeGeoreferencedImage(image, big, *doc.projection, out);
    const double writeMs = msSince(t);
    std::printf("snapshot 3840x2160 draw + readback: %8.1f ms  (CPU %6.1f ms)\n", drawMs, drawCpuMs);
    std::printf("snapshot 3840x2160 PNG + sidecars:  %8.1f ms  (%.1f MB, %s)\n", writeMs,
                std::filesystem::file_size(out) / 1e6, out.c_str());
    std::printf("snapshot 3840x2160 total:           %8.1f ms\n", drawMs + writeMs);

    // A showcase for looking at: hover, selection and the schematic note at window size.
    doc.schematicBoundaries = true;
    const MapView win = MapView::fit(doc.dataExtent(), 1920, 1080);
    const std::string showcase = (outDir / "render_bench_showcase.png").string();
    writeGeoreferencedImage(renderToImage(renderer, doc, win, options), win, *doc.projection, showcase);
    std::printf("showcase (hover, selection, note):  %s\n", showcase.c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "render_bench: %s\n", e.what());
    return 1;
  }
}
