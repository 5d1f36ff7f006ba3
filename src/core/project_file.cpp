#include "core/project_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <cmath>
#include <stdexcept>

#include "core/layer_io.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace pk {

namespace {

constexpr const char* kFormat = "prokus-map project";
constexpr int kVersion = 1;
// The entries of the "programme" section that name a data file (programme_project.h).
constexpr const char* kProgrammeFileKeys[] = {"beneficiaries", "mentors", "polygon_table"};

const char* fillModeName(FillMode m) { return m == FillMode::ByFeature ? "by_feature" : "single"; }

json styleToJson(const LayerStyle& s) {
  return {{"fill_mode", fillModeName(s.fillMode)},   {"fill", toHex(s.fill)},
          {"outline", toHex(s.outline)},             {"fill_opacity", s.fillOpacity},
          {"outline_width_pt", s.outlineWidthPt},    {"point_size_pt", s.pointSizePt},
          {"show_labels", s.showLabels},             {"label_size_pt", s.labelSizePt}};
}

LayerStyle styleFromJson(const json& j, LayerStyle s) {
  if (!j.is_object()) return s;
  if (j.contains("fill_mode")) s.fillMode = j["fill_mode"] == "by_feature" ? FillMode::ByFeature : FillMode::Single;
  if (j.contains("fill")) parseHex(j["fill"].get<std::string>(), s.fill);
  if (j.contains("outline")) parseHex(j["outline"].get<std::string>(), s.outline);
  s.fillOpacity = j.value("fill_opacity", s.fillOpacity);
  s.outlineWidthPt = j.value("outline_width_pt", s.outlineWidthPt);
  s.pointSizePt = j.value("point_size_pt", s.pointSizePt);
  s.showLabels = j.value("show_labels", s.showLabels);
  s.labelSizePt = j.value("label_size_pt", s.labelSizePt);
  return s;
}

std::string relativePath(const std::string& target, const fs::path& baseDir) {
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

}  // namespace

json readProjectJson(const std::string& projectPath) {
  std::ifstream in(projectPath);
  if (!in) throw InputError(projectPath, fs::exists(projectPath) ? "cannot be read" : "file not found");
  json j;
  try {
    j = json::parse(in);
  } catch (const json::parse_error& e) {
    throw InputError(projectPath, std::string("is not valid JSON (") + e.what() + ")");
  }
  if (!j.is_object() || j.value("format", "") != kFormat)
    throw InputError(projectPath, "is not a prokus-map project (missing \"format\": \"prokus-map project\")");
  if (j.value("version", 0) > kVersion)
    throw InputError(projectPath, "was written by a newer prokus-map (project version " +
                                      std::to_string(j.value("version", 0)) + ")");
  return j;
}

std::string resolveProjectEntry(const std::string& projectPath, const std::string& recordedPath) {
  return (fs::absolute(projectPath).parent_path() / recordedPath).lexically_normal().string();
}

MapDocument loadProject(const std::string& projectPath) { return loadProject(projectPath, PathRemap{}); }

MapDocument loadProject(const std::string& projectPath, const PathRemap& moved) {
  const json j = readProjectJson(projectPath);
  const fs::path baseDir = fs::absolute(projectPath).parent_path();
  MapDocument doc;
  doc.projectPath = fs::absolute(projectPath).lexically_normal().string();
  doc.title = j.value("title", "");
  doc.schematicBoundaries = j.value("schematic_boundaries", false);
  if (j.contains("map_crs_epsg")) doc.projection = std::make_unique<MapProjection>(j["map_crs_epsg"].get<int>());
  if (!j.contains("layers") || !j["layers"].is_array() || j["layers"].empty())
    throw InputError(projectPath, "lists no layers");
  int boundaryIndex = -1;
  for (const auto& jl : j["layers"]) {
    const std::string rel = jl.value("path", "");
    if (rel.empty()) throw InputError(projectPath, "has a layer without a \"path\"");
    std::string path = resolveProjectEntry(projectPath, rel);
    if (const auto found = moved.find(path); found != moved.end()) {
      if (found->second.empty()) continue;  // left out by the planner
      path = fs::absolute(found->second).lexically_normal().string();
    }
    if (!fs::exists(path)) throw InputError(path, "file not found (listed in " + fs::path(projectPath).filename().string() + ")");
    if (!doc.projection) {
      const BBox ll = lonLatExtentOf(path);
      doc.projection = std::make_unique<MapProjection>(utmEpsgFor(ll.center().x, ll.center().y));
    }
    LoadedLayers loaded = loadVectorFile(path, *doc.projection);
    const std::string wantedLayer = jl.value("layer", "");
    LayerPtr layer;
    for (auto& l : loaded.layers)
      if (wantedLayer.empty() || l->layerName == wantedLayer) { layer = l; break; }
    if (!layer) throw InputError(path, "has no layer named '" + wantedLayer + "'");
    if (jl.contains("name_field")) layer->nameField = layer->fieldIndex(jl["name_field"].get<std::string>());
    if (jl.contains("code_field")) layer->codeField = layer->fieldIndex(jl["code_field"].get<std::string>());
    if (jl.contains("display_name")) layer->displayName = jl["display_name"].get<std::string>();
    layer->visible = jl.value("visible", true);
    layer->style = styleFromJson(jl.value("style", json::object()), layer->style);
    doc.addLayers({layer});
    if (jl.value("role", "") == "boundary" && layer->kind == GeometryKind::Polygon)
      for (size_t i = 0; i < doc.layers.size(); ++i)
        if (doc.layers[i] == layer) boundaryIndex = int(i);
  }
  if (doc.layers.empty()) throw InputError(projectPath, "has none of its layers left to open");
  if (boundaryIndex >= 0) doc.setBoundaryLayer(boundaryIndex);
  if (j.contains("view") && j["view"].is_object()) {
    const json& v = j["view"];
    if (v.contains("center_lonlat") && v["center_lonlat"].is_array() && v["center_lonlat"].size() == 2) {
      MapView view;
      view.center = doc.projection->fromLonLat({v["center_lonlat"][0].get<double>(), v["center_lonlat"][1].get<double>()});
      view.metresPerPixel = v.value("metres_per_pixel", 50.0);
      view.widthPx = v.value("width_px", 1920);
      view.heightPx = v.value("height_px", 1080);
      if (std::isfinite(view.center.x) && view.metresPerPixel > 0) doc.savedView = view;
    }
  }
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
