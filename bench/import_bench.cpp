// Times importing a large beneficiary list: reading the CSV, then placing the rows into the 16 real
// kecamatan (coordinates for most rows, names for some). Usage: import_bench [rows] [boundary.shp]
#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>

#include "core/layer_io.h"
#include "core/programme_data.h"
#include "core/project_file.h"
#include "core/table_io.h"

using namespace pk;
using Clock = std::chrono::steady_clock;

static double cpuSeconds() { return double(std::clock()) / CLOCKS_PER_SEC; }

static double secondsSince(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

int main(int argc, char** argv) {
  const size_t rows = argc > 1 ? std::stoul(argv[1]) : 1000000;
  const std::string boundary =
      argc > 2 ? argv[2]
               : (std::filesystem::path(__FILE__).parent_path() / "../../shared/geodata/kbb_kecamatan.shp").string();
  const std::string csv = (std::filesystem::temp_directory_path() / "prokus_import_bench.csv").string();
  {
    std::mt19937 rng(42);
    std::uniform_real_distribution<double> lon(107.18, 107.73), lat(-7.12, -6.69);
    const char* kecamatan[] = {"Lembang", "Kec. Cililin", "Sindang Kerta", "Cikalong Wetan", "Rongga"};
    const char* usaha[] = {"Comring", "Warung", "Jahit", "Ternak domba", "Keripik", "Teh tarik"};
    std::string text = "no_kpm;nama;nik;kecamatan;bujur;lintang;jenis_usaha;tahun;bsimu;id_mentor;status\n";
    text.reserve(rows * 110);
    char line[256];
    for (size_t i = 0; i < rows; ++i) {
      const bool byName = i % 10 == 0;
      std::snprintf(line, sizeof line, "K%07zu;Nama %zu;32170101%08zu;%s;%s;%s;%s;%d;Rp 5.000.000;M%02zu;aktif\n", i, i,
                    i, kecamatan[i % 5], byName ? "" : std::to_string(lon(rng)).c_str(),
                    byName ? "" : std::to_string(lat(rng)).c_str(), usaha[i % 6], 2020 + int(i % 2), i % 19);
      text += line;
    }
    writeFileAtomically(csv, text);
  }
  MapProjection utm(32748);
  LayerPtr layer = loadBoundaryLayer(boundary, utm);
  PlacementContext ctx(*layer, utm);
  const double cpu0 = cpuSeconds();
  auto t0 = Clock::now();
  TableReadOptions options;
  options.knownHeaders = allRecognisedHeaders();
  Table table = readTable(csv, options);
  const double readSeconds = secondsSince(t0);
  const double cpu1 = cpuSeconds();
  auto t1 = Clock::now();
  BeneficiaryList list = importBeneficiaries(table, guessColumnMapping(table, ListKind::Beneficiaries), ctx,
                                             BusinessCategories::defaults());
  const double placeSeconds = secondsSince(t1);
  const double cpu2 = cpuSeconds();
  std::printf("rows %zu: read %.3f s, place %.3f s, total %.3f s\n", rows, readSeconds, placeSeconds,
              readSeconds + placeSeconds);
  std::printf("cpu: read %.3f s, place %.3f s (wall exceeds cpu when other work shares the cores)\n",
              cpu1 - cpu0, cpu2 - cpu1);
  std::printf("%s\n", list.summary.oneLine().c_str());
  std::filesystem::remove(csv);
  return list.summary.placed() > 0 ? 0 : 1;
}
