#include <doctest/doctest.h>

#include <gdal_utils.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <array>
#include <cmath>
#include <map>
#include <set>

#include "core/layer_io.h"
#include "core/map_document.h"
#include "geodesic_reference.h"
#include "test_support.h"
#include "vector_file_fixture.h"

using namespace pk;
using pk::test::TempDir;

namespace {

// Converts the reference kecamatan file into another format/CRS with GDAL's ogr2ogr.
std::string convert(const std::string& src, const std::string& dst, const std::string& format,
                    const std::string& dstSrs = "") {
  initGdal();
  std::vector<std::string> args = {"-f", format, "-nlt", "PROMOTE_TO_MULTI"};
  if (!dstSrs.empty()) args.insert(args.end(), {"-t_srs", dstSrs});
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  GDALVectorTranslateOptions* opts = GDALVectorTranslateOptionsNew(argv.data(), nullptr);
  GDALDatasetH in = GDALOpenEx(src.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
  REQUIRE(in != nullptr);
  int usageError = 0;
  GDALDatasetH out = GDALVectorTranslate(dst.c_str(), nullptr, 1, &in, opts, &usageError);
  GDALVectorTranslateOptionsFree(opts);
  GDALClose(in);
  REQUIRE(out != nullptr);
  GDALClose(out);
  return dst;
}

std::map<std::string, double> areasByCode(const Layer& layer) {
  std::map<std::string, double> out;
  for (size_t i = 0; i < layer.features.size(); ++i) out[layer.featureCode(i)] = layer.features[i].areaKm2;
  return out;
}

const MapProjection& utm48s() {
  static MapProjection p(32748);
  return p;
}

std::string kecamatanShp() { return pk::test::sharedGeodata("kbb_kecamatan.shp").string(); }

}  // namespace

TEST_CASE("the projection is the UTM zone of the data's centre: 48S for Bandung Barat") {
  const BBox ll = lonLatExtentOf(kecamatanShp());
  CHECK(ll.minx == doctest::Approx(107.181938).epsilon(1e-6));
  CHECK(ll.maxy == doctest::Approx(-6.688515).epsilon(1e-6));
  CHECK(utmEpsgFor(ll.center().x, ll.center().y) == 32748);
  CHECK(utmEpsgFor(-3.7, 40.4) == 32630);
  MapDocument doc;
  doc.openFile(kecamatanShp());
  REQUIRE(doc.projection);
  CHECK(doc.projection->epsg() == 32748);
}

TEST_CASE("areas of the 16 real kecamatan match the reference table within 0.5%") {
  const std::map<std::string, double> expected = {
      {"32.17.01", 95.62},  {"32.17.02", 42.44},  {"32.17.03", 52.97}, {"32.17.04", 115.71},
      {"32.17.05", 84.36},  {"32.17.06", 32.03},  {"32.17.07", 120.41}, {"32.17.08", 52.86},
      {"32.17.09", 28.13},  {"32.17.10", 38.35},  {"32.17.11", 67.08}, {"32.17.12", 78.37},
      {"32.17.13", 116.94}, {"32.17.14", 108.03}, {"32.17.15", 167.62}, {"32.17.16", 44.15}};
  LayerPtr layer = loadBoundaryLayer(kecamatanShp(), utm48s());
  REQUIRE(layer->features.size() == 16);
  CHECK(layer->fieldNames[layer->nameField] == "name");
  CHECK(layer->fieldNames[layer->codeField] == "code");
  const auto areas = areasByCode(*layer);
  double total = 0;
  for (const auto& [code, km2] : expected) {
    INFO(code);
    REQUIRE(areas.count(code) == 1);
    CHECK(std::abs(areas.at(code) - km2) / km2 < 0.005);
    total += areas.at(code);
  }
  CHECK(total == doctest::Approx(1245.06).epsilon(0.005));
  // Cililin has 7 parts in the real data.
  for (size_t i = 0; i < layer->features.size(); ++i)
    if (layer->featureName(i) == "Cililin") CHECK(layer->features[i].polygon.parts.size() == 7);
}

TEST_CASE("every supported format loads with the same areas") {
  TempDir tmp;
  const auto reference = areasByCode(*loadBoundaryLayer(kecamatanShp(), utm48s()));
  const std::vector<std::pair<std::string, std::string>> formats = {
      {"kec.gpkg", "GPKG"}, {"kec.geojson", "GeoJSON"}, {"kec.fgb", "FlatGeobuf"}, {"kec.kml", "KML"},
      {"kec_copy.shp", "ESRI Shapefile"}};
  for (const auto& [name, driver] : formats) {
    INFO(driver);
    const std::string path = convert(kecamatanShp(), tmp.file(name), driver);
    LayerPtr layer = loadBoundaryLayer(path, utm48s());
    REQUIRE(layer->features.size() == 16);
    if (driver == "KML") {
      // KML keeps the name as <name>; codes live in extended data.
      CHECK(layer->nameField >= 0);
      double total = 0;
      for (const auto& f : layer->features) total += f.areaKm2;
      CHECK(total == doctest::Approx(1245.06).epsilon(0.005));
      continue;
    }
    const auto areas = areasByCode(*layer);
    for (const auto& [code, km2] : reference) CHECK(areas.at(code) == doctest::Approx(km2).epsilon(1e-6));
  }
}

TEST_CASE("the same layer in EPSG:4326, EPSG:32748 and Indonesian TM-3 gives the same areas within 0.1%") {
  TempDir tmp;
  const auto reference = areasByCode(*loadBoundaryLayer(kecamatanShp(), utm48s()));
  for (const std::string srs : {"EPSG:32748", "EPSG:23834", "EPSG:23833"}) {
    INFO(srs);
    const std::string path = convert(kecamatanShp(), tmp.file("kec_" + srs.substr(5) + ".gpkg"), "GPKG", srs);
    MapDocument doc;
    doc.openFile(path);
    CHECK(doc.projection->epsg() == 32748);  // chosen from the extent, whatever the file's CRS
    const auto areas = areasByCode(*doc.boundary());
    for (const auto& [code, km2] : reference) CHECK(std::abs(areas.at(code) - km2) / km2 < 0.001);
  }
}

TEST_CASE("point and line layers open as context layers, not as the boundary") {
  TempDir tmp;
  const std::string csv = pk::test::sharedGeodata("kbb_desa_points.csv").string();
  // A GeoJSON of points built from the desa points.
  initGdal();
  const std::string points = tmp.file("points.geojson");
  {
    std::string text = "{\"type\":\"FeatureCollection\",\"features\":[";
    text += "{\"type\":\"Feature\",\"properties\":{\"name\":\"Kantor\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[107.5,-6.85]}},";
    text += "{\"type\":\"Feature\",\"properties\":{\"name\":\"Jalan\"},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[107.4,-6.8],[107.5,-6.9]]}}";
    text += "]}";
    pk::test::writeText(points, text);
  }
  MapDocument doc;
  doc.openFile(kecamatanShp());
  doc.openFile(points);
  REQUIRE(doc.layers.size() == 2);
  CHECK(doc.boundary()->kind == GeometryKind::Polygon);
  CHECK(doc.layers.back()->kind != GeometryKind::Polygon);  // drawn above the polygons
  try {
    loadBoundaryLayer(points, utm48s());
    FAIL("a point layer must not become the boundary layer");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("points.geojson") != std::string::npos);
    CHECK(std::string(e.what()).find("no polygon layer") != std::string::npos);
  }
}

