#include "core/layer_io.h"
#include "core/database_source.h"
#include "core/geodesic_area.h"
#include "core/simple_ring.h"
#include "core/i18n.h"
#include "core/layer_cache.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cstdlib>
#include <atomic>
#include <cctype>
#include <cmath>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_set>
#include <thread>

namespace fs = std::filesystem;

namespace pk {

InputError::InputError(const std::string& path, const std::string& problem)
    // A database source is named whole (the table matters, not the last '/') and never with its password.
    : std::runtime_error((isDatabaseSource(path) ? redactSource(path) : fs::path(path).filename().string()) + ": " +
                         problem),
      path_(isDatabaseSource(path) ? redactSource(path) : path),
      problem_(problem) {}

void initGdal() {
  static std::once_flag once;
  std::call_once(once, [] {
    GDALAllRegister();
    // Errors are turned into InputError messages; GDAL must not print on its own.
    CPLSetErrorHandler(CPLQuietErrorHandler);
    // The app makes no network connection: no remote CRS grids, no HTTP.
    CPLSetConfigOption("PROJ_NETWORK", "OFF");
    CPLSetConfigOption("GDAL_HTTP_TIMEOUT", "1");
    // A database server that does not answer (wrong host, a firewall) must not hang a verb or the
    // window for minutes: libpq gives up after 10 s unless the planner set their own timeout.
    setenv("PGCONNECT_TIMEOUT", "10", /*overwrite=*/0);
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

// Whether `collected` (from polygonal `g`) is all of g as GEOS would judge it: one part per polygon,
// none dropped for a collapsed ring, and every ring closed.
bool collectedWhole(const OGRGeometry& g, const MultiPolygon& collected) {
  auto whole = [](const OGRPolygon* p) {
    const OGRLinearRing* shell = p->getExteriorRing();
    if (!shell || !shell->get_IsClosed()) return false;
    for (int i = 0; i < p->getNumInteriorRings(); ++i)
      if (!p->getInteriorRing(i)->get_IsClosed()) return false;
    return true;
  };
  if (wkbFlatten(g.getGeometryType()) == wkbPolygon) return collected.parts.size() == 1 && whole(g.toPolygon());
  const OGRMultiPolygon* mp = g.toMultiPolygon();
  if (size_t(mp->getNumGeometries()) != collected.parts.size()) return false;
  for (const OGRPolygon* p : mp)
    if (!whole(p)) return false;
  return true;
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

// What the geometry work found about one feature (besides the feature itself).
struct ShapeOutcome {
  bool noGeometry = false;  // empty or NULL geometry
  bool repaired = false;    // invalid polygon repaired with MakeValid
  bool worldSized = false;  // covers nearly the whole world (refused, by the feature's label)
  bool nonFinite = false;   // coordinates outside the map projection (refused)
  std::string problem;      // another refusal, its whole message
  std::string gdalFailure;  // a GDAL/GEOS failure raised while shaping it
};

// The coordinate transformations of one thread (OGRCoordinateTransformation is not thread-safe).
struct Transforms {
  // Source to map, source to lon/lat (world-sized check), map to lon/lat (areas of repaired or
  // projected shapes); one set per thread, as a PROJ transformation is not thread-safe. Source to
  // map is OGR's, or for a lon/lat source the same numbers through fasterLonLatToMap.
  std::unique_ptr<OGRCoordinateTransformation> ogrToMap, fasterToMap, toLonLat, mapToLonLat;
  OGRCoordinateTransformation* toMap = nullptr;
  bool lonLatSource = false;  // the source's own coordinates serve the geodesic area
  Transforms(const OGRSpatialReference& from, const MapProjection& projection) {
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    ogrToMap.reset(OGRCreateCoordinateTransformation(&from, &projection.srs()));
    if (ogrToMap) fasterToMap = fasterLonLatToMap(*ogrToMap, projection);
    toMap = fasterToMap ? fasterToMap.get() : ogrToMap.get();
    toLonLat.reset(OGRCreateCoordinateTransformation(&from, &wgs84));
    mapToLonLat.reset(OGRCreateCoordinateTransformation(&projection.srs(), &wgs84));
    lonLatSource = holdsLonLatDegrees(from);
  }
};

// The polygon in map coordinates taken back to lon/lat with this thread's transformation.
MultiPolygon backToLonLat(const MultiPolygon& map, OGRCoordinateTransformation& toLonLat) {
  MultiPolygon out = map;
  std::vector<double> xs, ys;
  for (auto& part : out.parts)
    for (auto& ring : part.rings) {
      xs.resize(ring.size());
      ys.resize(ring.size());
      for (size_t k = 0; k < ring.size(); ++k) xs[k] = ring[k].x, ys[k] = ring[k].y;
      toLonLat.Transform(int(ring.size()), xs.data(), ys.data());
      for (size_t k = 0; k < ring.size(); ++k) ring[k] = {xs[k], ys[k]};
    }
  return out;
}

// The geometry work of one feature, which needs no GDAL dataset: refuse world-sized shapes, reproject
// `g` (read from the file, owned) into the map CRS, repair invalid polygons, collect the parts, bbox
// and area into `f`.
ShapeOutcome shapeFeature(std::unique_ptr<OGRGeometry> g, GIntBig fid, Feature& f, const Transforms& t,
                          const std::string& srcCrs) {
  ShapeOutcome out;
  Feature lonLat;  // the source's own lon/lat, for the geodesic area without taking the map polygon back
  CPLErrorReset();
  if (!g || g->IsEmpty()) {
    out.noGeometry = true;
  } else {
    OGREnvelope env;
    g->getEnvelope(&env);
    double minLon, minLat, maxLon, maxLat;
    if (t.toLonLat && t.toLonLat->TransformBounds(env.MinX, env.MinY, env.MaxX, env.MaxY, &minLon, &minLat, &maxLon,
                                                  &maxLat, 21) &&
        (maxLon - minLon >= kWorldLonSpan || maxLat - minLat >= kWorldLatSpan)) {
      out.worldSized = true;
      return out;
    }
    // Curves (CURVEPOLYGON in GeoPackage) become rings first, so validity and repair see what is drawn.
    if (g->hasCurveGeometry()) g.reset(g->getLinearGeometry());
    if (t.lonLatSource) collectGeometry(g.get(), lonLat);
    if (g->transform(t.toMap) != OGRERR_NONE) {
      out.problem = "coordinates of feature " + std::to_string(fid) + " cannot be reprojected from " + srcCrs +
                    " (wrong CRS?)";
      return out;
    }
    collectGeometry(g.get(), f);
    // Most polygons are rings apart from each other, told valid exactly without GEOS (whose check
    // took a third of loading a national layer); the rest are asked of GEOS.
    if (isPolygonal(*g) && !(collectedWhole(*g, f.polygon) && certainlyValid(f.polygon)) && !g->IsValid()) {
      g = repairedPolygons(*g);
      out.repaired = true;
      lonLat = {};  // the area is the repaired polygon's
      f.polygon = {};
      collectGeometry(g.get(), f);
    }
  }
  for (const auto& part : f.polygon.parts)
    for (const auto& p : part.rings[0]) f.bbox.add(p);
  for (const auto& l : f.lines)
    for (const auto& p : l) f.bbox.add(p);
  for (const auto& p : f.points) f.bbox.add(p);
  for (const auto& coord : {f.bbox.minx, f.bbox.maxx, f.bbox.miny, f.bbox.maxy})
    if (!f.bbox.empty() && !std::isfinite(coord)) out.nonFinite = true;
  f.areaKm2 = !lonLat.polygon.parts.empty() ? geodesicAreaKm2(lonLat.polygon)
             : f.polygon.parts.empty()      ? 0
                                            : geodesicAreaKm2(backToLonLat(f.polygon, *t.mapToLonLat));
  if (CPLGetLastErrorType() == CE_Failure) out.gdalFailure = lastGdalError();
  return out;
}

// What a freshly loaded layer starts with besides its contents (also for one read from the layer cache):
// context layers (lines, points) drawn plainly, without labels.
void setLoadedDefaults(Layer& layer) {
  if (layer.kind != GeometryKind::Polygon) {
    layer.style.fillMode = FillMode::Single;
    layer.style.outline = layer.kind == GeometryKind::Line ? Rgba{38, 110, 190, 255} : Rgba{120, 30, 30, 255};
    layer.style.fill = Rgba{220, 60, 60, 255};
    layer.style.outlineWidthPt = 1.0f;
    layer.style.showLabels = false;
  }
  layer.revision = 1;
}

// Every file of the dataset (.shp with .dbf, .shx, .prj; a .gpkg), absolute, for the layer cache's key.
std::vector<std::string> datasetFiles(GDALDataset& ds, const std::string& absolutePath) {
  std::vector<std::string> out;
  char** list = ds.GetFileList();
  for (char** f = list; f && *f; ++f) out.push_back(fs::absolute(*f).lexically_normal().string());
  CSLDestroy(list);
  if (out.empty()) out.push_back(absolutePath);
  return out;
}

// Features read from the file, in file order, waiting for (or done with) their geometry work.
struct FeatureBatch {
  size_t first = 0;  // index of its first feature in the file
  std::vector<Feature> features;
  std::vector<std::unique_ptr<OGRGeometry>> geometries;
  std::vector<GIntBig> fids;
  std::vector<ShapeOutcome> outcomes;
  bool shaped = false;  // its geometry work is done (under readFeatures' lock)
};

// Reads the features of `src` on this thread (a GDAL dataset is not thread-safe) in batches, while one
// thread per element of `transforms` does their geometry work (shapeFeature); returns the batches in
// file order. `readFailure` gets GDAL's message when reading itself failed. `shaped`, when given, sees
// each batch once its geometry work is done, in file order, on a thread of its own (it must not throw).
std::vector<std::unique_ptr<FeatureBatch>> readFeatures(OGRLayer* src, const std::vector<Transforms>& transforms,
                                                        const std::string& srcCrs, std::string& readFailure,
                                                        const std::function<void(const FeatureBatch&)>& shaped) {
  constexpr size_t kBatch = 64;
  constexpr size_t kAhead = 16;  // batches read ahead of the workers at most: bounds the geometries held
  std::vector<std::unique_ptr<FeatureBatch>> batches;  // grown under the lock; a worker holds its batch
  std::mutex mutex;
  std::condition_variable readable, writable, shapedInOrder;
  size_t taken = 0, done = 0;
  bool finished = false;
  // The first refused feature: reading feature by feature stops there, so features after it need no work.
  std::atomic<size_t> firstRefused{SIZE_MAX};
  auto work = [&](const Transforms& t) {
    for (;;) {
      FeatureBatch* batch;
      {
        std::unique_lock lock(mutex);
        readable.wait(lock, [&] { return taken < batches.size() || finished; });
        if (taken == batches.size()) return;
        batch = batches[taken++].get();
      }
      batch->outcomes.resize(batch->features.size());
      for (size_t k = 0; k < batch->features.size() && batch->first + k < firstRefused; ++k) {
        const ShapeOutcome& o = batch->outcomes[k] =
            shapeFeature(std::move(batch->geometries[k]), batch->fids[k], batch->features[k], t, srcCrs);
        if (o.worldSized || !o.problem.empty()) {
          size_t seen = firstRefused;
          while (batch->first + k < seen && !firstRefused.compare_exchange_weak(seen, batch->first + k)) {}
        }
      }
      batch->geometries.clear();
      {
        std::lock_guard lock(mutex);
        ++done;
        batch->shaped = true;
      }
      writable.notify_one();
      shapedInOrder.notify_one();
    }
  };
  auto finish = [&] {
    {
      std::lock_guard lock(mutex);
      finished = true;
    }
    readable.notify_all();
    shapedInOrder.notify_all();
  };
  std::vector<std::jthread> workers;
  for (const Transforms& t : transforms) workers.emplace_back(work, std::cref(t));
  // Ends once reading has finished and every batch read has been seen (the workers shape them all,
  // also when reading throws), so it is joined after `finishOnExit` has run.
  std::jthread inOrder;
  if (shaped)
    inOrder = std::jthread([&] {
      for (size_t next = 0;; ++next) {
        FeatureBatch* batch;
        {
          std::unique_lock lock(mutex);
          shapedInOrder.wait(lock, [&] { return (next < batches.size() && batches[next]->shaped) || (finished && next == batches.size()); });
          if (next == batches.size()) return;
          batch = batches[next].get();
        }
        shaped(*batch);
      }
    });
  struct FinishOnExit {
    decltype(finish)& f;
    ~FinishOnExit() { f(); }  // also when reading throws, so the workers end and can be joined
  } finishOnExit{finish};

  const int fieldCount = src->GetLayerDefn()->GetFieldCount();
  size_t read = 0;
  auto batch = std::make_unique<FeatureBatch>();
  auto publish = [&] {
    {
      std::unique_lock lock(mutex);
      writable.wait(lock, [&] { return batches.size() - done < kAhead; });
      batches.push_back(std::move(batch));
    }
    readable.notify_one();
    batch = std::make_unique<FeatureBatch>();
    batch->first = read;
  };
  CPLErrorReset();
  src->ResetReading();
  while (OGRFeatureUniquePtr feature{src->GetNextFeature()}) {
    Feature f;
    f.values.resize(size_t(fieldCount));
    for (int i = 0; i < fieldCount; ++i)
      if (feature->IsFieldSetAndNotNull(i)) f.values[size_t(i)] = feature->GetFieldAsString(i);
    batch->features.push_back(std::move(f));
    batch->geometries.emplace_back(feature->StealGeometry());
    batch->fids.push_back(feature->GetFID());
    ++read;
    if (batch->features.size() == kBatch) publish();
  }
  if (CPLGetLastErrorType() == CE_Failure) readFailure = lastGdalError();
  if (!batch->features.empty()) publish();
  finish();
  workers.clear();  // joins
  if (inOrder.joinable()) inOrder.join();
  return batches;
}

// `src` describes the layer (name, CRS, fields); `rows` gives its features (the same layer for a file,
// the table's rows in key order for a database).
LayerPtr readLayer(const std::string& path, OGRLayer* src, OGRLayer* rows, const MapProjection& projection, LoadFor use) {
  const OGRSpatialReference* srcSrs = src->GetSpatialRef();
  const std::string where = src->GetName();
  if (!srcSrs)
    throw InputError(path, "layer '" + where + "' has no coordinate reference system (add a .prj file or open a copy with its CRS set)");
  OGRSpatialReference from(*srcSrs);
  from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  const std::string srcCrs = crsName(srcSrs);
  // The geometry work runs on 2 threads while this one reads, each with its own transformations.
  constexpr int kWorkers = 2;
  std::vector<Transforms> transforms;
  for (int t = 0; t < kWorkers; ++t) transforms.emplace_back(from, projection);
  if (!transforms[0].toMap) throw InputError(path, "cannot reproject from " + srcCrs + " to " + projection.name());

  auto layer = std::make_shared<Layer>();
  layer->path = isDatabaseSource(path) ? path : fs::absolute(path).lexically_normal().string();
  layer->layerName = where;
  layer->sourceCrs = srcCrs;
  OGRFeatureDefn* defn = src->GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i) layer->fieldNames.push_back(defn->GetFieldDefn(i)->GetNameRef());

  // Everything after the geometry work goes in file order.
  std::string readFailure;
  // To be drawn, the features' vertices are numbered for the drawing topology as they come (the most
  // of building it, which would otherwise wait for the whole file), its tables sized from the file:
  // GeoPackage and shapefile geometries take 16 bytes a vertex and a little more (national layers
  // 17-22 bytes), and a table too big for the vertices costs memory, one too small copies.
  std::optional<PolygonTopology::Builder> topology;
  bool numberingFailed = false;
  std::function<void(const FeatureBatch&)> numberVertices;
  if (use == LoadFor::Drawing) {
    std::error_code ec;
    const auto bytes = isDatabaseSource(path) ? 0 : fs::file_size(path, ec);
    const std::string extension = lower(fs::path(path).extension().string());
    topology.emplace(!ec && (extension == ".gpkg" || extension == ".shp") ? size_t(bytes / 20) : 0);
    // On readFeatures' own thread, where an exception would end the process: a failure (out of
    // memory) only leaves the topology for the renderer to build later, as before.
    numberVertices = [&](const FeatureBatch& batch) {
      if (numberingFailed) return;
      try {
        for (const Feature& f : batch.features) topology->add(&f.polygon);
      } catch (const std::exception&) {
        numberingFailed = true;
      }
    };
  }
  std::vector<std::unique_ptr<FeatureBatch>> batches = readFeatures(rows, transforms, srcCrs, readFailure, numberVertices);
  if (numberingFailed) topology.reset();
  size_t total = 0;
  for (const auto& b : batches) total += b->features.size();
  layer->features.reserve(total);
  std::vector<GIntBig> fids;
  std::vector<ShapeOutcome> outcomes;
  fids.reserve(total);
  outcomes.reserve(total);
  for (auto& b : batches) {
    for (auto& f : b->features) layer->features.push_back(std::move(f));
    fids.insert(fids.end(), b->fids.begin(), b->fids.end());
    for (auto& o : b->outcomes) outcomes.push_back(std::move(o));
    b.reset();
  }

  // How warnings and refusals name a feature (by index in file order), with the fields guessed from
  // the values; set once the features without geometry are left out (they take no part in the guess).
  std::vector<const std::vector<std::string>*> valuesInFileOrder;
  auto label = [&](size_t i) {
    return featureLabel(*valuesInFileOrder[i], layer->nameField, layer->codeField, fids[i]);
  };
  auto guessFields = [&] {
    // The two guesses read the same values and nothing else: side by side on a big layer.
    auto guessName = [&] { layer->nameField = guessNameField(layer->fieldNames, layer->features); };
    std::jthread nameGuess;
    if (layer->features.size() >= 20000)
      nameGuess = std::jthread(guessName);
    else
      guessName();
    layer->codeField = guessCodeField(layer->fieldNames, layer->features);
  };

  // Refusals in file order: the first refused feature, as reading feature by feature would have stopped there.
  for (size_t i = 0; i < outcomes.size(); ++i) {
    if (outcomes[i].worldSized) {
      guessFields();
      for (const auto& f : layer->features) valuesInFileOrder.push_back(&f.values);
      throw InputError(path, "feature " + label(i) +
                                 " covers nearly the whole world, which no boundary does (a placeholder or "
                                 "wrong coordinates?); remove it from the file");
    }
    if (!outcomes[i].problem.empty()) throw InputError(path, outcomes[i].problem);
  }
  // The last failure, as reading feature by feature would have left it: reading's own, else the last feature's.
  std::string gdalFailure = readFailure;
  for (auto it = outcomes.rbegin(); it != outcomes.rend() && gdalFailure.empty(); ++it) gdalFailure = it->gdalFailure;
  if (!gdalFailure.empty())
    throw InputError(path, isDatabaseSource(path) ? "cannot be read: " + databaseReadFailure(gdalFailure, path)
                                                  : "is damaged or truncated (" + gdalFailure + ")");
  for (const auto& o : outcomes)
    if (o.nonFinite)
      throw InputError(path, "coordinates fall outside the map projection " + projection.name() + " (wrong CRS?)");

  size_t polygons = 0, lines = 0, points = 0;
  std::vector<size_t> repaired, noGeometry;  // feature indices
  for (size_t i = 0; i < layer->features.size(); ++i) {
    const Feature& f = layer->features[i];
    if (outcomes[i].noGeometry) noGeometry.push_back(i);
    if (outcomes[i].repaired) repaired.push_back(i);
    if (!f.polygon.parts.empty()) ++polygons;
    if (!f.lines.empty()) ++lines;
    if (!f.points.empty()) ++points;
  }
  if (polygons > 0) layer->kind = GeometryKind::Polygon;
  else if (lines > 0) layer->kind = GeometryKind::Line;
  else if (points > 0) layer->kind = GeometryKind::Point;
  else layer->kind = kindOf(src->GetGeomType());

  std::vector<size_t> zeroArea;
  for (size_t i = 0; i < layer->features.size(); ++i) {
    Feature& f = layer->features[i];
    if (layer->kind == GeometryKind::Polygon) {
      // Under a square metre is a ring folded onto itself, not a place: no area, so no density.
      const bool hadGeometry = !outcomes[i].noGeometry;
      if (hadGeometry && !(f.areaKm2 >= 1e-6)) {
        f.areaKm2 = 0;
        zeroArea.push_back(i);
      }
    }
    layer->bbox.add(f.bbox);
  }

  // A boundary feature without a shape can hold no point and draws nothing: it is left out, said by name.
  const bool dropNoGeometry = layer->kind == GeometryKind::Polygon && !noGeometry.empty() && polygons > 0;
  std::vector<Feature> dropped;
  if (dropNoGeometry) {
    std::vector<Feature> kept;
    kept.reserve(layer->features.size() - noGeometry.size());
    for (size_t i = 0; i < layer->features.size(); ++i)
      (outcomes[i].noGeometry ? dropped : kept).push_back(std::move(layer->features[i]));
    layer->features = std::move(kept);
  }
  // The fields, guessed from the values (names alone pick a country_code), before any feature is named.
  guessFields();
  for (size_t i = 0, k = 0, d = 0; i < outcomes.size(); ++i)
    valuesInFileOrder.push_back(dropNoGeometry && outcomes[i].noGeometry ? &dropped[d++].values
                                                                         : &layer->features[k++].values);

  auto labelsOf = [&](const std::vector<size_t>& indices) {
    std::vector<std::string> out;
    for (size_t i : indices) out.push_back(label(i));
    return out;
  };
  // A repair that leaves no area is said once, as zero area.
  repaired.erase(std::remove_if(repaired.begin(), repaired.end(),
                                [&](size_t i) { return std::binary_search(zeroArea.begin(), zeroArea.end(), i); }),
                 repaired.end());
  if (!repaired.empty()) layer->loadWarnings.push_back({LoadIssue::RepairedGeometry, labelsOf(repaired)});
  if (!zeroArea.empty()) layer->loadWarnings.push_back({LoadIssue::ZeroArea, labelsOf(zeroArea)});
  if (dropNoGeometry) layer->loadWarnings.push_back({LoadIssue::NoGeometry, labelsOf(noGeometry)});
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

  setLoadedDefaults(*layer);
  if (topology && layer->kind == GeometryKind::Polygon) {
    topology->finishAdding(dropNoGeometry ? noGeometry : std::vector<size_t>{});
    layer->loadedTopology.keep(std::move(*topology), layer->features, layer->revision);
  }
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
// or are all empty; 0 without features to look at. Place names repeat across a country (a quarter of
// Indonesia's desa share a name with another), so for names half of the values being different
// gives +2: still far above a parent's field (a kecamatan's name repeats for each of its ~12 desa).
enum class Repeats { Rare, Common };
int fitOfValues(const std::vector<Feature>& features, size_t field, bool (*looksRight)(std::string_view),
                Repeats repeats) {
  if (features.empty()) return 0;
  size_t filled = 0, right = 0;
  for (const Feature& f : features) {
    if (field >= f.values.size() || f.values[field].empty()) continue;
    ++filled;
    right += looksRight(f.values[field]);
  }
  if (filled == 0 || right * 10 < filled * 9) return -5;
  // Counted only for values that look right: on a national desa layer a set of 82,000 values per
  // field and guess was a tenth of a second of loading.
  std::unordered_set<std::string_view> distinct;
  distinct.reserve(filled);
  for (const Feature& f : features)
    if (field < f.values.size() && !f.values[field].empty()) distinct.insert(f.values[field]);
  if (distinct.size() * 5 >= filled * 4) return 3;
  return repeats == Repeats::Common && distinct.size() * 2 >= filled ? 2 : -1;
}

// The field with the best name fit plus value fit, if that reaches 2 (a name containing a known
// part, or values alone that look right and unique); ties go to the earlier known name, then the
// earlier field.
int guessField(const std::vector<std::string>& fieldNames, const std::vector<Feature>& features,
               bool (*looksRight)(std::string_view), Repeats repeats, std::initializer_list<const char*> exact,
               std::initializer_list<const char*> contains) {
  int best = -1, bestScore = 1;
  size_t bestRank = 0;
  for (size_t i = 0; i < fieldNames.size(); ++i) {
    const NameFit name = fitOfName(fieldNames[i], exact, contains);
    const int score = name.score + fitOfValues(features, i, looksRight, repeats);
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
  return guessField(fieldNames, features, looksLikeNameValue, Repeats::Common,
                    {"name", "nama", "WADMKC", "NAMOBJ", "KECAMATAN", "nama_kecamatan", "nama_kec", "nm_kec",
                     "NAME_3", "ADM3_EN", "ADM3_ID", "WADMKD", "DESA", "nama_desa", "NAME_4", "ADM4_EN", "label"},
                    {"nama", "name", "kecamatan", "desa"});
}

int guessCodeField(const std::vector<std::string>& fieldNames, const std::vector<Feature>& features) {
  return guessField(fieldNames, features, looksLikeCodeValue, Repeats::Rare,
                    {"code", "kode", "KDCPUM", "kode_kec", "kd_kec", "kdkec", "KDEPUM", "kode_desa", "ADM3_PCODE",
                     "ADM4_PCODE", "kode_kemendagri", "bps_code", "kode_bps", "id"},
                    {"kode", "code", "pcode"});
}

namespace {

// A database table's geometry, checked before it is read as a map layer.
void requireDatabaseGeometry(const std::string& source, const DatabaseTable& db) {
  if (!db.hasGeometry())
    throw InputError(source, "table " + db.name() +
                                 " has no geometry column, so it cannot be a map layer or the boundaries (open it as "
                                 "a list or per-polygon table instead)");
  if (!db.table().GetSpatialRef())
    throw InputError(source, "table " + db.name() +
                                 " has no coordinate system (SRID 0); set one with UpdateGeometrySRID");
}

// The one table of a database source as a map layer: read in key order, never cached (the table
// changes without a file date to tell).
LoadedLayers loadDatabaseTable(const std::string& source, const MapProjection& projection, LoadFor use) {
  DatabaseTable db(source);
  requireDatabaseGeometry(source, db);
  OGRLayer& rows = db.rows();
  CPLErrorReset();
  const bool anyRow = OGRFeatureUniquePtr(rows.GetNextFeature()) != nullptr;
  if (!anyRow && CPLGetLastErrorType() == CE_Failure) throw InputError(source, "cannot be read: " + db.readFailure());
  if (!anyRow) throw InputError(source, "table " + db.name() + " has no features (no rows)");
  LayerPtr layer = readLayer(source, &db.table(), &db.rows(), projection, use);
  bool anyGeometry = false;
  for (const auto& f : layer->features) anyGeometry |= !f.bbox.empty();
  if (!anyGeometry) throw InputError(source, "table " + db.name() + " has no features with geometry (all NULL or empty)");
  layer->layerName = layer->displayName = db.name();
  LoadedLayers out;
  out.layers.push_back(std::move(layer));
  return out;
}

}  // namespace

BBox lonLatExtentOf(const std::string& path) {
  std::optional<DatabaseTable> db;
  DatasetPtr ds;
  std::vector<OGRLayer*> layers;
  if (isDatabaseSource(path)) {
    db.emplace(path);
    requireDatabaseGeometry(path, *db);
    layers.push_back(&db->table());
  } else {
    ds = openVector(path);
    for (OGRLayer* layer : ds->GetLayers()) layers.push_back(layer);
  }
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  BBox out;
  for (OGRLayer* layer : layers) {
    OGREnvelope env;
    CPLErrorReset();
    if (layer->GetExtent(&env, TRUE) != OGRERR_NONE) {
      if (db && CPLGetLastErrorType() == CE_Failure) throw InputError(path, "cannot be read: " + db->readFailure());
      continue;
    }
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
  if (out.empty()) throw InputError(path, db ? "table " + db->name() + " has no features (no rows)" : "has no features");
  if (out.minx < -180.0001 || out.maxx > 180.0001 || out.miny < -90.0001 || out.maxy > 90.0001)
    throw InputError(path, "coordinates lie outside the Earth's longitude/latitude range (wrong CRS?)");
  return out;
}

std::vector<std::string> loadWarningLines(const Layer& layer, Language language) {
  std::vector<std::string> out;
  const std::string file =
      isDatabaseSource(layer.path) ? redactSource(layer.path) : fs::path(layer.path).filename().string();
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

LoadedLayers loadVectorFile(const std::string& path, const MapProjection& projection, LoadFor use) {
  if (isDatabaseSource(path)) return loadDatabaseTable(path, projection, use);
  DatasetPtr ds = openVector(path);
  LoadedLayers out;
  // A big file opened before with the same map CRS and unchanged since comes from the layer cache.
  const std::string absolutePath = fs::absolute(path).lexically_normal().string();
  const std::optional<LayerCacheKey> cacheKey = layerCacheKey(absolutePath, datasetFiles(*ds, absolutePath), projection.epsg());
  if (cacheKey)
    if (std::optional<std::vector<LayerPtr>> cached = readLayerCache(*cacheKey)) {
      out.layers = std::move(*cached);
      for (const LayerPtr& layer : out.layers) {
        layer->path = absolutePath;
        setLoadedDefaults(*layer);
      }
      out.fromCache = true;
      setDerivedCacheSlots(*cacheKey, out.layers);
      return out;
    }
  for (OGRLayer* src : ds->GetLayers()) {
    // Skips empty layers without counting every feature (a full scan of a GeoJSON or a GPKG without a
    // stored count): one feature read says enough.
    src->ResetReading();
    if (!OGRFeatureUniquePtr(src->GetNextFeature())) continue;
    LayerPtr layer = readLayer(path, src, src, projection, use);
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
  if (cacheKey && layerCacheAccepts(out.layers)) {
    writeLayerCache(*cacheKey, out.layers);
    setDerivedCacheSlots(*cacheKey, out.layers);
  }
  return out;
}

LayerPtr loadBoundaryLayer(const std::string& path, const MapProjection& projection, LoadFor use) {
  LoadedLayers loaded = loadVectorFile(path, projection, use);
  for (auto& layer : loaded.layers)
    if (layer->kind == GeometryKind::Polygon) return layer;
  const char* what = loaded.layers[0]->kind == GeometryKind::Point ? "points" : "lines";
  throw InputError(path, std::string("has no polygon layer (it holds ") + what +
                             "), so it cannot be the boundary layer; open it as a context layer instead");
}

}  // namespace pk
