// `prokus-map render INPUT -o OUT [--size WxH] [--plain] [--beneficiaries FILE] [--mentors FILE]
// [--radius-km R] [--overlay density|business|mentors|heatmap]...`: the headless snapshot through the
// same renderer and overlay builder as the window, with a world file and the CRS in GDAL's sidecar.
// A project INPUT brings its programme data ("programme") and overlays ("overlays"); flags override.
#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "app/cli.h"
#include "core/layer_io.h"
#include "core/overlay_settings.h"
#include "core/programme_project.h"
#include "core/map_document.h"
#include "core/project_file.h"
#include "core/raster_export.h"
#include "render/gl_context.h"
#include "render/map_renderer.h"
#include "render/overlays.h"

namespace pk {

namespace {

constexpr int kMaxImageSide = 16384;

bool endsWith(const std::string& s, const std::string& suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[s.size() - suffix.size() + i])) != suffix[i]) return false;
  return true;
}

bool isProjectPath(const std::string& path) { return endsWith(path, ".prokus.json"); }

const char* kindWord(GeometryKind k) {
  switch (k) {
    case GeometryKind::Polygon: return "polygons";
    case GeometryKind::Line: return "lines";
    case GeometryKind::Point: return "points";
  }
  return "features";
}

int badInput(const std::string& message) {
  std::fprintf(stderr, "prokus-map render: %s\n", message.c_str());
  return kExitBadInput;
}

}  // namespace

