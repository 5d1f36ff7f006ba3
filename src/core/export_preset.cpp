#include "core/export_preset.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <stdexcept>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/map_document.h"

namespace pk {

using nlohmann::json;

bool parsePaper(std::string_view name, Paper& out) {
  std::string n(name);
  std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return std::toupper(c); });
  if (n == "A4") { out = Paper::A4; return true; }
  if (n == "A3") { out = Paper::A3; return true; }
  return false;
}

std::string_view paperName(Paper paper) { return paper == Paper::A3 ? "A3" : "A4"; }

void paperMillimetres(Paper paper, double& w, double& h) {
  if (paper == Paper::A3) { w = 297; h = 420; }
  else { w = 210; h = 297; }
}

PixelSize paperPixels(Paper paper, double dpi, bool landscape) {
  double w, h;
  paperMillimetres(paper, w, h);
  if (landscape) std::swap(w, h);
  return {static_cast<int>(std::lround(w / 25.4 * dpi)), static_cast<int>(std::lround(h / 25.4 * dpi))};
}

PixelSize ExportPreset::size() const { return paper ? paperPixels(*paper, dpi, landscape) : PixelSize{width, height}; }

std::string exportFormatOf(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ext == ".png") return "png";
  if (ext == ".jpg" || ext == ".jpeg") return "jpg";
  if (ext == ".tif" || ext == ".tiff") return "tif";
  if (ext == ".pdf") return "pdf";
  return "";
}

void to_json(json& j, const ExportPreset& p) {
  j = {{"width", p.width}, {"height", p.height}, {"dpi", p.dpi}, {"format", p.format}};
  if (p.paper) {
    j["paper"] = std::string(paperName(*p.paper));
    j["landscape"] = p.landscape;
  }
  if (p.transparent) j["transparent"] = true;
}

void from_json(const json& j, ExportPreset& p) {
  p = ExportPreset{};
  if (!j.is_object()) throw std::invalid_argument("\"export\" must be an object");
  auto integer = [&](const char* key, int& out) {
    if (!j.contains(key)) return;
    if (!j[key].is_number_integer() || j[key].get<long long>() < 1 || j[key].get<long long>() > kMaxExportSide)
      throw std::invalid_argument(std::string("export.") + key + " must be a whole number of pixels, 1 to " +
                                  std::to_string(kMaxExportSide));
    out = j[key].get<int>();
  };
  integer("width", p.width);
  integer("height", p.height);
  if (j.contains("dpi")) {
    if (!j["dpi"].is_number() || !(j["dpi"].get<double>() >= 10 && j["dpi"].get<double>() <= 2400))
      throw std::invalid_argument("export.dpi must be a number from 10 to 2400");
    p.dpi = j["dpi"].get<double>();
  }
  if (j.contains("format")) {
    const std::string f = j["format"].is_string() ? j["format"].get<std::string>() : "";
    const std::string normal = exportFormatOf("x." + f);
    if (normal.empty()) throw std::invalid_argument("export.format '" + f + "' is not png, jpg, tif or pdf");
    p.format = normal;
  }
  if (j.contains("paper") && !j["paper"].is_null()) {
    Paper paper;
    if (!j["paper"].is_string() || !parsePaper(j["paper"].get<std::string>(), paper))
      throw std::invalid_argument("export.paper must be \"A4\" or \"A3\"");
    p.paper = paper;
  }
  for (auto [key, out] : {std::pair<const char*, bool*>{"landscape", &p.landscape}, {"transparent", &p.transparent}}) {
    if (!j.contains(key)) continue;
    if (!j[key].is_boolean()) throw std::invalid_argument(std::string("export.") + key + " must be true or false");
    *out = j[key].get<bool>();
  }
  const PixelSize s = p.size();
  if (s.width > kMaxExportSide || s.height > kMaxExportSide)
    throw std::invalid_argument("export: " + std::to_string(s.width) + "x" + std::to_string(s.height) +
                                " exceeds " + std::to_string(kMaxExportSide) + " pixels a side");
}

ExportPreset exportPresetOf(const MapDocument& doc) {
  if (doc.extraSections.is_object() && doc.extraSections.contains("export"))
    return doc.extraSections["export"].get<ExportPreset>();
  return ExportPreset{};
}

void storeExportPreset(MapDocument& doc, const ExportPreset& p) {
  if (!doc.extraSections.is_object()) doc.extraSections = json::object();
  doc.extraSections["export"] = p;
}

}  // namespace pk
