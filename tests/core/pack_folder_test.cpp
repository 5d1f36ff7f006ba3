#include "core/pack_folder.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <set>

#include "core/layer_io.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace pk::test;

namespace {

std::set<std::string> entries(const fs::path& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.insert(e.path().filename().string());
  return out;
}

// Writes a small pack with the given files (each holding its name and a tag).
void writePack(const fs::path& folder, const std::vector<std::string>& names, const std::string& tag,
               const pk::InputFiles& inputs = {}) {
  pk::PackFolderWriter pack(folder.string(), inputs);
  for (const auto& name : names) writeText(pack.path(name), name + " " + tag);
  pack.commit();
}

}  // namespace

TEST_CASE("folder states: missing, empty, pack, the planner's folder") {
  TempDir dir;
  CHECK(pk::packFolderState(dir.file("new")) == pk::PackFolderState::Missing);
  fs::create_directories(dir.path() / "empty");
  CHECK(pk::packFolderState(dir.file("empty")) == pk::PackFolderState::Empty);
  fs::create_directories(dir.path() / "mine");
  writeText(dir.file("mine/kpm.csv"), "nama\n");
  CHECK(pk::packFolderState(dir.file("mine")) == pk::PackFolderState::Other);
  writeText(dir.file("mine/.prokus-pack.json"), "{ not json");  // a broken manifest is no manifest
  CHECK(pk::packFolderState(dir.file("mine")) == pk::PackFolderState::Other);
  writeText(dir.file("afile"), "x");
  CHECK_THROWS_AS(pk::packFolderState(dir.file("afile")), pk::InputError);
  writePack(dir.path() / "pack", {"index.html"}, "v1");
  CHECK(pk::packFolderState(dir.file("pack")) == pk::PackFolderState::Pack);
  CHECK(pk::packManifestFiles(dir.file("pack")) == std::vector<std::string>{"index.html"});
}

TEST_CASE("a folder that is not a pack is refused and left as it was") {
  TempDir dir;
  const fs::path mine = dir.path() / "proyek";
  fs::create_directories(mine);
  writeText((mine / "table.csv").string(), "the planner's table");
  writeText((mine / "beneficiaries-personal.csv").string(), "the planner's list");
  try {
    pk::PackFolderWriter pack(mine.string(), {});
    FAIL("no error");
  } catch (const pk::InputError& e) {
    CHECK(std::string(e.what()).find("is not empty and is not a meeting pack") != std::string::npos);
  }
  CHECK(entries(mine) == std::set<std::string>{"table.csv", "beneficiaries-personal.csv"});
  CHECK(readText((mine / "table.csv").string()) == "the planner's table");
  CHECK(entries(dir.path()) == std::set<std::string>{"proyek"});  // no staging folder left
}

TEST_CASE("a new pack replaces the old one whole; only manifest files go, the planner's files stay") {
  TempDir dir;
  const fs::path folder = dir.path() / "rapat";
  writePack(folder, {"index.html", "table.csv", "beneficiaries-personal.csv"}, "v1");
  CHECK(entries(folder) == std::set<std::string>{".prokus-pack.json", "index.html", "table.csv",
                                                  "beneficiaries-personal.csv"});
  writeText((folder / "notulen.txt").string(), "jangan dihapus");
  fs::create_directories(folder / "foto");
  writeText((folder / "foto" / "a.txt").string(), "foto");
  fs::create_symlink("notulen.txt", folder / "link-notulen");

  writePack(folder, {"index.html", "table.csv"}, "v2");
  CHECK(entries(folder) == std::set<std::string>{".prokus-pack.json", "index.html", "table.csv", "notulen.txt", "foto",
                                                  "link-notulen"});
  CHECK(readText((folder / "index.html").string()) == "index.html v2");
  CHECK(readText((folder / "notulen.txt").string()) == "jangan dihapus");
  CHECK(readText((folder / "foto" / "a.txt").string()) == "foto");
  CHECK(fs::is_symlink(folder / "link-notulen"));
  CHECK(pk::packManifestFiles(folder.string()) == std::vector<std::string>{"index.html", "table.csv"});
  CHECK(entries(dir.path()) == std::set<std::string>{"rapat"});

  // A planner's file with a name the new pack wants is never replaced.
  writeText((folder / "ranking.csv").string(), "the planner's ranking");
  {
    pk::PackFolderWriter pack(folder.string(), {});
    CHECK_THROWS_AS(pack.path("ranking.csv"), pk::InputError);
  }
  CHECK(readText((folder / "ranking.csv").string()) == "the planner's ranking");
  CHECK(entries(dir.path()) == std::set<std::string>{"rapat"});  // the unfinished staging folder is gone
}

