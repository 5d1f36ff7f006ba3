// Levels of detail of a large polygon layer (e.g. the synthetic national desa from make_national):
// the shared-arc topology, one level's simplified arcs and fills (1 and N threads), and the first
// and a repeated renderer draw at 3840x2160 of the whole layer. Prints figures; asserts nothing.
// usage: lod_bench [FILE [THREADS]]   (FILE defaults to kbb_desa.shp in $PROKUS_SHARED_GEODATA or
// ../shared/geodata beside the source tree)
#include <epoxy/gl.h>

#include <chrono>
#include <ctime>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "core/layer_io.h"
#include "core/map_document.h"
#include "core/triangulate.h"
#include "render/gl_context.h"
#include "render/map_renderer.h"
#include "core/polygon_topology.h"

using namespace pk;
using Clock = std::chrono::steady_clock;

namespace {
double msSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

// CPU time of this thread: steadier than wall time on a shared machine.
double threadCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}
}  // namespace

int main(int argc, char** argv) {
  const char* geodataEnv = std::getenv("PROKUS_SHARED_GEODATA");
  const std::string geodata =
      geodataEnv ? geodataEnv
                 : (std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "shared/geodata").string();
  const std::string file = argc > 1 ? argv[1] : geodata + "/kbb_desa.shp";
  const unsigned threads = argc > 2 ? static_cast<unsigned>(std::stoi(argv[2])) : 2;
  try {
    initGdal();
    auto t = Clock::now();
    MapDocument doc;
    doc.openFile(file);
    const Layer& layer = *doc.boundary();
    std::printf("lod load: %.1f ms (%zu features)\n", msSince(t), layer.features.size());

    std::vector<const MultiPolygon*> polygons;
    for (const Feature& f : layer.features) polygons.push_back(&f.polygon);
    PolygonTopology topo;
    for (int run = 0; run < 3; ++run) {  // best of 3 counts on a shared machine
      t = Clock::now();
      const double cpu = threadCpuMs();
      topo = PolygonTopology(polygons);
      std::printf("lod topology: %.1f ms (CPU %.1f ms; %zu arcs, %zu vertices)\n", msSince(t),
                  threadCpuMs() - cpu, topo.arcCount(), topo.vertexCount());
    }

    // The level a 3840-pixel-wide view of the whole layer draws (a quarter pixel, rounded down to 2^k/4 m).
    const MapView view = MapView::fit(layer.bbox, 3840, 2160);
    const double tolerance = std::ldexp(0.25, static_cast<int>(std::floor(std::log2(view.metresPerPixel))));
    for (unsigned n : {1u, threads}) {
      t = Clock::now();
      const auto arcs = topo.simplifiedArcs(tolerance, n);
      std::printf("lod simplified arcs, %u thread(s): %.1f ms (tolerance %.0f m, %zu vertices)\n", n,
                  msSince(t), tolerance, arcs.vertices.size());
      if (n != 1) continue;
      t = Clock::now();
      size_t triangles = 0;
      for (size_t i = 0; i < topo.featureCount(); ++i) triangles += triangulate(topo.assemble(i, arcs)).size();
      std::printf("lod assemble + triangulate, 1 thread: %.1f ms (%zu triangles)\n", msSince(t), triangles);
    }

    auto gl = HeadlessGlContext::create();
    MapRenderer renderer;
    renderer.init();
    RenderOptions options;
    options.plain = true;
    for (const char* label : {"first draw (builds the level, or reads it from the layer cache)", "second draw"}) {
      t = Clock::now();
      renderer.drawToImage(doc, view, options);
      std::printf("lod %s 3840x2160: %.1f ms (%ld triangles, %ld segments, %ld exact fallbacks)\n", label, msSince(t),
                  renderer.lastStats().fillTriangles, renderer.lastStats().outlineSegments,
                  renderer.lastStats().exactFallbacks);
    }

    // The window zooming into a level not built yet, at 1920x1080: the frame that waits for the level
    // (as before levels were built off the GL thread, and as exports still do) against the frame that
    // draws the nearest built level while the new one is built, how long until it is shown, and then
    // panning at that level. A window frame is a draw into a framebuffer, finished, not read back.
    const MapView screen = MapView::fit(layer.bbox, 1920, 1080);
    GLuint frameBuffer = 0, colour = 0;
    glGenFramebuffers(1, &frameBuffer);
    glGenRenderbuffers(1, &colour);
    glBindRenderbuffer(GL_RENDERBUFFER, colour);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, screen.widthPx, screen.heightPx);
    glBindFramebuffer(GL_FRAMEBUFFER, frameBuffer);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, colour);
    for (bool provisional : {false, true}) {
      MapRenderer window;
      window.init();
      RenderOptions o = options;
      o.provisionalDetail = provisional;
      auto frame = [&](const MapView& view) {
        glBindFramebuffer(GL_FRAMEBUFFER, frameBuffer);
        window.draw(doc, view, o);
        glFinish();
      };
      frame(screen);
      MapView zoomed = screen;
      zoomed.metresPerPixel /= 4;  // two levels finer
      t = Clock::now();
      frame(zoomed);
      const double first = msSince(t);
      // Frames drawn while the level is built (panning on, as a planner does): the slowest of them.
      double slowestWhileBuilding = 0;
      int framesWhileBuilding = 0;
      while (window.detailPending()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        zoomed.center.x += 2 * zoomed.metresPerPixel;
        const auto f = Clock::now();
        frame(zoomed);
        slowestWhileBuilding = std::max(slowestWhileBuilding, msSince(f));
        ++framesWhileBuilding;
      }
      const double shownAfter = msSince(t);
      std::vector<double> pans;  // a frame is at the mercy of the machine's other work: best and worst
      for (int k = 0; k < 10; ++k) {
        zoomed.center.x += 20 * zoomed.metresPerPixel;
        t = Clock::now();
        frame(zoomed);
        pans.push_back(msSince(t));
      }
      std::sort(pans.begin(), pans.end());
      std::printf("lod zoom into a new level 1920x1080, %s: frame %.1f ms, level shown after %.1f ms "
                  "(%d frames while it was built, the slowest %.1f ms; then pan frames %.1f-%.1f ms, median "
                  "%.1f; the level has %ld triangles, %ld segments)\n",
                  provisional ? "built off the GL thread" : "waiting for it", first, shownAfter,
                  framesWhileBuilding, slowestWhileBuilding, pans.front(), pans.back(), pans[pans.size() / 2],
                  window.lastStats().fillTriangles, window.lastStats().outlineSegments);
    }
    glDeleteRenderbuffers(1, &colour);
    glDeleteFramebuffers(1, &frameBuffer);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lod_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
