#include "core/safe_write.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "core/layer_io.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace pk::test;

namespace {

mode_t modeOf(const fs::path& p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

// Runs body with the given umask, restoring the old one.
template <class F>
void withUmask(mode_t mask, F body) {
  const mode_t old = ::umask(mask);
  body();
  ::umask(old);
}

}  // namespace

TEST_CASE("an output is refused when it is an input under any name: symlink, hard link, dot-dot") {
  TempDir dir;
  const std::string list = dir.file("kpm.csv");
  writeText(list, "nama,nik\n");
  fs::create_directories(dir.path() / "sub");
  fs::create_symlink(list, dir.path() / "link.csv");
  fs::create_hard_link(list, dir.path() / "hard.csv");

  pk::InputFiles inputs;
  inputs.add(list);
  inputs.add(dir.file("missing.csv"));  // ignored: nothing to protect yet
  for (const std::string& same : {list, dir.file("link.csv"), dir.file("hard.csv"), dir.file("sub/../kpm.csv")}) {
    CAPTURE(same);
    REQUIRE(inputs.inputAt(same));
    CHECK(*inputs.inputAt(same) == list);
    try {
      inputs.checkOutput(same);
      FAIL("no error");
    } catch (const pk::InputError& e) {
      const std::string what = e.what();
      CHECK(what.rfind(fs::path(same).filename().string() + ":", 0) == 0);  // names the output
      CHECK(what.find(list) != std::string::npos);  // and the input
    }
  }
  writeText(dir.file("other.csv"), "x\n");
  CHECK_FALSE(inputs.inputAt(dir.file("other.csv")));
  CHECK_NOTHROW(inputs.checkOutput(dir.file("other.csv")));
  CHECK_NOTHROW(inputs.checkOutput(dir.file("new.csv")));
}

TEST_CASE("a Shapefile input protects all its parts") {
  TempDir dir;
  pk::initGdal();
  const std::string shp = dir.file("kec.shp");
  const auto r = runCommand("ogr2ogr -f 'ESRI Shapefile' " + quote(shp) + " " +
                            quote((sourceDir() / "geodata" / "kbb_kecamatan_schematic.geojson").string()));
  REQUIRE(r.exitCode == 0);
  pk::InputFiles inputs;
  inputs.addDataset(shp);
  for (const char* part : {"kec.shp", "kec.dbf", "kec.shx", "kec.prj"}) {
    CAPTURE(part);
    CHECK(inputs.inputAt(dir.file(part)));
  }
}

TEST_CASE("a save keeps the mode of the file it replaces; new files follow the umask; private files are 0600") {
  TempDir dir;
  const std::string project = dir.file("p.prokus.json");
  writeText(project, "old");
  ::chmod(project.c_str(), 0600);
  pk::writeFileAtomically(project, "new");
  CHECK(readText(project) == "new");
  CHECK(modeOf(project) == 0600);  // a private project stays private

  ::chmod(project.c_str(), 0640);
  pk::writeFileAtomically(project, "newer");
  CHECK(modeOf(project) == 0640);

  withUmask(027, [&] {
    pk::writeFileAtomically(dir.file("fresh.csv"), "a\n");
    CHECK(modeOf(dir.file("fresh.csv")) == 0640);
  });
  withUmask(022, [&] {
    pk::writeFileAtomically(dir.file("fresh2.csv"), "a\n");
    CHECK(modeOf(dir.file("fresh2.csv")) == 0644);
    // Personal data: 0600 whatever it replaces and whatever the umask.
    writeText(dir.file("personal.csv"), "old");
    ::chmod(dir.file("personal.csv").c_str(), 0666);
    pk::writeFileAtomically(dir.file("personal.csv"), "nama,nik\n", pk::FileAccess::Private);
    CHECK(modeOf(dir.file("personal.csv")) == 0600);
  });
  // No temporary file is left behind.
  for (const auto& e : fs::directory_iterator(dir.path()))
    CHECK_FALSE(pk::isTemporarySiblingName(e.path().filename().string()));
}

TEST_CASE("saving through a symlink writes the file it points to and keeps the link") {
  TempDir dir;
  fs::create_directories(dir.path() / "real");
  const std::string real = dir.file("real/p.prokus.json");
  writeText(real, "old");
  fs::create_symlink("real/p.prokus.json", dir.path() / "p.prokus.json");  // relative, like most links
  fs::create_symlink(dir.path() / "p.prokus.json", dir.path() / "chain.json");
  pk::writeFileAtomically(dir.file("chain.json"), "new");
  CHECK(fs::is_symlink(dir.path() / "p.prokus.json"));
  CHECK(fs::is_symlink(dir.path() / "chain.json"));
  CHECK(readText(real) == "new");
  // A dangling link: the file it names is created.
  fs::create_symlink("real/later.json", dir.path() / "later.json");
  pk::writeFileAtomically(dir.file("later.json"), "made");
  CHECK(fs::is_symlink(dir.path() / "later.json"));
  CHECK(readText(dir.file("real/later.json")) == "made");
  CHECK(pk::resolveWriteTarget(dir.file("plain.txt")) == dir.file("plain.txt"));
}

TEST_CASE("temporary names are recognised and only dead writers' leftovers are cleaned") {
  TempDir dir;
  const std::string target = dir.file("map.png");
  const std::string tmp = pk::temporarySiblingPath(target);
  CHECK(fs::path(tmp).parent_path() == dir.path());
  CHECK(pk::isTemporarySiblingName(fs::path(tmp).filename().string()));
  CHECK(fs::path(tmp).filename().string().find("map.png") != std::string::npos);
  CHECK(fs::path(tmp).extension() == ".png");  // drivers that go by extension still work
  CHECK_FALSE(pk::isTemporarySiblingName("map.png"));
  CHECK_FALSE(pk::isTemporarySiblingName(".prokus-tmp-x-1-map.png"));
  CHECK_FALSE(pk::isTemporarySiblingName(".prokus-tmp-12-map.png"));

  // 2^30 is above Linux's pid_max: no such process.
  const std::string dead = dir.file(".prokus-tmp-1073741824-0-map.png");
  const std::string deadSidecar = dir.file(".prokus-tmp-1073741824-0-map.png.aux.xml");
  const std::string alive = dir.file(".prokus-tmp-1-0-map.png");  // pid 1 runs
  const std::string otherTarget = dir.file(".prokus-tmp-1073741824-0-other.png");
  const std::string planners = dir.file("map-notes.txt");
  for (const auto& f : {dead, deadSidecar, alive, otherTarget, planners}) writeText(f, "x");
  pk::removeStaleTemporarySiblings(target);
  CHECK_FALSE(fs::exists(dead));
  CHECK_FALSE(fs::exists(deadSidecar));
  CHECK(fs::exists(alive));
  CHECK(fs::exists(otherTarget));
  CHECK(fs::exists(planners));
}

TEST_CASE("an unwritable output folder is found before the work, with the reason") {
  TempDir dir;
  writeText(dir.file("afile"), "x");
  CHECK_NOTHROW(pk::checkWritableFolder(dir.path().string()));
  for (const std::string& bad : {dir.file("missing"), dir.file("afile"), dir.file("afile/sub")}) {
    CAPTURE(bad);
    try {
      pk::checkWritableFolder(bad);
      FAIL("no error");
    } catch (const pk::InputError& e) {
      const std::string what = e.what();
      CHECK(what.find(bad) != std::string::npos);
      const bool reason = what.find("No such file") != std::string::npos || what.find("not a folder") != std::string::npos ||
                          what.find("Not a directory") != std::string::npos;
      CHECK_MESSAGE(reason, what);
    }
  }
}
