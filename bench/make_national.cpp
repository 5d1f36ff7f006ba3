// Writes a synthetic national data set of Indonesia's size and shape for the national-scale benchmarks
// (issue 12): ~7,000 kecamatan (~7.3M vertices) and ~82,000 desa (~15.6M vertices) as GeoPackages in
// EPSG:4326 (long field names, as the BPS/HDX national tables have), and beneficiary points as CSV (id,lon,lat). The real national layers are not in the
// repository, so this stands in for them with the same counts and the same kinds of trouble:
//  - fractal edges (recursive midpoint displacement), identical on both sides of a shared border;
//  - islands as multipart features (islets off the coast), holes (lakes in a desa and its kecamatan,
//    enclave desa inside another desa);
//  - spread over 95°E–141°E, 11°S–6°N (UTM zones 46–54), land shaped like the main islands;
//  - HDX/BPS-style attributes, including a repeated `province_code` and a count `n_desa` that a
//    field guesser must not take for the code and the name.
// Everything is drawn from a fixed seed, so two runs write the same files.
//
//   build/bench/make_national OUT_DIR [--points N] [--desa N] [--seed S]
// writes OUT_DIR/national_kecamatan.gpkg, OUT_DIR/national_desa.gpkg, OUT_DIR/points_N.csv (N default
// 10,000,000: half uniform over Java's box, half clustered around desa) and prints the counts.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

struct P {
  double x, y;
};

