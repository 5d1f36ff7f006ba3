#include "core/layer_io.h"

#include "core/i18n.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <string_view>

namespace fs = std::filesystem;

namespace pk {

InputError::InputError(const std::string& path, const std::string& problem)
    : std::runtime_error(fs::path(path).filename().string() + ": " + problem), path_(path), problem_(problem) {}

void initGdal() {
  static std::once_flag once;
  std::call_once(once, [] {
    GDALAllRegister();
    // Errors are turned into InputError messages; GDAL must not print on its own.
    CPLSetErrorHandler(CPLQuietErrorHandler);
    // The app makes no network connection: no remote CRS grids, no HTTP.
    CPLSetConfigOption("PROJ_NETWORK", "OFF");
    CPLSetConfigOption("GDAL_HTTP_TIMEOUT", "1");
  });
}

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

std::string lastGdalError() {
  std::string msg = CPLGetLastErrorMsg();
  // Keep messages one line.
  std::replace(msg.begin(), msg.end(), '\n', ' ');
  return msg;
}

// A companion file exists in any letter case (kbb.SHX, kbb.shx).
bool companionExists(const fs::path& shp, const std::string& ext) {
  for (const std::string& e : {lower(ext), [&] { std::string u = ext; for (auto& c : u) c = char(std::toupper(c)); return u; }()}) {
    fs::path p = shp;
    p.replace_extension(e);
    if (fs::exists(p)) return true;
  }
  return false;
}

void checkReadableFile(const std::string& path) {
  if (path.rfind("/vsi", 0) == 0 || path.find("://") != std::string::npos)
    throw InputError(path, "remote and virtual paths are not opened (prokus-map makes no network connection)");
  std::error_code ec;
  if (!fs::exists(path, ec)) throw InputError(path, "file not found");
  if (fs::is_directory(path, ec)) {
    // A folder of shapefiles is a valid GDAL dataset; let it through.
    return;
  }
  std::ifstream probe(path, std::ios::binary);
  if (!probe) throw InputError(path, "cannot be read (permission denied?)");
  if (fs::file_size(path, ec) == 0) throw InputError(path, "file is empty");
  if (lower(fs::path(path).extension().string()) == ".shp") {
    if (!companionExists(path, ".shx"))
      throw InputError(path, "missing companion file " + fs::path(path).stem().string() +
                                 ".shx (a Shapefile needs its .shp, .shx and .dbf side by side)");
    if (!companionExists(path, ".dbf"))
      throw InputError(path, "missing companion file " + fs::path(path).stem().string() +
                                 ".dbf (a Shapefile needs its .shp, .shx and .dbf side by side)");
  }
}

struct DatasetCloser {
  void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

DatasetPtr openVector(const std::string& path) {
  initGdal();
  checkReadableFile(path);
  CPLErrorReset();
  GDALDataset* ds = static_cast<GDALDataset*>(
      GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (!ds) {
    std::string why = lastGdalError();
    if (lower(fs::path(path).extension().string()) == ".shp" || why.empty())
      throw InputError(path, "not a readable vector file" + (why.empty() ? std::string() : " (" + why + ")"));
    throw InputError(path, "cannot be opened: " + why);
  }
  if (ds->GetLayerCount() == 0) {
    GDALClose(ds);
    throw InputError(path, "holds no vector layers");
  }
  return DatasetPtr(ds);
}

GeometryKind kindOf(OGRwkbGeometryType t) {
  switch (wkbFlatten(t)) {
    case wkbPoint:
    case wkbMultiPoint: return GeometryKind::Point;
    case wkbLineString:
    case wkbMultiLineString:
    case wkbCircularString:
    case wkbCompoundCurve:
    case wkbMultiCurve: return GeometryKind::Line;
    default: return GeometryKind::Polygon;
  }
}

Ring ringFrom(const OGRLinearRing* r) {
  Ring out;
  const int n = r->getNumPoints();
  out.reserve(n);
  for (int i = 0; i < n; ++i) {
    Vec2 p{r->getX(i), r->getY(i)};
    if (!out.empty() && out.back() == p) continue;
    out.push_back(p);
  }
  if (out.size() > 1 && out.front() == out.back()) out.pop_back();
  return out;
}

void addPolygon(const OGRPolygon* poly, MultiPolygon& mp) {
  Polygon out;
  if (const OGRLinearRing* ext = poly->getExteriorRing()) out.rings.push_back(ringFrom(ext));
  for (int i = 0; i < poly->getNumInteriorRings(); ++i) out.rings.push_back(ringFrom(poly->getInteriorRing(i)));
  if (!out.rings.empty() && out.rings[0].size() >= 3) mp.parts.push_back(std::move(out));
}

// Collects geometry of every kind into the feature; returns the kinds present.
void collectGeometry(const OGRGeometry* g, Feature& f) {
  if (!g || g->IsEmpty()) return;
  const auto type = wkbFlatten(g->getGeometryType());
  switch (type) {
    case wkbPolygon: addPolygon(g->toPolygon(), f.polygon); break;
    case wkbMultiPolygon:
      for (const auto* p : g->toMultiPolygon()) addPolygon(p, f.polygon);
      break;
    case wkbPoint: f.points.push_back({g->toPoint()->getX(), g->toPoint()->getY()}); break;
    case wkbMultiPoint:
      for (const auto* p : g->toMultiPoint()) f.points.push_back({p->getX(), p->getY()});
      break;
    case wkbLineString: {
      std::vector<Vec2> line;
      for (const auto& p : *g->toLineString()) line.push_back({p.getX(), p.getY()});
      f.lines.push_back(std::move(line));
      break;
    }
    case wkbMultiLineString:
      for (const auto* ls : g->toMultiLineString()) collectGeometry(ls, f);
      break;
    case wkbGeometryCollection:
      for (const auto* sub : g->toGeometryCollection()) collectGeometry(sub, f);
      break;
    default:
      if (g->hasCurveGeometry()) {
        std::unique_ptr<OGRGeometry> linear(g->getLinearGeometry());
        collectGeometry(linear.get(), f);
      } else if (type == wkbTriangle || type == wkbTIN || type == wkbPolyhedralSurface) {
        std::unique_ptr<OGRGeometry> mp(OGRGeometryFactory::forceToMultiPolygon(g->clone()));
        collectGeometry(mp.get(), f);
      }
      break;
  }
}

std::string crsName(const OGRSpatialReference* srs) {
  if (!srs) return "";
  const char* name = srs->GetName();
  const char* auth = srs->GetAuthorityName(nullptr);
  const char* code = srs->GetAuthorityCode(nullptr);
  std::string out = name ? name : "unnamed CRS";
  if (auth && code) out += std::string(" (") + auth + ":" + code + ")";
  return out;
}

// Appends the polygons inside `g` (a polygon, multipolygon or collection) to `out`; lines and points
// that MakeValid leaves over from collapsed rings carry no area and are dropped.
void addPolygonalParts(const OGRGeometry& g, OGRMultiPolygon& out) {
  switch (wkbFlatten(g.getGeometryType())) {
    case wkbPolygon: out.addGeometry(&g); break;
    case wkbMultiPolygon:
    case wkbGeometryCollection:
      for (const OGRGeometry* sub : *g.toGeometryCollection()) addPolygonalParts(*sub, out);
      break;
    default: break;
  }
}

// GEOS MakeValid, keeping the structure of the rings where GEOS offers it (holes stay holes instead of
// the XOR of overlapping rings), then only the polygonal parts.
std::unique_ptr<OGRMultiPolygon> repairedPolygons(const OGRGeometry& g) {
  const char* structure[] = {"METHOD=STRUCTURE", nullptr};
  std::unique_ptr<OGRGeometry> fixed(g.MakeValid(structure));
  if (!fixed) fixed.reset(g.MakeValid());
  auto out = std::make_unique<OGRMultiPolygon>();
  if (fixed) addPolygonalParts(*fixed, *out);
  return out;
}

bool isPolygonal(const OGRGeometry& g) {
  const auto t = wkbFlatten(g.getGeometryType());
  return t == wkbPolygon || t == wkbMultiPolygon;
}

// "name (code)", "name", "code" or "#FID": how a warning names a feature.
std::string featureLabel(const std::vector<std::string>& values, int nameField, int codeField, GIntBig fid) {
  const std::string name = nameField >= 0 ? values[nameField] : "", code = codeField >= 0 ? values[codeField] : "";
  if (!name.empty() && !code.empty()) return name + " (" + code + ")";
  if (!name.empty()) return name;
  if (!code.empty()) return code;
  return "#" + std::to_string(fid);
}

// Longitude/latitude spans beyond which a feature "covers the whole world": no district, province or
// country is that wide, and a UTM map projection cannot hold it (areas and the zone choice go wrong).
constexpr double kWorldLonSpan = 180, kWorldLatSpan = 90;

LayerPtr readLayer(const std::string& path, OGRLayer* src, const MapProjection& projection) {
  const OGRSpatialReference* srcSrs = src->GetSpatialRef();
  const std::string where = src->GetName();
  if (!srcSrs)
    throw InputError(path, "layer '" + where + "' has no coordinate reference system (add a .prj file or open a copy with its CRS set)");
  OGRSpatialReference from(*srcSrs);
  from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&from, &projection.srs()));
  if (!ct) throw InputError(path, "cannot reproject from " + crsName(srcSrs) + " to " + projection.name());
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> toLonLat(OGRCreateCoordinateTransformation(&from, &wgs84));

