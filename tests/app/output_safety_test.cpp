// Nothing the planner owns is lost: every verb refuses an output that is one of its inputs (under
// any name), --sites-out replaces only its own CSVs, and a run killed at any rename leaves either
// the old files or the new ones, never a mix (kills injected with strace, as a power cut would).
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <filesystem>
#include <set>
#include <string>

#include "test_support.h"

namespace fs = std::filesystem;
using namespace pk::test;

namespace {

// A copy of the demo project and its data in a temporary folder, so the test may try to damage it.
struct DemoCopy {
  TempDir dir;
  fs::path data = dir.path() / "data";
  DemoCopy() {
    fs::create_directories(data);
    for (const auto& e : fs::directory_iterator(sourceDir() / "geodata"))
      if (e.is_regular_file()) fs::copy_file(e.path(), data / e.path().filename());
  }
  std::string project() const { return (data / "demo.prokus.json").string(); }
  std::string list() const { return (data / "synthetic_kpm_beneficiaries.csv").string(); }
  std::string mentors() const { return (data / "synthetic_mentors.csv").string(); }
  std::string boundaries() const { return (data / "kbb_kecamatan_schematic.geojson").string(); }
};

CommandResult prokus(const std::string& args) {
  return runCommand("env -u DISPLAY -u WAYLAND_DISPLAY " + quote(PROKUS_BINARY) + " " + args);
}

std::string rankArgs(const DemoCopy& d) {
  return "rank --boundaries " + quote(d.boundaries()) + " --beneficiaries " + quote(d.list()) + " --mentors " +
         quote(d.mentors()) + " --weights beneficiaries=50,coverage_gap=50 --new-sites 2";
}

// Image size and the world file's pixel width, to check they belong together.
struct ImageSet {
  int width = 0;
  double worldPixel = 0;  // 0: no world file
  bool aux = false;
};
ImageSet imageSet(const fs::path& png) {
  ImageSet s;
  const std::string bytes = readText(png.string());
  REQUIRE(bytes.size() > 24);
  s.width = (static_cast<unsigned char>(bytes[16]) << 24) | (static_cast<unsigned char>(bytes[17]) << 16) |
            (static_cast<unsigned char>(bytes[18]) << 8) | static_cast<unsigned char>(bytes[19]);
  fs::path world = png;
  world.replace_extension(".pgw");
  if (fs::exists(world)) s.worldPixel = std::stod(readText(world.string()));
  s.aux = fs::exists(png.string() + ".aux.xml");
  return s;
}

bool straceAvailable() { return runCommand("strace -V").exitCode == 0; }

// LeakSanitizer stops the process with ptrace at exit, which fails under strace: off for those runs
// (the same binary's leaks are checked in every other test).
const std::string kUnderStrace = "env -u DISPLAY -u WAYLAND_DISPLAY ASAN_OPTIONS=detect_leaks=0 ";

}  // namespace

TEST_CASE("rank --sites-out never writes over an input, whatever its name") {
  DemoCopy d;
  const std::string before = readText(d.list());
  fs::create_symlink(d.list(), d.dir.path() / "link.csv");
  fs::create_hard_link(d.list(), d.dir.path() / "hard.csv");
  for (const std::string& out : {d.list(), d.dir.file("link.csv"), d.dir.file("hard.csv"), d.mentors()}) {
    CAPTURE(out);
    for (const char* overwrite : {"", " --overwrite"}) {
      const auto r = prokus(rankArgs(d) + " --sites-out " + quote(out) + overwrite);
      CHECK(r.exitCode == 2);
      CHECK(r.output.find("inputs are never overwritten") != std::string::npos);
      CHECK(r.output.find(fs::path(out).filename().string()) != std::string::npos);
    }
  }
  CHECK(readText(d.list()) == before);
  CHECK(fs::is_symlink(d.dir.path() / "link.csv"));

  // Through the project: its programme lists are inputs too.
  const auto viaProject = prokus("rank --project " + quote(d.project()) + " --beneficiaries " + quote(d.mentors()) +
                                 " --weights beneficiaries=100 --new-sites 1 --sites-out " + quote(d.list()));
  CHECK(viaProject.exitCode == 2);
  CHECK(readText(d.list()) == before);
}

