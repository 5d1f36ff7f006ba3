// `prokus-map rank` end to end on generated lists placed in the real KBB kecamatan. The lists are
// built from kbb_desa_points.csv (one point inside each desa) so that every kecamatan's count, and
// with it the ranking, is known by construction.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.h"

namespace {

using Row = std::vector<std::string>;

using pk::test::Csv;
using pk::test::DesaPoint;
using pk::test::desaPoints;
using pk::test::parseCsv;

// The 16 kecamatan codes in code order, and the desa points of each.
struct Kecamatan {
  std::string code, name;
  std::vector<DesaPoint> desa;
};
std::vector<Kecamatan> kecamatanList() {
  std::map<std::string, Kecamatan> byCode;
  for (const auto& d : desaPoints()) {
    auto& k = byCode[d.kecCode];
    k.code = d.kecCode;
    k.name = d.kecamatan;
    k.desa.push_back(d);
  }
  std::vector<Kecamatan> out;
  for (auto& [code, k] : byCode) out.push_back(k);
  return out;
}

// Beneficiaries per kecamatan (by code order index i): 6 + 2 * ((7 i) mod 16), all different, so
// the order by beneficiaries is a known permutation of the code order. Every row sits by
// coordinates on a desa point of its kecamatan.
int beneficiariesOf(int i) { return 6 + 2 * ((7 * i) % 16); }
// Candidates per kecamatan: 100 (i + 1), so code order reversed; kecamatan 3 has an empty cell.
constexpr int kMissingCandidates = 3;
double candidatesOf(int i) { return 100.0 * (i + 1); }

struct Fixture {
  pk::test::TempDir dir;
  std::vector<Kecamatan> kec = kecamatanList();
  std::string beneficiaries = dir.file("kpm.csv"), mentors = dir.file("mentors.csv"),
              table = dir.file("pkh.csv");
  Fixture() {
    REQUIRE(kec.size() == 16);
    std::ofstream out(beneficiaries);
    out << "id,nama,nik,kecamatan,lon,lat,jenis_usaha\n";
    const char* types[] = {"warung sembako", "keripik singkong", "jahit", "comring", "ternak ayam"};
    int id = 0;
    for (int i = 0; i < 16; ++i)
      for (int b = 0; b < beneficiariesOf(i); ++b) {
        const DesaPoint& d = kec[i].desa[b % kec[i].desa.size()];
        out << "KPM-" << id << ",Asep Sunarya," << (3217000000000000LL + id) << ',' << kec[i].name << ',' << d.lon
            << ',' << d.lat << ',' << types[(b * (i + 1)) % 5] << '\n';
        ++id;
      }
    std::ofstream t(table);
    t << "kode,kecamatan,candidates,households,remark\n";
    for (int i = 0; i < 16; ++i) {
      t << kec[i].code << ',' << kec[i].name << ',';
      if (i != kMissingCandidates) t << candidatesOf(i);
      t << ',' << 1000 * (16 - i) << ",note " << i << '\n';
    }
    // Two mentors on the first desa point of kecamatan 0 and 8.
    std::ofstream m(mentors);
    m << "mentor_id,nama,lon,lat\n";
    m << "M1,Pendamping 1," << kec[0].desa[0].lon << ',' << kec[0].desa[0].lat << '\n';
    m << "M2,Pendamping 2," << kec[8].desa[0].lon << ',' << kec[8].desa[0].lat << '\n';
  }
  std::string base() const {
    return "--boundaries " + pk::test::quote(pk::test::sharedGeodata("kbb_kecamatan.shp").string()) +
           " --beneficiaries " + pk::test::quote(beneficiaries);
  }
};

struct Run {
  int exitCode = -1;
  std::string out, err;
  Csv csv;
};

Run rank(const Fixture& fx, const std::string& args) {
  const std::string out = fx.dir.file("stdout.csv"), err = fx.dir.file("stderr.txt");
  const auto r = pk::test::runCommand("{ " + std::string(PROKUS_BINARY) + " rank " + args + " > " + pk::test::quote(out) +
                                      " 2> " + pk::test::quote(err) + "; }");
  Run run;
  run.exitCode = r.exitCode;
  run.out = pk::test::readText(out);
  run.err = pk::test::readText(err);
  run.csv = parseCsv(run.out);
  return run;
}

double number(const std::string& s) { return std::stod(s); }

// Codes ordered by a per-index value, best (largest) first.
std::vector<std::string> codesBy(const std::vector<Kecamatan>& kec, const std::vector<double>& value) {
  std::vector<int> idx(kec.size());
  for (size_t i = 0; i < idx.size(); ++i) idx[i] = int(i);
  std::stable_sort(idx.begin(), idx.end(), [&](int a, int b) { return value[a] > value[b]; });
  std::vector<std::string> out;
  for (int i : idx) out.push_back(kec[i].code);
  return out;
}

}  // namespace

