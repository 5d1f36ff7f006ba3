// `prokus-map render INPUT -o OUT [--size WxH | --paper A4|A3 --dpi N [--landscape]] [--bookmark NAME]
// [--plain] [--transparent] [--beneficiaries FILE] [--mentors FILE] [--radius-km R]
// [--overlay density|business|mentors|heatmap]...`: the headless snapshot through the same renderer and
// overlay builder as the window, with the project's furniture (title, legends, scale bar, north arrow,
// sources, date), georeferenced (world file and CRS sidecar, or inside GeoTIFF/PDF), DPI and sources
// in the file's metadata. A project INPUT brings its programme data ("programme") and overlays
// ("overlays", the map state, with the suitability score of a scenario); a bookmark's overlays
// replace the project's; flags override both.
#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "core/database_source.h"
#include "core/font.h"
#include "app/cli.h"
#include "app/planning_cli.h"
#include "core/document_inputs.h"
#include "core/furniture.h"
#include "core/layer_io.h"
#include "core/map_document.h"
#include "core/map_state.h"
#include "core/bookmarks.h"
#include "core/export_preset.h"
#include "core/i18n.h"
#include "core/overlay_settings.h"
#include "core/privacy.h"
#include "core/table_export.h"
#include "core/programme_project.h"
#include "core/project_file.h"
#include "core/raster_export.h"
#include "render/gl_context.h"
#include "render/map_export.h"
#include "render/map_renderer.h"
#include "render/overlays.h"

namespace pk {

namespace {

constexpr int kMaxImageSide = kMaxExportSide;

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

std::string formatDpi(double dpi) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", dpi);
  return buffer;
}

}  // namespace

