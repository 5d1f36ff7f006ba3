#include "core/database_source.h"
#include "core/furniture.h"

#include <geodesic.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <regex>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/i18n.h"
#include "core/layer.h"
#include "core/legend.h"
#include "core/map_document.h"
#include "core/projection.h"
#include "core/view.h"

namespace pk {

using nlohmann::json;

namespace {

constexpr const char* kCornerNames[] = {"top_left", "top_center", "top_right",
                                        "bottom_left", "bottom_center", "bottom_right"};
constexpr const char* kItemNames[] = {"title",          "subtitle",    "north_arrow", "legend",
                                      "scale_bar",      "schematic_note", "attribution", "date"};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// Items whose `text` the planner may set (the others draw no free text).
bool hasText(FurnitureItem item) {
  return item == FurnitureItem::Title || item == FurnitureItem::Subtitle || item == FurnitureItem::Attribution ||
         item == FurnitureItem::Date;
}

}  // namespace

std::string_view furnitureCornerName(FurnitureCorner corner) { return kCornerNames[static_cast<int>(corner)]; }

bool parseFurnitureCorner(std::string_view name, FurnitureCorner& out) {
  for (int i = 0; i < 6; ++i)
    if (name == kCornerNames[i]) {
      out = static_cast<FurnitureCorner>(i);
      return true;
    }
  return false;
}

std::string_view furnitureItemName(FurnitureItem item) { return kItemNames[static_cast<int>(item)]; }

bool parseFurnitureItem(std::string_view name, FurnitureItem& out) {
  for (int i = 0; i < kFurnitureItemCount; ++i)
    if (name == kItemNames[i]) {
      out = static_cast<FurnitureItem>(i);
      return true;
    }
  return false;
}

std::array<FurnitureItem, kFurnitureItemCount> allFurnitureItems() {
  std::array<FurnitureItem, kFurnitureItemCount> all{};
  for (int i = 0; i < kFurnitureItemCount; ++i) all[i] = static_cast<FurnitureItem>(i);
  return all;
}

std::array<FurnitureItemSettings, kFurnitureItemCount> FurnitureSettings::defaultItems() {
  using C = FurnitureCorner;
  std::array<FurnitureItemSettings, kFurnitureItemCount> d{};
  d[int(FurnitureItem::Title)] = {true, C::TopCenter, ""};
  d[int(FurnitureItem::Subtitle)] = {true, C::TopCenter, ""};
  d[int(FurnitureItem::NorthArrow)] = {true, C::TopRight, ""};
  d[int(FurnitureItem::Legend)] = {true, C::BottomRight, "", true};
  d[int(FurnitureItem::ScaleBar)] = {true, C::BottomLeft, ""};
  d[int(FurnitureItem::SchematicNote)] = {true, C::BottomLeft, ""};
  d[int(FurnitureItem::Attribution)] = {true, C::BottomRight, ""};
  d[int(FurnitureItem::Date)] = {true, C::BottomRight, ""};
  return d;
}

// ---- JSON ----

void to_json(json& j, const FurnitureSettings& s) {
  j = json::object();
  for (FurnitureItem item : allFurnitureItems()) {
    const FurnitureItemSettings& it = s[item];
    json ji = {{"show", it.show},
               {"corner", it.autoCorner ? std::string("auto") : std::string(furnitureCornerName(it.corner))}};
    if (hasText(item)) ji["text"] = it.text;
    j[std::string(furnitureItemName(item))] = ji;
  }
  j["margin_pt"] = s.marginPt;
  j["gap_pt"] = s.gapPt;
  if (s.textScale != 1.0f) j["text_scale"] = s.textScale;
}

void from_json(const json& j, FurnitureSettings& s) {
  s = FurnitureSettings{};
  if (!j.is_object()) throw std::invalid_argument("\"furniture\" must be an object");
  auto number = [&](const char* key, float& out, float lo, float hi) {
    if (!j.contains(key)) return;
    if (!j[key].is_number()) throw std::invalid_argument(std::string("furniture.") + key + " must be a number");
    const double v = j[key].get<double>();
    if (!(v >= lo && v <= hi))
      throw std::invalid_argument(std::string("furniture.") + key + " must be between " + std::to_string(int(lo)) +
                                  " and " + std::to_string(int(hi)));
    out = static_cast<float>(v);
  };
  number("margin_pt", s.marginPt, 0, 200);
  number("gap_pt", s.gapPt, 0, 100);
  number("text_scale", s.textScale, 0.25f, 8);
  for (FurnitureItem item : allFurnitureItems()) {
    const std::string key(furnitureItemName(item));
    if (!j.contains(key)) continue;
    const json& ji = j[key];
    const std::string where = "furniture." + key;
    if (ji.is_boolean()) {  // shorthand: "scale_bar": false
      s[item].show = ji.get<bool>();
      continue;
    }
    if (!ji.is_object()) throw std::invalid_argument(where + " must be an object or true/false");
    FurnitureItemSettings& it = s[item];
    if (ji.contains("show")) {
      if (!ji["show"].is_boolean()) throw std::invalid_argument(where + ".show must be true or false");
      it.show = ji["show"].get<bool>();
    }
    if (ji.contains("corner")) {
      const std::string c = ji["corner"].is_string() ? ji["corner"].get<std::string>() : "";
      it.autoCorner = item == FurnitureItem::Legend && c == "auto";
      if (!it.autoCorner && !parseFurnitureCorner(c, it.corner))
        throw std::invalid_argument(where + ".corner '" + c +
                                    "' is not one of top_left, top_center, top_right, bottom_left, "
                                    "bottom_center, bottom_right" +
                                    std::string(item == FurnitureItem::Legend ? ", auto" : ""));
    }
    if (ji.contains("text")) {
      if (!ji["text"].is_string()) throw std::invalid_argument(where + ".text must be a string");
      it.text = ji["text"].get<std::string>();
    }
  }
}

FurnitureSettings furnitureSettingsOf(const MapDocument& doc) {
  if (doc.extraSections.is_object() && doc.extraSections.contains("furniture"))
    return doc.extraSections["furniture"].get<FurnitureSettings>();
  return FurnitureSettings{};
}

void storeFurnitureSettings(MapDocument& doc, const FurnitureSettings& s) {
  if (!doc.extraSections.is_object()) doc.extraSections = json::object();
  doc.extraSections["furniture"] = s;
}

// ---- texts ----

std::string automaticAttribution(const MapDocument& doc) {
  if (doc.schematicBoundaries) return tr("furniture.attribution.schematic");
  const Layer* layer = doc.boundary();
  if (!layer) return "";
  std::string source;
  if (int f = layer->fieldIndex("source"); f >= 0)
    for (const Feature& feature : layer->features)
      if (f < int(feature.values.size()) && !feature.values[f].empty()) {
        source = feature.values[f];
        break;
      }
  const std::string clue = lower(source + " " + sourceName(layer->path));
  char buffer[512];
  std::string what;
  if (clue.find("bps") != std::string::npos || clue.find("hdx") != std::string::npos ||
      clue.find("cod-ab") != std::string::npos) {
    // The BPS edition year when the source names one ("BPS 2020"), for the credit CC BY-IGO asks for.
    std::smatch m;
    static const std::regex kYear(R"(bps\D{0,3}((19|20)\d\d))", std::regex::icase);
    const std::string year = std::regex_search(source, m, kYear) ? " " + m[1].str() : "";
    what = "BPS" + year + " / OCHA HDX (CC BY-IGO)";
  } else if (!source.empty()) {
    what = source.size() > 120 ? source.substr(0, 117) + "..." : source;
  } else {
    what = sourceName(layer->path);
  }
  std::snprintf(buffer, sizeof buffer, tr("furniture.attribution.boundaries"), what.c_str());
  return buffer;
}

bool isValidIsoDate(const std::string& text) {
  int year = 0, month = 0, day = 0;
  char tail = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' ||
      std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &year, &month, &day, &tail) != 3)
    return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (text[i] < '0' || text[i] > '9') return false;
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

