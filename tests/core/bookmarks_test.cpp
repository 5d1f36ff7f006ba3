// Bookmark order is the slide order: moving one keeps every bookmark, moves only it, and the order
// survives saving and opening the project.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/bookmarks.h"
#include "core/layer_io.h"
#include "core/map_document.h"
#include "core/project_file.h"
#include "test_support.h"

using namespace pk;
namespace fs = std::filesystem;

namespace {

std::vector<Bookmark> named(std::initializer_list<const char*> names) {
  std::vector<Bookmark> out;
  double lon = 107.3;
  for (const char* n : names) out.push_back(Bookmark{n, {lon += 0.05, -7.0}, 40, std::string("Judul ") + n, {}});
  return out;
}

std::vector<std::string> namesOf(const std::vector<Bookmark>& list) {
  std::vector<std::string> out;
  for (const auto& b : list) out.push_back(b.name);
  return out;
}

}  // namespace

TEST_CASE("moveBookmark moves one bookmark up or down and leaves the others in order") {
  std::vector<Bookmark> list = named({"A", "B", "C", "D"});
  const std::vector<Bookmark> original = list;

  CHECK(moveBookmark(list, 2, -1) == 1);
  CHECK(namesOf(list) == std::vector<std::string>{"A", "C", "B", "D"});
  CHECK(list[1] == original[2]);  // the whole bookmark moved, not only its name

  CHECK(moveBookmark(list, 0, 1) == 1);
  CHECK(namesOf(list) == std::vector<std::string>{"C", "A", "B", "D"});

  // Several places at once, clamped at the ends.
  CHECK(moveBookmark(list, 0, 10) == 3);
  CHECK(namesOf(list) == std::vector<std::string>{"A", "B", "D", "C"});
  CHECK(moveBookmark(list, 3, -2) == 1);
  CHECK(namesOf(list) == std::vector<std::string>{"A", "C", "B", "D"});

  // At the ends and out of range: nothing moves.
  CHECK(moveBookmark(list, 0, -1) == 0);
  CHECK(moveBookmark(list, 3, 1) == 3);
  CHECK(moveBookmark(list, 7, -1) == -1);
  CHECK(moveBookmark(list, -1, 1) == -1);
  CHECK(namesOf(list) == std::vector<std::string>{"A", "C", "B", "D"});
}

TEST_CASE("the order of moved bookmarks is the order of the saved project's \"bookmarks\" list") {
  test::TempDir tmp;
  const fs::path geodata = test::sourceDir() / "geodata";
  MapDocument doc = loadProject((geodata / "demo.prokus.json").string());
  std::vector<Bookmark> list = named({"Utara", "Tengah", "Selatan"});
  REQUIRE(moveBookmark(list, 2, -2) == 0);
  storeBookmarks(doc, list);
  const std::string path = tmp.file("ordered.prokus.json");
  saveProject(doc, path);

  const MapDocument reopened = loadProject(path);
  CHECK(namesOf(bookmarksOf(reopened)) == std::vector<std::string>{"Selatan", "Utara", "Tengah"});
  CHECK(bookmarksOf(reopened) == list);
}