namespace {
std::string loadError(const std::string& path) {
  try {
    MapDocument doc;
    doc.openBoundary(path);
  } catch (const InputError& e) {
    return e.what();
  } catch (const std::exception& e) {
    return std::string("UNEXPECTED: ") + e.what();
  }
  return "";
}

void copyShapefileSet(const std::string& stemFrom, const std::string& stemTo, std::initializer_list<const char*> exts) {
  for (const char* ext : exts) std::filesystem::copy_file(stemFrom + ext, stemTo + ext);
}
}  // namespace

TEST_CASE("bad input gives one clear line naming the file and the problem") {
  TempDir tmp;
  const std::string ref = pk::test::sharedGeodata("kbb_kecamatan").string();

  SUBCASE("missing path") {
    const std::string msg = loadError(tmp.file("nowhere.shp"));
    CHECK(msg == "nowhere.shp: file not found");
  }
  SUBCASE("shapefile without .shx") {
    copyShapefileSet(ref, tmp.file("noshx"), {".shp", ".dbf", ".prj"});
    const std::string msg = loadError(tmp.file("noshx.shp"));
    CHECK(msg.find("noshx.shp") == 0);
    CHECK(msg.find(".shx") != std::string::npos);
  }
  SUBCASE("shapefile without .dbf") {
    copyShapefileSet(ref, tmp.file("nodbf"), {".shp", ".shx", ".prj"});
    const std::string msg = loadError(tmp.file("nodbf.shp"));
    CHECK(msg.find("nodbf.shp") == 0);
    CHECK(msg.find(".dbf") != std::string::npos);
  }
  SUBCASE("file with no CRS") {
    copyShapefileSet(ref, tmp.file("noprj"), {".shp", ".shx", ".dbf"});
    const std::string msg = loadError(tmp.file("noprj.shp"));
    CHECK(msg.find("noprj.shp") == 0);
    CHECK(msg.find("no coordinate reference system") != std::string::npos);
  }
  SUBCASE("empty layer") {
    pk::test::writeText(tmp.file("empty.geojson"), "{\"type\":\"FeatureCollection\",\"features\":[]}");
    const std::string msg = loadError(tmp.file("empty.geojson"));
    CHECK(msg.find("empty.geojson") == 0);
    CHECK(msg.find("no features") != std::string::npos);
  }
  SUBCASE("truncated .shp") {
    copyShapefileSet(ref, tmp.file("cut"), {".shx", ".dbf", ".prj"});
    const std::string whole = pk::test::readText(ref + ".shp");
    pk::test::writeText(tmp.file("cut.shp"), whole.substr(0, whole.size() / 3));
    const std::string msg = loadError(tmp.file("cut.shp"));
    CHECK(msg.find("cut.shp") == 0);
    CHECK(msg.find("damaged or truncated") != std::string::npos);
  }
  SUBCASE("text file renamed .shp") {
    copyShapefileSet(ref, tmp.file("text"), {".shx", ".dbf", ".prj"});
    pk::test::writeText(tmp.file("text.shp"), "This is not a shapefile, just some notes from a meeting.\n");
    const std::string msg = loadError(tmp.file("text.shp"));
    CHECK(msg.find("text.shp") == 0);
    CHECK(msg.find("UNEXPECTED") == std::string::npos);
    CHECK(msg.find("not a readable vector file") != std::string::npos);
  }
  SUBCASE("plain text with an unknown extension") {
    pk::test::writeText(tmp.file("notes.txt"), "hello\n");
    const std::string msg = loadError(tmp.file("notes.txt"));
    CHECK(msg.find("notes.txt") == 0);
  }
  SUBCASE("a failed open leaves the document as it was") {
    MapDocument doc;
    doc.openFile(kecamatanShp());
    CHECK_THROWS_AS(doc.openFile(tmp.file("nowhere.gpkg")), InputError);
    CHECK(doc.layers.size() == 1);
    CHECK(doc.boundaryLayer == 0);
  }
}

