// Export sizes: paper sizes at a DPI (exact: round(mm / 25.4 x dpi)), the project's export preset
// (section "export": {"width", "height", "dpi", "format", "paper", "landscape", "transparent"}) and
// the image formats by extension.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace pk {

struct MapDocument;

constexpr int kMaxExportSide = 16384;

enum class Paper { A4, A3 };
bool parsePaper(std::string_view name, Paper& out);  // "A4", "a3"
std::string_view paperName(Paper paper);
// Width and height in millimetres, portrait.
void paperMillimetres(Paper paper, double& widthMm, double& heightMm);

struct PixelSize {
  int width = 0, height = 0;
  friend bool operator==(const PixelSize&, const PixelSize&) = default;
};
// A3 landscape at 300 dpi: 4961 x 3508; A4 portrait at 150 dpi: 1240 x 1754.
PixelSize paperPixels(Paper paper, double dotsPerInch, bool landscape);

struct ExportPreset {
  int width = 1920, height = 1080;
  double dpi = 96;
  std::string format = "png";         // png, jpg, tif, pdf
  std::optional<Paper> paper;         // when set, width and height follow it at dpi
  bool landscape = true;
  bool transparent = false;           // PNG only
  PixelSize size() const;             // the paper's at dpi, else width x height
  friend bool operator==(const ExportPreset&, const ExportPreset&) = default;
};
// Throws std::invalid_argument naming the key for bad values (sizes outside 1..16384, dpi outside
// 10..2400, unknown paper or format).
void to_json(nlohmann::json& j, const ExportPreset& p);
void from_json(const nlohmann::json& j, ExportPreset& p);
// The project's preset, or the default (1920 x 1080 at 96 dpi, PNG).
ExportPreset exportPresetOf(const MapDocument& doc);
void storeExportPreset(MapDocument& doc, const ExportPreset& p);

// "png", "jpg", "tif", "pdf" for an output path's extension (.jpeg -> jpg, .tiff -> tif), or "".
std::string exportFormatOf(const std::string& path);

}  // namespace pk