TEST_CASE("rank --sites-out writes .csv only and replaces a foreign file only with --overwrite") {
  DemoCopy d;
  const std::string notes = d.dir.file("important_notes.txt");
  writeText(notes, "jangan hilang");
  auto r = prokus(rankArgs(d) + " --sites-out " + quote(notes));
  CHECK(r.exitCode == 2);
  CHECK(r.output.find(".csv") != std::string::npos);
  CHECK(readText(notes) == "jangan hilang");

  const std::string foreign = d.dir.file("rapat.csv");
  writeText(foreign, "agenda,waktu\nbuka,09:00\n");
  r = prokus(rankArgs(d) + " --sites-out " + quote(foreign));
  CHECK(r.exitCode == 2);
  CHECK(r.output.find("--overwrite") != std::string::npos);
  CHECK(readText(foreign) == "agenda,waktu\nbuka,09:00\n");
  r = prokus(rankArgs(d) + " --sites-out " + quote(foreign) + " --overwrite");
  CHECK(r.exitCode == 0);
  CHECK(readText(foreign).rfind("order,lon,lat,newly_covered,kecamatan,desa\n", 0) == 0);

  // Its own earlier output is replaced without asking.
  r = prokus(rankArgs(d) + " --sites-out " + quote(foreign));
  CHECK(r.exitCode == 0);
}

TEST_CASE("render refuses an output that is an input, and bad dates and folders before the work") {
  DemoCopy d;
  fs::create_hard_link(d.list(), d.dir.path() / "map.png");
  const std::string before = readText(d.list());
  auto r = prokus("render " + quote(d.project()) + " -o " + quote(d.dir.file("map.png")));
  CHECK(r.exitCode == 2);
  CHECK(r.output.find("inputs are never overwritten") != std::string::npos);
  CHECK(readText(d.list()) == before);

  for (const char* date : {"2024-13-45", "2023-02-29", "2024-1-5", "tomorrow"}) {
    CAPTURE(date);
    r = prokus("render " + quote(d.project()) + " -o " + quote(d.dir.file("ok.png")) + " --date " + date);
    CHECK(r.exitCode == 2);
    CHECK(r.output.find("--date") != std::string::npos);
    r = prokus("export-pack " + quote(d.project()) + " -o " + quote(d.dir.file("pack")) + " --date " + date);
    CHECK(r.exitCode == 2);
  }
  CHECK_FALSE(fs::exists(d.dir.file("ok.png")));
  CHECK_FALSE(fs::exists(d.dir.file("pack")));
  CHECK(prokus("render " + quote(d.project()) + " -o " + quote(d.dir.file("leap.png")) + " --size 64x48 --date 2024-02-29")
            .exitCode == 0);

  writeText(d.dir.file("afile"), "x");
  r = prokus("render " + quote(d.project()) + " -o " + quote(d.dir.file("afile/map.png")));
  CHECK(r.exitCode == 2);
  CHECK(r.output.find("not a folder") != std::string::npos);
  r = prokus("render " + quote(d.project()) + " -o " + quote(d.dir.file("nowhere/map.png")));
  CHECK(r.exitCode == 2);
  CHECK(r.output.find("No such file or directory") != std::string::npos);
}

TEST_CASE("render killed at every rename never leaves an image beside another image's world file") {
  REQUIRE_MESSAGE(straceAvailable(), "strace (Debian package strace) is needed: tools/install_debian_packages.sh");
  DemoCopy d;
  const fs::path out = d.dir.path() / "map.png";
  const std::string renderArgs = "render " + quote(d.project()) + " -o " + quote(out.string()) + " --plain";
  for (int n = 1; n <= 4; ++n) {
    CAPTURE(n);
    // The old set: 400 px wide; the new: 200 px over the same extent, so its pixels are twice as wide.
    REQUIRE(prokus(renderArgs + " --size 400x300").exitCode == 0);
    const ImageSet old = imageSet(out);
    REQUIRE(old.width == 400);
    REQUIRE(old.worldPixel > 0);
    const auto r = runCommand(kUnderStrace + "strace -f -o /dev/null -e inject=rename:signal=SIGKILL:when=" +
                              std::to_string(n) + " " + quote(PROKUS_BINARY) + " " + renderArgs + " --size 200x150");
    const ImageSet now = imageSet(out);
    CAPTURE(now.width);
    CAPTURE(now.worldPixel);
    if (now.width == 400) {
      // The old image, with its own world file or none (never the new one).
      CHECK((now.worldPixel == 0 || now.worldPixel == doctest::Approx(old.worldPixel)));
    } else {
      REQUIRE(now.width == 200);
      CHECK((now.worldPixel == 0 || now.worldPixel == doctest::Approx(old.worldPixel * 2).epsilon(1e-6)));
    }
    if (n == 4) {  // three renames: the fourth never comes, the run completes
      CHECK(r.exitCode == 0);
      CHECK(now.width == 200);
      CHECK(now.aux);
      CHECK(now.worldPixel > 0);
      // ...and it cleaned the killed runs' temporary files.
      for (const auto& e : fs::directory_iterator(d.dir.path()))
        CHECK_MESSAGE(e.path().filename().string().find(".prokus-tmp-") != 0, e.path());
    } else {
      CHECK(r.exitCode != 0);
    }
  }
}