std::uint64_t mix(std::uint64_t z) {  // splitmix64: one hash for every deterministic choice
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
double unit(std::uint64_t h) { return double(h >> 11) * (1.0 / 9007199254740992.0); }  // [0,1)

struct Ellipse {
  const char* province;
  double cx, cy, rx, ry, angleDeg;
  bool contains(double x, double y) const {
    const double a = angleDeg * M_PI / 180, dx = x - cx, dy = y - cy;
    const double u = dx * std::cos(a) + dy * std::sin(a), v = -dx * std::sin(a) + dy * std::cos(a);
    return (u * u) / (rx * rx) + (v * v) / (ry * ry) <= 1;
  }
};

// The main islands, roughly: enough that the land spans every UTM zone from 46 to 54.
const std::vector<Ellipse> kIslands = {
    {"Aceh", 96.8, 4.3, 1.9, 1.0, -40},           {"Sumatera Utara", 99.0, 2.2, 2.0, 1.3, -40},
    {"Sumatera Barat", 100.6, -0.6, 1.6, 1.0, -40}, {"Riau", 102.0, 0.3, 1.6, 1.2, -40},
    {"Jambi", 103.0, -1.7, 1.4, 1.0, -40},        {"Sumatera Selatan", 104.3, -3.3, 1.6, 1.2, -40},
    {"Lampung", 105.2, -5.0, 0.9, 0.8, -40},      {"Bangka Belitung", 106.3, -2.4, 1.0, 0.5, 30},
    {"Banten", 106.1, -6.5, 0.6, 0.45, -8},       {"Jawa Barat", 107.6, -6.9, 1.3, 0.6, -8},
    {"Jawa Tengah", 110.0, -7.2, 1.2, 0.55, -8},  {"Jawa Timur", 112.6, -7.7, 1.6, 0.55, -8},
    {"Bali", 115.1, -8.4, 0.6, 0.25, -5},         {"Nusa Tenggara Barat", 117.3, -8.6, 1.5, 0.3, 0},
    {"Nusa Tenggara Timur", 122.5, -9.2, 2.6, 0.45, 15}, {"Kalimantan Barat", 111.0, 0.0, 2.0, 1.8, 0},
    {"Kalimantan Tengah", 113.5, -1.6, 2.0, 1.2, 0}, {"Kalimantan Selatan", 115.4, -2.8, 0.9, 0.9, 0},
    {"Kalimantan Timur", 116.4, 0.4, 1.5, 1.6, 0}, {"Kalimantan Utara", 116.4, 3.1, 1.1, 0.9, 0},
    {"Sulawesi Utara", 124.0, 0.9, 1.3, 0.3, 20}, {"Gorontalo", 122.6, 0.7, 0.8, 0.25, 0},
    {"Sulawesi Tengah", 121.0, -1.2, 1.4, 0.9, 0}, {"Sulawesi Barat", 119.3, -2.5, 0.5, 0.8, 0},
    {"Sulawesi Selatan", 120.1, -4.2, 0.8, 1.1, 0}, {"Sulawesi Tenggara", 122.3, -4.1, 0.8, 0.9, 30},
    {"Maluku Utara", 127.9, 1.0, 0.5, 1.2, 0},    {"Maluku", 128.8, -3.2, 1.6, 0.4, 0},
    {"Papua Barat", 132.8, -1.6, 1.8, 0.8, 0},   {"Papua", 138.0, -4.0, 3.2, 2.0, -15},
    {"Papua Selatan", 139.8, -7.0, 1.2, 0.9, -15}, {"DKI Jakarta", 106.85, -6.2, 0.15, 0.1, 0},
    {"DI Yogyakarta", 110.4, -7.9, 0.3, 0.2, 0},  {"Kepulauan Riau", 104.3, 0.9, 0.5, 0.4, 0},
};

constexpr double kLon0 = 95.0, kLat0 = -11.0, kLon1 = 141.0, kLat1 = 6.0;

struct Grid {
  double d = 0.05;  // cell size in degrees
  int nx = 0, ny = 0;
  std::uint64_t seed = 1;
  std::vector<int> province;  // per cell: index into kIslands, -1 for sea

  int cell(int i, int j) const { return j * nx + i; }
  bool land(int i, int j) const { return i >= 0 && j >= 0 && i < nx && j < ny && province[cell(i, j)] >= 0; }
  std::uint64_t vertexId(int i, int j) const { return std::uint64_t(j) * std::uint64_t(nx + 1) + std::uint64_t(i); }
  P vertex(int i, int j) const {  // jittered lattice vertex
    const std::uint64_t h = mix(seed ^ (vertexId(i, j) * 0x100000001b3ULL));
    return {kLon0 + (i + 0.36 * (unit(h) - 0.5)) * d, kLat0 + (j + 0.36 * (unit(mix(h)) - 0.5)) * d};
  }
  P centre(int i, int j) const {
    const P a = vertex(i, j), b = vertex(i + 1, j), c = vertex(i + 1, j + 1), e = vertex(i, j + 1);
    return {(a.x + b.x + c.x + e.x) / 4, (a.y + b.y + c.y + e.y) / 4};
  }
};

int provinceAt(double x, double y) {
  for (size_t k = 0; k < kIslands.size(); ++k)
    if (kIslands[k].contains(x, y)) return int(k);
  return -1;
}

void classify(Grid& g) {
  g.nx = int(std::ceil((kLon1 - kLon0) / g.d));
  g.ny = int(std::ceil((kLat1 - kLat0) / g.d));
  g.province.assign(size_t(g.nx) * g.ny, -1);
  for (int j = 0; j < g.ny; ++j)
    for (int i = 0; i < g.nx; ++i)
      g.province[g.cell(i, j)] = provinceAt(kLon0 + (i + 0.5) * g.d, kLat0 + (j + 0.5) * g.d);
}

// Points strictly between a and b along a fractal curve, `count` of them; the same edge id gives the
// same curve, so both neighbours of a border draw it alike.
void displace(P a, P b, int count, std::uint64_t& state, double amplitude, std::vector<P>& out) {
  if (count <= 0) return;
  const int left = (count - 1) / 2, right = count - 1 - left;
  state = mix(state);
  const double t = 0.5 + 0.2 * (unit(state) - 0.5);
  state = mix(state);
  const double offset = amplitude * (unit(state) - 0.5) * 2;
  const P m{a.x + (b.x - a.x) * t - (b.y - a.y) * offset, a.y + (b.y - a.y) * t + (b.x - a.x) * offset};
  displace(a, m, left, state, amplitude, out);
  out.push_back(m);
  displace(m, b, right, state, amplitude, out);
}

struct EdgeMaker {
  const Grid& g;
  double extraPerGap = 0;  // kecamatan detail: points inserted between two desa points, on average
  // Interior points of the lattice edge from (i0,j0) to (i1,j1), in that direction.
  std::vector<P> points(int i0, int j0, int i1, int j1, bool fine) const {
    std::uint64_t a = g.vertexId(i0, j0), b = g.vertexId(i1, j1);
    const bool flip = a > b;
    if (flip) {
      std::swap(a, b);
      std::swap(i0, i1);
      std::swap(j0, j1);
    }
    std::uint64_t state = mix(g.seed * 31 + a * 0x9e3779b97f4a7c15ULL + b);
    const int n = 40 + int(mix(state) % 14);
    std::vector<P> coarse;
    coarse.reserve(n);
    const P pa = g.vertex(i0, j0), pb = g.vertex(i1, j1);
    displace(pa, pb, n, state, 0.11, coarse);
    std::vector<P> out;
    if (!fine) {
      out = std::move(coarse);
    } else {
      out.reserve(size_t(n * (2 + extraPerGap)));
      P prev = pa;
      auto gap = [&](P to) {
        state = mix(state);
        int extra = int(extraPerGap);
        if (unit(state) < extraPerGap - extra) ++extra;
        displace(prev, to, extra, state, 0.08, out);
      };
      for (const P& p : coarse) {
        gap(p);
        out.push_back(p);
        prev = p;
      }
      gap(pb);
    }
    if (flip) std::reverse(out.begin(), out.end());
    return out;
  }
};

// A star-shaped ring (always simple) around c: islets, lakes and enclaves.
std::vector<P> starRing(P c, double radius, int n, std::uint64_t h, bool clockwise) {
  std::vector<P> ring;
  ring.reserve(n + 1);
  for (int k = 0; k < n; ++k) {
    h = mix(h);
    const double a = 2 * M_PI * k / n * (clockwise ? -1 : 1), r = radius * (0.75 + 0.5 * unit(h));
    ring.push_back({c.x + r * std::cos(a), c.y + r * std::sin(a)});
  }
  return ring;
}

struct LatticeEdge {
  int i0, j0, i1, j1;
};

// Rings of a set of cells as lattice edge loops (counter-clockwise outside, clockwise around holes);
// at a vertex where two cells of the set touch only at a corner, the sharpest left turn keeps the
// rings apart.
std::vector<std::vector<LatticeEdge>> boundaryLoops(const std::vector<std::pair<int, int>>& cells,
                                                    const std::function<bool(int, int)>& inSet) {
  std::unordered_multimap<std::uint64_t, LatticeEdge> from;
  auto key = [](int i, int j) { return (std::uint64_t(std::uint32_t(i)) << 32) | std::uint32_t(j); };
  for (auto [i, j] : cells) {
    const LatticeEdge sides[4] = {{i, j, i + 1, j}, {i + 1, j, i + 1, j + 1}, {i + 1, j + 1, i, j + 1}, {i, j + 1, i, j}};
    const int ni[4] = {i, i + 1, i, i - 1}, nj[4] = {j - 1, j, j + 1, j};
    for (int s = 0; s < 4; ++s)
      if (!inSet(ni[s], nj[s])) from.emplace(key(sides[s].i0, sides[s].j0), sides[s]);
  }
  std::vector<std::vector<LatticeEdge>> loops;
  while (!from.empty()) {
    auto it = from.begin();
    std::vector<LatticeEdge> loop{it->second};
    from.erase(it);
    while (true) {
      const LatticeEdge& last = loop.back();
      if (last.i1 == loop.front().i0 && last.j1 == loop.front().j0 && from.count(key(last.i1, last.j1)) == 0) break;
      auto [lo, hi] = from.equal_range(key(last.i1, last.j1));
      if (lo == hi) break;
      auto best = lo;
      int bestTurn = -2;
      const int dx = last.i1 - last.i0, dy = last.j1 - last.j0;
      for (auto c = lo; c != hi; ++c) {
        const int ex = c->second.i1 - c->second.i0, ey = c->second.j1 - c->second.j0;
        const int cross = dx * ey - dy * ex, dot = dx * ex + dy * ey;
        const int turn = cross > 0 ? 2 : (dot > 0 ? 1 : 0);
        if (turn > bestTurn) { bestTurn = turn; best = c; }
      }
      loop.push_back(best->second);
      from.erase(best);
      if (loop.back().i1 == loop.front().i0 && loop.back().j1 == loop.front().j0) break;
    }
    loops.push_back(std::move(loop));
  }
  return loops;
}

long long loopArea2(const std::vector<LatticeEdge>& loop) {
  long long a = 0;
  for (const auto& e : loop) a += (long long)e.i0 * e.j1 - (long long)e.i1 * e.j0;
  return a;
}

bool loopContains(const std::vector<LatticeEdge>& loop, double x, double y) {
  bool in = false;
  for (const auto& e : loop)
    if ((e.j0 > y) != (e.j1 > y) && x < e.i0 + (y - e.j0) * double(e.i1 - e.i0) / double(e.j1 - e.j0)) in = !in;
  return in;
}

OGRLinearRing* toRing(const std::vector<P>& pts) {
  auto* r = new OGRLinearRing;
  r->setNumPoints(int(pts.size() + 1), FALSE);
  for (size_t k = 0; k < pts.size(); ++k) r->setPoint(int(k), pts[k].x, pts[k].y);
  r->setPoint(int(pts.size()), pts[0].x, pts[0].y);
  return r;
}

std::vector<P> expandLoop(const std::vector<LatticeEdge>& loop, const Grid& g, const EdgeMaker& edges, bool fine) {
  std::vector<P> out;
  for (const auto& e : loop) {
    out.push_back(g.vertex(e.i0, e.j0));
    auto mid = edges.points(e.i0, e.j0, e.i1, e.j1, fine);
    out.insert(out.end(), mid.begin(), mid.end());
  }
  return out;
}

const char* kSyllables[] = {"ba", "ci", "da", "ga", "ja", "ka", "la", "ma", "na", "pa", "ra", "sa", "ta", "wa",
                            "bu", "gu", "ku", "lu", "mu", "nu", "pu", "ru", "su", "tu", "be", "de", "ge", "ke",
                            "le", "me", "ne", "re", "se", "te", "bo", "go", "ko", "lo", "mo", "no", "ro", "so",
                            "to", "bi", "di", "gi", "ki", "li", "mi", "ni", "ri", "si", "ti", "ng", "ya", "yo"};
const char* kPrefixes[] = {"", "", "", "Suka", "Ci", "Karang", "Tanjung", "Sungai", "Kampung", "Pulau", "Batu", "Air"};

std::string placeName(std::uint64_t h) {
  std::string s;
  h = mix(h);
  const std::string prefix = kPrefixes[h % 12];
  const int syllables = 2 + int((h >> 8) % 2);
  for (int k = 0; k < syllables; ++k) s += kSyllables[(h >> (16 + 7 * k)) % 56];
  if (!prefix.empty()) s = prefix + " " + s;
  s[0] = char(std::toupper(s[0]));
  if (!prefix.empty()) s[prefix.size() + 1] = char(std::toupper(s[prefix.size() + 1]));
  return s;
}

struct Writer {
  GDALDataset* ds = nullptr;
  OGRLayer* layer = nullptr;
  Writer(const std::string& path, const char* name, const std::vector<std::pair<const char*, OGRFieldType>>& fields) {
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
    std::filesystem::remove(path);
    ds = drv->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    layer = ds->CreateLayer(name, &wgs84, wkbMultiPolygon, nullptr);
    for (auto [n, t] : fields) {
      OGRFieldDefn f(n, t);
      if (t == OFTString) f.SetWidth(48);
      layer->CreateField(&f);
    }
    ds->StartTransaction();
  }
  ~Writer() {
    ds->CommitTransaction();
    GDALClose(ds);
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: make_national OUT_DIR [--points N] [--desa N] [--seed S]\n");
    return 2;
  }
  const std::string out = argv[1];
  long long pointCount = 10000000, desaTarget = 81904;
  std::uint64_t seed = 20201;
  for (int a = 2; a + 1 < argc; a += 2) {
    if (!std::strcmp(argv[a], "--points")) pointCount = std::atoll(argv[a + 1]);
    else if (!std::strcmp(argv[a], "--desa")) desaTarget = std::atoll(argv[a + 1]);
    else if (!std::strcmp(argv[a], "--seed")) seed = std::strtoull(argv[a + 1], nullptr, 10);
  }
  std::filesystem::create_directories(out);
  GDALAllRegister();

  // Cell size so that the land holds about the wanted number of desa (one desa per land cell).
  Grid g;
  g.seed = seed;
  double lo = 0.005, hi = 0.2;
  for (int it = 0; it < 30; ++it) {
    g.d = std::sqrt(lo * hi);
    classify(g);
    const long long landCells = std::count_if(g.province.begin(), g.province.end(), [](int p) { return p >= 0; });
    if (landCells > desaTarget) lo = g.d; else hi = g.d;
    if (std::llabs(landCells - desaTarget) < desaTarget / 2000) break;
  }
  std::vector<std::pair<int, int>> landCells;
  for (int j = 0; j < g.ny; ++j)
    for (int i = 0; i < g.nx; ++i)
      if (g.land(i, j)) landCells.push_back({i, j});

  // Kecamatan: blocks of 3×4 cells within one province; regencies: blocks of 4×3 kecamatan.
  constexpr int BX = 3, BY = 4, RX = 4, RY = 3;
  auto kecKey = [&](int i, int j) {
    return (std::uint64_t(g.province[g.cell(i, j)]) << 40) | (std::uint64_t(i / BX) << 20) | std::uint64_t(j / BY);
  };
  std::map<std::uint64_t, std::vector<std::pair<int, int>>> kecCells;
  for (auto c : landCells) kecCells[kecKey(c.first, c.second)].push_back(c);

  // Islets (a second part of a coastal desa, in the sea cell beside it), lakes (holes in a desa and its
  // kecamatan) and enclaves (a desa inside another desa).
  enum Extra { None, Islet, Lake, Enclave };
  std::vector<int> extra(g.province.size(), None);
  std::vector<std::pair<int, int>> isletCell(g.province.size(), {-1, -1});
  std::vector<char> seaTaken(g.province.size(), 0);
  for (auto [i, j] : landCells) {
    const double r = unit(mix(seed * 7 + g.cell(i, j)));
    const bool interior = g.land(i - 1, j) && g.land(i + 1, j) && g.land(i, j - 1) && g.land(i, j + 1);
    if (!interior && r < 0.06) {
      const int ni[4] = {i + 1, i - 1, i, i}, nj[4] = {j, j, j + 1, j - 1};
      for (int s = 0; s < 4; ++s)
        if (ni[s] >= 0 && nj[s] >= 0 && ni[s] < g.nx && nj[s] < g.ny && !g.land(ni[s], nj[s]) && !seaTaken[g.cell(ni[s], nj[s])]) {
          seaTaken[g.cell(ni[s], nj[s])] = 1;
          extra[g.cell(i, j)] = Islet;
          isletCell[g.cell(i, j)] = {ni[s], nj[s]};
          break;
        }
    } else if (interior && r < 0.004) {
      extra[g.cell(i, j)] = Lake;
    } else if (interior && r < 0.011) {
      extra[g.cell(i, j)] = Enclave;
    }
  }

  // Kecamatan detail: as many points per kecamatan as the real layer holds on average (1,033).
  long long kecEdges = 0;
  for (auto& [key, cells] : kecCells) {
    auto inSet = [&, key = key](int i, int j) { return g.land(i, j) && kecKey(i, j) == key; };
    for (auto& loop : boundaryLoops(cells, inSet)) kecEdges += (long long)loop.size();
  }
  EdgeMaker edges{g};
  edges.extraPerGap = std::max(0.0, 7.3e6 / (double(kecEdges) * 47.5) - 1.0);

  const std::string kecPath = out + "/national_kecamatan.gpkg", desaPath = out + "/national_desa.gpkg";
  long long kecVertices = 0, desaVertices = 0, kecCount = 0, desaCount = 0, multipart = 0, withHoles = 0;
  {
    Writer kec(kecPath, "national_kecamatan",
               {{"province_code", OFTString}, {"province", OFTString}, {"regency_code", OFTString},
                {"regency", OFTString}, {"district_code", OFTString}, {"district", OFTString}, {"n_desa", OFTInteger}});
    Writer desa(desaPath, "national_desa",
                {{"province_code", OFTString}, {"district_code", OFTString}, {"district", OFTString},
                 {"village_code", OFTString}, {"village", OFTString}, {"n_families", OFTInteger}});
    std::map<std::string, int> kecInRegency, regencyInProvince;
    std::map<std::string, std::string> regencyCodeOf;
    for (auto& [key, cells] : kecCells) {
      const int prov = int(key >> 40);
      const std::string provCode = std::to_string(11 + prov * 2);
      const int i0 = cells[0].first, j0 = cells[0].second;
      const std::string regencyKey = provCode + ":" + std::to_string(i0 / (BX * RX)) + ":" + std::to_string(j0 / (BY * RY));
      if (!regencyCodeOf.count(regencyKey)) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%s%02d", provCode.c_str(), ++regencyInProvince[provCode]);
        regencyCodeOf[regencyKey] = buf;
      }
      const std::string regCode = regencyCodeOf[regencyKey];
      char kecCode[16];
      std::snprintf(kecCode, sizeof kecCode, "%s%03d", regCode.c_str(), ++kecInRegency[regCode]);
      const std::string kecName = placeName(key * 3 + 1);

      // The kecamatan's outline: lattice loops, holes put in the part that holds them.
      auto inSet = [&, key = key](int i, int j) { return g.land(i, j) && kecKey(i, j) == key; };
      auto loops = boundaryLoops(cells, inSet);
      std::vector<std::vector<LatticeEdge>> outer, holes;
      for (auto& l : loops) (loopArea2(l) > 0 ? outer : holes).push_back(std::move(l));
      std::vector<std::vector<std::vector<P>>> parts(outer.size());
      for (size_t k = 0; k < outer.size(); ++k) parts[k].push_back(expandLoop(outer[k], g, edges, true));
      auto partHolding = [&](double x, double y) {
        for (size_t k = 0; k < outer.size(); ++k)
          if (loopContains(outer[k], x, y)) return k;
        return size_t(0);
      };
      for (auto& h : holes) {
        const auto& e = h[0];
        parts[partHolding((e.i0 + e.i1) / 2.0, (e.j0 + e.j1) / 2.0)].push_back(expandLoop(h, g, edges, true));
      }

      int desaInKec = 0;
      for (auto [i, j] : cells) {
        const int c = g.cell(i, j);
        const P centre = g.centre(i, j);
        const std::uint64_t h = mix(seed * 13 + c);
        std::vector<std::vector<std::vector<P>>> desaParts(1);
        desaParts[0].push_back(expandLoop({{i, j, i + 1, j}, {i + 1, j, i + 1, j + 1}, {i + 1, j + 1, i, j + 1}, {i, j + 1, i, j}},
                                          g, edges, false));
        std::vector<P> enclaveRing;
        if (extra[c] == Islet) {
          auto [si, sj] = isletCell[c];
          auto ring = starRing(g.centre(si, sj), 0.1 * g.d, 28 + int(h % 24), h, false);
          desaParts.push_back({ring});
          parts.push_back({ring});
        } else if (extra[c] == Lake) {
          auto ring = starRing(centre, 0.18 * g.d, 30 + int(h % 20), h, true);
          desaParts[0].push_back(ring);
          parts[partHolding(i + 0.5, j + 0.5)].push_back(ring);
        } else if (extra[c] == Enclave) {
          enclaveRing = starRing(centre, 0.2 * g.d, 40 + int(h % 30), h, false);
          desaParts[0].push_back(std::vector<P>(enclaveRing.rbegin(), enclaveRing.rend()));
        }
        auto writeDesa = [&](const std::vector<std::vector<std::vector<P>>>& polys, std::uint64_t nameKey) {
          OGRMultiPolygon mp;
          for (const auto& poly : polys) {
            OGRPolygon p;
            for (const auto& ring : poly) {
              p.addRingDirectly(toRing(ring));
              desaVertices += (long long)ring.size() + 1;
            }
            mp.addGeometry(&p);
          }
          OGRFeature f(desa.layer->GetLayerDefn());
          char code[24];
          std::snprintf(code, sizeof code, "%s%04d", kecCode, 2000 + ++desaInKec);
          f.SetField("province_code", provCode.c_str());
          f.SetField("district_code", kecCode);
          f.SetField("district", kecName.c_str());
          f.SetField("village_code", code);
          f.SetField("village", placeName(nameKey).c_str());
          f.SetField("n_families", int(mix(nameKey) % 900) + 100);
          f.SetGeometry(&mp);
          if (desa.layer->CreateFeature(&f) != OGRERR_NONE) std::fprintf(stderr, "make_national: cannot write a desa\n");
          ++desaCount;
        };
        writeDesa(desaParts, h);
        if (!enclaveRing.empty()) writeDesa({{enclaveRing}}, h + 1);
      }

      OGRMultiPolygon mp;
      for (const auto& poly : parts) {
        OGRPolygon p;
        for (const auto& ring : poly) {
          p.addRingDirectly(toRing(ring));
          kecVertices += (long long)ring.size() + 1;
        }
        mp.addGeometry(&p);
        if (poly.size() > 1) ++withHoles;
      }
      if (parts.size() > 1) ++multipart;
      OGRFeature f(kec.layer->GetLayerDefn());
      f.SetField("province_code", provCode.c_str());
      f.SetField("province", kIslands[prov].province);
      f.SetField("regency_code", regCode.c_str());
      f.SetField("regency", ("Kabupaten " + placeName(std::hash<std::string>{}(regCode))).c_str());
      f.SetField("district_code", kecCode);
      f.SetField("district", kecName.c_str());
      f.SetField("n_desa", desaInKec);
      f.SetGeometry(&mp);
      if (kec.layer->CreateFeature(&f) != OGRERR_NONE) std::fprintf(stderr, "make_national: cannot write a kecamatan\n");
      ++kecCount;
    }
  }

  // Points: half uniform over Java's box, half clustered around desa (sigma 0.3 cell).
  if (pointCount > 0) {
    const std::string pointsPath = out + "/points_" + std::to_string(pointCount) + ".csv";
    const std::string tmp = pointsPath + ".tmp";
    FILE* f = std::fopen(tmp.c_str(), "w");
    if (!f) {
      std::perror(tmp.c_str());
      return 1;
    }
    std::fputs("id,lon,lat\n", f);
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u01(0, 1);
    std::normal_distribution<double> gauss(0, 0.3 * g.d);
    for (long long k = 0; k < pointCount; ++k) {
      double x, y;
      if (k % 2 == 0) {
        x = 105.0 + 9.6 * u01(rng);
        y = -8.8 + 2.9 * u01(rng);
      } else {
        const auto [i, j] = landCells[rng() % landCells.size()];
        const P c = g.centre(i, j);
        x = c.x + gauss(rng);
        y = c.y + gauss(rng);
      }
      std::fprintf(f, "%lld,%.6f,%.6f\n", k + 1, x, y);
    }
    std::fclose(f);
    std::filesystem::rename(tmp, pointsPath);
    std::printf("points: %lld in %s\n", pointCount, pointsPath.c_str());
  }
  std::printf("cell: %.5f deg (%d x %d)\n", g.d, g.nx, g.ny);
  std::printf("kecamatan: %lld features, %lld vertices, %lld multipart, %lld parts with holes -> %s\n", kecCount,
              kecVertices, multipart, withHoles, kecPath.c_str());
  std::printf("desa: %lld features, %lld vertices -> %s\n", desaCount, desaVertices, desaPath.c_str());
  return 0;
}