  auto layer = std::make_shared<Layer>();
  layer->path = fs::absolute(path).lexically_normal().string();
  layer->layerName = where;
  layer->sourceCrs = crsName(srcSrs);
  OGRFeatureDefn* defn = src->GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i) layer->fieldNames.push_back(defn->GetFieldDefn(i)->GetNameRef());
  layer->nameField = guessNameField(layer->fieldNames);
  layer->codeField = guessCodeField(layer->fieldNames);

  size_t polygons = 0, lines = 0, points = 0;
  std::vector<std::string> labels;            // per feature, for warnings
  std::vector<size_t> repaired, noGeometry;   // feature indices
  CPLErrorReset();
  src->ResetReading();
  for (auto& feature : *src) {
    Feature f;
    f.values.reserve(layer->fieldNames.size());
    for (int i = 0; i < defn->GetFieldCount(); ++i)
      f.values.push_back(feature->IsFieldSetAndNotNull(i) ? feature->GetFieldAsString(i) : "");
    labels.push_back(featureLabel(f.values, layer->nameField, layer->codeField, feature->GetFID()));
    const OGRGeometry* g = feature->GetGeometryRef();
    if (!g || g->IsEmpty()) noGeometry.push_back(layer->features.size());
    if (g && !g->IsEmpty()) {
      OGREnvelope env;
      g->getEnvelope(&env);
      double minLon, minLat, maxLon, maxLat;
      if (toLonLat && toLonLat->TransformBounds(env.MinX, env.MinY, env.MaxX, env.MaxY, &minLon, &minLat, &maxLon,
                                                &maxLat, 21) &&
          (maxLon - minLon >= kWorldLonSpan || maxLat - minLat >= kWorldLatSpan))
        throw InputError(path, "feature " + labels.back() +
                                   " covers nearly the whole world, which no boundary does (a placeholder or "
                                   "wrong coordinates?); remove it from the file");
      // Curves (CURVEPOLYGON in GeoPackage) become rings first, so validity and repair see what is drawn.
      std::unique_ptr<OGRGeometry> copy(g->hasCurveGeometry() ? g->getLinearGeometry() : g->clone());
      if (copy->transform(ct.get()) != OGRERR_NONE)
        throw InputError(path, "coordinates of feature " + std::to_string(feature->GetFID()) +
                                   " cannot be reprojected from " + crsName(srcSrs) + " (wrong CRS?)");
      if (isPolygonal(*copy) && !copy->IsValid()) {
        copy = repairedPolygons(*copy);
        repaired.push_back(layer->features.size());
      }
      collectGeometry(copy.get(), f);
    }
    if (!f.polygon.parts.empty()) ++polygons;
    if (!f.lines.empty()) ++lines;
    if (!f.points.empty()) ++points;
    layer->features.push_back(std::move(f));
  }
  if (CPLGetLastErrorType() == CE_Failure)
    throw InputError(path, "is damaged or truncated (" + lastGdalError() + ")");