TEST_CASE("rank: exact header, one criterion reproduces its order, scores 100 to 0") {
  Fixture fx;
  const Run r = rank(fx, fx.base() + " --weights beneficiaries=1");
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  CHECK(r.out.substr(0, r.out.find('\n')) == "rank,code,name,score,c_beneficiaries,excluded");
  REQUIRE(r.csv.rows.size() == 16);
  std::vector<double> counts;
  for (int i = 0; i < 16; ++i) counts.push_back(beneficiariesOf(i));
  CHECK(r.csv.codes() == codesBy(fx.kec, counts));
  for (size_t k = 0; k < 16; ++k) {
    CHECK(r.csv.rows[k][0] == std::to_string(k + 1));
    CHECK(r.csv.rows[k][5].empty());
    CHECK(r.csv.rows[k][3] == r.csv.rows[k][4]);  // one criterion: the score is its contribution
  }
  CHECK(r.csv.rows.front()[3] == "100.0000");
  CHECK(r.csv.rows.back()[3] == "0.0000");
  // Min-max: (n - 6) / 30 of 100 points.
  const Row* k5 = r.csv.byCode(fx.kec[5].code);
  REQUIRE(k5);
  CHECK(number((*k5)[3]) == doctest::Approx(100.0 * (beneficiariesOf(5) - 6) / 30).epsilon(1e-6));
  CHECK((*k5)[2] == fx.kec[5].name);
  CHECK(r.err.find("beneficiaries: ") != std::string::npos);
  CHECK(r.out.find("Asep") == std::string::npos);  // no personal data
}

TEST_CASE("rank: two criteria combine as weighted min-max shares, in the order known by construction") {
  Fixture fx;
  const Run r = rank(fx, fx.base() + " --candidates " + pk::test::quote(fx.table) +
                              " --weights candidates=3,beneficiaries=1 --missing worst");
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  CHECK(r.csv.header == Row{"rank", "code", "name", "score", "c_candidates", "c_beneficiaries", "excluded"});
  // Expected: 75 * (c - 100) / 1500 + 25 * (n - 6) / 30; the missing candidates count as the worst (100).
  std::vector<double> expected;
  for (int i = 0; i < 16; ++i) {
    const double c = i == kMissingCandidates ? 100 : candidatesOf(i);
    expected.push_back(75 * (c - 100) / 1500 + 25.0 * (beneficiariesOf(i) - 6) / 30);
  }
  CHECK(r.csv.codes() == codesBy(fx.kec, expected));
  for (int i = 0; i < 16; ++i) {
    const Row* row = r.csv.byCode(fx.kec[i].code);
    REQUIRE(row);
    CHECK(number((*row)[3]) == doctest::Approx(expected[i]).epsilon(1e-4));
  }
  CHECK(number((*r.csv.byCode(fx.kec[kMissingCandidates].code))[4]) == 0);

  // Weight 1 on candidates alone: the code order reversed, the missing one excluded last.
  const Run c = rank(fx, fx.base() + " --candidates " + pk::test::quote(fx.table) + " --weights candidates=1");
  REQUIRE(c.exitCode == 0);
  REQUIRE(c.csv.rows.size() == 16);
  std::vector<std::string> reversed;
  for (int i = 15; i >= 0; --i)
    if (i != kMissingCandidates) reversed.push_back(fx.kec[i].code);
  reversed.push_back(fx.kec[kMissingCandidates].code);
  CHECK(c.csv.codes() == reversed);
  const Row& last = c.csv.rows.back();
  CHECK(last[0].empty());
  CHECK(last[3].empty());
  CHECK(last[5] == "missing value for candidates");
  CHECK(c.csv.rows[14][0] == "15");

  // Another numeric column of the table is a criterion by its name; text columns are not.
  const Run h = rank(fx, fx.base() + " --candidates " + pk::test::quote(fx.table) + " --weights households=1");
  REQUIRE(h.exitCode == 0);
  CHECK(h.csv.rows.front()[1] == fx.kec[0].code);
  const Run t = rank(fx, fx.base() + " --candidates " + pk::test::quote(fx.table) + " --weights remark=1");
  CHECK(t.exitCode == 2);
  CHECK(t.err.find("unknown criterion 'remark'") != std::string::npos);
  CHECK(t.err.find("households") != std::string::npos);
}