std::string todayIsoDate() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buffer[16];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &local);
  return buffer;
}

std::string formatFurnitureDate(const std::string& isoDate) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (std::sscanf(isoDate.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
    return isoDate;
  const std::string monthKey = "month." + std::to_string(m);
  return std::to_string(d) + " " + tr(monthKey) + " " + std::to_string(y);
}

FurnitureText furnitureTextFor(const FurnitureSettings& s, const MapDocument& doc, const std::string& bookmarkTitle,
                               const std::string& isoDate) {
  FurnitureText t;
  t.title = !s[FurnitureItem::Title].text.empty() ? s[FurnitureItem::Title].text
            : !bookmarkTitle.empty()              ? bookmarkTitle
                                                  : doc.title;
  t.subtitle = s[FurnitureItem::Subtitle].text;
  t.attribution = !s[FurnitureItem::Attribution].text.empty() ? s[FurnitureItem::Attribution].text
                                                               : automaticAttribution(doc);
  const std::string& dateText = s[FurnitureItem::Date].text;
  char buffer[256];
  std::snprintf(buffer, sizeof buffer, tr("furniture.date"),
                formatFurnitureDate(!dateText.empty() ? dateText : !isoDate.empty() ? isoDate : todayIsoDate()).c_str());
  t.date = buffer;
  t.schematicNote = doc.schematicBoundaries ? tr("map.schematic_note") : "";
  return t;
}

// ---- layout ----

const FurniturePlacement* FurnitureLayout::find(FurnitureItem item) const {
  for (const auto& p : placed)
    if (p.item == item) return &p;
  return nullptr;
}

FurnitureLayout layoutFurniture(std::vector<FurnitureBlock> blocks, double pageW, double pageH, double margin,
                                double gap) {
  FurnitureLayout layout;
  std::stable_sort(blocks.begin(), blocks.end(),
                   [](const FurnitureBlock& a, const FurnitureBlock& b) { return int(a.item) < int(b.item); });
  constexpr double kEps = 1e-9;
  const FurnitureCorner order[] = {FurnitureCorner::TopCenter,  FurnitureCorner::BottomCenter,
                                   FurnitureCorner::TopLeft,    FurnitureCorner::TopRight,
                                   FurnitureCorner::BottomLeft, FurnitureCorner::BottomRight};
  for (FurnitureCorner corner : order) {
    std::vector<const FurnitureBlock*> stack;
    for (const auto& b : blocks)
      if (b.corner == corner) stack.push_back(&b);
    const bool top = isTopCorner(corner);
    if (!top) std::reverse(stack.begin(), stack.end());
    double cursor = margin;  // distance from the stack's edge to its next free row
    for (const FurnitureBlock* b : stack) {
      const double w = b->widthPt, h = b->heightPt;
      if (w <= 0 || h <= 0) continue;  // nothing to draw
      if (w > pageW - 2 * margin + kEps || h > pageH - 2 * margin + kEps) {
        layout.dropped.push_back(b->item);
        continue;
      }
      double x;
      switch (corner) {
        case FurnitureCorner::TopLeft:
        case FurnitureCorner::BottomLeft: x = margin; break;
        case FurnitureCorner::TopRight:
        case FurnitureCorner::BottomRight: x = pageW - margin - w; break;
        default: x = (pageW - w) / 2; break;
      }
      double c = cursor;
      while (true) {
        const double y = top ? c : pageH - c - h;
        if (y < margin - kEps || y + h > pageH - margin + kEps) {
          layout.dropped.push_back(b->item);
          break;
        }
        const BBox box{x, y, x + w, y + h};
        const FurniturePlacement* obstacle = nullptr;
        for (const auto& p : layout.placed) {
          // Keep at least `gap` between items of different stacks, too.
          const BBox& o = p.boxPt;
          if (box.minx < o.maxx + gap - kEps && box.maxx > o.minx - gap + kEps && box.miny < o.maxy + gap - kEps &&
              box.maxy > o.miny - gap + kEps) {
            obstacle = &p;
            break;
          }
        }
        if (!obstacle) {
          layout.placed.push_back({b->item, box});
          cursor = c + h + gap;
          break;
        }
        const double next = top ? obstacle->boxPt.maxy + gap : pageH - obstacle->boxPt.miny + gap;
        c = std::max(next, c + kEps * 1e3);  // strictly further along the stack
      }
    }
  }
  return layout;
}

FurnitureCorner chooseLegendCorner(std::vector<FurnitureBlock> blocks, double pageW, double pageH, double margin,
                                   double gap, const std::function<double(const BBox&)>& coverage) {
  const auto legend = std::find_if(blocks.begin(), blocks.end(),
                                   [](const FurnitureBlock& b) { return b.item == FurnitureItem::Legend; });
  FurnitureCorner best = FurnitureCorner::BottomRight;
  if (legend == blocks.end()) return best;
  double bestScore = 1e300;
  for (FurnitureCorner corner : {FurnitureCorner::BottomRight, FurnitureCorner::TopRight, FurnitureCorner::BottomLeft,
                                 FurnitureCorner::TopLeft}) {
    legend->corner = corner;
    const FurnitureLayout candidate = layoutFurniture(blocks, pageW, pageH, margin, gap);
    double score = 10.0 * double(candidate.dropped.size());
    if (const FurniturePlacement* p = candidate.find(FurnitureItem::Legend); p && coverage) score += coverage(p->boxPt);
    if (score < bestScore - 1e-6) {
      bestScore = score;
      best = corner;
    }
  }
  return best;
}

FurnitureCorner LegendCornerMemo::choose(const std::string& layoutKey, const std::function<FurnitureCorner()>& chooseNow) {
  if (!corner || key != layoutKey) {
    corner = chooseNow();
    key = layoutKey;
  }
  return *corner;
}

// ---- scale bar and north arrow ----

double groundMetresPerMapMetre(const MapProjection& projection, Vec2 p) {
  // ±1 km of map distance: long enough that rounding in the transforms is negligible (1e-9),
  // short enough that the scale factor does not change along it.
  constexpr double h = 1000.0;
  const Vec2 a = projection.toLonLat({p.x - h, p.y});
  const Vec2 b = projection.toLonLat({p.x + h, p.y});
  if (!std::isfinite(a.x) || !std::isfinite(b.x)) return 1.0;
  static const geod_geodesic wgs84 = [] {
    geod_geodesic g;
    geod_init(&g, 6378137.0, 1 / 298.257223563);
    return g;
  }();
  double s12 = 0;
  geod_inverse(&wgs84, a.y, a.x, b.y, b.x, &s12, nullptr, nullptr);
  return s12 > 0 ? s12 / (2 * h) : 1.0;
}

double trueNorthAngleFromGridNorth(const MapProjection& projection, Vec2 p) {
  const Vec2 ll = projection.toLonLat(p);
  if (!std::isfinite(ll.x)) return 0;
  constexpr double d = 0.005;  // degrees of latitude, about 550 m
  const Vec2 south = projection.fromLonLat({ll.x, ll.y - d});
  const Vec2 north = projection.fromLonLat({ll.x, ll.y + d});
  if (!std::isfinite(south.x) || !std::isfinite(north.x)) return 0;
  return std::atan2(north.x - south.x, north.y - south.y);
}

ScaleBarChoice chooseScaleBar(double metresPerPixel, double groundPerMapMetre, double imageWidthPx) {
  ScaleBarChoice best;
  if (!(metresPerPixel > 0) || !(groundPerMapMetre > 0) || !(imageWidthPx > 0)) return best;
  const double groundPerPixel = metresPerPixel * groundPerMapMetre;
  const double target = 0.2 * imageWidthPx * groundPerPixel;  // ground metres spanning 20 %
  const int exponent = static_cast<int>(std::floor(std::log10(target)));
  double bestScore = 1e300;
  bool bestInside = false;
  for (int e = exponent - 1; e <= exponent + 1; ++e)
    for (int mantissa : {1, 2, 5}) {
      const double ground = mantissa * std::pow(10.0, e);
      const double fraction = ground / groundPerPixel / imageWidthPx;
      const bool inside = fraction >= 0.15 && fraction <= 0.25;
      const double score = std::fabs(std::log(fraction / 0.2));
      if ((inside && !bestInside) || (inside == bestInside && score < bestScore)) {
        bestScore = score;
        bestInside = inside;
        best.groundMetres = ground;
        best.lengthPx = ground / groundPerPixel;
        best.segments = mantissa == 2 ? 4 : 5;
      }
    }
  const bool km = best.groundMetres >= 1000 - 1e-6;
  best.unit = km ? "km" : "m";
  best.labelValue = km ? best.groundMetres / 1000 : best.groundMetres;
  const Language numbers = language();
  const int decimals = best.labelValue < 1 ? static_cast<int>(std::ceil(-std::log10(best.labelValue) - 1e-9)) : 0;
  best.label = formatNumber(best.labelValue, decimals, numbers) + " " + best.unit;
  return best;
}

MapGeometryAtCentre mapGeometryAtCentre(const MapProjection& projection, const MapView& view) {
  return {groundMetresPerMapMetre(projection, view.center), trueNorthAngleFromGridNorth(projection, view.center)};
}

}  // namespace pk