int runRenderVerb(int argc, char** argv) {
  CLI::App app{"Write a georeferenced map snapshot (PNG with world file and CRS sidecar); needs no display.",
               "prokus-map render"};
  std::string input, output, size = "1920x1080";
  bool plain = false;
  std::string beneficiaries, mentors;
  double radiusKm = 0, bandwidthKm = 0;
  std::vector<std::string> overlays;
  app.add_option("INPUT", input, "boundary file (Shapefile, GeoPackage, GeoJSON, FlatGeobuf, KML) or a .prokus.json project")
      ->required();
  app.add_option("-o,--output", output, "image to write (.png); a world file and a .aux.xml are written beside it")
      ->required();
  app.add_option("--size", size, "exact image size in pixels, WIDTHxHEIGHT (default 1920x1080)");
  app.add_flag("--plain", plain, "polygons and outlines only: no labels, notes, overlays or furniture (for GIS use and checks)");
  app.add_option("--beneficiaries", beneficiaries, "beneficiary (KPM) list to map: CSV, XLSX, ODS, GPKG, GeoJSON");
  app.add_option("--mentors", mentors, "mentor list (for the mentors overlay and coverage)");
  app.add_option("--radius-km", radiusKm, "mentor coverage radius in km (default 5, or the project's)");
  app.add_option("--bandwidth-km", bandwidthKm, "heatmap kernel bandwidth in km (default 2, or the project's)");
  app.add_option("--overlay", overlays,
                 "density|business|mentors|heatmap; repeat or comma-separate to combine (default: density when there "
                 "are beneficiaries and the project sets none)")
      ->delimiter(',');
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::fputs(app.help().c_str(), stdout);
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    std::string msg = e.what();
    if (auto nl = msg.find('\n'); nl != std::string::npos) msg.resize(nl);
    return badInput(msg + " (see 'prokus-map render --help')");
  }

  std::smatch m;
  static const std::regex kSize(R"(^\s*(\d{1,6})\s*[xX]\s*(\d{1,6})\s*$)");
  if (!std::regex_match(size, m, kSize)) return badInput("--size '" + size + "': expected WIDTHxHEIGHT, e.g. 1920x1080");
  const int width = std::stoi(m[1]), height = std::stoi(m[2]);
  if (width < 1 || height < 1 || width > kMaxImageSide || height > kMaxImageSide)
    return badInput("--size '" + size + "': each side must be 1 to " + std::to_string(kMaxImageSide) + " pixels");
  if (radiusKm < 0 || !std::isfinite(radiusKm) || (app.count("--radius-km") && radiusKm == 0))
    return badInput("--radius-km must be a positive number of km");
  if (bandwidthKm < 0 || !std::isfinite(bandwidthKm) || (app.count("--bandwidth-km") && bandwidthKm == 0))
    return badInput("--bandwidth-km must be a positive number of km");
  for (const auto& o : overlays) {
    OverlaySettings probe;
    if (!enableOverlayByName(probe, o))
      return badInput("--overlay '" + o + "': expected density, business, mentors or heatmap");
  }
  if (!supportedRasterPath(output))
    return badInput(output + ": unsupported image format (use a .png name)");
  {
    namespace fs = std::filesystem;
    const fs::path dir = fs::absolute(output).parent_path();
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return badInput(output + ": folder " + dir.string() + " does not exist");
    if (fs::is_directory(output, ec)) return badInput(output + ": is a folder, not an image file name");
  }

  try {
    initGdal();
    MapDocument doc;
    if (isProjectPath(input)) {
      doc = loadProject(input);
    } else {
      doc.openFile(input);
    }
    if (!doc.boundary()) {
      std::string kinds;
      for (const auto& l : doc.layers) {
        if (!kinds.empty()) kinds += ", ";
        kinds += kindWord(l->kind);
      }
      throw InputError(input, "has no polygon layer to draw as the boundary" +
                                  (kinds.empty() ? std::string() : " (it holds " + kinds + ")"));
    }
    if (!doc.projection) throw InputError(input, "no map projection could be chosen for it");

    MapView view = doc.savedView ? doc.savedView->resized(width, height)
                                 : MapView::fit(doc.dataExtent(), width, height);
    view.widthPx = width;
    view.heightPx = height;

    auto gl = HeadlessGlContext::create();
    MapRenderer renderer;
    renderer.init();
    RenderOptions options;
    options.plain = plain;

    // Programme data and overlays: the project's, then the flags.
    ProgrammeSources sources = programmeSourcesOf(doc);
    if (!beneficiaries.empty()) sources.beneficiaries = {std::filesystem::absolute(beneficiaries).string(), {}};
    if (!mentors.empty()) sources.mentors = {std::filesystem::absolute(mentors).string(), {}};
    OverlaySettings settings;
    const bool projectOverlays = doc.extraSections.is_object() && doc.extraSections.contains("overlays");
    if (projectOverlays) {
      try {
        settings = doc.extraSections["overlays"].get<OverlaySettings>();
      } catch (const std::exception& e) {
        throw InputError(input, e.what());
      }
    }
    if (!overlays.empty()) {
      settings.choropleth = settings.business = settings.mentors = settings.heatmap = false;
      for (const auto& o : overlays) enableOverlayByName(settings, o);
    } else if (!projectOverlays) {
      settings = OverlaySettings{};  // the density choropleth
    }
    if (radiusKm > 0) settings.radiusKm = radiusKm;
    if (bandwidthKm > 0) settings.heatmapBandwidthKm = bandwidthKm;
    if (!overlays.empty() && !sources.beneficiaries.present())
      return badInput("--overlay needs --beneficiaries (or a project whose \"programme\" lists beneficiaries)");
    if (settings.mentors && !overlays.empty() && !sources.mentors.present())
      return badInput("--overlay mentors needs --mentors (or a project whose \"programme\" lists mentors)");

    OverlayBuilder builder;
    OverlayFrame frame;
    if (!plain && sources.beneficiaries.present()) {
      const LoadedProgramme programme = loadProgramme(*doc.boundary(), *doc.projection, sources);
      if (programme.beneficiaries)
        std::fprintf(stderr, "beneficiaries: %s\n", programme.beneficiaries->summary.oneLine().c_str());
      if (programme.mentors) std::fprintf(stderr, "mentors: %s\n", programme.mentors->summary.oneLine().c_str());
      builder.setData(std::make_shared<OverlayData>(overlayDataOf(programme)));
      builder.setSettings(settings);
      // Exports withhold small counts in labels (see issue 5's privacy rules); names and NIK never
      // reach the overlay data at all.
      OverlayBuildOptions buildOptions;
      buildOptions.smallCountThreshold = 3;
      builder.setOptions(buildOptions);
      builder.build(doc, view, frame);
      frame.applyTo(options);
      const auto names = activeOverlayNames(settings);
      std::string list;
      for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
      std::fprintf(stderr, "overlays: %s\n", list.empty() ? "none" : list.c_str());
    }
    RgbaImage image = renderToImage(renderer, doc, view, options);
    writeGeoreferencedImage(image, view, *doc.projection, output, /*opaque=*/true);
    std::printf("wrote %s (%dx%d, EPSG:%d) with %s and %s.aux.xml\n", output.c_str(), width, height,
                doc.projection->epsg(), worldFilePathFor(output).c_str(), output.c_str());
    return kExitOk;
  } catch (const InputError& e) {
    return badInput(e.what());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "prokus-map render: %s\n", e.what());
    return kExitFailure;
  }
}

}  // namespace pk