TEST_CASE("rank: --exclude and --min exclude exactly what they name, with reasons") {
  Fixture fx;
  const std::string a = fx.kec[4].code, b = fx.kec[9].code;
  const Run r = rank(fx, fx.base() + " --weights beneficiaries=1,density=1 --exclude " + a + "," + b +
                              " --min beneficiaries=14");
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  REQUIRE(r.csv.rows.size() == 16);
  std::set<std::string> expectedExcluded = {a, b};
  for (int i = 0; i < 16; ++i)
    if (beneficiariesOf(i) < 14) expectedExcluded.insert(fx.kec[i].code);
  const size_t ranked = 16 - expectedExcluded.size();
  for (size_t k = 0; k < r.csv.rows.size(); ++k) {
    const Row& row = r.csv.rows[k];
    const bool excluded = expectedExcluded.count(row[1]) > 0;
    CHECK_MESSAGE(excluded == (k >= ranked), row[1]);
    CHECK(row[0].empty() == excluded);
    CHECK(row[6].empty() == !excluded);
  }
  // Excluded rows come last, by code.
  for (size_t k = ranked + 1; k < r.csv.rows.size(); ++k) CHECK(r.csv.rows[k - 1][1] < r.csv.rows[k][1]);
  const int idxA = 4, idxB = 9;
  const auto reasonOf = [&](const std::string& code) { return (*r.csv.byCode(code))[6]; };
  CHECK(reasonOf(a) == (beneficiariesOf(idxA) < 14 ? "excluded by planner; beneficiaries below minimum 14"
                                                   : "excluded by planner"));
  CHECK(reasonOf(b) == (beneficiariesOf(idxB) < 14 ? "excluded by planner; beneficiaries below minimum 14"
                                                   : "excluded by planner"));
  for (int i = 0; i < 16; ++i)
    if (i != idxA && i != idxB && beneficiariesOf(i) < 14) CHECK(reasonOf(fx.kec[i].code) == "beneficiaries below minimum 14");
  CHECK(r.csv.rows.front()[0] == "1");
  CHECK(r.csv.rows[ranked - 1][0] == std::to_string(ranked));

  const Run bad = rank(fx, fx.base() + " --weights beneficiaries=1 --exclude 32.17.99");
  CHECK(bad.exitCode == 2);
  CHECK(bad.err.find("32.17.99") != std::string::npos);
}

TEST_CASE("rank: --missing exclude (default) versus worst") {
  Fixture fx;
  const std::string args = fx.base() + " --candidates " + pk::test::quote(fx.table) + " --weights candidates=1,beneficiaries=1";
  const Run excluded = rank(fx, args);
  const Run worst = rank(fx, args + " --missing worst");
  REQUIRE(excluded.exitCode == 0);
  REQUIRE(worst.exitCode == 0);
  const std::string code = fx.kec[kMissingCandidates].code;
  CHECK((*excluded.csv.byCode(code))[6] == "missing value for candidates");
  CHECK((*excluded.csv.byCode(code))[0].empty());
  const Row& w = *worst.csv.byCode(code);
  CHECK(w[6].empty());
  CHECK_FALSE(w[0].empty());
  CHECK(number(w[4]) == 0);  // the worst candidates value: no points, never a made-up zero count
  CHECK(number(w[5]) == doctest::Approx(50.0 * (beneficiariesOf(kMissingCandidates) - 6) / 30).epsilon(1e-4));
  const Run bad = rank(fx, args + " --missing zero");
  CHECK(bad.exitCode == 2);
  CHECK(bad.err.find("expected exclude or worst") != std::string::npos);
}

