// Planning speed (issue 4): suitability ranking with 1,000-perturbation sensitivity for the 166
// real desa, and 5 proposed mentor sites on the 1 km grid with 100,000 beneficiaries.
// Part 3 times the whole `prokus-map rank --new-sites 5` verb in-process (reading the lists,
// placing 100,000 beneficiaries, indicators, criteria, ranking with sensitivity, the 1 km grid,
// greedy sites, writing the CSVs) on generated files in a temporary folder.
// Usage: planning_bench [GEODATA_DIR]   (default: ../shared/geodata beside the repository)
// Values and beneficiaries are synthetic and seeded; geometry is the real KBB boundaries (read by
// the app's loader into UTM 48S) when found, else a synthetic 35 km x 40 km octagon of the same area.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <ctime>
#include <fstream>
#include <sstream>
#include <vector>

#include "app/cli.h"
#include "core/layer_io.h"
#include "core/projection.h"
#include "core/site_selection.h"
#include "core/suitability.h"

using namespace pk;
using Clock = std::chrono::steady_clock;

namespace {

constexpr double kPi = 3.14159265358979323846;

struct Area {
  std::string code;
  MultiPolygon shape;
  Vec2 label;
};

// The boundary layer as the app reads it (GDAL, UTM 48S); empty when the file is not there.
std::vector<Area> readBoundaries(const std::filesystem::path& path, const MapProjection& utm) {
  std::vector<Area> out;
  try {
    LayerPtr layer = loadBoundaryLayer(path.string(), utm);
    for (size_t i = 0; i < layer->features.size(); ++i)
      out.push_back({layer->featureCode(i), layer->features[i].polygon, layer->labelPoint(i)});
  } catch (const std::exception& e) {
    std::printf("(%s; using synthetic data)\n", e.what());
  }
  return out;
}

std::vector<Area> syntheticOctagon() {
  const double w = 35000, h = 40000, cut = 8800;  // 35*40 - 2*8.8^2 = 1245 km2
  Area a;
  a.code = "synthetic";
  a.shape.parts.push_back(Polygon{{Ring{{cut, 0}, {w - cut, 0}, {w, cut}, {w, h - cut}, {w - cut, h}, {cut, h},
                                        {0, h - cut}, {0, cut}}}});
  a.label = {w / 2, h / 2};
  return {a};
}

double threadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Wall time (what a planner waits) and this thread's CPU time (steadier when other work shares
// the 2 cores), over `reps` runs.
struct Timing {
  double wallMin, wallMedian, cpuMin;
};
template <class F>
Timing measure(int reps, F&& f) {
  std::vector<double> wall, cpu;
  for (int r = 0; r < reps; ++r) {
    const auto w0 = Clock::now();
    const double c0 = threadCpuSeconds();
    f();
    cpu.push_back(threadCpuSeconds() - c0);
    wall.push_back(std::chrono::duration<double>(Clock::now() - w0).count());
  }
  std::sort(wall.begin(), wall.end());
  return {wall.front(), wall[wall.size() / 2], *std::min_element(cpu.begin(), cpu.end())};
}
std::string describe(const Timing& t) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "wall min %8.3f ms  median %8.3f ms  cpu min %8.3f ms", t.wallMin * 1e3,
                t.wallMedian * 1e3, t.cpuMin * 1e3);
  return buf;
}

// Runs a CLI verb in-process with stdout sent to /dev/null and stderr to `errPath`.
int runVerbQuietly(std::vector<std::string> args, const std::string& errPath) {
  std::vector<char*> argv{const_cast<char*>("prokus-map")};
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::fflush(stdout);
  std::fflush(stderr);
  const int savedOut = dup(1), savedErr = dup(2);
  const int devNull = open("/dev/null", O_WRONLY);
  const int err = open(errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  dup2(devNull, 1);
  dup2(err, 2);
  const int rc = runCliVerb(static_cast<int>(argv.size()) - 1, argv.data());
  std::fflush(stdout);
  std::fflush(stderr);
  dup2(savedOut, 1);
  dup2(savedErr, 2);
  close(savedOut);
  close(savedErr);
  close(devNull);
  close(err);
  return rc;
}

double unit(std::mt19937_64& rng) { return uniformUnit(rng()); }
double gaussian(std::mt19937_64& rng) {  // Box-Muller on our own uniforms: same on every library
  double u = std::max(unit(rng), 1e-300), v = unit(rng);
  return std::sqrt(-2 * std::log(u)) * std::cos(2 * kPi * v);
}

}  // namespace

