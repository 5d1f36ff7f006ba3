#include "core/snapshot_settings.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include <nlohmann/json.hpp>

namespace pk {

namespace {
ExportPreset paperPreset(Paper paper, double dpi, bool landscape) {
  ExportPreset p;
  p.paper = paper;
  p.dpi = dpi;
  p.landscape = landscape;
  const PixelSize size = paperPixels(paper, dpi, landscape);
  p.width = size.width;
  p.height = size.height;
  return p;
}
ExportPreset screenPreset(int w, int h, double dpi) {
  ExportPreset p;
  p.width = w;
  p.height = h;
  p.dpi = dpi;
  return p;
}
bool knownFormat(const std::string& f) { return f == "png" || f == "jpg" || f == "tif" || f == "pdf"; }
}  // namespace

const std::vector<SnapshotPreset>& snapshotPresets() {
  static const std::vector<SnapshotPreset> presets = {
      {"snapshot.preset_full_hd", screenPreset(1920, 1080, 96)},
      {"snapshot.preset_4k", screenPreset(3840, 2160, 192)},
      {"snapshot.preset_a4_landscape", paperPreset(Paper::A4, 150, true)},
      {"snapshot.preset_a4_landscape", paperPreset(Paper::A4, 300, true)},
      {"snapshot.preset_a4_portrait", paperPreset(Paper::A4, 150, false)},
      {"snapshot.preset_a4_portrait", paperPreset(Paper::A4, 300, false)},
      {"snapshot.preset_a3_landscape", paperPreset(Paper::A3, 150, true)},
      {"snapshot.preset_a3_landscape", paperPreset(Paper::A3, 300, true)},
      {"snapshot.preset_a3_portrait", paperPreset(Paper::A3, 150, false)},
      {"snapshot.preset_a3_portrait", paperPreset(Paper::A3, 300, false)},
  };
  return presets;
}

int clampExportSide(int side) { return std::clamp(side, 1, kMaxExportSide); }

SnapshotSettings withProjectPreset(SnapshotSettings settings, const ExportPreset& preset) {
  const auto& presets = snapshotPresets();
  const PixelSize size = preset.size();
  settings.presetIndex = -1;
  for (size_t i = 0; i < presets.size(); ++i)
    if (presets[i].preset.size() == size && std::fabs(presets[i].preset.dpi - preset.dpi) < 1e-9) {
      settings.presetIndex = static_cast<int>(i);
      break;
    }
  if (settings.presetIndex < 0) {
    settings.custom = preset;
    settings.custom.paper.reset();
    settings.custom.width = clampExportSide(size.width);
    settings.custom.height = clampExportSide(size.height);
  }
  settings.format = knownFormat(preset.format) ? preset.format : "png";
  settings.transparent = preset.transparent && settings.format == "png";
  return settings;
}

ExportPreset SnapshotSettings::effective() const {
  const auto& presets = snapshotPresets();
  ExportPreset p = presetIndex >= 0 && presetIndex < static_cast<int>(presets.size()) ? presets[presetIndex].preset
                                                                                       : custom;
  if (presetIndex < 0) {
    p.paper.reset();
    p.width = clampExportSide(p.width);
    p.height = clampExportSide(p.height);
  }
  p.format = knownFormat(format) ? format : "png";
  p.transparent = transparent && p.format == "png";
  return p;
}

SnapshotSettings snapshotSettingsFromJson(const nlohmann::json& json) {
  SnapshotSettings s;
  if (!json.is_object()) return s;
  auto number = [&](const char* key, double fallback) {
    const auto it = json.find(key);
    return it != json.end() && it->is_number() && std::isfinite(it->get<double>()) ? it->get<double>() : fallback;
  };
  const int index = static_cast<int>(number("preset", 0));
  s.presetIndex = index >= -1 && index < static_cast<int>(snapshotPresets().size()) ? index : 0;
  const double w = number("width", 1920), h = number("height", 1080), dpi = number("dpi", 96);
  s.custom.width = w >= 1 && w <= kMaxExportSide ? static_cast<int>(w) : 1920;
  s.custom.height = h >= 1 && h <= kMaxExportSide ? static_cast<int>(h) : 1080;
  s.custom.dpi = dpi >= 10 && dpi <= 2400 ? dpi : 96;
  const auto format = json.find("format");
  if (format != json.end() && format->is_string() && knownFormat(format->get<std::string>())) s.format = *format;
  const auto transparent = json.find("transparent");
  s.transparent = transparent != json.end() && transparent->is_boolean() && transparent->get<bool>();
  const auto path = json.find("last_path");
  if (path != json.end() && path->is_string()) s.lastPath = *path;
  return s;
}

nlohmann::json snapshotSettingsToJson(const SnapshotSettings& s) {
  return {{"preset", s.presetIndex}, {"width", s.custom.width}, {"height", s.custom.height}, {"dpi", s.custom.dpi},
          {"format", s.format},      {"transparent", s.transparent}, {"last_path", s.lastPath}};
}

MapView snapshotView(const MapView& screen, int widthPx, int heightPx, double dotsPerInch) {
  MapView view = screen;
  view.widthPx = std::max(1, widthPx);
  view.heightPx = std::max(1, heightPx);
  // Ground extent of the screen, all visible: the larger of the two metres-per-pixel ratios.
  const double groundW = screen.metresPerPixel * screen.widthPx, groundH = screen.metresPerPixel * screen.heightPx;
  view.metresPerPixel = std::max(groundW / view.widthPx, groundH / view.heightPx);
  if (widthPx == screen.widthPx && heightPx == screen.heightPx) view.metresPerPixel = screen.metresPerPixel;
  view.pixelsPerPoint = static_cast<float>(dotsPerInch / 72.0);
  return view;
}

MapView snapshotPreviewView(const MapView& exportView, int maxWidth, int maxHeight) {
  const double factor = std::min(1.0, std::min(static_cast<double>(std::max(1, maxWidth)) / exportView.widthPx,
                                               static_cast<double>(std::max(1, maxHeight)) / exportView.heightPx));
  MapView preview = exportView;
  preview.widthPx = std::max(1, static_cast<int>(std::lround(exportView.widthPx * factor)));
  preview.heightPx = std::max(1, static_cast<int>(std::lround(exportView.heightPx * factor)));
  // Same ground extent: metres per pixel grows as the pixel count shrinks (per axis the rounding
  // differs by under a pixel; the width decides).
  preview.metresPerPixel = exportView.metresPerPixel * exportView.widthPx / preview.widthPx;
  preview.pixelsPerPoint = static_cast<float>(exportView.pixelsPerPoint * preview.widthPx / exportView.widthPx);
  return preview;
}

std::string withFormatExtension(const std::string& path, const std::string& format) {
  std::filesystem::path p(path);
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".tif" || ext == ".tiff" || ext == ".pdf")
    p.replace_extension("." + format);
  else
    p += "." + format;
  return p.string();
}

}  // namespace pk