TEST_CASE("rank: bad weights exit 2 listing the valid criterion names, with nothing on stdout") {
  Fixture fx;
  for (const std::string weights : {"beneficiaries=-1", "beneficiaries=0,density=0", "popularity=1", "density"}) {
    const Run r = rank(fx, fx.base() + " --mentors " + pk::test::quote(fx.mentors) + " --weights " + weights);
    INFO(weights << ": " << r.err);
    CHECK(r.exitCode == 2);
    CHECK(r.out.empty());
    if (weights != "density") {
      CHECK(r.err.find("valid criteria: beneficiaries, density, coverage_gap, per_mentor, business_diversity") !=
            std::string::npos);
      CHECK(r.err.find("distance_office (no office point given)") != std::string::npos);
    }
  }
  const Run office = rank(fx, fx.base() + " --weights distance_office=1");
  CHECK(office.exitCode == 2);
  CHECK(office.err.find("distance_office is not available: no office point given") != std::string::npos);
  const Run noWeights = rank(fx, fx.base());
  CHECK(noWeights.exitCode == 2);
  CHECK(noWeights.err.find("--weights") != std::string::npos);
  const Run badOffice = rank(fx, fx.base() + " --weights distance_office=1 --office 107.5");
  CHECK(badOffice.exitCode == 2);
  CHECK(badOffice.err.find("--office") != std::string::npos);
}

TEST_CASE("rank: distance_office ranks the office's kecamatan first") {
  Fixture fx;
  const DesaPoint& at = fx.kec[6].desa[0];
  const Run r = rank(fx, fx.base() + " --weights distance_office=1 --office " + at.lon + "," + at.lat);
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  // The office sits inside kecamatan 6; its label point is not necessarily the nearest, but the
  // farthest label point cannot be in a neighbour, so check the score range and direction instead.
  CHECK(r.csv.rows.front()[3] == "100.0000");
  CHECK(r.csv.rows.back()[3] == "0.0000");
  const Row* own = r.csv.byCode(fx.kec[6].code);
  REQUIRE(own);
  CHECK(number((*own)[3]) > 80);
}

TEST_CASE("rank: --new-sites writes the greedy sites and coverage only grows") {
  Fixture fx;
  const std::string sites = fx.dir.file("sites.csv");
  const Run r = rank(fx, fx.base() + " --mentors " + pk::test::quote(fx.mentors) +
                              " --radius-km 3 --weights coverage_gap=1 --new-sites 4 --sites-out " + pk::test::quote(sites));
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  CHECK(r.csv.header == Row{"rank", "code", "name", "score", "c_coverage_gap", "excluded"});
  const std::string text = pk::test::readText(sites);
  const Csv s = parseCsv(text);
  CHECK(s.header == Row{"order", "lon", "lat", "newly_covered", "kecamatan", "desa"});
  REQUIRE(s.rows.size() == 4);
  // Each site names the kecamatan of the boundary layer it falls in (a kecamatan layer: no desa).
  for (const Row& site : s.rows) {
    CHECK_FALSE(site[4].empty());
    CHECK(site[5].empty());
  }
  static const std::regex kCoord(R"(^-?\d+\.\d{6}$)");
  double previous = 1e18, sum = 0;
  for (size_t k = 0; k < s.rows.size(); ++k) {
    CHECK(s.rows[k][0] == std::to_string(k + 1));
    CHECK(std::regex_match(s.rows[k][1], kCoord));
    CHECK(std::regex_match(s.rows[k][2], kCoord));
    const double lon = number(s.rows[k][1]), lat = number(s.rows[k][2]);
    CHECK(lon > 107.1);
    CHECK(lon < 107.8);
    CHECK(lat > -7.2);
    CHECK(lat < -6.6);
    const double n = number(s.rows[k][3]);
    CHECK(n >= 1);
    CHECK(n <= previous);  // greedy marginal gains never grow
    CHECK(n == std::floor(n));
    previous = n;
    sum += n;
  }
  std::smatch m;
  static const std::regex kCoverage(R"(coverage before: (\d+) of (\d+) [^;]*; after: (\d+))");
  REQUIRE(std::regex_search(r.err, m, kCoverage));
  const double before = number(m[1]), total = number(m[2]), after = number(m[3]);
  int expectedTotal = 0;
  for (int i = 0; i < 16; ++i) expectedTotal += beneficiariesOf(i);
  CHECK(total == expectedTotal);
  CHECK(before > 0);  // the two mentors cover their own desa points at least
  CHECK(after >= before);
  CHECK(after - before == sum);

  // Without mentors all coverage is new; candidates from a file are used in file order.
  const std::string points = fx.dir.file("candidates.csv");
  {
    std::ofstream out(points);
    out << "name,lat,lon\n";
    for (int i : {2, 7, 12}) out << "site " << i << ',' << fx.kec[i].desa[0].lat << ',' << fx.kec[i].desa[0].lon << '\n';
  }
  const Run f = rank(fx, fx.base() + " --weights beneficiaries=1 --new-sites 2 --sites-out " + pk::test::quote(sites) +
                              " --sites-from " + pk::test::quote(points));
  INFO(f.err);
  REQUIRE(f.exitCode == 0);
  CHECK(f.err.find("coverage before: 0 of") != std::string::npos);
  const Csv fs = parseCsv(pk::test::readText(sites));
  REQUIRE(fs.rows.size() == 2);
  std::set<std::string> allowed;
  for (int i : {2, 7, 12}) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6f,%.6f", std::stod(fx.kec[i].desa[0].lon), std::stod(fx.kec[i].desa[0].lat));
    allowed.insert(buf);
  }
  for (const auto& row : fs.rows) CHECK(allowed.count(row[1] + "," + row[2]) == 1);

  const Run missing = rank(fx, fx.base() + " --weights beneficiaries=1 --new-sites 2");
  CHECK(missing.exitCode == 2);
  CHECK(missing.err.find("--sites-out") != std::string::npos);
}

