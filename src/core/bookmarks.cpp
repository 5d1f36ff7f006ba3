#include "core/bookmarks.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <stdexcept>

#include "core/map_document.h"
#include "core/projection.h"

namespace pk {

using nlohmann::json;

void to_json(json& j, const Bookmark& b) {
  j = {{"name", b.name},
       {"center_lonlat", {b.centerLonLat.x, b.centerLonLat.y}},
       {"metres_per_pixel_at_96dpi", b.metresPerPixelAt96dpi},
       {"title", b.title}};
  if (!b.overlays.is_null()) j["overlays"] = b.overlays;
}

void from_json(const json& j, Bookmark& b) {
  b = Bookmark{};
  if (!j.is_object()) throw std::invalid_argument("a bookmark must be an object");
  if (!j.contains("name") || !j["name"].is_string() || j["name"].get<std::string>().empty())
    throw std::invalid_argument("a bookmark has no \"name\"");
  b.name = j["name"].get<std::string>();
  const std::string where = "bookmark '" + b.name + "': ";
  const json& c = j.contains("center_lonlat") ? j["center_lonlat"] : json();
  if (!c.is_array() || c.size() != 2 || !c[0].is_number() || !c[1].is_number())
    throw std::invalid_argument(where + "\"center_lonlat\" must be [lon, lat]");
  b.centerLonLat = {c[0].get<double>(), c[1].get<double>()};
  if (!(std::fabs(b.centerLonLat.x) <= 180) || !(std::fabs(b.centerLonLat.y) <= 90))
    throw std::invalid_argument(where + "\"center_lonlat\" is not a longitude and latitude");
  if (j.contains("metres_per_pixel_at_96dpi")) {
    if (!j["metres_per_pixel_at_96dpi"].is_number())
      throw std::invalid_argument(where + "\"metres_per_pixel_at_96dpi\" must be a number");
    b.metresPerPixelAt96dpi = j["metres_per_pixel_at_96dpi"].get<double>();
  }
  if (!(b.metresPerPixelAt96dpi > 0) || !std::isfinite(b.metresPerPixelAt96dpi))
    throw std::invalid_argument(where + "\"metres_per_pixel_at_96dpi\" must be positive");
  if (j.contains("title")) {
    if (!j["title"].is_string()) throw std::invalid_argument(where + "\"title\" must be a string");
    b.title = j["title"].get<std::string>();
  }
  if (j.contains("overlays")) b.overlays = j["overlays"];
}

std::vector<Bookmark> bookmarksOf(const MapDocument& doc) {
  if (!doc.extraSections.is_object() || !doc.extraSections.contains("bookmarks")) return {};
  const json& list = doc.extraSections["bookmarks"];
  if (!list.is_array()) throw std::invalid_argument("\"bookmarks\" must be a list");
  std::vector<Bookmark> out;
  for (const json& j : list) {
    Bookmark b = j.get<Bookmark>();
    // The window keeps names unique (ignoring case); a second one of a hand-edited file could never be chosen.
    if (findBookmark(out, b.name))
      throw std::invalid_argument("bookmarks: two bookmarks are named '" + b.name + "' (names must differ, ignoring case)");
    out.push_back(std::move(b));
  }
  return out;
}

void storeBookmarks(MapDocument& doc, const std::vector<Bookmark>& bookmarks) {
  if (!doc.extraSections.is_object()) doc.extraSections = json::object();
  doc.extraSections["bookmarks"] = bookmarks;
}

int moveBookmark(std::vector<Bookmark>& bookmarks, int index, int delta) {
  const int count = static_cast<int>(bookmarks.size());
  if (index < 0 || index >= count) return -1;
  const int target = std::clamp(index + delta, 0, count - 1);
  // A rotation keeps the bookmarks between the two places in their order.
  if (target < index)
    std::rotate(bookmarks.begin() + target, bookmarks.begin() + index, bookmarks.begin() + index + 1);
  else if (target > index)
    std::rotate(bookmarks.begin() + index, bookmarks.begin() + index + 1, bookmarks.begin() + target + 1);
  return target;
}

const Bookmark* findBookmark(const std::vector<Bookmark>& bookmarks, const std::string& name) {
  for (const auto& b : bookmarks)
    if (b.name == name) return &b;
  auto lower = [](std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
  };
  const std::string wanted = lower(name);
  for (const auto& b : bookmarks)
    if (lower(b.name) == wanted) return &b;
  return nullptr;
}

MapView bookmarkView(const Bookmark& b, const MapProjection& projection, int widthPx, int heightPx,
                     double dotsPerInch) {
  MapView v;
  v.widthPx = widthPx;
  v.heightPx = heightPx;
  v.center = projection.fromLonLat(b.centerLonLat);
  const double dpi = dotsPerInch > 0 ? dotsPerInch : 96.0;
  v.metresPerPixel = b.metresPerPixelAt96dpi * 96.0 / dpi;
  v.pixelsPerPoint = static_cast<float>(dpi / 72.0);
  return v;
}

Bookmark bookmarkOf(const MapView& view, const MapProjection& projection, const std::string& name,
                    const std::string& title) {
  Bookmark b;
  b.name = name;
  b.title = title;
  b.centerLonLat = projection.toLonLat(view.center);
  b.metresPerPixelAt96dpi = view.metresPerPixel * (72.0 * view.pixelsPerPoint) / 96.0;
  return b;
}

}  // namespace pk
