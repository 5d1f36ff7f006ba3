// Export benchmark (issue 5): an A3 300-dpi export (4961x3508) of the demo project with its
// furniture, split into loading, furniture layout, drawing + readback, and writing each format.
// Prints figures; asserts nothing. The target is under 2 s for the PNG export.
// usage: export_bench [PROJECT] [OUT_DIR] [REPEATS]
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <string>

#include "core/export_preset.h"
#include "core/layer_io.h"
#include "core/map_document.h"
#include "core/project_file.h"
#include "core/raster_export.h"
#include "render/gl_context.h"
#include "render/map_export.h"
#include "render/map_renderer.h"

using namespace pk;
using Clock = std::chrono::steady_clock;

namespace {
double msSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }
}  // namespace

int main(int argc, char** argv) {
  const std::filesystem::path source = std::filesystem::path(__FILE__).parent_path().parent_path();
  const std::string project = argc > 1 ? argv[1] : (source / "geodata/demo.prokus.json").string();
  const std::filesystem::path outDir = argc > 2 ? argv[2] : std::filesystem::temp_directory_path();
  const int repeats = argc > 3 ? std::max(1, std::atoi(argv[3])) : 3;
  try {
    initGdal();
    auto t = Clock::now();
    MapDocument doc = loadProject(project);
    const double loadMs = msSince(t);
    t = Clock::now();
    auto gl = HeadlessGlContext::create();
    MapRenderer renderer;
    renderer.init();
    const double glMs = msSince(t);

    const double dpi = 300;
    const PixelSize size = paperPixels(Paper::A3, dpi, /*landscape=*/true);
    std::printf("export_bench: %s, A3 landscape %d dpi = %dx%d, %s\n", project.c_str(), int(dpi), size.width,
                size.height, gl->rendererName().c_str());
    std::printf("load project:                 %8.1f ms\n", loadMs);
    std::printf("GL context + shaders:         %8.1f ms\n", glMs);

    // Best of the runs: furniture, draw, then writing PNG, JPEG, GeoTIFF, PDF.
    double best[6] = {1e300, 1e300, 1e300, 1e300, 1e300, 1e300};
    const char* formats[] = {"png", "jpg", "tif", "pdf"};
    for (int run = 0; run < repeats; ++run) {
      t = Clock::now();
      const MapView view = fitDocumentView(doc, size.width, size.height, float(dpi / 72), true);
      FurnitureFrame furniture;
      buildDocumentFurniture(doc, view, furniture);
      const double furnitureMs = msSince(t);
      RenderOptions options;
      options.furniture = &furniture.list;
      options.schematicNote = false;
      t = Clock::now();
      const RgbaImage image = renderImageTiled(renderer, doc, view, options);
      const double drawMs = msSince(t);
      const ExportMetadata meta = exportMetadataFor(doc, dpi);
      double writeMs[4];
      for (int f = 0; f < 4; ++f) {
        t = Clock::now();
        writeGeoreferencedImage(image, view, *doc.projection, (outDir / (std::string("export_bench.") + formats[f])).string(),
                                meta);
        writeMs[f] = msSince(t);
      }
      best[0] = std::min(best[0], furnitureMs);
      best[1] = std::min(best[1], drawMs);
      for (int f = 0; f < 4; ++f) best[2 + f] = std::min(best[2 + f], writeMs[f]);
      if (run == 0) std::printf("(run 1: PNG export %.1f ms)\n", furnitureMs + drawMs + writeMs[0]);
    }
    std::printf("best of %d runs:\n", repeats);
    std::printf("furniture layout:             %8.1f ms\n", best[0]);
    std::printf("draw + readback:              %8.1f ms\n", best[1]);
    std::printf("write PNG (+ .pgw, .aux.xml): %8.1f ms\n", best[2]);
    std::printf("write JPEG:                   %8.1f ms\n", best[3]);
    std::printf("write GeoTIFF:                %8.1f ms\n", best[4]);
    std::printf("write PDF page:               %8.1f ms\n", best[5]);
    std::printf("A3 300-dpi PNG export total:  %8.1f ms (target < 2000 ms)  -> %s\n", best[0] + best[1] + best[2],
                (outDir / "export_bench.png").string().c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "export_bench: %s\n", e.what());
    return 1;
  }
}