TEST_CASE("field guessing knows Indonesian and BIG names") {
  CHECK(guessNameField({"OBJECTID", "KDCPUM", "WADMKC", "WADMKK"}) == 2);
  CHECK(guessCodeField({"OBJECTID", "KDCPUM", "WADMKC", "WADMKK"}) == 1);
  CHECK(guessNameField({"fid", "NAMOBJ", "REMARK"}) == 1);
  CHECK(guessNameField({"id", "Nama_Kecamatan"}) == 1);
  CHECK(guessCodeField({"kode", "nama"}) == 0);
  CHECK(guessNameField({"a", "b"}) == -1);
}

// ---- nonsense geometry (issue 9): repaired, warned by name, or refused ----
namespace {

// A GeoJSON FeatureCollection (EPSG:4326) of {name, code, geometry JSON} in Bandung Barat.
std::string geojsonOf(const std::vector<std::array<std::string, 3>>& features) {
  std::string text = "{\"type\":\"FeatureCollection\",\"features\":[";
  for (size_t i = 0; i < features.size(); ++i)
    text += std::string(i ? "," : "") + "{\"type\":\"Feature\",\"properties\":{\"name\":\"" + features[i][0] +
            "\",\"code\":\"" + features[i][1] + "\"},\"geometry\":" + features[i][2] + "}";
  return text + "]}";
}

const char* kSquare = "{\"type\":\"Polygon\",\"coordinates\":[[[107.50,-6.90],[107.52,-6.90],[107.52,-6.88],[107.50,-6.88],[107.50,-6.90]]]}";
const char* kBowtie = "{\"type\":\"Polygon\",\"coordinates\":[[[107.40,-6.90],[107.45,-6.85],[107.45,-6.90],[107.40,-6.85],[107.40,-6.90]]]}";
// An "inverted" polygon: the outer ring touches itself at (107.32, -6.86) and so encloses a hole
// without an inner ring (invalid in OGC terms: ring self-intersection).
const char* kTouchingHole = "{\"type\":\"Polygon\",\"coordinates\":[[[107.30,-6.90],[107.34,-6.90],[107.34,-6.86],[107.32,-6.86],"
                            "[107.33,-6.88],[107.31,-6.88],[107.32,-6.86],[107.30,-6.86],[107.30,-6.90]]]}";

// GDAL's own repair: the feature's geometry in the map projection, MakeValid, then back in lon/lat for its
// area on the ellipsoid (geod_polygonarea), in km².
double ogrRepairedAreaKm2(const std::string& path, const std::string& code) {
  GDALDataset* ds = static_cast<GDALDataset*>(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
  REQUIRE(ds);
  OGRLayer* layer = ds->GetLayer(0);
  OGRSpatialReference from(*layer->GetSpatialRef());
  from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&from, &utm48s().srs()));
  double area = -1;
  for (auto& f : *layer) {
    if (std::string(f->GetFieldAsString("code")) != code) continue;
    std::unique_ptr<OGRGeometry> g(f->GetGeometryRef()->clone());
    REQUIRE(g->transform(ct.get()) == OGRERR_NONE);
    CHECK_FALSE(g->IsValid());
    std::unique_ptr<OGRGeometry> valid(g->MakeValid());
    REQUIRE(valid);
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> back(OGRCreateCoordinateTransformation(&utm48s().srs(), &wgs84));
    REQUIRE(valid->transform(back.get()) == OGRERR_NONE);
    area = pk::test::geodesicAreaKm2(*valid);
  }
  GDALClose(ds);
  return area;
}