  if (polygons > 0) layer->kind = GeometryKind::Polygon;
  else if (lines > 0) layer->kind = GeometryKind::Line;
  else if (points > 0) layer->kind = GeometryKind::Point;
  else layer->kind = kindOf(src->GetGeomType());

  std::vector<size_t> zeroArea;
  for (size_t i = 0; i < layer->features.size(); ++i) {
    Feature& f = layer->features[i];
    for (const auto& part : f.polygon.parts)
      for (const auto& p : part.rings[0]) f.bbox.add(p);
    for (const auto& l : f.lines)
      for (const auto& p : l) f.bbox.add(p);
    for (const auto& p : f.points) f.bbox.add(p);
    for (const auto& coord : {f.bbox.minx, f.bbox.maxx, f.bbox.miny, f.bbox.maxy})
      if (!f.bbox.empty() && !std::isfinite(coord))
        throw InputError(path, "coordinates fall outside the map projection " + projection.name() + " (wrong CRS?)");
    if (layer->kind == GeometryKind::Polygon) {
      f.areaKm2 = f.polygon.area() / 1e6;
      // Under a square metre is a ring folded onto itself, not a place: no area, so no density.
      const bool hadGeometry = !std::binary_search(noGeometry.begin(), noGeometry.end(), i);
      if (hadGeometry && !(f.areaKm2 >= 1e-6)) {
        f.areaKm2 = 0;
        zeroArea.push_back(i);
      }
    }
    layer->bbox.add(f.bbox);
  }

