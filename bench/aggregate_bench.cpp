// Speed of the counting step (issue 3): 1,000,000 seeded random points in the regency's bounding box
// counted into the 166 real desa and the 16 kecamatan, file reading timed separately; then the whole
// `prokus-map stats` run on a 1,000,000-row CSV. Prints `key=value` lines that
// bench/aggregate_peers.sh reads to compare with QGIS and ogr2ogr.
//
//   aggregate_bench --geodata ../shared/geodata --out /tmp/prokus-agg [--points 1000000] [--threads 2]
//                   [--binary build/prokus-map] [--seed 20240501]
#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "core/indicators.h"
#include "core/layer_io.h"
#include "core/projection.h"
#include "core/spatial_index.h"

using namespace pk;
using Clock = std::chrono::steady_clock;

namespace {

double secondsSince(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

template <class F>
double bestOf(int repeats, F&& f, double* median = nullptr) {
  std::vector<double> times;
  for (int r = 0; r < repeats; ++r) {
    const auto t0 = Clock::now();
    f();
    times.push_back(secondsSince(t0));
  }
  std::sort(times.begin(), times.end());
  if (median) *median = times[times.size() / 2];
  return times.front();
}

// Runs a shell command and returns its wall time; exit status in *status.
double timeCommand(const std::string& command, int* status) {
  const auto t0 = Clock::now();
  const int rc = std::system(command.c_str());
  const double s = secondsSince(t0);
  *status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return s;
}

// Sum of the `beneficiaries` column of a stats CSV.
long long sumBeneficiaries(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  if (!std::getline(in, line)) return -1;
  int column = -1, k = 0;
  size_t start = 0;
  while (true) {
    const size_t comma = line.find(',', start);
    if (line.substr(start, comma - start) == "beneficiaries") column = k;
    if (comma == std::string::npos) break;
    start = comma + 1;
    ++k;
  }
  if (column < 0) return -1;
  long long sum = 0;
  while (std::getline(in, line)) {
    size_t s = 0;
    for (int c = 0; c < column; ++c) s = line.find(',', s) + 1;
    sum += std::atoll(line.c_str() + s);
  }
  return sum;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"aggregation benchmark"};
  std::string geodata = "../shared/geodata", outDir = "/tmp/prokus-aggregate-bench", binary;
  size_t pointCount = 1000000;
  int threads = 2, repeats = 5;
  unsigned long long seed = 20240501;
  app.add_option("--geodata", geodata);
  app.add_option("--out", outDir);
  app.add_option("--points", pointCount);
  app.add_option("--threads", threads);
  app.add_option("--repeats", repeats);
  app.add_option("--binary", binary, "prokus-map binary for the whole `stats` run");
  app.add_option("--seed", seed);
  CLI11_PARSE(app, argc, argv);
  std::filesystem::create_directories(outDir);

  initGdal();
  const MapProjection utm(32748);
  auto t0 = Clock::now();
  const LayerPtr desa = loadBoundaryLayer(geodata + "/kbb_desa.shp", utm);
  const LayerPtr kecamatan = loadBoundaryLayer(geodata + "/kbb_kecamatan.shp", utm);
  std::printf("load_boundaries_s=%.4f\n", secondsSince(t0));
  std::printf("desa_features=%zu\nkecamatan_features=%zu\n", desa->features.size(), kecamatan->features.size());

  t0 = Clock::now();
  const PolygonIndex desaIndex(*desa);
  const PolygonIndex kecamatanIndex(*kecamatan);
  std::printf("index_build_s=%.4f\n", secondsSince(t0));

  // Seeded uniform points in the regency's lon/lat bounding box (from ../shared/geodata/README.md).
  t0 = Clock::now();
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> lon(107.181938, 107.726529), lat(-7.122013, -6.688515);
  std::vector<Vec2> lonLat(pointCount), positions(pointCount);
  for (size_t i = 0; i < pointCount; ++i) lonLat[i] = {lon(rng), lat(rng)};
  std::printf("generate_s=%.4f\n", secondsSince(t0));
  t0 = Clock::now();
  for (size_t i = 0; i < pointCount; ++i) positions[i] = utm.fromLonLat(lonLat[i]);
  std::printf("project_s=%.4f\n", secondsSince(t0));

  // The counting step: point-in-polygon for every point into both layers, then counts.
  std::vector<std::int32_t> inDesa(pointCount), inKecamatan(pointCount);
  std::vector<std::int64_t> desaCounts, kecamatanCounts;
  double median = 0;
  auto countDesa = [&](int th) {
    locatePoints(desaIndex, positions.data(), pointCount, inDesa.data(), th);
    desaCounts = countPerPolygon(inDesa.data(), pointCount, desa->features.size());
  };
  auto countKecamatan = [&](int th) {
    locatePoints(kecamatanIndex, positions.data(), pointCount, inKecamatan.data(), th);
    kecamatanCounts = countPerPolygon(inKecamatan.data(), pointCount, kecamatan->features.size());
  };
  std::printf("points=%zu\nthreads=%d\n", pointCount, threads);
  double best = bestOf(repeats, [&] { countDesa(threads); countKecamatan(threads); }, &median);
  std::printf("count_both_s=%.4f\ncount_both_median_s=%.4f\n", best, median);
  best = bestOf(repeats, [&] { countDesa(threads); }, &median);
  std::printf("count_desa_s=%.4f\n", best);
  best = bestOf(repeats, [&] { countKecamatan(threads); }, &median);
  std::printf("count_kecamatan_s=%.4f\n", best);
  best = bestOf(repeats, [&] { countDesa(1); countKecamatan(1); }, &median);
  std::printf("count_both_1thread_s=%.4f\n", best);
  // A naive baseline for scale: every point tested against every kecamatan polygon (on 20,000 points).
  {
    const size_t sample = std::min<size_t>(pointCount, 20000);
    t0 = Clock::now();
    size_t hits = 0;
    for (size_t i = 0; i < sample; ++i)
      for (const auto& f : kecamatan->features)
        if (f.bbox.contains(positions[i]) && pointInMultiPolygon(f.polygon, positions[i])) { ++hits; break; }
    std::printf("naive_kecamatan_per_million_s=%.4f\n", secondsSince(t0) * 1e6 / double(sample));
  }
  long long desaTotal = 0, kecamatanTotal = 0;
  for (auto c : desaCounts) desaTotal += c;
  for (auto c : kecamatanCounts) kecamatanTotal += c;
  std::printf("inside_desa=%lld\ninside_kecamatan=%lld\n", desaTotal, kecamatanTotal);
  // Sanity: each desa lies in one kecamatan, so points counted in a desa are in that desa's kecamatan
  // (except the reservoir sliver, which no kecamatan holds).
  {
    size_t disagree = 0;
    const int kecField = desa->fieldIndex("kec_code");
    for (size_t i = 0; i < pointCount; ++i) {
      if (inDesa[i] < 0 || kecField < 0) continue;
      const std::string& kec = desa->features[inDesa[i]].values[kecField];
      if (kec.empty()) continue;
      if (inKecamatan[i] < 0 || kecamatan->featureCode(inKecamatan[i]) != kec) ++disagree;
    }
    std::printf("desa_kecamatan_disagreements=%zu\n", disagree);
  }

  // The whole indicator computation on the desa layer (no mentors), for scale.
  {
    BeneficiaryPoints ben;
    ben.reserve(pointCount);
    ben.categoryNames = {"makanan dan minuman", "warung/toko kelontong", "kerajinan", "jasa", "lainnya"};
    ben.statusNames = {"aktif", "lulus"};
    for (size_t i = 0; i < pointCount; ++i)
      ben.add(inDesa[i], positions[i], int(i % 5), 2020 + int(i % 3), int(i % 2), 1000000.0, -1);
    best = bestOf(3, [&] { computeIndicators(*desa, ben, nullptr, IndicatorOptions{5, {}, {}, threads}); });
    std::printf("indicators_desa_no_mentors_s=%.4f\n", best);
    MentorPoints mentors;
    std::mt19937_64 mrng(seed + 1);
    std::uniform_int_distribution<size_t> pick(0, pointCount - 1);
    for (int m = 0; m < 200; ++m) {
      size_t i = pick(mrng);
      while (inDesa[i] < 0) i = pick(mrng);
      mentors.add(inDesa[i], positions[i], false, 0, 50);
    }
    for (size_t i = 0; i < pointCount; ++i) ben.mentor[i] = std::int32_t(i % 200);
    best = bestOf(3, [&] { computeIndicators(*desa, ben, &mentors, IndicatorOptions{5, {}, {}, threads}); });
    std::printf("indicators_desa_200_mentors_s=%.4f\n", best);
  }

  // CSV files for the whole run and for the peers: the first 100,000 rows are the 100k file.
  t0 = Clock::now();
  const std::string csvAll = outDir + "/points_all.csv", csv100k = outDir + "/points_100k.csv";
  {
    const char* categories[] = {"warung sembako", "keripik singkong", "jahit", "comring", "ternak ayam"};
    std::ofstream all(csvAll), small(csv100k);
    const std::string header = "id,lon,lat,jenis_usaha,tahun,status\n";
    all << header;
    small << header;
    char line[160];
    for (size_t i = 0; i < pointCount; ++i) {
      const int n = std::snprintf(line, sizeof line, "%zu,%.7f,%.7f,%s,%d,%s\n", i + 1, lonLat[i].x, lonLat[i].y,
                                  categories[i % 5], 2020 + int(i % 3), i % 2 ? "lulus" : "aktif");
      all.write(line, n);
      if (i < 100000) small.write(line, n);
    }
  }
  std::printf("write_csv_s=%.4f\n", secondsSince(t0));
  {
    std::ofstream counts(outDir + "/our_kecamatan_counts.csv");
    counts << "code,count\n";
    for (size_t f = 0; f < kecamatan->features.size(); ++f)
      counts << kecamatan->featureCode(f) << ',' << kecamatanCounts[f] << '\n';
  }

  if (!binary.empty()) {
    int status = 0;
    const std::string kec = geodata + "/kbb_kecamatan.shp", desaShp = geodata + "/kbb_desa.shp";
    auto run = [&](const std::string& boundaries, const std::string& csv, const std::string& out) {
      return timeCommand(binary + " stats --boundaries '" + boundaries + "' --beneficiaries '" + csv + "' > '" +
                             out + "' 2> '" + out + ".stderr'",
                         &status);
    };
    double s = run(kec, csvAll, outDir + "/stats_kecamatan.csv");
    std::printf("stats_run_kecamatan_s=%.4f\nstats_run_kecamatan_exit=%d\nstats_run_kecamatan_total=%lld\n", s, status,
                sumBeneficiaries(outDir + "/stats_kecamatan.csv"));
    s = run(desaShp, csvAll, outDir + "/stats_desa.csv");
    std::printf("stats_run_desa_s=%.4f\nstats_run_desa_exit=%d\nstats_run_desa_total=%lld\n", s, status,
                sumBeneficiaries(outDir + "/stats_desa.csv"));
    s = run(kec, csv100k, outDir + "/stats_kecamatan_100k.csv");
    std::printf("stats_run_kecamatan_100k_s=%.4f\nstats_run_kecamatan_100k_exit=%d\n", s, status);
  }
  // Counting step on the first 100,000 points into the kecamatan, for the ogr2ogr comparison.
  {
    const size_t n = std::min<size_t>(pointCount, 100000);
    std::vector<std::int32_t> out(n);
    best = bestOf(repeats, [&] {
      locatePoints(kecamatanIndex, positions.data(), n, out.data(), threads);
      countPerPolygon(out.data(), n, kecamatan->features.size());
    });
    std::printf("count_kecamatan_100k_s=%.5f\n", best);
    long long inside = 0;
    for (auto p : out) inside += p >= 0;
    std::printf("inside_kecamatan_100k=%lld\n", inside);
  }
  return 0;
}