std::vector<std::string> warningsOf(const Layer& layer) { return loadWarningLines(layer); }

}  // namespace

TEST_CASE("invalid polygons are repaired with GEOS MakeValid, with one warning naming the file and features") {
  TempDir tmp;
  const std::string path = tmp.file("bowtie.geojson");
  pk::test::writeText(path, geojsonOf({{"Kotak", "3217010", kSquare}, {"Dasi", "3217020", kBowtie}, {"Lubang", "3217030", kTouchingHole}}));
  const LayerPtr layer = loadBoundaryLayer(path, utm48s());
  REQUIRE(layer->features.size() == 3);
  // Loading joins vertices straight in an equal-area projection, the reference by geodesics: on these
  // 2-4 km edges the two differ by about 1e-5 (core/geodesic_area.cpp).
  CHECK(layer->features[1].areaKm2 == doctest::Approx(ogrRepairedAreaKm2(path, "3217020")).epsilon(1e-4));
  CHECK(layer->features[2].areaKm2 == doctest::Approx(ogrRepairedAreaKm2(path, "3217030")).epsilon(1e-4));
  CHECK(layer->features[1].areaKm2 > 5);  // two triangles of the bowtie, not their signed sum (about 0)
  const auto lines = warningsOf(*layer);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].find("bowtie.geojson: ") == 0);
  CHECK(lines[0].find("repaired") != std::string::npos);
  CHECK(lines[0].find("Dasi (3217020), Lubang (3217030)") != std::string::npos);
  CHECK(lines[0].find("Kotak") == std::string::npos);
}