  auto labelsOf = [&](const std::vector<size_t>& indices) {
    std::vector<std::string> out;
    for (size_t i : indices) out.push_back(labels[i]);
    return out;
  };
  // A repair that leaves no area is said once, as zero area.
  repaired.erase(std::remove_if(repaired.begin(), repaired.end(),
                                [&](size_t i) { return std::binary_search(zeroArea.begin(), zeroArea.end(), i); }),
                 repaired.end());
  if (!repaired.empty()) layer->loadWarnings.push_back({LoadIssue::RepairedGeometry, labelsOf(repaired)});
  if (!zeroArea.empty()) layer->loadWarnings.push_back({LoadIssue::ZeroArea, labelsOf(zeroArea)});
  if (layer->kind == GeometryKind::Polygon && !noGeometry.empty() && polygons > 0) {
    // A boundary feature without a shape can hold no point and draws nothing: it is left out, said by name.
    layer->loadWarnings.push_back({LoadIssue::NoGeometry, labelsOf(noGeometry)});
    for (auto it = noGeometry.rbegin(); it != noGeometry.rend(); ++it)
      layer->features.erase(layer->features.begin() + std::ptrdiff_t(*it));
  }
  // The fields, guessed again now that the values are known (names alone pick a country_code).
  layer->nameField = guessNameField(layer->fieldNames, layer->features);
  layer->codeField = guessCodeField(layer->fieldNames, layer->features);
  if (layer->kind == GeometryKind::Polygon && layer->codeField >= 0) {
    std::vector<std::string> codesInOrder;
    std::map<std::string, size_t> count;
    for (size_t i = 0; i < layer->features.size(); ++i) {
      const std::string code = layer->featureCode(i);
      if (!code.empty() && count[code]++ == 1) codesInOrder.push_back(code);
    }
    std::vector<std::string> duplicates;
    for (const auto& code : codesInOrder) duplicates.push_back(code + " \xC3\x97" + std::to_string(count[code]));
    if (!duplicates.empty()) layer->loadWarnings.push_back({LoadIssue::DuplicateCode, duplicates});
  }

  if (layer->kind != GeometryKind::Polygon) {
    layer->style.fillMode = FillMode::Single;
    layer->style.outline = layer->kind == GeometryKind::Line ? Rgba{38, 110, 190, 255} : Rgba{120, 30, 30, 255};
    layer->style.fill = Rgba{220, 60, 60, 255};
    layer->style.outlineWidthPt = 1.0f;
    layer->style.showLabels = false;
  }
  layer->revision = 1;
  return layer;
}

// How well a field's name says "name" or "code": 3 for a known exact name (rank = its place in the
// list, earlier is better), 2 when it contains a known part, else 0.
struct NameFit {
  int score = 0;
  size_t rank = 1000;
};

NameFit fitOfName(const std::string& fieldName, std::initializer_list<const char*> exact,
                  std::initializer_list<const char*> contains) {
  const std::string name = lower(fieldName);
  size_t rank = 0;
  for (const char* want : exact) {
    if (name == lower(want)) return {3, rank};
    ++rank;
  }
  for (const char* want : contains) {
    if (name.find(lower(want)) != std::string::npos) return {2, rank};
    ++rank;
  }
  return {};
}