TEST_CASE("rank: --sensitivity-top adds a reproducible stability column") {
  Fixture fx;
  const std::string args = fx.base() + " --candidates " + pk::test::quote(fx.table) +
                           " --weights candidates=1,beneficiaries=1 --sensitivity-top 3";
  const Run a = rank(fx, args);
  const Run b = rank(fx, args);
  INFO(a.err);
  REQUIRE(a.exitCode == 0);
  CHECK(a.csv.header.back() == "stable_top_3");
  CHECK(a.out == b.out);
  for (const auto& row : a.csv.rows) {
    if (row[0].empty()) {
      CHECK(row.back().empty());
      continue;
    }
    const double share = number(row.back());
    CHECK(share >= 0);
    CHECK(share <= 1);
  }
}

TEST_CASE("rank: --scenario takes weights and constraints from the project; flags replace parts") {
  Fixture fx;
  const std::string project = fx.dir.file("plan.prokus.json");
  pk::test::writeText(project, R"({"format": "prokus-map project", "version": 1, "layers": [{"path": )" +
                                   std::string("\"") + pk::test::sharedGeodata("kbb_kecamatan.shp").string() +
                                   R"(", "role": "boundary"}], "scenarios": [{"name": "Sepi", "criteria": [{"name": "beneficiaries", "weight": 1, "direction": "less"}], "exclude": [")" +
                                   fx.kec[0].code + R"("], "radius_km": 2, "new_sites": 2}]})");
  const Run r = rank(fx, "--project " + pk::test::quote(project) + " --scenario Sepi --beneficiaries " +
                              pk::test::quote(fx.beneficiaries));
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  // Fewest beneficiaries first (direction "less"), kecamatan 0 excluded.
  std::vector<double> fewest;
  for (int i = 0; i < 16; ++i) fewest.push_back(-beneficiariesOf(i));
  std::vector<std::string> expected;
  for (const auto& c : codesBy(fx.kec, fewest))
    if (c != fx.kec[0].code) expected.push_back(c);
  expected.push_back(fx.kec[0].code);
  CHECK(r.csv.codes() == expected);
  CHECK(r.csv.rows.back()[5] == "excluded by planner");

  // --exclude replaces the scenario's exclusions; the saved direction is kept for --weights.
  const Run o = rank(fx, "--project " + pk::test::quote(project) + " --scenario Sepi --beneficiaries " +
                              pk::test::quote(fx.beneficiaries) + " --weights beneficiaries=2 --exclude " + fx.kec[1].code);
  REQUIRE(o.exitCode == 0);
  CHECK(o.csv.rows.back()[1] == fx.kec[1].code);
  CHECK(o.csv.byCode(fx.kec[0].code)->at(5).empty());
  CHECK(o.csv.rows.front()[1] == fx.kec[0].code);  // still fewest first: the saved direction

  const Run unknown = rank(fx, "--project " + pk::test::quote(project) + " --scenario Ramai --beneficiaries " +
                                    pk::test::quote(fx.beneficiaries));
  CHECK(unknown.exitCode == 2);
  CHECK(unknown.err.find("no scenario named 'Ramai' (saved scenarios: 'Sepi')") != std::string::npos);
}