TEST_CASE("a part that collapses to a line is no valid polygon: repaired and named, though the rest is a clean ring") {
  TempDir tmp;
  const std::string path = tmp.file("sliver.geojson");
  // The quick validity check sees only what is collected, and a collapsed part is not: it must ask
  // GEOS, which finds the part invalid.
  pk::test::writeText(path, geojsonOf({{"Kotak", "3217010", kSquare},
      {"Sepotong", "3217020", "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[107.40,-6.90],[107.42,-6.90],[107.42,-6.88],"
                              "[107.40,-6.88],[107.40,-6.90]]],[[[107.60,-6.90],[107.61,-6.90],[107.60,-6.90],[107.60,-6.90]]]]}"}}));
  const LayerPtr layer = loadBoundaryLayer(path, utm48s());
  REQUIRE(layer->features.size() == 2);
  const auto lines = warningsOf(*layer);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].find("repaired") != std::string::npos);
  CHECK(lines[0].find("Sepotong (3217020)") != std::string::npos);
  CHECK(lines[0].find("Kotak") == std::string::npos);
  CHECK(layer->features[1].polygon.parts.size() == 1);
}

TEST_CASE("zero-area polygons are kept without area; empty and NULL geometries are skipped; both said by name") {
  TempDir tmp;
  const std::string path = tmp.file("odd.geojson");
  pk::test::writeText(path, geojsonOf({{"Kotak", "3217010", kSquare},
      {"Garis", "3217020", "{\"type\":\"Polygon\",\"coordinates\":[[[107.40,-6.90],[107.45,-6.85],[107.40,-6.90],[107.40,-6.90]]]}"},
      {"Kosong", "3217030", "{\"type\":\"Polygon\",\"coordinates\":[]}"},
      {"Nihil", "3217040", "null"}}));
  const LayerPtr layer = loadBoundaryLayer(path, utm48s());
  REQUIRE(layer->features.size() == 2);
  CHECK(layer->featureName(1) == "Garis");
  CHECK(layer->features[1].areaKm2 == 0);
  const auto lines = warningsOf(*layer);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].find("odd.geojson: polygons without area") == 0);
  CHECK(lines[0].find("Garis (3217020)") != std::string::npos);
  CHECK(lines[1].find("without geometry") != std::string::npos);
  CHECK(lines[1].find("Kosong (3217030), Nihil (3217040)") != std::string::npos);
}

TEST_CASE("a layer read to be drawn keeps its vertices numbered for its drawing topology, handed over once") {
  TempDir tmp;
  const std::string path = tmp.file("drawn.geojson");
  // Two squares sharing an edge, a feature without geometry between them (dropped on load), a
  // self-crossing ring (repaired by the geometry threads before its vertices are numbered) and a
  // ring folded flat (kept, without parts).
  const char* kEastSquare =
      "{\"type\":\"Polygon\",\"coordinates\":[[[107.52,-6.90],[107.54,-6.90],[107.54,-6.88],[107.52,-6.88],[107.52,-6.90]]]}";
  pk::test::writeText(path, geojsonOf({{"Barat", "3217010", kSquare},
                                       {"Nihil", "3217020", "null"},
                                       {"Timur", "3217030", kEastSquare},
                                       {"Pita", "3217040", kBowtie},
                                       {"Garis", "3217050", "{\"type\":\"Polygon\",\"coordinates\":[[[107.40,-6.90],[107.45,-6.85],[107.40,-6.90],[107.40,-6.90]]]}"}}));
  const LayerPtr drawn = loadBoundaryLayer(path, utm48s(), LoadFor::Drawing);
  REQUIRE(drawn->features.size() == 4);
  const Layer copy = *drawn;  // a copy has features of its own: it builds its topology itself
  CHECK_FALSE(copy.loadedTopology.take(copy.features, copy.revision));
  CHECK_FALSE(drawn->loadedTopology.take(drawn->features, drawn->revision + 1));  // changed since: none
  // That last take let it go (it would refer to rings that are gone); a fresh load keeps one again.
  const LayerPtr again = loadBoundaryLayer(path, utm48s(), LoadFor::Drawing);
  std::optional<PolygonTopology::Builder> numbered = again->loadedTopology.take(again->features, again->revision);
  REQUIRE(numbered);
  CHECK_FALSE(again->loadedTopology.take(again->features, again->revision));  // once
  REQUIRE(numbered->featureCount() == again->features.size());
  const PolygonTopology streamed = std::move(*numbered).build();
  std::vector<const MultiPolygon*> polygons;
  for (const Feature& f : again->features) polygons.push_back(&f.polygon);
  const PolygonTopology once(polygons);
  CHECK(streamed.arcCount() == once.arcCount());
  CHECK(streamed.vertexCount() == once.vertexCount());
  const auto arcs = streamed.simplifiedArcs(0), onceArcs = once.simplifiedArcs(0);
  for (size_t f = 0; f < again->features.size(); ++f) {
    CAPTURE(f);
    const MultiPolygon a = streamed.assemble(f, arcs), b = once.assemble(f, onceArcs);
    REQUIRE(a.parts.size() == b.parts.size());
    for (size_t p = 0; p < a.parts.size(); ++p) CHECK(a.parts[p].rings == b.parts[p].rings);
    CHECK(streamed.featureArcs(f) == once.featureArcs(f));
  }
  CHECK(streamed.featureArcs(0).size() == 2);  // the shared edge and the rest of the western square
  // Read for analysis (stats), nothing is numbered.
  const LayerPtr analysed = loadBoundaryLayer(path, utm48s());
  CHECK_FALSE(analysed->loadedTopology.take(analysed->features, analysed->revision));
}