// A polygon code as boundary files write them: 4 or more digits ("3217010", "3217010001"), or three
// or more dot-separated digit groups ("32.17.01", "32.17.01.2001"), optionally after "ID" (HDX
// pcodes). Not a decimal number ("95.62"), a small id ("12") or a country code ("ID").
bool looksLikeCodeValue(std::string_view v) {
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  if (v.size() >= 2 && (v[0] == 'I' || v[0] == 'i') && (v[1] == 'D' || v[1] == 'd')) v.remove_prefix(2);
  size_t digits = 0, groups = 1;
  bool groupHasDigit = false;
  for (char c : v) {
    if (c >= '0' && c <= '9') {
      ++digits;
      groupHasDigit = true;
    } else if (c == '.' && groupHasDigit) {
      ++groups;
      groupHasDigit = false;
    } else {
      return false;
    }
  }
  if (!groupHasDigit) return false;
  return groups == 1 ? digits >= 4 : groups >= 3;
}

// A place name: a few words with letters ("Lembang", "CIKALONG WETAN", "Kec. Cipatat"), not a code,
// a number, a date or a sentence.
bool looksLikeNameValue(std::string_view v) {
  if (v.size() > 60 || looksLikeCodeValue(v)) return false;
  size_t letters = 0, words = 1;
  for (char c : v) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (std::isalpha(u) || u >= 0x80) ++letters;
    else if (c == ' ') ++words;
  }
  return letters >= 2 && words <= 6;
}

// What the features' values say about a field as a name or code field: +3 when nearly every filled
// value looks right and they are (nearly) all different, -1 when they look right but repeat (a
// parent's field, such as the kecamatan of a desa: passed over unless the field is named exactly
// "code" or the like, whose repeats are then warned about on load), -5 when they do not look right
// or are all empty; 0 without features to look at.
int fitOfValues(const std::vector<Feature>& features, size_t field, bool (*looksRight)(std::string_view)) {
  if (features.empty()) return 0;
  size_t filled = 0, right = 0;
  std::set<std::string_view> distinct;
  for (const Feature& f : features) {
    if (field >= f.values.size() || f.values[field].empty()) continue;
    ++filled;
    right += looksRight(f.values[field]);
    distinct.insert(f.values[field]);
  }
  if (filled == 0 || right * 10 < filled * 9) return -5;
  return distinct.size() * 5 >= filled * 4 ? 3 : -1;
}

// The field with the best name fit plus value fit, if that reaches 2 (a name containing a known
// part, or values alone that look right and unique); ties go to the earlier known name, then the
// earlier field.
int guessField(const std::vector<std::string>& fieldNames, const std::vector<Feature>& features,
               bool (*looksRight)(std::string_view), std::initializer_list<const char*> exact,
               std::initializer_list<const char*> contains) {
  int best = -1, bestScore = 1;
  size_t bestRank = 0;
  for (size_t i = 0; i < fieldNames.size(); ++i) {
    const NameFit name = fitOfName(fieldNames[i], exact, contains);
    const int score = name.score + fitOfValues(features, i, looksRight);
    if (score > bestScore || (score == bestScore && best >= 0 && name.rank < bestRank)) {
      best = static_cast<int>(i);
      bestScore = score;
      bestRank = name.rank;
    }
  }
  return best;
}

}  // namespace

int guessNameField(const std::vector<std::string>& fieldNames, const std::vector<Feature>& features) {
  return guessField(fieldNames, features, looksLikeNameValue,
                    {"name", "nama", "WADMKC", "NAMOBJ", "KECAMATAN", "nama_kecamatan", "nama_kec", "nm_kec",
                     "NAME_3", "ADM3_EN", "ADM3_ID", "WADMKD", "DESA", "nama_desa", "NAME_4", "ADM4_EN", "label"},
                    {"nama", "name", "kecamatan", "desa"});
}

int guessCodeField(const std::vector<std::string>& fieldNames, const std::vector<Feature>& features) {
  return guessField(fieldNames, features, looksLikeCodeValue,
                    {"code", "kode", "KDCPUM", "kode_kec", "kd_kec", "kdkec", "KDEPUM", "kode_desa", "ADM3_PCODE",
                     "ADM4_PCODE", "kode_kemendagri", "bps_code", "kode_bps", "id"},
                    {"kode", "code", "pcode"});
}

