// Bookmarks: saved views of a project (section "bookmarks"), each a slide in presentation mode and an
// image in the meeting pack: a centre in lon/lat, a scale (metres per pixel at 96 dpi, so an export
// at 300 dpi shows the same scale, only sharper), a title and, optionally, the overlays and filters
// shown (kept as the overlay settings' JSON, which the overlays code reads).
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/geometry.h"
#include "core/view.h"

namespace pk {

class MapProjection;
struct MapDocument;

struct Bookmark {
  std::string name;
  Vec2 centerLonLat;               // x = lon, y = lat (WGS 84)
  double metresPerPixelAt96dpi = 50;
  std::string title;               // shown as the map title; empty: the project's
  nlohmann::json overlays;         // the "overlays" settings of this view; null: the project's
  friend bool operator==(const Bookmark&, const Bookmark&) = default;
};

// JSON: {"name":..,"center_lonlat":[lon,lat],"metres_per_pixel_at_96dpi":..,"title":..,"overlays":{..}}.
// Reading throws std::invalid_argument naming the bookmark and the problem.
void to_json(nlohmann::json& j, const Bookmark& b);
void from_json(const nlohmann::json& j, Bookmark& b);

// The project's bookmarks (empty without a "bookmarks" section). Throws std::invalid_argument.
std::vector<Bookmark> bookmarksOf(const MapDocument& doc);
void storeBookmarks(MapDocument& doc, const std::vector<Bookmark>& bookmarks);
// Moves the bookmark at `index` by `delta` places (negative: towards the first slide), clamped at the
// ends; the others keep their order. Returns its new index, or -1 (nothing moved) for an index out
// of range. The list's order is the slide order and the order of the project's "bookmarks" section.
int moveBookmark(std::vector<Bookmark>& bookmarks, int index, int delta);
// The bookmark named `name` (exact match first, then case-insensitive), or null.
const Bookmark* findBookmark(const std::vector<Bookmark>& bookmarks, const std::string& name);

// The view a bookmark shows in an image of width x height at `dotsPerInch`: its centre, and its
// scale kept physical (metres per pixel = at-96-dpi value x 96 / dpi).
MapView bookmarkView(const Bookmark& b, const MapProjection& projection, int widthPx, int heightPx,
                     double dotsPerInch);
// A bookmark of `view` (its centre and its scale at the view's dpi = 72 x pixelsPerPoint).
Bookmark bookmarkOf(const MapView& view, const MapProjection& projection, const std::string& name,
                    const std::string& title = "");

}  // namespace pk