TEST_CASE("export-pack killed mid-way leaves the whole old pack; the next run cleans up and completes") {
  REQUIRE_MESSAGE(straceAvailable(), "strace (Debian package strace) is needed: tools/install_debian_packages.sh");
  DemoCopy d;
  const fs::path pack = d.dir.path() / "rapat";
  const std::string args = "export-pack " + quote(d.project()) + " -o " + quote(pack.string());
  REQUIRE(prokus(args + " --date 2025-01-01").exitCode == 0);
  writeText((pack / "notulen.txt").string(), "jangan dihapus");
  const std::string oldIndex = readText((pack / "index.html").string());
  REQUIRE(oldIndex.find("2025-01-01") != std::string::npos);

  auto listFolder = [&] {
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(pack)) names.insert(e.path().filename().string());
    return names;
  };
  const auto oldNames = listFolder();
  // Kills: in the tables, in the middle of the images, and at the swap itself.
  for (const std::string inject : {"rename:signal=SIGKILL:when=1", "rename:signal=SIGKILL:when=20",
                                   "renameat2:signal=SIGKILL:when=1"}) {
    CAPTURE(inject);
    const auto r = runCommand(kUnderStrace + "strace -f -o /dev/null -e inject=" + inject + " " +
                              quote(PROKUS_BINARY) + " " + args + " --date 2025-03-12");
    CHECK(r.exitCode != 0);
    CHECK(listFolder() == oldNames);  // the whole old pack, the planner's note included
    CHECK(readText((pack / "index.html").string()) == oldIndex);
    CHECK(readText((pack / "notulen.txt").string()) == "jangan dihapus");
  }
  const auto r = prokus(args + " --date 2025-03-12");
  INFO(r.output);
  REQUIRE(r.exitCode == 0);
  CHECK(readText((pack / "index.html").string()).find("2025-03-12") != std::string::npos);
  CHECK(readText((pack / "notulen.txt").string()) == "jangan dihapus");
  for (const auto& e : fs::directory_iterator(d.dir.path()))  // killed runs' staging folders are gone
    CHECK_MESSAGE(e.path().filename().string().find("prokus-pack") == std::string::npos, e.path());
}

TEST_CASE("the personal-data file of a pack is private; the shareable files follow the umask") {
  DemoCopy d;
  const fs::path pack = d.dir.path() / "rapat";
  const auto r = prokus("export-pack " + quote(d.project()) + " -o " + quote(pack.string()) + " --with-personal-data");
  REQUIRE(r.exitCode == 0);
  struct stat st {};
  REQUIRE(::stat((pack / "beneficiaries-personal.csv").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  REQUIRE(::stat((pack / "table.csv").c_str(), &st) == 0);
  const mode_t mask = ::umask(022);
  ::umask(mask);  // the child inherited this umask
  CHECK((st.st_mode & 0777) == (0666 & ~mask));
}

TEST_CASE("stats and rank refuse a standard output redirected onto one of their inputs") {
  DemoCopy d;
  const std::string before = readText(d.list());
  const std::string stats = "env -u DISPLAY " + quote(PROKUS_BINARY) + " stats --boundaries " + quote(d.boundaries()) +
                            " --beneficiaries " + quote(d.list());
  // In a subshell, so that only stdout goes to the file (runCommand sends stderr to its pipe).
  auto r = runCommand("(" + stats + " >> " + quote(d.list()) + ")");  // '>>' keeps the list: only our check saves it
  CHECK(r.exitCode == 2);
  CHECK(r.output.find("standard output") != std::string::npos);
  CHECK(readText(d.list()) == before);
  r = runCommand("(env -u DISPLAY " + quote(PROKUS_BINARY) + " " + rankArgs(d) + " --sites-out " +
                 quote(d.dir.file("s.csv")) + " >> " + quote(d.mentors()) + ")");
  CHECK(r.exitCode == 2);
  CHECK(r.output.find("standard output") != std::string::npos);
  // Another file is fine.
  r = runCommand("(" + stats + " > " + quote(d.dir.file("stats.csv")) + ")");
  CHECK(r.exitCode == 0);
  CHECK(readText(d.dir.file("stats.csv")).rfind("code,name,area_km2", 0) == 0);
}
