// Overlay benchmark (issue 3: 20 frames per second or more at 1280x720 with 100,000 points on the
// software renderer). 100,000 generated beneficiaries in the real kecamatan with 300 mentors, all
// overlays on (density choropleth, business points + pies, mentor lines/circles/uncovered, heatmap),
// panning frame by frame as the window does: overlay build + draw + glFinish. Also the one-off costs
// (indicators, heatmap grid) and each overlay alone. Prints figures and writes a PNG; asserts nothing.
// usage: overlay_bench [GEODATA_DIR] [OUT_DIR] [POINTS]
#include <epoxy/gl.h>

#include <time.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "core/layer_io.h"
#include "core/map_document.h"
#include "core/raster_export.h"
#include "core/spatial_index.h"
#include "render/gl_context.h"
#include "render/map_renderer.h"
#include "render/overlays.h"

using namespace pk;
using Clock = std::chrono::steady_clock;

namespace {

double msSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }
// CPU time of the whole process (llvmpipe's threads included): a figure the other jobs on a shared
// machine disturb less than wall time.
double cpuMs() {
  timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

// Clustered points inside the boundary: 60% around 40 village centres, the rest uniform.
std::shared_ptr<OverlayData> generate(const Layer& boundary, size_t points, size_t mentors) {
  std::mt19937_64 rng(20240611);
  const PolygonIndex index(boundary);
  const BBox b = boundary.bbox;
  std::uniform_real_distribution<double> ux(b.minx, b.maxx), uy(b.miny, b.maxy);
  auto inside = [&](Vec2& p, int& poly) {
    poly = index.find(p);
    return poly >= 0;
  };
  auto d = std::make_shared<OverlayData>();
  d->beneficiaries.categoryNames = {"Makanan dan minuman", "Warung/toko kelontong", "Kerajinan",
                                    "Pertanian dan peternakan", "Jasa", "Fashion/konveksi", "Lainnya"};
  d->categoryKeys = {"makanan_minuman", "warung_kelontong", "kerajinan", "pertanian_peternakan", "jasa",
                     "fashion_konveksi", "lainnya"};
  d->hasMentors = true;
  for (size_t m = 0; m < mentors; ++m) {
    Vec2 p;
    int poly;
    do p = {ux(rng), uy(rng)}; while (!inside(p, poly));
    d->mentors.add(poly, p, false, 0, 400);
  }
  d->mentors.organisationNames = {"Inkubator"};
  std::vector<Vec2> centres;
  while (centres.size() < 40) {
    Vec2 p{ux(rng), uy(rng)};
    int poly;
    if (inside(p, poly)) centres.push_back(p);
  }
  std::normal_distribution<double> spread(0, 1200);
  std::uniform_int_distribution<int> cat(0, 6), centre(0, 39);
  // Each family is assigned its nearest mentor, as programmes do (so lines are local, not random).
  const NearestPointIndex nearestMentor(d->mentors.position);
  std::uniform_real_distribution<double> u(0, 1);
  d->beneficiaries.reserve(points);
  while (d->beneficiaries.size() < points) {
    Vec2 p;
    if (u(rng) < 0.6) {
      const Vec2 c = centres[size_t(centre(rng))];
      p = {c.x + spread(rng), c.y + spread(rng)};
    } else {
      p = {ux(rng), uy(rng)};
    }
    // Some households share coordinates (a village centre): exercise the spreading.
    if (u(rng) < 0.05) p = centres[size_t(centre(rng))];
    int poly;
    if (!inside(p, poly)) continue;
    d->beneficiaries.add(poly, p, cat(rng), u(rng) < 0.7 ? 2020 : 2021, -1, 3.5e6, nearestMentor.nearest(p));
  }
  return d;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string geodata =
      argc > 1 ? argv[1]
               : (std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "shared/geodata").string();
  const std::filesystem::path outDir = argc > 2 ? argv[2] : std::filesystem::temp_directory_path();
  const size_t points = argc > 3 ? std::stoul(argv[3]) : 100000;
  try {
    initGdal();
    MapDocument doc;
    doc.openFile(geodata + "/kbb_kecamatan.shp");
    auto t = Clock::now();
    auto data = generate(*doc.boundary(), points, 300);
    std::printf("generated %zu beneficiaries, %zu mentors in %.0f ms\n", data->beneficiaries.size(),
                data->mentors.size(), msSince(t));

    auto gl = HeadlessGlContext::create();
    MapRenderer renderer;
    renderer.init();
    std::printf("renderer: %s\n", gl->rendererName().c_str());
    const int W = 1280, H = 720;
    GLuint fbo = 0, rb = 0;
    glGenFramebuffers(1, &fbo);
    glGenRenderbuffers(1, &rb);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glBindRenderbuffer(GL_RENDERBUFFER, rb);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, W, H);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, rb);

    // Frames as the window draws them while panning (symbols cached as a texture) or, with
    // cacheForPanning off, as an export draws them (every symbol every frame).
    auto runFrames = [&](const char* name, const OverlaySettings& settings, bool cache) {
      OverlayBuilder builder;
      builder.setData(data);
      builder.setSettings(settings);
      OverlayBuildOptions bo;
      bo.cacheForPanning = cache;
      builder.setOptions(bo);
      OverlayFrame frame;
      MapView view = MapView::fit(doc.dataExtent(), W, H);
      view.pixelsPerPoint = 96.0f / 72.0f;
      auto t0 = Clock::now();
      builder.build(doc, view, frame);
      const double firstBuild = msSince(t0);
      RenderOptions o;
      frame.applyTo(o);
      t0 = Clock::now();
      renderer.draw(doc, view, o);
      glFinish();
      const double firstDraw = msSince(t0);
      const int frames = 15;
      double buildMs = 0, drawMs = 0;
      const double cpu0 = cpuMs();
      for (int i = 0; i < frames; ++i) {
        view.panByPixels({i % 2 ? 7.0 : -7.0, 3.0});
        auto a = Clock::now();
        builder.build(doc, view, frame);
        buildMs += msSince(a);
        RenderOptions opts;
        frame.applyTo(opts);
        auto b = Clock::now();
        renderer.draw(doc, view, opts);
        glFinish();
        drawMs += msSince(b);
      }
      const double cpuPerFrame = (cpuMs() - cpu0) / frames;
      // A zoom step: everything is rebuilt and redrawn at the new scale.
      view.zoomAt({W / 2.0, H / 2.0}, 1.25);
      t0 = Clock::now();
      builder.build(doc, view, frame);
      RenderOptions zo;
      frame.applyTo(zo);
      renderer.draw(doc, view, zo);
      glFinish();
      const double zoomMs = msSince(t0);
      const double frameMs = (buildMs + drawMs) / frames;
      std::printf("%-36s %s | first %6.0f+%6.0f ms | pan frame: build %6.2f + draw %7.2f = %7.2f ms wall "
                  "(%5.1f fps), %6.1f ms CPU | zoom step %6.0f ms\n",
                  name, cache ? "window" : "export", firstBuild, firstDraw, buildMs / frames, drawMs / frames, frameMs,
                  1000.0 / frameMs, cpuPerFrame, zoomMs);
    };

    OverlaySettings none;
    none.choropleth = none.business = none.mentors = none.heatmap = false;
    OverlaySettings s = none;
    s.choropleth = true;
    runFrames("density choropleth", s, true);
    s = none;
    s.business = true;
    runFrames("business points + pies", s, true);
    s = none;
    s.mentors = true;
    runFrames("mentors (lines, circles, uncovered)", s, true);
    s = none;
    s.heatmap = true;
    runFrames("heatmap (2 km)", s, true);
    OverlaySettings all;
    all.choropleth = all.business = all.mentors = all.heatmap = true;
    runFrames("ALL overlays", all, true);
    runFrames("ALL overlays", all, false);

    // A snapshot of everything, to look at.
    OverlayBuilder builder;
    builder.setData(data);
    builder.setSettings(all);
    OverlayFrame frame;
    const MapView view = MapView::fit(doc.dataExtent(), W, H);
    builder.build(doc, view, frame);
    RenderOptions o;
    frame.applyTo(o);
    const RgbaImage img = renderToImage(renderer, doc, view, o);
    const std::string png = (outDir / "overlay_bench_all.png").string();
    writeGeoreferencedImage(img, view, *doc.projection, png, true);
    std::printf("wrote %s\n", png.c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "overlay_bench: %s\n", e.what());
    return 1;
  }
}