int main(int argc, char** argv) {
  const std::filesystem::path geodata =
      argc > 1 ? std::filesystem::path(argv[1])
               : std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "shared" / "geodata";
  std::mt19937_64 rng(20240417);

  // ---- 1. Ranking with sensitivity ----
  initGdal();
  MapProjection utm(32748);
  std::vector<Area> desa = readBoundaries(geodata / "kbb_desa.shp", utm);
  const bool realDesa = desa.size() == 166;
  SuitabilityInput input;
  if (realDesa) {
    for (const auto& d : desa) input.codes.push_back(d.code.empty() ? "waduk" : d.code);
  } else {
    for (int i = 0; i < 166; ++i) input.codes.push_back("32.17.x." + std::to_string(2001 + i));
  }
  const Vec2 office = utm.fromLonLat({107.4861, -6.8426});  // near Ngamprah (the regency office)
  for (const auto& c : builtInCriteria()) {
    CriterionValues v{c.name, {}};
    for (size_t i = 0; i < input.codes.size(); ++i) {
      if (std::string(c.name) == "distance_office" && realDesa) {
        v.values.push_back(std::hypot(desa[i].label.x - office.x, desa[i].label.y - office.y) / 1000);
      } else {
        v.values.push_back(std::round(unit(rng) * 1000) / 10);
      }
    }
    input.criteria.push_back(v);
  }
  SuitabilitySettings settings;
  const double weights[] = {30, 10, 15, 20, 10, 5, 10};
  for (size_t i = 0; i < builtInCriteria().size(); ++i)
    settings.criteria.push_back(defaultCriterionSetting(builtInCriteria()[i].name, weights[i]));
  settings.perturbations = 1000;
  settings.topN = 5;

  SuitabilityResult result;
  SuitabilitySettings plain = settings;
  plain.perturbations = 0;
  Timing withSens = measure(21, [&] { result = scoreSuitability(input, settings); });
  SuitabilityResult plainResult;
  Timing without = measure(21, [&] { plainResult = scoreSuitability(input, plain); });
  if (plainResult.order != result.order) std::printf("ERROR: ranking differs with sensitivity\n");
  std::printf("ranking: %zu %s polygons, %zu criteria, %d perturbations, top %d\n", input.codes.size(),
              realDesa ? "real desa" : "synthetic", result.criteria.size(), settings.perturbations, settings.topN);
  std::printf("  score+rank only:   %s\n", describe(without).c_str());
  std::printf("  with sensitivity:  %s\n", describe(withSens).c_str());
  std::printf("  top 5: ");
  for (int k = 0; k < 5; ++k) {
    const auto& p = result.polygons[result.order[k]];
    std::printf("%s (%.1f, stays top-5 in %.0f%%)%s", p.code.c_str(), p.score, p.topShare * 100, k < 4 ? ", " : "\n");
  }

  // ---- 2. Proposed mentor sites ----
  std::vector<Area> kecamatan = readBoundaries(geodata / "kbb_kecamatan.shp", utm);
  const bool realKec = kecamatan.size() == 16;
  if (!realKec) kecamatan = syntheticOctagon();
  std::vector<MultiPolygon> areas;
  BBox box;
  double areaKm2 = 0;
  for (const auto& k : kecamatan) {
    areas.push_back(k.shape);
    box.add(k.shape.bbox());
    areaKm2 += k.shape.area() / 1e6;
  }
  std::printf("\nsites: %s, %.0f km2, extent %.1f x %.1f km\n", realKec ? "16 real kecamatan" : "synthetic octagon",
              areaKm2, box.width() / 1000, box.height() / 1000);

  std::vector<BBox> boxes;
  for (const auto& a : areas) boxes.push_back(a.bbox());
  auto inside = [&](Vec2 p) {
    for (size_t i = 0; i < areas.size(); ++i)
      if (boxes[i].contains(p) && pointInMultiPolygon(areas[i], p)) return true;
    return false;
  };
  CoverageProblem problem;
  std::vector<Vec2> clusterCentres;
  while (clusterCentres.size() < 25) {
    Vec2 p{box.minx + unit(rng) * box.width(), box.miny + unit(rng) * box.height()};
    if (inside(p)) clusterCentres.push_back(p);
  }
  while (problem.beneficiaries.size() < 100000) {
    Vec2 p;
    if (unit(rng) < 0.6) {
      Vec2 c = clusterCentres[rng() % clusterCentres.size()];
      p = {c.x + gaussian(rng) * 1500, c.y + gaussian(rng) * 1500};
    } else {
      p = {box.minx + unit(rng) * box.width(), box.miny + unit(rng) * box.height()};
    }
    if (inside(p)) problem.beneficiaries.push_back(p);
  }
  for (int m = 0; m < 19; ++m) problem.existingMentors.push_back(problem.beneficiaries[rng() % 100000]);

  Timing grid = measure(5, [&] { problem.candidates = gridCandidates(areas, 1000); });
  std::printf("  1 km grid candidates: %zu; %s\n", problem.candidates.size(), describe(grid).c_str());

  const std::vector<Vec2> mentors = problem.existingMentors;
  for (auto [radiusKm, mentorCount] : {std::pair{2.0, 19}, std::pair{5.0, 19}, std::pair{5.0, 0}, std::pair{20.0, 0}}) {
    problem.radius = radiusKm * 1000;
    problem.existingMentors.assign(mentors.begin(), mentors.begin() + mentorCount);
    problem.newSites = 5;
    SiteSelection sel;
    Timing t = measure(5, [&] { sel = selectSitesGreedy(problem); });
    std::printf("  R=%2.0f km, P=5, 100000 beneficiaries, %2d mentors: greedy %s (grid + greedy wall median %.1f ms)\n",
                radiusKm, mentorCount, describe(t).c_str(), (t.wallMedian + grid.wallMedian) * 1e3);
    std::printf("    coverage before %.0f (%.1f%%), after %.0f (%.1f%%); newly covered:", sel.coveredBefore,
                100 * sel.coveredBefore / sel.totalWeight, sel.coveredAfter, 100 * sel.coveredAfter / sel.totalWeight);
    for (double n : sel.newlyCovered) std::printf(" %.0f", n);
    std::printf("\n");
  }

  // ---- 3. The whole rank verb with 5 new sites ----
  if (!realKec) {
    std::printf("\nrank verb: skipped (needs the real kbb_kecamatan.shp)\n");
    return 0;
  }
  const std::filesystem::path scratch =
      std::filesystem::temp_directory_path() / ("prokus-planning-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(scratch);
  const std::string kpm = (scratch / "kpm.csv").string(), mentorsCsv = (scratch / "mentors.csv").string(),
                    pkh = (scratch / "pkh.csv").string(), sites = (scratch / "sites.csv").string(),
                    err = (scratch / "stderr.txt").string();
  {
    const char* types[] = {"warung sembako", "keripik singkong", "jahit", "comring", "ternak ayam", "bengkel"};
    std::ofstream out(kpm);
    out << "id,lon,lat,jenis_usaha\n";
    char line[160];
    for (size_t i = 0; i < problem.beneficiaries.size(); ++i) {
      const Vec2 ll = utm.toLonLat(problem.beneficiaries[i]);
      std::snprintf(line, sizeof line, "KPM-%zu,%.6f,%.6f,%s\n", i, ll.x, ll.y, types[i % 6]);
      out << line;
    }
    std::ofstream m(mentorsCsv);
    m << "mentor_id,lon,lat\n";
    for (size_t k = 0; k < mentors.size(); ++k) {
      const Vec2 ll = utm.toLonLat(mentors[k]);
      std::snprintf(line, sizeof line, "M%zu,%.6f,%.6f\n", k + 1, ll.x, ll.y);
      m << line;
    }
    std::ofstream t(pkh);
    t << "kode,candidates,households\n";
    for (const auto& k : kecamatan) t << k.code << ',' << (200 + rng() % 800) << ',' << (5000 + rng() % 20000) << '\n';
  }
  const std::vector<std::string> args = {
      "rank", "--boundaries", (geodata / "kbb_kecamatan.shp").string(), "--beneficiaries", kpm, "--mentors", mentorsCsv,
      "--radius-km", "5", "--candidates", pkh, "--office", "107.4861,-6.8426", "--weights",
      "candidates=30,beneficiaries=10,density=15,coverage_gap=20,per_mentor=10,business_diversity=5,distance_office=10",
      "--sensitivity-top", "5", "--new-sites", "5", "--sites-out", sites};
  std::vector<std::string> rankOnly(args.begin(), args.end() - 4);
  int rc = 0;
  const Timing whole = measure(5, [&] { rc |= runVerbQuietly(args, err); });
  std::string log;
  {
    std::ifstream in(err);
    std::stringstream ss;
    ss << in.rdbuf();
    log = ss.str();
  }
  const Timing ranking = measure(5, [&] { rc |= runVerbQuietly(rankOnly, err); });
  std::printf("\nrank verb, 16 real kecamatan, %zu beneficiaries (CSV), 19 mentors, 7 criteria, sensitivity top 5 (exit %d)\n",
              problem.beneficiaries.size(), rc);
  std::printf("  rank --new-sites 5 (whole verb):  %s\n", describe(whole).c_str());
  std::printf("  rank without --new-sites:          %s\n", describe(ranking).c_str());
  std::printf("rank --new-sites 5 100000 beneficiaries: %.3f s\n", whole.wallMedian);
  std::printf("  stderr of the last run:\n");
  std::istringstream lines(log);
  for (std::string l; std::getline(lines, l);) std::printf("    %s\n", l.c_str());
  std::ifstream sitesIn(sites);
  std::printf("  sites file:\n");
  for (std::string l; std::getline(sitesIn, l);) std::printf("    %s\n", l.c_str());
  std::filesystem::remove_all(scratch);
  return rc == 0 ? 0 : 1;
}