int runRenderVerb(int argc, char** argv) {
  CLI::App app{"Write a georeferenced map snapshot (PNG, JPEG, GeoTIFF or PDF) with the project's furniture; "
               "needs no display.",
               "prokus-map render"};
  std::string input, output, size, paperName, bookmarkName, date;
  double dpi = 0;
  int maxTile = 0;
  bool plain = false, landscape = false, transparent = false;
  std::string beneficiaries, mentors;
  double radiusKm = 0, bandwidthKm = 0;
  std::vector<std::string> overlays;
  BoundaryFieldFlags fields;
  app.add_option("INPUT", input, "boundary file (Shapefile, GeoPackage, GeoJSON, FlatGeobuf, KML) or a .prokus.json project")
      ->required();
  app.add_option("-o,--output", output,
                 "image to write: .png, .jpg, .tif or .pdf (world file and .aux.xml beside PNG and JPEG)")
      ->required();
  auto* sizeOpt = app.add_option("--size", size,
                                 "exact image size in pixels, WIDTHxHEIGHT (default: the project's export preset, "
                                 "else 1920x1080)");
  auto* paperOpt = app.add_option("--paper", paperName, "A4 or A3: the page's exact size at --dpi (portrait unless --landscape)");
  app.add_option("--dpi", dpi, "dots per inch: with --paper the page size, with --size the metadata and the size of "
                               "type and symbols (points = dpi/72 pixels); default 96, 300 with --paper");
  app.add_flag("--landscape", landscape, "with --paper: landscape page");
  app.add_option("--bookmark", bookmarkName, "draw a view saved in the project's \"bookmarks\" (its centre, scale and title)");
  app.add_flag("--plain", plain,
               "polygons and outlines only: no labels, notes, overlays or furniture (for GIS use and checks)");
  app.add_option("--beneficiaries", beneficiaries, "beneficiary (KPM) list to map: CSV, XLSX, ODS, GPKG, GeoJSON");
  app.add_option("--mentors", mentors, "mentor list (for the mentors overlay and coverage)");
  app.add_option("--radius-km", radiusKm, "mentor coverage radius in km (default 5, or the project's)");
  app.add_option("--bandwidth-km", bandwidthKm, "heatmap kernel bandwidth in km (default 2, or the project's)");
  app.add_option("--overlay", overlays,
                 "density|business|mentors|heatmap|score; repeat or comma-separate to combine (default: density when "
                 "there are beneficiaries and the project sets none); score shows the project's scenario, or the rank "
                 "verb's weight flags")
      ->delimiter(',');
  fields.addTo(app);
  app.add_flag("--transparent", transparent, "transparent background (.png and .tif)");
  app.add_option("--date", date, "date shown on the map and recorded in the file, YYYY-MM-DD (default today)");
  app.add_option("--max-tile", maxTile, "render in tiles of at most this many pixels a side (default: the GL limit)")
      ->group("");  // for tests and small GPUs; not in --help
  sizeOpt->excludes(paperOpt);
  PlanningFlags planning;  // --overlay score: the same weights, constraints and scenarios as `rank`
  addPlanningFlags(app, planning);
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

  if (radiusKm < 0 || !std::isfinite(radiusKm) || (app.count("--radius-km") && radiusKm == 0))
    return badInput("--radius-km must be a positive number of km");
  if (bandwidthKm < 0 || !std::isfinite(bandwidthKm) || (app.count("--bandwidth-km") && bandwidthKm == 0))
    return badInput("--bandwidth-km must be a positive number of km");
  const bool scoreOverlay = takeScoreOverlay(overlays);
  // --overlay score with weight flags or --scenario: scored as `rank` scores; without them: the map
  // state's scenario (the project's, or the bookmark's).
  const bool scoreFromFlags = scoreOverlay && (!planning.weights.empty() || !planning.scenario.empty());
  if (!scoreOverlay && (!planning.weights.empty() || !planning.scenario.empty()))
    return badInput("--weights and --scenario go with --overlay score");
  for (const auto& o : overlays) {
    OverlaySettings probe;
    if (!enableOverlayByName(probe, o))
      return badInput("--overlay '" + o + "': expected density, business, mentors, heatmap or score");
  }
  const bool dpiGiven = app.count("--dpi") > 0;
  if (dpiGiven && !(dpi >= 10 && dpi <= 2400)) return badInput("--dpi must be from 10 to 2400");
  if (maxTile < 0 || (app.count("--max-tile") && maxTile < 16)) return badInput("--max-tile must be at least 16 pixels");
  if (landscape && paperName.empty()) return badInput("--landscape needs --paper A4 or A3");
  Paper paper = Paper::A4;
  if (!paperName.empty() && !parsePaper(paperName, paper))
    return badInput("--paper '" + paperName + "': expected A4 or A3");
  int width = 0, height = 0;
  if (!size.empty()) {
    std::smatch m;
    static const std::regex kSize(R"(^\s*(\d{1,6})\s*[xX]\s*(\d{1,6})\s*$)");
    if (!std::regex_match(size, m, kSize)) return badInput("--size '" + size + "': expected WIDTHxHEIGHT, e.g. 1920x1080");
    width = std::stoi(m[1]);
    height = std::stoi(m[2]);
    if (width < 1 || height < 1 || width > kMaxImageSide || height > kMaxImageSide)
      return badInput("--size '" + size + "': each side must be 1 to " + std::to_string(kMaxImageSide) + " pixels");
  }
  if (!supportedRasterPath(output))
    return badInput(output + ": unsupported image format (use .png, .jpg, .tif or .pdf)");
  const std::string format = exportFormatOf(output);
  if (transparent && format != "png" && format != "tif")
    return badInput(output + ": --transparent needs a .png or .tif image");
  if (!date.empty() && !isValidIsoDate(date))
    return badInput("--date '" + date + "': expected a real date YYYY-MM-DD");
  {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::is_directory(output, ec)) return badInput(output + ": is a folder, not an image file name");
    try {
      checkWritableFolder(fs::absolute(output).parent_path().string());  // before the work, with the reason
    } catch (const InputError& e) {
      return badInput(output + ": " + e.what());
    }
  }
  if (!bookmarkName.empty() && !isProjectPath(input))
    return badInput(input + ": --bookmark needs a .prokus.json project (a data file has no bookmarks)");

  try {
    // Labels and furniture (not in a plain map) are lettered once the data is loaded: baked meanwhile.
    const std::jthread lettering = plain ? std::jthread() : Font::bakeDefaultFontsAhead();
    initGdal();
    MapDocument doc;
    if (isProjectPath(input)) {
      doc = loadProject(input);
    } else {
      doc.openFile(input);
    }
    printLoadWarnings("render", doc);
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
    fields.applyTo(*doc.boundary());
    {
      // Never write over what this run reads, whatever the names (links and ".." included).
      InputFiles inputs;
      inputs.addDataset(input);
      addDocumentInputs(doc, inputs);
      for (const std::string* file : {&beneficiaries, &mentors, &planning.candidates, &planning.project})
        if (!file->empty()) inputs.addDataset(*file);
      for (const std::string& out : {output, worldFilePathFor(output), output + ".aux.xml"})
        if (!out.empty()) inputs.checkOutput(out);
    }

    // Size and DPI: the flags, else the project's export preset, else 1920x1080 at 96 dpi.
    ExportPreset preset;
    std::vector<Bookmark> bookmarks;
    try {
      preset = exportPresetOf(doc);
      bookmarks = bookmarksOf(doc);
      if (!plain) (void)furnitureSettingsOf(doc);
    } catch (const std::exception& e) {
      throw InputError(input, e.what());
    }
    double dotsPerInch = preset.dpi;
    if (!paperName.empty()) {
      dotsPerInch = dpiGiven ? dpi : 300;
      const PixelSize px = paperPixels(paper, dotsPerInch, landscape);
      width = px.width;
      height = px.height;
      if (width > kMaxImageSide || height > kMaxImageSide)
        return badInput("--paper " + std::string(pk::paperName(paper)) + " at " + formatDpi(dotsPerInch) + " dpi is " +
                        std::to_string(width) + "x" + std::to_string(height) + ", over " +
                        std::to_string(kMaxImageSide) + " pixels a side");
    } else if (!size.empty()) {
      dotsPerInch = dpiGiven ? dpi : 96;
    } else {
      const PixelSize px = preset.size();
      width = px.width;
      height = px.height;
      if (dpiGiven) dotsPerInch = dpi;
    }

    const Bookmark* bookmark = nullptr;
    if (!bookmarkName.empty()) {
      bookmark = findBookmark(bookmarks, bookmarkName);
      if (!bookmark) {
        std::string names;
        for (const auto& b : bookmarks) names += (names.empty() ? "" : ", ") + ("'" + b.name + "'");
        throw InputError(input, "has no bookmark named '" + bookmarkName + "' (" +
                                    (names.empty() ? std::string("it has no bookmarks") : "bookmarks: " + names) + ")");
      }
    }

    MapView view;
    const bool fitToData = !bookmark && !doc.savedView;
    if (bookmark) {
      view = bookmarkView(*bookmark, *doc.projection, width, height, dotsPerInch);
    } else {
      view = doc.savedView ? doc.savedView->resized(width, height)
                           : fitDocumentView(doc, width, height, static_cast<float>(dotsPerInch / 72.0), !plain);
    }
    view.widthPx = width;
    view.heightPx = height;
    view.pixelsPerPoint = static_cast<float>(dotsPerInch / 72.0);
    const std::string bookmarkTitle = bookmark ? bookmark->title : "";

    auto gl = HeadlessGlContext::create();
    MapRenderer renderer;
    renderer.init();
    renderer.setKeepLevelSources(false);  // one view: no other level will be asked for
    RenderOptions options;
    options.plain = plain;
    if (transparent) options.background = {255, 255, 255, 0};

    // Programme data and overlays: the project's (or the bookmark's), then the flags.
    ProgrammeSources sources = programmeSourcesOf(doc);
    if (!beneficiaries.empty()) sources.beneficiaries = {absoluteSource(beneficiaries), {}};
    if (!mentors.empty()) sources.mentors = {absoluteSource(mentors), {}};
    OverlaySettings settings;
    const nlohmann::json* savedOverlays = nullptr;
    if (bookmark && !bookmark->overlays.is_null()) savedOverlays = &bookmark->overlays;
    else if (doc.extraSections.is_object() && doc.extraSections.contains("overlays"))
      savedOverlays = &doc.extraSections["overlays"];
    if (savedOverlays) {
      try {
        settings = savedOverlays->get<OverlaySettings>();
      } catch (const std::exception& e) {
        throw InputError(input, e.what());
      }
    }
    if (!overlays.empty() || scoreOverlay) {
      settings.choropleth = settings.business = settings.mentors = settings.heatmap = false;
      for (const auto& o : overlays) enableOverlayByName(settings, o);
      settings.score.on = scoreOverlay;
    } else if (!savedOverlays) {
      settings = OverlaySettings{};  // the density choropleth
    }
    if (radiusKm > 0) settings.radiusKm = radiusKm;
    if (bandwidthKm > 0) settings.heatmapBandwidthKm = bandwidthKm;
    if ((!overlays.empty() || scoreOverlay) && !sources.beneficiaries.present())
      return badInput("--overlay needs --beneficiaries (or a project whose \"programme\" lists beneficiaries)");
    if (settings.mentors && !overlays.empty() && !sources.mentors.present())
      return badInput("--overlay mentors needs --mentors (or a project whose \"programme\" lists mentors)");

    // The suitability score fills the polygons (instead of any choropleth), with its proposed sites
    // and its legend.
    // Its legend joins the furniture's legend block, so it is computed before the fit.
    DrawList scoreOverlayItems, legendBlock;
    ScoreOverlay score;
    std::optional<MapScore> mapScore;
    size_t sitesShown = 0;
    if (scoreFromFlags) {
      if (planning.candidates.empty() && sources.polygonTable.present()) planning.candidates = sources.polygonTable.path;
      score = scoreOverlayFor(doc, view, sources.beneficiaries.path, sources.mentors.present() ? sources.mentors.path : "",
                              radiusKm, planning, !plain, stderr);
    } else if (settings.score.on) {
      mapScore = scoreOfMapState(doc, settings.score, stderr);
      std::fprintf(stderr, "score: scenario '%s'\n", mapScore->scenario.name.c_str());
      score = scoreOverlayOf(*mapScore, settings.score, *doc.projection, view, !plain && settings.legends);
      if (settings.score.proposedSites) sitesShown = mapScore->scenario.proposedSites.size();
    }
    OverlayBuilder builder;
    OverlayFrame frame;
    ExternalLegend legend;
    if (!plain && sources.beneficiaries.present()) {
      const LoadedProgramme programme = loadProgramme(*doc.boundary(), *doc.projection, sources);
      if (programme.beneficiaries)
        std::fprintf(stderr, "beneficiaries: %s\n", programme.beneficiaries->summary.oneLine().c_str());
      if (programme.mentors) std::fprintf(stderr, "mentors: %s\n", programme.mentors->summary.oneLine().c_str());
      printProgrammeNotes(programme.notes, "programme");
      // Exports follow the privacy rules (core/privacy.h): points displaced inside their polygon,
      // small counts in labels withheld; names and NIK never reach the overlay data at all.
      PrivacySettings privacy;
      try {
        privacy = privacySettingsOf(doc);
      } catch (const std::invalid_argument& e) {
        throw InputError(input, e.what());
      }
      auto exact = std::make_shared<OverlayData>(overlayDataOf(programme));
      auto data = std::make_shared<OverlayData>(*exact);
      if (programme.beneficiaries)
        displaceBeneficiaryPoints(data->beneficiaries, *programme.beneficiaries, *doc.boundary(), privacy);
      // The legends' counts come from exact data through the publication step, never from the
      // displaced points (issue 11).
      const IndicatorTable published = exactIndicatorsFor(doc, exact, settings);
      builder.setData(data);
      builder.setSettings(settings);
      // The legends go into the furniture's legend box.
      OverlayBuildOptions buildOptions;
      buildOptions.smallCountThreshold = privacy.smallCountThreshold;
      buildOptions.publication = std::make_shared<const PublishedIndicators>(
          publishIndicatorTable(*doc.boundary(), published, exact->beneficiaries, privacy.smallCountThreshold));
      buildOptions.publicationFilters = settings.filters;
      buildOptions.publicationRadiusKm = settings.radiusKm;
      buildOptions.separateLegend = true;
      buildOptions.language = language();
      builder.setOptions(buildOptions);
      builder.build(doc, view, frame);
      frame.applyTo(options);
      // Exports draw everything at the export's own resolution, never a cached texture.
      options.cachedOverlay = nullptr;
      for (const BBox& b : frame.legendBoxes) legend.boundsPx.add(b);
      legend.list = &frame.legend;
      const auto names = activeOverlayNames(settings);
      std::string list;
      for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
      std::fprintf(stderr, "overlays: %s\n", list.empty() ? "none" : list.c_str());
    }
    const ExternalLegend fittedBlock =
        !plain && fitToData ? mapLegendBlock(&score, legend, view.pixelsPerPoint, legendBlock) : ExternalLegend{};
    if (fittedBlock.present()) {
      // The legend block's box is kept free too: refit with it, then build for the final view.
      const FurnitureSettings drawn = furnitureSettingsOf(doc);
      view = fitDocumentView(doc, width, height, view.pixelsPerPoint, true, bookmarkTitle, &drawn, fittedBlock);
      if (legend.present()) {
        builder.build(doc, view, frame);
        frame.applyTo(options);
        options.cachedOverlay = nullptr;
        legend.boundsPx = {};
        for (const BBox& b : frame.legendBoxes) legend.boundsPx.add(b);
      }
      if (mapScore) score = scoreOverlayOf(*mapScore, settings.score, *doc.projection, view, settings.legends);
    }
    if (settings.score.on) applyScoreOverlay(score, options, scoreOverlayItems);
    if (!plain) {
      MapDataPresent present;
      present.programme = builder.data() != nullptr;
      present.mentors = present.programme && builder.data()->hasMentors;
      present.proposedSites = sitesShown;
      std::string list;
      for (const auto& n : legendsDrawn(settings, present)) list += (list.empty() ? "" : ", ") + n;
      std::fprintf(stderr, "legends: %s\n", list.empty() ? "none" : list.c_str());
    }

    FurnitureFrame furniture;
    DrawList furnitureAndGlyphs;
    if (!plain) {
      // One legend block: the score's above the programme overlays'.
      buildDocumentFurniture(doc, furnitureSettingsOf(doc), view, furniture,
                             mapLegendBlock(&score, legend, view.pixelsPerPoint, legendBlock), bookmarkTitle, date);
      // The overlays' own furniture (business glyphs over the polygons) below the map furniture.
      if (options.furniture) appendDrawList(furnitureAndGlyphs, *options.furniture);
      appendDrawList(furnitureAndGlyphs, furniture.list);
      options.furniture = &furnitureAndGlyphs;
      options.schematicNote = false;  // the furniture places it, or the planner turned it off
      keepLabelsClearOfFurniture(furniture, options);
      // Where each item went (tests check the fit keeps them off the polygons and apart).
      for (size_t i = 0; i < furniture.layoutPt.placed.size(); ++i) {
        const BBox& box = furniture.boxesPx[i];
        std::fprintf(stderr, "prokus-map render: furniture %s at %.0f,%.0f to %.0f,%.0f px\n",
                     std::string(furnitureItemName(furniture.layoutPt.placed[i].item)).c_str(), box.minx, box.miny,
                     box.maxx, box.maxy);
      }
      for (FurnitureItem item : furniture.dropped)
        std::fprintf(stderr, "prokus-map render: warning: the %s does not fit on a %dx%d image at %s dpi; left out\n",
                     std::string(furnitureItemName(item)).c_str(), width, height, formatDpi(dotsPerInch).c_str());
    }
    RgbaImage image = renderImageTiled(renderer, doc, view, options, maxTile);
    ExportMetadata meta = exportMetadataFor(doc, dotsPerInch, bookmarkTitle, date);
    meta.legendNumbers = frame.legendNumbers;
    meta.transparent = transparent;
    writeGeoreferencedImage(image, view, *doc.projection, output, meta);
    const std::string world = worldFilePathFor(output);
    std::printf("wrote %s (%dx%d, %s dpi, EPSG:%d)%s\n", output.c_str(), width, height,
                formatDpi(dotsPerInch).c_str(), doc.projection->epsg(),
                (format == "tif" || format == "pdf") ? " with the georeferencing inside"
                              : (" with " + world + " and " + output + ".aux.xml").c_str());
    return kExitOk;
  } catch (const InputError& e) {
    return badInput(e.what());
  } catch (const PlanningError& e) {
    return badInput(e.what());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "prokus-map render: %s\n", e.what());
    return kExitFailure;
  }
}

}  // namespace pk