TEST_CASE("a file of the old pack that is an input of the run is refused before anything changes") {
  TempDir dir;
  const fs::path folder = dir.path() / "rapat";
  writePack(folder, {"table.csv"}, "v1");
  pk::InputFiles inputs;
  inputs.add((folder / "table.csv").string());  // the planner opened the pack's table as a list
  CHECK_THROWS_AS(pk::PackFolderWriter(folder.string(), inputs), pk::InputError);
  CHECK(readText((folder / "table.csv").string()) == "table.csv v1");
}

TEST_CASE("leftovers of killed runs are cleaned: their own files only, the planner's things moved back") {
  TempDir dir;
  const fs::path folder = dir.path() / "rapat";
  writePack(folder, {"index.html"}, "v1");
  writeText((folder / "notulen.txt").string(), "jangan dihapus");
  // pid 2^30 does not exist (above pid_max): killed runs.
  // 1) killed while writing (no manifest yet): partial outputs only.
  const fs::path partial = dir.path() / ".rapat.prokus-pack-1073741824-0";
  fs::create_directories(partial);
  writeText((partial / "overview.png").string(), "partial");
  // 2) killed after the swap: the old pack with its manifest, an extra link of the planner's note,
  //    and a planner's folder not yet moved back.
  const fs::path old = dir.path() / ".rapat.prokus-pack-1073741824-1";
  fs::create_directories(old / "foto");
  writeText((old / "foto" / "a.txt").string(), "foto");
  writeText((old / "index.html").string(), "old");
  fs::create_hard_link(folder / "notulen.txt", old / "notulen.txt");
  writeText((old / ".prokus-pack.json").string(),
            R"({"format": "prokus-map meeting pack", "version": 1, "files": ["index.html"]})");
  // 3) a run still going (pid 1 exists): left alone.
  const fs::path running = dir.path() / ".rapat.prokus-pack-1-0";
  fs::create_directories(running);
  // 4) a look-alike of another folder: left alone.
  const fs::path other = dir.path() / ".lain.prokus-pack-1073741824-0";
  fs::create_directories(other);

  const auto problems = pk::cleanPackLeftovers(folder.string());
  CHECK(problems.empty());
  CHECK_FALSE(fs::exists(partial));
  CHECK_FALSE(fs::exists(old));
  CHECK(fs::exists(running));
  CHECK(fs::exists(other));
  CHECK(readText((folder / "foto" / "a.txt").string()) == "foto");  // moved back
  CHECK(readText((folder / "notulen.txt").string()) == "jangan dihapus");
  CHECK(readText((folder / "index.html").string()) == "index.html v1");
}

TEST_CASE("a new pack folder inside the planner's folder: the first name free for a pack") {
  TempDir dir;
  writeText(dir.file("kpm.csv"), "nama\n");
  CHECK(pk::packSubfolderIn(dir.path().string(), "bahan-rapat") == dir.file("bahan-rapat"));
  fs::create_directories(dir.path() / "bahan-rapat");
  writeText(dir.file("bahan-rapat/mine.txt"), "x");  // the planner's: not usable
  writeText(dir.file("bahan-rapat-2"), "a file");      // not a folder: not usable
  CHECK(pk::packSubfolderIn(dir.path().string(), "bahan-rapat") == dir.file("bahan-rapat-3"));
  writePack(dir.path() / "bahan-rapat-3", {"index.html"}, "v1");  // an earlier pack: usable
  CHECK(pk::packSubfolderIn(dir.path().string(), "bahan-rapat") == dir.file("bahan-rapat-3"));
}