TEST_CASE("a polygon covering the whole world is refused, by name") {
  TempDir tmp;
  const std::string path = tmp.file("world.geojson");
  pk::test::writeText(path, geojsonOf({{"Kotak", "3217010", kSquare},
      {"Dunia", "3217020", "{\"type\":\"Polygon\",\"coordinates\":[[[-179.9,-89.9],[179.9,-89.9],[179.9,89.9],[-179.9,89.9],[-179.9,-89.9]]]}"}}));
  const std::string msg = loadError(path);
  CHECK(msg.find("world.geojson: feature Dunia (3217020) covers nearly the whole world") == 0);
}

TEST_CASE("duplicate codes are said on load, at most 10 named then 'and N more'") {
  TempDir tmp;
  const std::string path = tmp.file("dup.geojson");
  std::vector<std::array<std::string, 3>> features;
  for (int i = 0; i < 12; ++i) {
    const std::string code = std::string("32.17.") + (i < 10 ? "0" : "") + std::to_string(i);
    features.push_back({"A" + std::to_string(i), code, kSquare});
    features.push_back({"B" + std::to_string(i), code, kSquare});
  }
  pk::test::writeText(path, geojsonOf(features));
  const auto lines = warningsOf(*loadBoundaryLayer(path, utm48s()));
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].find("dup.geojson: duplicate codes") == 0);
  CHECK(lines[0].find("(12;") != std::string::npos);
  CHECK(lines[0].find("32.17.09 \xC3\x97" "2") != std::string::npos);
  CHECK(lines[0].find("32.17.10") == std::string::npos);
  CHECK(lines[0].find(" and 2 more") != std::string::npos);
}

namespace {

// A GeoJSON of square kecamatan from Bandung Barat eastwards (rows of 100 northwards) with the given
// properties per feature.
std::string squaresGeoJson(const std::vector<std::string>& properties) {
  std::string features;
  for (size_t i = 0; i < properties.size(); ++i) {
    const double x = 107.3 + 0.05 * double(i % 100), y = -6.9 + 0.05 * double(i / 100);
    char ring[256];
    std::snprintf(ring, sizeof ring, "[[%.2f,%.2f],[%.2f,%.2f],[%.2f,%.2f],[%.2f,%.2f],[%.2f,%.2f]]", x, y, x + 0.04, y,
                  x + 0.04, y + 0.04, x, y + 0.04, x, y);
    features += std::string(i ? "," : "") + R"({"type":"Feature","properties":{)" + properties[i] +
                R"(},"geometry":{"type":"Polygon","coordinates":[)" + ring + "]}}";
  }
  return R"({"type":"FeatureCollection","features":[)" + features + "]}";
}

LayerPtr loadSquares(const TempDir& dir, const std::vector<std::string>& properties) {
  const std::string path = dir.file("squares.geojson");
  pk::test::writeText(path, squaresGeoJson(properties));
  initGdal();
  return loadBoundaryLayer(path, MapProjection(32748));
}

}  // namespace