BBox lonLatExtentOf(const std::string& path) {
  DatasetPtr ds = openVector(path);
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  BBox out;
  for (OGRLayer* layer : ds->GetLayers()) {
    OGREnvelope env;
    if (layer->GetExtent(&env, TRUE) != OGRERR_NONE) continue;
    const OGRSpatialReference* srs = layer->GetSpatialRef();
    if (!srs)
      throw InputError(path, "layer '" + std::string(layer->GetName()) +
                                 "' has no coordinate reference system (add a .prj file or open a copy with its CRS set)");
    OGRSpatialReference from(*srs);
    from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&from, &wgs84));
    double minx, miny, maxx, maxy;
    if (!ct || !ct->TransformBounds(env.MinX, env.MinY, env.MaxX, env.MaxY, &minx, &miny, &maxx, &maxy, 21))
      throw InputError(path, "extent cannot be converted to longitude/latitude (wrong CRS?)");
    out.add(Vec2{minx, miny});
    out.add(Vec2{maxx, maxy});
  }
  if (out.empty()) throw InputError(path, "has no features");
  if (out.minx < -180.0001 || out.maxx > 180.0001 || out.miny < -90.0001 || out.maxy > 90.0001)
    throw InputError(path, "coordinates lie outside the Earth's longitude/latitude range (wrong CRS?)");
  return out;
}

std::vector<std::string> loadWarningLines(const Layer& layer, Language language) {
  std::vector<std::string> out;
  const std::string file = fs::path(layer.path).filename().string();
  for (const LoadWarning& w : layer.loadWarnings) {
    const char* key = "";
    switch (w.issue) {
      case LoadIssue::RepairedGeometry: key = "load.repaired_geometry"; break;
      case LoadIssue::ZeroArea: key = "load.zero_area"; break;
      case LoadIssue::NoGeometry: key = "load.no_geometry"; break;
      case LoadIssue::DuplicateCode: key = "load.duplicate_code"; break;
    }
    constexpr size_t kNamed = 10;
    std::string names;
    for (size_t i = 0; i < w.features.size() && i < kNamed; ++i) names += (i ? ", " : "") + w.features[i];
    if (w.features.size() > kNamed) {
      std::string more = translate("load.and_more", language);
      more.replace(more.find("{n}"), 3, std::to_string(w.features.size() - kNamed));
      names += more;
    }
    std::string line = translate(key, language);
    line.replace(line.find("{n}"), 3, std::to_string(w.features.size()));
    out.push_back(file + ": " + line + ": " + names);
  }
  return out;
}

std::vector<std::string> loadWarningLines(const Layer& layer) { return loadWarningLines(layer, Language::English); }

LoadedLayers loadVectorFile(const std::string& path, const MapProjection& projection) {
  DatasetPtr ds = openVector(path);
  LoadedLayers out;
  for (OGRLayer* src : ds->GetLayers()) {
    if (src->GetFeatureCount(TRUE) == 0) continue;
    LayerPtr layer = readLayer(path, src, projection);
    bool anyGeometry = false;
    for (const auto& f : layer->features) anyGeometry |= !f.bbox.empty();
    if (!anyGeometry) continue;
    layer->displayName = fs::path(path).stem().string();
    if (ds->GetLayerCount() > 1) layer->displayName += " / " + layer->layerName;
    out.layers.push_back(std::move(layer));
  }
  if (out.layers.empty()) throw InputError(path, "has no features with geometry (empty layer)");
  std::stable_sort(out.layers.begin(), out.layers.end(), [](const LayerPtr& a, const LayerPtr& b) {
    return a->kind == GeometryKind::Polygon && b->kind != GeometryKind::Polygon;
  });
  return out;
}

LayerPtr loadBoundaryLayer(const std::string& path, const MapProjection& projection) {
  LoadedLayers loaded = loadVectorFile(path, projection);
  for (auto& layer : loaded.layers)
    if (layer->kind == GeometryKind::Polygon) return layer;
  const char* what = loaded.layers[0]->kind == GeometryKind::Point ? "points" : "lines";
  throw InputError(path, std::string("has no polygon layer (it holds ") + what +
                             "), so it cannot be the boundary layer; open it as a context layer instead");
}

}  // namespace pk
