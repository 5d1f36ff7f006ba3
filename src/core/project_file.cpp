#include "core/project_file.h"
#include "core/database_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <cmath>
#include <stdexcept>

#include "core/export_preset.h"
#include "core/json_reader.h"
#include "core/layer_io.h"
#include "core/map_state.h"
#include "core/text_excerpt.h"
#include "core/style.h"

#include <ogr_spatialref.h>

namespace fs = std::filesystem;
using nlohmann::json;

namespace pk {

namespace {

constexpr const char* kFormat = "prokus-map project";
constexpr int kVersion = 1;
// Deeper JSON is refused before a tree is built: copying or destroying it recurses once per level.
constexpr int kMaxJsonDepth = 64;
// Larger files are refused before reading (a real project is a few kB).
constexpr std::uintmax_t kMaxProjectBytes = std::uintmax_t(64) << 20;
// The entries of the "programme" section that name a data file (programme_project.h).
constexpr const char* kProgrammeFileKeys[] = {"beneficiaries", "mentors", "polygon_table"};

std::string formatLimit(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

const char* fillModeName(FillMode m) { return m == FillMode::ByFeature ? "by_feature" : "single"; }

json styleToJson(const LayerStyle& s) {
  return {{"fill_mode", fillModeName(s.fillMode)},   {"fill", toHex(s.fill)},
          {"outline", toHex(s.outline)},             {"fill_opacity", s.fillOpacity},
          {"outline_width_pt", s.outlineWidthPt},    {"point_size_pt", s.pointSizePt},
          {"show_labels", s.showLabels},             {"label_size_pt", s.labelSizePt},
          {"fill_chosen", s.fillChosen}};
}

Rgba colourOf(const JsonReader& style, const char* key, Rgba fallback) {
  if (!style.has(key)) return fallback;
  const std::string text = style.string(key);
  Rgba out = fallback;
  if (!parseHex(text, out)) style.fail(key, "'" + text + "' is not a colour (#rrggbb or #rrggbbaa)");
  return out;
}

float numberIn(const JsonReader& r, const char* key, float fallback, double lo, double hi) {
  const double v = r.number(key, fallback);
  if (!(v >= lo && v <= hi))
    r.fail(key, "must be from " + formatLimit(lo) + " to " + formatLimit(hi) + ", not " + formatLimit(v));
  return static_cast<float>(v);
}

LayerStyle styleFromJson(const JsonReader& j, LayerStyle s) {
  j.requireObject();
  if (j.has("fill_mode")) {
    const std::string mode = j.string("fill_mode");
    if (mode != "by_feature" && mode != "single") j.fail("fill_mode", "must be \"by_feature\" or \"single\"");
    s.fillMode = mode == "by_feature" ? FillMode::ByFeature : FillMode::Single;
  }
  s.fill = colourOf(j, "fill", s.fill);
  s.outline = colourOf(j, "outline", s.outline);
  s.fillOpacity = numberIn(j, "fill_opacity", s.fillOpacity, 0, 1);
  s.outlineWidthPt = numberIn(j, "outline_width_pt", s.outlineWidthPt, 0, 100);
  s.pointSizePt = numberIn(j, "point_size_pt", s.pointSizePt, 0, 200);
  s.showLabels = j.boolean("show_labels", s.showLabels);
  s.labelSizePt = numberIn(j, "label_size_pt", s.labelSizePt, 1, 200);
  s.fillChosen = j.boolean("fill_chosen", s.fillChosen);
  return s;
}

// A project file never holds a password: any PG: source with one (a layer, a list, anything
// recorded) refuses the save, with how to use a service instead.
void refuseStoredPasswords(const json& j, const std::string& projectPath) {
  if (j.is_string()) {
    const std::string& text = j.get_ref<const std::string&>();
    if (isDatabaseSource(text) && hasPassword(text)) throw InputError(projectPath, passwordRefusal());
  }
  if (j.is_structured())
    for (const auto& item : j) refuseStoredPasswords(item, projectPath);
}

std::string relativePath(const std::string& target, const fs::path& baseDir) {
  if (isDatabaseSource(target)) return target;  // a connection, not a path
  std::error_code ec;
  fs::path rel = fs::relative(target, baseDir, ec);
  if (ec || rel.empty()) return fs::absolute(target).string();
  return rel.generic_string();
}

// The programme lists that moved point at their new files (relative to the project, as a save would
// write them); the ones left out are dropped. A malformed section is left for programmeSourcesOf to report.
void relocateProgrammeSection(json& sections, const std::string& projectPath, const PathRemap& moved) {
  if (!sections.contains("programme") || !sections["programme"].is_object()) return;
  json& programme = sections["programme"];
  const fs::path baseDir = fs::absolute(projectPath).parent_path();
  for (const char* key : kProgrammeFileKeys) {
    if (!programme.contains(key) || !programme[key].is_object()) continue;
    const json& recorded = programme[key].value("path", json());
    if (!recorded.is_string()) continue;
    const auto found = moved.find(resolveProjectEntry(projectPath, recorded.get<std::string>()));
    if (found == moved.end()) continue;
    if (found->second.empty())
      programme.erase(key);
    else
      programme[key]["path"] = relativePath(found->second, baseDir);
  }
}

// The map CRS the project names: known to PROJ, projected, in metres (areas, densities and the
// scale bar assume metres).
std::unique_ptr<MapProjection> mapProjectionOf(const JsonReader& project) {
  const long long epsg = project.integer("map_crs_epsg");
  const std::string code = std::to_string(epsg);
  OGRSpatialReference srs;
  if (epsg < 1 || epsg > INT_MAX || srs.importFromEPSG(int(epsg)) != OGRERR_NONE)
    project.fail("map_crs_epsg", code + " is not a known EPSG code");
  if (!srs.IsProjected())
    project.fail("map_crs_epsg", code + " is a geographic CRS; the map needs a projected CRS in metres, e.g. a UTM zone");
  if (std::fabs(srs.GetLinearUnits() - 1.0) > 1e-9)
    project.fail("map_crs_epsg", code + " is not in metres; the map needs a projected CRS in metres, e.g. a UTM zone");
  return std::make_unique<MapProjection>(int(epsg));
}

MapView savedViewOf(const JsonReader& v, const MapProjection& projection) {
  const std::vector<JsonReader> center = v.array("center_lonlat");
  if (center.size() != 2) v.fail("center_lonlat", "must be [lon, lat]");
  const Vec2 lonLat{center[0].asNumber(), center[1].asNumber()};
  if (!(std::fabs(lonLat.x) <= 180)) center[0].fail("is not a longitude");
  if (!(std::fabs(lonLat.y) <= 90)) center[1].fail("is not a latitude");
  MapView view;
  view.center = projection.fromLonLat(lonLat);
  if (!std::isfinite(view.center.x) || !std::isfinite(view.center.y))
    v.fail("center_lonlat", "cannot be placed on the map's projection");
  view.metresPerPixel = v.number("metres_per_pixel", 50.0);
  if (!(view.metresPerPixel > 0) || view.metresPerPixel > 1e6)
    v.fail("metres_per_pixel", "must be more than 0 and at most 1000000");
  auto side = [&](const char* key, int fallback) {
    const long long px = v.integer(key, fallback);
    if (px < 1 || px > kMaxExportSide) v.fail(key, "must be 1 to " + std::to_string(kMaxExportSide) + " pixels");
    return int(px);
  };
  view.widthPx = side("width_px", 1920);
  view.heightPx = side("height_px", 1080);
  return view;
}

}  // namespace

json readProjectJson(const std::string& projectPath) {
  std::error_code ec;
  const fs::file_status status = fs::status(projectPath, ec);
  if (!fs::exists(status)) throw InputError(projectPath, "file not found");
  if (fs::is_directory(status)) throw InputError(projectPath, "is a folder, not a project file");
  const std::uintmax_t size = fs::file_size(projectPath, ec);
  if (!ec && size > kMaxProjectBytes)
    throw InputError(projectPath, "is " + std::to_string(size >> 20) + " MB; a project file may be at most " +
                                      std::to_string(kMaxProjectBytes >> 20) + " MB");
  std::ifstream in(projectPath, std::ios::binary);
  std::ostringstream buffer;
  if (!in || (!(buffer << in.rdbuf()) && size > 0)) throw InputError(projectPath, "cannot be read");
  const std::string text = buffer.str();
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) throw InputError(projectPath, "is empty");
  if (jsonNestingDepth(text, kMaxJsonDepth) > kMaxJsonDepth)
    throw InputError(projectPath, "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  json j;
  try {
    j = json::parse(text);  // skips a UTF-8 byte order mark
  } catch (const json::parse_error& e) {
    // The parser's text quotes what it last read: raw bytes, so only as a short escaped excerpt.
    throw InputError(projectPath, "is not valid JSON (" + excerpt(e.what(), 160) + ")");
  }
  if (!j.is_object() || !j.contains("format") || j["format"] != kFormat)
    throw InputError(projectPath, "is not a prokus-map project (missing \"format\": \"prokus-map project\")");
  const JsonReader project(j, projectPath);
  const long long version = project.integer("version");
  if (version > kVersion)
    throw InputError(projectPath, "was written by a newer prokus-map (project version " + std::to_string(version) + ")");
  if (version < 1) project.fail("version", std::to_string(version) + " is not a project version (this build reads 1)");
  return j;
}

std::string resolveProjectEntry(const std::string& projectPath, const std::string& recordedPath) {
  if (isDatabaseSource(recordedPath)) return recordedPath;  // kept as written, never relative to the folder
  return (fs::absolute(projectPath).parent_path() / recordedPath).lexically_normal().string();
}

MapDocument loadProject(const std::string& projectPath, LoadFor use) { return loadProject(projectPath, PathRemap{}, use); }

MapDocument loadProject(const std::string& projectPath, const PathRemap& moved, LoadFor use) {
  const json j = readProjectJson(projectPath);
  const JsonReader project(j, projectPath);
  MapDocument doc;
  doc.projectPath = fs::absolute(projectPath).lexically_normal().string();
  doc.title = project.string("title", "");
  doc.schematicBoundaries = project.boolean("schematic_boundaries", false);
  if (project.has("map_crs_epsg")) doc.projection = mapProjectionOf(project);
  const std::vector<JsonReader> layers = project.array("layers");
  if (layers.empty()) throw InputError(projectPath, "lists no layers");
  int boundaryIndex = -1;
  std::vector<LayerPtr> drawOrder;  // the "layers" array is the draw order, bottom first
  for (const JsonReader& jl : layers) {
    jl.requireObject();
    if (!jl.has("path")) jl.fail("path", "missing (each layer names its data file)");
    const std::string rel = jl.string("path");
    if (rel.empty()) jl.fail("path", "is empty (each layer names its data file)");
    std::string path = resolveProjectEntry(projectPath, rel);
    if (const auto found = moved.find(path); found != moved.end()) {
      if (found->second.empty()) continue;  // left out by the planner
      path = absoluteSource(found->second);
    }
    std::error_code ec;
    if (!isDatabaseSource(path) && fs::is_directory(path, ec)) jl.fail("path", "'" + rel + "' is a folder, not a data file");
    if (!isDatabaseSource(path) && !fs::exists(path)) throw InputError(path, "file not found (listed in " + fs::path(projectPath).filename().string() + ")");
    if (!doc.projection) {
      const BBox ll = lonLatExtentOf(path);
      doc.projection = std::make_unique<MapProjection>(mapCrsEpsgFor(ll));
    }
    LoadedLayers loaded = loadVectorFile(path, *doc.projection, use);
    const std::string wantedLayer = jl.string("layer", "");
    LayerPtr layer;
    for (auto& l : loaded.layers)
      if (wantedLayer.empty() || l->layerName == wantedLayer) { layer = l; break; }
    if (!layer) throw InputError(path, "has no layer named '" + wantedLayer + "'");
    if (jl.has("name_field")) layer->nameField = layer->fieldIndex(jl.string("name_field"));
    if (jl.has("code_field")) layer->codeField = layer->fieldIndex(jl.string("code_field"));
    if (jl.has("display_name")) layer->displayName = jl.string("display_name");
    layer->visible = jl.boolean("visible", true);
    if (const auto style = jl.optObject("style")) layer->style = styleFromJson(*style, layer->style);
    const std::string role = jl.string("role", "context");
    if (role != "boundary" && role != "context") jl.fail("role", "must be \"boundary\" or \"context\"");
    doc.addLayers({layer});
    drawOrder.push_back(layer);
    if (role == "boundary" && layer->kind == GeometryKind::Polygon)
      for (size_t i = 0; i < doc.layers.size(); ++i)
        if (doc.layers[i] == layer) boundaryIndex = int(i);
  }
  if (doc.layers.empty()) throw InputError(projectPath, "has none of its layers left to open");
  if (boundaryIndex >= 0) doc.setBoundaryLayer(boundaryIndex);
  setLayerOrder(doc, drawOrder);
  if (const auto v = project.optObject("view")) doc.savedView = savedViewOf(*v, *doc.projection);
  static const char* known[] = {"format", "version", "title", "schematic_boundaries", "map_crs_epsg", "layers", "view"};
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool isKnown = false;
    for (const char* k : known) isKnown |= it.key() == k;
    if (!isKnown) doc.extraSections[it.key()] = it.value();
  }
  if (!moved.empty()) relocateProgrammeSection(doc.extraSections, projectPath, moved);
  return doc;
}

void saveProject(const MapDocument& doc, const std::string& projectPath) {
  const fs::path baseDir = fs::absolute(projectPath).parent_path();
  json j = doc.extraSections.is_object() ? doc.extraSections : json::object();
  j["format"] = kFormat;
  j["version"] = kVersion;
  j["title"] = doc.title;
  j["schematic_boundaries"] = doc.schematicBoundaries;
  if (doc.projection) j["map_crs_epsg"] = doc.projection->epsg();
  json layers = json::array();
  for (size_t i = 0; i < doc.layers.size(); ++i) {
    const Layer& l = *doc.layers[i];
    json jl = {{"path", relativePath(l.path, baseDir)},
               {"layer", l.layerName},
               {"role", int(i) == doc.boundaryLayer ? "boundary" : "context"},
               {"display_name", l.displayName},
               {"visible", l.visible},
               {"style", styleToJson(l.style)}};
    if (l.nameField >= 0) jl["name_field"] = l.fieldNames[l.nameField];
    if (l.codeField >= 0) jl["code_field"] = l.fieldNames[l.codeField];
    layers.push_back(jl);
  }
  j["layers"] = layers;
  refuseStoredPasswords(j, projectPath);
  if (doc.savedView && doc.projection) {
    const MapView& v = *doc.savedView;
    const Vec2 ll = doc.projection->toLonLat(v.center);
    j["view"] = {{"center_lonlat", {ll.x, ll.y}},
                 {"metres_per_pixel", v.metresPerPixel},
                 {"width_px", v.widthPx},
                 {"height_px", v.heightPx}};
  }
  writeFileAtomically(projectPath, j.dump(2) + "\n");
}

}  // namespace pk
