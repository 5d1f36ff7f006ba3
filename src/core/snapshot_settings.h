// The export dialog's choices as data (issue 5): the size presets it offers, its last settings as
// kept in the app settings file (section "snapshot"), the export view of the on-screen view, and the
// preview's size and point scale (the file scaled down through the same renderer). No GL, no ImGui.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/export_preset.h"
#include "core/view.h"

namespace pk {

struct SnapshotPreset {
  const char* labelKey;      // translation key of the label (sizes are added by the dialog)
  ExportPreset preset;       // size, dpi, paper/orientation
};
// 1920×1080 and 3840×2160 (at 96 and 192 dpi, so both show the screen's layout), then A4 and A3,
// landscape and portrait, at 150 and 300 dpi.
const std::vector<SnapshotPreset>& snapshotPresets();

// What the dialog remembers between runs.
struct SnapshotSettings {
  int presetIndex = 0;       // into snapshotPresets(); -1 = custom size
  ExportPreset custom;       // width/height/dpi when presetIndex is -1
  std::string format = "png";  // png, jpg, tif, pdf
  bool transparent = false;  // PNG only
  std::string lastPath;      // last file written (its folder is where the next one goes)
  ExportPreset effective() const;  // the preset in use, with format and transparency applied
  friend bool operator==(const SnapshotSettings&, const SnapshotSettings&) = default;
};
// The dialog showing a project's export preset: the offered preset of the same pixel size and dpi
// when there is one, else a custom size; the format and transparency too. The last path stays.
SnapshotSettings withProjectPreset(SnapshotSettings settings, const ExportPreset& preset);
// Tolerant: a missing, damaged or out-of-range value takes the default (a hand-edited settings file
// must never stop the dialog from opening).
SnapshotSettings snapshotSettingsFromJson(const nlohmann::json& json);
nlohmann::json snapshotSettingsToJson(const SnapshotSettings& settings);

// A custom side clamped to 1..kMaxExportSide.
int clampExportSide(int side);

// The view of the export: the on-screen view's ground extent fitted into width x height (all of it
// visible, centred), with the point scale dpi/72. At the screen's size and point scale it is the
// screen's view exactly.
MapView snapshotView(const MapView& screen, int widthPx, int heightPx, double dotsPerInch);

// The preview of an export view: the largest size fitting maxWidth x maxHeight with the export's
// aspect ratio (at least 1 px a side), the same ground extent, and the point scale shrunk by the same
// factor, so labels, legend and furniture sit where they sit in the file.
MapView snapshotPreviewView(const MapView& exportView, int maxWidth, int maxHeight);

// The file name with the format's extension (replacing a known image extension, else appending).
std::string withFormatExtension(const std::string& path, const std::string& format);

}  // namespace pk