TEST_CASE("field guessing reads the values: a country_code of \"ID\" everywhere is no polygon code") {
  TempDir dir;
  // BPS-derived fields: none is called code/kode or name/nama, and country_code contains "code".
  const LayerPtr bps = loadSquares(dir, {
      R"("country_code":"ID","kdkab":"3217","idkec":"3217010","nmkec":"LEMBANG","country":"Indonesia")",
      R"("country_code":"ID","kdkab":"3217","idkec":"3217020","nmkec":"PARONGPONG","country":"Indonesia")",
      R"("country_code":"ID","kdkab":"3217","idkec":"3217030","nmkec":"CISARUA","country":"Indonesia")"});
  REQUIRE(bps->codeField >= 0);
  REQUIRE(bps->nameField >= 0);
  CHECK(bps->fieldNames[bps->codeField] == "idkec");
  CHECK(bps->fieldNames[bps->nameField] == "nmkec");
  CHECK(bps->featureCode(1) == "3217020");
  CHECK(bps->featureName(1) == "PARONGPONG");

  // With proper kode and nama fields beside it, those win.
  const LayerPtr proper = loadSquares(dir, {
      R"("country_code":"ID","kode":"32.17.01","nama":"Lembang")",
      R"("country_code":"ID","kode":"32.17.02","nama":"Parongpong")",
      R"("country_code":"ID","kode":"32.17.03","nama":"Cisarua")"});
  CHECK(proper->fieldNames[proper->codeField] == "kode");
  CHECK(proper->fieldNames[proper->nameField] == "nama");

  // A field only the values recommend (no known name) is used; one whose values repeat is not.
  const LayerPtr unnamed = loadSquares(dir, {
      R"("country_code":"ID","x1":"3217010001","x2":"Gudangkahuripan","prov":"Jawa Barat")",
      R"("country_code":"ID","x1":"3217010002","x2":"Wangunsari","prov":"Jawa Barat")",
      R"("country_code":"ID","x1":"3217010003","x2":"Pagerwangi","prov":"Jawa Barat")"});
  CHECK(unnamed->fieldNames[unnamed->codeField] == "x1");
  CHECK(unnamed->fieldNames[unnamed->nameField] == "x2");
}

TEST_CASE("field guessing at national scale: desa names repeat across the country, their kecamatan's more") {
  TempDir dir;
  // 12 desa in 3 kecamatan of 4; 8 distinct desa names (a third repeat, as "Sukamaju" does from Aceh to
  // Papua), 3 kecamatan names, a repeated province code and a count: the desa's own fields win.
  const char* village[] = {"Sukamaju", "Sukamaju", "Cibodas", "Mekarsari", "Sukamaju", "Karangsari",
                           "Cibodas", "Tanjung Raya", "Mekarsari", "Air Putih", "Batu Ampar", "Pulau Baru"};
  // And the same shape 2,000 times over (24,000 desa, enough for the name and the code to be guessed
  // on two threads), each group of 12 named apart from the others.
  for (int groups : {1, 2000}) {
    CAPTURE(groups);
    std::vector<std::string> rows;
    for (int i = 0; i < 12 * groups; ++i) {
      const std::string group = groups == 1 ? "" : " " + std::to_string(i / 12);
      const int k = i % 12;
      rows.push_back(R"("province_code":"32","n_desa":")" + std::to_string(4 + k % 3) + R"(","district":")" +
                     std::string(k < 4 ? "Lembang" : k < 8 ? "Cisarua" : "Ngamprah") + group +
                     R"(","village_code":"3217)" + std::to_string(100000 + i) + R"(","village":")" + village[k] +
                     group + R"(")");
    }
    const LayerPtr desa = loadSquares(dir, rows);
    REQUIRE(desa->features.size() == rows.size());
    REQUIRE(desa->nameField >= 0);
    REQUIRE(desa->codeField >= 0);
    CHECK(desa->fieldNames[desa->nameField] == "village");
    CHECK(desa->fieldNames[desa->codeField] == "village_code");
  }
}

TEST_CASE("field guessing on the real kecamatan and desa files picks their own name and code") {
  initGdal();
  for (const char* file : {"kbb_kecamatan.geojson", "kbb_kecamatan.shp", "kbb_desa.geojson", "kbb_desa.shp"}) {
    CAPTURE(file);
    const LayerPtr layer = loadBoundaryLayer(pk::test::sharedGeodata(file).string(), MapProjection(32748));
    REQUIRE(layer->nameField >= 0);
    REQUIRE(layer->codeField >= 0);
    CHECK(layer->fieldNames[layer->nameField] == "name");
    CHECK(layer->fieldNames[layer->codeField] == "code");
  }
}

