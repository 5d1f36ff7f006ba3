// The snapshot export dialog (issue 5): format (PNG, JPEG, GeoTIFF, PDF), size presets and custom
// sizes up to 16384 px a side, transparent PNG, and a preview that is the export itself rendered at
// a small size through the same renderer and the same options (snapshotPreviewView keeps the
// point-to-pixel ratio, so labels and legend sit where the file has them). The last settings are
// kept in the app settings file (section "snapshot").
#include <epoxy/gl.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "core/i18n.h"
#include "imgui.h"
#include "render/map_export.h"
#include "render/map_renderer.h"
#include "ui/dashboard.h"

namespace pk {

namespace fs = std::filesystem;

namespace {

struct FormatChoice {
  const char* format;
  const char* labelKey;
};
constexpr FormatChoice kFormats[] = {
    {"png", "snapshot.format_png"}, {"jpg", "snapshot.format_jpg"}, {"tif", "snapshot.format_tif"}, {"pdf", "snapshot.format_pdf"}};

bool formatAvailable(const char* format) { return supportedRasterPath(std::string("x.") + format); }

std::string presetLabel(const SnapshotPreset& preset) {
  const PixelSize size = preset.preset.size();
  char text[160];
  std::snprintf(text, sizeof text, "%s  %d\xC3\x97%d, %s dpi", tr(preset.labelKey), size.width, size.height,
                formatNumber(preset.preset.dpi, 0).c_str());
  return text;
}

void loadSnapshotSettings(DashboardState& state) {
  SnapshotUi& ui = state.snapshot;
  if (ui.settingsLoaded) return;
  ui.settingsLoaded = true;
  const auto it = state.settings.extraSections.find("snapshot");
  if (it != state.settings.extraSections.end()) ui.settings = snapshotSettingsFromJson(*it);
  if (!formatAvailable(ui.settings.format.c_str())) ui.settings.format = "png";
}

void rememberSnapshotSettings(DashboardState& state) {
  const nlohmann::json json = snapshotSettingsToJson(state.snapshot.settings);
  if (state.settings.extraSections.value("snapshot", nlohmann::json()) == json) return;
  state.settings.extraSections["snapshot"] = json;
  persistSettings(state);
}

std::string suggestedPath(const DashboardState& state) {
  const SnapshotSettings& s = state.snapshot.settings;
  fs::path folder;
  if (!s.lastPath.empty())
    folder = fs::path(s.lastPath).parent_path();
  else if (!state.doc.projectPath.empty())
    folder = fs::path(state.doc.projectPath).parent_path();
  else if (!state.settings.lastDirectory.empty())
    folder = state.settings.lastDirectory;
  else
    folder = fs::current_path();
  const std::string name = s.lastPath.empty() ? "peta" : fs::path(s.lastPath).stem().string();
  return withFormatExtension((folder / name).string(), s.format);
}

MapView exportViewOf(const DashboardState& state) {
  const ExportPreset preset = state.snapshot.settings.effective();
  const PixelSize size = preset.size();
  return snapshotView(state.view, size.width, size.height, preset.dpi);
}

void updatePreview(DashboardState& state, int maxWidth, int maxHeight) {
  SnapshotUi& ui = state.snapshot;
  if (!state.renderer || !state.viewValid || state.view.widthPx <= 0) return;
  const ExportPreset preset = ui.settings.effective();
  const MapView preview = snapshotPreviewView(exportViewOf(state), maxWidth, maxHeight);
  const RgbaImage image = renderSnapshotImage(state, preview, preset.transparent);
  uploadImageTexture(ui.previewTexture, image);
  ui.previewWidth = image.width;
  ui.previewHeight = image.height;
}

}  // namespace

RgbaImage renderSnapshotImage(DashboardState& state, const MapView& view, bool transparent) {
  if (!state.renderer) throw std::runtime_error(tr("snapshot.no_renderer"));
  RenderOptions options;
  if (transparent) options.background = Rgba{255, 255, 255, 0};
  MapComposition composition;
  composeMap(state, view, MapTarget::Export, composition, options);
  // Sizes over the GL's framebuffer limit are drawn in tiles that join pixel for pixel.
  return renderImageTiled(*state.renderer, state.doc, view, options);
}

void writeSnapshot(DashboardState& state, const MapView& view, const std::string& path, bool transparent) {
  if (!state.doc.projection) throw std::runtime_error(tr("snapshot.nothing_to_export"));
  const RgbaImage image = renderSnapshotImage(state, view, transparent);
  ExportMetadata meta = exportMetadataFor(state.doc, 72.0 * view.pixelsPerPoint, currentSlideTitle(state));
  meta.transparent = transparent;
  for (const std::string& file : {path, worldFilePathFor(path), path + ".aux.xml"})
    if (!file.empty()) refuseOverwritingInput(state, file);
  writeGeoreferencedImage(image, view, *state.doc.projection, path, meta);
}

void openSnapshotDialog(DashboardState& state) {
  loadSnapshotSettings(state);
  // A project's export preset (what `render` and the meeting pack use) comes first.
  if (state.doc.extraSections.is_object() && state.doc.extraSections.contains("export")) {
    try {
      state.snapshot.settings = withProjectPreset(state.snapshot.settings, exportPresetOf(state.doc));
    } catch (const std::exception& e) {
      showMessage(state, tr("snapshot.failed"), state.doc.projectPath + ": " + e.what());
    }
  }
  state.snapshot.open = true;
  state.snapshot.path = suggestedPath(state);
  state.snapshot.lastMessage.clear();
}

void releaseSnapshotPreview(DashboardState& state) {
  if (state.snapshot.previewTexture) glDeleteTextures(1, &state.snapshot.previewTexture);
  state.snapshot.previewTexture = 0;
}

void drawSnapshotDialog(DashboardState& state) {
  SnapshotUi& ui = state.snapshot;
  if (!ui.open) return;
  SnapshotSettings& s = ui.settings;
  const float em = ImGui::GetFontSize();
  ImGui::SetNextWindowSize(ImVec2(em * 44, em * 21), ImGuiCond_FirstUseEver);
  const ImVec2 centre(ImGui::GetIO().DisplaySize.x * 0.5f, ImGui::GetIO().DisplaySize.y * 0.5f);
  ImGui::SetNextWindowPos(centre, ImGuiCond_FirstUseEver, ImVec2(0.5f, 0.5f));
  if (!ImGui::Begin((std::string(tr("snapshot.title")) + "###snapshot").c_str(), &ui.open)) {
    ImGui::End();
    return;
  }
  const SnapshotSettings before = s;

  if (ImGui::BeginTable("snapshotlayout", 2, ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("settings", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("preview", ImGuiTableColumnFlags_WidthStretch, 1.1f);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();

    ImGui::TextUnformatted(tr("snapshot.format"));
    for (const auto& f : kFormats) {
      const bool available = formatAvailable(f.format);
      if (!available) ImGui::BeginDisabled();
      if (ImGui::RadioButton(tr(f.labelKey), s.format == f.format)) {
        s.format = f.format;
        ui.path = withFormatExtension(ui.path, s.format);
      }
      if (!available) {
        ImGui::EndDisabled();
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", tr("snapshot.format_unavailable"));
      }
    }

    ImGui::Spacing();
    ImGui::TextUnformatted(tr("snapshot.size"));
    const auto& presets = snapshotPresets();
    const std::string current = s.presetIndex >= 0 ? presetLabel(presets[s.presetIndex]) : tr("snapshot.custom");
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##size", current.c_str())) {
      for (size_t i = 0; i < presets.size(); ++i)
        if (ImGui::Selectable(presetLabel(presets[i]).c_str(), s.presetIndex == static_cast<int>(i)))
          s.presetIndex = static_cast<int>(i);
      if (ImGui::Selectable(tr("snapshot.custom"), s.presetIndex < 0)) {
        if (s.presetIndex >= 0) {
          const PixelSize size = presets[s.presetIndex].preset.size();
          s.custom.width = size.width;
          s.custom.height = size.height;
          s.custom.dpi = presets[s.presetIndex].preset.dpi;
        }
        s.presetIndex = -1;
      }
      ImGui::EndCombo();
    }
    if (s.presetIndex < 0) {
      ImGui::SetNextItemWidth(em * 7);
      ImGui::InputInt(tr("snapshot.width"), &s.custom.width, 0);
      ImGui::SetNextItemWidth(em * 7);
      ImGui::InputInt(tr("snapshot.height"), &s.custom.height, 0);
      s.custom.width = clampExportSide(s.custom.width);
      s.custom.height = clampExportSide(s.custom.height);
      ImGui::SetNextItemWidth(em * 7);
      double dpi = s.custom.dpi;
      if (ImGui::InputDouble(tr("snapshot.dpi"), &dpi, 0, 0, "%.0f") && dpi >= 10 && dpi <= 2400) s.custom.dpi = dpi;
      ImGui::TextDisabled(tr("snapshot.max_side"), kMaxExportSide);
    }
    const bool png = s.format == "png";
    if (!png) ImGui::BeginDisabled();
    ImGui::Checkbox(tr("snapshot.transparent"), &s.transparent);
    if (!png) ImGui::EndDisabled();

    ImGui::Spacing();
    ImGui::TextUnformatted(tr("snapshot.file"));
    char buffer[1024];
    std::snprintf(buffer, sizeof buffer, "%s", ui.path.c_str());
    ImGui::SetNextItemWidth(-1);
    if (ImGui::InputText("##path", buffer, sizeof buffer)) ui.path = buffer;

    ImGui::Spacing();
    const bool canExport = state.viewValid && state.doc.projection && !ui.path.empty();
    if (!canExport) ImGui::BeginDisabled();
    if (ImGui::Button(tr("snapshot.export"))) {
      const ExportPreset preset = s.effective();
      const std::string path = withFormatExtension(ui.path, preset.format);
      try {
        writeSnapshot(state, exportViewOf(state), path, preset.transparent);
        // The project keeps the preset: `render` and the meeting pack use the same size next time.
        storeExportPreset(state.doc, preset);
        s.lastPath = path;
        ui.path = path;
        char line[1200];
        std::snprintf(line, sizeof line, tr("snapshot.written"), path.c_str());
        ui.lastMessage = line;
      } catch (const std::exception& e) {
        ui.lastMessage.clear();
        showMessage(state, tr("snapshot.failed"), e.what());
      }
    }
    if (!canExport) ImGui::EndDisabled();
    if (!ui.lastMessage.empty()) ImGui::TextWrapped("%s", ui.lastMessage.c_str());

    ImGui::TableNextColumn();
    ImGui::TextUnformatted(tr("snapshot.preview"));
    const float maxW = ImGui::GetContentRegionAvail().x;
    const float maxH = em * 20;
    const float scale = ImGui::GetIO().DisplayFramebufferScale.x > 0 ? ImGui::GetIO().DisplayFramebufferScale.x : 1.0f;
    updatePreview(state, static_cast<int>(maxW * scale), static_cast<int>(maxH * scale));
    if (ui.previewTexture) {
      const ImVec2 size(ui.previewWidth / scale, ui.previewHeight / scale);
      const ImVec2 at = ImGui::GetCursorScreenPos();
      ImGui::GetWindowDrawList()->AddRect(ImVec2(at.x - 1, at.y - 1), ImVec2(at.x + size.x + 1, at.y + size.y + 1),
                                          ImGui::GetColorU32(ImGuiCol_Border));
      ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(ui.previewTexture)), size);
      const PixelSize full = s.effective().size();
      ImGui::TextDisabled(tr("snapshot.preview_note"), full.width, full.height);
    }
    ImGui::EndTable();
  }
  if (!(before == s)) rememberSnapshotSettings(state);
  ImGui::End();
  if (!ui.open) rememberSnapshotSettings(state);
}

void uploadImageTexture(unsigned& texture, const RgbaImage& image) {
  if (!texture) glGenTextures(1, &texture);
  glBindTexture(GL_TEXTURE_2D, texture);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, image.width, image.height, 0, GL_RGBA, GL_UNSIGNED_BYTE, image.pixels.data());
  glBindTexture(GL_TEXTURE_2D, 0);
}

}  // namespace pk