// ---- warnings name features by the fields guessed from the values (issue 12) ----
namespace {

// A GeoPackage of small squares in a row (bowties at the indices `bowties`) in Bandung Barat, fields as a national
// kecamatan file has them: the province's code on every feature, the number of desa, the kecamatan's
// code and name.
std::string nationalStyleGpkg(const TempDir& dir, const std::vector<std::array<std::string, 2>>& districts,
                              const std::set<size_t>& bowties) {
  const std::string path = dir.file("kecamatan.gpkg");
  pk::test::NewVectorFile file = pk::test::newWgs84VectorFile(path, "kecamatan", wkbPolygon);
  OGRLayer* layer = file.layer;
  OGRFieldDefn provinceCode("province_code", OFTString), desaCount("n_desa", OFTInteger),
      districtCode("district_code", OFTString), district("district", OFTString);
  for (OGRFieldDefn* field : {&provinceCode, &desaCount, &districtCode, &district})
    REQUIRE(layer->CreateField(field) == OGRERR_NONE);
  for (size_t i = 0; i < districts.size(); ++i) {
    OGRFeature feature(layer->GetLayerDefn());
    feature.SetField("province_code", "32");
    feature.SetField("n_desa", int(10 + i));
    feature.SetField("district_code", districts[i][0].c_str());
    feature.SetField("district", districts[i][1].c_str());
    const double x0 = 107.3 + 0.001 * double(i), y0 = -6.9, x1 = x0 + 0.0008, y1 = y0 + 0.0008;
    OGRLinearRing ring;
    if (bowties.count(i))
      for (auto [x, y] : std::vector<std::pair<double, double>>{{x0, y0}, {x1, y1}, {x1, y0}, {x0, y1}, {x0, y0}}) ring.addPoint(x, y);
    else
      for (auto [x, y] : std::vector<std::pair<double, double>>{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}) ring.addPoint(x, y);
    OGRPolygon polygon;
    polygon.addRing(&ring);
    feature.SetGeometry(&polygon);
    REQUIRE(layer->CreateFeature(&feature) == OGRERR_NONE);
  }
  file.dataset.reset();
  return path;
}

}  // namespace

TEST_CASE("a repaired polygon is named by the fields guessed from the values, not by field names alone") {
  TempDir dir;
  const std::string path = nationalStyleGpkg(
      dir, {{"3217010", "Lembang"}, {"3217020", "Parongpong"}, {"3217030", "Cisarua"}, {"3217040", "Ngamprah"}}, {2});
  const LayerPtr layer = loadBoundaryLayer(path, utm48s());
  REQUIRE(layer->features.size() == 4);
  REQUIRE(layer->nameField >= 0);
  REQUIRE(layer->codeField >= 0);
  CHECK(layer->fieldNames[layer->nameField] == "district");
  CHECK(layer->fieldNames[layer->codeField] == "district_code");
  const auto lines = warningsOf(*layer);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].find("kecamatan.gpkg: ") == 0);
  CHECK(lines[0].find("repaired") != std::string::npos);
  INFO(lines[0]);
  CHECK(lines[0].find(": Cisarua (3217030)") != std::string::npos);
  CHECK(lines[0].find("(32)") == std::string::npos);
}

TEST_CASE("features and warnings keep the file's order across the batches of the geometry threads") {
  TempDir dir;
  std::vector<std::array<std::string, 2>> districts;
  for (int i = 0; i < 300; ++i) districts.push_back({std::to_string(3217000 + i), "Desa " + std::to_string(i)});
  const std::set<size_t> bowties = {5, 64, 65, 130, 299};
  const LayerPtr layer = loadBoundaryLayer(nationalStyleGpkg(dir, districts, bowties), utm48s());
  REQUIRE(layer->features.size() == districts.size());
  for (size_t i = 0; i < districts.size(); ++i) {
    CHECK(layer->featureCode(i) == districts[i][0]);
    CHECK(layer->features[i].areaKm2 > 0);
  }
  const auto lines = warningsOf(*layer);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].find(": Desa 5 (3217005), Desa 64 (3217064), Desa 65 (3217065), Desa 130 (3217130), Desa 299 (3217299)") !=
        std::string::npos);
}
